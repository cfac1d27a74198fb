#pragma once
// Everything the fake server knows apart from its sockets: the keyspace, the clock, the sessions'
// shared tables and the counters. execute() runs one request as Redis's processCommand would.
// No Asio here: the command layer is tested without a network. Callers hold mutex(), a recursive
// mutex: while a script is busy, the server's thread serves the other clients from inside the
// script's command, and their handlers take it again.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "activity_log.hpp"
#include "admin_commands.hpp"
#include "fault_plan.hpp"
#include "kvmock/command_hook.hpp"
#include "kvmock/server.hpp"
#include "blocking_table.hpp"
#include "keyspace.hpp"
#include "pubsub_table.hpp"
#include "script_runner.hpp"
#include "server_config.hpp"
#include "session.hpp"
#include "tracking_table.hpp"
#include "watch_table.hpp"

namespace kvmock {

struct command_context;
struct command_spec;

class server_core {
 public:
  explicit server_core(server_options options);

  std::recursive_mutex& mutex() const { return mutex_; }
  // Notified, under mutex(), whenever a statistic changes: a connection opens, closes or is
  // refused, a command runs.
  std::condition_variable_any& stats_changed() const { return stats_changed_; }
  const server_options& options() const { return options_; }
  void set_port(std::uint16_t port) {
    port_ = port;
    config_.set_port(port);
  }
  std::uint16_t port() const { return port_; }

  // A connection just accepted on the main port: numbers it and decides its faults. A refusal
  // is counted here; otherwise open_session() follows.
  accept_decision accept_connection(std::uint64_t& connection);
  // Session lifetime, with the connection counters and records (none on the admin port).
  // gone: open connections whose client has already closed them, left out of the peak.
  void open_session(session& client, std::uint16_t peer_port = 0, std::size_t gone = 0);
  void close_session(session& client, closed_by who = closed_by::client);
  // Before a request runs: counts it, logs it if asked, and decides its faults.
  // Inline: it runs for every request, and with no fault and no command log it only counts.
  request_decision begin_request(session& client, std::span<const std::string_view> argv) {
    if (client.admin || argv.empty() || is_admin_command(argv[0])) return {};
    ++client.commands;
    if (!activity_.logs_commands() && faults_.empty() && !command_hook_) return {};
    return log_and_decide(client, argv);
  }

  // Faults. add_fault expects a fault that passed check_fault.
  std::uint64_t add_fault(fault f);
  bool remove_fault(std::uint64_t id);
  std::size_t clear_faults();
  const fault_plan& faults() const { return faults_; }
  void set_seed(std::uint64_t seed) { faults_.set_seed(seed); }
  // The main port's open sessions, by client id (CLIENT LIST, CLIENT KILL).
  const std::map<std::uint64_t, session*>& sessions() const { return sessions_; }
  // Called under mutex() to close another client's connection (CLIENT KILL): must only post.
  void on_kill(std::function<void(std::uint64_t client_id)> hook) { kill_hook_ = std::move(hook); }
  void kill(std::uint64_t client_id) {
    if (kill_hook_) kill_hook_(client_id);
  }
  // CLIENT PAUSE: until `until` (on now()'s clock), every command waits, or only writes. A
  // pause in force is only ever lengthened and widened, as in Redis.
  void pause(unix_ms until, bool writes_only);
  // CLIENT UNPAUSE: the paused connections resume at once (through the resume hook, called
  // under mutex(): it must only post).
  void unpause();
  void on_resume(std::function<void()> hook) { resume_hook_ = std::move(hook); }
  // Whether the command must wait for CLIENT PAUSE; `until` then says until when.
  bool paused_for(const session& client, std::span<const std::string_view> argv, unix_ms& until);
  // Called under mutex() whenever refuse:mode=unbound starts or stops holding.
  void on_refusal_change(std::function<void(bool refusing)> hook) { refusal_hook_ = std::move(hook); }
  // A test's hook on every request (kvmock/command_hook.hpp); its decision comes before the
  // fault plan's.
  void set_command_hook(command_hook hook) { command_hook_ = std::move(hook); }
  const activity_log& activity() const { return activity_; }

  // Runs one request and appends its reply (nothing for an empty request).
  void execute(session& client, std::span<const std::string_view> argv, std::string& out);
  // Leaves MULTI: drops the queue, the abort flag and every WATCH.
  void discard_transaction(session& client);
  // Runs a command that is already known to exist with a valid arity (EXEC's queue).
  void run(session& client, std::span<const std::string_view> argv, std::string& out);

  unix_ms now() const;
  // TIME's: microseconds since the epoch on the same clock as now().
  std::int64_t now_us() const;
  void fast_forward(std::chrono::milliseconds by) { offset_ms_ += by.count(); }
  void set_clock(server::clock_function clock);

  keyspace& data() { return data_; }
  pubsub_table& pubsub() { return pubsub_; }
  const pubsub_table& pubsub() const { return pubsub_; }
  // PUBLISH or SPUBLISH; the receivers' connections learn of it through take_woken().
  std::size_t publish(subscription_kind kind, std::string_view channel, std::string_view message) {
    return pubsub_.publish(kind, channel, message, woken_);
  }
  // redis.call's command, for a script running for some client: Redis's checks for scripts,
  // then the handler. Returns why the command was refused (Redis's message, as a script sees
  // it), or empty when it ran and `out` holds its reply.
  std::string_view run_from_script(session& script_client, std::span<const std::string_view> argv,
                                   std::string& out, bool read_only);
  script_runner& scripts() { return scripts_; }
  const script_runner& scripts() const { return scripts_; }
  // Called by a running script's count hook: once the script has run for busy-reply-threshold
  // (real time: it is how long the server has been stuck), the other clients are served through
  // the busy hook, from then on at every call, as Redis's processEventsWhileBlocked does. Returns
  // whether the script must end: killed, or the server stopping.
  bool interrupt_script() noexcept;
  // Set by the Asio side: runs the other connections' ready handlers, on the server's thread.
  // It must not throw: Lua's frames are below it.
  void on_script_busy(std::function<void()> hook) { busy_hook_ = std::move(hook); }
  // Whether a script is busy: only the allow-busy commands run, and nothing is served to the
  // blocked clients, invalidated or expired until it ends (its effects stay atomic).
  bool script_busy() const {
    const auto* running = scripts_.running();
    return running != nullptr && running->timed_out;
  }
  // server::stop(), from any thread: a script still running ends at its next hook, whatever it
  // wrote, as SHUTDOWN NOSAVE ends one. Cleared when the server listens again.
  void set_stopping(bool stopping) { stopping_ = stopping; }

  // Blocking commands. block(): the handler's client waits as `state` says, unless it already
  // waits (its command is being retried on a ready key and could not be served).
  void block(session& client, blocked_state state);
  // Serves the clients waiting on keys written since the last call, first blocked first, by
  // retrying their command on the ready key; replies go to session::pushes (see take_woken).
  void serve_blocked();
  // Answers the clients whose deadline is now or past as Redis does on a timeout.
  void expire_blocked();
  // CLIENT UNBLOCK: answers a waiting client as on a timeout, or with Redis's UNBLOCKED error.
  // False if the client does not wait.
  bool unblock(session& client, bool with_error);
  const blocking_table& blocking() const { return blocking_; }

  // The sessions given pushes since the last call (by client id): their connections, on the
  // server's thread, write them out.
  std::vector<std::uint64_t> take_woken() { return std::exchange(woken_, {}); }
  bool has_woken() const { return !woken_.empty(); }
  // Keyspace notifications: publishes `event` about `key` as notify-keyspace-events asks
  // (type: a keyspace_event class), on __keyspace@<db>__:<key> and __keyevent@<db>__:<event>.
  void notify(int db, int type, std::string_view event, std::string_view key);
  // Redis's active expiry: keys past their TTL go now (each with its "expired" event), unless
  // DEBUG SET-ACTIVE-EXPIRE 0 turned it off. After the clock moved, and periodically while
  // someone listens for expired events.
  void expire_due_keys();
  bool expired_events_wanted() const;
  // Client-side caching. start_tracking/stop_tracking after CLIENT TRACKING changed
  // client.tracking; flush_data empties one database (or all, db < 0) telling every tracking
  // client to drop its whole cache, as FLUSHALL and FLUSHDB do.
  void start_tracking(session& client);
  void stop_tracking(session& client);
  void flush_data(int db);
  watch_table& watches() { return watches_; }
  bool requires_password() const { return !config_.values().requirepass.empty(); }
  server_config& config() { return config_; }
  // After CONFIG SET: the parts of the server its parameters steer (how accesses are recorded).
  void apply_config();
  const server_config& config() const { return config_; }
  server_stats& stats() { return stats_; }
  // INFO's counters count from the last CONFIG RESETSTAT; stats() keeps counting from the start.
  const server_stats& info_baseline() const { return info_baseline_; }
  void reset_info_stats() { info_baseline_ = stats_; }
  // A number in [0, bound) for the commands that choose at random (SPOP, SRANDMEMBER,
  // HRANDFIELD, RANDOMKEY...): drawn from the seed, so the same workload makes the same choices.
  std::uint64_t random_below(std::uint64_t bound) {
    return std::uniform_int_distribution<std::uint64_t>(0, bound - 1)(random_);
  }
  std::string_view run_id() const { return run_id_; }
  unix_ms started_at() const { return started_at_; }

 private:
  // What waited for a busy script's end: the blocked clients' timeouts and active expiry.
  void catch_up_after_script();
  // After the waiting clients changed: the statistic, and those who wait for it.
  void count_blocked();
  // A waiting client's answer: it waits no more, the reply goes out after its pushes.
  void finish_blocked(session& client, std::string_view reply);
  // A key changed: tracking clients that read it, and BCAST prefixes it falls under.
  void invalidate(std::string_view key);
  // Sends one invalidation to a tracking client (or the client it redirects to): the keys, or
  // `keys_bytes` already encoded (a null for a flush).
  void send_invalidation(session& tracker, std::string_view keys_bytes);
  // After a command: its own client's invalidations (they follow its reply), then the BCAST
  // messages of the keys it changed.
  void deliver_invalidations(session& client, std::string& buffer);
  // One of them: straight after the reply for the command's own client (unless it redirects),
  // else through send_invalidation.
  void deliver_invalidation(session& tracker, const session& client, std::string_view keys_bytes, std::string& buffer);
  // After a read-only command by a tracking client: the keys it read, unless OPTIN/OPTOUT say
  // otherwise.
  void remember_reads(session& client, const command_spec& spec, std::span<const std::string_view> argv);
  // execute() but for CLIENT REPLY and the clients it serves.
  void dispatch(session& client, std::span<const std::string_view> argv, std::string& buffer);
  // Runs the handler and puts the client's pending pushes before its reply.
  void handle(const command_spec& spec, command_context& context);
  request_decision log_and_decide(const session& client, std::span<const std::string_view> argv);

  server_options options_;
  mutable std::recursive_mutex mutex_;
  mutable std::condition_variable_any stats_changed_;
  std::uint16_t port_ = 0;
  server::clock_function clock_;
  std::atomic<std::int64_t> offset_ms_{0};
  server_config config_;
  keyspace data_;
  watch_table watches_;
  tracking_table tracking_;
  session* current_ = nullptr;  // the client whose request execute() runs
  std::vector<std::string> own_invalidations_;  // current_'s, sent after its reply
  bool flushing_ = false;  // flush_data() tells tracking clients once, not key by key
  pubsub_table pubsub_;
  blocking_table blocking_;
  script_runner scripts_;
  std::vector<std::uint64_t> woken_;
  server_stats stats_;
  server_stats info_baseline_;
  std::uint64_t next_client_id_ = 1;
  std::uint64_t next_connection_ = 1;
  fault_plan faults_;
  activity_log activity_;
  std::mt19937_64 random_;
  std::function<void(bool)> refusal_hook_;
  command_hook command_hook_;
  std::function<void(std::uint64_t)> kill_hook_;
  std::function<void()> resume_hook_;
  std::function<void()> busy_hook_;
  std::atomic<bool> stopping_{false};
  bool blocked_expiry_waits_ = false;  // expire_blocked was asked while a script was busy
  bool key_expiry_waits_ = false;      // expire_due_keys likewise
  std::map<std::uint64_t, session*> sessions_;
  unix_ms paused_until_ = 0;
  bool pause_writes_only_ = false;
  std::string run_id_;
  unix_ms started_at_;
};

}  // namespace kvmock

#pragma once
// kvmock::server: an in-process fake key-value server that speaks RESP like Redis 7.0.
//
// Thread model. All connections are served by one thread: either a thread the server owns (the
// first constructor), or whichever thread runs the io_context you pass (the second; for
// single-threaded, deterministic tests, run that context yourself). The keyspace and the counters
// sit behind one mutex, so the helpers below (get, set, stats, fast_forward...) may be called from
// any thread, in either mode. stop() and restart() wait for the server's thread in the first mode;
// in the second they act at once and must be called from the thread running the context, or while
// it is not running.
//
// A script runs atomically: the helpers called from other threads wait until it ends. Once it
// has run past busy-reply-threshold (5 s unless configured), the server's thread serves the
// other clients from inside it, as Redis does: BUSY to all but SCRIPT KILL, FUNCTION KILL and
// the other allow-busy commands. It does so by running the context's ready handlers (your own
// too, in the second mode). stop() ends a busy script, even one that wrote, as SHUTDOWN NOSAVE.
//
// Asio stays out of this header: only io_context is named, by a forward declaration.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kvmock/command_hook.hpp"
#include "kvmock/fault.hpp"

namespace boost::asio {
class io_context;
}

namespace kvmock {

struct server_options {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 0;  // 0 picks a free ephemeral port
  // Empty: no password, as Redis's default user. Otherwise clients must AUTH first.
  std::string requirepass = {};
  // Configuration parameters set at startup, as redis-server --name value takes them (CONFIG GET
  // shows them, CONFIG SET changes them later): {"enable-debug-command", "yes"},
  // {"hash-max-listpack-entries", "16"}... An unknown name or a bad value throws
  // std::invalid_argument.
  std::vector<std::pair<std::string, std::string>> config = {};
  // Drives every random choice (run_id, fault decisions): same seed, same behaviour.
  std::uint64_t seed = 0;
  // Replies a client has not read yet, per connection; beyond this the connection is closed.
  std::size_t max_pending_output = 64 * 1024 * 1024;
  // Stop reading a connection's requests while this much output waits (back-pressure).
  std::size_t pause_reading_output = 1024 * 1024;
  // A second port that serves every command and that faults never touch, so a test can always
  // reach KVMOCK.FAULT; its connections count in no statistic. nullopt: none; 0: a free port.
  std::optional<std::uint16_t> admin_port = std::nullopt;
  // Faults in place from the start, before the first connection (see add_fault).
  std::vector<fault> faults = {};
  // Bounded logs: the newest entries are kept. A command log of 0 entries is off.
  std::size_t fault_log_limit = 10000;
  std::size_t connection_record_limit = 10000;
  std::size_t command_log_limit = 0;
};

struct server_endpoint {
  std::string address;
  std::uint16_t port = 0;
};

// Counts of main-port connections (the admin port's are not counted).
struct server_stats {
  std::size_t open_connections = 0;
  // Most open at once since start or reset_peak(), as the clients see them: when a connection
  // is accepted, those whose client already closed them (the server has not read the FIN yet)
  // do not count.
  std::size_t peak_connections = 0;
  std::uint64_t accepted_connections = 0;  // became sessions
  // Accepted at the TCP level, then turned away by a fault (refuse mode=close|reset,
  // max_clients). refuse mode=unbound refuses in the kernel, so it is not counted.
  std::uint64_t refused_connections = 0;
  std::uint64_t closed_connections = 0;  // = closed_by_client + closed_by_server + closed_by_fault
  std::uint64_t closed_by_client = 0;    // end of stream, an error reading or writing, or QUIT
  std::uint64_t closed_by_server = 0;    // protocol error, output cap, stop()
  std::uint64_t closed_by_fault = 0;
  std::uint64_t commands_processed = 0;
  // Clients waiting in a blocking command (BLPOP, BZPOPMIN, WAIT...) now, as INFO's
  // blocked_clients: wait_for() sees a client block or be answered.
  std::size_t blocked_clients = 0;
};

enum class closed_by { still_open, client, server, fault };

// One main-port connection, from accept to close.
struct connection_record {
  std::uint64_t connection = 0;  // from 1, in accept order: what a fault's conn= names
  std::uint16_t peer_port = 0;
  std::chrono::system_clock::time_point opened_at;  // on the server's clock
  std::optional<std::chrono::system_clock::time_point> closed_at;
  std::uint64_t commands = 0;  // admin commands not included; counted when it closes
  kvmock::closed_by closed_by = kvmock::closed_by::still_open;
};

// One command as the server received it (server_options::command_log_limit > 0).
struct command_record {
  std::uint64_t connection = 0;
  std::uint64_t command_index = 0;  // from 1 on that connection, as faults count them
  std::string name;                 // lower case
  std::chrono::system_clock::time_point at;
};

class server {
 public:
  using clock_function = std::function<std::chrono::system_clock::time_point()>;

  // Listens at once and serves on a thread of its own. Throws std::invalid_argument for bad
  // options, boost::system::system_error if the address cannot be bound.
  explicit server(server_options options = {});
  // Listens at once; serves from the given context, which the caller runs and which must
  // outlive the server.
  server(boost::asio::io_context& context, server_options options = {});
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  std::uint16_t port() const;
  server_endpoint endpoint() const;
  const server_options& options() const;

  // Closes the listener and every connection; the data stays.
  void stop();
  // Listens again on the same address and port, with the data kept; throws
  // boost::system::system_error (and stays stopped) if the port was taken meanwhile.
  void restart();
  bool running() const;

  // Time. TTLs are absolute times on this clock, which defaults to the system clock.
  std::chrono::system_clock::time_point now() const;
  void fast_forward(std::chrono::milliseconds by);
  void set_clock(clock_function clock);

  // Direct access to the keyspace, as a test would arrange or inspect it. A database index
  // outside 0..15 throws std::out_of_range.
  // The key's string value; nullopt if it is missing or holds a list or a hash.
  std::optional<std::string> get(std::string_view key, int db = 0) const;
  void set(std::string_view key, std::string_view value, int db = 0);
  // Remaining time to live; nullopt if the key is missing or has no TTL.
  std::optional<std::chrono::milliseconds> ttl(std::string_view key, int db = 0) const;
  void set_ttl(std::string_view key, std::chrono::milliseconds ttl, int db = 0);
  bool del(std::string_view key, int db = 0);
  std::vector<std::string> keys(int db = 0) const;  // sorted
  std::size_t db_size(int db = 0) const;
  void flush_all();
  // "string", "list", "hash", "set", "zset"; nullopt if the key is missing.
  std::optional<std::string> type(std::string_view key, int db = 0) const;

  // Typed access to collections, as a test arranges and inspects them. A key that holds another
  // type throws std::invalid_argument (naming the key and its type); a missing key reads as
  // empty; a collection left empty is removed, as a command would remove it.
  // Lists: head first.
  std::vector<std::string> list(std::string_view key, int db = 0) const;
  void rpush(std::string_view key, const std::vector<std::string>& elements, int db = 0);
  void lpush(std::string_view key, const std::vector<std::string>& elements, int db = 0);
  std::optional<std::string> lpop(std::string_view key, int db = 0);
  std::optional<std::string> rpop(std::string_view key, int db = 0);
  // Hashes: fields in the order HGETALL lists them.
  std::vector<std::pair<std::string, std::string>> hash(std::string_view key, int db = 0) const;
  void hset(std::string_view key, std::string_view field, std::string_view value, int db = 0);
  std::optional<std::string> hget(std::string_view key, std::string_view field, int db = 0) const;
  bool hdel(std::string_view key, std::string_view field, int db = 0);
  // Sets: members sorted.
  std::vector<std::string> members(std::string_view key, int db = 0) const;
  void sadd(std::string_view key, const std::vector<std::string>& members, int db = 0);
  bool is_member(std::string_view key, std::string_view member, int db = 0) const;
  bool srem(std::string_view key, std::string_view member, int db = 0);
  // Sorted sets: (member, score), lowest score first.
  std::vector<std::pair<std::string, double>> sorted_set(std::string_view key, int db = 0) const;
  void zadd(std::string_view key, double score, std::string_view member, int db = 0);
  std::optional<double> zscore(std::string_view key, std::string_view member, int db = 0) const;
  bool zrem(std::string_view key, std::string_view member, int db = 0);
  // HyperLogLogs, in Redis's layout (GET and DUMP give redis-server's bytes): whether a register
  // changed, and the estimated count. A string that is not an HLL throws std::invalid_argument.
  bool pfadd(std::string_view key, const std::vector<std::string>& elements, int db = 0);
  long long pfcount(std::string_view key, int db = 0) const;
  // Geo sets: sorted sets whose scores are geohashes, as GEOADD stores them. A position outside
  // longitudes -180..180 and latitudes -85.05112878..85.05112878 throws std::invalid_argument.
  void geoadd(std::string_view key, double longitude, double latitude, std::string_view member, int db = 0);
  // (longitude, latitude) of the member's cell centre, as GEOPOS reports it.
  std::optional<std::pair<double, double>> geopos(std::string_view key, std::string_view member,
                                                  int db = 0) const;

  // Configuration, as CONFIG GET and CONFIG SET see it (an encoding threshold set here changes
  // how new data is encoded, as in Redis). A name CONFIG GET does not know reads as nullopt; a
  // value CONFIG SET refuses throws std::invalid_argument with Redis's message.
  std::optional<std::string> config_get(std::string_view name) const;
  void config_set(std::string_view name, std::string_view value);

  // Pub/sub, as a test drives it. publish() is PUBLISH from the test: it returns the clients
  // that receive the message (channel subscribers, then matching patterns), which get it on
  // the server's thread in order with their other output.
  std::size_t publish(std::string_view channel, std::string_view message);
  // Who listens: the client ids (as CLIENT ID gives them) subscribed to the channel, in the
  // order they subscribed; pattern subscriptions are not included, as PUBSUB NUMSUB counts.
  std::vector<std::uint64_t> subscribers(std::string_view channel) const;
  // Channels with at least one subscriber that match the glob pattern, sorted (PUBSUB CHANNELS).
  std::vector<std::string> channels(std::string_view pattern = "*") const;

  server_stats stats() const;
  void reset_peak();
  // Blocks until predicate(stats()) holds, re-checking whenever a statistic changes (a
  // connection opens, closes or is refused, a command runs); false if it still does not hold after timeout. Waiting makes no progress by
  // itself: with a context of your own, call it from another thread than the one running the
  // context (from that thread it could only return false after the timeout), or poll stats()
  // between your own context.run_one() calls instead.
  bool wait_for(const std::function<bool(const server_stats&)>& predicate,
                std::chrono::milliseconds timeout) const;
  // Oldest first, bounded by server_options' limits.
  std::vector<connection_record> connection_records() const;
  std::vector<command_record> command_log() const;

  // Faults (see kvmock/fault.hpp). add_fault throws boost::system::system_error for a malformed
  // spec or an invalid fault, and then changes nothing. Faults apply in the order added; see the
  // README's "Fault injection". With your own context, a refuse:mode=unbound takes effect when
  // the context next runs; with the server's own thread, before add_fault returns.
  std::uint64_t add_fault(std::string_view spec);
  std::uint64_t add_fault(const fault& f);
  bool remove_fault(std::uint64_t id);
  void clear_faults();
  std::vector<fault_entry> faults() const;
  std::vector<fault_event> fault_log() const;  // oldest first
  // Injections since the server started, by kind: unlike fault_log(), never rotated.
  std::map<fault_kind, std::uint64_t> injected_faults() const;
  // A hook on every command (kvmock/command_hook.hpp); nullptr removes it.
  void set_command_hook(command_hook hook);
  std::uint64_t seed() const;
  void set_seed(std::uint64_t seed);  // for fault decisions from now on
  // The admin port (server_options::admin_port), 0 if there is none.
  std::uint16_t admin_port() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace kvmock

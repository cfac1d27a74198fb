#include "server_core.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <random>

#include "admin_commands.hpp"
#include "command_table.hpp"
#include "errors.hpp"
#include "reply_writer.hpp"
#include "text.hpp"

namespace kvmock {
namespace {

// Redis's run_id is 40 random hex characters; ours comes from the seed, so runs repeat.
std::string make_run_id(std::uint64_t seed) {
  std::mt19937_64 random(seed);
  constexpr char hex[] = "0123456789abcdef";
  std::string id(40, '0');
  for (auto& c : id) c = hex[random() % 16];
  return id;
}

unix_ms to_unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// An error that also spoils an open transaction, as Redis's rejectCommand does.
void reject(session& client, std::string_view message, reply_writer& out) {
  out.error(message);
  if (client.in_multi) client.multi_aborted = true;
}

void reject_unknown_command(session& client, std::span<const std::string_view> argv,
                            reply_writer& out) {
  constexpr std::size_t quote_limit = 128;
  std::string args;
  for (std::size_t i = 1; i < argv.size() && args.size() < quote_limit; ++i) {
    const auto room = quote_limit - args.size();
    args += '\'';
    args += argv[i].substr(0, room);
    args += "' ";
  }
  reject(client, errors::unknown_command(argv[0].substr(0, quote_limit), args), out);
}

void reject_unknown_subcommand(session& client, std::span<const std::string_view> argv,
                               reply_writer& out) {
  reject(client, errors::unknown_subcommand(argv[1].substr(0, 128), argv[0]), out);
}

bool arity_ok(const command_spec& spec, std::size_t argc) {
  const auto count = static_cast<int>(argc);
  return spec.arity >= 0 ? count == spec.arity : count >= -spec.arity;
}

const command_spec* resolve(std::span<const std::string_view> argv) {
  const command_spec* spec = find_command(argv[0]);
  if (spec != nullptr && !spec->subcommands.empty() && argv.size() >= 2) {
    return find_subcommand(*spec, argv[1]);
  }
  return spec;
}

server_config::startup startup_config(const server_options& options) {
  std::error_code ignored;
  return {.bind_address = options.bind_address,
          .port = options.port,
          .requirepass = options.requirepass,
          .dir = std::filesystem::current_path(ignored).string(),
          .overrides = options.config};
}

}  // namespace

server_core::server_core(server_options options)
    : options_(std::move(options)),
      clock_([] { return std::chrono::system_clock::now(); }),
      config_(startup_config(options_)),
      data_([this](int db, std::string_view key, keyspace::change how) {
        const bool exists = how == keyspace::change::created || how == keyspace::change::written;
        watches_.key_modified(db, key, exists);
        blocking_.key_written(db, key);
        if (!flushing_) invalidate(key);
        if (how == keyspace::change::created) notify(db, keyspace_event::new_key, "new", key);
        if (how == keyspace::change::expired) notify(db, keyspace_event::expired, "expired", key);
      }),
      faults_(options_.seed, options_.fault_log_limit),
      activity_(options_.connection_record_limit, options_.command_log_limit),
      random_(options_.seed),
      run_id_(make_run_id(options_.seed)),
      started_at_(to_unix_ms(std::chrono::system_clock::now())) {
  for (const auto& f : options_.faults) faults_.add(f, now());
  apply_config();
}

void server_core::apply_config() {
  const auto& values = config_.values();
  data_.set_access_policy({.lfu = values.lfu_policy,
                           .lfu_log_factor = values.lfu_log_factor,
                           .lfu_decay_minutes = values.lfu_decay_time,
                           .random = [this] { return std::uniform_real_distribution<double>(0, 1)(random_); }});
}

unix_ms server_core::now() const { return to_unix_ms(clock_()) + offset_ms_.load(); }

std::int64_t server_core::now_us() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(clock_().time_since_epoch()).count() +
         offset_ms_.load() * 1000;
}

void server_core::set_clock(server::clock_function clock) { clock_ = std::move(clock); }

accept_decision server_core::accept_connection(std::uint64_t& connection) {
  connection = next_connection_++;
  if (faults_.empty()) return {};
  const auto decision = faults_.on_accept(connection, stats_.open_connections, now());
  using action = accept_decision::action;
  if (decision.what == action::refuse_close || decision.what == action::refuse_reset ||
      decision.what == action::max_clients) {
    ++stats_.refused_connections;
    stats_changed_.notify_all();
  }
  return decision;
}

void server_core::open_session(session& client, std::uint16_t peer_port, std::size_t gone) {
  client.id = next_client_id_++;
  client.authenticated = !requires_password();
  client.opened_at = client.last_command_at = now();
  if (client.admin) return;
  sessions_.emplace(client.id, &client);
  ++stats_.open_connections;
  ++stats_.accepted_connections;
  stats_.peak_connections = std::max(stats_.peak_connections, stats_.open_connections - gone);
  activity_.opened(client.connection, peer_port, now());
  stats_changed_.notify_all();
}

void server_core::close_session(session& client, closed_by who) {
  watches_.unwatch_all(client);
  pubsub_.unsubscribe_all(client);
  blocking_.remove(client);
  tracking_.unfollow(client.id);
  if (current_ == &client) current_ = nullptr;
  count_blocked();
  if (client.admin) return;
  sessions_.erase(client.id);
  --stats_.open_connections;
  ++stats_.closed_connections;
  ++(who == closed_by::fault    ? stats_.closed_by_fault
     : who == closed_by::server ? stats_.closed_by_server
                                : stats_.closed_by_client);
  activity_.closed(client.connection, client.commands, who, now());
  stats_changed_.notify_all();
}

void server_core::pause(unix_ms until, bool writes_only) {
  if (paused_until_ <= now()) {
    paused_until_ = until;
    pause_writes_only_ = writes_only;
    return;
  }
  paused_until_ = std::max(paused_until_, until);
  pause_writes_only_ = pause_writes_only_ && writes_only;
}

void server_core::unpause() {
  paused_until_ = 0;
  if (resume_hook_) resume_hook_();
}

bool server_core::paused_for(const session& client, std::span<const std::string_view> argv,
                        unix_ms& until) {
  if (paused_until_ == 0 || client.admin || argv.empty()) return false;
  const unix_ms time = now();
  if (time >= paused_until_) {
    paused_until_ = 0;
    return false;
  }
  if (pause_writes_only_) {
    const command_spec* spec = resolve(argv);
    if (spec == nullptr || (spec->flags & command_flag::write) == 0) return false;
  }
  until = paused_until_;
  return true;
}

request_decision server_core::log_and_decide(const session& client, std::span<const std::string_view> argv) {
  const std::string_view command = argv[0];
  if (activity_.logs_commands()) activity_.command(client.connection, client.commands, command, now());
  if (command_hook_) {
    hook_action action;
    try {
      action = command_hook_(command_call{{argv.begin(), argv.end()}, client.connection, client.commands});
    } catch (const std::exception& e) {
      // A test's hook that throws fails that command, not the server (nor the test binary).
      std::string message = std::string(e.what()).substr(0, 200);
      std::replace_if(message.begin(), message.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
      return request_decision::canned("-ERR kvmock command hook threw: " + message + "\r\n");
    }
    switch (action.what()) {
      case hook_action::kind::run: break;
      case hook_action::kind::reply: return request_decision::canned(action.resp());
      case hook_action::kind::fault:
        return faults_.once(action.injected(), client.connection, client.commands, now());
    }
  }
  if (faults_.empty()) return {};
  return faults_.on_request(client.connection, client.commands, command, now());
}

std::uint64_t server_core::add_fault(fault f) {
  const bool was_refusing = faults_.refusing_unbound();
  const auto id = faults_.add(std::move(f), now());
  if (!was_refusing && faults_.refusing_unbound() && refusal_hook_) refusal_hook_(true);
  return id;
}

bool server_core::remove_fault(std::uint64_t id) {
  const bool was_refusing = faults_.refusing_unbound();
  const bool removed = faults_.remove(id);
  if (was_refusing && !faults_.refusing_unbound() && refusal_hook_) refusal_hook_(false);
  return removed;
}

std::size_t server_core::clear_faults() {
  const bool was_refusing = faults_.refusing_unbound();
  const auto removed = faults_.clear();
  if (was_refusing && refusal_hook_) refusal_hook_(false);
  return removed;
}

void server_core::execute(session& client, std::span<const std::string_view> argv,
                          std::string& buffer) {
  if (argv.empty()) return;
  // While a script is busy, this is another client's command, run from inside the script's: the
  // script's client stays the current one, and what the script wrote is served, invalidated
  // and delivered when it ends, as one command.
  const bool inside_busy_script = script_busy();
  session* const outer = std::exchange(current_, &client);
  if (!client.replies_off && !client.skip_this_reply) {
    dispatch(client, argv, buffer);
  } else {
    // CLIENT REPLY OFF or SKIP: what was published to the client before still goes out; the
    // command's reply only if the command turned replies back on (CLIENT REPLY ON).
    buffer += client.pushes;
    client.pushes.clear();
    std::string unsent;
    dispatch(client, argv, unsent);
    if (!client.replies_off && !client.skip_this_reply) buffer += unsent;
  }
  // As Redis's commandProcessed: a SKIP covers the next command only.
  client.skip_this_reply = client.skip_next_reply;
  client.skip_next_reply = false;
  // CLIENT CACHING covers the next command, or the next transaction.
  if (!client.in_multi && !equals_ignore_case(argv[0], "client")) client.tracking.caching = false;
  serve_blocked();  // what the command (or EXEC's queue) wrote may serve waiting clients
  if (!inside_busy_script) {
    catch_up_after_script();
    deliver_invalidations(client, buffer);
  }
  current_ = outer;
}

void server_core::notify(int db, int type, std::string_view event, std::string_view key) {
  const int flags = config_.values().keyspace_events;
  if ((flags & type) == 0) return;
  const std::string at = "@" + std::to_string(db) + "__:";
  if ((flags & keyspace_event::keyspace) != 0) publish(subscription_kind::channel, "__keyspace" + at + std::string(key), event);
  if ((flags & keyspace_event::keyevent) != 0) publish(subscription_kind::channel, "__keyevent" + at + std::string(event), key);
}

void server_core::expire_due_keys() {
  if (script_busy()) {
    key_expiry_waits_ = true;
    return;
  }
  if (data_.active_expiry()) data_.expire_due(now());
}

void server_core::catch_up_after_script() {
  if (blocked_expiry_waits_) {
    blocked_expiry_waits_ = false;
    expire_blocked();
  }
  if (key_expiry_waits_) {
    key_expiry_waits_ = false;
    expire_due_keys();
  }
}

bool server_core::interrupt_script() noexcept {
  auto* running = scripts_.running();
  if (running == nullptr) return false;
  if (stopping_ || running->killed) return true;
  if (!running->timed_out) {
    const long long threshold = config_.values().busy_reply_threshold;
    const auto ran = std::chrono::steady_clock::now() - running->started;
    if (threshold == 0 || std::chrono::duration_cast<std::chrono::milliseconds>(ran).count() < threshold) {
      return false;
    }
    running->timed_out = true;
  }
  // The other clients' commands run with no current client: what they change is not the
  // script's client's doing.
  session* const script_client = std::exchange(current_, nullptr);
  if (busy_hook_) busy_hook_();
  current_ = script_client;
  return stopping_ || running->killed;
}

bool server_core::expired_events_wanted() const {
  const int flags = config_.values().keyspace_events;
  return (flags & keyspace_event::expired) != 0 && (flags & (keyspace_event::keyspace | keyspace_event::keyevent)) != 0;
}

void server_core::start_tracking(session& client) {
  tracking_.unfollow(client.id);
  if (client.tracking.bcast) tracking_.follow(client.id, client.tracking.prefixes);
}

void server_core::stop_tracking(session& client) {
  tracking_.unfollow(client.id);
  client.tracking = {};
}

void server_core::flush_data(int db) {
  for (auto& [id, other] : sessions_) {
    if (!other->tracking.on) continue;
    const std::string null = other->protocol == 3 ? "_\r\n" : "$-1\r\n";
    if (other == current_) {
      own_invalidations_.push_back(null);
    } else {
      send_invalidation(*other, null);
    }
  }
  tracking_.forget_all_keys();
  flushing_ = true;
  if (db < 0) {
    data_.flush_all();
  } else {
    data_.flush(db);
  }
  flushing_ = false;
}

void server_core::invalidate(std::string_view key) {
  const std::uint64_t by = current_ == nullptr ? 0 : current_->id;
  tracking_.key_changed_for_prefixes(key, by);
  for (const std::uint64_t id : tracking_.take_readers(key)) {
    const auto found = sessions_.find(id);
    if (found == sessions_.end()) continue;
    session& reader = *found->second;
    if (!reader.tracking.on || reader.tracking.bcast) continue;
    std::string keys;
    reply_writer(keys, reader.protocol).array(1);
    reply_writer(keys, reader.protocol).bulk(key);
    if (&reader == current_) {
      if (!reader.tracking.noloop) own_invalidations_.push_back(std::move(keys));
    } else {
      send_invalidation(reader, keys);
    }
  }
}

namespace {

// Redis's sendTrackingMessage: RESP3 pushes; over RESP2 only to a redirect target in pub/sub
// mode, as a message on __redis__:invalidate. Empty when nothing can be sent.
std::string invalidation_message(const session& target, bool redirected, std::string_view keys_bytes) {
  if (target.protocol == 3) return ">2\r\n$10\r\ninvalidate\r\n" + std::string(keys_bytes);
  if (redirected && target.subscribed()) {
    return "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n" + std::string(keys_bytes);
  }
  return {};
}

}  // namespace

void server_core::send_invalidation(session& tracker, std::string_view keys_bytes) {
  session* target = &tracker;
  if (tracker.tracking.redirect != 0) {
    const auto found = sessions_.find(tracker.tracking.redirect);
    if (found == sessions_.end()) {
      // The tracking client learns that its invalidations have nowhere to go.
      tracker.tracking.broken_redirect = true;
      if (tracker.protocol != 3) return;
      target = &tracker;
      keys_bytes = {};
      std::string broken = ">2\r\n$21\r\ntracking-redir-broken\r\n:" + std::to_string(tracker.tracking.redirect) + "\r\n";
      if (target->pushes.empty()) woken_.push_back(target->id);
      target->pushes += broken;
      return;
    }
    target = found->second;
  }
  const std::string message = invalidation_message(*target, target != &tracker, keys_bytes);
  if (message.empty()) return;
  if (target->pushes.empty()) woken_.push_back(target->id);
  target->pushes += message;
}

void server_core::deliver_invalidations(session& client, std::string& buffer) {
  for (const std::string& keys : std::exchange(own_invalidations_, {})) {
    deliver_invalidation(client, client, keys, buffer);
  }
  if (!tracking_.broadcasts_pending()) return;
  for (const auto& message : tracking_.take_broadcasts()) {
    const auto found = sessions_.find(message.client);
    if (found == sessions_.end()) continue;
    session& follower = *found->second;
    std::string keys;
    reply_writer out(keys, follower.protocol);
    std::size_t count = 0;
    for (const auto& [key, by] : message.keys) count += follower.tracking.noloop && by == follower.id ? 0 : 1;
    if (count == 0) continue;
    out.array(count);
    for (const auto& [key, by] : message.keys) {
      if (!(follower.tracking.noloop && by == follower.id)) out.bulk(key);
    }
    deliver_invalidation(follower, client, keys, buffer);
  }
}

void server_core::deliver_invalidation(session& tracker, const session& client, std::string_view keys_bytes,
                                       std::string& buffer) {
  if (&tracker == &client && tracker.tracking.redirect == 0) {
    buffer += invalidation_message(tracker, false, keys_bytes);
  } else {
    send_invalidation(tracker, keys_bytes);
  }
}

void server_core::remember_reads(session& client, const command_spec& spec, std::span<const std::string_view> argv) {
  const client_tracking& t = client.tracking;
  if (t.bcast || (t.optin && !t.caching) || (t.optout && t.caching)) return;
  if (spec.keys.first <= 0) return;
  const int count = static_cast<int>(argv.size());
  const int last = spec.keys.last < 0 ? count + spec.keys.last : spec.keys.last;
  for (int i = spec.keys.first; i <= last && i < count; i += std::max(spec.keys.step, 1)) {
    tracking_.remember(client.id, argv[static_cast<std::size_t>(i)]);
  }
}

void server_core::dispatch(session& client, std::span<const std::string_view> argv, std::string& buffer) {
  reply_writer out(buffer, client.protocol);
  ++stats_.commands_processed;
  stats_changed_.notify_all();
  const command_spec* spec = resolve(argv);
  if (spec == nullptr && is_admin_command(argv[0])) {
    // Outside Redis's table (COMMAND does not list them) and never queued by MULTI.
    if (client.authenticated) {
      run_admin_command(*this, argv, out);
    } else {
      out.error(errors::no_auth);
    }
    return;
  }
  if (spec == nullptr) {
    if (argv.size() >= 2 && find_command(argv[0]) != nullptr) {
      reject_unknown_subcommand(client, argv, out);
    } else {
      reject_unknown_command(client, argv, out);
    }
    return;
  }
  // Redis answers a rejected EXEC with EXECABORT and drops the transaction (execCommandAbort).
  const auto refuse = [&](std::string_view message) {
    if (spec->full_name != "exec") {
      reject(client, message, out);
      return;
    }
    discard_transaction(client);
    out.error(errors::exec_abort_because(message));
  };
  if (!arity_ok(*spec, argv.size()) || spec->handler == nullptr) {
    refuse(errors::arity(spec->full_name));
    return;
  }
  if (!client.authenticated && (spec->flags & command_flag::no_auth) == 0) {
    refuse(errors::no_auth);
    return;
  }
  if ((spec->flags & command_flag::debug_only) != 0 && !config_.values().debug_command_enabled) {
    refuse(errors::debug_not_allowed);
    return;
  }
  if (client.subscribed() && client.protocol == 2 && (spec->flags & command_flag::subscribed_ok) == 0) {
    refuse(errors::not_in_subscribed_mode(spec->full_name));
    return;
  }
  if (script_busy() && (spec->flags & command_flag::allow_busy) == 0) {
    refuse(scripts_.running()->eval ? errors::busy_script : errors::busy_function);
    return;
  }
  if (client.in_multi && (spec->flags & command_flag::not_queued) == 0) {
    client.queued.emplace_back(argv.begin(), argv.end());
    out.status("QUEUED");
    return;
  }
  command_context context{*this, client, argv, out, now()};
  client.last_command = spec->full_name;
  client.last_command_at = context.now;
  handle(*spec, context);
}

std::string_view server_core::run_from_script(session& script_client, std::span<const std::string_view> argv,
                                              std::string& out, bool read_only) {
  const command_spec* spec = resolve(argv);
  if (spec == nullptr) return "Unknown Redis command called from script";
  if (!arity_ok(*spec, argv.size()) || spec->handler == nullptr) {
    return "Wrong number of args calling Redis command from script";
  }
  if ((spec->flags & command_flag::no_script) != 0) return "This Redis command is not allowed from script";
  if (read_only && (spec->flags & command_flag::write) != 0) {
    return "Write commands are not allowed from read-only scripts.";
  }
  // From here on SCRIPT KILL cannot undo it: the script is UNKILLABLE, as in Redis.
  if ((spec->flags & command_flag::write) != 0) scripts_.running()->wrote = true;
  ++stats_.commands_processed;
  command_context context{*this, script_client, argv, reply_writer(out, script_client.protocol), now()};
  handle(*spec, context);
  return {};
}

void server_core::block(session& client, blocked_state state) {
  if (client.blocked) return;
  client.blocked = std::move(state);
  blocking_.add(client);
  count_blocked();
}

void server_core::count_blocked() {
  stats_.blocked_clients = blocking_.size();
  stats_changed_.notify_all();
}

void server_core::finish_blocked(session& client, std::string_view reply) {
  blocking_.remove(client);
  count_blocked();
  if (client.pushes.empty()) woken_.push_back(client.id);
  client.pushes += reply;
}

void server_core::serve_blocked() {
  if (script_busy()) return;  // the script's client runs it when the script ends
  while (const auto ready = blocking_.next_ready()) {
    const auto& [db, key] = *ready;
    for (session* waiter : blocking_.waiters(db, key)) {
      if (!waiter->blocked) continue;
      const blocked_state& state = *waiter->blocked;
      const entry* found = data_.peek(db, key, now());
      if (found == nullptr || found->type() != state.waits_for) {
        // Redis 7.0 tells XREADGROUP its stream is gone; the others wait on.
        if (state.gone_key_unblocks) {
          std::string reply;
          reply_writer(reply, waiter->protocol).error(errors::xreadgroup_key_gone);
          finish_blocked(*waiter, reply);
        }
        continue;
      }
      // The command again, on this key alone: what it answers now is what serves the client.
      std::vector<std::string> retry = state.before;
      retry.push_back(key);
      retry.insert(retry.end(), state.after.begin(), state.after.end());
      if (!state.key_arguments.empty()) {
        const auto at = std::find(state.keys.begin(), state.keys.end(), key) - state.keys.begin();
        retry.push_back(state.key_arguments[static_cast<std::size_t>(at)]);
      }
      const std::vector<std::string_view> argv(retry.begin(), retry.end());
      std::string reply;
      command_context context{*this, *waiter, argv, reply_writer(reply, waiter->protocol), now()};
      // The handler alone: what was pushed to the waiter meanwhile stays in its pushes, so an
      // empty reply (nothing to serve yet: it waits on) is not mistaken for an answer.
      resolve(argv)->handler(context);
      if (!reply.empty()) finish_blocked(*waiter, reply);
    }
  }
}

void server_core::expire_blocked() {
  if (script_busy()) {  // as Redis, whose timers wait for the script's end
    blocked_expiry_waits_ = true;
    return;
  }
  for (session* waiter : blocking_.expired(now())) unblock(*waiter, false);
}

bool server_core::unblock(session& client, bool with_error) {
  if (!client.blocked) return false;
  std::string reply;
  reply_writer out(reply, client.protocol);
  if (with_error) {
    out.error(errors::unblocked);
  } else if (client.blocked->timeout_reply == blocked_state::on_timeout::zero) {
    out.integer(0);
  } else {
    out.null_array();
  }
  finish_blocked(client, reply);
  return true;
}

void server_core::handle(const command_spec& spec, command_context& context) {
  const std::size_t reply_at = context.reply.buffer().size();
  spec.handler(context);
  if (context.client.tracking.on && (spec.flags & command_flag::readonly) != 0) {
    remember_reads(context.client, spec, context.argv);
  }
  // Messages the command published to its own client (RESP3) come before its reply, as Redis
  // writes them into the client's output while the command runs; so does anything published
  // to it that the connection has not written yet.
  if (!context.client.pushes.empty()) {
    context.reply.buffer().insert(reply_at, context.client.pushes);
    context.client.pushes.clear();
  }
}

void server_core::discard_transaction(session& client) {
  client.in_multi = false;
  client.multi_aborted = false;
  client.queued.clear();
  watches_.unwatch_all(client);
}

void server_core::run(session& client, std::span<const std::string_view> argv, std::string& buffer) {
  command_context context{*this, client, argv, reply_writer(buffer, client.protocol), now()};
  handle(*resolve(argv), context);
}

}  // namespace kvmock

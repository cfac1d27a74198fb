// kvmock::server's public face: its thread or the caller's io_context, the listeners' lifecycle
// and the helpers. Connections live in connection.cpp, the accept side in listener.cpp.

#include "kvmock/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/system/system_error.hpp>
#include <algorithm>
#include <future>
#include <stdexcept>
#include <thread>

#include "connection.hpp"
#include "encodings.hpp"
#include "geohash.hpp"
#include "hyperloglog.hpp"
#include "listener.hpp"
#include "text.hpp"

namespace kvmock {

struct server::impl {
  explicit impl(asio::io_context& context, server_options options)
      : context(context), sweep_timer(context), shared(std::make_shared<server_engine>(std::move(options))) {
    // refuse:mode=unbound changes the listener, which only the server's thread may touch.
    shared->core.on_refusal_change(
        [weak = std::weak_ptr<server_engine>(shared), executor = context.get_executor()](bool refusing) {
          if (executor.running_in_this_thread()) {
            if (auto strong = weak.lock()) set_refusing(strong, refusing);
            return;
          }
          asio::post(executor, [weak, refusing] {
            if (auto strong = weak.lock()) set_refusing(strong, refusing);
          });
        });
    shared->core.on_resume([weak = std::weak_ptr<server_engine>(shared), executor = context.get_executor()] {
      asio::post(executor, [weak] {
        const auto strong = weak.lock();
        if (!strong) return;
        const auto open = strong->connections;  // resuming may close some
        for (const auto& [id, each] : open) {
          if (strong->connections.contains(id)) each->resume();
        }
      });
    });
    // A busy script serves the other clients from inside its command: their ready handlers run
    // nested (Asio's poll() supports being called from a handler of the same context), taking
    // the core's recursive mutex again, while the script's own connection holds its handlers
    // back. Only ever called on the server's thread, inside the context's run.
    shared->core.on_script_busy([busy_context = &context, weak = std::weak_ptr<server_engine>(shared)] {
      try {
        busy_context->poll();
      } catch (...) {
        // A handler threw (the caller's own, on its io_context): the script ends, and the
        // exception leaves run() once the script's command is over, as it would have before.
        if (const auto strong = weak.lock()) {
          if (auto* running = strong->core.scripts().running()) running->killed = true;
        }
        asio::post(*busy_context, [error = std::current_exception()] { std::rethrow_exception(error); });
      }
    });
    // CLIENT KILL runs under the server core's mutex, which closing takes: close afterwards.
    shared->core.on_kill([weak = std::weak_ptr<server_engine>(shared), executor = context.get_executor()](
                              std::uint64_t client_id) {
      asio::post(executor, [weak, client_id] {
        const auto strong = weak.lock();
        if (!strong) return;
        if (const auto found = strong->connections.find(client_id); found != strong->connections.end()) {
          found->second->close(closed_by::server);
        }
      });
    });
  }

  // Runs f on the server's thread and waits, or at once when the caller runs the context.
  // An exception from f reaches the caller.
  template <typename F>
  void on_server_thread(F f) {
    if (!thread.joinable() || thread.get_id() == std::this_thread::get_id()) {
      f();
      return;
    }
    std::promise<void> done;
    asio::post(context, [&] {
      try {
        f();
        done.set_value();
      } catch (...) {
        done.set_exception(std::current_exception());
      }
    });
    done.get_future().get();
  }

  // Throws boost::system::system_error if an address cannot be bound (e.g. the port is taken).
  void listen(const tcp::endpoint& endpoint, const std::optional<tcp::endpoint>& admin_endpoint) {
    bool refusing = false;
    {
      std::scoped_lock lock(shared->core.mutex());
      refusing = shared->core.faults().refusing_unbound();
    }
    shared->running = true;
    shared->core.set_stopping(false);
    sweep_expired_keys();
    try {
      open_listener(shared, context, shared->main, endpoint, refusing);
      if (admin_endpoint) open_listener(shared, context, shared->admin, *admin_endpoint, false);
    } catch (...) {
      stop_now();
      throw;
    }
  }

  // What listen() bound, to bind again on restart().
  std::pair<tcp::endpoint, std::optional<tcp::endpoint>> endpoints() const {
    std::scoped_lock lock(shared->core.mutex());
    std::optional<tcp::endpoint> admin;
    if (shared->core.options().admin_port) admin = shared->admin.endpoint;
    return {shared->main.endpoint, admin};
  }

  // Redis's active expiry, every 100 ms of real time, while a subscriber may want the
  // "expired" events (keys otherwise go when looked up or counted, or when the clock is moved).
  void sweep_expired_keys() {
    sweep_timer.expires_after(std::chrono::milliseconds(100));
    sweep_timer.async_wait([this, weak = std::weak_ptr<server_engine>(shared)](boost::system::error_code error) {
      const auto strong = weak.lock();
      if (error || !strong || !strong->running) return;
      {
        std::scoped_lock lock(strong->core.mutex());
        if (strong->core.expired_events_wanted()) strong->core.expire_due_keys();
      }
      write_woken(*strong);
      sweep_expired_keys();
    });
  }

  void stop_now() {
    sweep_timer.cancel();
    shared->running = false;
    shared->core.set_stopping(true);  // a busy script's connection closes when it ends
    close_listener(shared->main);
    close_listener(shared->admin);
    const auto open = shared->connections;
    for (const auto& [id, each] : open) each->close(closed_by::server);
    for (turned_away_connection* away : shared->turned_away) {
      boost::system::error_code ignored;
      away->timer.cancel();
      away->socket.close(ignored);
    }
    shared->turned_away.clear();
  }

  // After the API wrote to keys clients may wait on: they are served, and told on the server's
  // thread. Called with the core's mutex held.
  void serve_waiting_clients() {
    shared->core.serve_blocked();
    write_woken_later();
  }

  // After the API changed what clients wait for (a publish, a push, the clock): the core's
  // answers to them go out on the server's thread. Called with the core's mutex held or not.
  void write_woken_later() {
    asio::post(context, [weak = std::weak_ptr<server_engine>(shared)] {
      if (const auto strong = weak.lock()) write_woken(*strong);
    });
  }
  // The same when time moved: clients whose blocking command timed out are answered first.
  void expire_blocked_later() {
    asio::post(context, [weak = std::weak_ptr<server_engine>(shared)] {
      const auto strong = weak.lock();
      if (!strong) return;
      {
        std::scoped_lock lock(strong->core.mutex());
        strong->core.expire_due_keys();  // with their "expired" events
        strong->core.expire_blocked();
      }
      write_woken(*strong);
    });
  }

  // With the server's own thread, returns once the listener reflects the faults in place.
  void settle() {
    if (thread.joinable()) on_server_thread([] {});
  }

  std::unique_ptr<asio::io_context> owned_context;
  asio::io_context& context;
  asio::steady_timer sweep_timer;  // on the server's thread
  std::shared_ptr<server_engine> shared;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::thread thread;
};

namespace {

// Rejects options that cannot work, with a message that says what to change.
tcp::endpoint checked_endpoint(const server_options& options) {
  if (options.max_pending_output == 0 || options.pause_reading_output == 0) {
    throw std::invalid_argument(
        "kvmock: max_pending_output and pause_reading_output must be positive");
  }
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options.bind_address, ec);
  if (ec) {
    throw std::invalid_argument("kvmock: bind address '" + options.bind_address +
                                "' is not an IPv4 or IPv6 address (e.g. 127.0.0.1)");
  }
  return {address, options.port};
}

std::optional<tcp::endpoint> admin_endpoint(const server_options& options) {
  if (!options.admin_port) return std::nullopt;
  auto endpoint = checked_endpoint(options);
  endpoint.port(*options.admin_port);
  return endpoint;
}

fault checked(fault f) {
  std::string message;
  if (const auto ec = check_fault(f, message)) {
    throw boost::system::system_error(ec, "kvmock: invalid fault '" + to_string(f) + "': " +
                                              message);
  }
  return f;
}

void check_initial_faults(const server_options& options) {
  for (const auto& f : options.faults) checked(f);
}

void check_database(int db) {
  if (db < 0 || db >= database_count) {
    throw std::out_of_range("kvmock: database " + std::to_string(db) +
                            " does not exist; use 0 to " + std::to_string(database_count - 1));
  }
}

}  // namespace

server::server(server_options options) {
  check_initial_faults(options);
  auto owned = std::make_unique<asio::io_context>(1);
  impl_ = std::make_unique<impl>(*owned, std::move(options));
  impl_->owned_context = std::move(owned);
  const auto& checked_options = impl_->shared->core.options();
  impl_->listen(checked_endpoint(checked_options), admin_endpoint(checked_options));
  impl_->work.emplace(impl_->context.get_executor());
  impl_->thread = std::thread([this] { impl_->context.run(); });
}

server::server(asio::io_context& context, server_options options)
    : impl_((check_initial_faults(options), std::make_unique<impl>(context, std::move(options)))) {
  const auto& checked_options = impl_->shared->core.options();
  impl_->listen(checked_endpoint(checked_options), admin_endpoint(checked_options));
}

server::~server() {
  impl_->on_server_thread([this] { impl_->stop_now(); });
  if (impl_->thread.joinable()) {
    impl_->work.reset();
    impl_->context.stop();
    impl_->thread.join();
  }
}

std::uint16_t server::port() const {
  std::scoped_lock lock(impl_->shared->core.mutex());
  return impl_->shared->main.endpoint.port();
}

std::uint16_t server::admin_port() const {
  std::scoped_lock lock(impl_->shared->core.mutex());
  return impl_->shared->admin.endpoint.port();
}

server_endpoint server::endpoint() const {
  std::scoped_lock lock(impl_->shared->core.mutex());
  const auto& endpoint = impl_->shared->main.endpoint;
  return {endpoint.address().to_string(), endpoint.port()};
}

const server_options& server::options() const { return impl_->shared->core.options(); }

void server::stop() {
  impl_->shared->core.set_stopping(true);  // a running script ends first, or nothing would
  impl_->on_server_thread([this] { impl_->stop_now(); });
}

void server::restart() {
  impl_->on_server_thread([this] {
    impl_->stop_now();
    const auto [main, admin] = impl_->endpoints();
    impl_->listen(main, admin);
  });
}

bool server::running() const { return impl_->shared->running; }

std::chrono::system_clock::time_point server::now() const {
  std::scoped_lock lock(impl_->shared->core.mutex());
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(impl_->shared->core.now()));
}

void server::fast_forward(std::chrono::milliseconds by) {
  {
    std::scoped_lock lock(impl_->shared->core.mutex());
    impl_->shared->core.fast_forward(by);
  }
  impl_->expire_blocked_later();
}

void server::set_clock(clock_function clock) {
  {
    std::scoped_lock lock(impl_->shared->core.mutex());
    impl_->shared->core.set_clock(std::move(clock));
  }
  impl_->expire_blocked_later();
}

std::optional<std::string> server::get(std::string_view key, int db) const {
  check_database(db);
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  const entry* found = state.data().find(db, key, state.now());
  if (found == nullptr) return std::nullopt;
  const auto* text = found->value.get_if<std::string>();
  if (text == nullptr) return std::nullopt;
  return *text;
}

void server::set(std::string_view key, std::string_view value, int db) {
  check_database(db);
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  state.data().store(db, key, std::string(value), state.now());
}

std::optional<std::chrono::milliseconds> server::ttl(std::string_view key, int db) const {
  check_database(db);
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  const auto now = state.now();
  const entry* found = state.data().find(db, key, now);
  if (found == nullptr || found->expires_at == no_expiry) return std::nullopt;
  return std::chrono::milliseconds(found->expires_at - now);
}

void server::set_ttl(std::string_view key, std::chrono::milliseconds ttl, int db) {
  check_database(db);
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  const auto now = state.now();
  if (entry* found = state.data().find(db, key, now)) {
    found->expires_at = now + ttl.count();
    state.data().touch(db, key);
  }
}

bool server::del(std::string_view key, int db) {
  check_database(db);
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  return state.data().erase(db, key, state.now());
}

std::vector<std::string> server::keys(int db) const {
  check_database(db);
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  return state.data().keys(db, state.now());
}

std::size_t server::db_size(int db) const {
  check_database(db);
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  return state.data().size(db, state.now());
}

std::size_t server::publish(std::string_view channel, std::string_view message) {
  auto& state = impl_->shared->core;
  std::size_t receivers = 0;
  {
    std::scoped_lock lock(state.mutex());
    receivers = state.publish(subscription_kind::channel, channel, message);
  }
  impl_->write_woken_later();
  return receivers;
}

std::vector<std::uint64_t> server::subscribers(std::string_view channel) const {
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  return state.pubsub().subscribers(subscription_kind::channel, channel);
}

std::vector<std::string> server::channels(std::string_view pattern) const {
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  return state.pubsub().active(subscription_kind::channel, pattern);
}

void server::flush_all() {
  auto& state = impl_->shared->core;
  {
    std::scoped_lock lock(state.mutex());
    state.flush_data(-1);
  }
  impl_->write_woken_later();  // tracking clients are told to drop their caches
}

std::optional<std::string> server::type(std::string_view key, int db) const {
  check_database(db);
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  const entry* found = core.data().find(db, key, core.now());
  if (found == nullptr) return std::nullopt;
  return std::string(type_name(found->type()));
}

namespace {

// The collection of type T at `key` (nullptr if missing), or throws std::invalid_argument.
template <typename T>
T* collection(server_core& core, std::string_view key, int db) {
  check_database(db);
  entry* found = core.data().find(db, key, core.now());
  if (found == nullptr) return nullptr;
  if (!found->value.template holds<T>()) {
    throw std::invalid_argument("key '" + std::string(key) + "' holds a " +
                                std::string(type_name(found->type())) + ", not a " +
                                std::string(type_name(value(T{}).type())));
  }
  return &found->value.template as<T>();
}

// As collection, created empty if missing.
template <typename T>
T& collection_for_writing(server_core& core, std::string_view key, int db) {
  if (T* existing = collection<T>(core, key, db)) {
    core.data().touch(db, key);
    return *existing;
  }
  return core.data().create(db, key, T{}).value.template as<T>();
}

// After a removal: an empty collection goes, as a command would remove it.
template <typename T>
void remove_if_empty(server_core& core, std::string_view key, int db, const T& collection) {
  if (collection.empty()) {
    core.data().erase(db, key, core.now());
  } else {
    core.data().touch(db, key);
  }
}

}  // namespace

std::vector<std::string> server::list(std::string_view key, int db) const {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  const list_value* found = collection<list_value>(core, key, db);
  return found == nullptr ? std::vector<std::string>{} : found->elements();
}

void server::rpush(std::string_view key, const std::vector<std::string>& elements, int db) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  if (elements.empty()) return;
  list_value& list = collection_for_writing<list_value>(core, key, db);
  for (const auto& element : elements) list.push_back(element);
  impl_->serve_waiting_clients();
}

void server::lpush(std::string_view key, const std::vector<std::string>& elements, int db) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  if (elements.empty()) return;
  list_value& list = collection_for_writing<list_value>(core, key, db);
  for (const auto& element : elements) list.push_front(element);
  impl_->serve_waiting_clients();
}

std::optional<std::string> server::lpop(std::string_view key, int db) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  list_value* list = collection<list_value>(core, key, db);
  if (list == nullptr) return std::nullopt;
  std::string element = list->pop_front();
  remove_if_empty(core, key, db, *list);
  return element;
}

std::optional<std::string> server::rpop(std::string_view key, int db) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  list_value* list = collection<list_value>(core, key, db);
  if (list == nullptr) return std::nullopt;
  std::string element = list->pop_back();
  remove_if_empty(core, key, db, *list);
  return element;
}

std::vector<std::pair<std::string, std::string>> server::hash(std::string_view key, int db) const {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  const hash_value* found = collection<hash_value>(core, key, db);
  return found == nullptr ? std::vector<std::pair<std::string, std::string>>{} : found->fields();
}

void server::hset(std::string_view key, std::string_view field, std::string_view value, int db) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  hash_set(collection_for_writing<hash_value>(core, key, db), field, value, core.config().values());
}

std::optional<std::string> server::hget(std::string_view key, std::string_view field, int db) const {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  const hash_value* found = collection<hash_value>(core, key, db);
  const std::string* value = found == nullptr ? nullptr : found->find(field);
  if (value == nullptr) return std::nullopt;
  return *value;
}

bool server::hdel(std::string_view key, std::string_view field, int db) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  hash_value* found = collection<hash_value>(core, key, db);
  if (found == nullptr || !found->erase(field)) return false;
  remove_if_empty(core, key, db, *found);
  return true;
}

std::vector<std::string> server::members(std::string_view key, int db) const {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  const set_value* found = collection<set_value>(core, key, db);
  if (found == nullptr) return {};
  std::vector<std::string> sorted(found->begin(), found->end());
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

void server::sadd(std::string_view key, const std::vector<std::string>& members, int db) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  if (members.empty()) return;
  set_value& set = collection_for_writing<set_value>(core, key, db);
  for (const auto& member : members) set_add(set, member, core.config().values());
}

bool server::is_member(std::string_view key, std::string_view member, int db) const {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  const set_value* found = collection<set_value>(core, key, db);
  return found != nullptr && found->contains(member);
}

bool server::srem(std::string_view key, std::string_view member, int db) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  set_value* found = collection<set_value>(core, key, db);
  if (found == nullptr || !found->erase(member)) return false;
  remove_if_empty(core, key, db, *found);
  return true;
}

std::vector<std::pair<std::string, double>> server::sorted_set(std::string_view key, int db) const {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  const zset_value* found = collection<zset_value>(core, key, db);
  std::vector<std::pair<std::string, double>> all;
  if (found == nullptr) return all;
  all.reserve(found->size());
  for (const auto element : *found) all.emplace_back(element.member, element.score);
  return all;
}

void server::zadd(std::string_view key, double score, std::string_view member, int db) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  zset_set(collection_for_writing<zset_value>(core, key, db), member, score, core.config().values());
  impl_->serve_waiting_clients();
}

std::optional<double> server::zscore(std::string_view key, std::string_view member, int db) const {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  const zset_value* found = collection<zset_value>(core, key, db);
  return found == nullptr ? std::nullopt : found->score(member);
}

bool server::zrem(std::string_view key, std::string_view member, int db) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  zset_value* found = collection<zset_value>(core, key, db);
  if (found == nullptr || !found->erase(member)) return false;
  remove_if_empty(core, key, db, *found);
  return true;
}

bool server::pfadd(std::string_view key, const std::vector<std::string>& elements, int db) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  std::string* bytes = collection<std::string>(core, key, db);
  bool changed = false;
  if (bytes == nullptr) {
    entry& created = core.data().store(db, key, hll::make_empty(), core.now());
    created.origin = string_origin::grown;
    bytes = &created.value.as<std::string>();
    changed = true;
  } else if (!hll::looks_valid(*bytes)) {
    throw std::invalid_argument("key '" + std::string(key) + "' is not a HyperLogLog");
  }
  for (const auto& element : elements) {
    const int grew = hll::add(*bytes, element, static_cast<std::size_t>(core.config().values().hll_sparse_max_bytes));
    if (grew < 0) throw std::invalid_argument("key '" + std::string(key) + "' holds a corrupt HyperLogLog");
    changed = changed || grew > 0;
  }
  if (changed) {
    hll::invalidate_cache(*bytes);
    core.data().touch(db, key);
  }
  return changed;
}

long long server::pfcount(std::string_view key, int db) const {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  std::string* bytes = collection<std::string>(core, key, db);
  if (bytes == nullptr) return 0;
  const std::optional<long long> count = hll::looks_valid(*bytes) ? hll::count(*bytes) : std::nullopt;
  if (!count) throw std::invalid_argument("key '" + std::string(key) + "' is not a valid HyperLogLog");
  return *count;
}

void server::geoadd(std::string_view key, double longitude, double latitude, std::string_view member, int db) {
  const geo::position where{longitude, latitude};
  if (!geo::valid(where)) {
    throw std::invalid_argument("position " + std::to_string(longitude) + "," + std::to_string(latitude) +
                                " is outside what a geo set can hold");
  }
  zadd(key, static_cast<double>(geo::score_of(where)), member, db);
}

std::optional<std::pair<double, double>> server::geopos(std::string_view key, std::string_view member,
                                                        int db) const {
  const std::optional<double> score = zscore(key, member, db);
  if (!score) return std::nullopt;
  const geo::position where = *geo::position_of(*score);
  return std::pair{where.longitude, where.latitude};
}

std::optional<std::string> server::config_get(std::string_view name) const {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  const std::string_view patterns[] = {name};
  // CONFIG GET reads a glob; only the parameter of this very name answers here.
  for (const auto& [parameter, value] : core.config().get(patterns)) {
    if (equals_ignore_case(parameter, name)) return value;
  }
  return std::nullopt;
}

void server::config_set(std::string_view name, std::string_view value) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  const std::string_view arguments[] = {name, value};
  const std::string error = core.config().set(arguments);
  if (!error.empty()) throw std::invalid_argument(error);
  core.apply_config();
}

void server::set_command_hook(command_hook hook) {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  core.set_command_hook(std::move(hook));
}

server_stats server::stats() const {
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  return state.stats();
}

bool server::wait_for(const std::function<bool(const server_stats&)>& predicate,
                      std::chrono::milliseconds timeout) const {
  auto& state = impl_->shared->core;
  std::unique_lock lock(state.mutex());
  return state.stats_changed().wait_for(lock, timeout,
                                               [&] { return predicate(state.stats()); });
}

void server::reset_peak() {
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  state.stats().peak_connections = state.stats().open_connections;
}

std::vector<connection_record> server::connection_records() const {
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  const auto& records = state.activity().connections();
  return {records.begin(), records.end()};
}

std::vector<command_record> server::command_log() const {
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  const auto& records = state.activity().commands();
  return {records.begin(), records.end()};
}

std::uint64_t server::add_fault(std::string_view spec) { return add_fault(parse_fault(spec)); }

std::uint64_t server::add_fault(const fault& f) {
  auto valid = checked(f);
  std::uint64_t id = 0;
  {
    auto& state = impl_->shared->core;
    std::scoped_lock lock(state.mutex());
    id = state.add_fault(std::move(valid));
  }
  impl_->settle();
  return id;
}

bool server::remove_fault(std::uint64_t id) {
  bool removed = false;
  {
    auto& state = impl_->shared->core;
    std::scoped_lock lock(state.mutex());
    removed = state.remove_fault(id);
  }
  impl_->settle();
  return removed;
}

void server::clear_faults() {
  {
    auto& state = impl_->shared->core;
    std::scoped_lock lock(state.mutex());
    state.clear_faults();
  }
  impl_->settle();
}

std::vector<fault_entry> server::faults() const {
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  return state.faults().list();
}

std::vector<fault_event> server::fault_log() const {
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  const auto& log = state.faults().log();
  return {log.begin(), log.end()};
}

std::map<fault_kind, std::uint64_t> server::injected_faults() const {
  auto& core = impl_->shared->core;
  std::scoped_lock lock(core.mutex());
  return core.faults().injected_by_kind();
}

std::uint64_t server::seed() const {
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  return state.faults().seed();
}

void server::set_seed(std::uint64_t seed) {
  auto& state = impl_->shared->core;
  std::scoped_lock lock(state.mutex());
  state.set_seed(seed);
}

}  // namespace kvmock

// The network side of kvmock::server: an Asio acceptor and one connection object per client, all
// on one thread. Requests go to the engine under its mutex; replies are written in order.

#include "kvmock/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>
#include <unordered_set>

#include "engine.hpp"
#include "kvresp/request_parser.hpp"

namespace kvmock {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

constexpr std::size_t read_chunk = 16 * 1024;

class connection;

// What outlives the server object while handlers are still queued on a user's io_context.
struct core {
  explicit core(server_options options) : state(std::move(options)) {}
  engine state;
  std::optional<tcp::acceptor> acceptor;
  tcp::endpoint endpoint;  // under state.mutex(): helpers read it from any thread
  std::unordered_set<connection*> connections;
  std::atomic<bool> running{false};
  // Bumped by every listen(), so accepts completed for an earlier acceptor start no second loop.
  std::uint64_t generation = 0;
};

class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(std::shared_ptr<core> shared, tcp::socket socket)
      : core_(std::move(shared)), socket_(std::move(socket)) {}
  // Whatever path drops the last handler, the session is closed and unregistered.
  ~connection() { close(); }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  void start() {
    boost::system::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    core_->connections.insert(this);
    {
      std::scoped_lock lock(core_->state.mutex());
      core_->state.open_session(session_);
    }
    parser_.set_authenticated(session_.authenticated);
    read();
  }

  // Closes the socket at once; queued handlers then find the connection closed.
  void close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    socket_.close(ignored);
    core_->connections.erase(this);
    std::scoped_lock lock(core_->state.mutex());
    core_->state.close_session(session_);
  }

 private:
  void read() {
    if (closed_ || closing_ || reading_) return;
    reading_ = true;
    const auto space = parser_.prepare(read_chunk);
    socket_.async_read_some(asio::buffer(space.data(), space.size()),
                            [self = shared_from_this()](boost::system::error_code ec,
                                                        std::size_t n) {
                              self->reading_ = false;
                              if (self->closed_) return;
                              if (ec) {
                                self->close();
                                return;
                              }
                              self->parser_.commit(n);
                              self->process();
                            });
  }

  // Runs every complete request received, unless the client is behind on reading replies.
  void process() {
    const auto& options = core_->state.options();
    bool over_cap = false;
    {
      std::scoped_lock lock(core_->state.mutex());
      while (!closing_ && pending_.size() < options.pause_reading_output) {
        boost::system::error_code ec;
        const auto status = parser_.next(ec);
        if (status == kvresp::request_parser::status::need_more) break;
        if (status == kvresp::request_parser::status::error) {
          pending_ += parser_.error_reply();
          closing_ = true;
          break;
        }
        core_->state.execute(session_, parser_.args(), pending_);
        parser_.set_authenticated(session_.authenticated);
        if (session_.close_after_reply) closing_ = true;
        over_cap = pending_.size() + writing_.size() > options.max_pending_output;
        if (over_cap) break;
      }
    }
    if (over_cap) {
      close();  // the client does not read its replies
      return;
    }
    write();
    if (pending_.size() < options.pause_reading_output) read();
  }

  void write() {
    if (writing_active_ || closed_) return;
    if (pending_.empty()) {
      if (closing_) close();
      return;
    }
    writing_active_ = true;
    writing_.swap(pending_);
    asio::async_write(socket_, asio::buffer(writing_),
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                        self->writing_active_ = false;
                        self->writing_.clear();
                        if (self->closed_) return;
                        if (ec) {
                          self->close();
                          return;
                        }
                        // Requests held back while replies piled up can run now.
                        self->process();
                      });
  }

  std::shared_ptr<core> core_;
  tcp::socket socket_;
  kvresp::request_parser parser_;
  session session_;
  std::string pending_;  // replies not yet handed to the socket
  std::string writing_;  // replies being written
  bool reading_ = false;
  bool writing_active_ = false;
  bool closing_ = false;  // write what is pending, then close
  bool closed_ = false;
};

void accept(const std::shared_ptr<core>& shared, std::uint64_t generation);

void retry_accept_later(const std::shared_ptr<core>& shared, std::uint64_t generation) {
  // Out of descriptors or similar: try again shortly instead of spinning.
  auto timer = std::make_shared<asio::steady_timer>(shared->acceptor->get_executor(),
                                                    std::chrono::milliseconds(10));
  timer->async_wait(
      [shared, timer, generation](boost::system::error_code) { accept(shared, generation); });
}

void accept(const std::shared_ptr<core>& shared, std::uint64_t generation) {
  if (!shared->running || generation != shared->generation) return;
  shared->acceptor->async_accept(
      [shared, generation](boost::system::error_code ec, tcp::socket socket) {
        if (!shared->running || generation != shared->generation ||
            ec == asio::error::operation_aborted) {
          return;
        }
        if (ec) {
          retry_accept_later(shared, generation);
          return;
        }
        std::make_shared<connection>(shared, std::move(socket))->start();
        accept(shared, generation);
      });
}

}  // namespace

struct server::impl {
  explicit impl(asio::io_context& context, server_options options)
      : context(context), shared(std::make_shared<core>(std::move(options))) {}

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

  // Throws boost::system::system_error if the address cannot be bound (e.g. the port is taken).
  void listen(const tcp::endpoint& endpoint) {
    auto& acceptor = shared->acceptor.emplace(context);
    try {
      acceptor.open(endpoint.protocol());
      acceptor.set_option(tcp::acceptor::reuse_address(true));
      acceptor.bind(endpoint);
      acceptor.listen();
    } catch (...) {
      shared->acceptor.reset();
      throw;
    }
    {
      std::scoped_lock lock(shared->state.mutex());
      shared->endpoint = acceptor.local_endpoint();
      shared->state.set_port(shared->endpoint.port());
    }
    shared->running = true;
    accept(shared, ++shared->generation);
  }

  void stop_now() {
    shared->running = false;
    if (shared->acceptor) {
      boost::system::error_code ignored;
      shared->acceptor->close(ignored);
    }
    const auto open = shared->connections;
    for (connection* each : open) each->close();
  }

  std::unique_ptr<asio::io_context> owned_context;
  asio::io_context& context;
  std::shared_ptr<core> shared;
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

void check_database(int db) {
  if (db < 0 || db >= database_count) {
    throw std::out_of_range("kvmock: database " + std::to_string(db) +
                            " does not exist; use 0 to " + std::to_string(database_count - 1));
  }
}

}  // namespace

server::server(server_options options) {
  auto owned = std::make_unique<asio::io_context>(1);
  impl_ = std::make_unique<impl>(*owned, std::move(options));
  impl_->owned_context = std::move(owned);
  impl_->listen(checked_endpoint(impl_->shared->state.options()));
  impl_->work.emplace(impl_->context.get_executor());
  impl_->thread = std::thread([this] { impl_->context.run(); });
}

server::server(asio::io_context& context, server_options options)
    : impl_(std::make_unique<impl>(context, std::move(options))) {
  impl_->listen(checked_endpoint(impl_->shared->state.options()));
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
  std::scoped_lock lock(impl_->shared->state.mutex());
  return impl_->shared->endpoint.port();
}

server_endpoint server::endpoint() const {
  std::scoped_lock lock(impl_->shared->state.mutex());
  return {impl_->shared->endpoint.address().to_string(), impl_->shared->endpoint.port()};
}

const server_options& server::options() const { return impl_->shared->state.options(); }

void server::stop() {
  impl_->on_server_thread([this] { impl_->stop_now(); });
}

void server::restart() {
  impl_->on_server_thread([this] {
    impl_->stop_now();
    tcp::endpoint endpoint;
    {
      std::scoped_lock lock(impl_->shared->state.mutex());
      endpoint = impl_->shared->endpoint;
    }
    impl_->listen(endpoint);
  });
}

bool server::running() const { return impl_->shared->running; }

std::chrono::system_clock::time_point server::now() const {
  std::scoped_lock lock(impl_->shared->state.mutex());
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(impl_->shared->state.now()));
}

void server::fast_forward(std::chrono::milliseconds by) {
  std::scoped_lock lock(impl_->shared->state.mutex());
  impl_->shared->state.fast_forward(by);
}

void server::set_clock(clock_function clock) {
  std::scoped_lock lock(impl_->shared->state.mutex());
  impl_->shared->state.set_clock(std::move(clock));
}

std::optional<std::string> server::get(std::string_view key, int db) const {
  check_database(db);
  auto& state = impl_->shared->state;
  std::scoped_lock lock(state.mutex());
  const entry* found = state.data().find(db, key, state.now());
  if (found == nullptr) return std::nullopt;
  return found->value;
}

void server::set(std::string_view key, std::string_view value, int db) {
  check_database(db);
  auto& state = impl_->shared->state;
  std::scoped_lock lock(state.mutex());
  state.data().store(db, key, std::string(value), state.now());
}

std::optional<std::chrono::milliseconds> server::ttl(std::string_view key, int db) const {
  check_database(db);
  auto& state = impl_->shared->state;
  std::scoped_lock lock(state.mutex());
  const auto now = state.now();
  const entry* found = state.data().find(db, key, now);
  if (found == nullptr || found->expires_at == no_expiry) return std::nullopt;
  return std::chrono::milliseconds(found->expires_at - now);
}

void server::set_ttl(std::string_view key, std::chrono::milliseconds ttl, int db) {
  check_database(db);
  auto& state = impl_->shared->state;
  std::scoped_lock lock(state.mutex());
  const auto now = state.now();
  if (entry* found = state.data().find(db, key, now)) {
    found->expires_at = now + ttl.count();
    state.data().touch(db, key);
  }
}

bool server::del(std::string_view key, int db) {
  check_database(db);
  auto& state = impl_->shared->state;
  std::scoped_lock lock(state.mutex());
  return state.data().erase(db, key, state.now());
}

std::vector<std::string> server::keys(int db) const {
  check_database(db);
  auto& state = impl_->shared->state;
  std::scoped_lock lock(state.mutex());
  return state.data().keys(db, state.now());
}

std::size_t server::db_size(int db) const {
  check_database(db);
  auto& state = impl_->shared->state;
  std::scoped_lock lock(state.mutex());
  return state.data().size(db, state.now());
}

void server::flush_all() {
  auto& state = impl_->shared->state;
  std::scoped_lock lock(state.mutex());
  state.data().flush_all();
}

server_stats server::stats() const {
  auto& state = impl_->shared->state;
  std::scoped_lock lock(state.mutex());
  return state.stats();
}

bool server::wait_for(const std::function<bool(const server_stats&)>& predicate,
                      std::chrono::milliseconds timeout) const {
  auto& state = impl_->shared->state;
  std::unique_lock lock(state.mutex());
  return state.connections_changed().wait_for(lock, timeout,
                                               [&] { return predicate(state.stats()); });
}

void server::reset_peak() {
  auto& state = impl_->shared->state;
  std::scoped_lock lock(state.mutex());
  state.stats().peak_connections = state.stats().open_connections;
}

}  // namespace kvmock

#include "kvpool/kv_connection.hpp"

#include <atomic>
#include <optional>
#include <string>

#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

#include "kv_reply_reader.hpp"
#include "kvpool/detail/completion.hpp"
#include "kvpool/error.hpp"

namespace kvpool {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

// Everything an operation touches, shared with its handlers. Except for the atomics, members are
// used only on the strand, or by an initiating call while no operation is in progress.
struct kv_connection::impl : std::enable_shared_from_this<impl> {
  enum class phase { idle, connecting, executing };

  impl(const executor_type& executor, connection_options settings)
      : strand(asio::make_strand(executor)),
        socket(strand),
        timer(strand),
        options(std::move(settings)),
        reader(options.reply_limits) {}

  // An operation's handlers and timers carry its id: one that finished may still have handlers
  // queued, and they must not touch the next operation.
  bool stale(std::uint64_t id) const noexcept {
    return current_phase == phase::idle || id != operation.load();
  }

  // Called while no operation is in progress: claims the connection for a new one.
  template <typename Handler>
  std::uint64_t begin(const Handler& handler) {
    const auto id = operation.fetch_add(1) + 1;
    auto slot = asio::get_associated_cancellation_slot(handler);
    if (slot.is_connected()) slot.template emplace<cancellation>(weak_from_this(), id);
    handler_work = asio::prefer(asio::get_associated_executor(handler, strand),
                                asio::execution::outstanding_work.tracked);
    return id;
  }

  void start_connect(std::uint64_t id) {
    current_phase = phase::connecting;
    arm_timer(options.connect_timeout, error::connect_timeout, id);
    resolver.emplace(strand);
    resolver->async_resolve(options.host, std::to_string(options.port),
                            [self = shared_from_this(), id](error_code ec,
                                                            tcp::resolver::results_type results) {
                              if (self->stale(id)) return;
                              if (ec) return self->fail(ec);
                              self->connect(results, id);
                            });
  }

  void connect(const tcp::resolver::results_type& endpoints, std::uint64_t id) {
    asio::async_connect(socket, endpoints,
                        [self = shared_from_this(), id](error_code ec, const tcp::endpoint&) {
                          if (self->stale(id)) return;
                          if (ec) return self->fail(ec);
                          self->socket.set_option(tcp::no_delay(true), ec);
                          if (ec) return self->fail(ec);
                          self->handshake(id);
                        });
  }

  void handshake(std::uint64_t id) {
    request commands;
    if (!options.password.empty()) commands.push("AUTH", options.password);
    if (options.database != 0) commands.push("SELECT", options.database);
    if (!options.client_name.empty()) commands.push("CLIENT", "SETNAME", options.client_name);
    if (commands.empty()) return finish({});
    out.assign(commands.payload());
    exchange(commands.size(), id);
  }

  // The handshake's replies, in the order handshake() sent the commands.
  error_code check_handshake() const {
    std::size_t next = 0;
    const auto rejected = [&] { return replies[next++].is_error(); };
    if (!options.password.empty() && rejected()) return error::auth_failed;
    if (options.database != 0 && rejected()) return error::select_failed;
    if (!options.client_name.empty() && rejected()) return error::client_name_rejected;
    return {};
  }

  void start_execute(std::size_t commands, std::uint64_t id) {
    current_phase = phase::executing;
    if (broken.load()) return finish(error::connection_broken);
    if (commands == 0) return finish({});
    arm_timer(options.command_timeout, error::command_timeout, id);
    exchange(commands, id);
  }

  // Writes out and reads replies at the same time: a server may answer the start of a long
  // pipeline before it has read the end, and stop reading while its answers wait.
  void exchange(std::size_t commands, std::uint64_t id) {
    expected = commands;
    replies.clear();
    replies.reserve(commands);
    written = false;
    asio::async_write(socket, asio::buffer(out),
                      [self = shared_from_this(), id](error_code ec, std::size_t) {
                        if (self->stale(id)) return;
                        if (ec) return self->fail(ec);
                        self->written = true;
                        if (self->replies.size() == self->expected) self->exchanged();
                      });
    read(id);
  }

  void read(std::uint64_t id) {
    const auto space = reader.prepare();
    socket.async_read_some(asio::buffer(space.data(), space.size()),
                           [self = shared_from_this(), id](error_code ec, std::size_t received) {
                             if (self->stale(id)) return;
                             if (ec) return self->fail(ec);
                             self->reader.commit(received);
                             self->parse(id);
                           });
  }

  void parse(std::uint64_t id) {
    error_code ec;
    reader.parse(replies, expected, ec);
    if (ec) return fail(error::protocol_error);
    if (replies.size() < expected) return read(id);
    // Bytes beyond the replies asked for answer nothing we sent: the stream is out of step.
    if (reader.buffered() > 0) return fail(error::protocol_error);
    if (written) exchanged();
  }

  void exchanged() {
    if (current_phase == phase::connecting) return finish(check_handshake());
    finish({});
  }

  void arm_timer(std::chrono::milliseconds timeout, error reason, std::uint64_t id) {
    if (timeout <= std::chrono::milliseconds::zero()) return;
    timer.expires_after(timeout);
    timer.async_wait([self = shared_from_this(), reason, id](error_code ec) {
      if (!ec && !self->stale(id)) self->interrupt(reason);
    });
  }

  // Closes the socket under the operation in progress, whose pending handlers then fail with
  // the reason rather than with operation_aborted.
  void interrupt(error_code reason) {
    if (current_phase != phase::idle && !interruption) interruption = reason;
    shut();
  }

  void shut() {
    broken.store(true);
    error_code ignored;
    socket.close(ignored);
    if (resolver) resolver->cancel();
  }

  void fail(error_code ec) {
    if (interruption) ec = interruption;
    shut();
    finish(ec);
  }

  // Completes the operation in progress on its handler's executor. Everything the operation
  // used is released before busy is, since a new operation may start on another thread then.
  void finish(error_code ec) {
    const auto finished = std::exchange(current_phase, phase::idle);
    interruption.clear();
    timer.cancel();
    resolver.reset();
    const auto work = std::move(handler_work);
    if (finished == phase::connecting) {
      auto handler = std::move(connect_handler);
      std::unique_ptr<kv_connection> connection;
      if (ec) {
        shut();
      } else {
        connection.reset(new kv_connection(shared_from_this()));
      }
      busy.store(false);
      complete(std::move(handler), ec, std::move(connection));
    } else {
      auto handler = std::move(execute_handler);
      auto results = ec ? std::vector<reply>() : std::move(replies);
      busy.store(false);
      complete(std::move(handler), ec, std::move(results));
    }
  }

  // The handler's cancellation slot is detached on the handler's executor (a signal that comes
  // before finds the operation stale).
  template <typename Handler, typename Result>
  void complete(Handler handler, error_code ec, Result result) {
    auto executor = asio::get_associated_executor(handler, strand);
    asio::dispatch(strand, asio::bind_executor(std::move(executor),
                                               detail::detached_completion(std::move(handler), ec,
                                                                           std::move(result))));
  }

  // Installed in an operation's cancellation slot. Signals may come from any thread, so the
  // work moves to the strand; the weak pointer lets a forgotten slot outlive the connection.
  struct cancellation {
    cancellation(std::weak_ptr<impl> target, std::uint64_t id) : target(std::move(target)), id(id) {}

    void operator()(asio::cancellation_type_t type) const {
      if (type == asio::cancellation_type::none) return;
      auto self = target.lock();
      if (!self) return;
      asio::post(self->strand, [self, id = id] {
        if (!self->stale(id)) self->interrupt(asio::error::operation_aborted);
      });
    }

    std::weak_ptr<impl> target;
    std::uint64_t id;
  };

  asio::strand<executor_type> strand;
  tcp::socket socket;
  asio::steady_timer timer;
  std::optional<tcp::resolver> resolver;  // only while connecting
  const connection_options options;
  kv_reply_reader reader;
  std::string out;  // the commands being written

  std::atomic<bool> broken{false};
  std::atomic<bool> busy{false};
  std::atomic<std::uint64_t> operation{0};  // id of the latest operation

  phase current_phase = phase::idle;
  error_code interruption;  // why the socket was closed under the operation
  std::size_t expected = 0;
  std::vector<reply> replies;
  bool written = false;
  asio::any_completion_executor handler_work;  // keeps the handler's executor busy meanwhile
  // Set with swap(): Asio 1.26's move assignment of any_completion_handler wraps the handler in
  // itself, endlessly.
  asio::any_completion_handler<connect_signature> connect_handler;
  asio::any_completion_handler<execute_signature> execute_handler;
};

kv_connection::kv_connection(std::shared_ptr<impl> state) noexcept : impl_(std::move(state)) {}

kv_connection::~kv_connection() { close(); }

void kv_connection::initiate_connect(asio::any_completion_handler<connect_signature> handler,
                                     executor_type executor, connection_options options) {
  auto state = std::make_shared<impl>(executor, std::move(options));
  state->busy.store(true);
  const auto id = state->begin(handler);
  state->connect_handler.swap(handler);
  asio::post(state->strand, [state, id] { state->start_connect(id); });
}

void kv_connection::initiate_execute(asio::any_completion_handler<execute_signature> handler,
                                     const request& pipeline) {
  if (impl_->busy.exchange(true)) {
    asio::post(impl_->strand, asio::append(std::move(handler),
                                           error_code(asio::error::already_started),
                                           std::vector<reply>()));
    return;
  }
  impl_->out.assign(pipeline.payload());
  const auto id = impl_->begin(handler);
  impl_->execute_handler.swap(handler);
  asio::post(impl_->strand, [state = impl_, commands = pipeline.size(), id] {
    state->start_execute(commands, id);
  });
}

void kv_connection::close() {
  impl_->broken.store(true);
  bool idle = false;
  if (impl_->busy.compare_exchange_strong(idle, true)) {
    // No operation in progress, so nothing else touches the socket: close it now, not later on
    // the strand, so that a pool replacing this connection never has both open at once.
    error_code ignored;
    impl_->socket.close(ignored);
    impl_->busy.store(false);
    return;
  }
  asio::dispatch(impl_->strand, [state = impl_] { state->interrupt(asio::error::operation_aborted); });
}

bool kv_connection::reusable() const noexcept {
  return !impl_->broken.load() && !impl_->busy.load();
}

kv_connection::executor_type kv_connection::get_executor() const noexcept { return impl_->strand; }

const connection_options& kv_connection::options() const noexcept { return impl_->options; }

}  // namespace kvpool

#include "kvpool/kv_connection.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
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
#include "session_tracker.hpp"

namespace kvpool {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

// Everything an operation touches, shared with its handlers. Except for the atomics, members are
// used only on the strand, or by an initiating call while no operation is in progress.
struct kv_connection::impl : std::enable_shared_from_this<impl> {
  enum class phase { idle, connecting, executing, receiving };

  impl(const executor_type& executor, connection_options settings)
      : strand(asio::make_strand(executor)),
        socket(strand),
        timer(strand),
        options(std::move(settings)),
        reader(options.reply_limits),
        session({options.password, options.database, options.client_name}) {}

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
    tracked = false;
    expect(commands.size());
    exchange(id);
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

  void start_execute(std::size_t commands, bool changes_session, std::uint64_t id) {
    current_phase = phase::executing;
    if (broken.load()) return finish(error::connection_broken);
    if (commands == 0) return finish({});
    arm_timer(options.command_timeout, error::command_timeout, id);
    expect(commands);
    // Most requests change nothing: their replies are read in one go, with no bookkeeping.
    tracked = changes_session || session.follows_every_command();
    if (tracked) {
      followed = detail::decode_commands(out);
      current = 0;
      gathered.clear();
      begin_command();
    }
    exchange(id);
  }

  void expect(std::size_t commands) {
    expected = commands;
    replies.clear();
    replies.reserve(commands);
    written = false;
  }

  // Writes out and reads replies at the same time: a server may answer the start of a long
  // pipeline before it has read the end, and stop reading while its answers wait. Reads only
  // while replies are due: a read left pending would take the next operation's bytes.
  void exchange(std::uint64_t id) {
    asio::async_write(socket, asio::buffer(out),
                      [self = shared_from_this(), id](error_code ec, std::size_t) {
                        if (self->stale(id)) return;
                        if (ec) return self->fail(ec);
                        self->written = true;
                        if (self->all_answered()) self->exchanged();
                      });
    if (!all_answered()) read(id);
  }

  bool all_answered() const noexcept {
    return tracked ? current == followed.size() : replies.size() == expected;
  }

  void read(std::uint64_t id) {
    const auto space = reader.prepare();
    socket.async_read_some(asio::buffer(space.data(), space.size()),
                           [self = shared_from_this(), id](error_code ec, std::size_t received) {
                             if (self->stale(id)) return;
                             if (ec) return self->fail(ec);
                             self->reader.commit(received);
                             if (self->current_phase == phase::receiving) return self->receive_next(id);
                             self->parse(id);
                           });
  }

  void parse(std::uint64_t id) {
    error_code ec;
    if (!tracked) {
      reader.parse(replies, expected, ec);
      if (ec) return fail(error::protocol_error);
      if (replies.size() < expected) return read(id);
    } else {
      while (current < followed.size()) {
        std::optional<reply> next = parse_one(ec);
        if (ec) return fail(error::protocol_error);
        if (!next) return read(id);
        if (session.is_push(*next)) {
          pushes.push_back(std::move(*next));
          continue;
        }
        gathered.push_back(std::move(*next));
        if (--awaiting == 0) {
          complete_command();
          begin_command();
        }
      }
    }
    // Bytes beyond the replies asked for answer nothing we sent: the stream is out of step,
    // unless they are messages of a subscription or MONITOR.
    if (!keep_pushes_buffered(ec)) return fail(error::protocol_error);
    if (written) exchanged();
  }

  std::optional<reply> parse_one(error_code& ec) {
    one.clear();
    reader.parse(one, 1, ec);
    if (ec || one.empty()) return std::nullopt;
    return std::move(one.front());
  }

  // Complete replies past the last one asked for: messages kept for async_receive, anything
  // else a protocol error. A message still arriving stays in the reader.
  bool keep_pushes_buffered(error_code& ec) {
    if (reader.buffered() == 0) return true;
    if (!session.receives_pushes()) return false;
    while (std::optional<reply> next = parse_one(ec)) {
      if (!session.is_push(*next)) return false;
      pushes.push_back(std::move(*next));
    }
    return !ec;
  }

  // The command `current` is next: how many replies it gets; those that get none are done now.
  void begin_command() {
    while (current < followed.size()) {
      awaiting = session.replies_to(followed[current]);
      if (awaiting > 0) return;
      complete_command();
    }
  }

  void complete_command() {
    const detail::command_view command = followed[current];
    session.apply(command, gathered);
    if (gathered.empty()) {
      replies.emplace_back();  // suppressed (CLIENT REPLY OFF or SKIP): a null reply
    } else if (detail::answers_per_channel(command[0])) {
      replies.push_back(reply::array(std::move(gathered)));
    } else {
      replies.push_back(std::move(gathered.front()));
    }
    gathered.clear();
    ++current;
  }

  void exchanged() {
    if (current_phase == phase::connecting) return finish(check_handshake());
    if (session.quit()) shut();  // the server closes it after its answer
    finish({});
  }

  void start_receive(std::uint64_t id) {
    current_phase = phase::receiving;
    if (!pushes.empty()) return finish({});
    if (broken.load()) return finish(error::connection_broken);
    if (!session.receives_pushes()) return finish(error::not_subscribed);
    receive_next(id);
  }

  void receive_next(std::uint64_t id) {
    error_code ec;
    std::optional<reply> next = parse_one(ec);
    if (ec) return fail(error::protocol_error);
    if (!next) return read(id);
    if (!session.is_push(*next)) return fail(error::protocol_error);  // a reply nobody asked for
    pushes.push_back(std::move(*next));
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
  // the reason rather than with operation_aborted. A receive is only cancelled: it sent
  // nothing, so no reply can be left in flight, and a message half read stays in the reader.
  void interrupt(error_code reason) {
    if (current_phase != phase::idle && !interruption) interruption = reason;
    if (current_phase == phase::receiving && !broken.load()) {
      error_code ignored;
      socket.cancel(ignored);
      return;
    }
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
    if (current_phase == phase::receiving && ec == asio::error::operation_aborted && !broken.load()) {
      return finish(ec);  // cancelled, not broken
    }
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
    session_differs.store(session.changed());
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
    } else if (finished == phase::receiving) {
      auto handler = std::move(receive_handler);
      reply message;
      if (!ec) {
        message = std::move(pushes.front());
        pushes.pop_front();
      }
      busy.store(false);
      complete(std::move(handler), ec, std::move(message));
    } else {
      auto handler = std::move(execute_handler);
      auto results = ec ? std::vector<reply>() : std::move(replies);
      followed.clear();
      busy.store(false);
      complete(std::move(handler), ec, std::move(results));
    }
  }

  // kv_connection::close(), from any thread.
  void close_once() {
    if (closed.exchange(true)) return;  // the socket is closed once, by one caller
    broken.store(true);
    bool idle = false;
    if (busy.compare_exchange_strong(idle, true)) {
      // No operation in progress, so nothing else touches the socket: close it now, not later
      // on the strand, so that a pool replacing this connection never has both open at once.
      error_code ignored;
      socket.close(ignored);
      busy.store(false);
      return;
    }
    asio::dispatch(strand, [self = shared_from_this()] { self->interrupt(asio::error::operation_aborted); });
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
  std::atomic<bool> closed{false};  // close() was called
  std::atomic<bool> session_differs{false};
  std::atomic<std::uint64_t> operation{0};  // id of the latest operation

  phase current_phase = phase::idle;
  error_code interruption;  // why the socket was closed under the operation
  std::size_t expected = 0;
  std::vector<reply> replies;
  bool written = false;

  // Commands followed one by one (tracked): those of the request, the one whose replies are
  // awaited (current), how many it still awaits, and those it got.
  detail::session_tracker session;
  bool tracked = false;
  std::vector<std::vector<std::string_view>> followed;  // views into out
  std::size_t current = 0;
  std::size_t awaiting = 0;
  std::vector<reply> gathered;
  std::vector<reply> one;         // parse_one's buffer
  std::deque<reply> pushes;       // messages the server sent unasked, for async_receive
  request restoring;              // async_restore's commands while they run

  asio::any_completion_executor handler_work;  // keeps the handler's executor busy meanwhile
  // Set with swap(): Asio 1.26's move assignment of any_completion_handler wraps the handler in
  // itself, endlessly.
  asio::any_completion_handler<connect_signature> connect_handler;
  asio::any_completion_handler<execute_signature> execute_handler;
  asio::any_completion_handler<receive_signature> receive_handler;
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
  asio::post(impl_->strand, [state = impl_, commands = pipeline.size(),
                             changes = pipeline.may_change_session(), id] {
    state->start_execute(commands, changes, id);
  });
}

void kv_connection::initiate_receive(asio::any_completion_handler<receive_signature> handler) {
  if (impl_->busy.exchange(true)) {
    asio::post(impl_->strand, asio::append(std::move(handler),
                                           error_code(asio::error::already_started), reply()));
    return;
  }
  const auto id = impl_->begin(handler);
  impl_->receive_handler.swap(handler);
  asio::post(impl_->strand, [state = impl_, id] { state->start_receive(id); });
}

void kv_connection::initiate_restore(
    asio::any_completion_handler<void(boost::system::error_code)> handler) {
  if (!session_changed()) {
    asio::post(impl_->strand, asio::append(std::move(handler), error_code{}));
    return;
  }
  // Read while no operation is in progress (the caller's contract), so the session is settled.
  impl_->restoring = impl_->session.restore();
  auto executor = asio::get_associated_executor(handler, impl_->strand);
  async_execute(impl_->restoring,
                asio::bind_executor(std::move(executor),
                                    [state = impl_, handler = std::move(handler)](
                                        error_code ec, std::vector<reply> replies) mutable {
                                      const bool refused = std::any_of(
                                          replies.begin(), replies.end(),
                                          [](const reply& r) { return r.is_error(); });
                                      if (!ec && (refused || state->session_differs.load())) {
                                        ec = error::unexpected_reply;
                                        state->close_once();
                                      }
                                      std::move(handler)(ec);
                                    }));
}

void kv_connection::close() { impl_->close_once(); }

bool kv_connection::reusable() const noexcept {
  return !impl_->broken.load() && !impl_->busy.load();
}

bool kv_connection::session_changed() const noexcept { return impl_->session_differs.load(); }

kv_connection::executor_type kv_connection::get_executor() const noexcept { return impl_->strand; }

const connection_options& kv_connection::options() const noexcept { return impl_->options; }

}  // namespace kvpool

#include "connection.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <cassert>
#include <vector>

namespace kvmock {
namespace {

constexpr std::size_t read_chunk = 16 * 1024;

// As Redis formats a peer: "ip:port", "[ip]:port" for IPv6.
std::string address_of(const tcp::endpoint& endpoint) {
  const std::string ip = endpoint.address().to_string();
  const std::string port = std::to_string(endpoint.port());
  return endpoint.address().is_v6() ? "[" + ip + "]:" + port : ip + ":" + port;
}

// The moves the header's diagram draws (checked by assert: debug builds and the sanitizers).
[[maybe_unused]] bool allowed(connection::phase from, connection::phase to) {
  using p = connection::phase;
  if (to == p::closed) return from != p::closed;
  switch (from) {
    case p::serving:
      return to == p::paused || to == p::blocked || to == p::held || to == p::blackholed || to == p::closing;
    case p::paused:
      return to == p::serving || to == p::closing;
    case p::blocked:
      return to == p::serving;
    case p::held:
      return to == p::delivering;
    case p::delivering:
      return to == p::serving || to == p::blocked || to == p::blackholed || to == p::closing;
    case p::blackholed:
    case p::closing:
    case p::closed:
      return false;
  }
  return false;
}

}  // namespace

connection::connection(std::shared_ptr<server_engine> shared, tcp::socket socket, std::uint64_t number,
                       bool admin)
    : engine_(std::move(shared)), socket_(std::move(socket)), timer_(socket_.get_executor()) {
  session_.connection = number;
  session_.admin = admin;
}

void connection::enter(phase next) {
  assert(allowed(phase_, next));
  phase_ = next;
}

template <typename F>
void connection::when_idle(F next) {
  if (!executing_) {
    next();
    return;
  }
  // Checked again when it runs: the next command may be a busy script too.
  after_command_.emplace_back([self = shared_from_this(), next]() { self->when_idle(next); });
}

void connection::run_command(std::span<const std::string_view> argv, std::string& out) {
  executing_ = true;
  engine_->core.execute(session_, argv, out);
  executing_ = false;
  // A close that came meanwhile (stop(), CLIENT KILL, its client leaving): what the command
  // answered is written first, so the script's client always learns how its script ended.
  if (close_after_command_) {
    closing_by_ = *std::exchange(close_after_command_, std::nullopt);
    enter(phase::closing);
  }
  for (auto& next : std::exchange(after_command_, {})) asio::post(socket_.get_executor(), std::move(next));
}

void connection::start(const accept_decision& decision) {
  boost::system::error_code ec;
  socket_.set_option(tcp::no_delay(true), ec);
  socket_.non_blocking(true, ec);  // for write()'s attempt at once
  const auto peer = socket_.remote_endpoint(ec);
  // Connections whose client has closed, though the server has not read that yet, do not count
  // towards the peak: a pool that closed one and then opened another never held both.
  std::size_t gone = 0;
  for (const auto& [id, other] : engine_->connections) {
    if (!other->session_.admin && other->client_gone()) ++gone;
  }
  boost::system::error_code local_ec;
  const auto local = socket_.local_endpoint(local_ec);
  {
    std::scoped_lock lock(engine_->core.mutex());
    if (!ec) session_.address = address_of(peer);
    if (!local_ec) session_.local_address = address_of(local);
    session_.fd = socket_.native_handle();
    engine_->core.open_session(session_, ec ? 0 : peer.port(), gone);
  }
  engine_->connections.emplace(session_.id, this);
  parser_.set_authenticated(session_.authenticated);
  using action = accept_decision::action;
  switch (decision.what) {
    case action::stall:
      // Never answers, not even the first command. What arrives is discarded unread, so that
      // the server still sees the client close.
      enter(phase::blackholed);
      read();
      return;
    case action::close:
    case action::reset: {
      closing_by_ = closed_by::fault;
      enter(phase::closing);
      const bool reset = decision.what == action::reset;
      after(decision.close_delay, [this, reset] { close_by_fault(reset); });
      return;
    }
    default:
      read();
  }
}

void connection::resume() {
  if (phase_ == phase::paused) process();
}

void connection::flush_pushes() {
  if (executing_) {
    when_idle([this] { flush_pushes(); });
    return;
  }
  bool over_limit = false;
  bool answered = false;
  {
    std::scoped_lock lock(engine_->core.mutex());
    if (phase_ == phase::blocked && !session_.blocked) {
      enter(phase::serving);  // its blocking command was answered
      answered = true;
    }
    take_pushes();
    over_limit = output_limit_reached();
  }
  if (over_limit) {
    close(closed_by::server);  // a subscriber too slow to read what it is sent
    return;
  }
  if (answered) {
    timer_.cancel();
    process();  // writes the answer, then runs the requests that came meanwhile
    return;
  }
  write();
}

void connection::wait_for_deadline(unix_ms deadline) {
  if (deadline == 0) return;
  const auto left = std::max<unix_ms>(1, deadline - engine_->core.now());
  after(std::chrono::milliseconds(left), [this] { check_deadline(); });
}

void connection::check_deadline() {
  if (phase_ != phase::blocked) return;
  unix_ms deadline = 0;
  {
    std::scoped_lock lock(engine_->core.mutex());
    engine_->core.expire_blocked();
    if (session_.blocked) deadline = session_.blocked->deadline;
  }
  write_woken(*engine_);  // this connection's answer among them
  // Still waiting: the server's clock was set back, or its deadline is not reached yet.
  if (phase_ == phase::blocked) wait_for_deadline(deadline);
}

bool connection::output_limit_reached() {
  const auto& values = engine_->core.config().values();
  const output_limit& limit = session_.subscribed() ? values.pubsub_output : values.normal_output;
  const auto waiting = static_cast<long long>(pending_.size() + outgoing_.size());
  if (limit.hard > 0 && waiting >= limit.hard) return true;
  if (limit.soft == 0 || waiting < limit.soft) {
    over_soft_limit_since_ = 0;
    return false;
  }
  const unix_ms now = engine_->core.now();
  if (over_soft_limit_since_ == 0) over_soft_limit_since_ = now;
  return now - over_soft_limit_since_ > limit.soft_seconds * 1000;
}

void connection::take_pushes() {
  if (phase_ == phase::blackholed) session_.pushes.clear();
  if (session_.pushes.empty()) return;
  if (phase_ != phase::serving && phase_ != phase::paused && phase_ != phase::blocked) return;
  pending_ += session_.pushes;
  session_.pushes.clear();
}

void write_woken(server_engine& engine) {
  std::vector<std::uint64_t> woken;
  {
    std::scoped_lock lock(engine.core.mutex());
    woken = engine.core.take_woken();
  }
  for (const std::uint64_t id : woken) {
    // A connection closed since has nothing to write.
    if (const auto found = engine.connections.find(id); found != engine.connections.end()) {
      found->second->flush_pushes();
    }
  }
}

void write_woken_soon(const std::shared_ptr<server_engine>& engine, const asio::any_io_executor& executor) {
  if (engine->woken_write_posted) return;
  engine->woken_write_posted = true;
  asio::post(executor, [engine] {
    engine->woken_write_posted = false;
    write_woken(*engine);
  });
}

bool connection::client_gone() {
  if (phase_ == phase::closed) return false;
  tcp_info info{};
  socklen_t size = sizeof info;
  if (::getsockopt(socket_.native_handle(), IPPROTO_TCP, TCP_INFO,
                   &info, &size) != 0) {
    return false;
  }
  return info.tcpi_state != TCP_ESTABLISHED;  // a FIN or RST from the client arrived
}

void connection::close(closed_by who) {
  if (phase_ == phase::closed) return;
  if (executing_) {
    close_after_command_ = who;
    return;
  }
  enter(phase::closed);
  timer_.cancel();
  boost::system::error_code ignored;
  socket_.close(ignored);
  engine_->connections.erase(session_.id);
  std::scoped_lock lock(engine_->core.mutex());
  engine_->core.close_session(session_, who);
}

void connection::read() {
  if (reading_) return;
  if (phase_ != phase::serving && phase_ != phase::paused && phase_ != phase::blocked &&
      phase_ != phase::blackholed) {
    return;
  }
  reading_ = true;
  const auto space = parser_.prepare(read_chunk);
  socket_.async_read_some(asio::buffer(space.data(), space.size()),
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                            self->when_idle([self, ec, n] {
                              self->reading_ = false;
                              if (self->phase_ == phase::closed) return;
                              if (ec) {
                                self->close(closed_by::client);
                                return;
                              }
                              if (self->phase_ == phase::blackholed) {
                                self->read();  // what it sent is never answered
                                return;
                              }
                              self->parser_.commit(n);
                              self->process();
                            });
                          });
}

void connection::process() {
  if (executing_) {
    when_idle([this] { process(); });
    return;
  }
  const auto& options = engine_->core.options();
  bool over_cap = false;
  bool woke_others = false;
  std::chrono::milliseconds pause_left{0};
  unix_ms block_deadline = 0;
  {
    std::scoped_lock lock(engine_->core.mutex());
    stopped_for_output_ = false;
    take_pushes();
    while (phase_ == phase::serving || phase_ == phase::paused) {
      if (pending_.size() >= options.pause_reading_output) {
        stopped_for_output_ = true;
        break;
      }
      // In paused, the command that waited for CLIENT PAUSE to end comes first.
      std::vector<std::string_view> resumed(paused_command_.begin(), paused_command_.end());
      std::span<const std::string_view> argv = resumed;
      if (phase_ == phase::serving) {
        boost::system::error_code ec;
        const auto status = parser_.next(ec);
        if (status == kvresp::request_parser::status::need_more) break;
        if (status == kvresp::request_parser::status::error) {
          pending_ += parser_.error_reply();
          closing_by_ = closed_by::server;
          enter(phase::closing);
          break;
        }
        argv = parser_.args();
      }
      unix_ms until = 0;
      if (engine_->core.paused_for(session_, argv, until)) {
        // This command and everything after it wait.
        if (phase_ == phase::serving) {
          paused_command_.assign(argv.begin(), argv.end());
          enter(phase::paused);
        }
        pause_left = std::chrono::milliseconds(std::max<unix_ms>(1, until - engine_->core.now()));
        break;
      }
      if (phase_ == phase::paused) enter(phase::serving);
      auto decision = engine_->core.begin_request(session_, argv);
      if (decision.shapes_reply()) {
        hold(std::move(decision), argv);
        paused_command_.clear();
        break;
      }
      run_command(argv, pending_);
      paused_command_.clear();
      if (phase_ == phase::closing) break;
      parser_.set_authenticated(session_.authenticated);
      if (session_.blocked) {
        block_deadline = session_.blocked->deadline;
        enter(phase::blocked);
        break;
      }
      if (session_.close_after_reply) {
        closing_by_ = closed_by::client;  // QUIT
        enter(phase::closing);
      }
      over_cap = pending_.size() + outgoing_.size() > options.max_pending_output ||
                 output_limit_reached();
      if (over_cap) break;
    }
    woke_others = engine_->core.has_woken();
  }
  if (woke_others) write_woken_soon(engine_, socket_.get_executor());
  if (over_cap) {
    close(closed_by::server);  // the client does not read its replies
    return;
  }
  if (pause_left.count() > 0) after(pause_left, [this] { process(); });
  if (phase_ == phase::blocked) wait_for_deadline(block_deadline);
  write();
  if (pending_.size() < options.pause_reading_output) read();
}

void connection::hold(request_decision decision, std::span<const std::string_view> argv) {
  std::string reply;
  if (decision.runs_command()) {
    run_command(argv, reply);
    if (phase_ == phase::closing) return;  // the shaped reply is dropped with the connection
    parser_.set_authenticated(session_.authenticated);
  } else if (decision.what == request_decision::outcome::canned) {
    reply = decision.canned_reply;
  }
  delivery_.emplace(std::move(decision), std::move(reply));
  enter(phase::held);
}

void connection::write() {
  if (writing_ || phase_ == phase::closed) return;
  if (!pending_.empty()) {
    // Most replies fit in the socket's buffer: written at once, with no completion to queue.
    boost::system::error_code ec;
    const std::size_t written = socket_.write_some(asio::buffer(pending_), ec);
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
      close(closed_by::client);
      return;
    }
    if (!ec) pending_.erase(0, written);
    if (pending_.empty() && stopped_for_output_) {
      // Requests held back while replies piled up can run now, once this call returns.
      asio::post(socket_.get_executor(), [self = shared_from_this()] { self->process(); });
    }
  }
  if (pending_.empty()) {
    if (phase_ == phase::held) {
      enter(phase::delivering);
      deliver();
    } else if (phase_ == phase::closing && closing_by_ != closed_by::fault) {
      close(closing_by_);  // a fault's close waits for its own timer
    }
    return;
  }
  writing_ = true;
  outgoing_.swap(pending_);
  asio::async_write(socket_, asio::buffer(outgoing_),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                      self->when_idle([self, ec] {
                        self->writing_ = false;
                        self->outgoing_.clear();
                        if (self->phase_ == phase::closed) return;
                        if (ec) {
                          self->close(closed_by::client);
                          return;
                        }
                        // Requests held back while replies piled up can run now.
                        self->process();
                      });
                    });
}

template <typename F>
void connection::after(std::chrono::microseconds delay, F next) {
  if (delay.count() <= 0) {
    next();
    return;
  }
  timer_.expires_after(delay);
  timer_.async_wait([self = shared_from_this(), next](boost::system::error_code ec) {
    if (ec || self->phase_ == phase::closed) return;
    self->when_idle(next);
  });
}

void connection::deliver() {
  const auto step = delivery_->next();
  using kind = delivery_step::kind;
  switch (step.what) {
    case kind::write:
      writing_ = true;
      asio::async_write(socket_, asio::buffer(step.bytes.data(), step.bytes.size()),
                        [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                          self->when_idle([self, ec] {
                            self->writing_ = false;
                            if (self->phase_ == phase::closed) return;
                            if (ec) {
                              self->close(closed_by::client);
                              return;
                            }
                            self->deliver();
                          });
                        });
      return;
    case kind::wait:
      after(step.delay, [this] { deliver(); });
      return;
    case kind::close:
      close_by_fault(step.reset);
      return;
    case kind::blackhole:
      delivery_.reset();
      enter(phase::blackholed);
      read();
      return;
    case kind::done: {
      delivery_.reset();
      unix_ms deadline = 0;
      bool blocked = false;
      {
        std::scoped_lock lock(engine_->core.mutex());
        if (session_.blocked) {
          blocked = true;
          deadline = session_.blocked->deadline;
        }
      }
      if (session_.close_after_reply) {
        closing_by_ = closed_by::client;  // QUIT: once its reply is out
        enter(phase::closing);
      } else if (blocked) {
        enter(phase::blocked);  // the shaped command blocks: its answer comes as output later
        wait_for_deadline(deadline);
      } else {
        enter(phase::serving);
      }
      process();  // the requests that waited behind it
      return;
    }
  }
}

void connection::close_by_fault(bool reset) {
  if (reset) {
    boost::system::error_code ignored;
    // SO_LINGER with a zero timeout makes close() send a RST instead of a FIN.
    socket_.set_option(tcp::socket::linger(true, 0), ignored);
  }
  close(closed_by::fault);
}

}  // namespace kvmock

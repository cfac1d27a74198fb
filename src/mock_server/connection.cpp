#include "connection.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <vector>

namespace kvmock {
namespace {

constexpr std::size_t read_chunk = 16 * 1024;
// With a bandwidth limit and no slice size, the reply goes out in pieces of 10 ms each.
constexpr std::int64_t bandwidth_pieces_per_second = 100;

std::size_t piece_size(const request_decision& decision, std::size_t remaining) {
  if (decision.piece_bytes > 0) return std::min(decision.piece_bytes, remaining);
  if (decision.kbps > 0) {
    const auto bytes_per_piece = std::max<std::int64_t>(
        1, std::int64_t{decision.kbps} * 1000 / 8 / bandwidth_pieces_per_second);
    return std::min(static_cast<std::size_t>(bytes_per_piece), remaining);
  }
  return remaining;
}

// The pause after a piece: the slice's delay plus the piece's time at the bandwidth limit.
std::chrono::microseconds pause_after(const request_decision& decision, std::size_t piece) {
  auto pause = decision.piece_delay;
  if (decision.kbps > 0) {
    pause += std::chrono::microseconds(static_cast<std::int64_t>(piece) * 8 * 1000 /
                                       std::int64_t{decision.kbps});
  }
  return pause;
}

// As Redis formats a peer: "ip:port", "[ip]:port" for IPv6.
std::string address_of(const tcp::endpoint& endpoint) {
  const std::string ip = endpoint.address().to_string();
  const std::string port = std::to_string(endpoint.port());
  return endpoint.address().is_v6() ? "[" + ip + "]:" + port : ip + ":" + port;
}

}  // namespace

connection::connection(std::shared_ptr<server_engine> shared, tcp::socket socket, std::uint64_t number,
                       bool admin)
    : engine_(std::move(shared)), socket_(std::move(socket)), timer_(socket_.get_executor()) {
  session_.connection = number;
  session_.admin = admin;
}

void connection::start(const accept_decision& decision) {
  boost::system::error_code ec;
  socket_.set_option(tcp::no_delay(true), ec);
  socket_.non_blocking(true, ec);  // for write()'s attempt at once
  const auto peer = socket_.remote_endpoint(ec);
  // Connections whose client has closed, though the server has not read that yet, do not count
  // towards the peak: a pool that closed one and then opened another never held both.
  std::size_t gone = 0;
  for (connection* other : engine_->connections) {
    if (!other->session_.admin && other->client_gone()) ++gone;
  }
  engine_->connections.insert(this);
  boost::system::error_code local_ec;
  const auto local = socket_.local_endpoint(local_ec);
  {
    std::scoped_lock lock(engine_->core.mutex());
    if (!ec) session_.address = address_of(peer);
    if (!local_ec) session_.local_address = address_of(local);
    session_.fd = socket_.native_handle();
    engine_->core.open_session(session_, ec ? 0 : peer.port(), gone);
  }
  parser_.set_authenticated(session_.authenticated);
  using action = accept_decision::action;
  switch (decision.what) {
    case action::stall:
      // Never answers, not even the first command. What arrives is discarded unread, so that
      // the server still sees the client close.
      blackholed_ = true;
      read();
      return;
    case action::close:
    case action::reset:
      close_by_fault(decision.what == action::reset, decision.close_delay);
      return;
    default:
      read();
  }
}

void connection::resume() {
  if (!closed_ && !paused_command_.empty()) process();
}

bool connection::client_gone() {
  if (closed_) return false;
  tcp_info info{};
  socklen_t size = sizeof info;
  if (::getsockopt(socket_.native_handle(), IPPROTO_TCP, TCP_INFO,
                   &info, &size) != 0) {
    return false;
  }
  return info.tcpi_state != TCP_ESTABLISHED;  // a FIN or RST from the client arrived
}

void connection::close(closed_by who) {
  if (closed_) return;
  closed_ = true;
  timer_.cancel();
  boost::system::error_code ignored;
  socket_.close(ignored);
  engine_->connections.erase(this);
  std::scoped_lock lock(engine_->core.mutex());
  engine_->core.close_session(session_, who);
}

void connection::read() {
  if (closed_ || closing_ || reading_ || held_) return;
  reading_ = true;
  const auto space = parser_.prepare(read_chunk);
  socket_.async_read_some(asio::buffer(space.data(), space.size()),
                          [self = shared_from_this()](boost::system::error_code ec,
                                                      std::size_t n) {
                            self->reading_ = false;
                            if (self->closed_) return;
                            if (ec) {
                              self->close(closed_by::client);
                              return;
                            }
                            if (self->blackholed_) {
                              self->read();  // what it sent is never answered
                              return;
                            }
                            self->parser_.commit(n);
                            self->process();
                          });
}

void connection::process() {
  const auto& options = engine_->core.options();
  bool over_cap = false;
  std::chrono::milliseconds pause_left{0};
  {
    std::scoped_lock lock(engine_->core.mutex());
    stopped_for_output_ = false;
    while (!closing_ && !held_ && !blackholed_) {
      if (pending_.size() >= options.pause_reading_output) {
        stopped_for_output_ = true;
        break;
      }
      // A command that waited for CLIENT PAUSE to end comes first.
      std::vector<std::string_view> resumed(paused_command_.begin(), paused_command_.end());
      std::span<const std::string_view> argv = resumed;
      if (paused_command_.empty()) {
        boost::system::error_code ec;
        const auto status = parser_.next(ec);
        if (status == kvresp::request_parser::status::need_more) break;
        if (status == kvresp::request_parser::status::error) {
          pending_ += parser_.error_reply();
          closing_ = true;
          closing_by_ = closed_by::server;
          break;
        }
        argv = parser_.args();
      }
      unix_ms until = 0;
      if (engine_->core.paused_for(session_, argv, until)) {
        // This command and everything after it wait.
        if (paused_command_.empty()) paused_command_.assign(argv.begin(), argv.end());
        pause_left = std::chrono::milliseconds(std::max<unix_ms>(1, until - engine_->core.now()));
        break;
      }
      auto decision = engine_->core.begin_request(session_, argv);
      if (decision.shapes_reply()) {
        hold(std::move(decision), argv);
        paused_command_.clear();
        break;
      }
      engine_->core.execute(session_, argv, pending_);
      paused_command_.clear();
      parser_.set_authenticated(session_.authenticated);
      if (session_.close_after_reply) closing_ = true;
      over_cap = pending_.size() + writing_.size() > options.max_pending_output;
      if (over_cap) break;
    }
  }
  if (over_cap) {
    close(closed_by::server);  // the client does not read its replies
    return;
  }
  if (pause_left.count() > 0) after(pause_left, &connection::process);
  write();
  if (pending_.size() < options.pause_reading_output) read();
}

void connection::hold(request_decision decision, std::span<const std::string_view> argv) {
  if (decision.runs_command()) {
    engine_->core.execute(session_, argv, held_reply_);
    parser_.set_authenticated(session_.authenticated);
  } else if (decision.what == request_decision::outcome::canned) {
    held_reply_ = decision.canned_reply;
  }
  if (decision.what == request_decision::outcome::close_mid_reply) {
    held_reply_.resize(std::min(held_reply_.size(), decision.close_after_bytes));
  }
  if (session_.close_after_reply) closing_ = true;  // QUIT: once its reply is out
  held_ = std::move(decision);
}

void connection::write() {
  if (writing_active_ || closed_) return;
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
    if (held_) {
      if (!delivering_) deliver_held();
    } else if (closing_) {
      close(closing_by_);
    }
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
                        self->close(closed_by::client);
                        return;
                      }
                      // Requests held back while replies piled up can run now.
                      self->process();
                    });
}

void connection::after(std::chrono::microseconds delay, void (connection::*next)()) {
  if (delay.count() <= 0) {
    (this->*next)();
    return;
  }
  timer_.expires_after(delay);
  timer_.async_wait([self = shared_from_this(), next](boost::system::error_code ec) {
    if (ec || self->closed_) return;
    ((*self).*next)();
  });
}

void connection::deliver_held() {
  delivering_ = true;
  after(held_->delay, &connection::write_held_piece);
}

void connection::write_held_piece() {
  using outcome = request_decision::outcome;
  const auto& decision = *held_;
  if (decision.what == outcome::blackhole) {
    blackholed_ = true;
    held_.reset();
    delivering_ = false;
    read();
    return;
  }
  if (decision.what == outcome::close_before || decision.what == outcome::close_after) {
    close_by_fault(decision.reset, decision.close_delay);
    return;
  }
  if (held_sent_ == held_reply_.size()) {
    finish_held();
    return;
  }
  const auto piece = piece_size(decision, held_reply_.size() - held_sent_);
  writing_active_ = true;
  asio::async_write(
      socket_, asio::buffer(held_reply_.data() + held_sent_, piece),
      [self = shared_from_this(), piece](boost::system::error_code ec, std::size_t) {
        self->writing_active_ = false;
        if (self->closed_) return;
        if (ec) {
          self->close(closed_by::client);
          return;
        }
        self->held_sent_ += piece;
        const bool last = self->held_sent_ == self->held_reply_.size();
        self->after(last ? std::chrono::microseconds(0) : pause_after(*self->held_, piece),
                    &connection::write_held_piece);
      });
}

void connection::finish_held() {
  if (held_->what == request_decision::outcome::close_mid_reply) {
    // held_ stays set: nothing else is read or written before the close.
    close_by_fault(held_->reset, held_->close_delay);
    return;
  }
  held_.reset();
  held_reply_.clear();
  held_sent_ = 0;
  delivering_ = false;
  process();  // the requests that waited behind it
}

void connection::close_by_fault(bool reset, std::chrono::milliseconds delay) {
  closing_ = true;  // reads nothing more, answers nothing more
  closing_by_ = closed_by::fault;
  reset_on_close_ = reset;
  after(delay, &connection::close_for_fault);
}

void connection::close_for_fault() {
  if (reset_on_close_) {
    boost::system::error_code ignored;
    // SO_LINGER with a zero timeout makes close() send a RST instead of a FIN.
    socket_.set_option(tcp::socket::linger(true, 0), ignored);
  }
  close(closed_by::fault);
}

}  // namespace kvmock

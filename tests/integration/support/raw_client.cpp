#include "raw_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <span>
#include <stdexcept>
#include <utility>

#include <kvresp/reply_parser.hpp>
#include <kvresp/writer.hpp>

namespace kvtest {
namespace {

// A safety net so that a server that never answers (or never reads) fails the test instead of
// hanging it; only tests of a server that must not answer set a shorter one and expect it.
constexpr timeval io_timeout{10, 0};

std::runtime_error system_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

// A socket connected to 127.0.0.1:port, or -1 with errno set.
int connect_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

}  // namespace

raw_client::raw_client(std::uint16_t port) {
  fd_ = connect_loopback(port);
  if (fd_ < 0) throw system_error("connect to 127.0.0.1:" + std::to_string(port));
  const int one = 1;
  // Commands are small and answered one by one: do not let Nagle delay them.
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &io_timeout, sizeof io_timeout);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &io_timeout, sizeof io_timeout);
}

int connect_error(std::uint16_t port) {
  const int fd = connect_loopback(port);
  if (fd < 0) return errno;
  ::close(fd);
  return 0;
}

void raw_client::set_timeout(std::chrono::milliseconds timeout) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
  const timeval limit{static_cast<time_t>(micros / 1'000'000),
                      static_cast<suseconds_t>(micros % 1'000'000)};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
}

raw_client::~raw_client() { close(); }

raw_client::raw_client(raw_client&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)) {}

raw_client& raw_client::operator=(raw_client&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

void raw_client::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

void raw_client::send(std::string_view bytes) {
  while (!bytes.empty()) {
    // MSG_NOSIGNAL: a server that closed the connection must fail the test, not kill it.
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        throw std::runtime_error("the server read nothing in time");
      }
      throw system_error("send");
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
}

bool raw_client::receive_more() {
  char chunk[16384];
  for (;;) {
    const ssize_t received = ::recv(fd_, chunk, sizeof chunk, 0);
    if (received > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(received));
      return true;
    }
    if (received == 0) return false;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      throw std::runtime_error("no reply in time; received so far: " +
                               std::to_string(buffer_.size()) + " bytes");
    }
    // A reset after the server closed on unread input: the connection is over all the same.
    if (errno == ECONNRESET) {
      end_error_ = ECONNRESET;
      return false;
    }
    throw system_error("recv");
  }
}

std::string raw_client::read_reply() {
  for (;;) {
    boost::system::error_code ec;
    if (const auto length = kvresp::complete_reply_length(buffer_, ec)) {
      std::string reply = buffer_.substr(0, *length);
      buffer_.erase(0, *length);
      return reply;
    }
    if (ec) throw std::runtime_error("malformed reply (" + ec.message() + "): " + buffer_);
    if (!receive_more()) {
      throw std::runtime_error("connection closed before a complete reply; received: " + buffer_);
    }
  }
}

std::string raw_client::command(std::initializer_list<std::string_view> args) {
  std::string request;
  kvresp::append_command(request, args);
  send(request);
  return read_reply();
}

std::string raw_client::command(const std::vector<std::string>& args) {
  const std::vector<std::string_view> views(args.begin(), args.end());
  std::string request;
  kvresp::append_command(request, std::span<const std::string_view>(views));
  send(request);
  return read_reply();
}

std::string raw_client::read_until_closed() {
  while (receive_more()) {
  }
  return std::exchange(buffer_, {});
}

}  // namespace kvtest

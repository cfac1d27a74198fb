#pragma once
// A blocking RESP2 client over a plain POSIX socket that hands back replies as raw bytes, so that
// two servers' answers can be compared byte for byte. Errors (refused connection, a closed
// connection, a reply that does not come) throw std::runtime_error, which fails the test.

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace kvtest {

class raw_client {
 public:
  // Connects to 127.0.0.1:port.
  explicit raw_client(std::uint16_t port);
  ~raw_client();
  raw_client(raw_client&& other) noexcept;
  raw_client& operator=(raw_client&& other) noexcept;
  raw_client(const raw_client&) = delete;
  raw_client& operator=(const raw_client&) = delete;

  void send(std::string_view bytes);
  // Exactly one complete RESP2 reply, as received; bytes after it stay buffered for the next call.
  std::string read_reply();
  // Sends the command as a RESP array of bulk strings and returns its reply.
  std::string command(std::initializer_list<std::string_view> args);
  std::string command(const std::vector<std::string>& args);
  // Everything the server sends until it closes the connection, buffered bytes included.
  std::string read_until_closed();
  // How the connection ended: 0 for an orderly close (FIN), ECONNRESET for a reset.
  int end_error() const { return end_error_; }
  // How long a send or a receive may wait before it throws (10 s unless set).
  void set_timeout(std::chrono::milliseconds timeout);

 private:
  // Appends what the socket has to buffer_; false at end of file.
  bool receive_more();
  void close();

  int fd_ = -1;
  std::string buffer_;
  int end_error_ = 0;
};

// 0 if a connection to 127.0.0.1:port is accepted (it is closed again), else connect()'s errno.
int connect_error(std::uint16_t port);

}  // namespace kvtest

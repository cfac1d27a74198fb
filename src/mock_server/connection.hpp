#pragma once
// One client connection on the server's thread: reads requests, runs them through the core in
// order, writes the replies with back-pressure, and carries out what faults decide for it.
// A request a fault shapes (delays, slices, cuts) is held back with everything after it, so
// replies are never reordered.

#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server_engine.hpp"
#include "kvresp/request_parser.hpp"

namespace kvmock {

class connection : public std::enable_shared_from_this<connection> {
 public:
  // number: the main port's connection number, 0 on the admin port.
  connection(std::shared_ptr<server_engine> shared, tcp::socket socket, std::uint64_t number, bool admin);
  // Whatever path drops the last handler, the session is closed and unregistered.
  ~connection() { close(closed_by::server); }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // Registers the session, then serves it as the accept decision says.
  void start(const accept_decision& decision);
  // Closes the socket at once; queued handlers then find the connection closed.
  void close(closed_by who);
  // Its client closed or reset the connection, whether or not the server has read that yet.
  bool client_gone();
  std::uint64_t client_id() const noexcept { return session_.id; }
  // After CLIENT UNPAUSE: runs the command that waited, if any.
  void resume();

 private:
  void read();
  // Runs every complete request received, unless the client is behind on reading replies or a
  // fault holds a reply back.
  void process();
  // Runs (or not) the request a fault shapes and keeps its reply aside. Under the mutex.
  void hold(request_decision decision, std::span<const std::string_view> argv);
  void write();
  // The held request's fault: its delay, then its outcome, written piece by piece.
  void deliver_held();
  void write_held_piece();
  void finish_held();
  // After a slow_close pause: a FIN, or a RST when reset.
  void close_by_fault(bool reset, std::chrono::milliseconds delay);
  void close_for_fault();
  // Runs next after delay on this connection's timer, unless the connection closes first.
  void after(std::chrono::microseconds delay, void (connection::*next)());

  std::shared_ptr<server_engine> engine_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  kvresp::request_parser parser_;
  session session_;
  std::string pending_;  // replies not yet handed to the socket
  std::string writing_;  // replies being written
  std::optional<request_decision> held_;  // a request a fault shapes, with its reply below
  std::string held_reply_;
  std::size_t held_sent_ = 0;
  std::vector<std::string> paused_command_;  // parsed, waiting for CLIENT PAUSE to end
  bool delivering_ = false;
  bool blackholed_ = false;  // reads and discards, never answers again
  bool reset_on_close_ = false;  // the fault that closes asked for a RST
  bool reading_ = false;
  bool writing_active_ = false;
  bool stopped_for_output_ = false;  // process() left requests unread while replies piled up
  bool closing_ = false;  // write what is pending, then close
  closed_by closing_by_ = closed_by::client;
  bool closed_ = false;
};

}  // namespace kvmock

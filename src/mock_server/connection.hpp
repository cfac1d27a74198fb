#pragma once
// One client connection on the server's thread: reads requests, runs them through the core in
// order, writes the replies with back-pressure, and carries out what faults decide for it.
//
// Its life is one explicit phase (below), changed only by enter(), which checks the move:
//
//   serving ──> paused ──> serving        a command waits for CLIENT PAUSE to end
//   serving | delivering ──> blocked ──> serving   a blocking command waits (BLPOP...): requests
//                                           are read (so a close is seen) but not run until
//                                           the core answers it (served, timed out, unblocked)
//   serving | paused ──> held               a fault shapes a reply: it waits for the output
//                                           before it to be written
//   held ──> delivering ──> serving         the reply goes out as reply_delivery says
//   delivering ──> blackholed               the fault never answers again
//   serving | paused | delivering ──> closing   a protocol error, QUIT, a fault at accept:
//                                           writes what is pending, then closes
//   any ──> closed                          the socket is closed; nothing runs after
//
// A request a fault shapes is held with everything after it, so replies are never reordered.
// Whether the session is subscribed (RESP2's restricted commands) is the core's business: for
// the connection, messages are output like its replies, written in serving and paused, kept
// while a fault shapes a reply, dropped when blackholed.
// reading_ and writing_ only say an Asio operation is in flight.
//
// A command may run for long: a script past busy-reply-threshold serves the other clients from
// inside its command (server_core::interrupt_script runs the ready handlers). Meanwhile this
// connection's own handlers wait (when_idle) and a close waits for the command's end (then
// writes what is pending, as closing does), so that a connection never re-enters itself.

#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kvresp/request_parser.hpp"
#include "reply_delivery.hpp"
#include "server_engine.hpp"

namespace kvmock {

class connection : public std::enable_shared_from_this<connection> {
 public:
  enum class phase { serving, paused, blocked, held, delivering, blackholed, closing, closed };

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
  // After CLIENT UNPAUSE: runs the command that waited, if any.
  void resume();
  // The core queued output for this session outside its own requests (pub/sub messages):
  // writes it, after any reply a fault is still shaping.
  void flush_pushes();

 private:
  void enter(phase next);
  // Runs one request through the core, then what waited for it (see when_idle).
  void run_command(std::span<const std::string_view> argv, std::string& out);
  // Runs next() now, or once the command this connection is running ends.
  template <typename F>
  void when_idle(F next);
  void read();
  // Runs every complete request received, unless the client is behind on reading replies or a
  // fault holds a reply back.
  void process();
  // Runs (or not) the request a fault shapes and starts delivering its reply. Under the mutex.
  void hold(request_decision decision, std::span<const std::string_view> argv);
  void write();
  // Carries out the delivery's next step; called again when that step is done.
  void deliver();
  // A fault's close: a FIN, or a RST when reset.
  void close_by_fault(bool reset);
  // In blocked: answers the blocking command if its deadline passed, else waits for it again.
  void check_deadline();
  void wait_for_deadline(unix_ms deadline);
  // Runs next() after delay on this connection's timer, unless the connection closes first.
  template <typename F>
  void after(std::chrono::microseconds delay, F next);
  // Whether the output waiting passed the client class's client-output-buffer-limit (pubsub
  // while subscribed, else normal), as Redis's checkClientOutputBufferLimits decides: the hard
  // limit at once, the soft one after soft_seconds over it on the server's clock. Under the
  // mutex.
  bool output_limit_reached();
  // Moves the session's pushes to the output (a blackholed session's are dropped). Under the
  // mutex.
  void take_pushes();

  std::shared_ptr<server_engine> engine_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  kvresp::request_parser parser_;
  session session_;
  phase phase_ = phase::serving;
  std::string pending_;  // replies not yet handed to the socket
  std::string outgoing_;  // replies being written
  std::optional<reply_delivery> delivery_;  // in held and delivering: the reply a fault shapes
  std::vector<std::string> paused_command_;  // in paused: parsed, waiting for CLIENT PAUSE to end
  bool executing_ = false;  // run_command is on the stack
  std::vector<std::function<void()>> after_command_;  // handlers that came while executing_
  std::optional<closed_by> close_after_command_;  // a close that came while executing_
  bool reading_ = false;
  bool writing_ = false;  // outgoing_ or a delivery's piece
  bool stopped_for_output_ = false;  // process() left requests unread while replies piled up
  closed_by closing_by_ = closed_by::client;  // in closing: who will have closed it
  unix_ms over_soft_limit_since_ = 0;  // 0: under the soft output limit
};

}  // namespace kvmock

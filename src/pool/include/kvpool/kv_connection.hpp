#pragma once
// One connection to a Redis-compatible server over TCP, speaking RESP2.
//
//   auto [ec, connection] = co_await kvpool::kv_connection::async_connect(
//       executor, {.host = "127.0.0.1", .port = 6379}, as_tuple(use_awaitable));
//   kvpool::request r;
//   r.push("SET", "k", "v");
//   r.push("GET", "k");
//   auto [ec2, replies] = co_await connection->async_execute(r, as_tuple(use_awaitable));
//
// Asynchronous operations take any completion token (callbacks, use_future, use_awaitable,
// deferred...), complete on the token's associated executor (the connection's strand when it
// has none) and never from inside the initiating call. Each supports per-operation
// cancellation through the token's associated cancellation slot (any cancellation type).
//
// Breaking. An operation interrupted or failed at the I/O or protocol level (cancelled,
// command_timeout, protocol_error, an I/O error, end of file, close()) closes the socket and
// makes the connection unusable for good: reusable() turns false and later operations complete
// with error::connection_broken, so that a reply to an interrupted command can never reach the
// next user. An error reply from the server (-ERR ...) is a normal reply and breaks nothing.
//
// Session. The connection follows what its commands change on the server: the database
// SELECTed, an open MULTI, WATCHed keys, subscriptions, MONITOR, CLIENT REPLY, the client's
// name, AUTH, HELLO, RESET, QUIT. session_changed() says whether the session differs from the
// one the handshake made, and async_restore() brings it back (RESET and the handshake again, or
// just DISCARD, UNWATCH and SELECT when that is all it takes); a pool does so before the next
// holder gets the connection. A command answered once per channel (SUBSCRIBE a b) has the array
// of those answers as its reply; one whose reply the server suppresses (CLIENT REPLY OFF or
// SKIP) has a null reply. While subscribed or in MONITOR, the messages the server sends unasked
// are kept apart from the replies, and async_receive() returns them one by one.
//
// Threads. The socket lives on a strand of the executor given to async_connect, so the
// connection may be used from an io_context run by several threads. It runs one operation at a
// time, like an Asio socket: starting another before the first completes fails it with
// boost::asio::error::already_started. close(), reusable() and session_changed() may be called
// from any thread, close() any number of times.
// Like every Asio I/O object, it must be destroyed before its execution context.
//
// Asio's heavy headers stay in the .cpp: the templates below only wrap the completion handler
// in an any_completion_handler and call a compiled function.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>
#include <kvresp/reply_parser.hpp>

#include "kvpool/reply.hpp"
#include "kvpool/request.hpp"

namespace kvpool {

struct connection_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::string password;     // empty: no AUTH
  int database = 0;         // other than 0: SELECT it
  std::string client_name;  // not empty: CLIENT SETNAME it
  // Covers resolving, the TCP connect and the AUTH/SELECT/SETNAME handshake.
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(5);
  // Per async_execute; zero means none. On expiry the connection is closed and broken.
  std::chrono::milliseconds command_timeout{0};
  // Replies declaring longer strings, longer arrays or deeper nesting are protocol errors.
  kvresp::reply_limits reply_limits;
};

class kv_connection {
 public:
  using executor_type = boost::asio::any_io_executor;
  using connect_signature = void(boost::system::error_code, std::unique_ptr<kv_connection>);
  using execute_signature = void(boost::system::error_code, std::vector<reply>);
  using receive_signature = void(boost::system::error_code, reply);

  // Connects, authenticates (AUTH password), selects the database and names the client, as
  // options ask. Errors: the resolver's and socket's own (e.g. connection_refused),
  // error::connect_timeout, error::auth_failed, error::select_failed,
  // error::client_name_rejected, operation_aborted when cancelled; the connection is then null.
  template <boost::asio::completion_token_for<connect_signature> Token>
  static auto async_connect(executor_type executor, connection_options options, Token&& token) {
    return boost::asio::async_initiate<Token, connect_signature>(
        [](boost::asio::any_completion_handler<connect_signature> handler,
           executor_type executor, connection_options options) {
          initiate_connect(std::move(handler), std::move(executor), std::move(options));
        },
        token, std::move(executor), std::move(options));
  }

  // Writes the whole pipeline at once and reads exactly pipeline.size() replies, which may
  // include server error replies. The request must stay valid until the operation completes.
  // Errors: connection_broken, command_timeout, protocol_error, operation_aborted (cancelled or
  // closed), the socket's own (eof, connection_reset...), already_started.
  template <boost::asio::completion_token_for<execute_signature> Token>
  auto async_execute(const request& pipeline, Token&& token) {
    return boost::asio::async_initiate<Token, execute_signature>(
        [this](boost::asio::any_completion_handler<execute_signature> handler,
               const request* pipeline) { initiate_execute(std::move(handler), *pipeline); },
        token, &pipeline);
  }

  // The next message the server sent unasked while the connection is subscribed or in
  // MONITOR: a pub/sub message (["message", channel, payload], ["pmessage", pattern, channel,
  // payload], ["smessage", channel, payload]) or a MONITOR line; those that came during other
  // operations first. No command_timeout applies; cancelling it leaves the connection usable.
  // Errors: not_subscribed, connection_broken, protocol_error (a reply nobody asked for), the
  // socket's own, operation_aborted, already_started.
  template <boost::asio::completion_token_for<receive_signature> Token>
  auto async_receive(Token&& token) {
    return boost::asio::async_initiate<Token, receive_signature>(
        [this](boost::asio::any_completion_handler<receive_signature> handler) {
          initiate_receive(std::move(handler));
        },
        token);
  }

  // Brings the session back to the handshake's (see above), in one round trip; completes at once
  // when it did not change. Errors: as async_execute's, and unexpected_reply when the server
  // refused a command of the restore (the connection is then closed).
  template <boost::asio::completion_token_for<void(boost::system::error_code)> Token>
  auto async_restore(Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
        [this](boost::asio::any_completion_handler<void(boost::system::error_code)> handler) {
          initiate_restore(std::move(handler));
        },
        token);
  }

  // Closes the socket: at once when no operation is in progress; otherwise on the strand, and
  // the operation completes with operation_aborted. Idempotent, from any thread.
  void close();
  // False once the connection was broken or closed, and while an operation is in progress.
  bool reusable() const noexcept;
  // Whether its commands left the session other than the handshake made it.
  bool session_changed() const noexcept;
  // The connection's strand.
  executor_type get_executor() const noexcept;
  const connection_options& options() const noexcept;

  ~kv_connection();
  kv_connection(const kv_connection&) = delete;
  kv_connection& operator=(const kv_connection&) = delete;

 private:
  struct impl;
  explicit kv_connection(std::shared_ptr<impl> state) noexcept;

  static void initiate_connect(boost::asio::any_completion_handler<connect_signature> handler,
                               executor_type executor, connection_options options);
  void initiate_execute(boost::asio::any_completion_handler<execute_signature> handler,
                        const request& pipeline);
  void initiate_receive(boost::asio::any_completion_handler<receive_signature> handler);
  void initiate_restore(boost::asio::any_completion_handler<void(boost::system::error_code)> handler);

  // Shared with the handlers of operations in flight, which may outlive this object.
  std::shared_ptr<impl> impl_;
};

}  // namespace kvpool

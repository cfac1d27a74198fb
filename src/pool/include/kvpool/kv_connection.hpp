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
// Threads. The socket lives on a strand of the executor given to async_connect, so the
// connection may be used from an io_context run by several threads. It runs one operation at a
// time, like an Asio socket: starting another before the first completes fails it with
// boost::asio::error::already_started. close() and reusable() may be called from any thread.
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

  // Closes the socket: at once when no operation is in progress; otherwise on the strand, and
  // the operation completes with operation_aborted.
  void close();
  // False once the connection was broken or closed, and while an operation is in progress.
  bool reusable() const noexcept;
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

  // Shared with the handlers of operations in flight, which may outlive this object.
  std::shared_ptr<impl> impl_;
};

}  // namespace kvpool

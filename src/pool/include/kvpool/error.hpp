#pragma once
// Errors of the pool and the KV client, as boost::system::error_code values of the "kvpool" category.
// I/O errors from the socket (connection refused, reset, end of file) pass through unchanged.

#include <boost/system/error_code.hpp>

namespace kvpool {

enum class error {
  // Pool.
  timeout = 1,       // no connection became available within acquire_timeout
  connect_failed,    // acquire_timeout passed while every connect attempt failed
  pool_closed,       // the pool was closed before or while the acquire waited
  invalid_config,    // a configuration value is out of range (thrown at construction)
  // KV client.
  protocol_error,    // the server's bytes are not valid RESP: the connection is dropped
  server_error,      // the server answered an error reply (its text is in the reply)
  unexpected_reply,  // a valid reply of a type the command does not expect
  connection_broken, // an earlier command was interrupted: the connection must not be reused
  command_timeout,   // no reply within the client's command_timeout: the connection is dropped
  connect_timeout,   // no connection (and handshake) within connect_timeout
  auth_failed,       // the server rejected AUTH
  select_failed,     // the server rejected SELECT
  client_name_rejected,  // the server rejected CLIENT SETNAME
  not_subscribed,    // async_receive on a connection neither subscribed nor in MONITOR
};

const boost::system::error_category& pool_category() noexcept;

inline boost::system::error_code make_error_code(error e) noexcept {
  return {static_cast<int>(e), pool_category()};
}

}  // namespace kvpool

template <>
struct boost::system::is_error_code_enum<kvpool::error> : std::true_type {};

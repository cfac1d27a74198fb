#pragma once
// The connector that lets basic_pool hold kv_connections: it opens one with the pool's
// connection_options (handshake included), health-checks with PING, reports a connection that
// was interrupted mid-command as not reusable, so the pool discards it, and one whose holder
// changed its session (SELECT, MULTI, SUBSCRIBE...) as reusable after a check, which restores
// the session (kv_connection::async_restore) instead of PINGing.

#include <memory>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/system/error_code.hpp>

#include "kvpool/kv_connection.hpp"
#include "kvpool/reuse.hpp"

namespace kvpool {

class kv_connector {
 public:
  using connection_type = kv_connection;

  kv_connector(boost::asio::any_io_executor executor, connection_options options)
      : executor_(std::move(executor)), options_(std::move(options)) {}

  void async_connect(boost::asio::any_completion_handler<
                     void(boost::system::error_code, std::unique_ptr<kv_connection>)> done);
  // PING, expecting PONG (any other answer fails the check); or, when the session changed, its
  // restore.
  void async_check(kv_connection& connection,
                   boost::asio::any_completion_handler<void(boost::system::error_code)> done);
  reuse reusable(const kv_connection& connection) const noexcept {
    if (!connection.reusable()) return reuse::never;
    return connection.session_changed() ? reuse::after_check : reuse::as_is;
  }
  void close(kv_connection& connection) { connection.close(); }

  const connection_options& options() const noexcept { return options_; }

 private:
  boost::asio::any_io_executor executor_;
  connection_options options_;
};

}  // namespace kvpool

#include "kvpool/error.hpp"

#include <string>

namespace kvpool {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "kvpool"; }

  std::string message(int value) const override {
    switch (static_cast<error>(value)) {
      case error::timeout:
        return "no connection became available within acquire_timeout: raise max_size or "
               "acquire_timeout, or hold connections for less time";
      case error::connect_failed:
        return "acquire_timeout passed while every connect attempt failed: check that the server "
               "is up and reachable (the pool's stats().last_connect_error says why it failed)";
      case error::pool_closed:
        return "the pool is closed: acquire from a pool that is still open";
      case error::invalid_config:
        return "invalid pool configuration";
      case error::protocol_error:
        return "the server sent bytes that are not valid RESP: the connection was dropped";
      case error::server_error:
        return "the server answered with an error reply";
      case error::unexpected_reply:
        return "the server's reply has a type this command does not expect";
      case error::connection_broken:
        return "an earlier command on this connection was interrupted, so its reply may still "
               "arrive: discard the connection and use another";
      case error::command_timeout:
        return "no reply within command_timeout: the connection was dropped";
      case error::connect_timeout:
        return "no connection within connect_timeout: check that the server is up and reachable, "
               "or raise connect_timeout";
      case error::auth_failed:
        return "the server rejected AUTH: check the password, and that the server requires one";
      case error::select_failed:
        return "the server rejected SELECT: use a database index below the server's "
               "'databases' setting (16 by default)";
      case error::client_name_rejected:
        return "the server rejected CLIENT SETNAME: use a client name without spaces or newlines";
      case error::not_subscribed:
        return "nothing to receive: the connection is neither subscribed (SUBSCRIBE, PSUBSCRIBE, "
               "SSUBSCRIBE) nor in MONITOR";
    }
    return "unknown kvpool error";
  }
};

}  // namespace

const boost::system::error_category& pool_category() noexcept {
  static const category instance;
  return instance;
}

}  // namespace kvpool

#include "kvpool/kv_connector.hpp"

#include <vector>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>

#include "kvpool/error.hpp"

namespace kvpool {

void kv_connector::async_connect(
    boost::asio::any_completion_handler<void(boost::system::error_code,
                                             std::unique_ptr<kv_connection>)> done) {
  kv_connection::async_connect(executor_, options_, std::move(done));
}

void kv_connector::async_check(
    kv_connection& connection,
    boost::asio::any_completion_handler<void(boost::system::error_code)> done) {
  if (connection.session_changed()) return connection.async_restore(std::move(done));
  static const request ping = [] {
    request r;
    r.push("PING");
    return r;
  }();
  auto executor = boost::asio::get_associated_executor(done);
  connection.async_execute(
      ping, boost::asio::bind_executor(
                std::move(executor), [done = std::move(done)](boost::system::error_code ec,
                                                              std::vector<reply> replies) mutable {
                  if (!ec && !(replies.size() == 1 && replies[0] == reply::simple_string("PONG"))) {
                    ec = error::unexpected_reply;
                  }
                  std::move(done)(ec);
                }));
}

}  // namespace kvpool

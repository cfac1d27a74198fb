#pragma once
// A toy pool this example writes itself, to show a rapidcheck property over someone else's pool:
// `size` connections opened up front; borrow() hands one out (or nothing when all are out);
// give_back() keeps it if it is still usable and otherwise opens a replacement.

#include <cstddef>
#include <memory>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <kvpool/kv_connection.hpp>

class toy_pool {
 public:
  toy_pool(kvpool::connection_options options, std::size_t size) : options_(std::move(options)), size_(size) {}

  // Opens the connections; false if one could not be opened.
  boost::asio::awaitable<bool> start() {
    for (std::size_t i = 0; i < size_; ++i) {
      auto connection = co_await open();
      if (!connection) co_return false;
      idle_.push_back(std::move(connection));
    }
    co_return true;
  }

  std::unique_ptr<kvpool::kv_connection> borrow() {
    if (idle_.empty()) return nullptr;
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }

  boost::asio::awaitable<void> give_back(std::unique_ptr<kvpool::kv_connection> connection) {
    if (!connection->reusable()) {
      connection->close();
      connection = co_await open();
      if (!connection) co_return;  // the pool shrinks while the server is unreachable
    }
    idle_.push_back(std::move(connection));
  }

  void close() {
    for (auto& connection : idle_) connection->close();
    idle_.clear();
  }

 private:
  boost::asio::awaitable<std::unique_ptr<kvpool::kv_connection>> open() {
    auto [ec, connection] = co_await kvpool::kv_connection::async_connect(
        co_await boost::asio::this_coro::executor, options_, boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec) co_return nullptr;
    co_return std::move(connection);
  }

  kvpool::connection_options options_;
  std::size_t size_;
  std::vector<std::unique_ptr<kvpool::kv_connection>> idle_;
};

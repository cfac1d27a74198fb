#pragma once
// The code under test in this example: a session store on a kv_pool, as a service would have it.

#include <chrono>
#include <optional>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <kvpool/kv_pool.hpp>

class session_store {
 public:
  explicit session_store(kvpool::kv_pool& pool) : pool_(pool) {}

  // Saves a session for `ttl`; the error when it could not.
  boost::asio::awaitable<boost::system::error_code> save(std::string id, std::string user, std::chrono::milliseconds ttl) {
    auto [ec] = co_await pool_.async_set("session:" + id, user, ttl, as_tuple);
    co_return ec;
  }

  // The user of a session; nullopt when it is missing, expired or the store cannot answer.
  boost::asio::awaitable<std::optional<std::string>> user_of(std::string id) {
    auto [ec, user] = co_await pool_.async_get("session:" + id, as_tuple);
    if (ec) co_return std::nullopt;
    co_return user;
  }

 private:
  static constexpr auto as_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);
  kvpool::kv_pool& pool_;
};

#pragma once
// kv_pool: the pool of KV client connections that services use.
//
//   kvpool::kv_pool pool(io.get_executor(), kvpool::kv_pool_config("127.0.0.1:6380/cache"));
//   co_await pool.async_connect(use_awaitable);                  // pre-warms min_size
//   {
//     auto held = co_await pool.async_acquire(use_awaitable);    // waits FIFO, at most acquire_timeout
//     co_await held.client().async_set("key", "value", use_awaitable);  // sets "cache:key"
//   }                                                            // returned to the pool here
//   auto value = co_await pool.async_get("key", use_awaitable);  // acquire, GET, release
//
// It is basic_pool<kv_connector> (see basic_pool.hpp for the thread model, cancellation and
// errors) with the namespace applied to every typed command. A connection whose command was
// interrupted (cancelled, timed out, an I/O or protocol error) is never returned to the pool: a
// stale reply can never reach its next user.
//
// The calls on the pool itself (async_get, async_set...) each acquire a connection, run one
// command, return the connection and complete with the command's result; their errors are the
// acquire's (error::timeout, error::connect_failed, error::pool_closed) or the command's (see
// kv_client.hpp). The text of a server error is only kept by a client you hold: use
// async_acquire and client().last_server_error() when you need it.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/compose.hpp>
#include <boost/asio/cancellation_state.hpp>
#include <boost/asio/error.hpp>

#include "kvpool/basic_pool.hpp"
#include "kvpool/kv_client.hpp"
#include "kvpool/kv_connector.hpp"
#include "kvpool/kv_pool_config.hpp"

namespace kvpool {

// A kv_connection held from a kv_pool, with a kv_client over it in the pool's namespace.
// Returned to the pool when destroyed or released.
class pooled_client {
 public:
  pooled_client() = default;
  pooled_client(pooled<kv_connection> held, const std::string& key_namespace)
      : held_(std::move(held)) {
    if (held_) client_.emplace(*held_, key_namespace);
  }

  kv_client& client() noexcept { return *client_; }
  kv_connection& connection() const noexcept { return *held_; }
  explicit operator bool() const noexcept { return static_cast<bool>(held_); }
  // Unique per connection the pool ever opened.
  std::uint64_t serial() const { return held_.serial(); }
  void release() noexcept {
    client_.reset();
    held_.release();
  }
  // Closed, never handed out again.
  void release_broken() noexcept {
    client_.reset();
    held_.release_broken();
  }
  // Out of the pool for good, its place freed (see pooled::detach): for a connection put to a
  // use that keeps it, such as SUBSCRIBE or MONITOR with kv_connection::async_receive.
  std::unique_ptr<kv_connection> detach() noexcept {
    client_.reset();
    return held_.detach();
  }

 private:
  pooled<kv_connection> held_;
  std::optional<kv_client> client_;
};

class kv_pool {
 public:
  using executor_type = boost::asio::any_io_executor;
  using error_code = boost::system::error_code;

  // Throws boost::system::system_error (error::invalid_config) for a bad value.
  kv_pool(executor_type executor, kv_pool_config config, pool_observer observer = {})
      : config_((config.validate(), std::move(config))),
        connections_(executor, config_.pool(), kv_connector(executor, config_.connection()),
                     std::move(observer)) {}

  executor_type get_executor() const { return connections_.get_executor(); }
  const kv_pool_config& config() const noexcept { return config_; }
  // As in the address ("127.0.0.1:6380/cache" gives "cache"); empty when there is none.
  const std::string& key_namespace() const noexcept { return config_.key_namespace(); }
  pool_stats stats() const { return connections_.stats(); }
  // The generic pool underneath, for what only it offers.
  basic_pool<kv_connector>& connections() noexcept { return connections_; }

  // Pre-warms min_size connections; completes when they are open or one connect failed (the
  // pool keeps retrying in the background either way). Signature: void(error_code).
  template <typename Token>
  auto async_connect(Token&& token) {
    return connections_.async_connect(std::forward<Token>(token));
  }

  // Signature: void(error_code, pooled_client).
  template <typename Token>
  auto async_acquire(Token&& token) {
    return async_acquire(config_.pool().acquire_timeout, std::forward<Token>(token));
  }
  template <typename Token>
  auto async_acquire(std::chrono::nanoseconds timeout, Token&& token) {
    return boost::asio::async_compose<Token, void(error_code, pooled_client)>(
        acquire_operation{this, timeout}, token, get_executor());
  }

  // An idle connection ready for use, or nothing; never waits and never opens one.
  std::optional<pooled_client> try_acquire() {
    if (auto held = connections_.try_acquire()) {
      return pooled_client(std::move(*held), key_namespace());
    }
    return std::nullopt;
  }

  // Refuses new acquires, fails waiters with error::pool_closed, closes idle connections now and
  // held ones when they are returned.
  void close() { connections_.close(); }
  // close(), then completes once every connection is closed. Signature: void(error_code).
  template <typename Token>
  auto async_close(Token&& token) {
    return connections_.async_close(std::forward<Token>(token));
  }

  // Acquires a connection, calls start(client, handler) to begin one operation on it, returns
  // the connection when that completes, and completes with its result. Signature must be the
  // operation's, beginning with error_code; an acquire error completes with default values.
  template <typename Signature, typename Start, typename Token>
  auto async_run(Start start, Token&& token) {
    return boost::asio::async_compose<Token, Signature>(
        run_operation<Signature, Start>{this, std::move(start), nullptr}, token, get_executor());
  }

  // One command each, as kv_client's of the same name (see kv_client.hpp).
  template <typename Token>
  auto async_get(std::string_view key, Token&& token) {
    return async_run<void(error_code, std::optional<std::string>)>(
        [key = std::string(key)](kv_client& c, auto handler) { c.async_get(key, std::move(handler)); },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_set(std::string_view key, std::string_view value, Token&& token) {
    return async_run<void(error_code)>(
        [key = std::string(key), value = std::string(value)](kv_client& c, auto handler) {
          c.async_set(key, value, std::move(handler));
        },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl,
                 Token&& token) {
    return async_run<void(error_code)>(
        [key = std::string(key), value = std::string(value), ttl](kv_client& c, auto handler) {
          c.async_set(key, value, ttl, std::move(handler));
        },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_del(std::vector<std::string> keys, Token&& token) {
    return async_run<void(error_code, long long)>(
        [keys = std::move(keys)](kv_client& c, auto handler) { c.async_del(keys, std::move(handler)); },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_exists(std::string_view key, Token&& token) {
    return async_run<void(error_code, bool)>(
        [key = std::string(key)](kv_client& c, auto handler) { c.async_exists(key, std::move(handler)); },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_incr(std::string_view key, Token&& token) {
    return async_incrby(key, 1, std::forward<Token>(token));
  }
  template <typename Token>
  auto async_decr(std::string_view key, Token&& token) {
    return async_incrby(key, -1, std::forward<Token>(token));
  }
  template <typename Token>
  auto async_incrby(std::string_view key, long long increment, Token&& token) {
    return async_run<void(error_code, long long)>(
        [key = std::string(key), increment](kv_client& c, auto handler) {
          c.async_incrby(key, increment, std::move(handler));
        },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_setnx(std::string_view key, std::string_view value, Token&& token) {
    return async_run<void(error_code, bool)>(
        [key = std::string(key), value = std::string(value)](kv_client& c, auto handler) {
          c.async_setnx(key, value, std::move(handler));
        },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_setnx(std::string_view key, std::string_view value, std::chrono::milliseconds ttl,
                   Token&& token) {
    return async_run<void(error_code, bool)>(
        [key = std::string(key), value = std::string(value), ttl](kv_client& c, auto handler) {
          c.async_setnx(key, value, ttl, std::move(handler));
        },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_expire(std::string_view key, std::chrono::milliseconds ttl, Token&& token) {
    return async_run<void(error_code, bool)>(
        [key = std::string(key), ttl](kv_client& c, auto handler) {
          c.async_expire(key, ttl, std::move(handler));
        },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_ttl(std::string_view key, Token&& token) {
    return async_run<void(error_code, key_ttl)>(
        [key = std::string(key)](kv_client& c, auto handler) { c.async_ttl(key, std::move(handler)); },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_mget(std::vector<std::string> keys, Token&& token) {
    return async_run<void(error_code, std::vector<std::optional<std::string>>)>(
        [keys = std::move(keys)](kv_client& c, auto handler) { c.async_mget(keys, std::move(handler)); },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_mset(std::vector<std::pair<std::string, std::string>> pairs, Token&& token) {
    return async_run<void(error_code)>(
        [pairs = std::move(pairs)](kv_client& c, auto handler) { c.async_mset(pairs, std::move(handler)); },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_ping(Token&& token) {
    return async_run<void(error_code, std::string)>(
        [](kv_client& c, auto handler) { c.async_ping(std::move(handler)); },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_info(Token&& token) {
    return async_run<void(error_code, std::string)>(
        [](kv_client& c, auto handler) { c.async_info(std::move(handler)); },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_lock(std::string_view key, std::string_view owner, std::chrono::milliseconds ttl,
                  Token&& token) {
    return async_setnx(key, owner, ttl, std::forward<Token>(token));
  }
  template <typename Token>
  auto async_unlock(std::string_view key, std::string_view owner, Token&& token) {
    return async_run<void(error_code, bool)>(
        [key = std::string(key), owner = std::string(owner)](kv_client& c, auto handler) {
          c.async_unlock(key, owner, std::move(handler));
        },
        std::forward<Token>(token));
  }
  template <typename Token>
  auto async_extend_lock(std::string_view key, std::string_view owner,
                         std::chrono::milliseconds ttl, Token&& token) {
    return async_run<void(error_code, bool)>(
        [key = std::string(key), owner = std::string(owner), ttl](kv_client& c, auto handler) {
          c.async_extend_lock(key, owner, ttl, std::move(handler));
        },
        std::forward<Token>(token));
  }
  // Any one command, verbatim (no namespace applied), e.g. {"HSET", pool.key("h"), "f", "v"}.
  template <typename Token>
  auto async_command(std::vector<std::string> arguments, Token&& token) {
    return async_run<void(error_code, reply)>(
        [arguments = std::move(arguments)](kv_client& c, auto handler) {
          c.async_command(arguments, std::move(handler));
        },
        std::forward<Token>(token));
  }
  // Several commands in one round trip; replies as they came, error replies included.
  template <typename Token>
  auto async_pipeline(request commands, Token&& token) {
    return async_run<void(error_code, std::vector<reply>)>(
        [commands = std::move(commands)](kv_client& c, auto handler) {
          c.async_pipeline(commands, std::move(handler));
        },
        std::forward<Token>(token));
  }
  // The key as sent to the server: "<namespace>:<name>", or name without a namespace.
  std::string key(std::string_view name) const {
    return key_namespace().empty() ? std::string(name) : key_namespace() + ":" + std::string(name);
  }

 private:
  struct acquire_operation {
    kv_pool* pool;
    std::chrono::nanoseconds timeout;

    template <typename Self>
    void operator()(Self& self) {
      self.reset_cancellation_state(boost::asio::enable_total_cancellation());
      pool->connections_.async_acquire(timeout, std::move(self));
    }
    template <typename Self>
    void operator()(Self& self, error_code ec, pooled<kv_connection> held) {
      self.complete(ec, pooled_client(std::move(held), pool->key_namespace()));
    }
  };

  template <typename Signature, typename Start>
  struct run_operation;

  template <typename Start, typename... Results>
  struct run_operation<void(error_code, Results...), Start> {
    kv_pool* pool;
    Start start;
    // On the heap: the client's address must not change while its command runs.
    std::unique_ptr<pooled_client> held;

    template <typename Self>
    void operator()(Self& self) {
      self.reset_cancellation_state(boost::asio::enable_total_cancellation());
      pool->async_acquire(std::move(self));
    }
    template <typename Self>
    void operator()(Self& self, error_code ec, pooled_client client) {
      if (ec) return self.complete(ec, Results{}...);
      // Cancelled as the connection was granted: the command is not sent, and the connection,
      // unused, goes back as it is.
      if (self.cancelled() != boost::asio::cancellation_type::none) {
        client.release();
        return self.complete(boost::asio::error::operation_aborted, Results{}...);
      }
      held = std::make_unique<pooled_client>(std::move(client));
      kv_client& running = held->client();
      // Out of self first: self moves into the handler before start's body runs.
      Start begin = std::move(start);
      begin(running, std::move(self));
    }
    template <typename Self, typename... Values>
    void operator()(Self& self, error_code ec, Values&&... values) {
      held.reset();  // back to the pool (discarded if the command broke it) before completing
      self.complete(ec, std::forward<Values>(values)...);
    }
  };

  kv_pool_config config_;
  basic_pool<kv_connector> connections_;
};

}  // namespace kvpool

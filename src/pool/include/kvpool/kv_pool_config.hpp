#pragma once
// How a kv_pool connects and sizes itself, from an address string and builder setters:
//
//   auto config = kvpool::kv_pool_config("127.0.0.1:6380/cache")  // keys become "cache:<key>"
//                     .min_size(5)
//                     .max_size(20)
//                     .acquire_timeout(std::chrono::seconds(1))
//                     .password("secret");
//
// The address is HOST[:PORT][/NAMESPACE]: HOST a name or an IPv4 address, or an IPv6 address in
// brackets ("[::1]:6380"); PORT 6379 when left out; the part after the slash is a key prefix
// (not a database number: use database(n)). A malformed address throws
// boost::system::system_error (error::invalid_config) saying what is wrong; the other values are
// checked when the pool is built, with the same error.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "kvpool/kv_connection.hpp"
#include "kvpool/pool_settings.hpp"

namespace kvpool {

class kv_pool_config {
 public:
  using duration = pool_settings::duration;

  explicit kv_pool_config(std::string_view address = "127.0.0.1:6380");

  // Pool sizes and times (defaults in pool_settings.hpp).
  kv_pool_config& min_size(std::size_t value) { return set(pool_.min_size, value); }
  kv_pool_config& max_size(std::size_t value) { return set(pool_.max_size, value); }
  kv_pool_config& acquire_timeout(duration value) { return set(pool_.acquire_timeout, value); }
  kv_pool_config& idle_timeout(duration value) { return set(pool_.idle_timeout, value); }
  kv_pool_config& max_lifetime(duration value) { return set(pool_.max_lifetime, value); }
  kv_pool_config& check_after_idle(duration value) { return set(pool_.check_after_idle, value); }
  kv_pool_config& keepalive_interval(duration value) { return set(pool_.keepalive_interval, value); }
  kv_pool_config& check_timeout(duration value) { return set(pool_.check_timeout, value); }
  kv_pool_config& backoff(duration initial, double multiplier, duration max);
  kv_pool_config& give_up_after(duration value) { return set(pool_.give_up_after, value); }
  kv_pool_config& warmup_batch(std::size_t value) { return set(pool_.warmup_batch, value); }
  kv_pool_config& leak_threshold(duration value) { return set(pool_.leak_threshold, value); }

  // Each connection's handshake and limits.
  kv_pool_config& database(int index) { return set(connection_.database, index); }
  kv_pool_config& password(std::string value) { return set(connection_.password, std::move(value)); }
  kv_pool_config& client_name(std::string value) { return set(connection_.client_name, std::move(value)); }
  kv_pool_config& connect_timeout(std::chrono::milliseconds value) { return set(connection_.connect_timeout, value); }
  kv_pool_config& command_timeout(std::chrono::milliseconds value) { return set(connection_.command_timeout, value); }

  const pool_settings& pool() const noexcept { return pool_; }
  const connection_options& connection() const noexcept { return connection_; }
  // Empty when the address has none.
  const std::string& key_namespace() const noexcept { return namespace_; }

  // Throws boost::system::system_error (error::invalid_config) naming the bad value.
  void validate() const;

 private:
  template <typename Field, typename Value>
  kv_pool_config& set(Field& field, Value&& value) {
    field = std::forward<Value>(value);
    return *this;
  }

  pool_settings pool_;
  connection_options connection_;
  std::string namespace_;
};

}  // namespace kvpool

// kv_pool_config: the address string, the builder setters and the checks of every value.

#include "kvpool/kv_pool_config.hpp"

#include <gtest/gtest.h>

#include <boost/system/system_error.hpp>
#include <string>

#include "kvpool/error.hpp"

namespace {

using namespace std::chrono_literals;
using kvpool::kv_pool_config;

// The message of the invalid_config error that building (and validating) `make` throws.
template <typename Make>
std::string rejection(Make make) {
  try {
    make().validate();
  } catch (const boost::system::system_error& e) {
    EXPECT_EQ(e.code(), kvpool::error::invalid_config);
    return e.what();
  }
  ADD_FAILURE() << "accepted";
  return {};
}

TEST(KvPoolConfig, DefaultsAreTheSeedsDefaults) {
  const kv_pool_config config;
  EXPECT_EQ(config.connection().host, "127.0.0.1");
  EXPECT_EQ(config.connection().port, 6380);
  EXPECT_EQ(config.key_namespace(), "");
  EXPECT_EQ(config.pool().min_size, 2u);
  EXPECT_EQ(config.pool().max_size, 10u);
  EXPECT_EQ(config.pool().idle_timeout, 300s);
  EXPECT_EQ(config.pool().acquire_timeout, 5s);
  EXPECT_EQ(config.pool().max_lifetime, 30min);
  EXPECT_EQ(config.pool().check_after_idle, 30s);
  EXPECT_EQ(config.pool().keepalive_interval, 0s);
  EXPECT_EQ(config.pool().backoff_initial, 100ms);
  EXPECT_EQ(config.pool().backoff_multiplier, 2.0);
  EXPECT_EQ(config.pool().backoff_max, 10s);
  EXPECT_EQ(config.pool().warmup_batch, 5u);
  EXPECT_EQ(config.pool().leak_threshold, 0s);
  config.validate();
}

TEST(KvPoolConfig, AddressGivesHostPortAndNamespace) {
  const kv_pool_config config("127.0.0.1:6380/cache");
  EXPECT_EQ(config.connection().host, "127.0.0.1");
  EXPECT_EQ(config.connection().port, 6380);
  EXPECT_EQ(config.key_namespace(), "cache");

  const kv_pool_config named("cache.internal");
  EXPECT_EQ(named.connection().host, "cache.internal");
  EXPECT_EQ(named.connection().port, 6379) << "Redis's port when none is given";

  const kv_pool_config v6("[::1]:7000/a:b");
  EXPECT_EQ(v6.connection().host, "::1");
  EXPECT_EQ(v6.connection().port, 7000);
  EXPECT_EQ(v6.key_namespace(), "a:b");

  EXPECT_EQ(kv_pool_config("[::1]").connection().port, 6379);
}

TEST(KvPoolConfig, MalformedAddressesSayWhatIsWrong) {
  const auto message = [](const char* address) {
    return rejection([address] { return kv_pool_config(address); });
  };
  EXPECT_NE(message("localhost:0").find("port '0' is not a number from 1 to 65535"), std::string::npos);
  EXPECT_NE(message("localhost:65536").find("port '65536'"), std::string::npos);
  EXPECT_NE(message("localhost:63x").find("port '63x'"), std::string::npos);
  EXPECT_NE(message("localhost:").find("the port after ':' is empty"), std::string::npos);
  EXPECT_NE(message(":6379").find("the host is empty"), std::string::npos);
  EXPECT_NE(message("").find("the host is empty"), std::string::npos);
  EXPECT_NE(message("localhost:6379/").find("namespace after '/' is empty"), std::string::npos);
  EXPECT_NE(message("localhost/a b").find("namespace must not hold spaces"), std::string::npos);
  EXPECT_NE(message("::1:6379").find("IPv6 address needs brackets"), std::string::npos);
  EXPECT_NE(message("[::1:6379").find("lacks its ']'"), std::string::npos);
  EXPECT_NE(message("[::1]6379").find("expected ':PORT' after ']'"), std::string::npos);
  EXPECT_NE(message("local host:1").find("host must not hold spaces"), std::string::npos);
  EXPECT_NE(message("localhost:99999").find("address 'localhost:99999'"), std::string::npos)
      << "the message quotes the address";
}

TEST(KvPoolConfig, SettersSetAndChain) {
  const auto config = kv_pool_config("h:1")
                          .min_size(5)
                          .max_size(20)
                          .acquire_timeout(1s)
                          .idle_timeout(10min)
                          .max_lifetime(1h)
                          .check_after_idle(5s)
                          .keepalive_interval(10s)
                          .backoff(50ms, 3.0, 2s)
                          .give_up_after(30s)
                          .warmup_batch(2)
                          .leak_threshold(1min)
                          .database(3)
                          .password("secret")
                          .client_name("worker")
                          .connect_timeout(2s)
                          .command_timeout(500ms);
  EXPECT_EQ(config.pool().min_size, 5u);
  EXPECT_EQ(config.pool().max_size, 20u);
  EXPECT_EQ(config.pool().acquire_timeout, 1s);
  EXPECT_EQ(config.pool().idle_timeout, 10min);
  EXPECT_EQ(config.pool().max_lifetime, 1h);
  EXPECT_EQ(config.pool().check_after_idle, 5s);
  EXPECT_EQ(config.pool().keepalive_interval, 10s);
  EXPECT_EQ(config.pool().backoff_initial, 50ms);
  EXPECT_EQ(config.pool().backoff_multiplier, 3.0);
  EXPECT_EQ(config.pool().backoff_max, 2s);
  EXPECT_EQ(config.pool().give_up_after, 30s);
  EXPECT_EQ(config.pool().warmup_batch, 2u);
  EXPECT_EQ(config.pool().leak_threshold, 1min);
  EXPECT_EQ(config.connection().database, 3);
  EXPECT_EQ(config.connection().password, "secret");
  EXPECT_EQ(config.connection().client_name, "worker");
  EXPECT_EQ(config.connection().connect_timeout, 2s);
  EXPECT_EQ(config.connection().command_timeout, 500ms);
  config.validate();
}

TEST(KvPoolConfig, BadValuesAreRejectedWithTheirName) {
  EXPECT_NE(rejection([] { return kv_pool_config().min_size(11); }).find("min_size (11) exceeds max_size (10)"),
            std::string::npos);
  EXPECT_NE(rejection([] { return kv_pool_config().min_size(0).max_size(0); }).find("max_size must be at least 1"),
            std::string::npos);
  EXPECT_NE(rejection([] { return kv_pool_config().acquire_timeout(0s); }).find("acquire_timeout"),
            std::string::npos);
  EXPECT_NE(rejection([] { return kv_pool_config().idle_timeout(-1s); }).find("idle_timeout"),
            std::string::npos);
  EXPECT_NE(rejection([] { return kv_pool_config().backoff(1s, 2.0, 10ms); }).find("backoff_max"),
            std::string::npos);
  EXPECT_NE(rejection([] { return kv_pool_config().backoff(1s, 0.5, 10s); }).find("backoff_multiplier"),
            std::string::npos);
  EXPECT_NE(rejection([] { return kv_pool_config().database(-1); }).find("database"), std::string::npos);
  EXPECT_NE(rejection([] { return kv_pool_config().connect_timeout(0s); }).find("connect_timeout"),
            std::string::npos);
  EXPECT_NE(rejection([] { return kv_pool_config().command_timeout(-1s); }).find("command_timeout"),
            std::string::npos);
  EXPECT_NE(rejection([] { return kv_pool_config().client_name("two words"); }).find("client_name"),
            std::string::npos);
}

}  // namespace

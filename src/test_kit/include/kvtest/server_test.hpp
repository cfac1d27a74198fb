#pragma once
// GoogleTest fixtures around a fake server, for a downstream test suite:
//
//   class cache_test : public kvtest::server_test {};            // a fresh server per test
//   TEST_F(cache_test, reads_through) {
//     my_cache cache(address());                                  // "127.0.0.1:<port>"
//     server().set("user:1", "alice");
//     EXPECT_EQ(cache.get("user:1"), "alice");
//   }
//
// shared_server_test starts one server for the whole suite and, before each test, empties it,
// removes its faults and restarts it if a test stopped it. When a test fails, both print what
// the server saw: the faults that fired and the last commands received.

#include <cstddef>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "kvmock/server.hpp"

namespace kvtest {

// What a failed test prints about its server; the last `commands` commands at most.
std::string describe_server(const kvmock::server& server, std::size_t commands = 20);

class server_test : public ::testing::Test {
 protected:
  // The options each test's server starts with; by default loopback, a free port and a log of
  // the last 1000 commands (for the failure report). Override to change them.
  virtual kvmock::server_options options() const;

  void SetUp() override;
  void TearDown() override;

  kvmock::server& server() { return *server_; }
  // "127.0.0.1:<port>", as kvpool::kv_pool_config and most clients take it.
  std::string address() const;

 private:
  std::unique_ptr<kvmock::server> server_;
};

class shared_server_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;
  void TearDown() override;

  static kvmock::server& server();
  static std::string address();
};

}  // namespace kvtest

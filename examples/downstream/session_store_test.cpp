// The session store tested with kvtest: a fresh fake server per test, data arranged and checked
// through the server's helpers and matchers, one reply scripted and one fault injected through
// the GoogleMock command hook.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <future>
#include <optional>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <kvtest/command_hook_mock.hpp>
#include <kvtest/matchers.hpp>
#include <kvtest/server_test.hpp>

#include "session_store.hpp"

namespace {

using namespace std::chrono_literals;
using ::testing::_;
using ::testing::Optional;

class session_store_test : public kvtest::server_test {
 protected:
  // The server exists from the fixture's SetUp on: the pool is made after it.
  void SetUp() override {
    kvtest::server_test::SetUp();
    pool_.emplace(io_.get_executor(), kvpool::kv_pool_config(address()).min_size(0).command_timeout(200ms));
    store_.emplace(*pool_);
  }

  // Runs one of the store's operations to completion on the test's thread.
  template <typename Awaitable>
  auto run(Awaitable operation) {
    auto result = boost::asio::co_spawn(io_, std::move(operation), boost::asio::use_future);
    // Not io_.run(): the pool's maintenance timer keeps the context busy for as long as it lives.
    while (result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) io_.run_one();
    return result.get();
  }

  boost::asio::io_context io_;
  std::optional<kvpool::kv_pool> pool_;
  std::optional<session_store> store_;
};

TEST_F(session_store_test, saves_a_session_with_its_ttl) {
  EXPECT_FALSE(run(store_->save("s1", "alice", 30min)));
  EXPECT_THAT(server(), kvtest::StringAt("session:s1", "alice"));
  EXPECT_THAT(server(), kvtest::TtlAt("session:s1", Optional(::testing::Le(std::chrono::milliseconds(30min)))));
}

TEST_F(session_store_test, an_expired_session_has_no_user) {
  server().set("session:s2", "bob");
  server().set_ttl("session:s2", 1min);
  EXPECT_EQ(run(store_->user_of("s2")), "bob");
  server().fast_forward(2min);
  EXPECT_EQ(run(store_->user_of("s2")), std::nullopt);
}

TEST_F(session_store_test, reads_what_the_server_answers) {
  kvtest::mock_command_hook hook(server());
  EXPECT_CALL(hook, on_command(kvtest::IsCommand("GET", "session:s3"))).WillOnce(kvtest::ReplyWith("$5\r\ncarol\r\n"));
  EXPECT_EQ(run(store_->user_of("s3")), "carol");
}

TEST_F(session_store_test, reports_a_save_the_server_never_answered) {
  kvtest::mock_command_hook hook(server());
  EXPECT_CALL(hook, on_command(kvtest::IsCommand("SET", "session:s4", _, _, _))).WillOnce(kvtest::Inject("blackhole"));
  EXPECT_THAT(run(store_->save("s4", "dave", 1min)), kvtest::HasError(kvpool::error::command_timeout));
}

}  // namespace

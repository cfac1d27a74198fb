// The downstream kit (src/test_kit): its fixtures give each test a clean server, report what the
// server saw, and its matchers match and explain.

#include <chrono>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kvmock/fault.hpp"
#include "kvpool/error.hpp"
#include "kvtest/command_hook_mock.hpp"
#include "kvtest/matchers.hpp"
#include "kvtest/server_test.hpp"
#include "support/raw_client.hpp"

namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::Not;
using ::testing::Optional;
using ::testing::Pair;

class fresh_server : public kvtest::server_test {};

// Two tests, each writing and each expecting an empty server: whichever runs second fails if the
// servers were shared.
TEST_F(fresh_server, first_test_starts_empty) {
  EXPECT_EQ(server().db_size(), 0u);
  server().set("left", "behind");
}

TEST_F(fresh_server, second_test_starts_empty) {
  EXPECT_EQ(server().db_size(), 0u);
  server().set("left", "behind");
  kvtest::raw_client client(server().port());
  EXPECT_EQ(client.command({"GET", "left"}), "$6\r\nbehind\r\n");
  EXPECT_EQ(address(), "127.0.0.1:" + std::to_string(server().port()));
}

class shared_server : public kvtest::shared_server_test {};

TEST_F(shared_server, a_test_that_leaves_data_faults_and_a_stopped_server) {
  EXPECT_EQ(server().db_size(), 0u);
  server().set("left", "behind");
  server().add_fault("drop:cmd=GET");
  server().stop();
}

TEST_F(shared_server, the_next_one_gets_it_clean) {
  EXPECT_TRUE(server().running());
  EXPECT_EQ(server().db_size(), 0u);
  EXPECT_TRUE(server().faults().empty());
  server().set("left", "behind");
  server().add_fault("drop:cmd=GET");
  server().stop();
}

TEST(kvtest_report, says_which_faults_fired_and_the_last_commands) {
  kvmock::server_options options;
  options.command_log_limit = 10;
  kvmock::server server(options);
  server.add_fault("error:reply=LOADING not yet,cmd=GET");
  kvtest::raw_client client(server.port());
  client.command({"SET", "k", "v"});
  client.command({"GET", "k"});
  const std::string report = kvtest::describe_server(server);
  EXPECT_THAT(report, ::testing::HasSubstr("faults fired: 1"));
  EXPECT_THAT(report, ::testing::HasSubstr("(error) on connection 1, command 2"));
  EXPECT_THAT(report, ::testing::HasSubstr("connection 1 #1 set"));
  EXPECT_THAT(report, ::testing::HasSubstr("connection 1 #2 get"));
}

TEST(kvtest_matchers, has_error_matches_and_explains) {
  const boost::system::error_code timeout = kvpool::error::timeout;
  EXPECT_THAT(timeout, kvtest::HasError(kvpool::error::timeout));
  EXPECT_THAT(timeout, Not(kvtest::HasError(kvpool::error::pool_closed)));
  const std::string why = ::testing::DescribeMatcher<boost::system::error_code>(
      kvtest::HasError(kvpool::error::pool_closed));
  EXPECT_THAT(why, ::testing::HasSubstr(boost::system::error_code(kvpool::error::pool_closed).message()));
}

TEST(kvtest_matchers, replies) {
  using kvpool::reply;
  EXPECT_THAT(reply::bulk_string("alice"), kvtest::IsBulkString("alice"));
  EXPECT_THAT(reply::bulk_string("alice"), kvtest::IsBulkString(::testing::StartsWith("al")));
  EXPECT_THAT(reply::simple_string("alice"), Not(kvtest::IsBulkString("alice")));
  EXPECT_THAT(reply::simple_string("OK"), kvtest::IsSimpleString("OK"));
  EXPECT_THAT(reply::error("LOADING not yet"), kvtest::IsErrorReply(::testing::HasSubstr("LOADING")));
  EXPECT_THAT(reply::integer(3), kvtest::IsIntegerReply(3));
  EXPECT_THAT(reply::integer(3), Not(kvtest::IsIntegerReply(4)));
  EXPECT_THAT(reply::null(), kvtest::IsNullReply());
  EXPECT_THAT(reply::bulk_string(""), Not(kvtest::IsNullReply()));
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(kvtest::IsBulkString("x"), reply::integer(7), &listener));
  EXPECT_THAT(listener.str(), ::testing::HasSubstr("which is"));
}

TEST(kvtest_matchers, what_the_server_holds) {
  kvmock::server server;
  server.set("name", "alice");
  server.set_ttl("name", 10min);
  server.rpush("queue", {"a", "b"});
  server.hset("user", "name", "bob");
  server.sadd("tags", {"y", "x"});
  server.zadd("board", 12, "ann");
  EXPECT_THAT(server, kvtest::StringAt("name", "alice"));
  EXPECT_THAT(server, kvtest::StringAt("missing", std::nullopt));
  EXPECT_THAT(server, Not(kvtest::StringAt("name", "bob")));
  EXPECT_THAT(server, kvtest::ListAt("queue", ElementsAre("a", "b")));
  EXPECT_THAT(server, kvtest::HashAt("user", ElementsAre(Pair("name", "bob"))));
  EXPECT_THAT(server, kvtest::MembersAt("tags", ElementsAre("x", "y")));
  EXPECT_THAT(server, kvtest::SortedSetAt("board", ElementsAre(Pair("ann", 12))));
  EXPECT_THAT(server, kvtest::TtlAt("name", Optional(::testing::Le(std::chrono::milliseconds(10min)))));
  // A key of another type does not match, and the explanation says what it holds.
  EXPECT_THAT(server, Not(kvtest::ListAt("name", ElementsAre("alice"))));
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(kvtest::ListAt("name", ElementsAre("alice")), server, &listener));
  EXPECT_THAT(listener.str(), ::testing::HasSubstr("holds a string"));
  ::testing::StringMatchResultListener wrong_value;
  EXPECT_FALSE(::testing::ExplainMatchResult(kvtest::StringAt("name", "bob"), server, &wrong_value));
  EXPECT_THAT(wrong_value.str(), ::testing::HasSubstr("\"alice\""));
}

class hooked : public kvtest::server_test {};

TEST_F(hooked, a_scripted_reply_replaces_one_command_and_the_rest_run_normally) {
  kvtest::mock_command_hook hook(server());
  EXPECT_CALL(hook, on_command(kvtest::IsCommand("GET", "user:1")))
      .WillOnce(kvtest::ReplyWith("$5\r\nalice\r\n"))
      .WillRepeatedly(kvtest::RunNormally());
  kvtest::raw_client client(server().port());
  EXPECT_EQ(client.command({"get", "user:1"}), "$5\r\nalice\r\n");
  EXPECT_EQ(client.command({"GET", "user:1"}), "$-1\r\n");
  EXPECT_EQ(client.command({"SET", "user:1", "bob"}), "+OK\r\n");
  EXPECT_EQ(client.command({"GET", "user:1"}), "$3\r\nbob\r\n");
}

TEST_F(hooked, an_injected_fault_hits_that_command_only) {
  kvtest::mock_command_hook hook(server());
  EXPECT_CALL(hook, on_command(kvtest::IsCommand("SET", "k", ::testing::_)))
      .WillOnce(kvtest::Inject("error:reply=READONLY You can't write against a read only replica."));
  EXPECT_CALL(hook, on_command(kvtest::IsCommand("DEL", "k")))
      .WillOnce(kvtest::Inject("drop"));
  kvtest::raw_client client(server().port());
  EXPECT_EQ(client.command({"SET", "k", "v"}), "-READONLY You can't write against a read only replica.\r\n");
  EXPECT_THAT(server(), kvtest::StringAt("k", std::nullopt));  // it did not run
  EXPECT_EQ(client.command({"SET", "k", "v", "EX", "10"}), "+OK\r\n");  // no expectation matches
  EXPECT_THROW(client.command({"DEL", "k"}), std::exception);  // the connection is dropped
  EXPECT_THAT(server(), kvtest::StringAt("k", "v"));
  const auto fired = server().fault_log();
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].kind, kvmock::fault_kind::error);
  EXPECT_EQ(fired[1].kind, kvmock::fault_kind::drop);
}

TEST_F(hooked, a_hook_that_throws_fails_that_command_only) {
  server().set_command_hook([](const kvmock::command_call& call) -> kvmock::hook_action {
    if (call.args[0] == "GET") throw std::out_of_range("no second\nargument");
    return kvmock::hook_action::run();
  });
  kvtest::raw_client client(server().port());
  EXPECT_EQ(client.command({"GET", "k"}), "-ERR kvmock command hook threw: no second argument\r\n");
  EXPECT_EQ(client.command({"PING"}), "+PONG\r\n");
}

TEST_F(hooked, faults_that_act_at_accept_are_refused_when_the_action_is_made) {
  EXPECT_THROW(kvtest::injected("refuse"), std::invalid_argument);
  EXPECT_THROW(kvtest::injected("no-such-fault"), std::invalid_argument);
  EXPECT_THROW(kvmock::hook_action::inject(kvmock::faults::max_clients(1)), std::invalid_argument);
}

}  // namespace

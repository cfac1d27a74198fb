// The session a connection's commands change, followed without a server: reply counts, messages
// sent unasked, what counts as changed, and the commands that restore it.

#include "session_tracker.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kvpool::detail {
namespace {

using args = std::vector<std::string_view>;

reply ok() { return reply::simple_string("OK"); }
reply confirmation(std::string kind, std::string channel, long long count) {
  return reply::array({reply::bulk_string(std::move(kind)), reply::bulk_string(std::move(channel)),
                       reply::integer(count)});
}

struct tracker_test : ::testing::Test {
  session_tracker session{{"", 0, ""}};

  // The command, answered with replies_to() replies: `answers`, or OK for each.
  void run(args command, std::vector<reply> answers = {}) {
    const std::size_t count = session.replies_to(command);
    if (answers.empty()) answers.assign(count, ok());
    ASSERT_EQ(answers.size(), count) << command[0];
    session.apply(command, answers);
  }
  std::string restore() { return std::string(session.restore().payload()); }
};

TEST(SessionCommands, DecodesARequestsOwnEncoding) {
  request r;
  r.push("SET", "k", "a\r\nb");
  r.push("PING");
  const auto commands = decode_commands(r.payload());
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0], (args{"SET", "k", "a\r\nb"}));
  EXPECT_EQ(commands[1], (args{"PING"}));
}

TEST(SessionCommands, ARequestKnowsWhetherItMayChangeTheSession) {
  request plain;
  plain.push("GET", "k");
  plain.push("set", "k", "v");
  EXPECT_FALSE(plain.may_change_session());
  request changing;
  changing.push("GET", "k");
  changing.push("select", 3);
  EXPECT_TRUE(changing.may_change_session());
  changing.clear();
  EXPECT_FALSE(changing.may_change_session());
}

TEST_F(tracker_test, SelectChangesItAndSelectingBackRestoresIt) {
  EXPECT_FALSE(session.changed());
  run({"SELECT", "5"});
  EXPECT_TRUE(session.changed());
  EXPECT_EQ(restore(), "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n");
  run({"SELECT", "0"});
  EXPECT_FALSE(session.changed());
}

TEST_F(tracker_test, ARefusedCommandChangesNothing) {
  session.apply(args{"SELECT", "99"}, std::vector<reply>{reply::error("ERR DB index is out of range")});
  EXPECT_FALSE(session.changed());
}

TEST_F(tracker_test, AnOpenTransactionIsDiscardedAndWhatItQueuedAppliedAtExec) {
  run({"MULTI"});
  run({"SELECT", "2"}, {reply::simple_string("QUEUED")});
  EXPECT_TRUE(session.changed());
  EXPECT_EQ(restore(), "*1\r\n$7\r\nDISCARD\r\n");
  run({"EXEC"}, {reply::array({ok()})});
  EXPECT_TRUE(session.changed()) << "the queued SELECT ran at EXEC";
  EXPECT_EQ(restore(), "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n");
}

TEST_F(tracker_test, WatchedKeysAreUnwatched) {
  run({"WATCH", "k"});
  EXPECT_EQ(restore(), "*1\r\n$7\r\nUNWATCH\r\n");
  run({"UNWATCH"});
  EXPECT_FALSE(session.changed());
}

TEST_F(tracker_test, SubscriptionsAreAnsweredPerChannelAndBringMessages) {
  EXPECT_EQ(session.replies_to(args{"SUBSCRIBE", "a", "b"}), 2u);
  run({"SUBSCRIBE", "a", "b"}, {confirmation("subscribe", "a", 1), confirmation("subscribe", "b", 2)});
  EXPECT_TRUE(session.receives_pushes());
  EXPECT_TRUE(session.is_push(reply::array({reply::bulk_string("message"), reply::bulk_string("a"),
                                            reply::bulk_string("hi")})));
  EXPECT_FALSE(session.is_push(confirmation("unsubscribe", "a", 1)));
  EXPECT_EQ(session.replies_to(args{"UNSUBSCRIBE"}), 2u) << "one per channel subscribed";
  EXPECT_EQ(restore().substr(0, 18), "*1\r\n$5\r\nRESET\r\n");
  run({"UNSUBSCRIBE"}, {confirmation("unsubscribe", "a", 1), confirmation("unsubscribe", "b", 0)});
  EXPECT_FALSE(session.receives_pushes());
  EXPECT_FALSE(session.changed());
  EXPECT_EQ(session.replies_to(args{"PUNSUBSCRIBE"}), 1u) << "once, with a null channel, when none";
}

TEST_F(tracker_test, RepliesSwitchedOffOrSkippedAreNotAwaited) {
  EXPECT_EQ(session.replies_to(args{"CLIENT", "REPLY", "OFF"}), 0u);
  run({"CLIENT", "REPLY", "OFF"});
  EXPECT_EQ(session.replies_to(args{"GET", "k"}), 0u);
  EXPECT_EQ(session.replies_to(args{"RESET"}), 1u);
  EXPECT_EQ(session.replies_to(args{"CLIENT", "REPLY", "ON"}), 1u);
  run({"CLIENT", "REPLY", "ON"});
  run({"CLIENT", "REPLY", "SKIP"});
  EXPECT_EQ(session.replies_to(args{"RESET"}), 0u) << "SKIP skips even RESET's reply";
  run({"GET", "k"});
  EXPECT_EQ(session.replies_to(args{"GET", "k"}), 1u);
  EXPECT_EQ(session.replies_to(args{"CLIENT", "REPLY", "MAYBE"}), 1u) << "a syntax error is answered";
}

TEST_F(tracker_test, MonitorLinesAreMessages) {
  run({"MONITOR"});
  EXPECT_TRUE(session.is_push(reply::simple_string("1700000000.123456 [0 127.0.0.1:5000] \"GET\" \"k\"")));
  EXPECT_FALSE(session.is_push(ok()));
  EXPECT_TRUE(session.changed());
}

TEST_F(tracker_test, ResetAndTheHandshakeAgainRestoreANameAPasswordAndADatabase) {
  session_tracker opened({"secret", 3, "app"});
  EXPECT_FALSE(opened.changed());
  opened.apply(args{"CLIENT", "SETNAME", "other"}, std::vector<reply>{ok()});
  EXPECT_TRUE(opened.changed());
  const request commands = opened.restore();
  for (const auto& command : decode_commands(commands.payload())) {
    const reply answer = command[0] == "RESET" ? reply::simple_string("RESET") : ok();
    opened.apply(command, std::span<const reply>(&answer, 1));
  }
  EXPECT_EQ(decode_commands(commands.payload()),
            (std::vector<args>{{"RESET"}, {"AUTH", "secret"}, {"SELECT", "3"}, {"CLIENT", "SETNAME", "app"}}));
  EXPECT_FALSE(opened.changed());
}

TEST_F(tracker_test, AuthAsAnotherUserOrResetChangesWhoItIs) {
  session_tracker opened({"secret", 0, ""});
  opened.apply(args{"AUTH", "default", "secret"}, std::vector<reply>{ok()});
  EXPECT_FALSE(opened.changed());
  opened.apply(args{"AUTH", "alice", "pw"}, std::vector<reply>{ok()});
  EXPECT_TRUE(opened.changed());
  opened.apply(args{"RESET"}, std::vector<reply>{reply::simple_string("RESET")});
  EXPECT_TRUE(opened.changed()) << "RESET deauthenticates";
  opened.apply(args{"AUTH", "secret"}, std::vector<reply>{ok()});
  EXPECT_FALSE(opened.changed());
}

TEST_F(tracker_test, QuitIsNoted) {
  run({"QUIT"});
  EXPECT_TRUE(session.quit());
}

}  // namespace
}  // namespace kvpool::detail

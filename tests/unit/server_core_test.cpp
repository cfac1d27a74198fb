// The command layer without sockets: each request's reply bytes, on a clock the test moves.

#include "server_core.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;

class ServerCoreTest : public testing::Test {
 protected:
  explicit ServerCoreTest(kvmock::server_options options = {}) : server_(std::move(options)) {
    server_.set_clock([] { return std::chrono::system_clock::time_point(1'700'000'000'000ms); });
    server_.open_session(client_);
    server_.open_session(other_);
  }
  ~ServerCoreTest() override {
    server_.close_session(client_);
    server_.close_session(other_);
  }

  std::string run(kvmock::session& who, std::vector<std::string_view> argv) {
    std::string out;
    server_.execute(who, argv, out);
    return out;
  }
  std::string run(std::vector<std::string_view> argv) { return run(client_, std::move(argv)); }

  kvmock::server_core server_;
  kvmock::session client_;
  kvmock::session other_;
};

TEST_F(ServerCoreTest, KeysExpireWhenTheClockMovesPastTheirTtl) {
  EXPECT_EQ(run({"SET", "k", "v", "PX", "1500"}), "+OK\r\n");
  EXPECT_EQ(run({"PTTL", "k"}), ":1500\r\n");
  EXPECT_EQ(run({"TTL", "k"}), ":2\r\n");  // rounded as Redis does
  server_.fast_forward(1499ms);
  EXPECT_EQ(run({"GET", "k"}), "$1\r\nv\r\n");
  server_.fast_forward(1ms);
  EXPECT_EQ(run({"GET", "k"}), "$-1\r\n");
  EXPECT_EQ(run({"TTL", "k"}), ":-2\r\n");
  EXPECT_EQ(run({"DBSIZE"}), ":0\r\n");
}

// A script past busy-reply-threshold serves the other clients through the busy hook (here the
// test's, in place of the Asio side's nested handlers): they get BUSY, a blocked client's
// timeout asked meanwhile waits for the script's end, and SCRIPT KILL ends it.
TEST_F(ServerCoreTest, ABusyScriptAnswersTheOthersAndWhatWaitedRunsWhenItEnds) {
  kvmock::session third;
  server_.open_session(third);
  run({"CONFIG", "SET", "busy-reply-threshold", "1"});
  EXPECT_EQ(run(other_, {"BLPOP", "q", "1"}), "");  // waits
  std::vector<std::string> replies;
  server_.on_script_busy([&] {
    if (!replies.empty()) return;
    replies.push_back(run(third, {"GET", "k"}));
    server_.fast_forward(2s);
    server_.expire_blocked();  // what the blocked client's timer would do
    replies.push_back(other_.pushes);
    replies.push_back(run(third, {"SCRIPT", "KILL"}));
  });
  EXPECT_EQ(run({"EVAL", "while true do end", "0"}).substr(0, 46), "-ERR Script killed by user with SCRIPT KILL...");
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0], "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n");
  EXPECT_EQ(replies[1], "");  // not timed out yet
  EXPECT_EQ(replies[2], "+OK\r\n");
  EXPECT_EQ(other_.pushes, "*-1\r\n");  // timed out once the script ended
  server_.close_session(third);
}

// The server's clock drives TIME and OBJECT IDLETIME, so a test can age keys without sleeping.
TEST_F(ServerCoreTest, TimeAndIdleTimeFollowTheServersClock) {
  EXPECT_EQ(run({"TIME"}), "*2\r\n$10\r\n1700000000\r\n$1\r\n0\r\n");
  run({"SET", "k", "v"});
  server_.fast_forward(90s);
  EXPECT_EQ(run({"TIME"}), "*2\r\n$10\r\n1700000090\r\n$1\r\n0\r\n");
  EXPECT_EQ(run({"OBJECT", "IDLETIME", "k"}), ":90\r\n");
  EXPECT_EQ(run({"OBJECT", "IDLETIME", "k"}), ":90\r\n");  // OBJECT is no access
  run({"GET", "k"});
  EXPECT_EQ(run({"OBJECT", "IDLETIME", "k"}), ":0\r\n");
}

// Under an LFU policy a key starts at 5, gains with use (ever more slowly) and loses one a
// minute (lfu-decay-time) while unused.
TEST_F(ServerCoreTest, FreqCountsAccessesAndDecaysOverTime) {
  EXPECT_EQ(run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"}), "+OK\r\n");
  run({"SET", "k", "v"});
  EXPECT_EQ(run({"OBJECT", "FREQ", "k"}), ":5\r\n");
  for (int i = 0; i < 1000; ++i) run({"GET", "k"});
  const std::string after_use = run({"OBJECT", "FREQ", "k"});
  const int counter = std::stoi(after_use.substr(1));
  EXPECT_GT(counter, 10);
  EXPECT_LT(counter, 40);
  server_.fast_forward(5min);
  EXPECT_EQ(run({"OBJECT", "FREQ", "k"}), ":" + std::to_string(counter - 5) + "\r\n");
  EXPECT_EQ(run({"OBJECT", "IDLETIME", "k"}).substr(0, 4), "-ERR");
}

class DebugEnabledTest : public ServerCoreTest {
 protected:
  DebugEnabledTest() : ServerCoreTest(kvmock::server_options{.config = {{"enable-debug-command", "yes"}}}) {}
};

// Redis's bytes for an attribute before its reply (the differential test's client reads none).
TEST_F(DebugEnabledTest, ProtocolAttribIsAnAttributeInResp3) {
  EXPECT_EQ(run({"DEBUG", "PROTOCOL", "attrib"}), "$39\r\nSome real reply following the attribute\r\n");
  run({"HELLO", "3"});
  EXPECT_EQ(run({"DEBUG", "PROTOCOL", "attrib"}),
            "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n"
            "$39\r\nSome real reply following the attribute\r\n");
}

TEST_F(ServerCoreTest, IncrKeepsTheTtlAndSetClearsIt) {
  run({"SET", "n", "1", "EX", "10"});
  EXPECT_EQ(run({"INCR", "n"}), ":2\r\n");
  EXPECT_EQ(run({"TTL", "n"}), ":10\r\n");
  run({"SET", "n", "5"});
  EXPECT_EQ(run({"TTL", "n"}), ":-1\r\n");
  run({"SET", "n", "6", "KEEPTTL"});
  EXPECT_EQ(run({"TTL", "n"}), ":-1\r\n");
}

TEST_F(ServerCoreTest, ExecAbortsWhenAnotherClientTouchesAWatchedKey) {
  EXPECT_EQ(run({"WATCH", "k"}), "+OK\r\n");
  EXPECT_EQ(run(other_, {"SET", "k", "theirs"}), "+OK\r\n");
  EXPECT_EQ(run({"MULTI"}), "+OK\r\n");
  EXPECT_EQ(run({"SET", "k", "mine"}), "+QUEUED\r\n");
  EXPECT_EQ(run({"EXEC"}), "*-1\r\n");
  EXPECT_EQ(run({"GET", "k"}), "$6\r\ntheirs\r\n");
}

TEST_F(ServerCoreTest, ExecAbortsWhenAWatchedKeyExpires) {
  run({"SET", "k", "v", "PX", "10"});
  run({"WATCH", "k"});
  server_.fast_forward(10ms);
  run({"MULTI"});
  run({"PING"});
  EXPECT_EQ(run({"EXEC"}), "*-1\r\n");
}

TEST_F(ServerCoreTest, ExecRunsQueuedCommandsAndReportsRuntimeErrorsInline) {
  run({"SET", "s", "text"});
  run({"MULTI"});
  EXPECT_EQ(run({"INCR", "s"}), "+QUEUED\r\n");
  EXPECT_EQ(run({"SET", "k", "v"}), "+QUEUED\r\n");
  EXPECT_EQ(run({"EXEC"}),
            "*2\r\n-ERR value is not an integer or out of range\r\n+OK\r\n");
}

TEST_F(ServerCoreTest, QueueingErrorsAbortTheTransaction) {
  run({"MULTI"});
  EXPECT_EQ(run({"GET"}), "-ERR wrong number of arguments for 'get' command\r\n");
  EXPECT_EQ(run({"EXEC"}), "-EXECABORT Transaction discarded because of previous errors.\r\n");
  EXPECT_EQ(run({"EXEC"}), "-ERR EXEC without MULTI\r\n");
}

TEST_F(ServerCoreTest, DatabasesAreSeparate) {
  run({"SET", "k", "zero"});
  EXPECT_EQ(run({"SELECT", "15"}), "+OK\r\n");
  EXPECT_EQ(run({"GET", "k"}), "$-1\r\n");
  EXPECT_EQ(run({"SELECT", "16"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(run(other_, {"GET", "k"}), "$4\r\nzero\r\n");
}

TEST_F(ServerCoreTest, UnknownCommandQuotesItsArguments) {
  EXPECT_EQ(run({"NOPE", "a", "b"}),
            "-ERR unknown command 'NOPE', with args beginning with: 'a' 'b' \r\n");
  EXPECT_EQ(run({"CLIENT", "nope"}), "-ERR unknown subcommand 'nope'. Try CLIENT HELP.\r\n");
  EXPECT_EQ(run({"CLIENT"}), "-ERR wrong number of arguments for 'client' command\r\n");
}

TEST_F(ServerCoreTest, Hello3SwitchesToResp3AndHello2Back) {
  EXPECT_TRUE(run({"HELLO", "3"}).starts_with("%7\r\n$6\r\nserver\r\n"));
  EXPECT_EQ(run({"GET", "missing"}), "_\r\n");
  EXPECT_TRUE(run({"HELLO", "2"}).starts_with("*14\r\n"));
  EXPECT_EQ(run({"GET", "missing"}), "$-1\r\n");
}

class PasswordEngineTest : public ServerCoreTest {
 protected:
  PasswordEngineTest() : ServerCoreTest(kvmock::server_options{.requirepass = "secret"}) {}
};

TEST_F(PasswordEngineTest, CommandsNeedAuthFirst) {
  EXPECT_EQ(run({"GET", "k"}), "-NOAUTH Authentication required.\r\n");
  EXPECT_EQ(run({"AUTH", "wrong"}),
            "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
  EXPECT_EQ(run({"AUTH", "default", "secret"}), "+OK\r\n");
  EXPECT_EQ(run({"GET", "k"}), "$-1\r\n");
  EXPECT_EQ(run(other_, {"GET", "k"}), "-NOAUTH Authentication required.\r\n");
}

}  // namespace

namespace {

class WatchExpiredTest : public ServerCoreTest {};

TEST_F(WatchExpiredTest, DeletingAKeyThatHadExpiredBeforeWatchIsNoChange) {
  run({"SET", "k", "v", "PX", "10"});
  server_.fast_forward(20ms);
  run({"WATCH", "k"});
  EXPECT_EQ(run(other_, {"GET", "k"}), "$-1\r\n");  // lazily deletes the expired key
  run({"MULTI"});
  run({"SET", "k", "1"});
  EXPECT_EQ(run({"EXEC"}), "*1\r\n+OK\r\n");
}

TEST_F(WatchExpiredTest, RecreatingAKeyThatHadExpiredBeforeWatchIsAChange) {
  run({"SET", "k", "v", "PX", "10"});
  server_.fast_forward(20ms);
  run({"WATCH", "k"});
  run(other_, {"SET", "k", "new"});
  run({"MULTI"});
  run({"PING"});
  EXPECT_EQ(run({"EXEC"}), "*-1\r\n");
}

}  // namespace

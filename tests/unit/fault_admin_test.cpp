// KVMOCK.FAULT, KVMOCK.STATS and KVMOCK.SEED through the command layer, without sockets.

#include "server_core.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;

class FaultAdminTest : public testing::Test {
 protected:
  explicit FaultAdminTest(kvmock::server_options options = {}) : server_(std::move(options)) {
    server_.set_clock([] { return std::chrono::system_clock::time_point(1'700'000'000'000ms); });
    server_.open_session(client_);
  }
  ~FaultAdminTest() override { server_.close_session(client_); }

  std::string run(std::vector<std::string_view> argv) {
    std::string out;
    server_.execute(client_, argv, out);
    return out;
  }

  kvmock::server_core server_;
  kvmock::session client_;
};

TEST_F(FaultAdminTest, AddListDeleteClear) {
  EXPECT_EQ(run({"KVMOCK.FAULT", "ADD", "latency:ms=50,p=0.3,cmd=GET|SET"}), ":1\r\n");
  EXPECT_EQ(run({"kvmock.fault", "add", "error:reply=LOADING Redis is loading"}), ":2\r\n");
  EXPECT_EQ(run({"KVMOCK.FAULT", "LIST"}),
            "*2\r\n$33\r\n1 latency:ms=50,p=0.3,cmd=get|set\r\n"
            "$38\r\n2 error:reply=LOADING Redis is loading\r\n");
  EXPECT_EQ(run({"KVMOCK.FAULT", "DEL", "1"}), ":1\r\n");
  EXPECT_EQ(run({"KVMOCK.FAULT", "DEL", "1"}), ":0\r\n");
  EXPECT_EQ(run({"KVMOCK.FAULT", "DEL", "one"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(run({"KVMOCK.FAULT", "CLEAR"}), ":1\r\n");
  EXPECT_EQ(run({"KVMOCK.FAULT", "LIST"}), "*0\r\n");
}

TEST_F(FaultAdminTest, AMalformedSpecIsRejectedAndChangesNothing) {
  EXPECT_EQ(run({"KVMOCK.FAULT", "ADD", "latency:ms=5,speed=3"}),
            "-ERR invalid fault spec: latency: unknown key 'speed' (its keys: ms jitter dist; "
            "targeting: p cmd conn every after times window)\r\n");
  EXPECT_TRUE(server_.faults().empty());
}

TEST_F(FaultAdminTest, WrongArgumentsAndSubcommands) {
  EXPECT_EQ(run({"KVMOCK.FAULT"}),
            "-ERR wrong number of arguments for 'kvmock.fault' command\r\n");
  EXPECT_EQ(run({"KVMOCK.FAULT", "ADD"}),
            "-ERR wrong number of arguments for 'kvmock.fault|add' command\r\n");
  EXPECT_EQ(run({"KVMOCK.FAULT", "LIST", "x"}),
            "-ERR wrong number of arguments for 'kvmock.fault|list' command\r\n");
  EXPECT_EQ(run({"KVMOCK.FAULT", "PAUSE"}),
            "-ERR unknown subcommand 'PAUSE'. Try KVMOCK.FAULT ADD|DEL|LIST|CLEAR|LOG.\r\n");
  EXPECT_EQ(run({"KVMOCK.STATS", "x"}),
            "-ERR wrong number of arguments for 'kvmock.stats' command\r\n");
  EXPECT_EQ(run({"KVMOCK.NOSUCH"}),
            "-ERR unknown command 'KVMOCK.NOSUCH', with args beginning with: \r\n");
}

TEST_F(FaultAdminTest, StatsResetPeakStartsThePeakAgain) {
  server_.stats().peak_connections = 7;
  EXPECT_EQ(run({"KVMOCK.STATS", "reset-peak"}), "+OK\r\n");
  EXPECT_EQ(server_.stats().peak_connections, server_.stats().open_connections);
  EXPECT_EQ(run({"KVMOCK.STATS", "RESET-PEAK", "x"}),
            "-ERR wrong number of arguments for 'kvmock.stats' command\r\n");
}

TEST_F(FaultAdminTest, SeedReadsAndSets) {
  EXPECT_EQ(run({"KVMOCK.SEED"}), "$1\r\n0\r\n");
  EXPECT_EQ(run({"KVMOCK.SEED", "18446744073709551615"}), "+OK\r\n");
  EXPECT_EQ(server_.faults().seed(), 18446744073709551615ull);
  EXPECT_EQ(run({"KVMOCK.SEED", "-1"}),
            "-ERR seed must be a whole number from 0 to 2^64-1\r\n");
}

TEST_F(FaultAdminTest, StatsInInfoFormat) {
  const auto reply = run({"KVMOCK.STATS"});
  EXPECT_NE(reply.find("open_connections:1\r\n"), std::string::npos) << reply;
  EXPECT_NE(reply.find("closed_by_fault:0\r\n"), std::string::npos) << reply;
  EXPECT_NE(reply.find("refused_connections:0\r\n"), std::string::npos) << reply;
}

TEST_F(FaultAdminTest, LogListsInjections) {
  run({"KVMOCK.FAULT", "ADD", "error:reply=ERR injected,cmd=GET"});
  client_.connection = 3;
  EXPECT_EQ(server_.begin_request(client_, std::vector<std::string_view>{"GET", "k"}).what,
            kvmock::request_decision::outcome::canned);
  EXPECT_EQ(run({"KVMOCK.FAULT", "LOG"}),
            "*1\r\n$48\r\nfault=1 kind=error conn=3 cmd=1 at=1700000000000\r\n");
}

TEST_F(FaultAdminTest, AdminCommandsAreNeverFaultedNorCounted) {
  run({"KVMOCK.FAULT", "ADD", "blackhole"});
  EXPECT_FALSE(server_.begin_request(client_, std::vector<std::string_view>{"KVMOCK.STATS"})
                   .shapes_reply());
  EXPECT_EQ(client_.commands, 0u);
  EXPECT_TRUE(server_.begin_request(client_, std::vector<std::string_view>{"PING"}).shapes_reply());
  EXPECT_EQ(client_.commands, 1u);
}

TEST_F(FaultAdminTest, InsideMultiTheyRunAtOnce) {
  EXPECT_EQ(run({"MULTI"}), "+OK\r\n");
  EXPECT_EQ(run({"KVMOCK.FAULT", "ADD", "blackhole"}), ":1\r\n");
  EXPECT_EQ(run({"EXEC"}), "*0\r\n");
}

class PasswordFaultAdminTest : public FaultAdminTest {
 protected:
  PasswordFaultAdminTest() : FaultAdminTest(kvmock::server_options{.requirepass = "secret"}) {}
};

TEST_F(PasswordFaultAdminTest, NeedAuthLikeAnyCommand) {
  EXPECT_EQ(run({"KVMOCK.FAULT", "LIST"}), "-NOAUTH Authentication required.\r\n");
  EXPECT_EQ(run({"AUTH", "secret"}), "+OK\r\n");
  EXPECT_EQ(run({"KVMOCK.FAULT", "LIST"}), "*0\r\n");
}

}  // namespace

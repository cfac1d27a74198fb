// Every targeting key over real sockets: which connections and commands a fault reaches.

#include "kvmock/server.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/raw_client.hpp"

namespace {

using namespace std::chrono_literals;
using kvtest::raw_client;

const std::string hit = "-ERR injected\r\n";
const std::string pong = "+PONG\r\n";

// Each new connection's answer to one PING.
std::vector<std::string> first_pings(const kvmock::server& server, int connections) {
  std::vector<std::string> replies;
  for (int i = 0; i < connections; ++i) {
    raw_client client(server.port());
    replies.push_back(client.command({"PING"}));
  }
  return replies;
}

// One connection's answers to n PINGs.
std::vector<std::string> pings(raw_client& client, int n) {
  std::vector<std::string> replies;
  for (int i = 0; i < n; ++i) replies.push_back(client.command({"PING"}));
  return replies;
}

TEST(FaultTargeting, CmdNamesCommandsInAnyCase) {
  kvmock::server server;
  server.add_fault("error:reply=ERR injected,cmd=get|SET");
  raw_client client(server.port());
  EXPECT_EQ(client.command({"GET", "k"}), hit);
  EXPECT_EQ(client.command({"set", "k", "v"}), hit);
  EXPECT_EQ(client.command({"PING"}), pong);
}

TEST(FaultTargeting, ConnPicksTheNthConnection) {
  kvmock::server server;
  server.add_fault("error:reply=ERR injected,conn=2");
  EXPECT_EQ(first_pings(server, 3), (std::vector<std::string>{pong, hit, pong}));
}

TEST(FaultTargeting, EveryPicksEveryNthConnection) {
  kvmock::server server;
  server.add_fault("error:reply=ERR injected,every=2");
  EXPECT_EQ(first_pings(server, 4), (std::vector<std::string>{pong, hit, pong, hit}));
}

TEST(FaultTargeting, AfterSkipsTheFirstMatches) {
  kvmock::server server;
  server.add_fault("error:reply=ERR injected,after=2");
  raw_client client(server.port());
  EXPECT_EQ(pings(client, 4), (std::vector<std::string>{pong, pong, hit, hit}));
}

TEST(FaultTargeting, TimesCapsTheInjections) {
  kvmock::server server;
  server.add_fault("error:reply=ERR injected,times=2");
  raw_client client(server.port());
  EXPECT_EQ(pings(client, 4), (std::vector<std::string>{hit, hit, pong, pong}));
}

TEST(FaultTargeting, WindowFollowsTheServersClock) {
  kvmock::server server;
  server.set_clock([] { return std::chrono::system_clock::time_point(1'700'000'000'000ms); });
  server.add_fault("error:reply=ERR injected,window=1000-2000");
  raw_client client(server.port());
  EXPECT_EQ(client.command({"PING"}), pong);
  server.fast_forward(1500ms);
  EXPECT_EQ(client.command({"PING"}), hit);
  server.fast_forward(500ms);
  EXPECT_EQ(client.command({"PING"}), pong);
}

TEST(FaultTargeting, ProbabilityHitsSomeAndTheSameOnesForTheSameSeed) {
  const auto pattern = [](std::uint64_t seed) {
    kvmock::server server(kvmock::server_options{.seed = seed});
    server.add_fault("error:reply=ERR injected,p=0.5");
    raw_client client(server.port());
    return pings(client, 100);
  };
  const auto first = pattern(11);
  const auto hits = std::count(first.begin(), first.end(), hit);
  EXPECT_GT(hits, 20);
  EXPECT_LT(hits, 80);
  EXPECT_EQ(pattern(11), first);
  EXPECT_NE(pattern(12), first);
}

TEST(FaultTargeting, KeysCombine) {
  kvmock::server server;
  server.add_fault(kvmock::faults::error("ERR injected").on_commands("PING").on_connection(2).at_most(1));
  raw_client first(server.port());
  raw_client second(server.port());
  EXPECT_EQ(pings(first, 2), (std::vector<std::string>{pong, pong}));
  EXPECT_EQ(second.command({"ECHO", "x"}), "$1\r\nx\r\n");
  EXPECT_EQ(pings(second, 2), (std::vector<std::string>{hit, pong}));
}

TEST(FaultTargeting, FaultsApplyInTheOrderAddedAndATerminalOneStopsTheRest) {
  kvmock::server server;
  server.add_fault("error:reply=ERR first,cmd=GET");
  server.add_fault("error:reply=ERR second");
  raw_client client(server.port());
  EXPECT_EQ(client.command({"GET", "k"}), "-ERR first\r\n");
  EXPECT_EQ(client.command({"PING"}), "-ERR second\r\n");
  ASSERT_EQ(server.fault_log().size(), 2u);
  EXPECT_EQ(server.fault_log()[0].fault_id, 1u);
  EXPECT_EQ(server.fault_log()[1].fault_id, 2u);
}

}  // namespace

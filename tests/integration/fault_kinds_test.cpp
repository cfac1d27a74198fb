// Every fault kind over real sockets, seen from a plain client and from the server's side.
// Times are only ever bounded from below: a fault must delay by at least what it says.

#include "kvmock/server.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/system/system_error.hpp>
#include <cerrno>
#include <functional>
#include <stdexcept>
#include <string>

#include "support/raw_client.hpp"

namespace {

using namespace std::chrono_literals;
using kvtest::raw_client;
using clock_type = std::chrono::steady_clock;

// Generous: a safety net against hangs, never a claim about speed.
constexpr auto patience = 30s;
// How long a client waits to conclude that no answer is coming (a lower bound on the fault).
constexpr auto silence = 300ms;

std::string set_command(std::string_view key, std::string_view value) {
  return "*3\r\n$3\r\nSET\r\n$" + std::to_string(key.size()) + "\r\n" + std::string(key) +
         "\r\n$" + std::to_string(value.size()) + "\r\n" + std::string(value) + "\r\n";
}

const std::string get_k = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
const std::string ping = "*1\r\n$4\r\nPING\r\n";

bool stats_reach(const kvmock::server& server,
                 const std::function<bool(const kvmock::server_stats&)>& predicate) {
  return server.wait_for(predicate, patience);
}

std::vector<kvmock::fault_kind> logged_kinds(const kvmock::server& server) {
  std::vector<kvmock::fault_kind> kinds;
  for (const auto& event : server.fault_log()) kinds.push_back(event.kind);
  return kinds;
}

TEST(FaultKinds, LatencyDelaysTheReplyByAtLeastItsMinimumAndKeepsOrder) {
  kvmock::server server;
  server.set("k", "v");
  server.add_fault("latency:ms=60,jitter=20,cmd=GET");
  raw_client client(server.port());
  const auto start = clock_type::now();
  client.send(get_k + ping);  // PING is not delayed, but must not overtake GET's reply
  EXPECT_EQ(client.read_reply(), "$1\r\nv\r\n");
  EXPECT_GE(clock_type::now() - start, 60ms);
  EXPECT_EQ(client.read_reply(), "+PONG\r\n");
  EXPECT_EQ(logged_kinds(server), std::vector{kvmock::fault_kind::latency});
  EXPECT_EQ(server.fault_log()[0].command_index, 1u);
}

TEST(FaultKinds, ParetoLatencyStillWaitsItsMinimum) {
  kvmock::server server;
  server.add_fault(kvmock::faults::latency(40ms, 10ms, kvmock::jitter_distribution::pareto));
  raw_client client(server.port());
  const auto start = clock_type::now();
  EXPECT_EQ(client.command({"PING"}), "+PONG\r\n");
  EXPECT_GE(clock_type::now() - start, 40ms);
}

TEST(FaultKinds, BlackholeReadsAndNeverAnswers) {
  kvmock::server server;
  server.add_fault("blackhole:cmd=GET");
  {
    raw_client client(server.port());
    EXPECT_EQ(client.command({"PING"}), "+PONG\r\n");
    client.set_timeout(silence);
    client.send(get_k + ping);
    EXPECT_THROW(client.read_reply(), std::runtime_error);  // times out on the client
    EXPECT_EQ(server.stats().open_connections, 1u);          // the connection stays open
    EXPECT_EQ(server.stats().commands_processed, 1u);        // GET never ran, nor PING after it
  }
  EXPECT_TRUE(stats_reach(server, [](const auto& s) { return s.closed_by_client == 1; }));
  EXPECT_EQ(logged_kinds(server), std::vector{kvmock::fault_kind::blackhole});
}

TEST(FaultKinds, DropAtRequestClosesWithoutRunningTheCommand) {
  kvmock::server server;
  server.add_fault("drop:at=request,cmd=SET");
  raw_client client(server.port());
  client.send(set_command("k", "v"));
  EXPECT_EQ(client.read_until_closed(), "");
  EXPECT_EQ(client.end_error(), 0);  // a FIN
  EXPECT_TRUE(stats_reach(server, [](const auto& s) { return s.closed_by_fault == 1; }));
  EXPECT_EQ(server.get("k"), std::nullopt);
}

TEST(FaultKinds, DropAtReplyRunsTheCommandThenCloses) {
  kvmock::server server;
  server.add_fault(kvmock::faults::drop(kvmock::close_point::reply).on_commands("SET"));
  raw_client client(server.port());
  client.send(set_command("k", "v"));
  EXPECT_EQ(client.read_until_closed(), "");
  EXPECT_TRUE(stats_reach(server, [](const auto& s) { return s.closed_by_fault == 1; }));
  EXPECT_EQ(server.get("k"), "v");
}

TEST(FaultKinds, DropMidReplySendsThatManyBytes) {
  kvmock::server server;
  server.set("k", "hello");
  server.add_fault("drop:at=mid-reply,bytes=3");
  raw_client client(server.port());
  client.send(get_k);
  EXPECT_EQ(client.read_until_closed(), "$5\r");
  EXPECT_EQ(client.end_error(), 0);
}

TEST(FaultKinds, DropAtAcceptClosesANewSession) {
  kvmock::server server;
  server.add_fault("drop:at=accept");
  raw_client client(server.port());
  EXPECT_EQ(client.read_until_closed(), "");
  EXPECT_TRUE(stats_reach(server, [](const auto& s) { return s.closed_by_fault == 1; }));
  EXPECT_EQ(server.stats().accepted_connections, 1u);
  EXPECT_EQ(server.stats().refused_connections, 0u);
}

TEST(FaultKinds, ResetSendsARst) {
  kvmock::server server;
  server.add_fault("reset:at=request,cmd=GET");
  raw_client client(server.port());
  EXPECT_EQ(client.command({"PING"}), "+PONG\r\n");
  client.send(get_k);
  EXPECT_EQ(client.read_until_closed(), "");
  EXPECT_EQ(client.end_error(), ECONNRESET);
  EXPECT_TRUE(stats_reach(server, [](const auto& s) { return s.closed_by_fault == 1; }));
  EXPECT_EQ(logged_kinds(server), std::vector{kvmock::fault_kind::reset});
}

TEST(FaultKinds, ResetMidReplyCutsTheReplyWithARst) {
  kvmock::server server;
  server.set("k", "hello");
  server.add_fault("reset:at=mid-reply,bytes=2");
  raw_client client(server.port());
  client.send(get_k);
  const auto received = client.read_until_closed();
  EXPECT_EQ(client.end_error(), ECONNRESET);
  EXPECT_EQ(std::string("$5").substr(0, received.size()), received);  // at most the 2 bytes
}

TEST(FaultKinds, ResetAtAccept) {
  kvmock::server server;
  server.add_fault("reset:at=accept");
  raw_client client(server.port());
  EXPECT_EQ(client.read_until_closed(), "");
  EXPECT_EQ(client.end_error(), ECONNRESET);
}

TEST(FaultKinds, RefuseUnboundRefusesConnectsAndHoldsThePort) {
  kvmock::server server;
  const auto port = server.port();
  raw_client before(port);
  const auto id = server.add_fault("refuse");
  EXPECT_EQ(kvtest::connect_error(port), ECONNREFUSED);
  // Nobody else can take the port meanwhile, even with SO_REUSEADDR.
  const int other = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(other, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  EXPECT_NE(::bind(other, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  EXPECT_EQ(errno, EADDRINUSE);
  ::close(other);
  // Connections already open are still served.
  EXPECT_EQ(before.command({"PING"}), "+PONG\r\n");
  EXPECT_TRUE(server.remove_fault(id));
  raw_client after(port);
  EXPECT_EQ(after.command({"PING"}), "+PONG\r\n");
}

TEST(FaultKinds, RefuseUnboundSurvivesStopAndRestart) {
  kvmock::server server;
  server.add_fault("refuse:mode=unbound");
  server.stop();
  server.restart();
  EXPECT_EQ(kvtest::connect_error(server.port()), ECONNREFUSED);
  server.clear_faults();
  EXPECT_EQ(kvtest::connect_error(server.port()), 0);
}

TEST(FaultKinds, RefuseCloseAcceptsThenCloses) {
  kvmock::server server;
  server.add_fault("refuse:mode=close");
  raw_client client(server.port());
  EXPECT_EQ(client.read_until_closed(), "");
  EXPECT_EQ(client.end_error(), 0);
  EXPECT_TRUE(stats_reach(server, [](const auto& s) { return s.refused_connections == 1; }));
  EXPECT_EQ(server.stats().accepted_connections, 0u);
}

TEST(FaultKinds, RefuseResetAcceptsThenResets) {
  kvmock::server server;
  server.add_fault("refuse:mode=reset");
  raw_client client(server.port());
  EXPECT_EQ(client.read_until_closed(), "");
  EXPECT_EQ(client.end_error(), ECONNRESET);
}

TEST(FaultKinds, MaxClientsAnswersRedisErrorBeyondN) {
  kvmock::server server;
  server.add_fault("max_clients:n=1");
  {
    raw_client first(server.port());
    EXPECT_EQ(first.command({"PING"}), "+PONG\r\n");
    raw_client second(server.port());
    EXPECT_EQ(second.read_until_closed(), "-ERR max number of clients reached\r\n");
    EXPECT_EQ(server.stats().refused_connections, 1u);
  }
  EXPECT_TRUE(stats_reach(server, [](const auto& s) { return s.open_connections == 0; }));
  raw_client third(server.port());
  EXPECT_EQ(third.command({"PING"}), "+PONG\r\n");
}

TEST(FaultKinds, ErrorAnswersInsteadOfRunning) {
  kvmock::server server;
  server.add_fault("error:reply=LOADING Redis is loading the dataset in memory,cmd=SET");
  raw_client client(server.port());
  EXPECT_EQ(client.command({"SET", "k", "v"}),
            "-LOADING Redis is loading the dataset in memory\r\n");
  EXPECT_EQ(server.get("k"), std::nullopt);
  EXPECT_EQ(client.command({"PING"}), "+PONG\r\n");  // the connection goes on
}

TEST(FaultKinds, SliceWritesInPiecesWithPausesBetween) {
  kvmock::server server;
  server.set("k", std::string(10, 'x'));  // "$10\r\nxxxxxxxxxx\r\n": 17 bytes, 9 pieces of 2
  server.add_fault("slice:bytes=2,delay_us=5000,cmd=GET");
  raw_client client(server.port());
  const auto start = clock_type::now();
  EXPECT_EQ(client.command({"GET", "k"}), "$10\r\n" + std::string(10, 'x') + "\r\n");
  EXPECT_GE(clock_type::now() - start, 8 * 5ms);
}

TEST(FaultKinds, BandwidthLimitsTheRate) {
  kvmock::server server;
  server.set("k", std::string(93, 'y'));  // a 100-byte reply: "$93\r\n" + 93 + "\r\n"
  server.add_fault("bandwidth:kbps=8");   // 1000 bytes/s: at least 90 ms after the first piece
  raw_client client(server.port());
  const auto start = clock_type::now();
  EXPECT_EQ(client.command({"GET", "k"}).size(), 100u);
  EXPECT_GE(clock_type::now() - start, 90ms);
}

TEST(FaultKinds, SlowCloseWaitsBeforeADropCloses) {
  kvmock::server server;
  server.add_fault("slow_close:ms=80");
  server.add_fault("drop:at=request");
  raw_client client(server.port());
  const auto start = clock_type::now();
  client.send(ping);
  EXPECT_EQ(client.read_until_closed(), "");
  EXPECT_GE(clock_type::now() - start, 80ms);
}

TEST(FaultKinds, StallAcceptConnectsButNeverReads) {
  kvmock::server server;
  const auto id = server.add_fault("stall_accept:conn=1");
  raw_client stalled(server.port());
  stalled.set_timeout(silence);
  stalled.send(ping);
  EXPECT_THROW(stalled.read_reply(), std::runtime_error);
  EXPECT_EQ(server.stats().open_connections, 1u);
  EXPECT_EQ(server.stats().commands_processed, 0u);
  server.remove_fault(id);
  raw_client next(server.port());
  EXPECT_EQ(next.command({"PING"}), "+PONG\r\n");
  EXPECT_EQ(logged_kinds(server), std::vector{kvmock::fault_kind::stall_accept});
}

TEST(FaultKinds, MalformedSpecThrowsAndChangesNothing) {
  kvmock::server server;
  EXPECT_THROW(server.add_fault("latency:ms=fast"), boost::system::system_error);
  EXPECT_THROW(server.add_fault(kvmock::faults::slice(0)), boost::system::system_error);
  EXPECT_TRUE(server.faults().empty());
}

}  // namespace

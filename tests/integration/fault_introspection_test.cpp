// What the server tells a test about its connections: counts, per-connection records, the
// command log, the bounded fault log, and wait_for with the caller's own io_context.

#include "kvmock/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <thread>

#include "support/raw_client.hpp"

namespace {

using namespace std::chrono_literals;
using kvtest::raw_client;

constexpr auto patience = 30s;

TEST(FaultIntrospection, CountsWhoClosedEachConnection) {
  kvmock::server server;
  server.add_fault("drop:at=request,cmd=GET");
  server.add_fault("refuse:mode=close,conn=4");
  {
    raw_client by_client(server.port());
    EXPECT_EQ(by_client.command({"PING"}), "+PONG\r\n");
    raw_client by_fault(server.port());
    by_fault.send("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
    EXPECT_EQ(by_fault.read_until_closed(), "");
    raw_client by_server(server.port());
    by_server.send("*x\r\n");  // a protocol error: the server closes
    EXPECT_NE(by_server.read_until_closed().find("Protocol error"), std::string::npos);
    raw_client refused(server.port());
    EXPECT_EQ(refused.read_until_closed(), "");
  }
  ASSERT_TRUE(server.wait_for([](const auto& s) { return s.closed_connections == 3; }, patience));
  const auto stats = server.stats();
  EXPECT_EQ(stats.accepted_connections, 3u);
  EXPECT_EQ(stats.refused_connections, 1u);
  EXPECT_EQ(stats.closed_by_client, 1u);
  EXPECT_EQ(stats.closed_by_fault, 1u);
  EXPECT_EQ(stats.closed_by_server, 1u);
  // by_fault was closed (on the server's one thread) before by_server was accepted.
  EXPECT_EQ(stats.peak_connections, 2u);
  server.reset_peak();
  EXPECT_EQ(server.stats().peak_connections, 0u);

  const auto records = server.connection_records();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].connection, 1u);
  EXPECT_EQ(records[0].closed_by, kvmock::closed_by::client);
  EXPECT_EQ(records[0].commands, 1u);
  EXPECT_EQ(records[1].closed_by, kvmock::closed_by::fault);
  EXPECT_EQ(records[2].closed_by, kvmock::closed_by::server);
  for (const auto& record : records) {
    EXPECT_NE(record.peer_port, 0u);
    ASSERT_TRUE(record.closed_at);
    EXPECT_GE(*record.closed_at, record.opened_at);
  }
}

TEST(FaultIntrospection, RecordsStayBoundedAndShowOpenConnections) {
  kvmock::server server(kvmock::server_options{.connection_record_limit = 2});
  raw_client first(server.port());
  raw_client second(server.port());
  raw_client third(server.port());
  EXPECT_EQ(third.command({"PING"}), "+PONG\r\n");
  const auto records = server.connection_records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].connection, 2u);
  EXPECT_EQ(records[1].connection, 3u);
  EXPECT_EQ(records[1].closed_by, kvmock::closed_by::still_open);
  EXPECT_FALSE(records[1].closed_at);
}

TEST(FaultIntrospection, CommandLogIsOptionalAndBounded) {
  {
    kvmock::server server;
    raw_client client(server.port());
    client.command({"PING"});
    EXPECT_TRUE(server.command_log().empty());
  }
  kvmock::server server(kvmock::server_options{.command_log_limit = 2});
  raw_client client(server.port());
  client.command({"SET", "k", "v"});
  client.command({"KVMOCK.STATS"});  // admin commands are not counted
  client.command({"get", "k"});
  client.command({"PING"});
  const auto log = server.command_log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].name, "get");
  EXPECT_EQ(log[0].command_index, 2u);
  EXPECT_EQ(log[1].name, "ping");
  EXPECT_EQ(log[1].connection, 1u);
}

TEST(FaultIntrospection, FaultLogIsBounded) {
  kvmock::server server(kvmock::server_options{.fault_log_limit = 2});
  server.add_fault("latency:ms=0,jitter=1");
  raw_client client(server.port());
  for (int i = 0; i < 5; ++i) client.command({"PING"});
  const auto log = server.fault_log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].command_index, 4u);
  EXPECT_EQ(log[1].command_index, 5u);
}

TEST(FaultIntrospection, WaitForWithTheCallersContextNeedsItToRun) {
  boost::asio::io_context context;
  kvmock::server server(context);
  raw_client client(server.port());  // the kernel accepts; the server has not run yet
  // Nothing runs the context: waiting makes no progress and gives up after its timeout.
  EXPECT_FALSE(server.wait_for([](const auto& s) { return s.open_connections == 1; }, 50ms));
  std::thread runner([&] { context.run(); });
  EXPECT_TRUE(server.wait_for([](const auto& s) { return s.open_connections == 1; }, patience));
  boost::asio::post(context, [&] { server.stop(); });
  runner.join();
}

TEST(FaultIntrospection, PeakLeavesOutConnectionsTheirClientAlreadyClosed) {
  boost::asio::io_context context;
  kvmock::server server(context);
  {
    raw_client first(server.port());  // accepted by the kernel only: the server is not running
  }
  raw_client second(server.port());
  // The server accepts both before it can read the first one's FIN.
  while (server.stats().accepted_connections < 2) context.run_one();
  EXPECT_EQ(server.stats().peak_connections, 1u)
      << "the client never held two connections at once";
}

}  // namespace

// KVMOCK.FAULT, KVMOCK.STATS and KVMOCK.SEED over RESP, on the main port and on the admin port,
// which faults never touch.

#include "kvmock/server.hpp"

#include <gtest/gtest.h>

#include <cerrno>

#include "support/raw_client.hpp"

namespace {

using namespace std::chrono_literals;
using kvtest::raw_client;

kvmock::server_options with_admin_port() {
  kvmock::server_options options;
  options.admin_port = 0;
  return options;
}

TEST(FaultAdmin, DrivesFaultsOnTheMainPort) {
  kvmock::server server;
  raw_client admin(server.port());
  EXPECT_EQ(admin.command({"KVMOCK.FAULT", "ADD", "error:reply=BUSY script running,cmd=GET"}),
            ":1\r\n");
  EXPECT_EQ(admin.command({"KVMOCK.FAULT", "ADD", "latency:ms=oops"}),
            "-ERR invalid fault spec: latency: ms='oops' is not a whole number >= 0\r\n");
  EXPECT_EQ(admin.command({"KVMOCK.FAULT", "LIST"}),
            "*1\r\n$41\r\n1 error:reply=BUSY script running,cmd=get\r\n");
  EXPECT_EQ(server.faults().size(), 1u);
  EXPECT_EQ(admin.command({"GET", "k"}), "-BUSY script running\r\n");
  const auto log = admin.command({"KVMOCK.FAULT", "LOG"});
  EXPECT_NE(log.find("kind=error conn=1 cmd=1"), std::string::npos) << log;
  EXPECT_EQ(admin.command({"KVMOCK.FAULT", "DEL", "1"}), ":1\r\n");
  EXPECT_EQ(admin.command({"GET", "k"}), "$-1\r\n");
}

TEST(FaultAdmin, AdminCommandsAreNeverFaulted) {
  kvmock::server server;
  raw_client client(server.port());
  EXPECT_EQ(client.command({"KVMOCK.FAULT", "ADD", "error:reply=ERR everything fails"}), ":1\r\n");
  EXPECT_EQ(client.command({"PING"}), "-ERR everything fails\r\n");
  EXPECT_NE(client.command({"KVMOCK.STATS"}).find("open_connections:1\r\n"), std::string::npos);
  EXPECT_EQ(client.command({"KVMOCK.FAULT", "CLEAR"}), ":1\r\n");
  EXPECT_EQ(client.command({"PING"}), "+PONG\r\n");
}

TEST(FaultAdmin, SeedOverResp) {
  kvmock::server server(kvmock::server_options{.seed = 9});
  raw_client client(server.port());
  EXPECT_EQ(client.command({"KVMOCK.SEED"}), "$1\r\n9\r\n");
  EXPECT_EQ(client.command({"KVMOCK.SEED", "77"}), "+OK\r\n");
  EXPECT_EQ(server.seed(), 77u);
}

TEST(FaultAdmin, RefusalOverRespTakesEffectBeforeTheReply) {
  kvmock::server server;
  raw_client admin(server.port());
  EXPECT_EQ(admin.command({"KVMOCK.FAULT", "ADD", "refuse"}), ":1\r\n");
  EXPECT_EQ(kvtest::connect_error(server.port()), ECONNREFUSED);
  EXPECT_EQ(admin.command({"KVMOCK.FAULT", "DEL", "1"}), ":1\r\n");
  EXPECT_EQ(kvtest::connect_error(server.port()), 0);
}

TEST(FaultAdmin, TheAdminPortIsNeverFaultedNorCounted) {
  kvmock::server server(with_admin_port());
  ASSERT_NE(server.admin_port(), 0);
  ASSERT_NE(server.admin_port(), server.port());
  raw_client admin(server.admin_port());
  EXPECT_EQ(admin.command({"KVMOCK.FAULT", "ADD", "refuse"}), ":1\r\n");
  EXPECT_EQ(admin.command({"KVMOCK.FAULT", "ADD", "error:reply=ERR main port only"}), ":2\r\n");
  EXPECT_EQ(admin.command({"KVMOCK.FAULT", "ADD", "drop:at=accept"}), ":3\r\n");
  EXPECT_EQ(kvtest::connect_error(server.port()), ECONNREFUSED);
  // A refusal cannot lock the admin out; the admin port serves every command.
  raw_client second_admin(server.admin_port());
  EXPECT_EQ(second_admin.command({"SET", "k", "v"}), "+OK\r\n");
  EXPECT_EQ(admin.command({"GET", "k"}), "$1\r\nv\r\n");
  EXPECT_EQ(server.stats().open_connections, 0u);
  EXPECT_EQ(server.stats().accepted_connections, 0u);
  EXPECT_TRUE(server.connection_records().empty());
  EXPECT_EQ(admin.command({"KVMOCK.FAULT", "CLEAR"}), ":3\r\n");
  raw_client main(server.port());
  EXPECT_EQ(main.command({"GET", "k"}), "$1\r\nv\r\n");
}

TEST(FaultAdmin, TheAdminPortComesBackAfterRestart) {
  kvmock::server server(with_admin_port());
  const auto admin_port = server.admin_port();
  server.stop();
  EXPECT_EQ(kvtest::connect_error(admin_port), ECONNREFUSED);
  server.restart();
  EXPECT_EQ(server.admin_port(), admin_port);
  raw_client admin(admin_port);
  EXPECT_EQ(admin.command({"PING"}), "+PONG\r\n");
}

}  // namespace

// CLIENT LIST, CLIENT KILL and CLIENT PAUSE on the fake over sockets: the parts whose replies
// cannot be byte-identical to Redis's (ids, ports, ages, buffer sizes), checked field by field;
// their error replies are in the differential suite.

#include "kvmock/server.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/raw_client.hpp"

namespace {

using namespace std::chrono_literals;
using kvtest::raw_client;
using clock_type = std::chrono::steady_clock;
constexpr auto patience = 30s;

// CLIENT LIST's bulk string as one map of fields per line.
std::vector<std::map<std::string, std::string>> client_list(raw_client& client,
                                                            std::vector<std::string> options = {}) {
  std::vector<std::string> command{"CLIENT", "LIST"};
  command.insert(command.end(), options.begin(), options.end());
  const std::string reply = client.command(command);
  EXPECT_TRUE(reply.starts_with("$")) << reply;
  const std::string body = reply.substr(reply.find("\r\n") + 2);
  std::vector<std::map<std::string, std::string>> clients;
  std::istringstream lines(body.substr(0, body.size() - 2));
  for (std::string line; std::getline(lines, line);) {
    std::map<std::string, std::string> fields;
    std::istringstream words(line);
    for (std::string word; words >> word;) {
      const auto equals = word.find('=');
      fields[word.substr(0, equals)] = word.substr(equals + 1);
    }
    clients.push_back(fields);
  }
  return clients;
}

std::string id_of(raw_client& client) {
  const std::string reply = client.command({"CLIENT", "ID"});
  return reply.substr(1, reply.size() - 3);
}

TEST(ClientCommands, ListShowsEveryConnectionWithRedisFields) {
  kvmock::server server;
  raw_client first(server.port());
  raw_client second(server.port());
  EXPECT_EQ(second.command({"CLIENT", "SETNAME", "worker"}), "+OK\r\n");
  EXPECT_EQ(second.command({"SELECT", "3"}), "+OK\r\n");
  const auto clients = client_list(first);
  ASSERT_EQ(clients.size(), 2u);
  for (const char* field : {"id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub",
                            "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem",
                            "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user",
                            "redir", "resp"}) {
    EXPECT_TRUE(clients[0].contains(field)) << field;
  }
  EXPECT_EQ(clients[0].at("id"), id_of(first));
  EXPECT_EQ(clients[0].at("cmd"), "client|list");
  EXPECT_TRUE(clients[0].at("addr").starts_with("127.0.0.1:"));
  EXPECT_EQ(clients[0].at("laddr"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(clients[1].at("name"), "worker");
  EXPECT_EQ(clients[1].at("db"), "3");
  EXPECT_EQ(clients[1].at("cmd"), "select");
  EXPECT_EQ(clients[1].at("flags"), "N");
  EXPECT_EQ(client_list(first, {"ID", id_of(second)}).size(), 1u);
  EXPECT_EQ(client_list(first, {"TYPE", "pubsub"}).size(), 0u);
  EXPECT_EQ(client_list(first, {"TYPE", "normal"}).size(), 2u);
}

TEST(ClientCommands, KillByIdAddressAndOldFormClosesThoseConnections) {
  kvmock::server server;
  raw_client killer(server.port());
  raw_client by_id(server.port());
  raw_client by_addr(server.port());
  raw_client by_old_form(server.port());
  EXPECT_EQ(killer.command({"CLIENT", "KILL", "ID", id_of(by_id)}), ":1\r\n");
  EXPECT_EQ(by_id.read_until_closed(), "");
  const auto clients = client_list(killer);
  std::string addr_of_second, addr_of_third;
  for (const auto& fields : clients) {
    if (fields.at("id") == id_of(by_addr)) addr_of_second = fields.at("addr");
    if (fields.at("id") == id_of(by_old_form)) addr_of_third = fields.at("addr");
  }
  EXPECT_EQ(killer.command({"CLIENT", "KILL", "ADDR", addr_of_second}), ":1\r\n");
  EXPECT_EQ(by_addr.read_until_closed(), "");
  EXPECT_EQ(killer.command({"CLIENT", "KILL", addr_of_third}), "+OK\r\n");
  EXPECT_EQ(by_old_form.read_until_closed(), "");
  EXPECT_TRUE(server.wait_for([](const auto& s) { return s.open_connections == 1; }, patience));
  EXPECT_EQ(server.stats().closed_by_server, 3u);
  EXPECT_EQ(killer.command({"CLIENT", "KILL", "SKIPME", "yes"}), ":0\r\n") << "only itself is left";
  EXPECT_EQ(killer.command({"PING"}), "+PONG\r\n");
}

TEST(ClientCommands, KillingItselfAnswersFirst) {
  kvmock::server server;
  raw_client client(server.port());
  EXPECT_EQ(client.command({"CLIENT", "KILL", "ID", id_of(client), "SKIPME", "no"}), ":1\r\n");
  EXPECT_EQ(client.read_until_closed(), "");
}

TEST(ClientCommands, PauseHoldsCommandsUntilItEndsOrUnpause) {
  kvmock::server server;
  raw_client admin(server.port());
  raw_client writer(server.port());
  // Taken before the pause starts; the server counts whole milliseconds, so 1 ms may go.
  const auto start = clock_type::now();
  EXPECT_EQ(admin.command({"CLIENT", "PAUSE", "100", "WRITE"}), "+OK\r\n");
  EXPECT_EQ(writer.command({"GET", "k"}), "$-1\r\n") << "reads are not paused by WRITE";
  EXPECT_EQ(writer.command({"SET", "k", "v"}), "+OK\r\n");
  EXPECT_GE(clock_type::now() - start, 99ms) << "the write waited for the pause to end";

  EXPECT_EQ(admin.command({"CLIENT", "PAUSE", "60000", "WRITE"}), "+OK\r\n");
  writer.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nw\r\n");
  EXPECT_EQ(admin.command({"CLIENT", "UNPAUSE"}), "+OK\r\n") << "not a write: not paused";
  EXPECT_EQ(writer.read_reply(), "+OK\r\n") << "UNPAUSE lets the waiting write run at once";

  const auto paused_at = clock_type::now();
  EXPECT_EQ(admin.command({"CLIENT", "PAUSE", "100"}), "+OK\r\n");
  EXPECT_EQ(writer.command({"GET", "k"}), "$1\r\nw\r\n");
  EXPECT_GE(clock_type::now() - paused_at, 99ms) << "ALL pauses reads too";
}

}  // namespace

namespace {

TEST(ClientCommands, SubscribersAreOfTypePubsubWithTheirCounts) {
  kvmock::server server;
  raw_client subscriber(server.port());
  raw_client other(server.port());
  EXPECT_EQ(subscriber.command({"SUBSCRIBE", "a", "b"}).substr(0, 2), "*3");
  (void)subscriber.read_reply();  // the second confirmation
  EXPECT_EQ(subscriber.command({"PSUBSCRIBE", "c*"}).substr(0, 2), "*3");
  const auto pubsub = client_list(other, {"TYPE", "pubsub"});
  ASSERT_EQ(pubsub.size(), 1u);
  EXPECT_EQ(pubsub[0].at("flags"), "P");
  EXPECT_EQ(pubsub[0].at("sub"), "2");
  EXPECT_EQ(pubsub[0].at("psub"), "1");
  EXPECT_EQ(pubsub[0].at("ssub"), "0");
  const auto normal = client_list(other, {"TYPE", "normal"});
  ASSERT_EQ(normal.size(), 1u);
  EXPECT_EQ(normal[0].at("id"), id_of(other));
  EXPECT_EQ(other.command({"CLIENT", "KILL", "TYPE", "pubsub"}), ":1\r\n");
  EXPECT_EQ(subscriber.read_until_closed(), "");
  EXPECT_EQ(other.command({"PUBSUB", "NUMSUB", "a"}), "*2\r\n$1\r\na\r\n:0\r\n");
}

// PUBLISH from the test: the subscribers get the message on their connection, and the test can
// see who listens.
TEST(ServerPubSub, APublishFromTheTestReachesSubscribersAndTheTestSeesWhoListens) {
  kvmock::server server;
  raw_client first(server.port());
  raw_client second(server.port());
  const auto first_id = std::stoull(id_of(first));
  const auto second_id = std::stoull(id_of(second));
  EXPECT_EQ(first.command({"SUBSCRIBE", "jobs"}), "*3\r\n$9\r\nsubscribe\r\n$4\r\njobs\r\n:1\r\n");
  EXPECT_EQ(second.command({"HELLO", "3"}).substr(0, 2), "%7");
  EXPECT_EQ(second.command({"PSUBSCRIBE", "j*"}), ">3\r\n$10\r\npsubscribe\r\n$2\r\nj*\r\n:1\r\n");
  EXPECT_EQ(second.command({"SUBSCRIBE", "jobs"}), ">3\r\n$9\r\nsubscribe\r\n$4\r\njobs\r\n:2\r\n");
  EXPECT_EQ(server.subscribers("jobs"), (std::vector<std::uint64_t>{first_id, second_id}));
  EXPECT_EQ(server.channels(), std::vector<std::string>{"jobs"});
  EXPECT_EQ(server.channels("x*"), std::vector<std::string>{});

  EXPECT_EQ(server.publish("jobs", "42"), 3u);
  EXPECT_EQ(first.read_reply(), "*3\r\n$7\r\nmessage\r\n$4\r\njobs\r\n$2\r\n42\r\n");
  EXPECT_EQ(second.read_reply(), ">3\r\n$7\r\nmessage\r\n$4\r\njobs\r\n$2\r\n42\r\n");
  EXPECT_EQ(second.read_reply(), ">4\r\n$8\r\npmessage\r\n$2\r\nj*\r\n$4\r\njobs\r\n$2\r\n42\r\n");
  EXPECT_EQ(server.publish("nobody", "x"), 0u);
}

}  // namespace

namespace {

// A subscriber that does not read: each message waits on the server until its output passes
// the pubsub class's client-output-buffer-limit, and then the connection is closed.
std::size_t flood(kvmock::server& server, std::size_t messages) {
  const std::string message(100 * 1024, 'x');
  std::size_t received = 0;
  for (std::size_t i = 0; i < messages; ++i) received += server.publish("c", message);
  return received;
}

bool closed_by_server(const kvmock::server& server) {
  return server.wait_for([](const kvmock::server_stats& s) { return s.closed_by_server == 1; }, 60s);
}

TEST(ServerPubSub, ASubscriberThatDoesNotReadIsClosedAtTheHardLimit) {
  kvmock::server server({.config = {{"client-output-buffer-limit", "pubsub 1mb 0 0"}}});
  raw_client subscriber(server.port());
  EXPECT_EQ(subscriber.command({"SUBSCRIBE", "c"}).substr(0, 2), "*3");
  flood(server, 300);  // 30 MB: past any socket buffer, below max_pending_output
  EXPECT_TRUE(closed_by_server(server));
  EXPECT_TRUE(server.subscribers("c").empty());
}

TEST(ServerPubSub, TheSoftLimitClosesOnlyAfterItsSecondsOnTheServersClock) {
  kvmock::server server({.config = {{"client-output-buffer-limit", "pubsub 0 1mb 60"}}});
  raw_client subscriber(server.port());
  EXPECT_EQ(subscriber.command({"SUBSCRIBE", "c"}).substr(0, 2), "*3");
  EXPECT_EQ(flood(server, 300), 300u);
  raw_client other(server.port());
  EXPECT_EQ(other.command({"PUBSUB", "NUMSUB", "c"}), "*2\r\n$1\r\nc\r\n:1\r\n");  // still there
  server.fast_forward(61s);
  flood(server, 1);
  EXPECT_TRUE(closed_by_server(server));
}

}  // namespace

namespace {

// Keyspace notifications on the server's clock: moving it expires a key, and its subscriber is
// told at once, without anyone looking the key up.
TEST(ServerNotifications, FastForwardExpiresKeysWithTheirEvents) {
  kvmock::server server({.config = {{"notify-keyspace-events", "Ex"}}});
  raw_client subscriber(server.port());
  EXPECT_EQ(subscriber.command({"SUBSCRIBE", "__keyevent@0__:expired"}).substr(0, 2), "*3");
  server.set("session", "v");
  server.set_ttl("session", 10s);
  server.fast_forward(11s);
  EXPECT_EQ(subscriber.read_reply(),
            "*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$7\r\nsession\r\n");
  EXPECT_EQ(server.get("session"), std::nullopt);
}

}  // namespace

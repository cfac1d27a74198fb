// kvmock::server over real sockets: lifecycle, thread modes, and clients that misbehave.

#include "kvmock/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/differential.hpp"
#include "support/raw_client.hpp"

namespace {

using namespace std::chrono_literals;
using kvtest::raw_client;

// Generous: a safety net against hangs, never a claim about speed.
constexpr auto patience = 30s;

bool open_connections_are(const kvmock::server& server, std::size_t count) {
  return server.wait_for([count](const auto& stats) { return stats.open_connections == count; },
                         patience);
}

TEST(Server, ListensOnAnEphemeralLoopbackPort) {
  kvmock::server server;
  EXPECT_NE(server.port(), 0);
  EXPECT_EQ(server.endpoint().address, "127.0.0.1");
  raw_client client(server.port());
  EXPECT_EQ(client.command({"PING"}), "+PONG\r\n");
}

TEST(Server, StopRefusesConnectionsAndRestartKeepsPortAndData) {
  kvmock::server server;
  const auto port = server.port();
  {
    raw_client client(port);
    EXPECT_EQ(client.command({"SET", "k", "kept"}), "+OK\r\n");
    server.stop();
    EXPECT_FALSE(server.running());
    EXPECT_EQ(client.read_until_closed(), "");  // the server closed the connection
  }
  EXPECT_THROW(raw_client{port}, std::runtime_error);
  server.restart();
  EXPECT_TRUE(server.running());
  EXPECT_EQ(server.port(), port);
  raw_client client(port);
  EXPECT_EQ(client.command({"GET", "k"}), "$4\r\nkept\r\n");
}

TEST(Server, ServesFromACallersIoContext) {
  boost::asio::io_context context;
  kvmock::server server(context);
  std::thread runner([&] { context.run(); });
  {
    raw_client client(server.port());
    EXPECT_EQ(client.command({"ECHO", "hi"}), "$2\r\nhi\r\n");
  }
  // In this mode stop() runs on the context's thread; with nothing left to do, run() returns.
  boost::asio::post(context, [&] { server.stop(); });
  runner.join();
  EXPECT_EQ(server.stats().open_connections, 0u);
}

TEST(Server, FastForwardExpiresKeysWithoutWaiting) {
  kvmock::server server;
  raw_client client(server.port());
  EXPECT_EQ(client.command({"SET", "session", "x", "EX", "3600"}), "+OK\r\n");
  server.fast_forward(3599s);
  EXPECT_EQ(client.command({"TTL", "session"}), ":1\r\n");
  server.fast_forward(1s);
  EXPECT_EQ(client.command({"GET", "session"}), "$-1\r\n");
}

TEST(Server, HelpersReadAndWriteTheKeyspace) {
  kvmock::server server;
  const auto frozen = server.now();
  server.set_clock([frozen] { return frozen; });
  server.set("a", "1");
  server.set("b", "2", 3);
  server.set_ttl("a", 10s);
  raw_client client(server.port());
  EXPECT_EQ(client.command({"GET", "a"}), "$1\r\n1\r\n");
  EXPECT_EQ(client.command({"SET", "c", "3"}), "+OK\r\n");
  EXPECT_EQ(server.keys(), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(server.get("b", 3), "2");
  EXPECT_EQ(server.ttl("a"), 10s);
  EXPECT_EQ(server.ttl("c"), std::nullopt);
  EXPECT_TRUE(server.del("c"));
  EXPECT_EQ(server.db_size(), 1u);
  server.flush_all();
  EXPECT_EQ(server.db_size(3), 0u);
}

TEST(Server, TypedHelpersAgreeWithTheCommands) {
  kvmock::server server;
  raw_client client(server.port());
  server.rpush("list", {"b", "c"});
  server.lpush("list", {"a"});
  EXPECT_EQ(client.command({"LRANGE", "list", "0", "-1"}), "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
  EXPECT_EQ(server.rpop("list"), "c");
  server.hset("hash", "f", "1");
  EXPECT_EQ(client.command({"HSET", "hash", "g", "2"}), ":1\r\n");
  EXPECT_EQ(server.hash("hash"), (std::vector<std::pair<std::string, std::string>>{{"f", "1"}, {"g", "2"}}));
  server.sadd("set", {"2", "1"});
  EXPECT_EQ(client.command({"OBJECT", "ENCODING", "set"}), "$6\r\nintset\r\n");
  EXPECT_EQ(server.members("set"), (std::vector<std::string>{"1", "2"}));
  server.zadd("zset", 2, "b");
  EXPECT_EQ(client.command({"ZADD", "zset", "1", "a"}), ":1\r\n");
  EXPECT_EQ(server.sorted_set("zset"), (std::vector<std::pair<std::string, double>>{{"a", 1}, {"b", 2}}));
  // Emptied by a helper, a collection goes, as a command would remove it.
  EXPECT_TRUE(server.srem("set", "1"));
  EXPECT_TRUE(server.srem("set", "2"));
  EXPECT_EQ(server.type("set"), std::nullopt);
  EXPECT_THROW(server.hset("list", "f", "v"), std::invalid_argument);
  EXPECT_THROW(server.members("hash"), std::invalid_argument);
}

TEST(Server, HyperLogLogAndGeoHelpersWriteWhatTheCommandsRead) {
  kvmock::server server;
  raw_client client(server.port());
  EXPECT_TRUE(server.pfadd("hll", {"a", "b", "c"}));
  EXPECT_FALSE(server.pfadd("hll", {"a"}));
  EXPECT_EQ(server.pfcount("hll"), 3);
  EXPECT_EQ(client.command({"PFCOUNT", "hll"}), ":3\r\n");
  EXPECT_EQ(client.command({"PFADD", "hll", "d"}), ":1\r\n");
  EXPECT_EQ(server.pfcount("hll"), 4);
  EXPECT_EQ(server.pfcount("missing"), 0);
  server.set("plain", "not an hll");
  EXPECT_THROW(server.pfadd("plain", {"x"}), std::invalid_argument);
  EXPECT_THROW(server.pfcount("plain"), std::invalid_argument);

  server.geoadd("Sicily", 13.361389, 38.115556, "Palermo");
  EXPECT_EQ(client.command({"GEOADD", "Sicily", "15.087269", "37.502669", "Catania"}), ":1\r\n");
  EXPECT_EQ(client.command({"GEODIST", "Sicily", "Palermo", "Catania", "km"}), "$8\r\n166.2742\r\n");
  const auto catania = server.geopos("Sicily", "Catania");
  ASSERT_TRUE(catania.has_value());
  EXPECT_NEAR(catania->first, 15.087269, 1e-5);
  EXPECT_NEAR(catania->second, 37.502669, 1e-5);
  EXPECT_EQ(server.geopos("Sicily", "Rome"), std::nullopt);
  EXPECT_THROW(server.geoadd("Sicily", 0, 86, "pole"), std::invalid_argument);
}

TEST(Server, ConfigHelpersAreConfigGetAndSet) {
  kvmock::server server;
  raw_client client(server.port());
  EXPECT_EQ(server.config_get("set-max-intset-entries"), "512");
  server.config_set("set-max-intset-entries", "1");
  EXPECT_EQ(client.command({"CONFIG", "GET", "set-max-intset-entries"}),
            "*2\r\n$22\r\nset-max-intset-entries\r\n$1\r\n1\r\n");
  EXPECT_EQ(client.command({"SADD", "s", "1", "2"}), ":2\r\n");
  EXPECT_EQ(client.command({"OBJECT", "ENCODING", "s"}), "$9\r\nhashtable\r\n");
  EXPECT_EQ(server.config_get("no-such-parameter"), std::nullopt);
  EXPECT_EQ(server.config_get("set-max-*"), std::nullopt);
  try {
    server.config_set("maxmemory", "lots");
    ADD_FAILURE() << "a bad value was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("maxmemory"), std::string::npos) << e.what();
  }
  EXPECT_EQ(server.config_get("maxmemory"), "0");
}

TEST(Server, DebugSleepAnswersAfterThatLong) {
  kvmock::server_options options;
  options.config = {{"enable-debug-command", "yes"}};
  kvmock::server server(options);
  raw_client client(server.port());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(client.command({"DEBUG", "SLEEP", "0.3"}), "+OK\r\n");
  EXPECT_GE(std::chrono::steady_clock::now() - started, 300ms);
  EXPECT_EQ(client.command({"DEBUG", "SLEEP", "-5"}), "+OK\r\n");
}

TEST(Server, CountsConnectionsAndCommands) {
  kvmock::server server;
  {
    raw_client first(server.port());
    raw_client second(server.port());
    first.command({"PING"});
    second.command({"PING"});
    ASSERT_TRUE(open_connections_are(server, 2));
  }
  ASSERT_TRUE(open_connections_are(server, 0));
  const auto stats = server.stats();
  EXPECT_EQ(stats.accepted_connections, 2u);
  EXPECT_EQ(stats.closed_connections, 2u);
  EXPECT_EQ(stats.peak_connections, 2u);
  EXPECT_EQ(stats.commands_processed, 2u);
  server.reset_peak();
  EXPECT_EQ(server.stats().peak_connections, 0u);
}

TEST(Server, ProtocolErrorClosesOnlyTheOffendingConnection) {
  kvmock::server server;
  raw_client bystander(server.port());
  raw_client offender(server.port());
  offender.send("PING\r\n*1\r\n$x\r\nPING\r\n");
  EXPECT_EQ(offender.read_until_closed(),
            "+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
  EXPECT_EQ(bystander.command({"PING"}), "+PONG\r\n");
}

TEST(Server, GarbageBytesGetRedisErrorsNotACrash) {
  kvmock::server server;
  raw_client client(server.port());
  client.send(std::string("\x01\xff\xfe garbage\r\n", 13));
  EXPECT_EQ(client.read_reply().substr(0, 22), "-ERR unknown command '");
  EXPECT_EQ(client.command({"PING"}), "+PONG\r\n");
}

TEST(Server, ClientVanishingMidCommandOrMidReplyLeavesOthersServed) {
  kvmock::server server;
  server.set("big", std::string(8 * 1024 * 1024, 'v'));
  raw_client bystander(server.port());
  {
    raw_client half(server.port());
    half.send("*2\r\n$3\r\nGET\r\n$3\r\nbi");  // never finished
  }
  {
    raw_client impatient(server.port());
    impatient.send("GET big\r\n");  // leaves before reading 8 MB
  }
  ASSERT_TRUE(open_connections_are(server, 1));
  EXPECT_EQ(bystander.command({"PING"}), "+PONG\r\n");
}

TEST(Server, TenThousandPipelinedCommandsAnswerInOrder) {
  kvmock::server server;
  raw_client client(server.port());
  constexpr int count = 10'000;
  std::string batch;
  for (int i = 0; i < count; ++i) batch += "INCR counter\r\n";
  client.send(batch);
  for (int i = 1; i <= count; ++i) {
    ASSERT_EQ(client.read_reply(), ":" + std::to_string(i) + "\r\n");
  }
}

TEST(Server, ClientThatDoesNotReadIsThrottledWhileOthersAreServed) {
  kvmock::server server;
  const std::string value(1024 * 1024, 'x');
  server.set("big", value);
  raw_client lazy(server.port());
  constexpr int requests = 200;  // 200 MB of replies for a few KB of requests
  std::string batch;
  for (int i = 0; i < requests; ++i) batch += "GET big\r\n";
  lazy.send(batch);
  raw_client bystander(server.port());
  EXPECT_EQ(bystander.command({"PING"}), "+PONG\r\n");
  EXPECT_EQ(server.stats().open_connections, 2u);
  const std::string expected = "$" + std::to_string(value.size()) + "\r\n" + value + "\r\n";
  for (int i = 0; i < requests; ++i) ASSERT_EQ(lazy.read_reply(), expected);
}

TEST(Server, PendingOutputOverTheCapClosesTheConnection) {
  kvmock::server_options options;
  options.max_pending_output = 256 * 1024;
  kvmock::server server(options);
  server.set("big", std::string(1024 * 1024, 'x'));
  raw_client bystander(server.port());
  raw_client greedy(server.port());
  greedy.send("GET big\r\n");
  ASSERT_TRUE(open_connections_are(server, 1));
  EXPECT_EQ(bystander.command({"PING"}), "+PONG\r\n");
}

TEST(Server, PasswordProtectsCommandsAndTightensLimits) {
  kvmock::server server({.requirepass = "secret"});
  raw_client client(server.port());
  EXPECT_EQ(client.command({"GET", "k"}), "-NOAUTH Authentication required.\r\n");
  EXPECT_EQ(client.command({"AUTH", "secret"}), "+OK\r\n");
  EXPECT_EQ(client.command({"GET", "k"}), "$-1\r\n");
  raw_client stranger(server.port());
  stranger.send("*1\r\n$16385\r\n");
  EXPECT_EQ(stranger.read_until_closed(),
            "-ERR Protocol error: unauthenticated bulk length\r\n");
}

TEST(Server, QuitRepliesThenCloses) {
  kvmock::server server;
  raw_client client(server.port());
  client.send("QUIT\r\nPING\r\n");
  EXPECT_EQ(client.read_until_closed(), "+OK\r\n");
}

}  // namespace

namespace {

bool blocked_clients_are(const kvmock::server& server, std::size_t count) {
  return server.wait_for([count](const auto& stats) { return stats.blocked_clients == count; }, patience);
}

// A client blocked in BLPOP, driven from the test: a push through the API serves it, and
// fast_forward runs its timeout out on the server's clock without waiting.
TEST(ServerBlocking, APushFromTheTestServesAWaitingClientAndFastForwardTimesOneOut) {
  kvmock::server server;
  raw_client worker(server.port());
  worker.send("*3\r\n$5\r\nBLPOP\r\n$4\r\njobs\r\n$1\r\n0\r\n");
  ASSERT_TRUE(blocked_clients_are(server, 1));
  server.rpush("jobs", {"first", "second"});
  EXPECT_EQ(worker.read_reply(), "*2\r\n$4\r\njobs\r\n$5\r\nfirst\r\n");
  EXPECT_EQ(server.list("jobs"), std::vector<std::string>{"second"});

  worker.send("*3\r\n$8\r\nBZPOPMAX\r\n$1\r\nz\r\n$4\r\n3600\r\n");  // an hour
  ASSERT_TRUE(blocked_clients_are(server, 1));
  server.fast_forward(3599s);
  raw_client probe(server.port());
  EXPECT_EQ(probe.command({"PING"}), "+PONG\r\n");  // the server's thread has seen the new time
  EXPECT_EQ(server.stats().blocked_clients, 1u);
  worker.send("*1\r\n$4\r\nPING\r\n");  // queued behind the waiting command
  server.fast_forward(1s);
  EXPECT_EQ(worker.read_reply(), "*-1\r\n");
  EXPECT_EQ(worker.read_reply(), "+PONG\r\n");
  EXPECT_TRUE(blocked_clients_are(server, 0));
}

TEST(ServerBlocking, StopAndClientKillCloseAWaitingClientAndNothingIsPoppedForIt) {
  kvmock::server server;
  raw_client killed(server.port());
  raw_client other(server.port());
  const std::string id_reply = killed.command({"CLIENT", "ID"});
  const std::string id = id_reply.substr(1, id_reply.size() - 3);
  killed.send("*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n");
  ASSERT_TRUE(blocked_clients_are(server, 1));
  EXPECT_EQ(other.command({"CLIENT", "KILL", "ID", id}), ":1\r\n");
  EXPECT_EQ(killed.read_until_closed(), "");
  EXPECT_TRUE(blocked_clients_are(server, 0));
  EXPECT_EQ(other.command({"RPUSH", "q", "kept"}), ":1\r\n");
  EXPECT_EQ(server.list("q"), std::vector<std::string>{"kept"});

  raw_client stopped(server.port());
  stopped.send("*3\r\n$5\r\nBLPOP\r\n$1\r\nr\r\n$1\r\n0\r\n");
  ASSERT_TRUE(blocked_clients_are(server, 1));
  server.stop();
  EXPECT_EQ(stopped.read_until_closed(), "");
  EXPECT_TRUE(blocked_clients_are(server, 0));
}

// Faults apply to a blocking command as to any other: dropped, its client never gets an
// element; delayed, its answer still comes in order.
TEST(ServerBlocking, FaultsOnABlockingCommand) {
  kvmock::server server;
  server.add_fault("drop:at=reply,cmd=BLPOP");
  {
    raw_client dropped(server.port());
    dropped.send("*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n");
    EXPECT_EQ(dropped.read_until_closed(), "");
  }
  EXPECT_TRUE(blocked_clients_are(server, 0));
  server.rpush("q", {"kept"});
  EXPECT_EQ(server.list("q"), std::vector<std::string>{"kept"});

  server.clear_faults();
  server.add_fault("latency:ms=20,cmd=BRPOP");
  raw_client delayed(server.port());
  delayed.send("*3\r\n$5\r\nBRPOP\r\n$1\r\nw\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n");
  ASSERT_TRUE(blocked_clients_are(server, 1));
  server.rpush("w", {"late"});
  EXPECT_EQ(delayed.read_reply(), "*2\r\n$1\r\nw\r\n$4\r\nlate\r\n");
  EXPECT_EQ(delayed.read_reply(), "+PONG\r\n");
}

}  // namespace

namespace {

// Each server's scripts draw from its own generator: two servers on their own threads running
// math.random at once share no state (ThreadSanitizer runs this test).
TEST(ServerScripts, ServersOnTwoThreadsDrawRandomNumbersIndependently) {
  kvmock::server first;
  kvmock::server second;
  const auto draw = [](std::uint16_t port, std::string& last) {
    raw_client client(port);
    for (int i = 0; i < 200; ++i) last = client.command({"EVAL", "return math.random(1000)", "0"});
  };
  std::string from_first, from_second;
  std::thread other([&] { draw(second.port(), from_second); });
  draw(first.port(), from_first);
  other.join();
  // The same sequence on both: neither took numbers from the other's.
  EXPECT_EQ(from_first, from_second);
  EXPECT_TRUE(from_first.starts_with(":")) << from_first;
}

// A script past busy-reply-threshold: the server answers the others meanwhile, from inside the
// script's command. Waits until a PING from `other` is answered BUSY.
void wait_until_busy(raw_client& other) {
  while (!other.command({"PING"}).starts_with("-BUSY")) {
  }
}

kvmock::server_options busy_after_10ms() {
  kvmock::server_options options;
  options.config = {{"busy-reply-threshold", "10"}};
  return options;
}

TEST(ServerScripts, ABusyScriptsClientThatLeftIsClosedOnceItsScriptEnds) {
  kvmock::server server(busy_after_10ms());
  raw_client other(server.port());
  {
    raw_client runner(server.port());
    runner.send(kvtest::encode({"EVAL", "while true do end", "0"}));
    wait_until_busy(other);
  }  // the runner's client leaves while its script runs (the server's API waits for the script)
  EXPECT_EQ(other.command({"SCRIPT", "KILL"}), "+OK\r\n");
  EXPECT_TRUE(open_connections_are(server, 1));
  EXPECT_EQ(other.command({"PING"}), "+PONG\r\n");
}

TEST(ServerScripts, StopEndsABusyScriptThatNoKillCanEnd) {
  kvmock::server server(busy_after_10ms());
  raw_client runner(server.port());
  raw_client other(server.port());
  runner.send(kvtest::encode({"EVAL", "redis.call('SET', 'k', 'v') while true do end", "0"}));
  wait_until_busy(other);
  EXPECT_TRUE(other.command({"SCRIPT", "KILL"}).starts_with("-UNKILLABLE"));
  server.stop();  // the script ends first, as SHUTDOWN NOSAVE ends it; then the connections close
  EXPECT_TRUE(runner.read_until_closed().starts_with("-ERR Script killed by user with SCRIPT KILL..."));
  EXPECT_EQ(server.get("k"), "v");
}

TEST(ServerScripts, StopEndsARunningScriptEvenWithNoBusyThreshold) {
  kvmock::server_options options;
  options.config = {{"busy-reply-threshold", "0"}};  // never busy: no one else is served
  kvmock::server server(options);
  std::promise<void> evaluating;
  server.set_command_hook([&](const kvmock::command_call& call) {
    if (call.args[0] == "EVAL") evaluating.set_value();
    return kvmock::hook_action::run();
  });
  raw_client runner(server.port());
  runner.send(kvtest::encode({"EVAL", "while true do end", "0"}));
  evaluating.get_future().wait();  // the script starts once the hook returns
  server.stop();
  EXPECT_TRUE(runner.read_until_closed().starts_with("-ERR Script killed by user with SCRIPT KILL..."));
}

TEST(ServerScripts, ABusyScriptOnACallersIoContextServesTheOthers) {
  boost::asio::io_context context;
  kvmock::server server(context, busy_after_10ms());
  std::thread thread([&] { context.run(); });
  {
    raw_client runner(server.port());
    raw_client other(server.port());
    runner.send(kvtest::encode({"EVAL", "while true do end", "0"}));
    wait_until_busy(other);
    EXPECT_EQ(other.command({"SCRIPT", "KILL"}), "+OK\r\n");
    EXPECT_TRUE(runner.read_reply().starts_with("-ERR Script killed by user with SCRIPT KILL..."));
  }
  boost::asio::post(context, [&] { server.stop(); });
  thread.join();
}

}  // namespace

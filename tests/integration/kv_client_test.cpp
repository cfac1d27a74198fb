// kvpool::kv_client's commands against the in-process fake server: each command, the key
// namespace, locks and their races, pipelines, server error replies, AUTH, SELECT and the
// completion tokens.

#include "kvpool/kv_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <kvmock/server.hpp>

#include "kv_client_support.hpp"
#include "kvpool/error.hpp"
#include "support/raw_client.hpp"

namespace {

using namespace std::chrono_literals;
using boost::system::error_code;
using kvpool::key_ttl;
using kvpool::kv_client;
using kvpool::reply;
using kvtest::tuple_future;

namespace asio = boost::asio;

// Generous: a safety net against hangs, never a claim about speed.
constexpr auto patience = 30s;

class KvClient : public kvtest::kv_client_test {
 protected:
  kvmock::server server;
  std::unique_ptr<kvpool::kv_connection> connection = connect_to(server.port());
  kv_client client{*connection};
};

TEST_F(KvClient, GetAndSet) {
  auto [missing_ec, missing] = client.async_get("k", tuple_future).get();
  EXPECT_FALSE(missing_ec);
  EXPECT_EQ(missing, std::nullopt);
  auto [set_ec] = client.async_set("k", std::string("v\0\r\n", 4), tuple_future).get();
  EXPECT_FALSE(set_ec);
  EXPECT_EQ(server.get("k"), std::string("v\0\r\n", 4));
  auto [get_ec, value] = client.async_get("k", tuple_future).get();
  EXPECT_FALSE(get_ec);
  EXPECT_EQ(value, std::string("v\0\r\n", 4));
}

TEST_F(KvClient, SetWithATimeToLive) {
  auto [ec] = client.async_set("session", "s", 10s, tuple_future).get();
  ASSERT_FALSE(ec);
  const auto ttl = server.ttl("session");
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(*ttl, 0ms);
  EXPECT_LE(*ttl, 10s);
  server.fast_forward(10s);
  EXPECT_EQ(server.get("session"), std::nullopt);
}

TEST_F(KvClient, DelCountsTheKeysThatExisted) {
  server.set("a", "1");
  server.set("b", "2");
  auto [ec, deleted] = client.async_del({"a", "b", "missing"}, tuple_future).get();
  EXPECT_FALSE(ec);
  EXPECT_EQ(deleted, 2);
  EXPECT_EQ(server.db_size(), 0u);
  const std::vector<std::string> none_left{"a"};
  auto [again_ec, again] = client.async_del(none_left, tuple_future).get();
  EXPECT_FALSE(again_ec);
  EXPECT_EQ(again, 0);
}

TEST_F(KvClient, Exists) {
  server.set("here", "1");
  EXPECT_EQ(client.async_exists("here", tuple_future).get(), std::tuple(error_code(), true));
  EXPECT_EQ(client.async_exists("gone", tuple_future).get(), std::tuple(error_code(), false));
}

TEST_F(KvClient, IncrDecrAndIncrby) {
  EXPECT_EQ(client.async_incr("n", tuple_future).get(), std::tuple(error_code(), 1LL));
  EXPECT_EQ(client.async_incrby("n", 41, tuple_future).get(), std::tuple(error_code(), 42LL));
  EXPECT_EQ(client.async_incrby("n", -50, tuple_future).get(), std::tuple(error_code(), -8LL));
  EXPECT_EQ(client.async_decr("n", tuple_future).get(), std::tuple(error_code(), -9LL));
  EXPECT_EQ(server.get("n"), "-9");
}

TEST_F(KvClient, SetnxOnlySetsAMissingKey) {
  EXPECT_EQ(client.async_setnx("k", "first", tuple_future).get(), std::tuple(error_code(), true));
  EXPECT_EQ(client.async_setnx("k", "second", tuple_future).get(),
            std::tuple(error_code(), false));
  EXPECT_EQ(server.get("k"), "first");
  EXPECT_EQ(server.ttl("k"), std::nullopt);
}

TEST_F(KvClient, SetnxWithATimeToLive) {
  EXPECT_EQ(client.async_setnx("k", "first", 5s, tuple_future).get(),
            std::tuple(error_code(), true));
  EXPECT_EQ(client.async_setnx("k", "second", 5s, tuple_future).get(),
            std::tuple(error_code(), false));
  EXPECT_EQ(server.get("k"), "first");
  EXPECT_TRUE(server.ttl("k").has_value());
}

TEST_F(KvClient, ExpireAndTtl) {
  EXPECT_EQ(client.async_ttl("k", tuple_future).get(),
            std::tuple(error_code(), key_ttl{key_ttl::state::no_key, 0ms}));
  EXPECT_EQ(client.async_expire("k", 5s, tuple_future).get(), std::tuple(error_code(), false));
  server.set("k", "v");
  EXPECT_EQ(client.async_ttl("k", tuple_future).get(),
            std::tuple(error_code(), key_ttl{key_ttl::state::no_expiry, 0ms}));
  const auto frozen = server.now();
  server.set_clock([frozen] { return frozen; });
  EXPECT_EQ(client.async_expire("k", 5s, tuple_future).get(), std::tuple(error_code(), true));
  EXPECT_EQ(client.async_ttl("k", tuple_future).get(),
            std::tuple(error_code(), key_ttl{key_ttl::state::expires, 5000ms}));
}

TEST_F(KvClient, MgetAndMset) {
  auto [set_ec] = client.async_mset({{"a", "1"}, {"b", "2"}}, tuple_future).get();
  ASSERT_FALSE(set_ec);
  EXPECT_EQ(server.get("a"), "1");
  EXPECT_EQ(server.get("b"), "2");
  auto [ec, values] = client.async_mget({"a", "missing", "b"}, tuple_future).get();
  EXPECT_FALSE(ec);
  EXPECT_EQ(values, (std::vector<std::optional<std::string>>{"1", std::nullopt, "2"}));
  const std::map<std::string, std::string> pairs{{"c", "3"}};
  EXPECT_FALSE(std::get<0>(client.async_mset(pairs, tuple_future).get()));
  EXPECT_EQ(server.get("c"), "3");
}

TEST_F(KvClient, PingAndInfo) {
  EXPECT_EQ(client.async_ping(tuple_future).get(), std::tuple(error_code(), "PONG"));
  EXPECT_EQ(client.async_ping("hello", tuple_future).get(), std::tuple(error_code(), "hello"));
  auto [ec, info] = client.async_info(tuple_future).get();
  EXPECT_FALSE(ec);
  EXPECT_NE(info.find("# Server"), std::string::npos);
  auto [section_ec, keyspace] = client.async_info("keyspace", tuple_future).get();
  EXPECT_FALSE(section_ec);
  EXPECT_NE(keyspace.find("# Keyspace"), std::string::npos);
  EXPECT_EQ(keyspace.find("# Server"), std::string::npos);
}

TEST_F(KvClient, NamespacePrefixesEveryKeyAndNoValue) {
  kv_client cache(*connection, "cache");
  EXPECT_EQ(cache.key_namespace(), "cache");
  EXPECT_EQ(cache.key("k"), "cache:k");
  EXPECT_EQ(client.key("k"), "k");

  EXPECT_FALSE(std::get<0>(cache.async_set("k", "value", tuple_future).get()));
  EXPECT_EQ(server.get("cache:k"), "value");
  EXPECT_EQ(server.get("k"), std::nullopt);
  EXPECT_EQ(cache.async_get("k", tuple_future).get(), std::tuple(error_code(), "value"));
  EXPECT_EQ(cache.async_exists("k", tuple_future).get(), std::tuple(error_code(), true));

  EXPECT_FALSE(std::get<0>(cache.async_mset({{"a", "b:c"}}, tuple_future).get()));
  EXPECT_EQ(server.get("cache:a"), "b:c");
  EXPECT_EQ(cache.async_mget({"a", "k"}, tuple_future).get(),
            std::tuple(error_code(), std::vector<std::optional<std::string>>{"b:c", "value"}));
  EXPECT_EQ(cache.async_incr("n", tuple_future).get(), std::tuple(error_code(), 1LL));
  EXPECT_EQ(server.get("cache:n"), "1");
  EXPECT_EQ(cache.async_setnx("s", "v", tuple_future).get(), std::tuple(error_code(), true));
  EXPECT_EQ(cache.async_expire("s", 10s, tuple_future).get(), std::tuple(error_code(), true));
  EXPECT_TRUE(server.ttl("cache:s").has_value());
  EXPECT_EQ(std::get<1>(cache.async_ttl("s", tuple_future).get()).status,
            key_ttl::state::expires);
  EXPECT_EQ(cache.async_lock("l", "owner", 10s, tuple_future).get(),
            std::tuple(error_code(), true));
  EXPECT_EQ(server.get("cache:l"), "owner");
  EXPECT_EQ(cache.async_extend_lock("l", "owner", 20s, tuple_future).get(),
            std::tuple(error_code(), true));
  EXPECT_GT(server.ttl("cache:l"), 10s);
  EXPECT_EQ(cache.async_unlock("l", "owner", tuple_future).get(), std::tuple(error_code(), true));
  EXPECT_EQ(server.get("cache:l"), std::nullopt);
  EXPECT_EQ(cache.async_del({"a", "k", "n", "s"}, tuple_future).get(),
            std::tuple(error_code(), 4LL));
  EXPECT_EQ(server.keys(), std::vector<std::string>{});
}

TEST_F(KvClient, RawCommandsAreSentVerbatim) {
  kv_client cache(*connection, "cache");
  auto [ec, answer] = cache.async_command({"SET", "plain", "v"}, tuple_future).get();
  EXPECT_FALSE(ec);
  EXPECT_EQ(answer, reply::simple_string("OK"));
  EXPECT_EQ(server.get("plain"), "v");
  const std::vector<std::string> echo{"ECHO", "hi"};
  EXPECT_EQ(cache.async_command(echo, tuple_future).get(),
            std::tuple(error_code(), reply::bulk_string("hi")));
  EXPECT_THROW(cache.async_command(std::vector<std::string>{}, tuple_future), std::invalid_argument);
}

TEST_F(KvClient, PipelineAnswersEveryCommandInOrder) {
  kv_client cache(*connection, "cache");
  kvpool::request pipeline;
  pipeline.push("SET", cache.key("a"), "1");
  pipeline.push("INCR", cache.key("a"));
  pipeline.push("LPUSH", cache.key("a"), "x");  // unknown to the fake: an error reply
  pipeline.push("GET", cache.key("a"));
  auto [ec, replies] = cache.async_pipeline(pipeline, tuple_future).get();
  ASSERT_FALSE(ec);
  ASSERT_EQ(replies.size(), 4u);
  EXPECT_EQ(replies[0], reply::simple_string("OK"));
  EXPECT_EQ(replies[1], reply::integer(2));
  EXPECT_TRUE(replies[2].is_error());
  EXPECT_EQ(replies[3], reply::bulk_string("2"));
  EXPECT_EQ(server.get("cache:a"), "2");
  EXPECT_TRUE(connection->reusable());
}

TEST_F(KvClient, LargePipelinesAndValuesGoThroughWhole) {
  // More than the fake buffers before it stops reading: writing and reading must overlap.
  const std::string value(4 * 1024 * 1024, 'v');
  kvpool::request pipeline;
  for (int i = 0; i < 20000; ++i) pipeline.push("SET", "key:" + std::to_string(i), i);
  pipeline.push("SET", "big", value);
  pipeline.push("GET", "big");
  auto [ec, replies] = connection->async_execute(pipeline, tuple_future).get();
  ASSERT_FALSE(ec) << ec.message();
  ASSERT_EQ(replies.size(), 20002u);
  EXPECT_EQ(replies.back(), reply::bulk_string(value));
  EXPECT_EQ(server.get("key:19999"), "19999");
  EXPECT_EQ(server.db_size(), 20001u);
}

TEST_F(KvClient, ServerErrorRepliesLeaveTheConnectionUsable) {
  server.set("text", "abc");
  auto [ec, value] = client.async_incr("text", tuple_future).get();
  EXPECT_EQ(ec, kvpool::error::server_error);
  EXPECT_EQ(value, 0);
  EXPECT_EQ(client.last_server_error(), "ERR value is not an integer or out of range");
  EXPECT_TRUE(connection->reusable());
  auto [raw_ec, raw] = client.async_command({"NOSUCH"}, tuple_future).get();
  EXPECT_EQ(raw_ec, kvpool::error::server_error);
  EXPECT_EQ(client.last_server_error().rfind("ERR unknown command 'NOSUCH'", 0), 0u)
      << client.last_server_error();
  auto [set_ec] = client.async_set("k", "v", -5ms, tuple_future).get();
  EXPECT_EQ(set_ec, kvpool::error::server_error);
  EXPECT_EQ(client.async_get("text", tuple_future).get(), std::tuple(error_code(), "abc"));
}

TEST_F(KvClient, LockIsTakenByOneOwnerAtATime) {
  EXPECT_EQ(client.async_lock("lock", "alice", 10s, tuple_future).get(),
            std::tuple(error_code(), true));
  EXPECT_EQ(client.async_lock("lock", "bob", 10s, tuple_future).get(),
            std::tuple(error_code(), false));
  EXPECT_EQ(server.get("lock"), "alice");
  EXPECT_TRUE(server.ttl("lock").has_value());
}

TEST_F(KvClient, OnlyTheOwnerUnlocksOrExtends) {
  server.set("lock", "alice");
  server.set_ttl("lock", 10s);
  EXPECT_EQ(client.async_unlock("lock", "bob", tuple_future).get(),
            std::tuple(error_code(), false));
  EXPECT_EQ(client.async_extend_lock("lock", "bob", 60s, tuple_future).get(),
            std::tuple(error_code(), false));
  EXPECT_EQ(server.get("lock"), "alice");
  EXPECT_LE(server.ttl("lock"), 10s);
  EXPECT_EQ(client.async_extend_lock("lock", "alice", 60s, tuple_future).get(),
            std::tuple(error_code(), true));
  EXPECT_GT(server.ttl("lock"), 10s);
  EXPECT_EQ(client.async_unlock("lock", "alice", tuple_future).get(),
            std::tuple(error_code(), true));
  EXPECT_EQ(server.get("lock"), std::nullopt);
  EXPECT_EQ(client.async_unlock("lock", "alice", tuple_future).get(),
            std::tuple(error_code(), false));
  EXPECT_EQ(client.async_extend_lock("lock", "alice", 60s, tuple_future).get(),
            std::tuple(error_code(), false));
  // After a refusal the WATCH was released: a transaction of this connection still commits.
  kvpool::request transaction;
  transaction.push("MULTI");
  transaction.push("SET", "lock", "x");
  transaction.push("EXEC");
  auto [ec, replies] = connection->async_execute(transaction, tuple_future).get();
  ASSERT_FALSE(ec);
  EXPECT_EQ(replies.back(), reply::array({reply::simple_string("OK")}));
}

TEST_F(KvClient, LockRacesAreLostToWhoeverChangedTheKey) {
  // The test runs the client's steps on `gate` by hand, so that another client can take the
  // expired lock between the owner's GET and its MULTI/EXEC.
  for (const bool extending : {false, true}) {
    server.set("lock", "alice");
    kvtest::raw_client thief(server.port());
    asio::io_context gate;
    std::optional<std::tuple<error_code, bool>> outcome;
    auto done = asio::bind_executor(gate, [&](error_code ec, bool changed) {
      outcome.emplace(ec, changed);
    });
    const auto before = server.stats().commands_processed;
    if (extending) {
      client.async_extend_lock("lock", "alice", 60s, done);
    } else {
      client.async_unlock("lock", "alice", done);
    }
    ASSERT_TRUE(server.wait_for(
        [&](const kvmock::server_stats& stats) { return stats.commands_processed >= before + 2; },
        patience));  // WATCH and GET
    EXPECT_EQ(thief.command({"SET", "lock", "mallory"}), "+OK\r\n");
    gate.run();
    ASSERT_TRUE(outcome.has_value());
    EXPECT_EQ(*outcome, std::tuple(error_code(), false)) << "extending: " << extending;
    EXPECT_EQ(server.get("lock"), "mallory");
    EXPECT_EQ(server.ttl("lock"), std::nullopt);
    EXPECT_TRUE(connection->reusable());
  }
}

TEST_F(KvClient, SelectsTheDatabase) {
  kvpool::connection_options options;
  options.port = server.port();
  options.database = 3;
  auto third = connect(options);
  ASSERT_TRUE(third);
  kv_client in_third(*third);
  EXPECT_FALSE(std::get<0>(in_third.async_set("k", "three", tuple_future).get()));
  EXPECT_EQ(server.get("k", 3), "three");
  EXPECT_EQ(server.get("k"), std::nullopt);

  options.database = 99;
  auto [ec, none] = kvpool::kv_connection::async_connect(threads.get_executor(), options,
                                                         tuple_future).get();
  EXPECT_EQ(ec, kvpool::error::select_failed);
  EXPECT_EQ(none, nullptr);
}

TEST_F(KvClient, NamesTheClient) {
  kvpool::connection_options options;
  options.port = server.port();
  options.client_name = "worker-1";
  auto named = connect(options);
  ASSERT_TRUE(named);
  EXPECT_EQ(kv_client(*named).async_command({"CLIENT", "GETNAME"}, tuple_future).get(),
            std::tuple(error_code(), reply::bulk_string("worker-1")));

  options.client_name = "has space";
  auto [ec, none] = kvpool::kv_connection::async_connect(threads.get_executor(), options,
                                                         tuple_future).get();
  EXPECT_EQ(ec, kvpool::error::client_name_rejected);
}

TEST_F(KvClient, CloseBreaksTheConnectionAndReleasesTheSocket) {
  ASSERT_TRUE(server.wait_for([](const auto& stats) { return stats.open_connections == 1; },
                              patience));
  EXPECT_TRUE(connection->reusable());
  connection->close();
  EXPECT_FALSE(connection->reusable());
  EXPECT_EQ(client.async_ping(tuple_future).get(),
            std::tuple(error_code(kvpool::error::connection_broken), ""));
  EXPECT_TRUE(server.wait_for([](const auto& stats) { return stats.open_connections == 0; },
                              patience));
}

// close() from two threads while a command finishes on the connection's strand: the socket is
// closed once, by one of them (under ThreadSanitizer in CI). Before, the second close() could
// close the socket while the first one's close ran on the strand.
TEST_F(KvClient, CloseIsIdempotentAndSafeFromAnyThreadWhileACommandFinishes) {
  for (int round = 0; round < 100; ++round) {
    auto racing = connect_to(server.port());
    ASSERT_TRUE(racing);
    kv_client racing_client(*racing);
    auto ping = racing_client.async_ping(tuple_future);
    std::atomic<bool> go{false};
    std::thread first([&] {
      while (!go) {
      }
      racing->close();
    });
    std::thread second([&] {
      while (!go) {
      }
      racing->close();
      racing->close();
    });
    go = true;
    first.join();
    second.join();
    auto [ec, pong] = ping.get();
    EXPECT_TRUE(!ec || ec == asio::error::operation_aborted || ec == kvpool::error::connection_broken)
        << ec.message();
    EXPECT_FALSE(racing->reusable());
  }
  EXPECT_TRUE(server.wait_for([](const auto& stats) { return stats.open_connections == 1; }, patience));
}

TEST_F(KvClient, ConnectionLostBreaksIt) {
  server.stop();
  auto [ec, value] = client.async_get("k", tuple_future).get();
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
  EXPECT_FALSE(connection->reusable());
}

class KvClientWithPassword : public kvtest::kv_client_test {
 protected:
  kvmock::server server{kvmock::server_options{.requirepass = "secret"}};
};

TEST_F(KvClientWithPassword, AuthenticatesWithThePassword) {
  kvpool::connection_options options;
  options.port = server.port();
  options.password = "secret";
  auto connection = connect(options);
  ASSERT_TRUE(connection);
  EXPECT_EQ(kv_client(*connection).async_ping(tuple_future).get(),
            std::tuple(error_code(), "PONG"));
}

TEST_F(KvClientWithPassword, AWrongPasswordFailsTheConnect) {
  kvpool::connection_options options;
  options.port = server.port();
  options.password = "wrong";
  auto [ec, connection] = kvpool::kv_connection::async_connect(threads.get_executor(), options,
                                                               tuple_future).get();
  EXPECT_EQ(ec, kvpool::error::auth_failed);
  EXPECT_EQ(connection, nullptr);
}

TEST_F(KvClientWithPassword, WithoutPasswordCommandsAreRefused) {
  auto connection = connect_to(server.port());
  ASSERT_TRUE(connection);
  kv_client client(*connection);
  EXPECT_EQ(std::get<0>(client.async_get("k", tuple_future).get()), kvpool::error::server_error);
  EXPECT_EQ(client.last_server_error(), "NOAUTH Authentication required.");
}

// Completion tokens other than futures, and where completions run.

TEST_F(KvClient, CompletesCallbacksOnTheConnectionsStrandAndNeverInline) {
  std::promise<std::string> result;
  // The connection runs on the fixture's threads: only an inline completion runs on this one.
  const auto initiating_thread = std::this_thread::get_id();
  std::atomic<bool> completed_inline{false};
  const auto executor = connection->get_executor();
  client.async_ping("cb", [&, executor](error_code ec, std::string value) {
    completed_inline = std::this_thread::get_id() == initiating_thread;
    EXPECT_FALSE(ec);
    EXPECT_TRUE(executor.target<asio::strand<asio::any_io_executor>>()->running_in_this_thread());
    result.set_value(std::move(value));
  });
  EXPECT_EQ(result.get_future().get(), "cb");
  EXPECT_FALSE(completed_inline);
}

TEST_F(KvClient, CompletesOnTheHandlersOwnExecutor) {
  auto other = asio::make_strand(threads.get_executor());
  std::promise<bool> on_other;
  client.async_set("k", "v", asio::bind_executor(other, [&](error_code) {
    on_other.set_value(other.running_in_this_thread());
  }));
  EXPECT_TRUE(on_other.get_future().get());
}

TEST_F(KvClient, WorksWithCoroutinesAndDeferredOperations) {
  auto deferred_get = client.async_get("k", asio::deferred);
  auto done = asio::co_spawn(
      threads.get_executor(),
      [&]() -> asio::awaitable<std::optional<std::string>> {
        co_await client.async_set("k", "from a coroutine", asio::use_awaitable);
        co_return co_await std::move(deferred_get)(asio::use_awaitable);
      },
      asio::use_future);
  EXPECT_EQ(done.get(), "from a coroutine");
}

TEST_F(KvClient, OneOperationAtATime) {
  // Which PING wins the race to start is up to the threads; it is never answered, so it is still
  // in progress when the other starts (without this, the first could finish before the second
  // began, and neither be refused).
  server.add_fault("blackhole:cmd=PING,times=1");
  // Shared with the handlers, which may still be unlocking its mutex when the test has seen
  // their signal and returned.
  struct outcomes {
    std::mutex mutex;
    std::vector<error_code> results;
    std::promise<void> one_done, both_done;
  };
  const auto shared = std::make_shared<outcomes>();
  const auto record = [shared](error_code ec, const std::string&) {
    std::lock_guard lock(shared->mutex);
    shared->results.push_back(ec);
    (shared->results.size() == 1 ? shared->one_done : shared->both_done).set_value();
  };
  client.async_ping("first", record);
  client.async_ping("second", record);
  shared->one_done.get_future().wait();  // the refused one
  connection->close();                   // ends the one waiting for its reply
  shared->both_done.get_future().wait();
  std::lock_guard lock(shared->mutex);
  EXPECT_EQ(shared->results[0], asio::error::already_started) << shared->results[0].message();
  EXPECT_NE(shared->results[1], asio::error::already_started) << shared->results[1].message();
}

}  // namespace

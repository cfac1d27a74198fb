// kv_pool end to end: the pool over real sockets against the fake server (its faults provoke the
// failure paths, its counters show the pool from the server's side) and against redis-server.
// The pool runs on an io_context driven by the test's thread; each server on its own thread.

#include "kvpool/kv_pool.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <algorithm>
#include <future>
#include <string>
#include <vector>

#include "kvmock/server.hpp"
#include "kvpool/error.hpp"
#include "support/redis_process.hpp"

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using boost::system::error_code;
using kvpool::kv_pool;
using kvpool::kv_pool_config;
using clock_type = std::chrono::steady_clock;
constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);

// Generous: a safety net against hangs, never a claim about speed.
constexpr auto patience = 30s;

std::string address_of(std::uint16_t port, std::string_view key_namespace = {}) {
  std::string address = "127.0.0.1:" + std::to_string(port);
  if (!key_namespace.empty()) address += "/" + std::string(key_namespace);
  return address;
}

// Runs handlers of `io` on this thread until `done()` holds. The pool's timers keep `io` busy,
// so run() alone would not return.
template <typename Predicate>
void run_until(asio::io_context& io, Predicate done) {
  while (!done()) {
    if (io.stopped()) io.restart();
    io.run_one();
  }
}

template <typename T>
bool ready(const std::future<T>& f) {
  return f.wait_for(0s) == std::future_status::ready;
}

// Runs `body` on `io` until it finishes and gives its result.
template <typename T>
T run(asio::io_context& io, asio::awaitable<T> body) {
  auto done = asio::co_spawn(io, std::move(body), asio::use_future);
  run_until(io, [&] { return ready(done); });
  return done.get();
}

class KvPool : public ::testing::Test {
 protected:
  kv_pool_config config(std::string_view key_namespace = {}) {
    return kv_pool_config(address_of(server.port(), key_namespace)).min_size(0);
  }
  void close(kv_pool& pool) {
    run(io, [&]() -> asio::awaitable<void> { co_await pool.async_close(asio::use_awaitable); }());
    EXPECT_TRUE(server.wait_for([](const auto& s) { return s.open_connections == 0; }, patience))
        << "the server still sees connections after the pool closed";
  }

  kvmock::server server;
  asio::io_context io;
};

TEST_F(KvPool, NamespaceFromTheAddressPrefixesEveryKey) {
  kv_pool pool(io.get_executor(), config("cache"));
  EXPECT_EQ(pool.key_namespace(), "cache");
  EXPECT_EQ(pool.key("k"), "cache:k");
  run(io, [&]() -> asio::awaitable<void> {
    co_await pool.async_set("k", "v", asio::use_awaitable);
    EXPECT_EQ(co_await pool.async_get("k", asio::use_awaitable), "v");
    auto held = co_await pool.async_acquire(asio::use_awaitable);
    co_await held.client().async_set("other", "w", asio::use_awaitable);
  }());
  EXPECT_EQ(server.get("cache:k"), "v");
  EXPECT_EQ(server.get("cache:other"), "w");
  EXPECT_EQ(server.get("k"), std::nullopt);
  close(pool);
}

TEST_F(KvPool, EveryCommandOnThePoolItself) {
  kv_pool pool(io.get_executor(), config("ns"));
  run(io, [&]() -> asio::awaitable<void> {
    const auto t = asio::use_awaitable;
    co_await pool.async_set("a", "1", t);
    co_await pool.async_set("ttl", "x", 60s, t);
    EXPECT_EQ(co_await pool.async_incr("a", t), 2);
    EXPECT_EQ(co_await pool.async_decr("a", t), 1);
    EXPECT_EQ(co_await pool.async_incrby("a", 10, t), 11);
    EXPECT_TRUE(co_await pool.async_exists("a", t));
    EXPECT_FALSE(co_await pool.async_setnx("a", "y", t));
    EXPECT_TRUE(co_await pool.async_setnx("b", "y", t));
    EXPECT_TRUE(co_await pool.async_setnx("c", "z", 60s, t));
    EXPECT_TRUE(co_await pool.async_expire("b", 60s, t));
    const auto ttl = co_await pool.async_ttl("b", t);
    EXPECT_EQ(ttl.status, kvpool::key_ttl::state::expires);
    EXPECT_GT(ttl.remaining, 0ms);
    // Named, not braced in the co_await: GCC 12 cannot put an initializer_list in a coroutine.
    std::vector<std::pair<std::string, std::string>> pairs{{"m1", "x"}, {"m2", "y"}};
    co_await pool.async_mset(std::move(pairs), t);
    std::vector<std::string> keys{"m1", "missing", "m2"};
    const std::vector<std::optional<std::string>> expected{"x", std::nullopt, "y"};
    EXPECT_EQ(co_await pool.async_mget(keys, t), expected);
    EXPECT_EQ(co_await pool.async_del(std::move(keys), t), 2);
    EXPECT_EQ(co_await pool.async_ping(t), "PONG");
    EXPECT_NE((co_await pool.async_info(t)).find("redis_version"), std::string::npos);
    EXPECT_TRUE(co_await pool.async_lock("lock", "me", 60s, t));
    EXPECT_FALSE(co_await pool.async_lock("lock", "you", 60s, t));
    EXPECT_FALSE(co_await pool.async_unlock("lock", "you", t));
    EXPECT_TRUE(co_await pool.async_extend_lock("lock", "me", 120s, t));
    EXPECT_TRUE(co_await pool.async_unlock("lock", "me", t));
    std::vector<std::string> get_a{"GET", pool.key("a")};
    EXPECT_EQ(co_await pool.async_command(std::move(get_a), t), kvpool::reply::bulk_string("11"));
    kvpool::request commands;
    commands.push("INCR", pool.key("a"));
    commands.push("GET", pool.key("a"));
    const std::vector<kvpool::reply> replies{kvpool::reply::integer(12),
                                             kvpool::reply::bulk_string("12")};
    EXPECT_EQ(co_await pool.async_pipeline(std::move(commands), t), replies);
  }());
  EXPECT_EQ(server.get("ns:a"), "12");
  EXPECT_TRUE(server.ttl("ns:ttl").has_value());
  EXPECT_EQ(server.get("ns:lock"), std::nullopt);
  EXPECT_EQ(pool.stats().active, 0u) << "every call returned its connection";
  close(pool);
}

TEST_F(KvPool, ServerErrorsReachTheCaller) {
  kv_pool pool(io.get_executor(), config());
  server.set("text", "not a number");
  run(io, [&]() -> asio::awaitable<void> {
    auto [ec, value] = co_await pool.async_incr("text", as_tuple);
    EXPECT_EQ(ec, kvpool::error::server_error);
    auto held = co_await pool.async_acquire(asio::use_awaitable);
    auto [again, ignored] = co_await held.client().async_incr("text", as_tuple);
    EXPECT_EQ(again, kvpool::error::server_error);
    EXPECT_EQ(held.client().last_server_error(), "ERR value is not an integer or out of range");
  }());
  EXPECT_EQ(pool.stats().closed_total(), 0u) << "an error reply breaks nothing";
  close(pool);
}

TEST_F(KvPool, ConnectPrewarmsMinSize) {
  kv_pool pool(io.get_executor(), config().min_size(3));
  run(io, [&]() -> asio::awaitable<void> { co_await pool.async_connect(asio::use_awaitable); }());
  EXPECT_EQ(pool.stats().idle, 3u);
  EXPECT_TRUE(server.wait_for([](const auto& s) { return s.open_connections == 3; }, patience));
  close(pool);
}

TEST_F(KvPool, NeverMoreConnectionsThanMaxSizeSeenFromTheServer) {
  constexpr std::size_t max_size = 4;
  constexpr int workers = 32;
  server.add_fault("latency:ms=2,cmd=GET|SET");
  kv_pool pool(io.get_executor(), config().max_size(max_size).acquire_timeout(60s));
  int failures = 0;
  std::vector<std::future<void>> done;
  for (int w = 0; w < workers; ++w) {
    done.push_back(asio::co_spawn(io, [&, w]() -> asio::awaitable<void> {
      for (int i = 0; i < 5; ++i) {
        const std::string key = "k" + std::to_string(w);
        const std::string value = std::to_string(w * 100 + i);
        auto [set_error] = co_await pool.async_set(key, value, as_tuple);
        auto [get_error, got] = co_await pool.async_get(key, as_tuple);
        if (set_error || get_error || got != value) ++failures;
      }
    }, asio::use_future));
  }
  run_until(io, [&] { return std::all_of(done.begin(), done.end(), ready<void>); });
  EXPECT_EQ(failures, 0);
  EXPECT_LE(server.stats().peak_connections, max_size);
  EXPECT_LE(pool.stats().created, max_size) << "connections were reused, not churned";
  close(pool);
}

TEST_F(KvPool, AcquireTimesOutNoEarlierThanTheTimeout) {
  kv_pool pool(io.get_executor(), config().max_size(1).acquire_timeout(50ms));
  run(io, [&]() -> asio::awaitable<void> {
    auto held = co_await pool.async_acquire(asio::use_awaitable);
    const auto start = clock_type::now();
    auto [ec, none] = co_await pool.async_acquire(as_tuple);
    EXPECT_EQ(ec, kvpool::error::timeout);
    EXPECT_GE(clock_type::now() - start, 50ms);
    EXPECT_FALSE(none);
  }());
  EXPECT_EQ(pool.stats().timeouts, 1u);
  close(pool);
}

TEST_F(KvPool, ADeadServerFailsAcquiresWithItsErrorAndThePoolRecovers) {
  server.add_fault("refuse:mode=unbound");
  kv_pool pool(io.get_executor(),
               config().min_size(1).acquire_timeout(100ms).backoff(10ms, 2.0, 20ms));
  run(io, [&]() -> asio::awaitable<void> {
    auto [warm] = co_await pool.async_connect(as_tuple);
    EXPECT_FALSE(warm) << "the pool is usable even though the server is down";
    auto [ec, none] = co_await pool.async_acquire(as_tuple);
    EXPECT_EQ(ec, kvpool::error::connect_failed);
    EXPECT_EQ(pool.stats().last_connect_error, boost::system::errc::connection_refused);
    server.clear_faults();
    auto [again, held] = co_await pool.async_acquire(5s, as_tuple);
    EXPECT_FALSE(again);
    EXPECT_TRUE(held);
  }());
  EXPECT_GE(pool.stats().connect_failures, 1u);
  close(pool);
}

TEST_F(KvPool, ABadPasswordIsAConnectFailureWithItsReason) {
  kvmock::server guarded(kvmock::server_options{.requirepass = "secret"});
  kv_pool pool(io.get_executor(), kv_pool_config(address_of(guarded.port()))
                                      .min_size(0)
                                      .password("wrong")
                                      .acquire_timeout(100ms));
  run(io, [&]() -> asio::awaitable<void> {
    auto [ec, none] = co_await pool.async_acquire(as_tuple);
    EXPECT_EQ(ec, kvpool::error::connect_failed);
  }());
  EXPECT_EQ(pool.stats().last_connect_error, kvpool::error::auth_failed);
  close(pool);
}

// deadpool #97, redis-rs #325: a command cancelled while its reply is on the way must not leave
// that reply for the connection's next user. ECHO nonces make a stale reply recognisable.
TEST_F(KvPool, ACancelledCommandsConnectionIsNeverHandedOutAgain) {
  server.add_fault("latency:ms=100,cmd=ECHO,times=1");
  kv_pool pool(io.get_executor(), config().max_size(1));
  std::uint64_t first_serial = 0;
  run(io, [&]() -> asio::awaitable<void> {
    {
      auto held = co_await pool.async_acquire(asio::use_awaitable);
      first_serial = held.serial();
      asio::cancellation_signal cancel;
      asio::steady_timer soon(io, 10ms);
      soon.async_wait([&](error_code) { cancel.emit(asio::cancellation_type::terminal); });
      const std::vector<std::string> echo_1{"ECHO", "nonce-1"};
      auto [ec, echoed] = co_await held.client().async_command(
          echo_1, asio::bind_cancellation_slot(cancel.slot(), as_tuple));
      EXPECT_EQ(ec, asio::error::operation_aborted);
      EXPECT_FALSE(held.connection().reusable());
    }
    auto next = co_await pool.async_acquire(asio::use_awaitable);
    EXPECT_NE(next.serial(), first_serial);
    const std::vector<std::string> echo_2{"ECHO", "nonce-2"};
    auto echoed = co_await next.client().async_command(echo_2, asio::use_awaitable);
    EXPECT_EQ(echoed, kvpool::reply::bulk_string("nonce-2"));
  }());
  const auto stats = pool.stats();
  EXPECT_EQ(stats.closed[static_cast<std::size_t>(kvpool::close_reason::broken)], 1u);
  close(pool);
}

TEST_F(KvPool, AnIdleConnectionTheServerDroppedIsCheckedAndReplaced) {
  kv_pool pool(io.get_executor(), config().min_size(1).max_size(1).check_after_idle(1ns));
  run(io, [&]() -> asio::awaitable<void> { co_await pool.async_connect(asio::use_awaitable); }());
  server.stop();  // closes every connection: the pool's idle one is dead now
  server.restart();
  run(io, [&]() -> asio::awaitable<void> {
    auto [ec, value] = co_await pool.async_get("k", as_tuple);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(value, std::nullopt);
  }());
  const auto stats = pool.stats();
  EXPECT_EQ(stats.closed[static_cast<std::size_t>(kvpool::close_reason::check_failed)], 1u);
  EXPECT_EQ(stats.created, 2u);
  close(pool);
}

TEST_F(KvPool, CloseFailsWaitersAndLeavesNothingOpen) {
  kv_pool pool(io.get_executor(), config().max_size(1).acquire_timeout(60s));
  auto held = run(io, pool.async_acquire(asio::use_awaitable));
  auto waiter = asio::co_spawn(io, pool.async_acquire(as_tuple), asio::use_future);
  run_until(io, [&] { return pool.stats().waiting == 1; });
  pool.close();
  run_until(io, [&] { return ready(waiter); });
  EXPECT_EQ(std::get<0>(waiter.get()), kvpool::error::pool_closed);
  auto [ec, none] = run(io, pool.async_acquire(as_tuple));
  EXPECT_EQ(ec, kvpool::error::pool_closed);
  EXPECT_EQ(pool.stats().active, 1u) << "a held connection stays valid after close";
  held.release();
  close(pool);
  const auto stats = pool.stats();
  EXPECT_EQ(stats.created, stats.closed_total());
}

TEST_F(KvPool, TryAcquireTakesOnlyAnIdleConnection) {
  kv_pool pool(io.get_executor(), config().min_size(1).max_size(1));
  EXPECT_FALSE(pool.try_acquire()) << "nothing is open yet";
  run(io, [&]() -> asio::awaitable<void> { co_await pool.async_connect(asio::use_awaitable); }());
  auto held = pool.try_acquire();
  ASSERT_TRUE(held);
  EXPECT_FALSE(pool.try_acquire()) << "the only connection is held";
  held->release();
  EXPECT_TRUE(pool.try_acquire());
  close(pool);
}

// A connection whose holder changed its session goes back restored, in one round trip, and
// keeps its place; one it cannot follow (RESP3 after HELLO 3) is discarded. Before, the next
// holder wrote to another database, saw its SET queued, or its EXEC aborted.
TEST_F(KvPool, AHolderWhoChangedTheSessionLeavesItRestoredForTheNext) {
  kv_pool pool(io.get_executor(), config().max_size(1).client_name("app"));
  run(io, [&]() -> asio::awaitable<void> {
    std::uint64_t serial = 0;
    using command = std::vector<std::string>;
    const auto holding = [&](const std::vector<command>& commands) -> asio::awaitable<void> {
      auto held = co_await pool.async_acquire(asio::use_awaitable);
      if (serial == 0) serial = held.serial();
      EXPECT_EQ(held.serial(), serial) << "restored, not replaced";
      for (const auto& sent : commands) {
        auto [ec, answer] = co_await held.client().async_command(sent, as_tuple);
        EXPECT_FALSE(ec) << sent[0] << ": " << ec.message();
      }
      EXPECT_TRUE(held.connection().session_changed());
    };
    const std::vector<command> select_3{{"SELECT", "3"}};
    co_await holding(select_3);
    co_await pool.async_set("k", "in 0", asio::use_awaitable);
    EXPECT_EQ(server.get("k", 0), "in 0");
    const std::vector<command> open_multi{{"MULTI"}, {"SET", "x", "queued"}};
    co_await holding(open_multi);
    co_await pool.async_set("k", "not queued", asio::use_awaitable);
    EXPECT_EQ(server.get("x"), std::nullopt) << "the open transaction was discarded";
    const std::vector<command> watch{{"WATCH", "w"}};
    co_await holding(watch);
    server.set("w", "changed by someone else");
    kvpool::request transaction;
    transaction.push("MULTI");
    transaction.push("SET", "y", "1");
    transaction.push("EXEC");
    const auto replies = co_await pool.async_pipeline(transaction, asio::use_awaitable);
    EXPECT_TRUE(replies.at(2).is_array()) << "EXEC was not aborted by the earlier holder's WATCH";
    const std::vector<command> rename{{"CLIENT", "SETNAME", "someone"}, {"SELECT", "2"}};
    co_await holding(rename);
    const std::vector<std::string> getname{"CLIENT", "GETNAME"};
    EXPECT_EQ(co_await pool.async_command(getname, asio::use_awaitable), kvpool::reply::bulk_string("app"));
    const std::vector<command> reset{{"RESET"}};
    co_await holding(reset);
    EXPECT_EQ(co_await pool.async_command(getname, asio::use_awaitable), kvpool::reply::bulk_string("app"));
    {
      auto held = co_await pool.async_acquire(asio::use_awaitable);
      const std::vector<std::string> hello{"HELLO", "3"};
      auto [ec, answer] = co_await held.client().async_command(hello, as_tuple);
      EXPECT_EQ(ec, kvpool::error::protocol_error) << "a RESP2 client cannot read RESP3";
    }
    auto next = co_await pool.async_acquire(asio::use_awaitable);
    EXPECT_NE(next.serial(), serial) << "the connection it could not follow was discarded";
  }());
  const auto stats = pool.stats();
  EXPECT_EQ(stats.closed[static_cast<std::size_t>(kvpool::close_reason::broken)], 1u);
  EXPECT_EQ(stats.created, 2u);
  close(pool);
}

// kv_pool's one-call helpers: a cancellation that arrives as the connection is granted (before
// the handler ran) stops the command; the connection goes back unused. Before, the command was
// sent anyway.
TEST_F(KvPool, AOneCallHelperCancelledAsItIsGrantedSendsNothing) {
  kv_pool pool(io.get_executor(), config().max_size(1));
  auto held = run(io, pool.async_acquire(asio::use_awaitable));
  const auto serial = held.serial();
  asio::cancellation_signal cancel;
  std::optional<error_code> outcome;
  pool.async_set("k", "v", asio::bind_cancellation_slot(cancel.slot(), [&](error_code ec) { outcome = ec; }));
  run_until(io, [&] { return pool.stats().waiting == 1; });
  const auto commands_before = server.stats().commands_processed;
  held.release();  // granted now: its completion is queued
  cancel.emit(asio::cancellation_type::terminal);
  run_until(io, [&] { return outcome.has_value(); });
  EXPECT_EQ(*outcome, asio::error::operation_aborted);
  EXPECT_EQ(server.stats().commands_processed, commands_before) << "SET was sent";
  EXPECT_EQ(server.get("k"), std::nullopt);
  auto again = run(io, pool.async_acquire(asio::use_awaitable));
  EXPECT_EQ(again.serial(), serial) << "returned unused, not broken";
  again.release();
  close(pool);
}

// A server that stops answering (a blackhole, or SIGSTOP): the health check on checkout gives up
// at check_timeout, the waiter gets a new connection, and close completes. With no limit, the
// check waited for TCP to give up.
TEST_F(KvPool, AHealthCheckTheServerNeverAnswersIsAbandonedAtCheckTimeout) {
  kv_pool pool(io.get_executor(), config().max_size(1).check_after_idle(1ns).acquire_timeout(60s));
  kvpool::pool_settings check_limit = pool.config().pool();
  EXPECT_EQ(check_limit.check_timeout, 1s) << "the default";
  run(io, [&]() -> asio::awaitable<void> { co_await pool.async_ping(asio::use_awaitable); }());
  server.add_fault("blackhole:cmd=PING,times=1");
  const auto started = clock_type::now();
  auto [ec, value] = run(io, pool.async_get("k", as_tuple));
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_GE(clock_type::now() - started, 1s) << "not before check_timeout";
  const auto stats = pool.stats();
  EXPECT_EQ(stats.check_timeouts, 1u);
  EXPECT_EQ(stats.created, 2u);
  close(pool);
}

TEST(KvPoolConstruction, BadValuesThrowInvalidConfig) {
  asio::io_context io;
  try {
    kv_pool pool(io.get_executor(), kv_pool_config("127.0.0.1:6380").min_size(5).max_size(2));
    ADD_FAILURE() << "accepted min_size above max_size";
  } catch (const boost::system::system_error& e) {
    EXPECT_EQ(e.code(), kvpool::error::invalid_config);
    EXPECT_NE(std::string(e.what()).find("min_size (5) exceeds max_size (2)"), std::string::npos);
  }
}

class KvPoolAgainstRedis : public ::testing::Test {
 protected:
  void SetUp() override {
    kvtest::require_redis_server();
    if (IsSkipped() || HasFatalFailure()) return;
    redis.emplace(std::vector<std::string>{"--requirepass", "secret"});
  }

  std::optional<kvtest::redis_process> redis;
  asio::io_context io;
};

TEST_F(KvPoolAgainstRedis, NamespaceDatabaseAndPasswordOnARealServer) {
  kv_pool pool(io.get_executor(), kv_pool_config(address_of(redis->port(), "app"))
                                      .min_size(2)
                                      .database(2)
                                      .password("secret"));
  run(io, [&]() -> asio::awaitable<void> {
    co_await pool.async_connect(asio::use_awaitable);
    EXPECT_EQ(pool.stats().idle, 2u);
    co_await pool.async_set("k", "v", asio::use_awaitable);
    EXPECT_EQ(co_await pool.async_get("k", asio::use_awaitable), "v");
    std::vector<std::string> get_k{"GET", "app:k"};
    const auto stored = co_await pool.async_command(std::move(get_k), asio::use_awaitable);
    EXPECT_EQ(stored, kvpool::reply::bulk_string("v"));
    EXPECT_TRUE(co_await pool.async_lock("l", "me", 10s, asio::use_awaitable));
    EXPECT_TRUE(co_await pool.async_extend_lock("l", "me", 20s, asio::use_awaitable));
    EXPECT_FALSE(co_await pool.async_unlock("l", "other", asio::use_awaitable));
    EXPECT_TRUE(co_await pool.async_unlock("l", "me", asio::use_awaitable));
    co_await pool.async_close(asio::use_awaitable);
  }());
  const auto stats = pool.stats();
  EXPECT_EQ(stats.created, stats.closed_total());
}

TEST_F(KvPoolAgainstRedis, WrongPasswordIsReported) {
  kv_pool pool(io.get_executor(), kv_pool_config(address_of(redis->port()))
                                      .min_size(0)
                                      .password("wrong")
                                      .acquire_timeout(100ms));
  run(io, [&]() -> asio::awaitable<void> {
    auto [ec, none] = co_await pool.async_acquire(as_tuple);
    EXPECT_EQ(ec, kvpool::error::connect_failed);
    co_await pool.async_close(asio::use_awaitable);
  }());
  EXPECT_EQ(pool.stats().last_connect_error, kvpool::error::auth_failed);
}

// What only a real server has (the fake's pub/sub comes later): subscriptions, MONITOR and
// CLIENT REPLY left by a holder are undone by RESET before the next holder gets the connection.
TEST_F(KvPoolAgainstRedis, SubscriptionsMonitorAndRepliesOffAreResetForTheNextHolder) {
  kv_pool pool(io.get_executor(), kv_pool_config(address_of(redis->port())).min_size(0).max_size(1)
                                      .password("secret").database(1));
  run(io, [&]() -> asio::awaitable<void> {
    std::uint64_t serial = 0;
    const auto holding = [&](const std::vector<std::string>& command) -> asio::awaitable<kvpool::reply> {
      auto held = co_await pool.async_acquire(asio::use_awaitable);
      if (serial == 0) serial = held.serial();
      EXPECT_EQ(held.serial(), serial) << "restored, not replaced";
      auto [ec, answer] = co_await held.client().async_command(command, as_tuple);
      EXPECT_FALSE(ec) << command[0] << ": " << ec.message();
      co_return answer;
    };
    const std::vector<std::string> subscribe{"SUBSCRIBE", "a", "b"};
    const auto subscribed = co_await holding(subscribe);
    EXPECT_TRUE(subscribed.is_array() && subscribed.elements().size() == 2u) << "one answer per channel";
    const std::vector<std::string> publish{"PUBLISH", "a", "hi"};
    EXPECT_EQ(co_await pool.async_command(publish, asio::use_awaitable), kvpool::reply::integer(0))
        << "nobody is subscribed any more";
    EXPECT_EQ(co_await pool.async_ping(asio::use_awaitable), "PONG");
    const std::vector<std::string> monitor{"MONITOR"};
    co_await holding(monitor);
    co_await pool.async_set("k", "v", asio::use_awaitable);
    EXPECT_EQ(co_await pool.async_get("k", asio::use_awaitable), "v");
    const std::vector<std::string> replies_off{"CLIENT", "REPLY", "OFF"};
    EXPECT_EQ(co_await holding(replies_off), kvpool::reply::null());
    EXPECT_EQ(co_await pool.async_get("k", asio::use_awaitable), "v");
    {
      auto held = co_await pool.async_acquire(asio::use_awaitable);
      kvpool::request skipping;
      skipping.push("CLIENT", "REPLY", "SKIP");
      skipping.push("SET", "k", "w");
      skipping.push("GET", "k");
      skipping.push("CLIENT", "REPLY", "OFF");
      skipping.push("SET", "k", "x");
      skipping.push("CLIENT", "REPLY", "ON");
      skipping.push("GET", "k");
      const auto replies = co_await held.client().async_pipeline(skipping, asio::use_awaitable);
      EXPECT_EQ(replies, (std::vector<kvpool::reply>{
                             kvpool::reply::null(), kvpool::reply::null(), kvpool::reply::bulk_string("w"),
                             kvpool::reply::null(), kvpool::reply::null(), kvpool::reply::simple_string("OK"),
                             kvpool::reply::bulk_string("x")}));
    }
    const std::vector<std::string> getname{"CLIENT", "GETNAME"};
    EXPECT_EQ(co_await pool.async_command(getname, asio::use_awaitable), kvpool::reply::null());
    co_await pool.async_close(asio::use_awaitable);
  }());
  const auto stats = pool.stats();
  EXPECT_EQ(stats.created, 1u) << "every change was restored, none discarded";
}

// detach(): the connection leaves the pool for a subscription, and async_receive() reads its
// messages; the pool opens another in its place.
TEST_F(KvPoolAgainstRedis, ADetachedConnectionSubscribesAndReceives) {
  kv_pool pool(io.get_executor(), kv_pool_config(address_of(redis->port())).min_size(0).max_size(1)
                                      .password("secret"));
  run(io, [&]() -> asio::awaitable<void> {
    auto held = co_await pool.async_acquire(asio::use_awaitable);
    std::unique_ptr<kvpool::kv_connection> subscriber = held.detach();
    auto [not_yet, none] = co_await subscriber->async_receive(as_tuple);
    EXPECT_EQ(not_yet, kvpool::error::not_subscribed);
    kvpool::request subscribe;
    subscribe.push("SUBSCRIBE", "news");
    subscribe.push("PSUBSCRIBE", "n*");
    co_await subscriber->async_execute(subscribe, asio::use_awaitable);
    const std::vector<std::string> publish{"PUBLISH", "news", "hello"};
    EXPECT_EQ(co_await pool.async_command(publish, asio::use_awaitable), kvpool::reply::integer(2));
    const auto message = co_await subscriber->async_receive(asio::use_awaitable);
    EXPECT_EQ(message, kvpool::reply::array({kvpool::reply::bulk_string("message"),
                                             kvpool::reply::bulk_string("news"),
                                             kvpool::reply::bulk_string("hello")}));
    const auto matched = co_await subscriber->async_receive(asio::use_awaitable);
    EXPECT_EQ(matched.elements().at(0), kvpool::reply::bulk_string("pmessage"));
    kvpool::request ping;
    ping.push("PING");
    const auto pong = co_await subscriber->async_execute(ping, asio::use_awaitable);
    EXPECT_TRUE(pong.at(0).is_array()) << "subscribed: PING answers as an array";
    EXPECT_EQ(pool.stats().closed[static_cast<std::size_t>(kvpool::close_reason::detached)], 1u);
    co_await pool.async_close(asio::use_awaitable);
  }());
}

}  // namespace

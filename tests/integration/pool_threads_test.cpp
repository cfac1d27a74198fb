// One pool used from two threads by many coroutines at once (run under ThreadSanitizer in CI):
// the pool never hands a connection to two holders, never has more than max_size open,
// connecting or closing (counted by the connector: a connection counts until its close
// returns), and leaves nothing open after close.

#include <atomic>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "../support/fake_connector.hpp"
#include "kvpool/basic_pool.hpp"
#include "kvpool/error.hpp"

namespace {

namespace asio = boost::asio;
using pool_type = kvpool::basic_pool<kvtest::fake_connector>;
using namespace std::chrono_literals;

TEST(PoolThreads, ManyCoroutinesOnTwoThreadsKeepEveryInvariant) {
  constexpr int workers = 64;
  constexpr int cycles = 300;
  constexpr std::size_t max_size = 8;

  asio::io_context io;
  auto state = std::make_shared<kvtest::fake_server_state>();
  kvpool::pool_settings settings;
  settings.min_size = 2;
  settings.max_size = max_size;
  settings.acquire_timeout = 60s;
  pool_type pool(io.get_executor(), settings, kvtest::fake_connector{io.get_executor(), state});

  std::atomic<int> holding{0};
  std::atomic<int> peak_holding{0};
  std::atomic<int> double_holds{0};
  std::atomic<int> failures{0};
  std::atomic<int> finished{0};

  for (int w = 0; w < workers; ++w) {
    asio::co_spawn(asio::make_strand(io), [&, w]() -> asio::awaitable<void> {
      for (int i = 0; i < cycles; ++i) {
        auto [ec, held] = co_await pool.async_acquire(asio::as_tuple(asio::use_awaitable));
        if (ec) {
          ++failures;
          continue;
        }
        if (held->holders.fetch_add(1) != 0) ++double_holds;
        const int now_holding = ++holding;
        int peak = peak_holding.load();
        while (now_holding > peak && !peak_holding.compare_exchange_weak(peak, now_holding)) {
        }
        // Hold it across a suspension so other coroutines interleave.
        co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
        --holding;
        held->holders.fetch_sub(1);
        if ((i + w) % 50 == 0) held.release_broken();
      }
      // The pool's maintenance timer keeps the context busy: closing it lets run() return.
      if (++finished == workers) pool.close();
    }, asio::detached);
  }

  std::thread second([&] { io.run(); });
  io.run();
  second.join();

  EXPECT_EQ(finished, workers);
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(double_holds, 0) << "a connection was handed to two holders at once";
  EXPECT_LE(peak_holding, static_cast<int>(max_size));
  EXPECT_LE(state->peak_open, static_cast<int>(max_size)) << "more connections than max_size";

  auto closed = pool.async_close(asio::use_future);
  io.restart();
  io.run();
  closed.get();
  EXPECT_EQ(state->open, 0) << "connections left open after close";
  const auto stats = pool.stats();
  EXPECT_EQ(stats.created, stats.closed_total());
  EXPECT_EQ(stats.acquired, static_cast<std::uint64_t>(workers * cycles));
}

// Every release broken, by a few more workers than max_size on two threads, with closes that
// take a while: a connection's place was freed when its close was decided, so another thread's
// acquire opened a replacement while the socket was still open (the server saw max_size + 1).
TEST(PoolThreads, BrokenReleasesNeverOpenAReplacementBesideAConnectionStillClosing) {
  constexpr int workers = 3;
  constexpr int cycles = 2000;
  constexpr std::size_t max_size = 2;

  asio::io_context io;
  auto state = std::make_shared<kvtest::fake_server_state>();
  state->close_yields = 200;
  kvpool::pool_settings settings;
  settings.min_size = 0;
  settings.max_size = max_size;
  settings.acquire_timeout = 60s;
  pool_type pool(io.get_executor(), settings, kvtest::fake_connector{io.get_executor(), state});
  std::atomic<int> finished{0};
  std::atomic<int> failures{0};
  for (int w = 0; w < workers; ++w) {
    asio::co_spawn(asio::make_strand(io), [&]() -> asio::awaitable<void> {
      for (int i = 0; i < cycles; ++i) {
        auto [ec, held] = co_await pool.async_acquire(asio::as_tuple(asio::use_awaitable));
        if (ec) {
          ++failures;
          continue;
        }
        held.release_broken();
      }
      if (++finished == workers) pool.close();
    }, asio::detached);
  }
  std::thread second([&] { io.run(); });
  io.run();
  second.join();
  EXPECT_EQ(failures, 0);
  EXPECT_LE(state->peak_open, static_cast<int>(max_size)) << "a replacement opened beside a closing connection";
  EXPECT_EQ(state->open, 0);
}

}  // namespace

// basic_pool over a scripted connector: completion tokens, cancellation, timeouts, close, checks.
// Everything runs on one io_context driven from the test's thread.

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <functional>
#include <future>
#include <optional>
#include <thread>

#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/execution/blocking.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/system_executor.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "../support/fake_connector.hpp"
#include "kvpool/basic_pool.hpp"
#include "kvpool/error.hpp"

namespace {

namespace asio = boost::asio;
using boost::system::error_code;
using kvtest::connect_outcome;
using kvtest::fake_connector;
using pool_type = kvpool::basic_pool<fake_connector>;
using namespace std::chrono_literals;

// An executor of an io_context that calls a hook in every execute: what an instrumented
// executor does, and a way to see what a completion's execute may find locked.
class hooked_executor {
 public:
  hooked_executor(asio::io_context::executor_type inner, const std::function<void()>* hook)
      : inner_(std::move(inner)), hook_(hook) {}

  template <class Function>
  void execute(Function function) const {
    (*hook_)();
    inner_.execute(std::move(function));
  }
  asio::execution_context& query(asio::execution::context_t) const noexcept {
    return asio::query(inner_, asio::execution::context);
  }
  asio::execution::blocking_t query(asio::execution::blocking_t) const noexcept {
    return asio::query(inner_, asio::execution::blocking);
  }
  hooked_executor require(asio::execution::blocking_t::never_t never) const {
    return {asio::require(inner_, never), hook_};
  }
  hooked_executor require(asio::execution::blocking_t::possibly_t possibly) const {
    return {asio::require(inner_, possibly), hook_};
  }
  friend bool operator==(const hooked_executor&, const hooked_executor&) noexcept = default;

 private:
  asio::io_context::executor_type inner_;
  const std::function<void()>* hook_;
};

class BasicPoolTest : public ::testing::Test {
 protected:
  pool_type make_pool(kvpool::pool_settings settings, kvpool::pool_observer observer = {}) {
    return pool_type(io.get_executor(), settings,
                     fake_connector{io.get_executor(), state}, std::move(observer));
  }

  static kvpool::pool_settings small(std::size_t min_size, std::size_t max_size) {
    kvpool::pool_settings settings;
    settings.min_size = min_size;
    settings.max_size = max_size;
    return settings;
  }

  // Runs handlers until the predicate holds; fails the test if the io_context runs dry first.
  template <class Predicate>
  void run_until(Predicate done) {
    io.restart();
    while (!done()) {
      ASSERT_GT(io.run_one(), 0u) << "nothing left to run and the condition is still false";
    }
  }

  void TearDown() override {
    state->hung.clear();
    io.restart();
    io.poll();
  }

  // Each path (ready, waited for, failed) completes on the handler's own executor, whether that
  // converts to an any_io_executor (posted to it directly) or not (through the pool's executor).
  template <class Executor>
  void expect_completions_on(Executor bound_to,
                             const asio::strand<asio::io_context::executor_type>& strand) {
    auto pool = make_pool(small(0, 1));
    int on_strand = 0;
    int completed = 0;
    pool_type::handle held;
    const auto acquire = [&](std::chrono::nanoseconds timeout) {
      pool.async_acquire(timeout, asio::bind_executor(bound_to, [&](error_code, pool_type::handle h) {
        on_strand += strand.running_in_this_thread() ? 1 : 0;
        ++completed;
        if (h) held = std::move(h);
      }));
    };
    acquire(10s);  // waits for the connect
    run_until([&] { return completed == 1; });
    held.release();
    acquire(10s);  // ready: the idle connection
    run_until([&] { return completed == 2; });
    acquire(1ms);  // fails: the only connection is held
    run_until([&] { return completed == 3; });
    acquire(10s);  // waits for the held connection
    io.poll();
    held.release();
    run_until([&] { return completed == 4; });
    EXPECT_EQ(on_strand, 4);
  }

  asio::io_context io;
  std::shared_ptr<kvtest::fake_server_state> state = std::make_shared<kvtest::fake_server_state>();
};

TEST_F(BasicPoolTest, ConnectWarmsUpMinSize) {
  auto pool = make_pool(small(3, 5));
  std::optional<error_code> result;
  pool.async_connect([&](error_code ec) { result = ec; });
  run_until([&] { return result.has_value(); });
  EXPECT_FALSE(*result);
  EXPECT_EQ(pool.stats().idle, 3u);
  EXPECT_EQ(state->attempts, 3);
}

TEST_F(BasicPoolTest, ConnectCompletesUsableWhenTheServerIsDown) {
  state->default_outcome = connect_outcome::fail;
  auto pool = make_pool(small(2, 4));
  std::optional<error_code> result;
  pool.async_connect([&](error_code ec) { result = ec; });
  run_until([&] { return result.has_value(); });
  EXPECT_FALSE(*result);
  EXPECT_EQ(pool.stats().last_connect_error, asio::error::connection_refused);
  EXPECT_EQ(pool.stats().open(), 0u);
}

TEST_F(BasicPoolTest, CallbackCompletesOutsideTheInitiatingCall) {
  auto pool = make_pool(small(0, 2));
  bool completed = false;
  pool_type::handle held;
  pool.async_acquire([&](error_code ec, pool_type::handle h) {
    EXPECT_FALSE(ec);
    held = std::move(h);
    completed = true;
  });
  EXPECT_FALSE(completed);
  run_until([&] { return completed; });
  ASSERT_TRUE(held);
  // The idle fast path also completes later, not inline.
  held.release();
  completed = false;
  pool.async_acquire([&](error_code ec, pool_type::handle h) {
    EXPECT_FALSE(ec);
    held = std::move(h);
    completed = true;
  });
  EXPECT_FALSE(completed);
  run_until([&] { return completed; });
  EXPECT_EQ(state->attempts, 1) << "the idle connection was reused";
}

TEST_F(BasicPoolTest, CompletesOnTheHandlersOwnExecutor) {
  const auto strand = asio::make_strand(io);
  expect_completions_on(strand, strand);
}

TEST_F(BasicPoolTest, CompletesOnAnExecutorThatIsNotAnIoExecutor) {
  const auto strand = asio::make_strand(io);
  expect_completions_on(asio::any_completion_executor(strand), strand);
}

TEST_F(BasicPoolTest, AHandlerOfAnotherContextCompletesThroughThePoolsExecutor) {
  // As Asio's own operations complete: posted to the pool's executor, then dispatched to the
  // handler's, which for the system executor runs it there, on the thread running the pool.
  auto pool = make_pool(small(0, 1));
  const auto pool_thread = std::this_thread::get_id();
  std::atomic<int> completed{0};
  std::atomic<int> on_pool_thread{0};
  pool_type::handle held;
  const auto acquire = [&] {
    pool.async_acquire(asio::bind_executor(asio::system_executor(), [&](error_code ec, pool_type::handle h) {
      EXPECT_FALSE(ec);
      if (std::this_thread::get_id() == pool_thread) ++on_pool_thread;
      held = std::move(h);
      ++completed;
      asio::post(io, [] {});  // wakes run_until, wherever this ran
    }));
  };
  acquire();  // waits for the connect
  run_until([&] { return completed == 1; });
  held.release();
  acquire();  // ready: the idle connection
  run_until([&] { return completed == 2; });
  EXPECT_EQ(on_pool_thread, 2);
}

TEST_F(BasicPoolTest, CompletionsAreExecutedOutsideThePoolsLock) {
  // The hook takes the pool's lock (stats()): an execute made under it would deadlock here, and
  // on two threads would keep the lock held while the executor wakes the other thread.
  auto pool = make_pool(small(0, 1));
  int executes = 0;
  const std::function<void()> hook = [&] {
    EXPECT_EQ(pool.stats().max_size, 1u);
    ++executes;
  };
  const hooked_executor hooked(io.get_executor(), &hook);
  int completed = 0;
  pool_type::handle held;
  const auto acquire = [&](std::chrono::nanoseconds timeout, asio::cancellation_slot slot) {
    pool.async_acquire(timeout, asio::bind_cancellation_slot(
        slot, asio::bind_executor(hooked, [&](error_code, pool_type::handle h) {
          ++completed;
          if (h) held = std::move(h);
        })));
  };
  acquire(10s, {});  // granted when the connect completes
  run_until([&] { return completed == 1; });
  acquire(1ms, {});  // failed by the pool's timer: the only connection is held
  run_until([&] { return completed == 2; });
  asio::cancellation_signal signal;
  acquire(10s, signal.slot());  // cancelled
  io.poll();
  signal.emit(asio::cancellation_type::terminal);
  run_until([&] { return completed == 3; });
  acquire(10s, {});  // granted when the held connection is released
  io.poll();
  held.release();
  run_until([&] { return completed == 4; });
  EXPECT_EQ(executes, 4);
}

TEST_F(BasicPoolTest, UseFutureDeliversTheHandle) {
  auto pool = make_pool(small(1, 1));
  std::future<pool_type::handle> future = pool.async_acquire(asio::use_future);
  run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
  pool_type::handle held = future.get();
  ASSERT_TRUE(held);
  EXPECT_EQ(held->number, 1);
}

TEST_F(BasicPoolTest, UseAwaitableDeliversTheHandleAndThrowsOnError) {
  auto pool = make_pool(small(0, 1));
  bool done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    pool_type::handle first = co_await pool.async_acquire(asio::use_awaitable);
    EXPECT_TRUE(first);
    try {
      co_await pool.async_acquire(1ms, asio::use_awaitable);
      ADD_FAILURE() << "a second acquire from a pool of one cannot succeed";
    } catch (const boost::system::system_error& e) {
      EXPECT_EQ(e.code(), kvpool::error::timeout);
    }
    done = true;
  }, asio::detached);
  run_until([&] { return done; });
}

TEST_F(BasicPoolTest, DeferredStartsOnlyWhenInvoked) {
  auto pool = make_pool(small(0, 1));
  auto operation = pool.async_acquire(asio::deferred);
  io.poll();
  EXPECT_EQ(state->attempts, 0);
  bool done = false;
  std::move(operation)([&](error_code ec, pool_type::handle h) {
    EXPECT_FALSE(ec);
    EXPECT_TRUE(h);
    done = true;
  });
  run_until([&] { return done; });
}

TEST_F(BasicPoolTest, TimeoutIsNotEarlierThanAcquireTimeout) {
  auto pool = make_pool(small(0, 1));
  auto held = pool.async_acquire(asio::use_future);
  run_until([&] { return held.wait_for(0s) == std::future_status::ready; });
  auto first = held.get();
  const auto started = std::chrono::steady_clock::now();
  std::optional<error_code> result;
  pool.async_acquire(30ms, [&](error_code ec, pool_type::handle) { result = ec; });
  run_until([&] { return result.has_value(); });
  EXPECT_EQ(*result, kvpool::error::timeout);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 30ms);
  EXPECT_EQ(pool.stats().timeouts, 1u);
}

TEST_F(BasicPoolTest, ServerDownTimesOutWithConnectFailed) {
  state->default_outcome = connect_outcome::fail;
  auto settings = small(0, 2);
  settings.backoff_initial = 1ms;
  settings.backoff_max = 2ms;
  auto pool = make_pool(settings);
  std::optional<error_code> result;
  pool.async_acquire(20ms, [&](error_code ec, pool_type::handle) { result = ec; });
  run_until([&] { return result.has_value(); });
  EXPECT_EQ(*result, kvpool::error::connect_failed);
  EXPECT_GE(state->attempts, 2) << "the pool retried while the acquire waited";

  // The server comes back: the next acquire is served.
  state->default_outcome = connect_outcome::succeed;
  result.reset();
  pool_type::handle held;
  pool.async_acquire(10s, [&](error_code ec, pool_type::handle h) {
    result = ec;
    held = std::move(h);
  });
  run_until([&] { return result.has_value(); });
  EXPECT_FALSE(*result);
  EXPECT_TRUE(held);
}

TEST_F(BasicPoolTest, CancelledAcquireCompletesAbortedAndLeaksNothing) {
  auto pool = make_pool(small(0, 1));
  auto first_future = pool.async_acquire(asio::use_future);
  run_until([&] { return first_future.wait_for(0s) == std::future_status::ready; });
  auto first = first_future.get();

  asio::cancellation_signal signal;
  std::optional<error_code> result;
  pool.async_acquire(asio::bind_cancellation_slot(
      signal.slot(), [&](error_code ec, pool_type::handle h) {
        result = ec;
        EXPECT_FALSE(h);
      }));
  io.poll();
  signal.emit(asio::cancellation_type::terminal);
  run_until([&] { return result.has_value(); });
  EXPECT_EQ(*result, asio::error::operation_aborted);
  EXPECT_EQ(pool.stats().cancelled, 1u);
  signal.emit(asio::cancellation_type::terminal);  // the pool's handler is detached: no effect
  io.poll();
  EXPECT_EQ(pool.stats().cancelled, 1u);

  // The connection goes back idle rather than to the cancelled waiter.
  first.release();
  EXPECT_EQ(pool.stats().idle, 1u);
  EXPECT_EQ(pool.stats().waiting, 0u);
}

TEST_F(BasicPoolTest, SlotIsDetachedAfterANormalCompletion) {
  auto pool = make_pool(small(0, 1));
  asio::cancellation_signal signal;
  bool done = false;
  pool_type::handle held;
  pool.async_acquire(asio::bind_cancellation_slot(signal.slot(), [&](error_code ec, pool_type::handle h) {
    EXPECT_FALSE(ec);
    held = std::move(h);
    done = true;
  }));
  run_until([&] { return done; });
  // A late emit reaches no waiter: the pool detached its handler when it completed.
  signal.emit(asio::cancellation_type::terminal);
  io.poll();
  EXPECT_EQ(pool.stats().cancelled, 0u);
  EXPECT_EQ(pool.stats().active, 1u);
}

TEST_F(BasicPoolTest, AwaitableOrTimerCancelsTheLosingAcquire) {
  using namespace asio::experimental::awaitable_operators;
  auto pool = make_pool(small(0, 1));
  bool done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    auto first = co_await pool.async_acquire(asio::use_awaitable);
    asio::steady_timer timer(io, 5ms);
    auto winner = co_await (pool.async_acquire(asio::use_awaitable) ||
                            timer.async_wait(asio::use_awaitable));
    EXPECT_EQ(winner.index(), 1u) << "the timer wins: the pool has nothing to give";
    EXPECT_EQ(pool.stats().waiting, 0u) << "the losing acquire left the queue";
    first.release();
    EXPECT_EQ(pool.stats().idle, 1u);
    done = true;
  }, asio::detached);
  run_until([&] { return done; });
}

TEST_F(BasicPoolTest, BrokenAndUnreusableConnectionsAreClosedNotReturned) {
  auto pool = make_pool(small(0, 2));
  auto future = pool.async_acquire(asio::use_future);
  run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
  auto held = future.get();
  held.release_broken();
  EXPECT_EQ(state->closed, 1);
  EXPECT_EQ(pool.stats().closed[static_cast<std::size_t>(kvpool::close_reason::broken)], 1u);

  future = pool.async_acquire(asio::use_future);
  run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
  held = future.get();
  held->reusable = false;  // as after an interrupted command
  const auto serial = held.serial();
  held = {};
  EXPECT_EQ(state->closed, 2);
  auto next = pool.try_acquire();
  EXPECT_FALSE(next.has_value()) << "nothing idle: the unreusable connection " << serial
                                 << " was not returned";
}

TEST_F(BasicPoolTest, HealthCheckOnCheckoutReplacesADeadConnection) {
  auto settings = small(1, 1);
  settings.check_after_idle = 1ns;  // every checkout is checked
  auto pool = make_pool(settings);
  std::optional<error_code> warmed;
  pool.async_connect([&](error_code ec) { warmed = ec; });
  run_until([&] { return warmed.has_value(); });
  {
    auto idle = pool.try_acquire();
    EXPECT_FALSE(idle.has_value()) << "try_acquire never starts a check";
  }
  // Make the idle connection fail its check: reach it through one checkout first.
  auto future = pool.async_acquire(asio::use_future);
  run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
  auto held = future.get();
  EXPECT_EQ(state->checks, 1);
  held->healthy = false;
  held = {};
  future = pool.async_acquire(asio::use_future);
  run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
  held = future.get();
  ASSERT_TRUE(held);
  EXPECT_TRUE(held->healthy) << "the unhealthy connection was replaced";
  EXPECT_EQ(pool.stats().closed[static_cast<std::size_t>(kvpool::close_reason::check_failed)], 1u);
}

// With thresholds of a second or more, handing out takes the pool's latest clock reading, not a
// new one: the pool's timer must bring that reading up to the moment an idle connection falls due
// for its check. Takes check_after_idle (1 s) of real time.
TEST_F(BasicPoolTest, AConnectionIdleForCheckAfterIdleIsCheckedFirst) {
  auto settings = small(1, 1);
  settings.check_after_idle = 1s;
  auto pool = make_pool(settings);
  std::optional<error_code> warmed;
  pool.async_connect([&](error_code ec) { warmed = ec; });
  run_until([&] { return warmed.has_value(); });
  EXPECT_TRUE(pool.try_acquire().has_value()) << "just connected: no check needed";
  bool threshold_passed = false;
  asio::steady_timer wait(io, settings.check_after_idle);
  wait.async_wait([&](error_code) { threshold_passed = true; });
  run_until([&] { return threshold_passed; });
  io.poll();  // the pool's own timer expired no later than ours: let its handler run
  EXPECT_FALSE(pool.try_acquire().has_value()) << "idle for check_after_idle: handed out unchecked";
  auto future = pool.async_acquire(asio::use_future);
  run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
  EXPECT_TRUE(future.get());
  EXPECT_EQ(state->checks, 1);
}

TEST_F(BasicPoolTest, CloseFailsWaitersAndCompletesWhenBusyOnesReturn) {
  auto pool = make_pool(small(0, 1));
  auto future = pool.async_acquire(asio::use_future);
  run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
  auto held = future.get();
  std::optional<error_code> waiter;
  pool.async_acquire([&](error_code ec, pool_type::handle) { waiter = ec; });
  std::optional<error_code> closed;
  pool.async_close([&](error_code ec) { closed = ec; });
  run_until([&] { return waiter.has_value(); });
  EXPECT_EQ(*waiter, kvpool::error::pool_closed);
  io.poll();
  EXPECT_FALSE(closed.has_value()) << "a connection is still held";
  held = {};
  run_until([&] { return closed.has_value(); });
  EXPECT_EQ(state->open, 0);

  std::optional<error_code> late;
  pool.async_acquire([&](error_code ec, pool_type::handle) { late = ec; });
  run_until([&] { return late.has_value(); });
  EXPECT_EQ(*late, kvpool::error::pool_closed);
}

// A handle holds no reference count of its own: the engine keeps itself alive for it.
TEST_F(BasicPoolTest, HandleOutlivesItsPoolAndClosesWhenReturned) {
  std::optional<pool_type::handle> held;
  {
    auto pool = make_pool(small(1, 2));
    auto future = pool.async_acquire(asio::use_future);
    run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
    held.emplace(future.get());
  }
  ASSERT_TRUE(*held);
  (*held)->healthy = true;  // ASan reports a use after free if the connection went with the pool
  EXPECT_EQ((*held)->number, 1);
  EXPECT_EQ(state->open, 1);
  held.reset();
  run_until([&] { return state->open == 0; });
  EXPECT_EQ(state->closed, state->attempts.load());
}

TEST_F(BasicPoolTest, MoveAssignmentClosesThePoolAssignedOver) {
  auto pool = make_pool(small(1, 1));
  auto future = pool.async_acquire(asio::use_future);
  run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
  auto held = future.get();
  pool = make_pool(small(0, 1));
  held = {};
  run_until([&] { return state->open == 0; });
  std::optional<error_code> fresh;
  pool.async_acquire([&](error_code ec, pool_type::handle h) {
    fresh = ec;
    EXPECT_TRUE(h);
  });
  run_until([&] { return fresh.has_value(); });
  EXPECT_EQ(*fresh, error_code{});
}

TEST_F(BasicPoolTest, ObserverHearsTheLifecycle) {
  std::vector<std::string> events;
  kvpool::pool_observer observer;
  observer.created = [&](std::uint64_t serial) { events.push_back("created " + std::to_string(serial)); };
  observer.acquired = [&](std::uint64_t serial, auto) { events.push_back("acquired " + std::to_string(serial)); };
  observer.released = [&](std::uint64_t serial) { events.push_back("released " + std::to_string(serial)); };
  observer.closed = [&](std::uint64_t serial, kvpool::close_reason why) {
    events.push_back("closed " + std::to_string(serial) + " " + std::string(kvpool::to_string(why)));
  };
  auto pool = make_pool(small(0, 1), observer);
  auto future = pool.async_acquire(asio::use_future);
  run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
  future.get().release();
  pool.close();
  EXPECT_EQ(events, (std::vector<std::string>{"created 1", "acquired 1", "released 1",
                                              "closed 1 pool_closed"}));
}

// A health check that never answers (a server stopped with SIGSTOP): at check_timeout the pool
// closes the connection, which ends the check, and serves the waiter with a new one; close()
// completes. Before check_timeout the waiter and close() waited as long as the check.
TEST_F(BasicPoolTest, AHungHealthCheckIsClosedAtCheckTimeoutAndTheWaiterServed) {
  auto settings = small(0, 1);
  settings.check_after_idle = 1ns;  // every checkout is checked
  settings.check_timeout = 20ms;
  auto pool = make_pool(settings);
  auto first = pool.async_acquire(asio::use_future);
  run_until([&] { return first.wait_for(0s) == std::future_status::ready; });
  first.get().release();
  state->checks_hang = true;
  auto second = pool.async_acquire(asio::use_future);
  run_until([&] { return second.wait_for(0s) == std::future_status::ready; });
  auto held = second.get();
  ASSERT_TRUE(held);
  EXPECT_EQ(held->number, 2) << "a new connection, the hung one closed";
  EXPECT_EQ(pool.stats().check_timeouts, 1u);
  EXPECT_EQ(state->open, 1);
  held = {};
  auto closed = pool.async_close(asio::use_future);
  run_until([&] { return closed.wait_for(0s) == std::future_status::ready; });
  EXPECT_EQ(state->open, 0);
}

// async_connect on a pool closed before it ever started waited for ever.
TEST_F(BasicPoolTest, ConnectOnAPoolClosedBeforeItStartedCompletesWithPoolClosed) {
  auto pool = make_pool(small(2, 2));
  pool.close();
  std::optional<error_code> warmed;
  pool.async_connect([&](error_code ec) { warmed = ec; });
  run_until([&] { return warmed.has_value(); });
  EXPECT_EQ(*warmed, kvpool::error::pool_closed);
}

// release() is noexcept and runs hooks: a hook that threw terminated the process.
TEST_F(BasicPoolTest, AThrowingHookIsCountedAndStopsNeitherTheOtherHooksNorThePool) {
  int closed = 0;
  kvpool::pool_observer observer;
  observer.created = [](std::uint64_t) { throw std::runtime_error("created"); };
  observer.acquired = [](std::uint64_t, auto) { throw std::runtime_error("acquired"); };
  observer.released = [](std::uint64_t) { throw 42; };
  observer.closed = [&](std::uint64_t, kvpool::close_reason) { ++closed; };
  auto pool = make_pool(small(0, 1), observer);
  for (int i = 0; i < 2; ++i) {
    auto future = pool.async_acquire(asio::use_future);
    run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
    future.get().release();
  }
  EXPECT_EQ(pool.stats().observer_errors, 5u) << "one created, two acquired, two released";
  pool.close();
  EXPECT_EQ(closed, 1);
}

TEST_F(BasicPoolTest, APoolDestroyedFromInsideAHookIsSafe) {
  std::optional<pool_type> pool;
  kvpool::pool_observer observer;
  observer.released = [&](std::uint64_t) { pool.reset(); };
  pool.emplace(make_pool(small(0, 1), observer));
  auto future = pool->async_acquire(asio::use_future);
  run_until([&] { return future.wait_for(0s) == std::future_status::ready; });
  future.get().release();
  EXPECT_FALSE(pool.has_value());
  io.restart();
  io.run();
  EXPECT_EQ(state->open, 0);
}

// A waiting acquire keeps work on its handler's executor, as Asio's own operations do: a
// callback bound to another io_context kept nothing there, so that context's run() returned
// while it waited, and the grant went to a context nobody ran.
TEST_F(BasicPoolTest, AWaitingCallbackBoundToAnotherContextKeepsItBusy) {
  auto pool = make_pool(small(0, 1));
  auto first = pool.async_acquire(asio::use_future);
  run_until([&] { return first.wait_for(0s) == std::future_status::ready; });
  auto held = first.get();
  asio::io_context other;
  bool granted = false;
  pool.async_acquire(asio::bind_executor(other, [&](error_code ec, pool_type::handle h) {
    granted = !ec && h;
  }));
  io.poll();
  other.poll();
  EXPECT_FALSE(other.stopped()) << "the waiting acquire keeps the other context busy";
  held = {};
  io.restart();
  io.poll();
  other.run();
  EXPECT_TRUE(granted);
}

// A connection returned dirty (its holder changed its session) is checked, which restores it,
// before it is handed out again.
TEST_F(BasicPoolTest, ADirtyConnectionIsCheckedBeforeItIsReused) {
  auto pool = make_pool(small(0, 1));
  auto first = pool.async_acquire(asio::use_future);
  run_until([&] { return first.wait_for(0s) == std::future_status::ready; });
  auto held = first.get();
  held->dirty = true;
  held = {};
  EXPECT_FALSE(pool.try_acquire().has_value()) << "not before its check";
  auto second = pool.async_acquire(asio::use_future);
  run_until([&] { return second.wait_for(0s) == std::future_status::ready; });
  held = second.get();
  EXPECT_EQ(held->number, 1);
  EXPECT_FALSE(held->dirty);
  EXPECT_EQ(state->checks, 1);
}

TEST_F(BasicPoolTest, ADetachedConnectionLeavesThePoolAndFreesItsPlace) {
  auto pool = make_pool(small(0, 1));
  auto first = pool.async_acquire(asio::use_future);
  run_until([&] { return first.wait_for(0s) == std::future_status::ready; });
  std::unique_ptr<kvtest::fake_connection> mine = first.get().detach();
  ASSERT_TRUE(mine);
  auto second = pool.async_acquire(asio::use_future);
  run_until([&] { return second.wait_for(0s) == std::future_status::ready; });
  EXPECT_EQ(second.get()->number, 2) << "another connection in its place";
  EXPECT_EQ(pool.stats().closed[static_cast<std::size_t>(kvpool::close_reason::detached)], 1u);
  EXPECT_EQ(mine->number, 1) << "still the caller's, never closed by the pool";
  EXPECT_EQ(state->closed, 0);
}

// The waiter that leaves is in the middle of the queue: the queue moves the ones behind it,
// which Asio 1.26's any_completion_handler cannot take by move assignment (it recursed until
// the stack overflowed).
TEST_F(BasicPoolTest, CancellingAWaiterInTheMiddleKeepsTheOthersInOrder) {
  auto pool = make_pool(small(0, 1));
  auto first = pool.async_acquire(asio::use_future);
  run_until([&] { return first.wait_for(0s) == std::future_status::ready; });
  auto held = first.get();
  std::vector<int> served;
  asio::cancellation_signal cancel_second;
  for (int w = 1; w <= 3; ++w) {
    auto handler = [&, w](error_code ec, pool_type::handle h) {
      served.push_back(ec ? -w : w);
      h.release();
    };
    if (w == 2) {
      pool.async_acquire(asio::bind_cancellation_slot(cancel_second.slot(), handler));
    } else {
      pool.async_acquire(handler);
    }
  }
  io.poll();
  cancel_second.emit(asio::cancellation_type::terminal);
  held = {};
  run_until([&] { return served.size() == 3; });
  EXPECT_EQ(served, (std::vector<int>{-2, 1, 3}));
}

TEST_F(BasicPoolTest, InvalidSettingsAreRejectedAtConstruction) {
  EXPECT_THROW(make_pool(small(3, 2)), boost::system::system_error);
  EXPECT_THROW(make_pool(small(0, 0)), boost::system::system_error);
}

}  // namespace

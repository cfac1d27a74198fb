// pool_core's checkout path: acquire (idle LIFO, create under max, FIFO wait, per-call timeout),
// try_acquire, release, cancel, and the stats they keep.

#include <array>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "pool_core_harness.hpp"

namespace kvpool::test {
namespace {

constexpr std::size_t reason_index(close_reason reason) { return static_cast<std::size_t>(reason); }

TEST(PoolCoreAcquire, GrantsTheMostRecentlyReleasedIdleConnectionFirst) {
  pool_harness h(quiet_settings(3));
  const std::vector<slot_id> conns = h.hold(3);
  h.release(conns[0]);
  h.release(conns[2]);
  h.release(conns[1]);
  for (const slot_id expected : {conns[1], conns[2], conns[0]}) {
    const auto call = h.acquire();
    EXPECT_EQ(call.result.result, acquire_result::outcome::granted);
    EXPECT_EQ(call.result.conn, expected);
    EXPECT_EQ(script(call.actions), "");
  }
}

TEST(PoolCoreAcquire, CreatesWhileUnderMaxCountingConnectsTowardsMax) {
  pool_harness h(quiet_settings(2));
  const auto first = h.acquire();
  EXPECT_EQ(first.result.result, acquire_result::outcome::waiting);
  EXPECT_EQ(first.result.waiter, 1U);
  EXPECT_EQ(script(first.actions), "warmed_up, connect 0");
  EXPECT_EQ(script(h.acquire().actions), "connect 1");
  EXPECT_EQ(script(h.acquire().actions), "") << "two connecting already make max_size";
  EXPECT_EQ(h.core.stats().connecting, 2U);
  EXPECT_EQ(h.core.stats().waiting, 3U);
  // Whichever connect completes first serves the first waiter.
  EXPECT_EQ(script(h.succeed(1)), "grant 1 to w1");
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
  EXPECT_EQ(h.core.stats().waiting, 1U);
}

TEST(PoolCoreAcquire, WaitersBeyondMaxAreServedFirstInFirstOut) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(script(h.acquire().actions), "");
  EXPECT_EQ(script(h.release(conn)), "grant 0 to w2");
  EXPECT_EQ(script(h.release(conn)), "grant 0 to w3");
  EXPECT_EQ(script(h.release(conn)), "grant 0 to w4");
  EXPECT_EQ(script(h.release(conn)), "");
  EXPECT_EQ(h.core.stats().idle, 1U);
}

TEST(PoolCoreAcquire, TimesOutAtItsOwnTimeoutAndNoEarlier) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  h.acquire(2s);
  h.acquire(5s);
  h.acquire(1s);
  h.advance(1s - 1ns);
  EXPECT_EQ(script(h.tick()), "");
  h.advance(1ns);
  EXPECT_EQ(script(h.tick()), "fail w4 timeout");
  h.advance(1s - 1ns);
  EXPECT_EQ(script(h.tick()), "");
  h.advance(1ns);
  EXPECT_EQ(script(h.tick()), "fail w2 timeout");
  EXPECT_EQ(script(h.release(conn)), "grant 0 to w3");
  EXPECT_EQ(h.core.stats().timeouts, 2U);
}

TEST(PoolCoreAcquire, TimeoutWhileEveryConnectFailsAndNothingIsOpenIsConnectFailed) {
  pool_settings settings = quiet_settings(1);
  settings.backoff_initial = 10s;  // no retry before the timeout
  pool_harness h(settings);
  EXPECT_EQ(script(h.acquire(1s).actions), "warmed_up, connect 0");
  EXPECT_EQ(script(h.fail(0)), "");
  h.advance(1s - 1ns);
  EXPECT_EQ(script(h.tick()), "");
  h.advance(1ns);
  EXPECT_EQ(script(h.tick()), "fail w1 connect_failed");
  const pool_stats stats = h.core.stats();
  EXPECT_EQ(stats.connect_failures, 1U);
  EXPECT_EQ(stats.last_connect_error, refused);
  EXPECT_EQ(stats.timeouts, 1U);
}

TEST(PoolCoreAcquire, TimeoutWithAConnectionOpenStaysTimeoutWhileConnectsFail) {
  pool_harness h(quiet_settings(2));
  h.hold();
  EXPECT_EQ(script(h.acquire(1s).actions), "connect 1");
  EXPECT_EQ(script(h.fail(1)), "");
  h.advance(1s);
  EXPECT_EQ(script(h.tick()), "fail w2 timeout");
}

TEST(PoolCoreTryAcquire, TakesTheMostRecentlyReleasedIdleConnection) {
  pool_harness h(quiet_settings(2));
  const std::vector<slot_id> conns = h.hold(2);
  h.release(conns[1]);
  h.release(conns[0]);
  const auto tried = h.try_acquire();
  EXPECT_EQ(tried.conn, conns[0]);
  EXPECT_EQ(script(tried.actions), "");
  EXPECT_EQ(h.core.stats().acquired, 3U);
}

TEST(PoolCoreTryAcquire, NeverWaitsNorOpensAConnection) {
  pool_harness h(quiet_settings(2));
  h.hold();
  const auto tried = h.try_acquire();
  EXPECT_FALSE(tried.conn.has_value());
  EXPECT_EQ(script(tried.actions), "");
  EXPECT_EQ(h.core.stats().waiting, 0U);
  EXPECT_EQ(h.core.stats().connect_attempts, 1U);
}

TEST(PoolCoreTryAcquire, NeverStartsAHealthCheck) {
  pool_settings settings = quiet_settings(1);
  settings.check_after_idle = 10s;
  pool_harness h(settings);
  h.release(h.hold());
  h.advance(10s);
  const auto tried = h.try_acquire();
  EXPECT_FALSE(tried.conn.has_value());
  EXPECT_EQ(script(tried.actions), "");
  EXPECT_EQ(h.core.state_of(0), slot_state::idle);
}

TEST(PoolCoreRelease, ReusableConnectionIsHandedOutAgain) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  const std::uint64_t serial = h.core.serial_of(conn);
  EXPECT_EQ(script(h.release(conn)), "");
  EXPECT_EQ(h.core.state_of(conn), slot_state::idle);
  const auto again = h.acquire();
  EXPECT_EQ(again.result.conn, conn);
  EXPECT_EQ(h.core.serial_of(conn), serial);
}

TEST(PoolCoreRelease, BrokenConnectionIsClosedAndNeverHandedOutAgain) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  const std::uint64_t broken_serial = h.core.serial_of(conn);
  EXPECT_EQ(script(h.release_broken(conn)), "close 0 broken");
  EXPECT_EQ(h.core.state_of(conn), slot_state::free);
  EXPECT_EQ(h.core.stats().idle, 0U);
  EXPECT_EQ(h.core.stats().closed[reason_index(close_reason::broken)], 1U);
  // The slot is reused, the connection is not.
  const auto next = h.acquire();
  EXPECT_EQ(script(next.actions), "connect 0");
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
  EXPECT_NE(h.core.serial_of(0), broken_serial);
}

TEST(PoolCoreRelease, BrokenConnectionIsReplacedForAWaiter) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  EXPECT_EQ(script(h.acquire().actions), "");
  EXPECT_EQ(script(h.release_broken(conn)), "close 0 broken, connect 0");
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
}

// A holder that changed its connection's session asks for a check: the connection is checked
// (the check restores it) before anyone else gets it, and closed if that fails.
TEST(PoolCoreRelease, DirtyConnectionIsCheckedBeforeItIsHandedOutAgain) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  EXPECT_EQ(script(h.release_dirty(conn)), "check 0");
  EXPECT_FALSE(h.try_acquire().conn.has_value()) << "not while its check runs";
  const auto waiter = h.acquire();
  EXPECT_EQ(script(waiter.actions), "");
  EXPECT_EQ(script(h.check_done(conn, true)), "grant 0 to w2");
  EXPECT_EQ(script(h.release_dirty(conn)), "check 0");
  EXPECT_EQ(script(h.check_done(conn, false)), "close 0 check_failed");
}

TEST(PoolCoreRelease, DirtyConnectionAfterCloseIsClosed) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  h.close();
  EXPECT_EQ(script(h.release_dirty(conn)), "close 0 pool_closed, closed");
}

// detach (deadpool's Object::take): the holder keeps it, and its place is free at once.
TEST(PoolCoreDetach, FreesThePlaceAndCountsAsClosed) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  const auto waiter = h.acquire();
  EXPECT_EQ(script(h.detach(conn)), "connect 0");
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
  const pool_stats stats = h.core.stats();
  EXPECT_EQ(stats.closed[static_cast<std::size_t>(close_reason::detached)], 1U);
  EXPECT_EQ(stats.created, stats.closed_total() + stats.open());
}

TEST(PoolCoreCancel, RemovesAWaiterOnlyOnce) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  const waiter_id waiter = h.acquire().result.waiter;
  const auto first = h.cancel(waiter);
  EXPECT_TRUE(first.removed);
  EXPECT_EQ(script(first.actions), "");
  EXPECT_FALSE(h.cancel(waiter).removed);
  EXPECT_EQ(h.core.stats().cancelled, 1U);
  EXPECT_EQ(h.core.stats().waiting, 0U);
  EXPECT_EQ(script(h.release(conn)), "") << "nobody is waiting any more";
}

TEST(PoolCoreCancel, ReturnsFalseOnceTheWaiterWasFailedOrGranted) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  const waiter_id timed_out = h.acquire(1s).result.waiter;
  const waiter_id served = h.acquire(5s).result.waiter;
  h.advance(1s);
  EXPECT_EQ(script(h.tick()), "fail w2 timeout");
  EXPECT_FALSE(h.cancel(timed_out).removed);
  EXPECT_EQ(script(h.release(conn)), "grant 0 to w3");
  EXPECT_FALSE(h.cancel(served).removed);
  EXPECT_FALSE(h.cancel(999).removed) << "an id never issued";
  EXPECT_EQ(h.core.stats().cancelled, 0U);
}

TEST(PoolCoreCancel, KeepsTheOrderOfTheOtherWaiters) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  h.acquire();
  const waiter_id middle = h.acquire().result.waiter;
  h.acquire();
  EXPECT_TRUE(h.cancel(middle).removed);
  EXPECT_EQ(script(h.release(conn)), "grant 0 to w2");
  EXPECT_EQ(script(h.release(conn)), "grant 0 to w4");
}

TEST(PoolCoreStats, GaugesCountEachState) {
  pool_settings settings = quiet_settings(4);
  settings.check_after_idle = 10s;
  pool_harness h(settings);
  const std::vector<slot_id> conns = h.hold(3);
  h.release(conns[1]);
  h.release(conns[2]);
  h.advance(10s);
  EXPECT_EQ(script(h.acquire().actions), "check 2");
  pool_stats stats = h.core.stats();
  EXPECT_EQ(stats.idle, 1U);
  EXPECT_EQ(stats.active, 1U);
  EXPECT_EQ(stats.checking, 1U);
  EXPECT_EQ(stats.connecting, 0U);
  EXPECT_EQ(stats.waiting, 1U);
  EXPECT_EQ(stats.max_size, 4U);
  EXPECT_EQ(stats.open(), 3U);

  EXPECT_EQ(script(h.acquire().actions), "check 1");
  EXPECT_EQ(script(h.acquire().actions), "connect 3");
  stats = h.core.stats();
  EXPECT_EQ(stats.idle, 0U);
  EXPECT_EQ(stats.active, 1U);
  EXPECT_EQ(stats.checking, 2U);
  EXPECT_EQ(stats.connecting, 1U);
  EXPECT_EQ(stats.waiting, 3U);
}

TEST(PoolCoreStats, CountersCountEachEvent) {
  pool_settings settings = quiet_settings(2);
  settings.check_after_idle = 10s;
  pool_harness h(settings);
  const slot_id held = h.hold();
  EXPECT_EQ(script(h.acquire(1s).actions), "connect 1");
  EXPECT_EQ(script(h.fail(1)), "");
  h.advance(1s);
  EXPECT_EQ(script(h.tick()), "fail w2 timeout");
  const auto cancelled = h.acquire();
  EXPECT_EQ(script(cancelled.actions), "connect 1");
  h.cancel(cancelled.result.waiter);
  EXPECT_EQ(script(h.succeed(1)), "");
  EXPECT_EQ(script(h.release_broken(held)), "close 0 broken");
  h.advance(10s);
  EXPECT_EQ(script(h.acquire().actions), "check 1");
  EXPECT_EQ(script(h.check_done(1, false)), "close 1 check_failed, connect 0");

  const pool_stats stats = h.core.stats();
  EXPECT_EQ(stats.connect_attempts, 4U);
  EXPECT_EQ(stats.created, 2U);
  EXPECT_EQ(stats.connect_failures, 1U);
  EXPECT_EQ(stats.acquired, 1U);
  EXPECT_EQ(stats.timeouts, 1U);
  EXPECT_EQ(stats.cancelled, 1U);
  EXPECT_EQ(stats.closed[reason_index(close_reason::broken)], 1U);
  EXPECT_EQ(stats.closed[reason_index(close_reason::check_failed)], 1U);
  EXPECT_EQ(stats.closed_total(), 2U);
}

TEST(PoolCoreStats, WaitHistogramAndMeanWait) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();  // connected at once: waited 0
  for (const auto wait : {duration(3us), duration(1000us), duration(100s)}) {
    h.acquire(200s);
    h.advance(wait);
    const pool_actions granted = h.release(conn);
    ASSERT_EQ(granted.size(), 1U);
    EXPECT_EQ(granted[0].elapsed(), wait) << "the grant says how long it waited";
  }
  std::array<std::uint64_t, 24> expected{};
  expected[0] = 1;   // 0 us: below 1
  expected[2] = 1;   // 3 us: below 4
  expected[10] = 1;  // 1000 us: below 1024
  expected[23] = 1;  // 100 s: the last bucket takes every longer wait
  const pool_stats stats = h.core.stats();
  EXPECT_EQ(stats.wait_histogram, expected);
  EXPECT_EQ(stats.acquired, 4U);
  EXPECT_EQ(stats.total_wait, 100s + 1003us);
  EXPECT_EQ(stats.mean_wait(), duration(100s + 1003us) / 4);
}

}  // namespace
}  // namespace kvpool::test

// One test per bug that users of other pools hit (shared/ANCHORS.md), replayed on pool_core.
// Each test is named after the bug and its report.

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "pool_core_harness.hpp"

namespace kvpool::test {
namespace {

std::size_t connects_of(const std::vector<pool_harness::acquired>& calls) {
  std::size_t connects = 0;
  for (const auto& call : calls) connects += count_of(call.actions, action_kind::connect);
  return connects;
}

// puddle 2.2.1, deadpool #92 and #205: creates raced past max_size.
TEST(PoolCoreRegression, MaxOvershootWhileConnecting_ManyAcquiresOpenOnlyMaxMinusOpen) {
  pool_harness h(quiet_settings(4));
  h.hold();
  std::vector<pool_harness::acquired> calls;
  for (int i = 0; i < 20; ++i) calls.push_back(h.acquire());
  EXPECT_EQ(connects_of(calls), 3U);
  EXPECT_EQ(script(h.succeed_pending()), "grant 1 to w2, grant 2 to w3, grant 3 to w4");
  EXPECT_EQ(h.core.stats().waiting, 17U);
  EXPECT_EQ(h.peak_size(), 4U);
}

TEST(PoolCoreRegression, MaxOvershootWhileConnecting_WarmupConnectsCountTowardsMax) {
  pool_settings settings = quiet_settings(4);
  settings.min_size = 3;
  pool_harness h(settings);
  h.start();
  std::vector<pool_harness::acquired> calls;
  for (int i = 0; i < 10; ++i) calls.push_back(h.acquire());
  EXPECT_EQ(connects_of(calls), 1U);
  EXPECT_EQ(h.core.stats().connecting, 4U);
}

// pgx #2425: cancelled acquires left their creates running and new acquires started more.
TEST(PoolCoreRegression, MaxOvershootAfterCancelledAcquires_Pgx2425) {
  pool_harness h(quiet_settings(2));
  const waiter_id first = h.acquire().result.waiter;
  const waiter_id second = h.acquire().result.waiter;
  EXPECT_TRUE(h.cancel(first).removed);
  EXPECT_TRUE(h.cancel(second).removed);
  EXPECT_EQ(h.core.stats().connecting, 2U);
  EXPECT_EQ(script(h.acquire().actions), "") << "the connects in flight will serve it";
  EXPECT_EQ(script(h.acquire().actions), "");
  EXPECT_EQ(script(h.succeed_pending()), "grant 0 to w3, grant 1 to w4");
  EXPECT_EQ(h.core.stats().connect_attempts, 2U);
}

TEST(PoolCoreRegression, LeakOnCancelledAcquire_Bb8_59) {
  pool_harness h(quiet_settings(1));
  const auto call = h.acquire();
  EXPECT_EQ(script(call.actions), "warmed_up, connect 0");
  EXPECT_TRUE(h.cancel(call.result.waiter).removed);
  EXPECT_EQ(script(h.succeed(0)), "") << "nobody to grant: it goes idle";
  const pool_stats stats = h.core.stats();
  EXPECT_EQ(stats.idle, 1U);
  EXPECT_EQ(stats.active, 0U);
  EXPECT_EQ(h.acquire().result.result, acquire_result::outcome::granted);
}

TEST(PoolCoreRegression, LeakOnCancelledAcquire_Bb8_59_WhileItsCheckRuns) {
  pool_settings settings = quiet_settings(1);
  settings.check_after_idle = 10s;
  pool_harness h(settings);
  h.release(h.hold());
  h.advance(10s);
  const auto call = h.acquire();
  EXPECT_EQ(script(call.actions), "check 0");
  EXPECT_TRUE(h.cancel(call.result.waiter).removed);
  EXPECT_EQ(script(h.check_done(0, true)), "");
  EXPECT_EQ(h.core.stats().idle, 1U);
  EXPECT_EQ(h.acquire().result.result, acquire_result::outcome::granted);
}

TEST(PoolCoreRegression, PermanentTimeoutsAfterCancelledGets_Bb8_67) {
  pool_harness h(quiet_settings(2));
  const std::vector<slot_id> conns = h.hold(2);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(h.cancel(h.acquire(1s).result.waiter).removed);
  h.release(conns[0]);
  h.release(conns[1]);
  EXPECT_EQ(h.acquire(1s).result.result, acquire_result::outcome::granted);
  EXPECT_EQ(h.acquire(1s).result.result, acquire_result::outcome::granted);
  const waiter_id late = h.acquire(1s).result.waiter;
  h.advance(999ms);
  EXPECT_EQ(script(h.tick()), "");
  EXPECT_EQ(granted_to(h.release(conns[0]), late), conns[0]);
  EXPECT_EQ(h.core.stats().cancelled, 10U);
  EXPECT_EQ(h.core.stats().timeouts, 0U);
}

// puddle 1.1.0: cancelling an acquire deadlocked the others.
TEST(PoolCoreRegression, CancelledFirstWaiterLeavesItsConnectToTheNext_Puddle110) {
  pool_harness h(quiet_settings(1));
  const waiter_id first = h.acquire().result.waiter;
  EXPECT_EQ(script(h.acquire().actions), "");
  EXPECT_TRUE(h.cancel(first).removed);
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
}

// A release landing between the idle check and the enqueue left the waiter stuck.
TEST(PoolCoreRegression, LostWakeup_Bb8_122) {
  pool_harness h(quiet_settings(2));
  const slot_id busy = h.hold();
  EXPECT_EQ(script(h.acquire().actions), "connect 1");
  EXPECT_EQ(script(h.release(busy)), "grant 0 to w2");
  EXPECT_EQ(script(h.succeed(1)), "") << "the connect it no longer needs goes idle";
  EXPECT_EQ(h.core.stats().idle, 1U);
  EXPECT_EQ(h.core.stats().waiting, 0U);
  EXPECT_EQ(h.acquire().result.conn, 1U);
}

TEST(PoolCoreRegression, CancelledWaiterEatingAWakeup_BoostMySql509) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  const waiter_id cancelled = h.acquire().result.waiter;
  h.acquire();
  EXPECT_TRUE(h.cancel(cancelled).removed);
  EXPECT_EQ(script(h.release(conn)), "grant 0 to w3");
}

TEST(PoolCoreRegression, CancelledWaiterEatingAWakeup_BoostMySql509_IdleStaysAvailable) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  EXPECT_TRUE(h.cancel(h.acquire().result.waiter).removed);
  EXPECT_EQ(script(h.release(conn)), "");
  EXPECT_EQ(h.try_acquire().conn, conn);
}

TEST(PoolCoreRegression, FailedCreateHangingOtherAcquires_Puddle113) {
  pool_settings settings = quiet_settings(1);
  settings.backoff_initial = 100ms;
  pool_harness h(settings);
  EXPECT_EQ(script(h.acquire(1s).actions), "warmed_up, connect 0");
  EXPECT_EQ(script(h.acquire(1s).actions), "");
  EXPECT_EQ(script(h.acquire(300ms).actions), "");
  EXPECT_EQ(script(h.fail(0)), "");
  h.advance(100ms);
  EXPECT_EQ(script(h.tick()), "connect 0") << "the failed create is retried";
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w1");
  h.advance(200ms);
  EXPECT_EQ(script(h.tick()), "fail w3 timeout");
  EXPECT_EQ(script(h.release(0)), "grant 0 to w2");
}

// Also r2d2 #79: the connect error must surface, not spin forever.
TEST(PoolCoreRegression, AcquireNeverTimingOutWhileTheServerIsDown_BoostMySql487) {
  pool_settings settings = quiet_settings(1);
  settings.backoff_initial = 100ms;
  settings.backoff_max = 1s;
  pool_harness h(settings);
  const time_point due = h.now + 1s;
  h.acquire(1s);
  h.fail(0);
  // A timer-driven caller: tick at each deadline, every connect refused at once.
  std::optional<error> failure;
  for (int step = 0; step < 50 && !failure; ++step) {
    h.now = std::max(h.now, h.core.next_deadline());
    const pool_actions out = h.tick();
    for (const slot_id conn : connects_in(out)) h.fail(conn);
    failure = failure_of(out, 1);
  }
  EXPECT_EQ(failure, error::connect_failed);
  EXPECT_EQ(h.now, due);
  const pool_stats stats = h.core.stats();
  EXPECT_EQ(stats.connect_attempts, 4U) << "at 0, 100, 300 and 700 ms";
  EXPECT_EQ(stats.last_connect_error, refused);
}

TEST(PoolCoreRegression, BusyConnectionsNeverRetired_Bb8Pr224) {
  pool_settings settings = quiet_settings(1);
  settings.max_lifetime = 1min;
  pool_harness h(settings);
  const slot_id conn = h.hold();
  const std::uint64_t old_serial = h.core.serial_of(conn);
  h.acquire(10min);
  h.advance(2min);
  EXPECT_EQ(script(h.tick()), "");
  EXPECT_EQ(script(h.release(conn)), "close 0 max_lifetime, connect 0");
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
  EXPECT_NE(h.core.serial_of(0), old_serial);
}

// deadpool #97, redis-rs #325: a connection with an unread reply went back to the next user.
TEST(PoolCoreRegression, StaleReplyAfterCancelledCommand_Deadpool97) {
  pool_harness h(quiet_settings(1));
  const slot_id conn = h.hold();
  const std::uint64_t interrupted = h.core.serial_of(conn);
  h.acquire();
  EXPECT_EQ(script(h.release_broken(conn)), "close 0 broken, connect 0");
  const pool_actions granted = h.succeed(0);
  ASSERT_EQ(script(granted), "grant 0 to w2");
  EXPECT_NE(granted[0].serial(), interrupted);
}

// HikariCP #1635: closes that failed left the pool's count above max_size. Churn through every
// way a connection is closed; the harness checks open + connecting + closing <= max after each
// call.
TEST(PoolCoreRegression, SizeAboveMaxWhenClosesFail_HikariCP1635) {
  pool_settings settings = quiet_settings(3);
  settings.min_size = 2;
  settings.idle_timeout = 1500ms;
  settings.check_after_idle = 1s;
  settings.max_lifetime = 4s;
  settings.backoff_initial = settings.backoff_max = 100ms;
  pool_harness h(settings);
  h.start();
  // One acquire a round lets connections rest (idle timeouts, stale checks); every fourth round a
  // burst of four goes past max_size. Every third round's connects fail, some checks fail, and
  // some connections are released broken.
  for (int round = 0; round < 60; ++round) {
    SCOPED_TRACE(round);
    const int acquires = round % 4 == 3 ? 4 : 1;
    for (int i = 0; i < acquires; ++i) h.acquire(2s);
    if (round % 3 == 0) {
      h.fail_pending();
    } else {
      h.succeed_pending();
    }
    h.check_pending(round % 8 != 3);
    const std::set<slot_id> held = h.held();
    for (const slot_id conn : held) h.release(conn, (round + conn) % 11 != 0 ? reuse::as_is : reuse::never);
    h.advance(500ms);
    h.tick();
  }
  const pool_stats stats = h.core.stats();
  EXPECT_EQ(h.peak_size(), 3U) << "the churn reached max_size";
  EXPECT_EQ(stats.created - stats.closed_total(), stats.open()) << "every close counted once";
  // The schedule is fixed, so its counts are too: each way of closing was exercised.
  EXPECT_EQ(stats.created, 31U);
  EXPECT_EQ(stats.closed, (std::array<std::uint64_t, close_reason_count>{6, 6, 12, 5, 0, 0}))
      << "idle_timeout, max_lifetime, broken, check_failed, pool_closed, detached";
}

// HikariCP #835 (CPU spin): after tick(now) has handled everything due, next_deadline() must lie
// after now, or a timer-driven caller re-arms its timer in the past and spins. Here: connections
// idle at min_size past idle_timeout (the defaults: after five idle minutes).
TEST(PoolCoreRegression, CpuSpin_HikariCP835_IdleAtMinSizePastIdleTimeout) {
  pool_settings settings = quiet_settings(2);
  settings.min_size = 2;
  settings.idle_timeout = 300s;
  pool_harness h(settings);
  h.start();
  h.succeed_pending();
  h.advance(300s);
  EXPECT_EQ(script(h.tick()), "") << "at min_size: nothing to close";
  EXPECT_GT(h.core.next_deadline() - h.now, duration::zero());
}

// The same spin, while a retry after a failed connect is in flight.
TEST(PoolCoreRegression, CpuSpin_HikariCP835_RetryInFlight) {
  pool_settings settings = quiet_settings(1);
  settings.min_size = 1;
  settings.backoff_initial = 100ms;
  pool_harness h(settings);
  h.start();
  h.fail(0);
  h.advance(100ms);
  EXPECT_EQ(script(h.tick()), "connect 0");
  EXPECT_GT(h.core.next_deadline() - h.now, duration::zero());
}

}  // namespace
}  // namespace kvpool::test

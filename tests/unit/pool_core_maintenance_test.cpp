// pool_core's upkeep on a hand-advanced clock: idle_timeout, max_lifetime, the health check on
// checkout, keep-alive pings, leak detection, and next_deadline() telling when to tick.

#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "pool_core_harness.hpp"

namespace kvpool::test {
namespace {

TEST(PoolCoreIdleTimeout, ClosesSurplusIdleConnectionsDownToMinSizeOnly) {
  pool_settings settings = quiet_settings(3);
  settings.min_size = 1;
  settings.idle_timeout = 60s;
  pool_harness h(settings);
  h.start();
  h.succeed_pending();
  for (const slot_id conn : h.hold(3)) h.release(conn);
  h.advance(60s - 1ns);
  EXPECT_EQ(script(h.tick()), "");
  h.advance(1ns);
  // The longest rested go first; the last one keeps min_size.
  EXPECT_EQ(script(h.tick()), "close 0 idle_timeout, close 1 idle_timeout");
  h.advance(1h);
  EXPECT_EQ(script(h.tick()), "");
  EXPECT_EQ(h.core.stats().idle, 1U);
  EXPECT_EQ(h.core.stats().closed[static_cast<std::size_t>(close_reason::idle_timeout)], 2U);
}

TEST(PoolCoreIdleTimeout, CountsFromTheLastRelease) {
  pool_settings settings = quiet_settings(1);
  settings.idle_timeout = 60s;
  pool_harness h(settings);
  const slot_id conn = h.hold();
  h.release(conn);
  h.advance(50s);
  EXPECT_EQ(h.acquire().result.conn, conn);
  h.release(conn);
  h.advance(60s - 1ns);
  EXPECT_EQ(script(h.tick()), "");
  h.advance(1ns);
  EXPECT_EQ(script(h.tick()), "close 0 idle_timeout");
}

TEST(PoolCoreMaxLifetime, RetiresAnIdleConnectionAtItsAgeAndRefillsMinSize) {
  pool_settings settings = quiet_settings(2);
  settings.min_size = 1;
  settings.max_lifetime = 10min;
  pool_harness h(settings);
  h.start();
  h.advance(5s);  // the age counts from the connect's completion
  EXPECT_EQ(script(h.succeed(0)), "warmed_up");
  const std::uint64_t old_serial = h.core.serial_of(0);
  h.advance(10min - 1ns);
  EXPECT_EQ(script(h.tick()), "");
  h.advance(1ns);
  EXPECT_EQ(script(h.tick()), "close 0 max_lifetime, connect 1");
  EXPECT_NE(h.core.serial_of(1), old_serial);
}

TEST(PoolCoreMaxLifetime, RetiresABusyConnectionOnlyWhenReleased) {
  pool_settings settings = quiet_settings(1);
  settings.max_lifetime = 10min;
  pool_harness h(settings);
  const slot_id conn = h.hold();
  h.advance(10min);
  EXPECT_EQ(script(h.tick()), "") << "its holder is still using it";
  EXPECT_EQ(script(h.release(conn)), "close 0 max_lifetime");
}

TEST(PoolCoreMaxLifetime, AcquireSkipsAnIdleConnectionPastItsAge) {
  pool_settings settings = quiet_settings(1);
  settings.max_lifetime = 10min;
  pool_harness h(settings);
  h.release(h.hold());
  h.advance(10min);  // no tick came in between
  const auto call = h.acquire();
  EXPECT_EQ(call.result.result, acquire_result::outcome::waiting);
  EXPECT_EQ(script(call.actions), "close 0 max_lifetime, connect 0");
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
}

TEST(PoolCoreMaxLifetime, TryAcquireClosesAnIdleConnectionPastItsAge) {
  pool_settings settings = quiet_settings(1);
  settings.max_lifetime = 10min;
  pool_harness h(settings);
  h.release(h.hold());
  h.advance(10min);
  const auto tried = h.try_acquire();
  EXPECT_FALSE(tried.conn.has_value());
  EXPECT_EQ(script(tried.actions), "close 0 max_lifetime");
}

TEST(PoolCoreCheckAfterIdle, ChecksOnCheckoutOnlyAfterTheThresholdAndGrantsWhenHealthy) {
  pool_settings settings = quiet_settings(1);
  settings.check_after_idle = 30s;
  pool_harness h(settings);
  const slot_id conn = h.hold();
  h.release(conn);
  h.advance(30s - 1ns);
  const auto fresh = h.acquire();
  EXPECT_EQ(fresh.result.result, acquire_result::outcome::granted);
  EXPECT_EQ(script(fresh.actions), "");
  h.release(conn);
  h.advance(30s);
  const auto stale = h.acquire();
  EXPECT_EQ(stale.result.result, acquire_result::outcome::waiting);
  EXPECT_EQ(script(stale.actions), "check 0");
  EXPECT_EQ(h.core.state_of(conn), slot_state::checking);
  EXPECT_EQ(script(h.check_done(conn, true)), "grant 0 to w2");
}

TEST(PoolCoreCheckAfterIdle, UnhealthyConnectionIsClosedAndReplacedForTheWaiter) {
  pool_settings settings = quiet_settings(1);
  settings.check_after_idle = 30s;
  pool_harness h(settings);
  h.release(h.hold());
  const std::uint64_t checked_serial = h.core.serial_of(0);
  h.advance(30s);
  EXPECT_EQ(script(h.acquire().actions), "check 0");
  EXPECT_EQ(script(h.check_done(0, false)), "close 0 check_failed, connect 0");
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
  EXPECT_NE(h.core.serial_of(0), checked_serial);
}

TEST(PoolCoreCheckAfterIdle, WithTheLatestReadingATickIsDueWhenAnIdleConnectionFallsDue) {
  pool_settings settings = quiet_settings(2);
  settings.check_after_idle = 30s;
  pool_harness h(settings, handout_clock::latest_reading);
  const slot_id first = h.hold();
  const slot_id second = h.hold();
  h.release(first);
  h.tick();  // drops the deadlines of the granted waiters: next_deadline() may be early
  EXPECT_EQ(h.core.next_deadline(), h.now + 30s);
  h.advance(10s);
  h.release(second);
  EXPECT_EQ(h.core.next_deadline(), h.now + 20s) << "the earlier one falls due first";
  h.advance(20s);
  EXPECT_EQ(script(h.tick()), "") << "nothing to do: the check happens on checkout";
  EXPECT_EQ(h.core.next_deadline(), h.now + 10s) << "the second one, not the one already due";
  // A hand-out timed by the tick's reading takes the second and leaves the first to a check.
  const auto tried = h.try_acquire();
  ASSERT_TRUE(tried.conn.has_value());
  EXPECT_EQ(*tried.conn, second);
  EXPECT_FALSE(h.try_acquire().conn.has_value());
  h.release(second);
  h.advance(30s);
  EXPECT_EQ(script(h.tick()), "");
  EXPECT_EQ(h.core.next_deadline(), time_point::max()) << "nothing left to fall due: no spin";
}

TEST(PoolCoreCheckAfterIdle, WithAFreshReadingNoTickIsAskedForChecks) {
  pool_settings settings = quiet_settings(1);
  settings.check_after_idle = 30s;
  pool_harness h(settings, handout_clock::fresh);
  h.release(h.hold());
  h.tick();  // drops the deadline of the granted waiter
  EXPECT_EQ(h.core.next_deadline(), time_point::max());
}

TEST(PoolCoreKeepalive, PingsAnIdleConnectionEachIntervalAndReturnsItToIdle) {
  pool_settings settings = quiet_settings(1);
  settings.min_size = 1;
  settings.keepalive_interval = 20s;
  pool_harness h(settings);
  h.start();
  h.succeed_pending();
  h.advance(20s - 1ns);
  EXPECT_EQ(script(h.tick()), "");
  h.advance(1ns);
  EXPECT_EQ(script(h.tick()), "check 0");
  EXPECT_EQ(h.core.state_of(0), slot_state::checking);
  EXPECT_EQ(h.core.stats().idle, 0U);
  EXPECT_EQ(script(h.check_done(0, true)), "");
  EXPECT_EQ(h.core.state_of(0), slot_state::idle);
  h.advance(20s);
  EXPECT_EQ(script(h.tick()), "check 0");
  EXPECT_EQ(script(h.check_done(0, false)), "close 0 check_failed, connect 0");
}

TEST(PoolCoreKeepalive, PingsDoNotPostponeIdleTimeout) {
  pool_settings settings = quiet_settings(1);
  settings.idle_timeout = 60s;
  settings.keepalive_interval = 25s;
  pool_harness h(settings);
  h.release(h.hold());
  for (int ping = 0; ping < 2; ++ping) {
    h.advance(25s);
    EXPECT_EQ(script(h.tick()), "check 0");
    h.check_done(0, true);
  }
  h.advance(10s);
  EXPECT_EQ(script(h.tick()), "close 0 idle_timeout");
}

TEST(PoolCoreKeepalive, WaiterDuringAPingGetsTheConnectionWhenThePingReturns) {
  pool_settings settings = quiet_settings(1);
  settings.keepalive_interval = 20s;
  pool_harness h(settings);
  h.release(h.hold());
  h.advance(20s);
  EXPECT_EQ(script(h.tick()), "check 0");
  EXPECT_EQ(script(h.acquire().actions), "") << "the ping will serve it: no connect";
  EXPECT_EQ(script(h.check_done(0, true)), "grant 0 to w2");
}

TEST(PoolCoreLeakDetection, ReportsOncePerCheckoutWithTheTimeHeld) {
  pool_settings settings = quiet_settings(1);
  settings.leak_threshold = 2s;
  pool_harness h(settings);
  const slot_id conn = h.hold();
  h.advance(2s - 1ns);
  EXPECT_EQ(script(h.tick()), "");
  h.advance(500ms + 1ns);
  const pool_actions report = h.tick();
  EXPECT_EQ(script(report), "leak 0 held 2500ms");
  ASSERT_EQ(report.size(), 1U);
  EXPECT_EQ(report[0].elapsed(), 2500ms);
  EXPECT_EQ(report[0].serial(), h.core.serial_of(conn));
  h.advance(10s);
  EXPECT_EQ(script(h.tick()), "") << "reported once";
  h.release(conn);
  EXPECT_EQ(h.acquire().result.conn, conn);
  h.advance(2s);
  EXPECT_EQ(script(h.tick()), "leak 0 held 2000ms") << "a new checkout is watched again";
}

// The tick clears the acquire's own deadline, so only the release can announce the idle ones.
void release_after_a_tick(pool_harness& h, slot_id conn) {
  h.tick();
  h.release(conn);
}

TEST(PoolCoreDeadline, IsMaxWhenNothingIsDue) {
  pool_harness h(quiet_settings(1));
  EXPECT_EQ(h.core.next_deadline(), time_point::max());
  h.release(h.hold());
  h.tick();
  EXPECT_EQ(h.core.next_deadline(), time_point::max());
}

TEST(PoolCoreDeadline, TickingAtEachDeadlineTimesOutAWaiterOnTime) {
  pool_harness h(quiet_settings(1));
  h.hold();
  const time_point due = h.now + 3s;
  h.acquire(3s);
  EXPECT_LE(h.core.next_deadline(), due);
  EXPECT_EQ(script(h.tick_at_deadlines_until(action_kind::fail)), "fail w2 timeout");
  EXPECT_EQ(h.now, due);
}

TEST(PoolCoreDeadline, TickingAtEachDeadlineClosesAnIdleConnectionOnTime) {
  pool_settings settings = quiet_settings(1);
  settings.idle_timeout = 60s;
  pool_harness h(settings);
  release_after_a_tick(h, h.hold());
  const time_point due = h.now + 60s;
  EXPECT_LE(h.core.next_deadline(), due);
  EXPECT_EQ(script(h.tick_at_deadlines_until(action_kind::close)), "close 0 idle_timeout");
  EXPECT_EQ(h.now, due);
}

TEST(PoolCoreDeadline, TickingAtEachDeadlineRetiresAtMaxLifetimeOnTime) {
  pool_settings settings = quiet_settings(1);
  settings.max_lifetime = 10min;
  pool_harness h(settings);
  const slot_id conn = h.hold();
  const time_point due = h.now + 10min;
  h.advance(1min);
  release_after_a_tick(h, conn);
  EXPECT_LE(h.core.next_deadline(), due);
  EXPECT_EQ(script(h.tick_at_deadlines_until(action_kind::close)), "close 0 max_lifetime");
  EXPECT_EQ(h.now, due);
}

TEST(PoolCoreDeadline, TickingAtEachDeadlinePingsOnTime) {
  pool_settings settings = quiet_settings(1);
  settings.keepalive_interval = 20s;
  pool_harness h(settings);
  release_after_a_tick(h, h.hold());
  const time_point due = h.now + 20s;
  EXPECT_LE(h.core.next_deadline(), due);
  EXPECT_EQ(script(h.tick_at_deadlines_until(action_kind::check)), "check 0");
  EXPECT_EQ(h.now, due);
}

TEST(PoolCoreDeadline, TickingAtEachDeadlineReportsALeakOnTime) {
  pool_settings settings = quiet_settings(1);
  settings.leak_threshold = 2s;
  pool_harness h(settings);
  h.hold();  // only the grant can announce this deadline: no tick has run since
  const time_point due = h.now + 2s;
  EXPECT_LE(h.core.next_deadline(), due);
  EXPECT_EQ(script(h.tick_at_deadlines_until(action_kind::leak_suspected)), "leak 0 held 2000ms");
  EXPECT_EQ(h.now, due);
}

TEST(PoolCoreDeadline, TickingAtEachDeadlineRetriesAConnectAfterTheBackoff) {
  pool_settings settings = quiet_settings(1);
  settings.backoff_initial = 300ms;
  pool_harness h(settings);
  h.acquire(10s);
  h.fail(0);
  const time_point due = h.now + 300ms;
  EXPECT_LE(h.core.next_deadline(), due);
  EXPECT_EQ(script(h.tick_at_deadlines_until(action_kind::connect)), "connect 0");
  EXPECT_EQ(h.now, due);
}

TEST(PoolCoreDeadline, TickingAtEachDeadlineGivesUpOnTime) {
  pool_settings settings = quiet_settings(1);
  settings.backoff_initial = settings.backoff_max = 10s;  // no retry before giving up
  settings.give_up_after = 2s;
  pool_harness h(settings);
  h.acquire(10s);
  h.fail(0);
  const time_point due = h.now + 2s;
  EXPECT_LE(h.core.next_deadline(), due);
  EXPECT_EQ(script(h.tick_at_deadlines_until(action_kind::fail)), "fail w1 connect_failed");
  EXPECT_EQ(h.now, due);
}

}  // namespace
}  // namespace kvpool::test

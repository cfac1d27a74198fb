// pool_core while connects fail: exponential backoff with one attempt at a time, the reset on
// success, and give_up_after.

#include <gtest/gtest.h>

#include "pool_core_harness.hpp"

namespace kvpool::test {
namespace {

TEST(PoolCoreBackoff, RetriesAfterEachWaitGrownByTheMultiplierUpToTheMax) {
  pool_settings settings = quiet_settings(1);
  settings.min_size = 1;
  settings.backoff_initial = 100ms;
  settings.backoff_multiplier = 2.0;
  settings.backoff_max = 350ms;
  pool_harness h(settings);
  EXPECT_EQ(script(h.start()), "connect 0");
  EXPECT_EQ(script(h.fail(0)), "warmed_up");
  for (const duration wait : {duration(100ms), duration(200ms), duration(350ms), duration(350ms)}) {
    SCOPED_TRACE(wait.count());
    h.advance(wait - 1ns);
    EXPECT_EQ(script(h.tick()), "");
    h.advance(1ns);
    EXPECT_EQ(script(h.tick()), "connect 0");
    EXPECT_EQ(script(h.fail(0)), "");
  }
  h.advance(350ms);
  EXPECT_EQ(script(h.tick()), "connect 0");
  EXPECT_EQ(script(h.succeed(0)), "");
  EXPECT_EQ(h.core.stats().connect_failures, 5U);

  // A success resets the backoff: the next failure waits backoff_initial again.
  EXPECT_EQ(script(h.release_broken(h.hold())), "close 0 broken, connect 0");
  EXPECT_EQ(script(h.fail(0)), "");
  h.advance(100ms - 1ns);
  EXPECT_EQ(script(h.tick()), "");
  h.advance(1ns);
  EXPECT_EQ(script(h.tick()), "connect 0");
}

TEST(PoolCoreBackoff, OneAttemptAtATimeWhileFailingHoweverManyWait) {
  pool_settings settings = quiet_settings(5);
  settings.min_size = 3;
  settings.warmup_batch = 3;
  settings.backoff_multiplier = 1.0;
  settings.backoff_initial = settings.backoff_max = 100ms;
  pool_harness h(settings);
  EXPECT_EQ(script(h.start()), "connect 0, connect 1, connect 2");
  EXPECT_EQ(script(h.fail_pending()), "warmed_up");
  for (int i = 0; i < 10; ++i) EXPECT_EQ(script(h.acquire(1min).actions), "");
  h.advance(100ms);
  EXPECT_EQ(script(h.tick()), "connect 2");
  h.advance(100ms);
  EXPECT_EQ(script(h.tick()), "") << "the attempt in flight is the only one";
  EXPECT_EQ(script(h.fail(2)), "");
  h.advance(100ms);
  EXPECT_EQ(script(h.tick()), "connect 2");
  // Success ends the streak: connects for the other waiters go out together, up to max_size.
  EXPECT_EQ(script(h.succeed(2)), "grant 2 to w1, connect 1, connect 0, connect 3, connect 4");
  EXPECT_EQ(h.core.stats().connect_attempts, 9U);
}

TEST(PoolCoreGiveUp, FailsWaitersWithConnectFailedThenTriesOncePerBackoffWhateverTheCallersDo) {
  pool_settings settings = quiet_settings(2);
  settings.backoff_initial = settings.backoff_max = 5s;  // no retry before giving up
  settings.give_up_after = 2s;
  pool_harness h(settings);
  EXPECT_EQ(script(h.acquire(10s).actions), "warmed_up, connect 0");
  EXPECT_EQ(script(h.acquire(10s).actions), "connect 1");
  EXPECT_EQ(script(h.fail(0)), "");
  EXPECT_EQ(script(h.fail(1)), "");
  h.advance(2s - 1ns);
  EXPECT_EQ(script(h.tick()), "");
  h.advance(1ns);
  EXPECT_EQ(script(h.tick()), "fail w1 connect_failed, fail w2 connect_failed");
  h.advance(3s);
  EXPECT_EQ(script(h.tick()), "") << "nothing wanted: no background retry";

  h.advance(1s);
  EXPECT_EQ(script(h.acquire(10s).actions), "connect 1") << "one fresh attempt, the backoff over";
  EXPECT_EQ(script(h.acquire(10s).actions), "") << "and only one";
  EXPECT_EQ(script(h.fail(1)), "fail w3 connect_failed, fail w4 connect_failed");

  // A caller retrying in a loop: each acquire fails at once, none opens a connection until the
  // backoff has passed (they once each opened one: a reconnect storm).
  const auto attempts = h.core.stats().connect_attempts;
  for (int i = 0; i < 10; ++i) {
    const auto call = h.acquire(10s);
    EXPECT_EQ(call.result.result, acquire_result::outcome::rejected);
    EXPECT_EQ(call.result.failure, error::connect_failed);
    EXPECT_EQ(script(call.actions), "");
    h.advance(100ms);
  }
  EXPECT_EQ(h.core.stats().connect_attempts, attempts);
  h.advance(4s);
  EXPECT_EQ(script(h.acquire(10s).actions), "connect 1") << "the backoff passed";
  EXPECT_EQ(script(h.succeed(1)), "grant 1 to w5");
  EXPECT_EQ(script(h.acquire(10s).actions), "connect 0") << "back to normal after a success";
  EXPECT_EQ(h.core.stats().timeouts, 14U);
}

// After give_up_after, an acquire opens one fresh attempt for its caller once the backoff
// allows; a tick() while that attempt is in flight must not fail the caller (nor leave
// next_deadline() in the past).
TEST(PoolCoreGiveUp, FreshAttemptAfterGivingUpServesItsCallerWhenATickComesFirst) {
  pool_settings settings = quiet_settings(1);
  settings.backoff_initial = settings.backoff_max = 5s;
  settings.give_up_after = 2s;
  pool_harness h(settings);
  h.acquire(10s);
  h.fail(0);
  h.advance(2s);
  EXPECT_EQ(script(h.tick()), "fail w1 connect_failed");
  h.advance(3s);
  EXPECT_EQ(script(h.acquire(10s).actions), "connect 0");
  h.advance(1ms);
  EXPECT_EQ(script(h.tick()), "") << "w2's own attempt is still in flight";
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
}

// A check (or ping) that never answers, as to a server stopped with SIGSTOP: at check_timeout
// the connection is closed, its place counts until the close is done, and the waiter it was
// checked for gets a new connection. Without the limit the waiter waited for TCP to give up.
TEST(PoolCoreCheckTimeout, AHungCheckIsClosedAtCheckTimeoutAndTheWaiterServedByANewConnection) {
  pool_settings settings = quiet_settings(1);
  settings.check_after_idle = 30s;
  settings.check_timeout = 1s;
  pool_harness h(settings);
  h.closes_finish_at_once = false;
  h.release(h.hold());
  h.advance(30s);
  const auto call = h.acquire(10s);
  EXPECT_EQ(script(call.actions), "check 0");
  EXPECT_LE(h.core.next_deadline(), h.now + 1s) << "the check's limit is armed when it starts";
  EXPECT_EQ(script(h.tick()), "");
  EXPECT_EQ(h.core.next_deadline(), h.now + 1s);
  h.advance(1s - 1ns);
  EXPECT_EQ(script(h.tick()), "");
  h.advance(1ns);
  EXPECT_EQ(script(h.tick()), "close 0 check_failed") << "no room for a replacement yet";
  EXPECT_EQ(h.core.stats().check_timeouts, 1U);
  EXPECT_EQ(script(h.disconnected(0)), "connect 0");
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
}

TEST(PoolCoreCheckTimeout, AKeepaliveThatHangsIsClosedAndMinSizeRefilled) {
  pool_settings settings = quiet_settings(2);
  settings.min_size = 1;
  settings.keepalive_interval = 10s;
  settings.check_timeout = 2s;
  pool_harness h(settings);
  h.start();
  h.succeed_pending();
  EXPECT_EQ(script(h.tick_at_deadlines_until(action_kind::check)), "check 0");
  EXPECT_EQ(script(h.tick_at_deadlines_until(action_kind::close)), "close 0 check_failed, connect 1");
}

// A close() while a check hangs completes once the check's limit passes: before check_timeout
// there was none, and async_close waited as long as the check.
TEST(PoolCoreCheckTimeout, CloseCompletesOnceAHungCheckTimesOut) {
  pool_settings settings = quiet_settings(1);
  settings.keepalive_interval = 10s;
  settings.check_timeout = 1s;
  pool_harness h(settings);
  h.release(h.hold());
  EXPECT_EQ(script(h.tick_at_deadlines_until(action_kind::check)), "check 0");
  EXPECT_EQ(script(h.close()), "");
  EXPECT_EQ(script(h.tick_at_deadlines_until(action_kind::closed)), "close 0 check_failed, closed");
}
}  // namespace
}  // namespace kvpool::test

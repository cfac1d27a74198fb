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

TEST(PoolCoreGiveUp, FailsWaitersWithConnectFailedAndThenTriesOnceForEachNewAcquire) {
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
  EXPECT_EQ(script(h.tick()), "") << "no background retries after giving up";

  h.advance(1s);
  EXPECT_EQ(script(h.acquire(10s).actions), "connect 1") << "one fresh attempt";
  EXPECT_EQ(script(h.acquire(10s).actions), "") << "and only one";
  EXPECT_EQ(script(h.fail(1)), "fail w3 connect_failed, fail w4 connect_failed");

  EXPECT_EQ(script(h.acquire(10s).actions), "connect 1");
  EXPECT_EQ(script(h.succeed(1)), "grant 1 to w5");
  EXPECT_EQ(script(h.acquire(10s).actions), "connect 0") << "back to normal after a success";
  EXPECT_EQ(h.core.stats().timeouts, 4U);
}

// After give_up_after, an acquire opens one fresh attempt for its caller; a tick() while that
// attempt is in flight must not fail the caller (nor leave next_deadline() in the past).
TEST(PoolCoreGiveUp, FreshAttemptAfterGivingUpServesItsCallerWhenATickComesFirst) {
  pool_settings settings = quiet_settings(1);
  settings.backoff_initial = settings.backoff_max = 5s;
  settings.give_up_after = 2s;
  pool_harness h(settings);
  h.acquire(10s);
  h.fail(0);
  h.advance(2s);
  EXPECT_EQ(script(h.tick()), "fail w1 connect_failed");
  h.advance(1s);
  EXPECT_EQ(script(h.acquire(10s).actions), "connect 0");
  h.advance(1ms);
  EXPECT_EQ(script(h.tick()), "") << "w2's own attempt is still in flight";
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
}

}  // namespace
}  // namespace kvpool::test

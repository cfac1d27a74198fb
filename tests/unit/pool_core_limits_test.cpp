// pool_core at its limits: durations of kvpool::never and near the end of time, the places
// closing connections keep until their close is done, and the sizing arithmetic.

#include <vector>

#include <gtest/gtest.h>

#include "kvpool/saturating_time.hpp"
#include "pool_core_harness.hpp"

namespace kvpool::test {
namespace {

TEST(SaturatingTime, LaterSaturatesAtTheEndOfTimeAndTreatsNegativeAsZero) {
  const time_point t{std::chrono::hours(1)};
  EXPECT_EQ(later(t, never), time_point::max());
  EXPECT_EQ(later(t, duration::max() - duration(std::chrono::hours(1))), time_point::max());
  EXPECT_EQ(later(t, 5s), t + 5s);
  EXPECT_EQ(later(t, -5s), t);
  EXPECT_EQ(later(time_point::max(), 1ns), time_point::max());
}

// now + timeout wrapped for nanoseconds::max(): the deadline lay in the past and the waiter
// failed at the first tick.
TEST(PoolCoreNever, AnAcquireThatWaitsForeverNeverTimesOut) {
  pool_harness h(quiet_settings(1));
  const slot_id held = h.hold();
  const auto call = h.acquire(never);
  EXPECT_EQ(call.result.result, acquire_result::outcome::waiting);
  EXPECT_EQ(script(h.tick()), "");
  EXPECT_EQ(h.core.next_deadline(), time_point::max());
  h.advance(std::chrono::hours(24 * 365));
  EXPECT_EQ(script(h.tick()), "");
  EXPECT_EQ(script(h.release(held)), "grant 0 to w2");
}

// As "never", max() made the timer re-arm in the past and spin.
TEST(PoolCoreNever, NeverAsEveryThresholdAsksForNoTick) {
  pool_settings settings = quiet_settings(2);
  settings.min_size = 1;
  settings.idle_timeout = settings.max_lifetime = settings.keepalive_interval =
      settings.check_after_idle = settings.leak_threshold = never;
  for (const handout_clock clock : {handout_clock::fresh, handout_clock::latest_reading}) {
    pool_harness h(settings, clock);
    h.start();
    h.succeed_pending();
    const slot_id held = h.hold();
    EXPECT_EQ(script(h.tick()), "");
    EXPECT_EQ(h.core.next_deadline(), time_point::max()) << "nothing is ever due";
    h.advance(std::chrono::hours(1000));
    EXPECT_EQ(script(h.tick()), "") << "no leak, no retirement, no ping, no check";
    EXPECT_EQ(script(h.release(held)), "");
    EXPECT_EQ(h.try_acquire().conn, held) << "handed out without a check";
  }
}

TEST(PoolCoreNever, AHugeBackoffMultiplierStopsAtBackoffMax) {
  pool_settings settings = quiet_settings(1);
  settings.backoff_initial = 1s;
  settings.backoff_multiplier = 1e300;
  settings.backoff_max = never;
  pool_harness h(settings);
  h.acquire(never);
  h.fail(0);
  h.advance(1s);
  EXPECT_EQ(script(h.tick()), "connect 0");
  EXPECT_EQ(script(h.fail(0)), "");
  EXPECT_EQ(script(h.tick()), "");
  EXPECT_EQ(h.core.next_deadline(), time_point::max()) << "the next attempt is never";
}

// A connection being closed counts towards max_size until its close is reported done: the
// replacement for a waiter opens only then, so the server never sees max_size + 1.
TEST(PoolCoreClosing, AClosingConnectionKeepsItsPlaceUntilItsCloseIsDone) {
  pool_harness h(quiet_settings(1));
  h.closes_finish_at_once = false;
  const slot_id held = h.hold();
  h.acquire();
  EXPECT_EQ(script(h.release_broken(held)), "close 0 broken") << "no room for the waiter yet";
  EXPECT_EQ(h.core.stats().closing, 1U);
  EXPECT_EQ(h.core.stats().occupied(), 1U);
  EXPECT_EQ(script(h.disconnected(held)), "connect 0");
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w2");
}

TEST(PoolCoreClosing, CloseIsReportedOnlyOnceEveryCloseIsDone) {
  pool_settings settings = quiet_settings(2);
  settings.min_size = 2;
  pool_harness h(settings);
  h.closes_finish_at_once = false;
  h.start();
  h.succeed_pending();
  EXPECT_EQ(script(h.close()), "close 1 pool_closed, close 0 pool_closed");
  EXPECT_EQ(script(h.disconnected(1)), "");
  EXPECT_EQ(script(h.disconnected(0)), "closed");
}

struct sizing_case {
  pool_occupancy now;
  std::size_t min_size, max_size, warmup_batch;
  std::size_t expected;
};

TEST(PoolSizing, ConnectionsToOpen) {
  // open, connecting, checking, closing, waiting | min, max, batch | expected
  const std::vector<sizing_case> cases = {
      {{0, 0, 0, 0, 0}, 0, 4, 5, 0},  // nothing wanted
      {{0, 0, 0, 0, 0}, 3, 4, 5, 3},  // fill to min_size
      {{0, 0, 0, 0, 0}, 7, 10, 3, 3},  // in batches
      {{0, 2, 0, 0, 0}, 7, 10, 3, 1},  // a batch has room for one more
      {{0, 3, 0, 0, 0}, 7, 10, 3, 0},  // a full batch
      {{0, 3, 0, 0, 5}, 7, 10, 3, 2},  // waiters beyond the connects in flight, whatever the batch
      {{2, 0, 2, 0, 3}, 0, 10, 5, 1},  // checks in flight cover waiters
      {{3, 0, 0, 0, 4}, 0, 4, 5, 1},   // up to max_size
      {{3, 0, 0, 1, 4}, 0, 4, 5, 0},   // a closing connection keeps its place
      {{1, 0, 0, 1, 0}, 3, 4, 5, 2},   // min_size counts open ones only, max_size closing too
      {{4, 0, 0, 0, 9}, 0, 4, 5, 0},   // at max_size
  };
  for (const sizing_case& c : cases) {
    pool_settings settings = quiet_settings(c.max_size);
    settings.min_size = c.min_size;
    settings.warmup_batch = c.warmup_batch;
    EXPECT_EQ(connections_to_open(c.now, settings), c.expected)
        << "open " << c.now.open << " connecting " << c.now.connecting << " checking "
        << c.now.checking << " closing " << c.now.closing << " waiting " << c.now.waiting;
  }
}

}  // namespace
}  // namespace kvpool::test

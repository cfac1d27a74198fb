// pool_core's life: settings validation, start() warming up to min_size, the warmed_up report,
// and close().

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <boost/system/system_error.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pool_core_harness.hpp"

namespace kvpool::test {
namespace {

using ::testing::HasSubstr;

struct bad_setting {
  std::string named;  // the message must name the value
  std::function<void(pool_settings&)> spoil;
};

TEST(PoolCoreSettings, RejectsEachBadValueWithInvalidConfigNamingIt) {
  const std::vector<bad_setting> cases = {
      {"max_size", [](pool_settings& s) { s.max_size = 0; }},
      {"min_size (3) exceeds max_size (2)",
       [](pool_settings& s) {
         s.min_size = 3;
         s.max_size = 2;
       }},
      {"acquire_timeout", [](pool_settings& s) { s.acquire_timeout = 0s; }},
      {"acquire_timeout", [](pool_settings& s) { s.acquire_timeout = -1s; }},
      {"idle_timeout", [](pool_settings& s) { s.idle_timeout = -1ns; }},
      {"max_lifetime", [](pool_settings& s) { s.max_lifetime = -1s; }},
      {"check_after_idle", [](pool_settings& s) { s.check_after_idle = -1s; }},
      {"keepalive_interval", [](pool_settings& s) { s.keepalive_interval = -1s; }},
      {"give_up_after", [](pool_settings& s) { s.give_up_after = -1s; }},
      {"leak_threshold", [](pool_settings& s) { s.leak_threshold = -1s; }},
      {"backoff_initial", [](pool_settings& s) { s.backoff_initial = 0s; }},
      {"backoff_max",
       [](pool_settings& s) {
         s.backoff_initial = 2s;
         s.backoff_max = 1s;
       }},
      {"backoff_multiplier", [](pool_settings& s) { s.backoff_multiplier = 0.5; }},
      {"backoff_multiplier",
       [](pool_settings& s) { s.backoff_multiplier = std::numeric_limits<double>::quiet_NaN(); }},
      {"backoff_multiplier",
       [](pool_settings& s) { s.backoff_multiplier = std::numeric_limits<double>::infinity(); }},
      {"check_timeout", [](pool_settings& s) { s.check_timeout = 0s; }},
      {"check_timeout", [](pool_settings& s) { s.check_timeout = -1ms; }},
      {"max_size (4294967295) must be at most", [](pool_settings& s) { s.max_size = UINT32_MAX; }},
      {"warmup_batch", [](pool_settings& s) { s.warmup_batch = 0; }},
  };
  for (const bad_setting& bad : cases) {
    SCOPED_TRACE(bad.named);
    pool_settings settings;
    bad.spoil(settings);
    try {
      pool_core core(settings);
      ADD_FAILURE() << "accepted";
    } catch (const boost::system::system_error& e) {
      EXPECT_EQ(e.code(), make_error_code(error::invalid_config));
      EXPECT_THAT(e.what(), HasSubstr(bad.named));
    }
  }
}

TEST(PoolCoreSettings, AcceptsDefaultsBoundariesAndZeroToSwitchFeaturesOff) {
  EXPECT_NO_THROW(pool_core{pool_settings{}});
  pool_settings edge;
  edge.min_size = edge.max_size = 1;
  edge.backoff_multiplier = 1.0;
  edge.backoff_max = edge.backoff_initial;
  edge.warmup_batch = 1;
  EXPECT_NO_THROW(pool_core{edge});
  pool_settings off = quiet_settings();
  off.keepalive_interval = off.give_up_after = off.leak_threshold = 0s;
  EXPECT_NO_THROW(pool_core{off});
  pool_settings endless;
  endless.acquire_timeout = endless.check_timeout = endless.idle_timeout = endless.max_lifetime =
      endless.check_after_idle = endless.keepalive_interval = endless.give_up_after =
          endless.leak_threshold = endless.backoff_max = never;
  EXPECT_NO_THROW(pool_core{endless});
}

TEST(PoolCoreStart, OpensMinSizeInBatchesOfWarmupBatch) {
  pool_settings settings = quiet_settings(10);
  settings.min_size = 7;
  settings.warmup_batch = 3;
  pool_harness h(settings);
  EXPECT_EQ(script(h.start()), "connect 0, connect 1, connect 2");
  // Each completion makes room in the batch for one more, until min_size is open or connecting.
  EXPECT_EQ(script(h.succeed(0)), "connect 3");
  EXPECT_EQ(script(h.succeed(1)), "connect 4");
  EXPECT_EQ(script(h.succeed(2)), "connect 5");
  EXPECT_EQ(script(h.succeed(3)), "connect 6");
  EXPECT_EQ(script(h.succeed(4)), "");
  EXPECT_EQ(script(h.succeed(5)), "");
  EXPECT_EQ(script(h.succeed(6)), "warmed_up");
  EXPECT_EQ(h.core.stats().idle, 7U);
  EXPECT_EQ(h.core.stats().created, 7U);
  EXPECT_EQ(script(h.start()), "") << "a second start does nothing";
}

TEST(PoolCoreStart, WarmedUpIsReportedOnceWhenMinSizeIsOpen) {
  pool_settings settings = quiet_settings(3);
  settings.min_size = 2;
  pool_harness h(settings);
  EXPECT_EQ(script(h.start()), "connect 0, connect 1");
  EXPECT_EQ(script(h.succeed(0)), "");
  EXPECT_EQ(script(h.succeed(1)), "warmed_up");
  // Dropping below min_size and refilling reports nothing more.
  const slot_id conn = h.hold();
  // The replacement takes another slot: the closed one counts until its close is done.
  EXPECT_EQ(script(h.release_broken(conn)), "close 1 broken, connect 2");
  EXPECT_EQ(script(h.succeed(2)), "");
}

TEST(PoolCoreStart, WarmedUpIsReportedAtTheFirstConnectFailure) {
  pool_settings settings = quiet_settings(3);
  settings.min_size = 3;
  pool_harness h(settings);
  EXPECT_EQ(script(h.start()), "connect 0, connect 1, connect 2");
  EXPECT_EQ(script(h.fail(1)), "warmed_up");
  EXPECT_EQ(script(h.fail(0)), "");
  // A success ends the failing streak: the refill to min_size resumes at once.
  EXPECT_EQ(script(h.succeed(2)), "connect 0, connect 1");
}

TEST(PoolCoreStart, WithoutMinSizeIsWarmedUpAtOnce) {
  pool_harness h(quiet_settings());
  EXPECT_EQ(script(h.start()), "warmed_up");
}

TEST(PoolCoreStart, FirstAcquireStartsThePool) {
  pool_settings settings = quiet_settings(3);
  settings.min_size = 2;
  pool_harness h(settings);
  const auto first = h.acquire();
  EXPECT_EQ(first.result.result, acquire_result::outcome::waiting);
  // The warm-up connects serve the waiter: no third connect.
  EXPECT_EQ(script(first.actions), "connect 0, connect 1");
  EXPECT_EQ(script(h.succeed(0)), "grant 0 to w1");
  EXPECT_EQ(script(h.succeed(1)), "warmed_up");
}

TEST(PoolCoreStart, TryAcquireDoesNotStartThePool) {
  pool_settings settings = quiet_settings();
  settings.min_size = 1;
  pool_harness h(settings);
  const auto tried = h.try_acquire();
  EXPECT_FALSE(tried.conn.has_value());
  EXPECT_EQ(script(tried.actions), "");
  EXPECT_EQ(h.core.stats().connect_attempts, 0U);
}

TEST(PoolCoreClose, FailsWaitersClosesBusyOnReleaseAndConnectingOnCompletion) {
  pool_harness h(quiet_settings(2));
  const slot_id busy = h.hold();
  const auto waiting = h.acquire();
  EXPECT_EQ(script(waiting.actions), "connect 1");
  EXPECT_EQ(script(h.close()), "fail w2 pool_closed");
  EXPECT_TRUE(h.core.is_closed());

  const auto rejected = h.acquire();
  EXPECT_EQ(rejected.result.result, acquire_result::outcome::rejected);
  EXPECT_EQ(rejected.result.failure, error::pool_closed);
  EXPECT_EQ(script(rejected.actions), "");

  EXPECT_EQ(script(h.succeed(1)), "close 1 pool_closed");
  EXPECT_EQ(script(h.release(busy)), "close 0 pool_closed, closed");
  EXPECT_EQ(script(h.tick()), "");
  EXPECT_EQ(script(h.close()), "") << "closed is reported once";
  const pool_stats stats = h.core.stats();
  EXPECT_EQ(stats.closed[static_cast<std::size_t>(close_reason::pool_closed)], 2U);
  EXPECT_EQ(stats.open() + stats.connecting, 0U);
  EXPECT_EQ(stats.timeouts, 0U) << "pool_closed is not a timeout";
}

TEST(PoolCoreClose, ClosesIdleConnectionsAtOnce) {
  pool_settings settings = quiet_settings();
  settings.min_size = 2;
  pool_harness h(settings);
  h.start();
  h.succeed_pending();
  EXPECT_EQ(script(h.close()), "close 1 pool_closed, close 0 pool_closed, closed");
  EXPECT_EQ(h.core.stats().idle, 0U);
  EXPECT_FALSE(h.try_acquire().conn.has_value());
}

TEST(PoolCoreClose, ReportsWarmedUpWhenClosedBeforeMinSizeAndClosedWhenConnectsFail) {
  pool_settings settings = quiet_settings();
  settings.min_size = 2;
  pool_harness h(settings);
  h.start();
  EXPECT_EQ(script(h.close()), "warmed_up");
  EXPECT_EQ(script(h.fail(0)), "");
  EXPECT_EQ(script(h.fail(1)), "closed");
  EXPECT_EQ(script(h.tick()), "") << "no retry after close";
}

// Its async_connect completes (with pool_closed), where it once waited for ever.
TEST(PoolCoreClose, NeverStartedPoolIsClosedAtOnceAndReportsWarmedUp) {
  pool_harness h(quiet_settings());
  EXPECT_EQ(script(h.close()), "warmed_up, closed");
  EXPECT_EQ(script(h.start()), "") << "a closed pool does not start";
}

TEST(PoolCoreClose, BrokenReleaseAfterCloseKeepsItsReason) {
  pool_harness h(quiet_settings());
  const slot_id conn = h.hold();
  h.close();
  EXPECT_EQ(script(h.release_broken(conn)), "close 0 broken, closed");
}

TEST(PoolCoreClose, ConnectionBeingCheckedIsClosedWhenItsCheckEnds) {
  pool_settings settings = quiet_settings();
  settings.check_after_idle = 10s;
  pool_harness h(settings);
  const std::vector<slot_id> conns = h.hold(2);
  h.release(conns[0]);
  h.release(conns[1]);
  h.advance(10s);
  EXPECT_EQ(script(h.acquire().actions), "check 1");
  EXPECT_EQ(script(h.close()), "fail w3 pool_closed, close 0 pool_closed");
  EXPECT_EQ(script(h.check_done(1, true)), "close 1 pool_closed, closed");
}

}  // namespace
}  // namespace kvpool::test

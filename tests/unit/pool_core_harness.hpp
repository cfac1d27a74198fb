#pragma once
// Drives pool_core by hand: virtual time the test advances, each call's actions returned (and
// readable as a script such as "connect 0, grant 0 to w1"), connects and checks carried out on
// demand, and the pool's invariants checked after every call against the harness's own record of
// who holds what, so a test fails at the first call that breaks one.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/system/errc.hpp>
#include <gtest/gtest.h>

#include "kvpool/pool_core.hpp"

namespace kvpool::test {

using namespace std::chrono_literals;
using time_point = pool_core::time_point;
using duration = pool_core::duration;

// Every timed feature off, so each test turns on only what it exercises.
inline pool_settings quiet_settings(std::size_t max_size = 2) {
  pool_settings settings;
  settings.min_size = 0;
  settings.max_size = max_size;
  settings.idle_timeout = 0s;
  settings.max_lifetime = 0s;
  settings.check_after_idle = 0s;
  return settings;
}

inline std::string script(const pool_actions& actions) { return to_string(actions); }

inline std::vector<slot_id> connects_in(const pool_actions& actions) {
  std::vector<slot_id> conns;
  for (const pool_action& action : actions) {
    if (action.kind() == action_kind::connect) conns.push_back(action.conn());
  }
  return conns;
}

inline std::size_t count_of(const pool_actions& actions, action_kind kind) {
  return static_cast<std::size_t>(std::count_if(
      actions.begin(), actions.end(), [kind](const pool_action& a) { return a.kind() == kind; }));
}

// The connection granted to `waiter` in `actions`, if any.
inline std::optional<slot_id> granted_to(const pool_actions& actions, waiter_id waiter) {
  for (const pool_action& action : actions) {
    if (action.kind() == action_kind::grant && action.waiter() == waiter) return action.conn();
  }
  return std::nullopt;
}

// The error `waiter` failed with in `actions`, if any.
inline std::optional<error> failure_of(const pool_actions& actions, waiter_id waiter) {
  for (const pool_action& action : actions) {
    if (action.kind() == action_kind::fail && action.waiter() == waiter) return action.failure();
  }
  return std::nullopt;
}

inline void append(pool_actions& to, const pool_actions& more) {
  to.insert(to.end(), more.begin(), more.end());
}

inline const boost::system::error_code refused =
    boost::system::errc::make_error_code(boost::system::errc::connection_refused);

class pool_harness {
 public:
  struct acquired {
    acquire_result result;
    pool_actions actions;
  };
  struct tried {
    std::optional<slot_id> conn;
    pool_actions actions;
  };
  struct cancelled {
    bool removed;
    pool_actions actions;
  };

  explicit pool_harness(pool_settings settings, handout_clock clock = handout_clock::fresh)
      : core(settings, clock) {}

  pool_core core;
  // Whether each close the core asks for is reported done at once (its disconnected() actions
  // then follow the close's in the same list), as a caller whose closes never lag would.
  bool closes_finish_at_once = true;
  // Away from the epoch, so a zero time_point used as "unset" in the core cannot pass for "now".
  time_point now{std::chrono::hours(1)};

  void advance(duration by) { now += by; }

  pool_actions run(const std::function<void(pool_actions&)>& call) {
    pool_actions out;
    call(out);
    return finish(std::move(out));
  }

  pool_actions start() {
    return run([&](pool_actions& out) { core.start(now, out); });
  }
  pool_actions tick() {
    return run([&](pool_actions& out) { core.tick(now, out); });
  }
  pool_actions close() {
    return run([&](pool_actions& out) { core.close(now, out); });
  }

  acquired acquire(duration timeout = 5s) {
    acquired call{core.acquire(now, timeout, pending_out_), {}};
    if (call.result.result == acquire_result::outcome::granted) note_held(call.result.conn);
    if (call.result.result == acquire_result::outcome::waiting) waiting_.insert(call.result.waiter);
    call.actions = take_pending_out();
    return call;
  }

  tried try_acquire() {
    tried call{{}, {}};
    if (const slot_id conn = core.try_acquire(now, pending_out_); conn != no_slot) {
      call.conn = conn;
      note_held(conn);
    }
    call.actions = take_pending_out();
    return call;
  }

  // Each report below checks that the core asked for it first, and skips a call the core would
  // reject with an assertion, so one wrong action fails the test instead of aborting the run.
  pool_actions release(slot_id conn, reuse how = reuse::as_is) {
    if (!take(held_, conn, "release of a connection nobody holds")) return {};
    return run([&](pool_actions& out) { core.release(conn, how, now, out); });
  }
  pool_actions release_broken(slot_id conn) { return release(conn, reuse::never); }
  pool_actions release_dirty(slot_id conn) { return release(conn, reuse::after_check); }
  pool_actions detach(slot_id conn) {
    if (!take(held_, conn, "detach of a connection nobody holds")) return {};
    return run([&](pool_actions& out) { core.detach(conn, now, out); });
  }
  // A close the core asked for is done (with closes_finish_at_once off).
  pool_actions disconnected(slot_id conn) {
    if (!take(pending_closes_, conn, "close not asked for")) return {};
    return run([&](pool_actions& out) { core.disconnected(conn, now, out); });
  }

  cancelled cancel(waiter_id waiter) {
    cancelled call{core.cancel(waiter, now, pending_out_), {}};
    EXPECT_EQ(call.removed, waiting_.erase(waiter) == 1)
        << "cancel(w" << waiter << ") disagrees with the waiters the harness saw";
    call.actions = take_pending_out();
    return call;
  }

  // Carrying out a connect action: it succeeded or failed.
  pool_actions succeed(slot_id conn) {
    if (!take(pending_connects_, conn, "connect not asked for")) return {};
    return run([&](pool_actions& out) { core.connected(conn, now, out); });
  }
  pool_actions fail(slot_id conn) {
    if (!take(pending_connects_, conn, "connect not asked for")) return {};
    return run([&](pool_actions& out) { core.connect_failed(conn, refused, now, out); });
  }
  // Every connect not carried out yet, lowest slot first.
  pool_actions succeed_pending() {
    return for_each(pending_connects_, [&](slot_id c) { return succeed(c); });
  }
  pool_actions fail_pending() {
    return for_each(pending_connects_, [&](slot_id c) { return fail(c); });
  }

  pool_actions check_done(slot_id conn, bool healthy) {
    if (!take(pending_checks_, conn, "check not asked for")) return {};
    return run([&](pool_actions& out) { core.check_done(conn, healthy, now, out); });
  }
  // Every check not carried out yet, lowest slot first.
  pool_actions check_pending(bool healthy) {
    return for_each(pending_checks_, [&](slot_id c) { return check_done(c, healthy); });
  }

  // The connections the test holds, as the harness saw them handed out.
  const std::set<slot_id>& held() const noexcept { return held_; }

  // A connection for the test to hold, opened if need be; every open connect is carried out.
  slot_id hold() {
    const acquired call = acquire();
    if (call.result.result == acquire_result::outcome::granted) return call.result.conn;
    EXPECT_EQ(call.result.result, acquire_result::outcome::waiting);
    const std::optional<slot_id> conn = granted_to(succeed_pending(), call.result.waiter);
    EXPECT_TRUE(conn.has_value()) << "w" << call.result.waiter << " got no connection";
    return conn.value_or(0);
  }
  std::vector<slot_id> hold(std::size_t count) {
    std::vector<slot_id> conns;
    for (std::size_t i = 0; i < count; ++i) conns.push_back(hold());
    return conns;
  }

  // Ticks at each next_deadline(), never going back in time, as a timer-driven caller would,
  // until an action of `kind` shows; empty if none did within `max_ticks`.
  pool_actions tick_at_deadlines_until(action_kind kind, int max_ticks = 20) {
    for (int i = 0; i < max_ticks && core.next_deadline() != time_point::max(); ++i) {
      now = std::max(now, core.next_deadline());
      pool_actions out = tick();
      if (count_of(out, kind) > 0) return out;
    }
    return {};
  }

  // The most connections open or connecting at once so far.
  std::size_t peak_size() const noexcept { return peak_size_; }

 private:
  pool_actions take_pending_out() {
    pool_actions out;
    out.swap(pending_out_);
    return finish(std::move(out));
  }

  // Observes a call's actions, then reports its closes done when they finish at once.
  pool_actions finish(pool_actions out) {
    observe(out);
    if (!closes_finish_at_once) return out;
    const pool_actions first = out;
    for (const pool_action& action : first) {
      if (action.kind() != action_kind::close) continue;
      pending_closes_.erase(action.conn());
      pool_actions more;
      core.disconnected(action.conn(), now, more);
      append(out, finish(std::move(more)));
    }
    return out;
  }

  void note_held(slot_id conn) {
    EXPECT_TRUE(held_.insert(conn).second) << "connection " << conn << " handed out twice";
  }

  static bool take(std::set<slot_id>& from, slot_id conn, const char* otherwise) {
    const bool found = from.erase(conn) == 1;
    EXPECT_TRUE(found) << otherwise << ": " << conn;
    return found;
  }

  // Takes a copy: carrying one out changes the set it came from.
  static pool_actions for_each(std::set<slot_id> conns,
                               const std::function<pool_actions(slot_id)>& carry_out) {
    pool_actions out;
    for (const slot_id conn : conns) append(out, carry_out(conn));
    return out;
  }

  void observe(const pool_actions& actions) {
    const std::string context = "after actions [" + script(actions) + "]";
    for (const pool_action& action : actions) {
      switch (action.kind()) {
        case action_kind::connect:
          EXPECT_TRUE(pending_connects_.insert(action.conn()).second) << "connect twice; " << context;
          break;
        case action_kind::check:
          EXPECT_TRUE(pending_checks_.insert(action.conn()).second) << "check twice; " << context;
          break;
        case action_kind::grant:
          EXPECT_EQ(waiting_.erase(action.waiter()), 1U) << "grant to a waiter not waiting; " << context;
          EXPECT_FALSE(closed_serials_.contains(action.serial()))
              << "granted a closed connection; " << context;
          note_held(action.conn());
          break;
        case action_kind::fail:
          EXPECT_EQ(waiting_.erase(action.waiter()), 1U) << "fail of a waiter not waiting; " << context;
          break;
        case action_kind::close:
          EXPECT_FALSE(held_.contains(action.conn())) << "closed a held connection; " << context;
          EXPECT_TRUE(pending_closes_.insert(action.conn()).second) << "closed twice; " << context;
          pending_checks_.erase(action.conn());  // a check in flight is interrupted
          closed_serials_.insert(action.serial());
          break;
        default:
          break;
      }
    }
    const pool_stats stats = core.stats();
    const std::size_t size = stats.occupied();
    peak_size_ = std::max(peak_size_, size);
    EXPECT_LE(size, core.settings().max_size) << "open + connecting + closing above max_size; " << context;
    EXPECT_EQ(stats.connecting, pending_connects_.size()) << context;
    EXPECT_EQ(stats.checking, pending_checks_.size()) << context;
    EXPECT_EQ(stats.active, held_.size()) << context;
    EXPECT_EQ(stats.waiting, waiting_.size()) << context;
  }

  pool_actions pending_out_;
  std::set<slot_id> pending_connects_;
  std::set<slot_id> pending_checks_;
  std::set<slot_id> pending_closes_;
  std::set<slot_id> held_;
  std::set<waiter_id> waiting_;
  std::set<std::uint64_t> closed_serials_;
  std::size_t peak_size_ = 0;
};

}  // namespace kvpool::test

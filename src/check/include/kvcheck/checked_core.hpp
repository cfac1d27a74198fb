#pragma once
// A pool_core with its invariants checked after every call. Drive it as you would the core (on
// virtual time: pass the times yourself); it keeps a record of what the pool must respect (who
// holds which connection since when, who waits in which order until when, which connects,
// checks and closes are pending, when each connection was last verified) and notes a violation
// whenever a call breaks one:
//
//   max_size        open + connecting + closing never exceeds max_size
//   exclusive       a connection is never handed to two holders at once
//   not_reissued    a connection released as broken is closed at once; one closed is never
//                   handed out again
//   checked_handout a connection is handed out only if it was verified (connected, returned as
//                   is, or checked healthy) within check_after_idle, and, when its holder
//                   returned it asking for a check, only after that check passed
//   lifetime        no connection older than max_lifetime is handed out
//   fifo            waiters are granted connections in the order they asked
//   no_lost_wakeup  nobody waits while an idle connection needs no check; idle ones that need
//                   one may wait out a waiter only while every waiter has a check or connect
//                   in flight
//   timeout_early   no waiter times out before its deadline
//   timeout_lost    after tick(now) no waiter is left past its deadline
//   timeout_unserved  no waiter times out while the pool could have served it (room under
//                   max_size, no connect failing, yet no connect in flight)
//   deadline        next_deadline() is never later than a waiter's deadline, from the call that
//                   queued it on; after tick(now) it lies after now (no spin)
//   check_due       with handout_clock::latest_reading, next_deadline() is no later than the
//                   moment an idle connection falls due for its health check
//   check_timeout   after tick(now), no check has been in flight for check_timeout or longer
//   idle_floor      idle_timeout never closes a connection that takes the pool below min_size
//   backoff         while connects fail: one attempt at a time, never before the backoff
//                   (initial, times the multiplier after each failure, at most backoff_max)
//   after_close     no connect is started once close() was called
//   warmed_up       warmed_up is reported at most once
//   leak            a leak is reported once per hold, never before leak_threshold
//   close_fails_waiters  close() fails every waiter at once, with pool_closed
//   actions         every action names a connection in the right state (a connect for a free
//                   slot, no close of a held connection...)
//   stats           stats() agrees with the record; created == closed + open
//   closed          after close(), "closed" is reported once nothing is open, connecting or
//                   closing
//
// Violations are collected, not thrown, so any test framework (gtest, rapidcheck, a fuzzer)
// decides what to do with them. No I/O, no clock, no threads.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kvpool/pool_core.hpp"

namespace kvcheck {

struct violation {
  std::string invariant;  // one of the names above
  std::string detail;     // what happened, with the call that did it
};

class checked_core {
 public:
  using time_point = kvpool::pool_core::time_point;
  using duration = kvpool::pool_core::duration;

  struct waiting {
    kvpool::waiter_id id;
    time_point deadline;
  };

  explicit checked_core(kvpool::pool_settings settings,
                        kvpool::handout_clock clock = kvpool::handout_clock::fresh);

  // The core's calls; each returns the actions the caller must carry out.
  const kvpool::pool_actions& start(time_point now);
  // The outcome, and the actions in last_actions().
  kvpool::acquire_result acquire(time_point now, duration timeout);
  std::optional<kvpool::slot_id> try_acquire(time_point now);
  const kvpool::pool_actions& release(kvpool::slot_id conn, kvpool::reuse how, time_point now);
  const kvpool::pool_actions& detach(kvpool::slot_id conn, time_point now);
  bool cancel(kvpool::waiter_id waiter, time_point now);
  const kvpool::pool_actions& connected(kvpool::slot_id conn, time_point now);
  const kvpool::pool_actions& connect_failed(kvpool::slot_id conn, time_point now);
  const kvpool::pool_actions& check_done(kvpool::slot_id conn, bool healthy, time_point now);
  const kvpool::pool_actions& disconnected(kvpool::slot_id conn, time_point now);
  const kvpool::pool_actions& tick(time_point now);
  const kvpool::pool_actions& close(time_point now);

  const kvpool::pool_actions& last_actions() const noexcept { return actions_; }
  const kvpool::pool_core& core() const noexcept { return core_; }

  // The record, for a driver choosing its next call.
  const std::set<kvpool::slot_id>& held() const noexcept { return held_; }
  const std::set<kvpool::slot_id>& pending_connects() const noexcept { return pending_connects_; }
  const std::set<kvpool::slot_id>& pending_checks() const noexcept { return pending_checks_; }
  const std::set<kvpool::slot_id>& pending_closes() const noexcept { return pending_closes_; }
  const std::deque<waiting>& waiters() const noexcept { return waiters_; }
  // Every waiter id handed out so far, those granted, failed or cancelled included: a driver
  // cancels stale ones too.
  kvpool::waiter_id last_waiter() const noexcept { return last_waiter_; }
  std::uint64_t leak_reports() const noexcept { return leak_reports_; }

  // Once everything was released, every connect, check and close resolved and close() called:
  // the pool must have closed everything it opened. Adds violations if not.
  void check_drained();

  const std::vector<violation>& violations() const noexcept { return violations_; }
  bool ok() const noexcept { return violations_.empty(); }
  // Every violation, one per line.
  std::string report() const;

 private:
  // What the record knows of a connection, from its connect to the report of its close.
  struct connection_record {
    std::uint64_t serial = 0;
    time_point connected_at{};
    time_point verified_at{};
    time_point held_since{};
    time_point check_started{};
    bool check_owed = false;     // returned asking for a check, not yet checked healthy
    bool leak_reported = false;  // in this hold
  };

  template <typename Call>
  const kvpool::pool_actions& step(const std::string& name, time_point now, Call call);
  // Checks the call's actions and the state it left; `before`: the stats before the call.
  void observe(const std::string& call, time_point now, const kvpool::pool_stats& before);
  void observe_connect(const std::string& context, const kvpool::pool_action& action, time_point now);
  void hand_out(kvpool::slot_id conn, std::uint64_t serial, time_point now, const std::string& context);
  void check_waiting(const std::string& context, time_point now, const kvpool::pool_stats& s);
  void check_deadlines(const std::string& context, time_point now);
  // Takes conn out of `from`, where the call needs it; if it is not there, notes the call as out
  // of turn, and the caller skips it (skipped(): no actions).
  bool take(std::set<kvpool::slot_id>& from, kvpool::slot_id conn, const std::string& call,
            const char* otherwise);
  const kvpool::pool_actions& skipped();
  void fail(const char* invariant, const std::string& detail);

  kvpool::pool_core core_;
  kvpool::pool_actions actions_;
  std::set<kvpool::slot_id> held_;
  std::set<kvpool::slot_id> pending_connects_;
  std::set<kvpool::slot_id> pending_checks_;
  std::set<kvpool::slot_id> pending_closes_;
  std::map<kvpool::slot_id, connection_record> connections_;  // connecting, open or closing
  const bool ticks_when_checks_fall_due_;
  std::set<std::uint64_t> closed_serials_;
  std::deque<waiting> waiters_;  // in the order they asked
  kvpool::waiter_id last_waiter_ = 0;
  // Connects failing in a row: the backoff the pool must wait out before its next attempt.
  bool connect_failing_ = false;
  duration backoff_{0};
  time_point next_connect_allowed_{};
  bool close_called_ = false;
  bool closed_reported_ = false;
  int warmed_up_reports_ = 0;
  std::uint64_t leak_reports_ = 0;
  std::vector<violation> violations_;
};

}  // namespace kvcheck

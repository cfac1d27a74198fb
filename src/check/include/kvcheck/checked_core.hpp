#pragma once
// A pool_core with its invariants checked after every call. Drive it as you would the core (on
// virtual time: pass the times yourself); it keeps a record of what the pool must respect (who
// holds which connection, who waits in which order until when, which connects and checks are
// pending) and notes a violation whenever a call breaks one:
//
//   max_size        open + connecting never exceeds max_size
//   exclusive       a connection is never handed to two holders at once
//   not_reissued    a connection released as broken is closed at once; one closed is never
//                   handed out again
//   fifo            waiters are granted connections in the order they asked
//   no_lost_wakeup  nobody waits while a connection is idle, unless every idle one needs a
//                   health check first and each waiter has a check or connect in flight
//   timeout_early   no waiter times out before its deadline
//   timeout_lost    after tick(now) no waiter is left past its deadline
//   timeout_unserved  no waiter times out while the pool could have served it (room under
//                   max_size, no connect failing, yet no connect in flight)
//   deadline        after tick(now), next_deadline() lies after now (no spin) and no later than
//                   the earliest waiter's deadline (no timeout left unarmed)
//   check_due       with handout_clock::latest_reading, next_deadline() is no later than the
//                   moment an idle connection falls due for its health check
//   actions         every action names a connection in the right state (a connect for a free
//                   slot, no close of a held connection...)
//   stats           stats() agrees with the record; created == closed + open
//   closed          after close(), "closed" is reported once nothing is open or connecting
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
  const kvpool::pool_actions& release(kvpool::slot_id conn, bool reusable, time_point now);
  bool cancel(kvpool::waiter_id waiter, time_point now);
  const kvpool::pool_actions& connected(kvpool::slot_id conn, time_point now);
  const kvpool::pool_actions& connect_failed(kvpool::slot_id conn, time_point now);
  const kvpool::pool_actions& check_done(kvpool::slot_id conn, bool healthy, time_point now);
  const kvpool::pool_actions& tick(time_point now);
  const kvpool::pool_actions& close(time_point now);

  const kvpool::pool_actions& last_actions() const noexcept { return actions_; }
  const kvpool::pool_core& core() const noexcept { return core_; }

  // The record, for a driver choosing its next call.
  const std::set<kvpool::slot_id>& held() const noexcept { return held_; }
  const std::set<kvpool::slot_id>& pending_connects() const noexcept { return pending_connects_; }
  const std::set<kvpool::slot_id>& pending_checks() const noexcept { return pending_checks_; }
  const std::deque<waiting>& waiters() const noexcept { return waiters_; }
  std::uint64_t leak_reports() const noexcept { return leak_reports_; }

  // Once everything was released, every connect resolved and close() called: the pool must
  // have closed everything it opened. Adds violations if not.
  void check_drained();

  const std::vector<violation>& violations() const noexcept { return violations_; }
  bool ok() const noexcept { return violations_.empty(); }
  // Every violation, one per line.
  std::string report() const;

 private:
  template <typename Call>
  const kvpool::pool_actions& step(const char* name, time_point now, Call call);
  // Checks the call's actions and the state it left; `before`: the stats before the call.
  void observe(const std::string& call, time_point now, const kvpool::pool_stats& before);
  void hand_out(kvpool::slot_id conn, std::uint64_t serial, const std::string& context);
  void fail(const char* invariant, const std::string& detail);

  kvpool::pool_core core_;
  kvpool::pool_actions actions_;
  std::set<kvpool::slot_id> held_;
  std::set<kvpool::slot_id> pending_connects_;
  std::set<kvpool::slot_id> pending_checks_;
  std::map<kvpool::slot_id, std::uint64_t> serial_of_;  // of every open or connecting slot
  std::map<kvpool::slot_id, time_point> verified_at_;    // connected, released or checked healthy
  const bool ticks_when_checks_fall_due_;
  std::set<std::uint64_t> closed_serials_;
  std::deque<waiting> waiters_;  // in the order they asked
  bool connect_failing_ = false;  // the last connect outcome was a failure
  bool close_called_ = false;
  bool closed_reported_ = false;
  std::uint64_t leak_reports_ = 0;
  std::vector<violation> violations_;
};

}  // namespace kvcheck

#pragma once
// The pool's decisions without I/O, clocks or threads: each call takes "now", changes the state
// and appends the actions the caller must carry out (open a connection, complete a waiter, close
// a connection...). The caller reports each action's outcome back (connected, check_done,
// disconnected...). The Asio pool drives it under a lock; property tests drive it on virtual time.
//
// Invariants kept here: open + connecting + closing <= max_size (a connection counts until its
// close is reported done, so a replacement never opens beside it); waiters are served in FIFO
// order; no waiter waits while a connection is idle and ready (one that needs a health check
// first is checked on the waiter's behalf); a connection is held by at most one holder; a
// connection released as broken is closed, never handed out again; no check outlives
// check_timeout; times saturate, so kvpool::never means never.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include <boost/system/error_code.hpp>

#include "kvpool/error.hpp"
#include "kvpool/pool_action.hpp"
#include "kvpool/pool_settings.hpp"
#include "kvpool/pool_stats.hpp"
#include "kvpool/reuse.hpp"

namespace kvpool {

enum class slot_state : std::uint8_t { free, connecting, idle, in_use, checking, closing };

struct acquire_result {
  enum class outcome : std::uint8_t { granted, waiting, rejected };
  outcome result;
  slot_id conn = 0;      // granted
  waiter_id waiter = 0;  // waiting: a grant or fail action names it later
  error failure = error::pool_closed;  // rejected: pool_closed, or connect_failed after giving up
};

// How the caller times try_acquire(): with a new clock reading each call, or with its latest
// reading (no clock on that path). With the latest, next_deadline() also includes the moment each
// idle connection falls due for its health check (tick() does nothing new then), so a caller that
// reads the clock for each tick has a reading no older than the last check that fell due.
enum class handout_clock : std::uint8_t { fresh, latest_reading };

// The sizing arithmetic of the pool, pure: how many connects to start now for the waiters not
// yet covered by a connect or check in flight and for min_size (at most warmup_batch connects
// in flight for the latter), within max_size.
struct pool_occupancy {
  std::size_t open = 0;        // idle, in use or checking
  std::size_t connecting = 0;
  std::size_t checking = 0;    // included in open; each may serve a waiter when it passes
  std::size_t closing = 0;
  std::size_t waiting = 0;
};
std::size_t connections_to_open(const pool_occupancy& now, const pool_settings& settings) noexcept;

class pool_core {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::nanoseconds;

  // Validates: throws system_error on a bad value. report_events: also emit the events only
  // observers need (created, connect_failed, acquired, released).
  explicit pool_core(pool_settings settings, handout_clock clock = handout_clock::fresh,
                     bool report_events = false);

  // Begins filling up to min_size. acquire() starts the pool too.
  void start(time_point now, pool_actions& out);
  acquire_result acquire(time_point now, duration timeout, pool_actions& out);
  // An idle connection that needs no health check, or no_slot; never waits.
  slot_id try_acquire(time_point now, pool_actions& out);
  void release(slot_id conn, reuse how, time_point now, pool_actions& out);
  // The holder keeps conn for good: it leaves the pool, and its place is free at once.
  void detach(slot_id conn, time_point now, pool_actions& out);
  // False when the waiter was already granted, failed or cancelled.
  bool cancel(waiter_id waiter, time_point now, pool_actions& out);

  void connected(slot_id conn, time_point now, pool_actions& out);
  void connect_failed(slot_id conn, boost::system::error_code why, time_point now,
                      pool_actions& out);
  void check_done(slot_id conn, bool healthy, time_point now, pool_actions& out);
  // The close the core asked for is done (the connection's socket is closed): its place is free.
  void disconnected(slot_id conn, time_point now, pool_actions& out);

  // Timeouts, check timeouts, idle and lifetime expiry, keep-alive, leak detection, retries
  // after backoff.
  void tick(time_point now, pool_actions& out);
  // Refuses acquires from now on, fails every waiter with pool_closed; closes connections as
  // they become free.
  void close(time_point now, pool_actions& out);

  // Call tick() no later than this (it may be early; time_point::max() when nothing is due).
  time_point next_deadline() const noexcept { return next_deadline_; }
  pool_stats stats() const;
  const pool_settings& settings() const noexcept { return settings_; }
  bool is_closed() const noexcept { return closed_; }
  bool has_waiters() const noexcept { return !waiters_.empty(); }
  std::size_t in_use() const noexcept { return in_use_; }  // connections held
  slot_state state_of(slot_id conn) const { return slots_.at(conn).state; }
  std::uint64_t serial_of(slot_id conn) const { return slots_.at(conn).serial; }

 private:
  enum class check_purpose : std::uint8_t { checkout, keepalive, restore };
  struct slot {
    slot_state state = slot_state::free;
    check_purpose checking_for = check_purpose::checkout;
    bool leak_reported = false;
    std::uint64_t serial = 0;
    time_point created{};
    time_point idle_since{};
    time_point verified_at{};  // connected, released as is, or checked healthy
    time_point acquired_at{};
    time_point check_started{};
  };
  struct waiter {
    waiter_id id;
    time_point enqueued;
    time_point deadline;
  };

  // The one place a slot changes state (from `from`, which it is in): keeps in_use_, checking_,
  // connecting_, closing_, idle_ and free_slots_ in step with the slots' states.
  void move_to(slot_id conn, slot_state from, slot_state to);

  std::size_t open_count() const noexcept { return idle_.size() + in_use_ + checking_; }
  // What counts towards max_size.
  std::size_t occupied() const noexcept { return open_count() + connecting_ + closing_; }
  pool_occupancy occupancy() const noexcept {
    return {open_count(), connecting_, checking_, closing_, waiters_.size()};
  }
  bool gave_up(time_point now) const noexcept;
  // No connect or check in flight that could still serve a waiter.
  bool nothing_in_flight() const noexcept { return connecting_ == 0 && checking_ == 0; }
  bool may_connect(time_point now) const noexcept;
  bool needs_check(const slot& s, time_point now) const noexcept;
  bool past_lifetime(const slot& s, time_point now) const noexcept;
  void note_deadline(time_point t) noexcept;
  // surplus: above min_size, so idle_timeout applies. A check falling due by now is left out.
  void note_idle_deadlines(const slot& s, bool surplus, time_point now) noexcept;
  void recompute_deadline(time_point now) noexcept;

  void open_slot(time_point now, pool_actions& out);
  void close_slot(slot_id conn, slot_state from, close_reason reason, pool_actions& out);
  void begin_check(slot_id conn, slot_state from, check_purpose purpose, time_point now,
                   pool_actions& out);
  void hand_out(slot_id conn, slot_state from, time_point enqueued, time_point now);
  // A connection nobody holds: to the first waiter, else idle (or closed if it must go).
  void make_available(slot_id conn, slot_state from, time_point now, pool_actions& out);
  // An idle connection that needs no check (closing expired ones met), or no_slot.
  slot_id find_ready_idle(time_point now, pool_actions& out);
  void check_idle_for_waiters(time_point now, pool_actions& out);
  void enqueue(time_point now, duration timeout, acquire_result& result);
  void fail_all_waiters(error why, pool_actions& out);
  void expire_waiters(time_point now, pool_actions& out);
  void expire_checks(time_point now, pool_actions& out);
  void maintain_idle(time_point now, pool_actions& out);
  void report_leaks(time_point now, pool_actions& out);
  // Opens connections for waiters and up to min_size, within max_size and the retry policy.
  // Inline, as nearly every call finds the steady state: no waiter, min_size open.
  void replenish(time_point now, pool_actions& out) {
    if (closed_ || !started_) return;
    if (waiters_.empty() && open_count() + connecting_ >= settings_.min_size) return;
    replenish_for_demand(now, out);
  }
  void replenish_for_demand(time_point now, pool_actions& out);
  // Reports warmed_up and closed once each; inline, as nearly every call has nothing to report.
  void report_progress(pool_actions& out) {
    if ((!warmed_up_reported_ && (started_ || closed_)) || (closed_ && !closed_reported_)) {
      report_due_progress(out);
    }
  }
  void report_due_progress(pool_actions& out);

  pool_settings settings_;
  const bool tick_when_checks_fall_due_;
  const bool report_events_;
  std::vector<slot> slots_;
  std::vector<slot_id> free_slots_;
  std::vector<slot_id> idle_;  // the most recently released last: handed out first
  std::deque<waiter> waiters_;
  std::size_t in_use_ = 0;
  std::size_t checking_ = 0;
  std::size_t connecting_ = 0;
  std::size_t closing_ = 0;
  waiter_id next_waiter_ = 1;
  std::uint64_t next_serial_ = 1;

  bool started_ = false;
  bool closed_ = false;
  bool warmed_up_reported_ = false;
  bool closed_reported_ = false;
  bool connect_failed_since_start_ = false;

  // Connect failures in a row: while failing, one attempt at a time, after the backoff.
  bool failing_ = false;
  time_point failing_since_{};
  duration backoff_{0};
  time_point next_connect_at_{};

  time_point next_deadline_ = time_point::max();
  pool_stats counters_;
};

}  // namespace kvpool

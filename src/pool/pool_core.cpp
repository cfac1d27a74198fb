#include "kvpool/pool_core.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

namespace kvpool {

pool_core::pool_core(pool_settings settings, handout_clock clock)
    : settings_(settings),
      tick_when_checks_fall_due_(clock == handout_clock::latest_reading &&
                                 settings.check_after_idle > duration::zero()) {
  settings_.validate();
  slots_.reserve(settings_.max_size);
  idle_.reserve(settings_.max_size);
  counters_.max_size = settings_.max_size;
}

void pool_core::start(time_point now, pool_actions& out) {
  if (started_ || closed_) return;
  started_ = true;
  replenish(now, out);
  report_progress(out);
}

acquire_result pool_core::acquire(time_point now, duration timeout, pool_actions& out) {
  acquire_result result{acquire_result::outcome::rejected};
  if (closed_) return result;
  start(now, out);
  if (const slot_id conn = take_ready_idle(now, out); conn != no_slot) {
    hand_out(conn, now, now);
    result.result = acquire_result::outcome::granted;
    result.conn = conn;
    replenish(now, out);
    return result;
  }
  enqueue(now, timeout, result);
  check_idle_for_waiters(out);
  if (gave_up(now) && nothing_in_flight() && open_count() < settings_.max_size) {
    // Nothing in flight could serve it: one fresh attempt on behalf of this caller.
    open_slot(now, out);
  }
  replenish(now, out);
  return result;
}

slot_id pool_core::try_acquire(time_point now, pool_actions& out) {
  if (closed_) return no_slot;
  const slot_id conn = take_ready_idle(now, out);
  if (conn != no_slot) hand_out(conn, now, now);
  if (!out.empty()) replenish(now, out);  // an expired connection was closed
  return conn;
}

void pool_core::release(slot_id conn, bool reusable, time_point now, pool_actions& out) {
  slot& s = slots_[conn];
  assert(s.state == slot_state::in_use);
  --in_use_;
  if (!reusable) {
    close_slot(conn, close_reason::broken, out);
  } else {
    s.verified_at = now;
    s.idle_since = now;
    make_available(conn, now, out);
  }
  replenish(now, out);
  report_progress(out);
}

bool pool_core::cancel(waiter_id id, time_point now, pool_actions& out) {
  const auto it = std::find_if(waiters_.begin(), waiters_.end(),
                               [id](const waiter& w) { return w.id == id; });
  if (it == waiters_.end()) return false;
  waiters_.erase(it);
  ++counters_.cancelled;
  replenish(now, out);
  return true;
}

void pool_core::connected(slot_id conn, time_point now, pool_actions& out) {
  slot& s = slots_[conn];
  assert(s.state == slot_state::connecting);
  --connecting_;
  ++counters_.created;
  failing_ = false;
  backoff_ = duration::zero();
  s.created = now;
  s.verified_at = now;
  s.idle_since = now;
  make_available(conn, now, out);
  replenish(now, out);
  report_progress(out);
}

void pool_core::connect_failed(slot_id conn, boost::system::error_code why, time_point now,
                               pool_actions& out) {
  slot& s = slots_[conn];
  assert(s.state == slot_state::connecting);
  --connecting_;
  s.state = slot_state::free;
  free_slots_.push_back(conn);
  ++counters_.connect_failures;
  counters_.last_connect_error = why;
  connect_failed_since_start_ = true;
  if (!failing_) {
    failing_ = true;
    failing_since_ = now;
    backoff_ = settings_.backoff_initial;
    if (settings_.give_up_after > duration::zero()) {
      note_deadline(failing_since_ + settings_.give_up_after);
    }
  } else {
    const auto grown = std::chrono::duration_cast<duration>(
        std::chrono::duration<double, std::nano>(backoff_) * settings_.backoff_multiplier);
    backoff_ = std::min(grown, settings_.backoff_max);
  }
  next_connect_at_ = now + backoff_;
  if (gave_up(now) && nothing_in_flight()) fail_all_waiters(error::connect_failed, out);
  replenish(now, out);
  report_progress(out);
}

void pool_core::check_done(slot_id conn, bool healthy, time_point now, pool_actions& out) {
  slot& s = slots_[conn];
  assert(s.state == slot_state::checking);
  --checking_;
  if (!healthy) {
    close_slot(conn, close_reason::check_failed, out);
  } else {
    s.verified_at = now;
    if (!s.checking_for_keepalive) s.idle_since = now;
    make_available(conn, now, out);
  }
  replenish(now, out);
  report_progress(out);
}

void pool_core::tick(time_point now, pool_actions& out) {
  expire_waiters(now, out);
  // After close too: a handle never returned is what keeps the pool from draining.
  report_leaks(now, out);
  if (!closed_) {
    maintain_idle(now, out);
    replenish(now, out);
  }
  report_progress(out);
  recompute_deadline(now);
}

void pool_core::close(time_point now, pool_actions& out) {
  (void)now;
  if (closed_) return;
  closed_ = true;
  fail_all_waiters(error::pool_closed, out);
  while (!idle_.empty()) {
    const slot_id conn = idle_.back();
    idle_.pop_back();
    close_slot(conn, close_reason::pool_closed, out);
  }
  report_progress(out);
}

pool_stats pool_core::stats() const {
  pool_stats snapshot = counters_;
  snapshot.idle = idle_.size();
  snapshot.active = in_use_;
  snapshot.checking = checking_;
  snapshot.connecting = connecting_;
  snapshot.waiting = waiters_.size();
  return snapshot;
}

bool pool_core::gave_up(time_point now) const noexcept {
  return failing_ && settings_.give_up_after > duration::zero() &&
         now - failing_since_ >= settings_.give_up_after;
}

bool pool_core::needs_check(const slot& s, time_point now) const noexcept {
  return settings_.check_after_idle > duration::zero() &&
         now - s.verified_at >= settings_.check_after_idle;
}

bool pool_core::past_lifetime(const slot& s, time_point now) const noexcept {
  return settings_.max_lifetime > duration::zero() && now - s.created >= settings_.max_lifetime;
}

void pool_core::note_deadline(time_point t) noexcept { next_deadline_ = std::min(next_deadline_, t); }

// Inlined, as hand_out and make_available: they are on the try_acquire + release path.
[[gnu::always_inline]] inline void pool_core::note_idle_deadlines(const slot& s, bool surplus,
                                                                 time_point now) noexcept {
  if (settings_.max_lifetime > duration::zero()) note_deadline(s.created + settings_.max_lifetime);
  if (surplus && settings_.idle_timeout > duration::zero()) {
    note_deadline(s.idle_since + settings_.idle_timeout);
  }
  if (settings_.keepalive_interval > duration::zero()) {
    note_deadline(s.verified_at + settings_.keepalive_interval);
  }
  if (tick_when_checks_fall_due_) {
    // Past ones too would make a timer-driven caller spin: a tick does not act on them.
    const time_point check_due = s.verified_at + settings_.check_after_idle;
    if (check_due > now) note_deadline(check_due);
  }
}

void pool_core::recompute_deadline(time_point now) noexcept {
  // Only what a later tick() can act on: a deadline left in the past would make a timer-driven
  // caller spin (HikariCP #835).
  next_deadline_ = time_point::max();
  for (const waiter& w : waiters_) note_deadline(w.deadline);
  const bool surplus = open_count() + connecting_ > settings_.min_size;
  for (const slot_id conn : idle_) note_idle_deadlines(slots_[conn], surplus, now);
  if (settings_.leak_threshold > duration::zero()) {
    for (const slot& s : slots_) {
      if (s.state == slot_state::in_use && !s.leak_reported) {
        note_deadline(s.acquired_at + settings_.leak_threshold);
      }
    }
  }
  if (failing_ && !closed_ && !gave_up(now)) {
    if (connecting_ == 0 && next_connect_at_ > now) note_deadline(next_connect_at_);
    if (settings_.give_up_after > duration::zero() && !waiters_.empty()) {
      note_deadline(failing_since_ + settings_.give_up_after);
    }
  }
}

void pool_core::open_slot(time_point now, pool_actions& out) {
  slot_id conn;
  if (!free_slots_.empty()) {
    conn = free_slots_.back();
    free_slots_.pop_back();
  } else {
    conn = static_cast<slot_id>(slots_.size());
    slots_.emplace_back();
  }
  slot& s = slots_[conn];
  s = slot{};
  s.state = slot_state::connecting;
  s.serial = next_serial_++;
  s.created = now;
  ++connecting_;
  ++counters_.connect_attempts;
  pool_action action{action_kind::connect, conn};
  action.serial = s.serial;
  out.push_back(action);
}

void pool_core::close_slot(slot_id conn, close_reason reason, pool_actions& out) {
  slots_[conn].state = slot_state::free;
  free_slots_.push_back(conn);
  ++counters_.closed[static_cast<std::size_t>(reason)];
  pool_action action{action_kind::close, conn};
  action.reason = reason;
  action.serial = slots_[conn].serial;
  out.push_back(action);
}

void pool_core::begin_check(slot_id conn, bool for_keepalive, pool_actions& out) {
  slot& s = slots_[conn];
  s.state = slot_state::checking;
  s.checking_for_keepalive = for_keepalive;
  ++checking_;
  out.push_back({action_kind::check, conn});
}

[[gnu::always_inline]] inline void pool_core::hand_out(slot_id conn, time_point enqueued,
                                                      time_point now) {
  slot& s = slots_[conn];
  s.state = slot_state::in_use;
  s.acquired_at = now;
  s.leak_reported = false;
  ++in_use_;
  ++counters_.acquired;
  const duration waited = now - enqueued;
  counters_.total_wait += waited;
  const auto micros = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(waited).count());
  const std::size_t bucket =
      std::min<std::size_t>(std::bit_width(micros), counters_.wait_histogram.size() - 1);
  ++counters_.wait_histogram[bucket];
  if (settings_.leak_threshold > duration::zero()) note_deadline(now + settings_.leak_threshold);
}

[[gnu::always_inline]] inline void pool_core::make_available(slot_id conn, time_point now,
                                                            pool_actions& out) {
  slot& s = slots_[conn];
  if (closed_) {
    close_slot(conn, close_reason::pool_closed, out);
    return;
  }
  if (past_lifetime(s, now)) {
    close_slot(conn, close_reason::max_lifetime, out);
    return;
  }
  if (!waiters_.empty()) {
    const waiter first = waiters_.front();
    waiters_.pop_front();
    hand_out(conn, first.enqueued, now);
    pool_action action{action_kind::grant, conn};
    action.waiter = first.id;
    action.elapsed = now - first.enqueued;
    action.serial = s.serial;
    out.push_back(action);
    return;
  }
  s.state = slot_state::idle;
  idle_.push_back(conn);
  note_idle_deadlines(s, true, now);
}

slot_id pool_core::take_ready_idle(time_point now, pool_actions& out) {
  // The most recently released first: it is the least likely to need a check.
  for (std::size_t i = idle_.size(); i-- > 0;) {
    const slot_id conn = idle_[i];
    const slot& s = slots_[conn];
    if (past_lifetime(s, now)) {
      idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(i));
      close_slot(conn, close_reason::max_lifetime, out);
      continue;
    }
    if (needs_check(s, now)) continue;
    if (i + 1 == idle_.size()) {
      idle_.pop_back();  // the usual case, without erase's call to memmove
    } else {
      idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return conn;
  }
  return no_slot;
}

void pool_core::check_idle_for_waiters(pool_actions& out) {
  // Idle connections left while someone waits all need a health check: one per waiter not yet
  // covered by a check or connect in flight; a healthy one is granted when its check is done.
  // idle_ first: under contention it is empty, and a deque's size() is a dozen instructions.
  while (!idle_.empty() && waiters_.size() > checking_ + connecting_) {
    const slot_id conn = idle_.back();
    idle_.pop_back();
    begin_check(conn, false, out);
  }
}

void pool_core::enqueue(time_point now, duration timeout, acquire_result& result) {
  const waiter w{next_waiter_++, now, now + timeout};
  waiters_.push_back(w);
  note_deadline(w.deadline);
  result.result = acquire_result::outcome::waiting;
  result.waiter = w.id;
}

void pool_core::fail_all_waiters(error why, pool_actions& out) {
  for (const waiter& w : waiters_) {
    pool_action action{action_kind::fail};
    action.waiter = w.id;
    action.failure = why;
    out.push_back(action);
    if (why != error::pool_closed) ++counters_.timeouts;
  }
  waiters_.clear();
}

void pool_core::expire_waiters(time_point now, pool_actions& out) {
  if (gave_up(now) && nothing_in_flight()) fail_all_waiters(error::connect_failed, out);
  // Timed out while no connection is open and connecting keeps failing: say so, not "timeout".
  const error why = failing_ && open_count() == 0 ? error::connect_failed : error::timeout;
  std::erase_if(waiters_, [&](const waiter& w) {
    if (w.deadline > now) return false;
    pool_action action{action_kind::fail};
    action.waiter = w.id;
    action.failure = why;
    out.push_back(action);
    ++counters_.timeouts;
    return true;
  });
}

void pool_core::maintain_idle(time_point now, pool_actions& out) {
  // Oldest first, so idle_timeout closes the connections that have rested longest.
  for (std::size_t i = 0; i < idle_.size();) {
    const slot_id conn = idle_[i];
    const slot& s = slots_[conn];
    const bool surplus = open_count() + connecting_ > settings_.min_size;
    std::optional<close_reason> reason;
    if (past_lifetime(s, now)) {
      reason = close_reason::max_lifetime;
    } else if (surplus && settings_.idle_timeout > duration::zero() &&
               now - s.idle_since >= settings_.idle_timeout) {
      reason = close_reason::idle_timeout;
    } else if (!(settings_.keepalive_interval > duration::zero() &&
                 now - s.verified_at >= settings_.keepalive_interval)) {
      ++i;
      continue;
    }
    idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(i));
    if (reason) {
      close_slot(conn, *reason, out);
    } else {
      begin_check(conn, true, out);
    }
  }
}

void pool_core::report_leaks(time_point now, pool_actions& out) {
  if (settings_.leak_threshold <= duration::zero()) return;
  for (slot_id conn = 0; conn < slots_.size(); ++conn) {
    slot& s = slots_[conn];
    if (s.state != slot_state::in_use || s.leak_reported) continue;
    if (now - s.acquired_at < settings_.leak_threshold) continue;
    s.leak_reported = true;
    pool_action action{action_kind::leak_suspected, conn};
    action.elapsed = now - s.acquired_at;
    action.serial = s.serial;
    out.push_back(action);
  }
}

void pool_core::replenish(time_point now, pool_actions& out) {
  if (closed_ || !started_) return;
  const std::size_t total = open_count() + connecting_;
  if (waiters_.empty() && total >= settings_.min_size) return;  // the steady state: nothing to do
  check_idle_for_waiters(out);
  if (total >= settings_.max_size) return;
  const std::size_t in_flight = connecting_ + checking_;
  const std::size_t demand = waiters_.size() > in_flight ? waiters_.size() - in_flight : 0;
  const std::size_t below_min = settings_.min_size > total ? settings_.min_size - total : 0;
  const std::size_t batch_room =
      settings_.warmup_batch > connecting_ ? settings_.warmup_batch - connecting_ : 0;
  std::size_t wanted = std::max(demand, std::min(below_min, batch_room));
  wanted = std::min(wanted, settings_.max_size - total);
  if (wanted == 0) return;
  if (failing_) {
    // One attempt at a time after the backoff, so a dead server sees no reconnect storm.
    if (connecting_ > 0 || gave_up(now)) return;
    if (now < next_connect_at_) {
      note_deadline(next_connect_at_);
      return;
    }
    wanted = 1;
  }
  for (std::size_t i = 0; i < wanted; ++i) open_slot(now, out);
}

void pool_core::report_due_progress(pool_actions& out) {
  if (started_ && !warmed_up_reported_ &&
      (closed_ || connect_failed_since_start_ || open_count() >= settings_.min_size)) {
    warmed_up_reported_ = true;
    out.push_back({action_kind::warmed_up});
  }
  if (closed_ && !closed_reported_ && open_count() + connecting_ == 0) {
    closed_reported_ = true;
    out.push_back({action_kind::closed});
  }
}

}  // namespace kvpool

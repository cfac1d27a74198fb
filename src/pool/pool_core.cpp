#include "kvpool/pool_core.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <optional>

#include "kvpool/saturating_time.hpp"

namespace kvpool {

std::size_t connections_to_open(const pool_occupancy& now, const pool_settings& settings) noexcept {
  const std::size_t towards_min = now.open + now.connecting;  // a closing one is on its way out
  const std::size_t occupied = towards_min + now.closing;
  if (occupied >= settings.max_size) return 0;
  const std::size_t in_flight = now.connecting + now.checking;
  const std::size_t demand = now.waiting > in_flight ? now.waiting - in_flight : 0;
  const std::size_t below_min = settings.min_size > towards_min ? settings.min_size - towards_min : 0;
  const std::size_t batch_room =
      settings.warmup_batch > now.connecting ? settings.warmup_batch - now.connecting : 0;
  const std::size_t wanted = std::max(demand, std::min(below_min, batch_room));
  return std::min(wanted, settings.max_size - occupied);
}

pool_core::pool_core(pool_settings settings, handout_clock clock, bool report_events)
    : settings_(settings),
      tick_when_checks_fall_due_(clock == handout_clock::latest_reading &&
                                 settings.check_after_idle > duration::zero()),
      report_events_(report_events) {
  settings_.validate();
  const std::size_t expected = std::min<std::size_t>(settings_.max_size, 1024);
  slots_.reserve(expected);
  idle_.reserve(expected);
  counters_.max_size = settings_.max_size;
}

// Inlined, as hand_out and make_available: they are on the try_acquire + release path, where the
// states are known where they are called (so the switches fold away) and the connection leaving
// idle_ is its last element.
[[gnu::always_inline]] inline void pool_core::move_to(slot_id conn, slot_state from, slot_state to) {
  slot& s = slots_[conn];
  assert(s.state == from);
  const auto remove = [conn](std::vector<slot_id>& from) {
    if (from.back() == conn) {
      from.pop_back();
    } else {
      from.erase(std::find(from.begin(), from.end(), conn));
    }
  };
  switch (from) {
    case slot_state::free: remove(free_slots_); break;
    case slot_state::connecting: --connecting_; break;
    case slot_state::idle: remove(idle_); break;
    case slot_state::in_use: --in_use_; break;
    case slot_state::checking: --checking_; break;
    case slot_state::closing: --closing_; break;
  }
  s.state = to;
  switch (to) {
    case slot_state::free: free_slots_.push_back(conn); break;
    case slot_state::connecting: ++connecting_; break;
    case slot_state::idle: idle_.push_back(conn); break;
    case slot_state::in_use: ++in_use_; break;
    case slot_state::checking: ++checking_; break;
    case slot_state::closing: ++closing_; break;
  }
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
  if (const slot_id conn = find_ready_idle(now, out); conn != no_slot) {
    hand_out(conn, slot_state::idle, now, now);
    if (report_events_) out.push_back(pool_action::acquired(conn, slots_[conn].serial));
    result.result = acquire_result::outcome::granted;
    result.conn = conn;
    replenish(now, out);
    return result;
  }
  if (gave_up(now) && nothing_in_flight() && idle_.empty() && !may_connect(now)) {
    // Nothing could serve it before the backoff allows another attempt: fail now, as waiters
    // are failed once the pool gives up.
    ++counters_.timeouts;
    result.failure = error::connect_failed;
    return result;
  }
  enqueue(now, timeout, result);
  replenish(now, out);
  return result;
}

slot_id pool_core::try_acquire(time_point now, pool_actions& out) {
  if (closed_) return no_slot;
  const slot_id conn = find_ready_idle(now, out);
  if (conn != no_slot) {
    hand_out(conn, slot_state::idle, now, now);
    if (report_events_) out.push_back(pool_action::acquired(conn, slots_[conn].serial));
  }
  if (!out.empty()) replenish(now, out);  // an expired connection was closed
  return conn;
}

void pool_core::release(slot_id conn, reuse how, time_point now, pool_actions& out) {
  slot& s = slots_[conn];
  assert(s.state == slot_state::in_use);
  if (report_events_) out.push_back(pool_action::released(conn, s.serial));
  switch (how) {
    case reuse::never:
      close_slot(conn, slot_state::in_use, close_reason::broken, out);
      break;
    case reuse::after_check:
      s.idle_since = now;
      if (!closed_ && !past_lifetime(s, now)) {
        begin_check(conn, slot_state::in_use, check_purpose::restore, now, out);
        break;
      }
      make_available(conn, slot_state::in_use, now, out);  // closes it
      break;
    case reuse::as_is:
      s.verified_at = now;
      s.idle_since = now;
      make_available(conn, slot_state::in_use, now, out);
      break;
  }
  replenish(now, out);
  report_progress(out);
}

void pool_core::detach(slot_id conn, time_point now, pool_actions& out) {
  assert(slots_[conn].state == slot_state::in_use);
  ++counters_.closed[static_cast<std::size_t>(close_reason::detached)];
  move_to(conn, slot_state::in_use, slot_state::free);
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
  ++counters_.created;
  failing_ = false;
  backoff_ = duration::zero();
  s.created = now;
  s.verified_at = now;
  s.idle_since = now;
  if (report_events_) out.push_back(pool_action::created(conn, s.serial));
  make_available(conn, slot_state::connecting, now, out);
  replenish(now, out);
  report_progress(out);
}

void pool_core::connect_failed(slot_id conn, boost::system::error_code why, time_point now,
                               pool_actions& out) {
  move_to(conn, slot_state::connecting, slot_state::free);
  ++counters_.connect_failures;
  counters_.last_connect_error = why;
  connect_failed_since_start_ = true;
  if (report_events_) out.push_back(pool_action::connect_failed(why));
  if (!failing_) {
    failing_ = true;
    failing_since_ = now;
    backoff_ = settings_.backoff_initial;
    if (settings_.give_up_after > duration::zero()) {
      note_deadline(later(failing_since_, settings_.give_up_after));
    }
  } else {
    // In floating point, compared before converting back: a product past backoff_max (or past
    // what a duration holds) is never converted.
    const double grown = static_cast<double>(backoff_.count()) * settings_.backoff_multiplier;
    backoff_ = grown >= static_cast<double>(settings_.backoff_max.count())
                   ? settings_.backoff_max
                   : duration(static_cast<duration::rep>(grown));
  }
  next_connect_at_ = later(now, backoff_);
  if (gave_up(now) && nothing_in_flight()) fail_all_waiters(error::connect_failed, out);
  replenish(now, out);
  report_progress(out);
}

void pool_core::check_done(slot_id conn, bool healthy, time_point now, pool_actions& out) {
  slot& s = slots_[conn];
  assert(s.state == slot_state::checking);
  if (!healthy) {
    close_slot(conn, slot_state::checking, close_reason::check_failed, out);
  } else {
    s.verified_at = now;
    if (s.checking_for != check_purpose::keepalive) s.idle_since = now;
    make_available(conn, slot_state::checking, now, out);
  }
  replenish(now, out);
  report_progress(out);
}

void pool_core::disconnected(slot_id conn, time_point now, pool_actions& out) {
  move_to(conn, slot_state::closing, slot_state::free);
  replenish(now, out);
  report_progress(out);
}

void pool_core::tick(time_point now, pool_actions& out) {
  expire_waiters(now, out);
  // After close too: a check that hangs, or a handle never returned, keeps the pool from draining.
  expire_checks(now, out);
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
  while (!idle_.empty()) close_slot(idle_.back(), slot_state::idle, close_reason::pool_closed, out);
  report_progress(out);
}

pool_stats pool_core::stats() const {
  pool_stats snapshot = counters_;
  snapshot.idle = idle_.size();
  snapshot.active = in_use_;
  snapshot.checking = checking_;
  snapshot.connecting = connecting_;
  snapshot.closing = closing_;
  snapshot.waiting = waiters_.size();
  return snapshot;
}

bool pool_core::gave_up(time_point now) const noexcept {
  return failing_ && settings_.give_up_after > duration::zero() &&
         now - failing_since_ >= settings_.give_up_after;
}

bool pool_core::may_connect(time_point now) const noexcept {
  return !failing_ || (connecting_ == 0 && now >= next_connect_at_);
}

bool pool_core::needs_check(const slot& s, time_point now) const noexcept {
  return settings_.check_after_idle > duration::zero() &&
         now - s.verified_at >= settings_.check_after_idle;
}

bool pool_core::past_lifetime(const slot& s, time_point now) const noexcept {
  return settings_.max_lifetime > duration::zero() && now - s.created >= settings_.max_lifetime;
}

void pool_core::note_deadline(time_point t) noexcept { next_deadline_ = std::min(next_deadline_, t); }

[[gnu::always_inline]] inline void pool_core::note_idle_deadlines(const slot& s, bool surplus,
                                                                 time_point now) noexcept {
  if (settings_.max_lifetime > duration::zero()) note_deadline(later(s.created, settings_.max_lifetime));
  if (surplus && settings_.idle_timeout > duration::zero()) {
    note_deadline(later(s.idle_since, settings_.idle_timeout));
  }
  if (settings_.keepalive_interval > duration::zero()) {
    note_deadline(later(s.verified_at, settings_.keepalive_interval));
  }
  if (tick_when_checks_fall_due_) {
    // Past ones too would make a timer-driven caller spin: a tick does not act on them.
    const time_point check_due = later(s.verified_at, settings_.check_after_idle);
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
  const bool leaks = settings_.leak_threshold > duration::zero();
  if (leaks || checking_ > 0) {
    for (const slot& s : slots_) {
      if (leaks && s.state == slot_state::in_use && !s.leak_reported) {
        note_deadline(later(s.acquired_at, settings_.leak_threshold));
      } else if (s.state == slot_state::checking) {
        note_deadline(later(s.check_started, settings_.check_timeout));
      }
    }
  }
  if (failing_ && !closed_) {
    if (connecting_ == 0 && next_connect_at_ > now) note_deadline(next_connect_at_);
    if (settings_.give_up_after > duration::zero() && !waiters_.empty() && !gave_up(now)) {
      note_deadline(later(failing_since_, settings_.give_up_after));
    }
  }
}

void pool_core::open_slot(time_point now, pool_actions& out) {
  if (free_slots_.empty()) {
    free_slots_.push_back(static_cast<slot_id>(slots_.size()));
    slots_.emplace_back();
  }
  const slot_id conn = free_slots_.back();
  slot& s = slots_[conn];
  s = slot{};
  s.serial = next_serial_++;
  s.created = now;
  move_to(conn, slot_state::free, slot_state::connecting);
  ++counters_.connect_attempts;
  out.push_back(pool_action::connect(conn, s.serial));
}

void pool_core::close_slot(slot_id conn, slot_state from, close_reason reason, pool_actions& out) {
  ++counters_.closed[static_cast<std::size_t>(reason)];
  move_to(conn, from, slot_state::closing);
  out.push_back(pool_action::close(conn, slots_[conn].serial, reason));
}

void pool_core::begin_check(slot_id conn, slot_state from, check_purpose purpose, time_point now,
                            pool_actions& out) {
  slot& s = slots_[conn];
  s.checking_for = purpose;
  s.check_started = now;
  move_to(conn, from, slot_state::checking);
  note_deadline(later(now, settings_.check_timeout));
  out.push_back(pool_action::check(conn, s.serial));
}

[[gnu::always_inline]] inline void pool_core::hand_out(slot_id conn, slot_state from,
                                                      time_point enqueued, time_point now) {
  slot& s = slots_[conn];
  s.acquired_at = now;
  s.leak_reported = false;
  move_to(conn, from, slot_state::in_use);
  ++counters_.acquired;
  const duration waited = now - enqueued;
  counters_.total_wait += waited;
  const auto micros = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(waited).count());
  const std::size_t bucket =
      std::min<std::size_t>(std::bit_width(micros), counters_.wait_histogram.size() - 1);
  ++counters_.wait_histogram[bucket];
  if (settings_.leak_threshold > duration::zero()) {
    note_deadline(later(now, settings_.leak_threshold));
  }
}

[[gnu::always_inline]] inline void pool_core::make_available(slot_id conn, slot_state from,
                                                            time_point now, pool_actions& out) {
  slot& s = slots_[conn];
  if (closed_) {
    close_slot(conn, from, close_reason::pool_closed, out);
    return;
  }
  if (past_lifetime(s, now)) {
    close_slot(conn, from, close_reason::max_lifetime, out);
    return;
  }
  if (!waiters_.empty()) {
    const waiter first = waiters_.front();
    waiters_.pop_front();
    hand_out(conn, from, first.enqueued, now);
    out.push_back(pool_action::grant(first.id, conn, s.serial, now - first.enqueued));
    return;
  }
  move_to(conn, from, slot_state::idle);
  note_idle_deadlines(s, true, now);
}

slot_id pool_core::find_ready_idle(time_point now, pool_actions& out) {
  // The most recently released first: it is the least likely to need a check.
  for (std::size_t i = idle_.size(); i-- > 0;) {
    const slot_id conn = idle_[i];
    const slot& s = slots_[conn];
    if (past_lifetime(s, now)) {
      close_slot(conn, slot_state::idle, close_reason::max_lifetime, out);  // takes it out of idle_ at i
      continue;
    }
    if (!needs_check(s, now)) return conn;
  }
  return no_slot;
}

void pool_core::check_idle_for_waiters(time_point now, pool_actions& out) {
  // Idle connections left while someone waits all need a health check: one per waiter not yet
  // covered by a check or connect in flight; a healthy one is granted when its check is done.
  // idle_ first: under contention it is empty, and a deque's size() is a dozen instructions.
  while (!idle_.empty() && waiters_.size() > checking_ + connecting_) {
    begin_check(idle_.back(), slot_state::idle, check_purpose::checkout, now, out);
  }
}

void pool_core::enqueue(time_point now, duration timeout, acquire_result& result) {
  const waiter w{next_waiter_++, now, later(now, timeout)};
  waiters_.push_back(w);
  note_deadline(w.deadline);
  result.result = acquire_result::outcome::waiting;
  result.waiter = w.id;
}

void pool_core::fail_all_waiters(error why, pool_actions& out) {
  for (const waiter& w : waiters_) {
    out.push_back(pool_action::fail(w.id, why));
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
    out.push_back(pool_action::fail(w.id, why));
    ++counters_.timeouts;
    return true;
  });
}

void pool_core::expire_checks(time_point now, pool_actions& out) {
  if (checking_ == 0) return;
  for (slot_id conn = 0; conn < slots_.size(); ++conn) {
    const slot& s = slots_[conn];
    if (s.state != slot_state::checking || now - s.check_started < settings_.check_timeout) continue;
    ++counters_.check_timeouts;
    close_slot(conn, slot_state::checking, close_reason::check_failed, out);
  }
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
    // Either takes it out of idle_ at i.
    if (reason) {
      close_slot(conn, slot_state::idle, *reason, out);
    } else {
      begin_check(conn, slot_state::idle, check_purpose::keepalive, now, out);
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
    out.push_back(pool_action::leak_suspected(conn, s.serial, now - s.acquired_at));
  }
}

void pool_core::replenish_for_demand(time_point now, pool_actions& out) {
  check_idle_for_waiters(now, out);
  std::size_t wanted = connections_to_open(occupancy(), settings_);
  if (wanted == 0) return;
  if (failing_) {
    // One attempt at a time after the backoff, so a dead server sees no reconnect storm.
    if (connecting_ > 0) return;
    if (now < next_connect_at_) {
      note_deadline(next_connect_at_);
      return;
    }
    wanted = 1;
  }
  for (std::size_t i = 0; i < wanted; ++i) open_slot(now, out);
}

void pool_core::report_due_progress(pool_actions& out) {
  if ((started_ || closed_) && !warmed_up_reported_ &&
      (closed_ || connect_failed_since_start_ || open_count() >= settings_.min_size)) {
    warmed_up_reported_ = true;
    out.push_back(pool_action::warmed_up());
  }
  if (closed_ && !closed_reported_ && occupied() == 0) {
    closed_reported_ = true;
    out.push_back(pool_action::closed());
  }
}

}  // namespace kvpool

#include "kvcheck/checked_core.hpp"

#include <algorithm>

#include <boost/system/errc.hpp>

namespace kvcheck {
namespace {

std::string describe(const kvpool::pool_action& action) {
  using kvpool::action_kind;
  const std::string conn = " " + std::to_string(action.conn);
  switch (action.kind) {
    case action_kind::connect: return "connect" + conn;
    case action_kind::check: return "check" + conn;
    case action_kind::close: return "close" + conn + " (" + std::string(to_string(action.reason)) + ")";
    case action_kind::grant: return "grant" + conn + " to w" + std::to_string(action.waiter);
    case action_kind::fail:
      return "fail w" + std::to_string(action.waiter) + " (" +
             make_error_code(action.failure).message().substr(0, 40) + ")";
    case action_kind::leak_suspected: return "leak" + conn;
    case action_kind::warmed_up: return "warmed_up";
    case action_kind::closed: return "closed";
  }
  return "?";
}

std::string describe(const kvpool::pool_actions& actions) {
  std::string text;
  for (const auto& action : actions) text += (text.empty() ? "" : ", ") + describe(action);
  return "[" + text + "]";
}

}  // namespace

checked_core::checked_core(kvpool::pool_settings settings, kvpool::handout_clock clock)
    : core_(settings, clock),
      ticks_when_checks_fall_due_(clock == kvpool::handout_clock::latest_reading) {}

template <typename Call>
const kvpool::pool_actions& checked_core::step(const char* name, time_point now, Call call) {
  actions_.clear();
  const kvpool::pool_stats before = core_.stats();
  call(actions_);
  observe(name, now, before);
  return actions_;
}

const kvpool::pool_actions& checked_core::start(time_point now) {
  return step("start", now, [&](kvpool::pool_actions& out) { core_.start(now, out); });
}

kvpool::acquire_result checked_core::acquire(time_point now, duration timeout) {
  actions_.clear();
  const kvpool::pool_stats before = core_.stats();
  const kvpool::acquire_result result = core_.acquire(now, timeout, actions_);
  const std::string call = "acquire(timeout " + std::to_string(timeout.count()) + "ns)";
  switch (result.result) {
    case kvpool::acquire_result::outcome::granted:
      hand_out(result.conn, core_.serial_of(result.conn), call);
      break;
    case kvpool::acquire_result::outcome::waiting:
      waiters_.push_back({result.waiter, now + timeout});
      break;
    case kvpool::acquire_result::outcome::rejected:
      if (!close_called_) fail("actions", call + " rejected by a pool that was not closed");
      break;
  }
  observe(call, now, before);
  return result;
}

std::optional<kvpool::slot_id> checked_core::try_acquire(time_point now) {
  actions_.clear();
  const kvpool::pool_stats before = core_.stats();
  const kvpool::slot_id conn = core_.try_acquire(now, actions_);
  if (conn != kvpool::no_slot) hand_out(conn, core_.serial_of(conn), "try_acquire");
  observe("try_acquire", now, before);
  if (conn == kvpool::no_slot) return std::nullopt;
  return conn;
}

const kvpool::pool_actions& checked_core::release(kvpool::slot_id conn, bool reusable,
                                                  time_point now) {
  const std::string call = (reusable ? "release " : "release_broken ") + std::to_string(conn);
  if (held_.erase(conn) == 0) {
    fail("actions", call + ": that connection is not held");
    actions_.clear();
    return actions_;
  }
  const std::uint64_t serial = core_.serial_of(conn);
  verified_at_[conn] = now;
  step(call.c_str(), now, [&](kvpool::pool_actions& out) { core_.release(conn, reusable, now, out); });
  if (!reusable && !closed_serials_.contains(serial)) {
    fail("not_reissued", call + ": a connection released as broken was not closed");
    closed_serials_.insert(serial);  // so that handing it out again is caught too
  }
  return actions_;
}

bool checked_core::cancel(kvpool::waiter_id waiter, time_point now) {
  actions_.clear();
  const kvpool::pool_stats before = core_.stats();
  const bool removed = core_.cancel(waiter, now, actions_);
  const auto it = std::find_if(waiters_.begin(), waiters_.end(),
                               [&](const waiting& w) { return w.id == waiter; });
  const bool was_waiting = it != waiters_.end();
  if (was_waiting) waiters_.erase(it);
  const std::string call = "cancel w" + std::to_string(waiter);
  if (removed != was_waiting) {
    fail("actions", call + ": the core says " + (removed ? "removed" : "not waiting") +
                        ", the record says " + (was_waiting ? "waiting" : "not waiting"));
  }
  observe(call, now, before);
  return removed;
}

const kvpool::pool_actions& checked_core::connected(kvpool::slot_id conn, time_point now) {
  const std::string call = "connected " + std::to_string(conn);
  if (pending_connects_.erase(conn) == 0) {
    fail("actions", call + ": no connect pending for it");
    actions_.clear();
    return actions_;
  }
  connect_failing_ = false;
  verified_at_[conn] = now;
  return step(call.c_str(), now, [&](kvpool::pool_actions& out) { core_.connected(conn, now, out); });
}

const kvpool::pool_actions& checked_core::connect_failed(kvpool::slot_id conn, time_point now) {
  const std::string call = "connect_failed " + std::to_string(conn);
  if (pending_connects_.erase(conn) == 0) {
    fail("actions", call + ": no connect pending for it");
    actions_.clear();
    return actions_;
  }
  connect_failing_ = true;
  serial_of_.erase(conn);
  const auto refused = boost::system::errc::make_error_code(boost::system::errc::connection_refused);
  return step(call.c_str(), now,
              [&](kvpool::pool_actions& out) { core_.connect_failed(conn, refused, now, out); });
}

const kvpool::pool_actions& checked_core::check_done(kvpool::slot_id conn, bool healthy,
                                                     time_point now) {
  const std::string call = "check_done " + std::to_string(conn) + (healthy ? " healthy" : " failed");
  if (pending_checks_.erase(conn) == 0) {
    fail("actions", call + ": no check pending for it");
    actions_.clear();
    return actions_;
  }
  verified_at_[conn] = now;
  return step(call.c_str(), now,
              [&](kvpool::pool_actions& out) { core_.check_done(conn, healthy, now, out); });
}

const kvpool::pool_actions& checked_core::tick(time_point now) {
  step("tick", now, [&](kvpool::pool_actions& out) { core_.tick(now, out); });
  for (const waiting& w : waiters_) {
    if (w.deadline <= now) {
      fail("timeout_lost", "after tick, w" + std::to_string(w.id) + " still waits past its deadline");
    }
  }
  if (core_.next_deadline() <= now) {
    fail("deadline", "after tick, next_deadline() is not after now: a timer would spin");
  }
  for (const waiting& w : waiters_) {
    if (core_.next_deadline() > w.deadline) {
      fail("deadline", "next_deadline() lies after w" + std::to_string(w.id) +
                           "'s deadline: its timeout would fire late");
      break;
    }
  }
  return actions_;
}

const kvpool::pool_actions& checked_core::close(time_point now) {
  close_called_ = true;
  return step("close", now, [&](kvpool::pool_actions& out) { core_.close(now, out); });
}

void checked_core::hand_out(kvpool::slot_id conn, std::uint64_t serial, const std::string& context) {
  if (!held_.insert(conn).second) {
    fail("exclusive", context + ": connection " + std::to_string(conn) + " is already held");
  }
  if (closed_serials_.contains(serial)) {
    fail("not_reissued", context + ": connection " + std::to_string(conn) + " (serial " +
                             std::to_string(serial) + ") was closed");
  }
}

void checked_core::observe(const std::string& call, time_point now,
                           const kvpool::pool_stats& before) {
  using kvpool::action_kind;
  const std::string context = call + " -> " + describe(actions_);
  bool timed_out = false;
  for (const kvpool::pool_action& action : actions_) {
    const std::string conn = std::to_string(action.conn);
    switch (action.kind) {
      case action_kind::connect:
        if (serial_of_.contains(action.conn)) fail("actions", context + ": connect for busy slot " + conn);
        pending_connects_.insert(action.conn);
        serial_of_[action.conn] = action.serial;
        break;
      case action_kind::check:
        if (!serial_of_.contains(action.conn) || held_.contains(action.conn) ||
            pending_connects_.contains(action.conn) || !pending_checks_.insert(action.conn).second) {
          fail("actions", context + ": check of connection " + conn + ", which is not idle");
        }
        break;
      case action_kind::close:
        if (held_.contains(action.conn)) fail("actions", context + ": closed held connection " + conn);
        if (pending_connects_.contains(action.conn) || pending_checks_.contains(action.conn)) {
          fail("actions", context + ": closed connection " + conn + " while its connect or check is pending");
        }
        if (serial_of_.contains(action.conn) && serial_of_[action.conn] != action.serial) {
          fail("actions", context + ": close names the wrong serial for " + conn);
        }
        closed_serials_.insert(action.serial);
        serial_of_.erase(action.conn);
        break;
      case action_kind::grant: {
        const auto it = std::find_if(waiters_.begin(), waiters_.end(),
                                     [&](const waiting& w) { return w.id == action.waiter; });
        if (it == waiters_.end()) {
          fail("actions", context + ": grant to w" + std::to_string(action.waiter) + ", who is not waiting");
          break;
        }
        if (it != waiters_.begin()) {
          fail("fifo", context + ": w" + std::to_string(action.waiter) + " served before w" +
                           std::to_string(waiters_.front().id));
        }
        waiters_.erase(it);
        hand_out(action.conn, action.serial, context);
        break;
      }
      case action_kind::fail: {
        const auto it = std::find_if(waiters_.begin(), waiters_.end(),
                                     [&](const waiting& w) { return w.id == action.waiter; });
        if (it == waiters_.end()) {
          fail("actions", context + ": failed w" + std::to_string(action.waiter) + ", who is not waiting");
          break;
        }
        if (action.failure == kvpool::error::timeout) {
          timed_out = true;
          if (now < it->deadline) {
            fail("timeout_early", context + ": w" + std::to_string(action.waiter) +
                                      " timed out before its deadline");
          }
        } else if (action.failure == kvpool::error::pool_closed && !close_called_) {
          fail("actions", context + ": pool_closed while the pool is open");
        } else if (action.failure == kvpool::error::connect_failed && !connect_failing_) {
          fail("actions", context + ": connect_failed while no connect is failing");
        }
        waiters_.erase(it);
        break;
      }
      case action_kind::leak_suspected:
        if (!held_.contains(action.conn)) fail("actions", context + ": leak of connection " + conn + ", which is not held");
        ++leak_reports_;
        break;
      case action_kind::warmed_up:
        break;
      case action_kind::closed:
        if (!close_called_ || closed_reported_) fail("closed", context + ": closed reported out of turn");
        closed_reported_ = true;
        break;
    }
  }
  const kvpool::pool_stats s = core_.stats();
  const std::size_t max_size = core_.settings().max_size;
  if (s.open() + s.connecting > max_size) {
    fail("max_size", context + ": " + std::to_string(s.open()) + " open + " +
                         std::to_string(s.connecting) + " connecting > max_size " + std::to_string(max_size));
  }
  if (s.active != held_.size() || s.connecting != pending_connects_.size() ||
      s.checking != pending_checks_.size() || s.waiting != waiters_.size()) {
    fail("stats", context + ": stats() disagrees with the record (active " + std::to_string(s.active) +
                      "/" + std::to_string(held_.size()) + ", connecting " + std::to_string(s.connecting) +
                      "/" + std::to_string(pending_connects_.size()) + ", checking " +
                      std::to_string(s.checking) + "/" + std::to_string(pending_checks_.size()) +
                      ", waiting " + std::to_string(s.waiting) + "/" + std::to_string(waiters_.size()) + ")");
  }
  if (s.created != s.closed_total() + s.open()) {
    fail("stats", context + ": created " + std::to_string(s.created) + " != closed " +
                      std::to_string(s.closed_total()) + " + open " + std::to_string(s.open()));
  }
  // Idle connections may wait out a waiter only when they need a health check first (possible
  // only with check_after_idle), and then every waiter must have a check or connect in flight.
  const bool idle_may_need_check = core_.settings().check_after_idle > duration::zero();
  if (!waiters_.empty() && s.idle > 0 &&
      (!idle_may_need_check || s.checking + s.connecting < waiters_.size())) {
    fail("no_lost_wakeup", context + ": " + std::to_string(waiters_.size()) + " waiting while " +
                               std::to_string(s.idle) + " idle");
  }
  // A timeout while the pool had room, nothing in flight and no failing connect to wait out.
  if (timed_out && !connect_failing_ && !close_called_ && before.open() + before.connecting < max_size &&
      before.connecting == 0 && before.checking == 0) {
    fail("timeout_unserved", context + ": a waiter timed out while the pool had room and was not connecting");
  }
  const duration check_after_idle = core_.settings().check_after_idle;
  if (ticks_when_checks_fall_due_ && check_after_idle > duration::zero()) {
    for (const auto& open_slot : serial_of_) {
      const kvpool::slot_id conn = open_slot.first;
      if (core_.state_of(conn) != kvpool::slot_state::idle) continue;
      const time_point due = verified_at_.at(conn) + check_after_idle;
      if (due > now && core_.next_deadline() > due) {
        fail("check_due", context + ": idle connection " + std::to_string(conn) +
                              " falls due for its check before next_deadline()");
        break;
      }
    }
  }
  if (close_called_ && s.open() + s.connecting == 0 && !closed_reported_) {
    fail("closed", context + ": nothing is open or connecting, yet closed was not reported");
  }
}

void checked_core::check_drained() {
  const kvpool::pool_stats s = core_.stats();
  if (!close_called_ || !held_.empty() || !pending_connects_.empty() || !pending_checks_.empty()) {
    fail("actions", "check_drained() before close, or with connections held or pending");
    return;
  }
  if (s.open() + s.connecting != 0) {
    fail("closed", "after close and every release, " + std::to_string(s.open()) + " still open");
  }
  if (s.created != s.closed_total()) {
    fail("closed", "created " + std::to_string(s.created) + " != closed " + std::to_string(s.closed_total()));
  }
  if (!closed_reported_) fail("closed", "closed was never reported");
}

void checked_core::fail(const char* invariant, const std::string& detail) {
  violations_.push_back({invariant, detail});
}

std::string checked_core::report() const {
  std::string text;
  for (const auto& v : violations_) text += v.invariant + ": " + v.detail + "\n";
  return text;
}

}  // namespace kvcheck

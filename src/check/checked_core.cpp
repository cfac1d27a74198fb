#include "kvcheck/checked_core.hpp"

#include <algorithm>

#include <boost/system/errc.hpp>

#include "kvpool/saturating_time.hpp"

namespace kvcheck {

using kvpool::action_kind;

checked_core::checked_core(kvpool::pool_settings settings, kvpool::handout_clock clock)
    : core_(settings, clock),
      ticks_when_checks_fall_due_(clock == kvpool::handout_clock::latest_reading) {}

template <typename Call>
const kvpool::pool_actions& checked_core::step(const std::string& name, time_point now, Call call) {
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
      hand_out(result.conn, core_.serial_of(result.conn), now, call);
      break;
    case kvpool::acquire_result::outcome::waiting:
      waiters_.push_back({result.waiter, kvpool::later(now, timeout)});
      last_waiter_ = std::max(last_waiter_, result.waiter);
      break;
    case kvpool::acquire_result::outcome::rejected: {
      const bool given_up = result.failure == kvpool::error::connect_failed && connect_failing_ &&
                            core_.settings().give_up_after > duration::zero() &&
                            pending_connects_.empty() && pending_checks_.empty();
      if (!close_called_ && !given_up) {
        fail("actions", call + " rejected by a pool that was open and had not given up");
      }
      break;
    }
  }
  observe(call, now, before);
  return result;
}

std::optional<kvpool::slot_id> checked_core::try_acquire(time_point now) {
  actions_.clear();
  const kvpool::pool_stats before = core_.stats();
  const kvpool::slot_id conn = core_.try_acquire(now, actions_);
  if (conn != kvpool::no_slot) hand_out(conn, core_.serial_of(conn), now, "try_acquire");
  observe("try_acquire", now, before);
  if (conn == kvpool::no_slot) return std::nullopt;
  return conn;
}

const kvpool::pool_actions& checked_core::release(kvpool::slot_id conn, kvpool::reuse how,
                                                  time_point now) {
  const char* verb = how == kvpool::reuse::as_is         ? "release "
                     : how == kvpool::reuse::after_check ? "release_dirty "
                                                         : "release_broken ";
  const std::string call = verb + std::to_string(conn);
  if (!take(held_, conn, call, "that connection is not held")) return skipped();
  connection_record& record = connections_[conn];
  if (how == kvpool::reuse::as_is) record.verified_at = now;
  if (how == kvpool::reuse::after_check) record.check_owed = true;
  const std::uint64_t serial = record.serial;
  step(call, now, [&](kvpool::pool_actions& out) { core_.release(conn, how, now, out); });
  if (how == kvpool::reuse::never && !closed_serials_.contains(serial)) {
    fail("not_reissued", call + ": a connection released as broken was not closed");
    closed_serials_.insert(serial);  // so that handing it out again is caught too
  }
  return actions_;
}

const kvpool::pool_actions& checked_core::detach(kvpool::slot_id conn, time_point now) {
  const std::string call = "detach " + std::to_string(conn);
  if (!take(held_, conn, call, "that connection is not held")) return skipped();
  closed_serials_.insert(connections_[conn].serial);
  connections_.erase(conn);
  return step(call, now, [&](kvpool::pool_actions& out) { core_.detach(conn, now, out); });
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
  if (!take(pending_connects_, conn, call, "no connect pending for it")) return skipped();
  connect_failing_ = false;
  backoff_ = duration::zero();
  connection_record& record = connections_[conn];
  record.connected_at = now;
  record.verified_at = now;
  return step(call, now, [&](kvpool::pool_actions& out) { core_.connected(conn, now, out); });
}

const kvpool::pool_actions& checked_core::connect_failed(kvpool::slot_id conn, time_point now) {
  const std::string call = "connect_failed " + std::to_string(conn);
  if (!take(pending_connects_, conn, call, "no connect pending for it")) return skipped();
  // The backoff as the settings define it, computed here on its own.
  const kvpool::pool_settings& s = core_.settings();
  if (!connect_failing_) {
    backoff_ = s.backoff_initial;
  } else {
    const double grown = static_cast<double>(backoff_.count()) * s.backoff_multiplier;
    backoff_ = grown >= static_cast<double>(s.backoff_max.count())
                   ? s.backoff_max
                   : duration(static_cast<duration::rep>(grown));
  }
  connect_failing_ = true;
  next_connect_allowed_ = kvpool::later(now, backoff_);
  connections_.erase(conn);
  const auto refused = boost::system::errc::make_error_code(boost::system::errc::connection_refused);
  return step(call, now,
              [&](kvpool::pool_actions& out) { core_.connect_failed(conn, refused, now, out); });
}

const kvpool::pool_actions& checked_core::check_done(kvpool::slot_id conn, bool healthy,
                                                     time_point now) {
  const std::string call = "check_done " + std::to_string(conn) + (healthy ? " healthy" : " failed");
  if (!take(pending_checks_, conn, call, "no check pending for it")) return skipped();
  if (healthy) {
    connection_record& record = connections_[conn];
    record.verified_at = now;
    record.check_owed = false;
  }
  return step(call, now,
              [&](kvpool::pool_actions& out) { core_.check_done(conn, healthy, now, out); });
}

const kvpool::pool_actions& checked_core::disconnected(kvpool::slot_id conn, time_point now) {
  const std::string call = "disconnected " + std::to_string(conn);
  if (!take(pending_closes_, conn, call, "no close pending for it")) return skipped();
  connections_.erase(conn);
  return step(call, now, [&](kvpool::pool_actions& out) { core_.disconnected(conn, now, out); });
}

const kvpool::pool_actions& checked_core::tick(time_point now) {
  step("tick", now, [&](kvpool::pool_actions& out) { core_.tick(now, out); });
  for (const waiting& w : waiters_) {
    if (w.deadline <= now) {
      fail("timeout_lost", "after tick, w" + std::to_string(w.id) + " still waits past its deadline");
    }
  }
  const duration check_timeout = core_.settings().check_timeout;
  for (const kvpool::slot_id conn : pending_checks_) {
    if (now - connections_[conn].check_started >= check_timeout) {
      fail("check_timeout", "after tick, the check of connection " + std::to_string(conn) +
                                " has been in flight for check_timeout or longer");
      break;
    }
  }
  if (core_.next_deadline() <= now) {
    fail("deadline", "after tick, next_deadline() is not after now: a timer would spin");
  }
  return actions_;
}

const kvpool::pool_actions& checked_core::close(time_point now) {
  const bool first = !close_called_;
  close_called_ = true;
  step("close", now, [&](kvpool::pool_actions& out) { core_.close(now, out); });
  if (first && !waiters_.empty()) {
    fail("close_fails_waiters", "after close, " + std::to_string(waiters_.size()) + " still wait");
  }
  for (const kvpool::pool_action& action : actions_) {
    if (action.kind() == action_kind::fail && action.failure() != kvpool::error::pool_closed) {
      fail("close_fails_waiters", "close failed w" + std::to_string(action.waiter()) +
                                      " with another error than pool_closed");
    }
  }
  return actions_;
}

void checked_core::hand_out(kvpool::slot_id conn, std::uint64_t serial, time_point now,
                            const std::string& context) {
  const std::string which = "connection " + std::to_string(conn) + " (serial " + std::to_string(serial) + ")";
  if (!held_.insert(conn).second) fail("exclusive", context + ": " + which + " is already held");
  if (closed_serials_.contains(serial)) fail("not_reissued", context + ": " + which + " was closed");
  const auto found = connections_.find(conn);
  if (found == connections_.end()) {
    fail("actions", context + ": " + which + " was never connected");
    return;
  }
  connection_record& record = found->second;
  const kvpool::pool_settings& s = core_.settings();
  if (s.check_after_idle > duration::zero() && now - record.verified_at >= s.check_after_idle) {
    fail("checked_handout", context + ": " + which + " was last verified check_after_idle or longer ago");
  }
  if (record.check_owed) {
    fail("checked_handout", context + ": " + which + " was returned asking for a check, and handed out unchecked");
  }
  if (s.max_lifetime > duration::zero() && now - record.connected_at >= s.max_lifetime) {
    fail("lifetime", context + ": " + which + " is max_lifetime old or older");
  }
  record.held_since = now;
  record.leak_reported = false;
}

void checked_core::observe_connect(const std::string& context, const kvpool::pool_action& action,
                                   time_point now) {
  const kvpool::slot_id conn = action.conn();
  if (connections_.contains(conn)) fail("actions", context + ": connect for busy slot " + std::to_string(conn));
  if (close_called_) fail("after_close", context + ": a connect after close()");
  if (connect_failing_) {
    if (!pending_connects_.empty()) {
      fail("backoff", context + ": a second connect while connects fail and one is in flight");
    }
    if (now < next_connect_allowed_) fail("backoff", context + ": a connect before the backoff passed");
  }
  pending_connects_.insert(conn);
  connections_[conn] = connection_record{action.serial()};
}

void checked_core::observe(const std::string& call, time_point now,
                           const kvpool::pool_stats& before) {
  const std::string context = call + " -> [" + kvpool::to_string(actions_) + "]";
  const kvpool::pool_settings& settings = core_.settings();
  bool timed_out = false;
  // Open and connecting, in the order the actions change them: idle_floor's measure.
  std::size_t towards_min = before.open() + before.connecting;
  for (const kvpool::pool_action& action : actions_) {
    switch (action.kind()) {
      case action_kind::connect:
        observe_connect(context, action, now);
        ++towards_min;
        break;
      case action_kind::check: {
        const kvpool::slot_id conn = action.conn();
        if (!connections_.contains(conn) || held_.contains(conn) || pending_connects_.contains(conn) ||
            pending_closes_.contains(conn) || !pending_checks_.insert(conn).second) {
          fail("actions", context + ": check of connection " + std::to_string(conn) + ", which is not idle");
        }
        connections_[conn].check_started = now;
        break;
      }
      case action_kind::close: {
        const kvpool::slot_id conn = action.conn();
        const std::string which = std::to_string(conn);
        if (held_.contains(conn)) fail("actions", context + ": closed held connection " + which);
        if (pending_connects_.contains(conn) || !pending_closes_.insert(conn).second) {
          fail("actions", context + ": closed connection " + which + " while its connect or close is pending");
        }
        // A check in flight is interrupted by the close: it never reports.
        pending_checks_.erase(conn);
        const auto found = connections_.find(conn);
        if (found != connections_.end() && found->second.serial != action.serial()) {
          fail("actions", context + ": close names the wrong serial for " + which);
        }
        if (action.reason() == kvpool::close_reason::idle_timeout && towards_min <= settings.min_size) {
          fail("idle_floor", context + ": idle_timeout closed connection " + which +
                                 ", leaving the pool below min_size");
        }
        --towards_min;
        closed_serials_.insert(action.serial());
        break;
      }
      case action_kind::grant: {
        const auto it = std::find_if(waiters_.begin(), waiters_.end(),
                                     [&](const waiting& w) { return w.id == action.waiter(); });
        if (it == waiters_.end()) {
          fail("actions", context + ": grant to w" + std::to_string(action.waiter()) + ", who is not waiting");
          break;
        }
        if (it != waiters_.begin()) {
          fail("fifo", context + ": w" + std::to_string(action.waiter()) + " served before w" +
                           std::to_string(waiters_.front().id));
        }
        waiters_.erase(it);
        hand_out(action.conn(), action.serial(), now, context);
        break;
      }
      case action_kind::fail: {
        const auto it = std::find_if(waiters_.begin(), waiters_.end(),
                                     [&](const waiting& w) { return w.id == action.waiter(); });
        if (it == waiters_.end()) {
          fail("actions", context + ": failed w" + std::to_string(action.waiter()) + ", who is not waiting");
          break;
        }
        if (action.failure() == kvpool::error::timeout) {
          timed_out = true;
          if (now < it->deadline) {
            fail("timeout_early", context + ": w" + std::to_string(action.waiter()) +
                                      " timed out before its deadline");
          }
        } else if (action.failure() == kvpool::error::pool_closed && !close_called_) {
          fail("actions", context + ": pool_closed while the pool is open");
        } else if (action.failure() == kvpool::error::connect_failed && !connect_failing_) {
          fail("actions", context + ": connect_failed while no connect is failing");
        }
        waiters_.erase(it);
        break;
      }
      case action_kind::leak_suspected: {
        const kvpool::slot_id conn = action.conn();
        if (!held_.contains(conn)) {
          fail("actions", context + ": leak of connection " + std::to_string(conn) + ", which is not held");
          break;
        }
        connection_record& record = connections_[conn];
        if (record.leak_reported) fail("leak", context + ": a second leak report for one hold");
        if (now - record.held_since < settings.leak_threshold) {
          fail("leak", context + ": a leak reported before leak_threshold");
        }
        record.leak_reported = true;
        ++leak_reports_;
        break;
      }
      case action_kind::warmed_up:
        if (++warmed_up_reports_ > 1) fail("warmed_up", context + ": warmed_up reported again");
        break;
      case action_kind::closed:
        if (!close_called_ || closed_reported_) fail("closed", context + ": closed reported out of turn");
        closed_reported_ = true;
        break;
      case action_kind::created:
      case action_kind::connect_failed:
      case action_kind::acquired:
      case action_kind::released:
        break;  // the core reports these only when built with report_events
    }
  }
  const kvpool::pool_stats s = core_.stats();
  if (s.occupied() > settings.max_size) {
    fail("max_size", context + ": " + std::to_string(s.open()) + " open + " + std::to_string(s.connecting) +
                         " connecting + " + std::to_string(s.closing) + " closing > max_size " +
                         std::to_string(settings.max_size));
  }
  if (s.active != held_.size() || s.connecting != pending_connects_.size() ||
      s.checking != pending_checks_.size() || s.closing != pending_closes_.size() ||
      s.waiting != waiters_.size()) {
    fail("stats", context + ": stats() disagrees with the record (active " + std::to_string(s.active) +
                      "/" + std::to_string(held_.size()) + ", connecting " + std::to_string(s.connecting) +
                      "/" + std::to_string(pending_connects_.size()) + ", checking " +
                      std::to_string(s.checking) + "/" + std::to_string(pending_checks_.size()) +
                      ", closing " + std::to_string(s.closing) + "/" + std::to_string(pending_closes_.size()) +
                      ", waiting " + std::to_string(s.waiting) + "/" + std::to_string(waiters_.size()) + ")");
  }
  if (s.created != s.closed_total() + s.open()) {
    fail("stats", context + ": created " + std::to_string(s.created) + " != closed " +
                      std::to_string(s.closed_total()) + " + open " + std::to_string(s.open()));
  }
  check_waiting(context, now, s);
  // A timeout while the pool had room, nothing in flight and no failing connect to wait out.
  if (timed_out && !connect_failing_ && !close_called_ && before.occupied() < settings.max_size &&
      before.connecting == 0 && before.checking == 0) {
    fail("timeout_unserved", context + ": a waiter timed out while the pool had room and was not connecting");
  }
  check_deadlines(context, now);
  if (close_called_ && s.occupied() == 0 && !closed_reported_) {
    fail("closed", context + ": nothing is open, connecting or closing, yet closed was not reported");
  }
}

// Idle connections may wait out a waiter only when they need a health check first, and then
// every waiter must have a check or connect in flight.
void checked_core::check_waiting(const std::string& context, time_point now, const kvpool::pool_stats& s) {
  if (waiters_.empty() || s.idle == 0) return;
  const duration check_after_idle = core_.settings().check_after_idle;
  for (const auto& [conn, record] : connections_) {
    if (core_.state_of(conn) != kvpool::slot_state::idle) continue;
    if (check_after_idle == duration::zero() || now - record.verified_at < check_after_idle) {
      fail("no_lost_wakeup", context + ": w" + std::to_string(waiters_.front().id) +
                                 " waits while connection " + std::to_string(conn) + " is idle and ready");
      return;
    }
  }
  if (s.checking + s.connecting < waiters_.size()) {
    fail("no_lost_wakeup", context + ": " + std::to_string(waiters_.size()) + " waiting while " +
                               std::to_string(s.idle) + " idle, and only " +
                               std::to_string(s.checking + s.connecting) + " checks and connects in flight");
  }
}

void checked_core::check_deadlines(const std::string& context, time_point now) {
  for (const waiting& w : waiters_) {
    if (core_.next_deadline() > w.deadline) {
      fail("deadline", context + ": next_deadline() lies after w" + std::to_string(w.id) +
                           "'s deadline: its timeout would fire late");
      break;
    }
  }
  const duration check_after_idle = core_.settings().check_after_idle;
  if (!ticks_when_checks_fall_due_ || check_after_idle == duration::zero()) return;
  for (const auto& [conn, record] : connections_) {
    if (core_.state_of(conn) != kvpool::slot_state::idle) continue;
    const time_point due = kvpool::later(record.verified_at, check_after_idle);
    if (due > now && core_.next_deadline() > due) {
      fail("check_due", context + ": idle connection " + std::to_string(conn) +
                            " falls due for its check before next_deadline()");
      return;
    }
  }
}

void checked_core::check_drained() {
  const kvpool::pool_stats s = core_.stats();
  if (!close_called_ || !held_.empty() || !pending_connects_.empty() || !pending_checks_.empty() ||
      !pending_closes_.empty()) {
    fail("actions", "check_drained() before close, or with connections held or pending");
    return;
  }
  if (s.occupied() != 0) {
    fail("closed", "after close and every release, " + std::to_string(s.occupied()) + " still open");
  }
  if (s.created != s.closed_total()) {
    fail("closed", "created " + std::to_string(s.created) + " != closed " + std::to_string(s.closed_total()));
  }
  if (!closed_reported_) fail("closed", "closed was never reported");
}

bool checked_core::take(std::set<kvpool::slot_id>& from, kvpool::slot_id conn, const std::string& call,
                        const char* otherwise) {
  if (from.erase(conn) == 1) return true;
  fail("actions", call + ": " + otherwise);
  return false;
}

const kvpool::pool_actions& checked_core::skipped() {
  actions_.clear();
  return actions_;
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

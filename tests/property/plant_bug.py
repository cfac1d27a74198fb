#!/usr/bin/env python3
"""Writes a copy of pool_core.cpp with every known bug planted, each behind a switch read at
run time (KVPOOL_PLANTED_BUG=name), for the check that the property tests can fail: one
executable serves every bug. Usage: plant_bug.py INPUT OUTPUT; plant_bug.py --list prints each
bug's name and the invariant that must catch it, as NAME=INVARIANT.
Each replacement must match exactly once, so a change to the core that moves the code fails the
build instead of planting nothing. In a replacement, {name} is the test "this bug is planted"."""
import sys

# Each bug, the invariant that must catch it, and its edits of pool_core.cpp.
BUGS = {
    # Off by one on max_size: one connection more than allowed may be opened.
    "max_size_off_by_one": ("max_size", [
        ("if (occupied >= settings.max_size) return 0;",
         "if (occupied >= settings.max_size + ({max_size_off_by_one} ? 1 : 0)) return 0;"),
        ("return std::min(wanted, settings.max_size - occupied);",
         "return std::min(wanted, settings.max_size + ({max_size_off_by_one} ? 1 : 0) - occupied);"),
    ]),
    # A connection's place is freed when its close is decided, not when it is done: a
    # replacement opens beside a socket still open.
    "slot_freed_before_close": ("max_size", [
        ("const std::size_t occupied = towards_min + now.closing;",
         "const std::size_t occupied = towards_min + ({slot_freed_before_close} ? 0 : now.closing);"),
    ]),
    # A cancel also drops the waiter behind the cancelled one, who is then never woken.
    "cancel_loses_next_waiter": ("stats", [
        ("  waiters_.erase(it);\n",
         "  if ({cancel_loses_next_waiter} && std::next(it) != waiters_.end()) {\n"
         "    waiters_.erase(it, std::next(it, 2));\n  } else {\n    waiters_.erase(it);\n  }\n"),
    ]),
    # A connection released as broken goes back to the pool.
    "broken_connection_returned": ("not_reissued", [
        ("    case reuse::never:\n      close_slot(conn, slot_state::in_use, close_reason::broken, out);\n",
         "    case reuse::never:\n      if ({broken_connection_returned}) {\n"
         "        make_available(conn, slot_state::in_use, now, out);\n        break;\n      }\n"
         "      close_slot(conn, slot_state::in_use, close_reason::broken, out);\n"),
    ]),
    # A waiter's deadline is never armed: its timeout fires only if something else ticks.
    "timeout_never_armed": ("deadline", [
        ("  for (const waiter& w : waiters_) note_deadline(w.deadline);\n",
         "  if (!{timeout_never_armed}) for (const waiter& w : waiters_) note_deadline(w.deadline);\n"),
        ("  note_deadline(w.deadline);\n",
         "  if (!{timeout_never_armed} && !{deadline_armed_late}) note_deadline(w.deadline);\n"),
    ]),
    # A waiter's deadline is armed only at the next tick, not when it queues.
    "deadline_armed_late": ("deadline", []),  # planted with timeout_never_armed's second edit
    # An idle connection past check_after_idle is handed out unchecked.
    "handout_unchecked": ("checked_handout", [
        ("    if (!needs_check(s, now)) return conn;",
         "    if ({handout_unchecked} || !needs_check(s, now)) return conn;"),
    ]),
    # A connection returned dirty is handed out again without the check that restores it.
    "dirty_returned_unchecked": ("checked_handout", [
        ("        begin_check(conn, slot_state::in_use, check_purpose::restore, now, out);\n        break;\n",
         "        if (!{dirty_returned_unchecked}) {\n"
         "          begin_check(conn, slot_state::in_use, check_purpose::restore, now, out);\n          break;\n"
         "        }\n        s.verified_at = now;\n        make_available(conn, slot_state::in_use, now, out);\n"
         "        break;\n"),
    ]),
    # An idle connection past max_lifetime is handed out.
    "lifetime_ignored_on_handout": ("lifetime", [
        ("    if (past_lifetime(s, now)) {\n      close_slot(conn, slot_state::idle, close_reason::max_lifetime, out);",
         "    if (!{lifetime_ignored_on_handout} && past_lifetime(s, now)) {\n"
         "      close_slot(conn, slot_state::idle, close_reason::max_lifetime, out);"),
    ]),
    # Idle timeout counts every idle connection as surplus, min_size or not.
    "idle_timeout_below_min": ("idle_floor", [
        ("    const bool surplus = open_count() + connecting_ > settings_.min_size;",
         "    const bool surplus = {idle_timeout_below_min} || open_count() + connecting_ > settings_.min_size;"),
    ]),
    # While connects fail, a retry does not wait out the backoff.
    "backoff_ignored": ("backoff", [
        ("    if (now < next_connect_at_) {",
         "    if (!{backoff_ignored} && now < next_connect_at_) {"),
    ]),
    # After give_up_after, every acquire opens a connection at once (a reconnect storm).
    "storm_after_giving_up": ("backoff", [
        ("  if (gave_up(now) && nothing_in_flight() && idle_.empty() && !may_connect(now)) {",
         "  if (!{storm_after_giving_up} && gave_up(now) && nothing_in_flight() && idle_.empty() &&\n"
         "      !may_connect(now)) {"),
        ("  enqueue(now, timeout, result);\n  replenish(now, out);\n",
         "  enqueue(now, timeout, result);\n"
         "  if ({storm_after_giving_up} && gave_up(now) && nothing_in_flight() && occupied() < settings_.max_size) {\n"
         "    open_slot(now, out);\n  }\n  replenish(now, out);\n"),
    ]),
    # Connections are still opened after close().
    "connect_after_close": ("after_close", [
        ("    maintain_idle(now, out);\n    replenish(now, out);\n  }\n",
         "    maintain_idle(now, out);\n    replenish(now, out);\n  } else if ({connect_after_close}) {\n"
         "    replenish_for_demand(now, out);\n  }\n"),
    ]),
    # warmed_up is reported again and again.
    "warmed_up_twice": ("warmed_up", [
        ("    warmed_up_reported_ = true;\n", "    warmed_up_reported_ = !{warmed_up_twice};\n"),
    ]),
    # A leak is reported at half its threshold.
    "leak_early": ("leak", [
        ("    if (now - s.acquired_at < settings_.leak_threshold) continue;",
         "    if (now - s.acquired_at < ({leak_early} ? settings_.leak_threshold / 2 : settings_.leak_threshold)) continue;"),
    ]),
    # close() leaves the waiters waiting.
    "close_keeps_waiters": ("close_fails_waiters", [
        ("  fail_all_waiters(error::pool_closed, out);\n",
         "  if (!{close_keeps_waiters}) fail_all_waiters(error::pool_closed, out);\n"),
    ]),
    # A check that hangs is never given up on.
    "check_never_times_out": ("check_timeout", [
        ("  expire_checks(now, out);\n", "  if (!{check_never_times_out}) expire_checks(now, out);\n"),
    ]),
    # Idle connections that need a check are left idle while someone waits.
    "idle_left_unchecked_for_waiter": ("no_lost_wakeup", [
        ("  check_idle_for_waiters(now, out);\n  std::size_t wanted",
         "  if (!{idle_left_unchecked_for_waiter}) check_idle_for_waiters(now, out);\n  std::size_t wanted"),
    ]),
}

PRELUDE = """// Generated by plant_bug.py with every known bug planted behind a switch. Do not edit.
#include <cstdlib>
#include <cstring>
namespace {
const char* planted_bug_name() {
  static const char* name = [] {
    const char* chosen = std::getenv("KVPOOL_PLANTED_BUG");
    return chosen ? chosen : "";
  }();
  return name;
}
bool planted(const char* bug) { return std::strcmp(planted_bug_name(), bug) == 0; }
}  // namespace
"""


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        for name, (invariant, _) in BUGS.items():
            print(f"{name}={invariant}")
        return
    source, target = sys.argv[1:3]
    text = open(source).read()
    for name, (_, edits) in BUGS.items():
        for old, new in edits:
            count = text.count(old)
            if count != 1:
                sys.exit(f"plant_bug.py: {name}: {old!r} occurs {count} times in {source}, not once")
            for bug in BUGS:
                new = new.replace("{" + bug + "}", f'planted("{bug}")')
            text = text.replace(old, new)
    open(target, "w").write(PRELUDE + text)


if __name__ == "__main__":
    main()

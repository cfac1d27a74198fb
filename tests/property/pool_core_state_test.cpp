// The pool core as a rapidcheck state machine, on virtual time: generated schedules of acquires,
// releases (as they are, asking for a check, broken), detaches, cancellations (stale ones too),
// connects that succeed, fail or never finish, health checks that pass, fail or hang, closes
// that finish late, time passing with the timer on time or late, and close, with
// kvcheck::checked_core checking every invariant after every command, and a drain at the end
// (everything returned, pool closed: nothing left open).
//
// Commands name their targets by position in checked_core's record (the third held connection,
// the first pending connect...), so every command applies in every state and a shrunk failure
// still reads as a script. The settings are generated too, so timed features meet each other.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <chrono>
#include <cstdio>
#include <iterator>
#include <ostream>

#include "kvcheck/checked_core.hpp"

namespace {

using namespace std::chrono_literals;
using duration = kvcheck::checked_core::duration;
using time_point = kvcheck::checked_core::time_point;

struct pool_under_test {
  pool_under_test(const kvpool::pool_settings& settings, kvpool::handout_clock clock)
      : core(settings, clock) {}
  kvcheck::checked_core core;
  time_point now{std::chrono::hours(1)};
  std::uint64_t calls = 0;  // for the commands-per-second figure
};

// rapidcheck wants a model; the record that checked_core keeps is ours, so this one is empty.
struct no_model {};
using command = rc::state::Command<no_model, pool_under_test>;

std::string millis(duration d) {
  if (d == kvpool::never) return "never";
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + "ms";
}

void require_ok(pool_under_test& pool) {
  ++pool.calls;
  if (!pool.core.ok()) RC_FAIL(pool.core.report());
}

// The `pick`-th element of a set or deque (modulo its size), or nothing if it is empty.
template <typename Container>
auto nth(const Container& items, std::size_t pick) -> std::optional<typename Container::value_type> {
  if (items.empty()) return std::nullopt;
  return *std::next(items.begin(), static_cast<std::ptrdiff_t>(pick % items.size()));
}

rc::Gen<duration> short_duration() {
  return rc::gen::element<duration>(1ms, 10ms, 100ms, 1s, 3s, 10s, 60s);
}

struct acquire : command {
  duration timeout = *rc::gen::element<duration>(1ms, 50ms, 1s, 5s, kvpool::never);
  void run(const no_model&, pool_under_test& pool) const override {
    pool.core.acquire(pool.now, timeout);
    require_ok(pool);
  }
  void show(std::ostream& os) const override { os << "acquire(timeout " << millis(timeout) << ")"; }
};

struct try_acquire : command {
  void run(const no_model&, pool_under_test& pool) const override {
    pool.core.try_acquire(pool.now);
    require_ok(pool);
  }
  void show(std::ostream& os) const override { os << "try_acquire"; }
};

struct release : command {
  std::size_t pick = *rc::gen::inRange<std::size_t>(0, 8);
  kvpool::reuse how = *rc::gen::weightedElement<kvpool::reuse>(
      {{6, kvpool::reuse::as_is}, {2, kvpool::reuse::after_check}, {2, kvpool::reuse::never}});
  void run(const no_model&, pool_under_test& pool) const override {
    if (const auto conn = nth(pool.core.held(), pick)) pool.core.release(*conn, how, pool.now);
    require_ok(pool);
  }
  void show(std::ostream& os) const override {
    os << (how == kvpool::reuse::as_is         ? "release"
           : how == kvpool::reuse::after_check ? "release_dirty"
                                               : "release_broken")
       << "(held #" << pick << ")";
  }
};

struct detach : command {
  std::size_t pick = *rc::gen::inRange<std::size_t>(0, 8);
  void run(const no_model&, pool_under_test& pool) const override {
    if (const auto conn = nth(pool.core.held(), pick)) pool.core.detach(*conn, pool.now);
    require_ok(pool);
  }
  void show(std::ostream& os) const override { os << "detach(held #" << pick << ")"; }
};

// A waiter's cancel, or a stale one: for a waiter already granted, failed or cancelled.
struct cancel : command {
  std::size_t pick = *rc::gen::inRange<std::size_t>(0, 8);
  bool stale = *rc::gen::weightedElement<bool>({{3, false}, {1, true}});
  void run(const no_model&, pool_under_test& pool) const override {
    if (stale) {
      const kvpool::waiter_id last = pool.core.last_waiter();
      if (last > 0) pool.core.cancel(last - std::min<kvpool::waiter_id>(pick, last - 1), pool.now);
    } else if (const auto w = nth(pool.core.waiters(), pick)) {
      pool.core.cancel(w->id, pool.now);
    }
    require_ok(pool);
  }
  void show(std::ostream& os) const override {
    os << (stale ? "cancel(an earlier waiter, #" : "cancel(waiter #") << pick << ")";
  }
};

struct connect_outcome : command {
  std::size_t pick = *rc::gen::inRange<std::size_t>(0, 8);
  bool succeeds = *rc::gen::weightedElement<bool>({{3, true}, {1, false}});
  void run(const no_model&, pool_under_test& pool) const override {
    if (const auto conn = nth(pool.core.pending_connects(), pick)) {
      if (succeeds) {
        pool.core.connected(*conn, pool.now);
      } else {
        pool.core.connect_failed(*conn, pool.now);
      }
    }
    require_ok(pool);
  }
  void show(std::ostream& os) const override {
    os << (succeeds ? "connect_succeeds" : "connect_fails") << "(pending #" << pick << ")";
  }
};

struct close_done : command {
  std::size_t pick = *rc::gen::inRange<std::size_t>(0, 8);
  void run(const no_model&, pool_under_test& pool) const override {
    if (const auto conn = nth(pool.core.pending_closes(), pick)) pool.core.disconnected(*conn, pool.now);
    require_ok(pool);
  }
  void show(std::ostream& os) const override { os << "close_done(pending #" << pick << ")"; }
};

struct check_outcome : command {
  std::size_t pick = *rc::gen::inRange<std::size_t>(0, 8);
  bool healthy = *rc::gen::weightedElement<bool>({{3, true}, {1, false}});
  void run(const no_model&, pool_under_test& pool) const override {
    if (const auto conn = nth(pool.core.pending_checks(), pick)) {
      pool.core.check_done(*conn, healthy, pool.now);
    }
    require_ok(pool);
  }
  void show(std::ostream& os) const override {
    os << (healthy ? "check_passes" : "check_fails") << "(pending #" << pick << ")";
  }
};

// Time passes and the pool's timer fires, as often as the core asked for on the way.
struct advance : command {
  duration by = *short_duration();
  void run(const no_model&, pool_under_test& pool) const override {
    const time_point until = pool.now + by;
    while (pool.core.core().next_deadline() <= until) {
      pool.now = std::max(pool.now, pool.core.core().next_deadline());
      pool.core.tick(pool.now);
      require_ok(pool);
    }
    pool.now = until;
  }
  void show(std::ostream& os) const override { os << "advance(" << millis(by) << ")"; }
};

// Time passes and the timer is late: calls arrive after deadlines passed, before the tick.
struct advance_late : command {
  duration by = *short_duration();
  void run(const no_model&, pool_under_test& pool) const override {
    pool.now += by;
    require_ok(pool);
  }
  void show(std::ostream& os) const override { os << "advance_without_tick(" << millis(by) << ")"; }
};

// A tick that comes early or late, as a spurious, shared or busy timer would.
struct tick : command {
  void run(const no_model&, pool_under_test& pool) const override {
    pool.core.tick(pool.now);
    require_ok(pool);
  }
  void show(std::ostream& os) const override { os << "tick"; }
};

struct close : command {
  void run(const no_model&, pool_under_test& pool) const override {
    pool.core.close(pool.now);
    require_ok(pool);
  }
  void show(std::ostream& os) const override { os << "close"; }
};

// Durations include 0 (off) and kvpool::never, where saturating arithmetic must hold.
kvpool::pool_settings generate_settings() {
  kvpool::pool_settings s;
  s.max_size = *rc::gen::inRange<std::size_t>(1, 6);
  s.min_size = *rc::gen::inRange<std::size_t>(0, s.max_size + 1);
  s.idle_timeout = *rc::gen::element<duration>(0s, 1s, 30s, kvpool::never);
  s.max_lifetime = *rc::gen::element<duration>(0s, 5s, 120s, kvpool::never);
  s.check_after_idle = *rc::gen::element<duration>(0s, 1ms, 2s, kvpool::never);
  s.keepalive_interval = *rc::gen::element<duration>(0s, 3s, kvpool::never);
  s.check_timeout = *rc::gen::element<duration>(1ms, 1s, kvpool::never);
  s.backoff_initial = *rc::gen::element<duration>(10ms, 100ms);
  s.backoff_multiplier = *rc::gen::element(1.0, 1.5, 2.0, 1e9);
  const duration initial = s.backoff_initial;
  s.backoff_max = *rc::gen::element<duration>(duration{initial}, 1s, duration{kvpool::never});
  s.give_up_after = *rc::gen::element<duration>(0s, 2s, kvpool::never);
  s.warmup_batch = *rc::gen::inRange<std::size_t>(1, 4);
  s.leak_threshold = *rc::gen::element<duration>(0s, 4s, kvpool::never);
  return s;
}

std::string describe(const kvpool::pool_settings& s) {
  return "min " + std::to_string(s.min_size) + " max " + std::to_string(s.max_size) + " idle " +
         millis(s.idle_timeout) + " lifetime " + millis(s.max_lifetime) + " check " +
         millis(s.check_after_idle) + " keepalive " + millis(s.keepalive_interval) +
         " check_timeout " + millis(s.check_timeout) + " backoff " + millis(s.backoff_initial) +
         " x" + std::to_string(s.backoff_multiplier) + " up to " + millis(s.backoff_max) +
         " give_up " + millis(s.give_up_after) + " batch " + std::to_string(s.warmup_batch) +
         " leak " + millis(s.leak_threshold);
}

// Everything returned, every connect, check and close finished, the pool closed: nothing may
// be left.
void drain(pool_under_test& pool) {
  pool.core.close(pool.now);
  for (int round = 0; round < 100; ++round) {
    if (const auto conn = nth(pool.core.held(), 0)) {
      pool.core.release(*conn, kvpool::reuse::as_is, pool.now);
    } else if (const auto pending = nth(pool.core.pending_connects(), 0)) {
      pool.core.connected(*pending, pool.now);
    } else if (const auto checking = nth(pool.core.pending_checks(), 0)) {
      pool.core.check_done(*checking, true, pool.now);
    } else if (const auto closing = nth(pool.core.pending_closes(), 0)) {
      pool.core.disconnected(*closing, pool.now);
    } else {
      break;
    }
  }
  pool.core.check_drained();
  require_ok(pool);
}

// Calls to the checked core over all cases, and their time: the state machine's speed.
struct speed {
  std::uint64_t calls = 0;
  std::chrono::steady_clock::duration spent{};
  ~speed() {
    const double seconds = std::chrono::duration<double>(spent).count();
    if (calls > 0 && seconds > 0) {
      std::printf("state machine: %llu checked calls in %.2f s, %.0f calls per second\n",
                  static_cast<unsigned long long>(calls), seconds, static_cast<double>(calls) / seconds);
    }
  }
} state_machine_speed;

RC_GTEST_PROP(PoolCoreStateMachine, EveryInvariantHoldsAfterEveryCommand, ()) {
  const auto started = std::chrono::steady_clock::now();
  const kvpool::pool_settings settings = generate_settings();
  const auto clock =
      *rc::gen::element(kvpool::handout_clock::fresh, kvpool::handout_clock::latest_reading);
  RC_LOG() << describe(settings)
           << (clock == kvpool::handout_clock::fresh ? " fresh" : " latest_reading") << " clock\n";
  pool_under_test pool(settings, clock);
  pool.core.start(pool.now);
  require_ok(pool);
  rc::state::check(no_model{}, pool,
                   rc::state::gen::execOneOfWithArgs<acquire, acquire, try_acquire, release,
                                                     release, detach, cancel, connect_outcome,
                                                     connect_outcome, check_outcome, close_done,
                                                     close_done, advance, advance_late, tick,
                                                     close>());
  drain(pool);
  state_machine_speed.calls += pool.calls;
  state_machine_speed.spent += std::chrono::steady_clock::now() - started;
}

}  // namespace

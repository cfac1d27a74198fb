// libFuzzer target: the pool core driven by the input as an operation schedule (the first bytes
// choose the settings and the hand-out clock, each later byte one call: acquire, release,
// detach, cancel, connect outcomes, checks, closes done, time passing, close), with
// kvcheck::checked_core's invariants as the oracle.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iterator>

#include "kvcheck/checked_core.hpp"

namespace {

using namespace std::chrono_literals;
using duration = kvcheck::checked_core::duration;

template <typename Container>
auto nth(const Container& items, unsigned pick) {
  return std::next(items.begin(), static_cast<std::ptrdiff_t>(pick % items.size()));
}

constexpr duration times[] = {0s, 1ms, 50ms, 1s, 3s, 30s, kvpool::never};
duration pick_time(std::uint8_t byte) { return times[byte % std::size(times)]; }
// How far time moves in one step: never kvpool::never, or virtual time would run out.
constexpr duration steps[] = {0s, 1ms, 50ms, 1s, 3s, 30s};
duration pick_step(unsigned byte) { return steps[byte % std::size(steps)]; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 5) return 0;
  kvpool::pool_settings settings;
  settings.max_size = 1 + data[0] % 5;
  settings.min_size = (data[0] / 5) % (settings.max_size + 1);
  settings.idle_timeout = pick_time(data[1]);
  settings.max_lifetime = pick_time(data[1] / 6);
  settings.check_after_idle = pick_time(data[2]);
  settings.keepalive_interval = pick_time(data[2] / 6);
  settings.give_up_after = pick_time(data[3]);
  settings.leak_threshold = pick_time(data[3] / 6);
  settings.check_timeout = pick_time(static_cast<std::uint8_t>(1 + data[4] % 6));
  settings.backoff_multiplier = 1.0 + (data[4] / 6) % 4;
  settings.backoff_max = (data[4] / 24) % 2 == 0 ? 1s : kvpool::never;
  const auto clock = data[4] >= 128 ? kvpool::handout_clock::latest_reading : kvpool::handout_clock::fresh;
  kvcheck::checked_core pool(settings, clock);
  auto now = kvcheck::checked_core::time_point(std::chrono::hours(1));
  pool.start(now);
  for (std::size_t i = 5; i < size && pool.ok(); ++i) {
    const unsigned op = data[i] % 12;
    const unsigned arg = data[i] / 12;
    switch (op) {
      case 0:
      case 1:
        pool.acquire(now, pick_time(static_cast<std::uint8_t>(1 + arg % 5)));
        break;
      case 2:
        pool.try_acquire(now);
        break;
      case 3: {
        if (pool.held().empty()) break;
        const kvpool::reuse how[] = {kvpool::reuse::as_is, kvpool::reuse::never, kvpool::reuse::after_check,
                                     kvpool::reuse::as_is};
        pool.release(*nth(pool.held(), arg / 4), how[arg % 4], now);
        break;
      }
      case 4:
        if (!pool.waiters().empty()) pool.cancel(nth(pool.waiters(), arg)->id, now);
        break;
      case 5:
        if (!pool.pending_connects().empty()) pool.connected(*nth(pool.pending_connects(), arg), now);
        break;
      case 6:
        if (!pool.pending_connects().empty()) pool.connect_failed(*nth(pool.pending_connects(), arg), now);
        break;
      case 7:
        if (!pool.pending_checks().empty()) {
          pool.check_done(*nth(pool.pending_checks(), arg / 2), arg % 2 == 0, now);
        }
        break;
      case 8: {
        const auto until = now + pick_step(arg);
        while (pool.ok() && pool.core().next_deadline() <= until) {
          now = std::max(now, pool.core().next_deadline());
          pool.tick(now);
        }
        now = until;
        break;
      }
      case 9:
        if (!pool.pending_closes().empty()) pool.disconnected(*nth(pool.pending_closes(), arg), now);
        break;
      case 10:
        if (arg % 4 == 0 && !pool.held().empty()) {
          pool.detach(*nth(pool.held(), arg / 4), now);
        } else {
          now += pick_step(arg);  // a late timer: no tick yet
        }
        break;
      default:
        if (arg % 8 == 0) {
          pool.close(now);
        } else {
          pool.tick(now);
        }
        break;
    }
  }
  if (!pool.ok()) {
    std::fputs(pool.report().c_str(), stderr);
    __builtin_trap();
  }
  return 0;
}

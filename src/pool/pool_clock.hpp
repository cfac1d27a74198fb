#pragma once
// Which clock reading the pool engine gives its core, call by call. steady_clock::now() is the
// largest cost of an acquire + release cycle, so the fast paths read less:
//   precise()      a new steady_clock reading: deadlines (acquire timeouts, checks) and waits
//   bookkeeping()  the coarse clock (a few milliseconds) when every threshold is zero or at
//                  least a second, for times measured against those thresholds (idle, held)
//   handout()      no reading at all when, besides, leak detection is off: the latest one. The
//                  core then asks for a tick whenever an idle connection falls due for its
//                  check or retirement (handout_clock::latest_reading), and the tick reads the
//                  clock, so a hand-out decides on a reading late by the timer's latency at most.
// Readings never go back: the coarse clock lags the precise one. Not thread-safe: the engine
// calls it under its lock.

#include <time.h>

#include <algorithm>
#include <chrono>

#include "kvpool/pool_core.hpp"
#include "kvpool/pool_settings.hpp"

namespace kvpool::detail {

class pool_clock {
 public:
  using clock = std::chrono::steady_clock;

  explicit pool_clock(const pool_settings& settings) noexcept
      : coarse_is_enough_(coarse_is_enough(settings)),
        hands_out_without_reading_(coarse_is_enough_ &&
                                   settings.leak_threshold == pool_settings::duration::zero()) {}

  // What the core must be told about hand-outs (see handout_clock).
  handout_clock handout_mode() const noexcept {
    return hands_out_without_reading_ ? handout_clock::latest_reading : handout_clock::fresh;
  }

  clock::time_point precise() noexcept { return advance(clock::now()); }
  clock::time_point bookkeeping() noexcept {
    return coarse_is_enough_ ? advance(coarse_now()) : precise();
  }
  clock::time_point handout() noexcept {
    return hands_out_without_reading_ ? latest_ : bookkeeping();
  }

 private:
  static bool coarse_is_enough(const pool_settings& s) noexcept {
    const auto coarse_enough = [](pool_settings::duration threshold) {
      return threshold == pool_settings::duration::zero() || threshold >= std::chrono::seconds(1);
    };
    return coarse_enough(s.idle_timeout) && coarse_enough(s.max_lifetime) &&
           coarse_enough(s.check_after_idle) && coarse_enough(s.keepalive_interval) &&
           coarse_enough(s.leak_threshold);
  }

  clock::time_point advance(clock::time_point t) noexcept {
    latest_ = std::max(latest_, t);
    return latest_;
  }

  static clock::time_point coarse_now() noexcept {
    timespec now;
    // libstdc++'s steady_clock is CLOCK_MONOTONIC: the same epoch, a coarser tick.
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return clock::time_point(std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec));
  }

  const bool coarse_is_enough_;
  const bool hands_out_without_reading_;
  clock::time_point latest_{};
};

}  // namespace kvpool::detail

#pragma once
// What a pool may do: sizes, timeouts, retry policy. Shared by the sans-I/O core and the Asio pool.
// A zero duration switches the feature it names off, except acquire_timeout and check_timeout,
// which must be positive. kvpool::never is a duration that never passes: as an acquire_timeout
// or check_timeout it waits for ever; for the others it means what zero means.
// When every threshold below is zero or at least a second, the Asio pool times idle and held
// connections with the kernel's coarse clock (a few milliseconds late at most, for a cheaper
// acquire and release); acquire timeouts are always exact.

#include <chrono>
#include <cstddef>

namespace kvpool {

using namespace std::chrono_literals;

// Longer than any wait: time arithmetic saturates, so it never comes.
inline constexpr std::chrono::nanoseconds never = std::chrono::nanoseconds::max();

struct pool_settings {
  using duration = std::chrono::nanoseconds;

  std::size_t min_size = 2;   // kept open (and re-opened after failures) while the pool runs
  std::size_t max_size = 10;  // open, connecting and closing never exceed it (at most 1,000,000)
  duration acquire_timeout = 5s;
  duration idle_timeout = 300s;   // idle connections above min_size are closed after this
  duration max_lifetime = 30min;  // connections are retired at this age, busy ones on return
  duration check_after_idle = 30s;  // a connection idle longer is health-checked on checkout
  duration keepalive_interval = 0s;  // idle connections are pinged this often (0: never)
  // A health check or keep-alive ping that takes longer fails: its connection is closed (its
  // check interrupted) and the waiter it would have served gets another.
  duration check_timeout = 1s;
  duration backoff_initial = 100ms;  // wait after the first failed connect
  double backoff_multiplier = 2.0;  // finite, at least 1
  duration backoff_max = 10s;
  duration give_up_after = 0s;  // fail waiters at once after failing this long (0: never)
  std::size_t warmup_batch = 5;  // connects in flight at once while filling up to min_size
  duration leak_threshold = 0s;  // held longer than this is reported as a suspected leak (0: off)

  // Throws boost::system::system_error (kvpool::error::invalid_config) naming the bad value.
  void validate() const;
};

}  // namespace kvpool

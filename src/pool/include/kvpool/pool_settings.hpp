#pragma once
// What a pool may do: sizes, timeouts, retry policy. Shared by the sans-I/O core and the Asio pool.
// A zero duration switches the feature it names off, except acquire_timeout, which must be positive.
// When every threshold below is zero or at least a second, the Asio pool times idle and held
// connections with the kernel's coarse clock (a few milliseconds late at most, for a cheaper
// acquire and release); acquire timeouts are always exact.

#include <chrono>
#include <cstddef>

namespace kvpool {

using namespace std::chrono_literals;

struct pool_settings {
  using duration = std::chrono::nanoseconds;

  std::size_t min_size = 2;   // kept open (and re-opened after failures) while the pool runs
  std::size_t max_size = 10;  // open plus connecting never exceeds it
  duration acquire_timeout = 5s;
  duration idle_timeout = 300s;   // idle connections above min_size are closed after this
  duration max_lifetime = 30min;  // connections are retired at this age, busy ones on return
  duration check_after_idle = 30s;  // a connection idle longer is health-checked on checkout
  duration keepalive_interval = 0s;  // idle connections are pinged this often (0: never)
  duration backoff_initial = 100ms;  // wait after the first failed connect
  double backoff_multiplier = 2.0;
  duration backoff_max = 10s;
  duration give_up_after = 0s;  // fail waiters at once after failing this long (0: never)
  std::size_t warmup_batch = 5;  // connects in flight at once while filling up to min_size
  duration leak_threshold = 0s;  // held longer than this is reported as a suspected leak (0: off)

  // Throws boost::system::system_error (kvpool::error::invalid_config) naming the bad value.
  void validate() const;
};

}  // namespace kvpool

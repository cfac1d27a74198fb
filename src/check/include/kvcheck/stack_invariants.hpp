#pragma once
// Invariants of a whole pool (basic_pool or kv_pool over real sockets) seen from both sides: the
// holders', the pool's statistics and the fake server's counters. For tests where the pool runs
// for real; checked_core.hpp does the same for the sans-I/O core, exhaustively.
//
//   holder_tracker   exclusive: a connection is never held twice at once; not_reissued: one the
//                    pool closed, or whose command was interrupted (cancelled, timed out, cut by
//                    a fault), is never handed out again; lifetime: none older than
//                    max_lifetime is handed out. Thread-safe: call it from workers.
//   check_bounded    max_size: the server never saw more of the pool's connections at once
//                    than max_size, nor did the pool count more (open, connecting and closing)
//                    in any of the stats() sampled during the run
//   check_drained    leak-free: after close, the server sees no connection open, the pool's
//                    counters balance (created == closed) and no file descriptor is left
//   connect_attempt_bound  no reconnect storm: the most connect attempts the backoff allows
//                    while the server stays down
//
// Every check returns the violations it found (empty: none), as checked_core does.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "kvcheck/checked_core.hpp"
#include "kvmock/server.hpp"
#include "kvpool/pool_observer.hpp"
#include "kvpool/pool_settings.hpp"
#include "kvpool/pool_stats.hpp"

namespace kvcheck {

class holder_tracker {
 public:
  // max_lifetime: the pool's (zero: not checked). A hand-out is seen by the observer a moment
  // after the pool decided it: an age up to `tolerance` past max_lifetime is that moment.
  explicit holder_tracker(std::chrono::nanoseconds max_lifetime = {},
                          std::chrono::nanoseconds tolerance = std::chrono::milliseconds(10))
      : max_lifetime_(max_lifetime), tolerance_(tolerance) {}

  // Right after an acquire completed with a connection, and right before it is released.
  void acquired(std::uint64_t serial);
  void released(std::uint64_t serial);
  // Its holder's command was interrupted: the connection must never be handed out again.
  void interrupted(std::uint64_t serial);
  // Hooks to give the pool (created, acquired and closed are used; chain your own after them).
  kvpool::pool_observer observer();
  std::vector<violation> violations() const;

 private:
  void fail(std::string invariant, std::string detail);

  const std::chrono::nanoseconds max_lifetime_;
  const std::chrono::nanoseconds tolerance_;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, int> holders_;
  std::set<std::uint64_t> closed_;
  std::set<std::uint64_t> interrupted_;
  std::map<std::uint64_t, std::chrono::steady_clock::time_point> created_;
  std::vector<violation> violations_;
};

// The most connections a pool counted at once (stats().occupied()) over the samples taken
// during a run. Thread-safe.
class occupancy_sampler {
 public:
  void sample(const kvpool::pool_stats& stats) noexcept;
  std::size_t peak() const noexcept { return peak_.load(); }

 private:
  std::atomic<std::size_t> peak_{0};
};

std::vector<violation> check_bounded(std::size_t pool_peak, const kvmock::server_stats& server,
                                     std::size_t max_size);

// Open file descriptors of this process (/proc/self/fd), for a before/after comparison.
std::size_t open_file_descriptors();

// After the pool completed async_close and the server saw its connections close.
std::vector<violation> check_drained(const kvpool::pool_stats& pool,
                                     const kvmock::server_stats& server,
                                     std::size_t descriptors_before, std::size_t descriptors_after);

// While every connect fails for `outage`: one attempt at a time after each backoff, after a
// first batch of at most warmup_batch (or max_size, for waiters).
std::uint64_t connect_attempt_bound(const kvpool::pool_settings& settings,
                                    std::chrono::nanoseconds outage);

std::string report(const std::vector<violation>& violations);

}  // namespace kvcheck

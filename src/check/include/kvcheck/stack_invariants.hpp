#pragma once
// Invariants of a whole pool (basic_pool or kv_pool over real sockets) seen from both sides: the
// holders', the pool's statistics and the fake server's counters. For tests where the pool runs
// for real; checked_core.hpp does the same for the sans-I/O core, exhaustively.
//
//   holder_tracker   exclusive: a connection is never held twice at once; not_reissued: one the
//                    pool closed is never handed out again. Thread-safe: call it from workers.
//   check_bounded    max_size: the server never saw more of the pool's connections at once
//                    than max_size, nor did the pool count more
//   check_drained    leak-free: after close, the server sees no connection open, the pool's
//                    counters balance (created == closed) and no file descriptor is left
//   connect_attempt_bound  no reconnect storm: the most connect attempts the backoff allows
//                    while the server stays down
//
// Every check returns the violations it found (empty: none), as checked_core does.

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
  // Right after an acquire completed with a connection, and right before it is released.
  void acquired(std::uint64_t serial);
  void released(std::uint64_t serial);
  // Hooks to give the pool (pool_observer::closed is used; chain your own after it).
  kvpool::pool_observer observer();
  std::vector<violation> violations() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::uint64_t, int> holders_;
  std::set<std::uint64_t> closed_;
  std::vector<violation> violations_;
};

std::vector<violation> check_bounded(const kvpool::pool_stats& pool,
                                     const kvmock::server_stats& server, std::size_t max_size);

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

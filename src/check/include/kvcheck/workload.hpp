#pragma once
// One operation of a checking workload on a kv_pool: acquire, use the connection in a way whose
// every reply is recognisable (ECHO of a nonce, GET of a value just SET under a key no one else
// writes), release. It records what it saw: outcomes by error, and violations of integrity (a
// reply meant for another request), exclusivity (through a holder_tracker) and timeout_early
// (an acquire timing out before acquire_timeout). Used by the full-stack properties and by
// `kvmock storm`. Safe to run from many coroutines and threads at once.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include "kvcheck/register_history.hpp"
#include "kvcheck/stack_invariants.hpp"
#include "kvpool/kv_pool.hpp"

namespace kvcheck {

enum class operation {
  echo,               // ECHO a nonce, expect it back
  set_then_get,       // GET (checked against every earlier write), SET a unique value, GET it back
  cancelled_echo,     // ECHO, cancelled after 1 ms: the connection must be discarded
  broken,             // acquire, release_broken
  cancelled_acquire,  // an acquire cancelled by a timer that races the grant, then ECHO
};
const char* to_string(operation op) noexcept;

class workload_findings {
 public:
  // The pool's stats, sampled by every operation (check_bounded reads the peak).
  occupancy_sampler occupancy;
  // Every write of set_then_get and what it became; its reads are checked against it.
  register_history writes;

  void succeeded();
  void failed(const boost::system::error_code& ec);
  void violated(std::string invariant, std::string detail);

  std::uint64_t successes() const;
  // Failed operations by their error, e.g. "kvpool:1 (timeout)" -> 3.
  std::map<std::string, std::uint64_t> failures() const;
  std::vector<violation> violations() const;

 private:
  mutable std::mutex mutex_;
  std::uint64_t successes_ = 0;
  std::map<std::string, std::uint64_t> failures_;
  std::vector<violation> violations_;
};

// Runs `op` once; `tag` makes its nonce, value and messages unique (e.g. "w3.17"), `worker`
// names the key it writes (one per worker, so no one else changes it). A connection its command
// left unusable is reported to `holders` as interrupted before it is returned.
boost::asio::awaitable<void> run_operation(kvpool::kv_pool& pool, operation op, int worker,
                                           std::string tag, holder_tracker& holders,
                                           workload_findings& found);

}  // namespace kvcheck

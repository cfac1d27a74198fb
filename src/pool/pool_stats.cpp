#include "kvpool/pool_stats.hpp"

#include <numeric>

namespace kvpool {

std::string_view to_string(close_reason reason) noexcept {
  switch (reason) {
    case close_reason::idle_timeout: return "idle_timeout";
    case close_reason::max_lifetime: return "max_lifetime";
    case close_reason::broken: return "broken";
    case close_reason::check_failed: return "check_failed";
    case close_reason::pool_closed: return "pool_closed";
    case close_reason::detached: return "detached";
  }
  return "unknown";
}

std::uint64_t pool_stats::closed_total() const noexcept {
  return std::accumulate(closed.begin(), closed.end(), std::uint64_t{0});
}

std::chrono::nanoseconds pool_stats::mean_wait() const noexcept {
  return acquired == 0 ? std::chrono::nanoseconds{0}
                       : total_wait / static_cast<std::int64_t>(acquired);
}

}  // namespace kvpool

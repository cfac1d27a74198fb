#pragma once
// A snapshot of a pool's state and its counters since it was created.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/system/error_code.hpp>

namespace kvpool {

enum class close_reason : std::uint8_t {
  idle_timeout,  // idle longer than idle_timeout while above min_size
  max_lifetime,  // older than max_lifetime
  broken,        // its holder's command was interrupted, or it was released as broken
  check_failed,  // a health check or keep-alive ping failed
  pool_closed,   // the pool was closed
  detached,      // its holder took it out of the pool (detach()): the pool no longer counts it
};
inline constexpr std::size_t close_reason_count = 6;
std::string_view to_string(close_reason reason) noexcept;

struct pool_stats {
  // Now.
  std::size_t idle = 0;
  std::size_t active = 0;      // handed out
  std::size_t checking = 0;    // being health-checked or pinged
  std::size_t connecting = 0;  // pending creates: they count towards max_size
  std::size_t closing = 0;     // being closed: they count towards max_size until they are
  std::size_t waiting = 0;     // acquires queued
  std::size_t max_size = 0;

  // Since the pool was created.
  std::uint64_t created = 0;
  std::uint64_t connect_attempts = 0;
  std::uint64_t connect_failures = 0;
  std::uint64_t acquired = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t cancelled = 0;
  std::uint64_t check_timeouts = 0;  // checks and pings that outlived check_timeout (closed)
  std::uint64_t observer_errors = 0;  // exceptions thrown by observer hooks (caught)
  std::array<std::uint64_t, close_reason_count> closed{};
  boost::system::error_code last_connect_error;

  // Acquire wait: bucket i counts waits below 2^i microseconds (the last bucket: all longer ones).
  std::array<std::uint64_t, 24> wait_histogram{};
  std::chrono::nanoseconds total_wait{0};

  std::uint64_t closed_total() const noexcept;
  std::size_t open() const noexcept { return idle + active + checking; }
  // What counts towards max_size.
  std::size_t occupied() const noexcept { return open() + connecting + closing; }
  std::chrono::nanoseconds mean_wait() const noexcept;
};

}  // namespace kvpool

#pragma once
// Time arithmetic that cannot wrap: a duration of kvpool::never (duration::max()) added to any
// time gives time_point::max(), which the pool reads as "never", instead of a time in the past.

#include <algorithm>
#include <chrono>
#include <type_traits>

namespace kvpool {

// t + d, saturated at time_point::max(); a negative d counts as zero (a deadline already due).
template <class Clock, class Duration>
constexpr std::chrono::time_point<Clock, Duration> later(std::chrono::time_point<Clock, Duration> t,
                                                         std::type_identity_t<Duration> d) noexcept {
  using time_point = std::chrono::time_point<Clock, Duration>;
  typename Duration::rep sum;
  if (__builtin_add_overflow(t.time_since_epoch().count(), std::max(d, Duration::zero()).count(), &sum)) {
    return time_point::max();
  }
  return time_point(Duration(sum));
}

}  // namespace kvpool

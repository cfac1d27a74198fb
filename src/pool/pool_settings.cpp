#include "kvpool/pool_settings.hpp"

#include <cmath>
#include <string>

#include <boost/system/system_error.hpp>

#include "kvpool/error.hpp"

namespace kvpool {
namespace {

[[noreturn]] void reject(const std::string& what) {
  throw boost::system::system_error(make_error_code(error::invalid_config), what);
}

void require_not_negative(pool_settings::duration value, const char* name) {
  if (value < pool_settings::duration::zero()) {
    reject(std::string(name) + " must not be negative (0 switches it off)");
  }
}

void require_positive(pool_settings::duration value, const char* name) {
  if (value <= pool_settings::duration::zero()) {
    reject(std::string(name) + " must be positive (kvpool::never for no limit)");
  }
}

// Slot numbers are 32-bit, and the pool reserves room for max_size of them.
constexpr std::size_t largest_max_size = 1'000'000;

}  // namespace

void pool_settings::validate() const {
  if (max_size == 0) reject("max_size must be at least 1");
  if (max_size > largest_max_size) {
    reject("max_size (" + std::to_string(max_size) + ") must be at most " +
           std::to_string(largest_max_size));
  }
  if (min_size > max_size) {
    reject("min_size (" + std::to_string(min_size) + ") exceeds max_size (" +
           std::to_string(max_size) + ")");
  }
  require_positive(acquire_timeout, "acquire_timeout");
  require_positive(check_timeout, "check_timeout");
  require_not_negative(idle_timeout, "idle_timeout");
  require_not_negative(max_lifetime, "max_lifetime");
  require_not_negative(check_after_idle, "check_after_idle");
  require_not_negative(keepalive_interval, "keepalive_interval");
  require_not_negative(give_up_after, "give_up_after");
  require_not_negative(leak_threshold, "leak_threshold");
  if (backoff_initial <= duration::zero()) reject("backoff_initial must be positive");
  if (backoff_max < backoff_initial) reject("backoff_max must be at least backoff_initial");
  if (!std::isfinite(backoff_multiplier) || backoff_multiplier < 1.0) {
    reject("backoff_multiplier (" + std::to_string(backoff_multiplier) +
           ") must be a finite number of at least 1");
  }
  if (warmup_batch == 0) reject("warmup_batch must be at least 1");
}

}  // namespace kvpool

#include "kvpool/pool_settings.hpp"

#include <string>

#include <boost/system/system_error.hpp>

#include "kvpool/error.hpp"

namespace kvpool {
namespace {

[[noreturn]] void reject(const std::string& what) {
  throw boost::system::system_error(make_error_code(error::invalid_config), what);
}

void require_not_negative(pool_settings::duration value, const char* name) {
  if (value < pool_settings::duration::zero()) reject(std::string(name) + " must not be negative");
}

}  // namespace

void pool_settings::validate() const {
  if (max_size == 0) reject("max_size must be at least 1");
  if (min_size > max_size) {
    reject("min_size (" + std::to_string(min_size) + ") exceeds max_size (" +
           std::to_string(max_size) + ")");
  }
  if (acquire_timeout <= duration::zero()) reject("acquire_timeout must be positive");
  require_not_negative(idle_timeout, "idle_timeout");
  require_not_negative(max_lifetime, "max_lifetime");
  require_not_negative(check_after_idle, "check_after_idle");
  require_not_negative(keepalive_interval, "keepalive_interval");
  require_not_negative(give_up_after, "give_up_after");
  require_not_negative(leak_threshold, "leak_threshold");
  if (backoff_initial <= duration::zero()) reject("backoff_initial must be positive");
  if (backoff_max < backoff_initial) reject("backoff_max must be at least backoff_initial");
  if (!(backoff_multiplier >= 1.0)) reject("backoff_multiplier must be at least 1");
  if (warmup_batch == 0) reject("warmup_batch must be at least 1");
}

}  // namespace kvpool

#include "kvcheck/stack_invariants.hpp"

#include <algorithm>
#include <filesystem>

namespace kvcheck {

void holder_tracker::acquired(std::uint64_t serial) {
  std::lock_guard lock(mutex_);
  const std::string which = "connection " + std::to_string(serial);
  if (++holders_[serial] > 1) fail("exclusive", which + " held twice at once");
  if (closed_.contains(serial)) fail("not_reissued", which + " handed out after the pool closed it");
  if (interrupted_.contains(serial)) {
    fail("not_reissued", which + " handed out after a command on it was interrupted");
  }
}

void holder_tracker::released(std::uint64_t serial) {
  std::lock_guard lock(mutex_);
  if (--holders_[serial] == 0) holders_.erase(serial);
}

void holder_tracker::interrupted(std::uint64_t serial) {
  std::lock_guard lock(mutex_);
  interrupted_.insert(serial);
}

kvpool::pool_observer holder_tracker::observer() {
  kvpool::pool_observer hooks;
  hooks.created = [this](std::uint64_t serial) {
    std::lock_guard lock(mutex_);
    created_[serial] = std::chrono::steady_clock::now();
  };
  hooks.acquired = [this](std::uint64_t serial, std::chrono::nanoseconds) {
    if (max_lifetime_ <= std::chrono::nanoseconds::zero()) return;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    const auto created = created_.find(serial);
    if (created != created_.end() && now - created->second > max_lifetime_ + tolerance_) {
      fail("lifetime", "connection " + std::to_string(serial) + " handed out " +
                           std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              now - created->second).count()) +
                           " ms after it connected, past max_lifetime");
    }
  };
  hooks.closed = [this](std::uint64_t serial, kvpool::close_reason) {
    std::lock_guard lock(mutex_);
    closed_.insert(serial);
    created_.erase(serial);
  };
  return hooks;
}

void holder_tracker::fail(std::string invariant, std::string detail) {
  violations_.push_back({std::move(invariant), std::move(detail)});
}

void occupancy_sampler::sample(const kvpool::pool_stats& stats) noexcept {
  const std::size_t now = stats.occupied();
  std::size_t peak = peak_.load();
  while (now > peak && !peak_.compare_exchange_weak(peak, now)) {
  }
}

std::vector<violation> holder_tracker::violations() const {
  std::lock_guard lock(mutex_);
  return violations_;
}

std::vector<violation> check_bounded(std::size_t pool_peak, const kvmock::server_stats& server,
                                     std::size_t max_size) {
  std::vector<violation> found;
  if (server.peak_connections > max_size) {
    found.push_back({"max_size", "the server saw " + std::to_string(server.peak_connections) +
                                     " connections at once, max_size is " + std::to_string(max_size)});
  }
  if (pool_peak > max_size) {
    found.push_back({"max_size", "the pool counted " + std::to_string(pool_peak) +
                                     " open, connecting or closing at once, max_size is " +
                                     std::to_string(max_size)});
  }
  return found;
}

std::size_t open_file_descriptors() {
  std::error_code ec;
  const auto entries = std::filesystem::directory_iterator("/proc/self/fd", ec);
  if (ec) return 0;
  // Less one: the iterator's own descriptor for the directory.
  return static_cast<std::size_t>(std::distance(std::filesystem::begin(entries),
                                                std::filesystem::end(entries))) - 1;
}

std::vector<violation> check_drained(const kvpool::pool_stats& pool,
                                     const kvmock::server_stats& server,
                                     std::size_t descriptors_before, std::size_t descriptors_after) {
  std::vector<violation> found;
  if (server.open_connections != 0) {
    found.push_back({"leak", "after close, the server still sees " +
                                 std::to_string(server.open_connections) + " connections open"});
  }
  if (pool.occupied() != 0 || pool.created != pool.closed_total()) {
    found.push_back({"leak", "after close, the pool created " + std::to_string(pool.created) +
                                 " and closed " + std::to_string(pool.closed_total()) + " (" +
                                 std::to_string(pool.open()) + " open)"});
  }
  if (descriptors_after > descriptors_before) {
    found.push_back({"leak", std::to_string(descriptors_after - descriptors_before) +
                                 " file descriptors left open"});
  }
  return found;
}

std::uint64_t connect_attempt_bound(const kvpool::pool_settings& settings,
                                    std::chrono::nanoseconds outage) {
  std::uint64_t retries = 1;
  auto backoff = settings.backoff_initial;
  for (auto waited = backoff; waited <= outage; waited += backoff) {
    ++retries;
    backoff = std::min(std::chrono::duration_cast<kvpool::pool_settings::duration>(
                           backoff * settings.backoff_multiplier),
                       settings.backoff_max);
  }
  return std::max(settings.warmup_batch, settings.max_size) + retries;
}

std::string report(const std::vector<violation>& violations) {
  std::string text;
  for (const auto& v : violations) text += v.invariant + ": " + v.detail + "\n";
  return text;
}

}  // namespace kvcheck

#include "kvcheck/stack_invariants.hpp"

#include <algorithm>
#include <filesystem>

namespace kvcheck {

void holder_tracker::acquired(std::uint64_t serial) {
  std::lock_guard lock(mutex_);
  if (++holders_[serial] > 1) {
    violations_.push_back({"exclusive", "connection " + std::to_string(serial) + " held twice at once"});
  }
  if (closed_.contains(serial)) {
    violations_.push_back({"not_reissued", "connection " + std::to_string(serial) +
                                               " handed out after the pool closed it"});
  }
}

void holder_tracker::released(std::uint64_t serial) {
  std::lock_guard lock(mutex_);
  if (--holders_[serial] == 0) holders_.erase(serial);
}

kvpool::pool_observer holder_tracker::observer() {
  kvpool::pool_observer hooks;
  hooks.closed = [this](std::uint64_t serial, kvpool::close_reason) {
    std::lock_guard lock(mutex_);
    closed_.insert(serial);
  };
  return hooks;
}

std::vector<violation> holder_tracker::violations() const {
  std::lock_guard lock(mutex_);
  return violations_;
}

std::vector<violation> check_bounded(const kvpool::pool_stats& pool,
                                     const kvmock::server_stats& server, std::size_t max_size) {
  std::vector<violation> found;
  if (server.peak_connections > max_size) {
    found.push_back({"max_size", "the server saw " + std::to_string(server.peak_connections) +
                                     " connections at once, max_size is " + std::to_string(max_size)});
  }
  if (pool.open() + pool.connecting > max_size) {
    found.push_back({"max_size", "the pool counts " + std::to_string(pool.open() + pool.connecting) +
                                     " open or connecting, max_size is " + std::to_string(max_size)});
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
  if (pool.open() + pool.connecting != 0 || pool.created != pool.closed_total()) {
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

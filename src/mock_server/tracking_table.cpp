#include "tracking_table.hpp"

namespace kvmock {

void tracking_table::remember(std::uint64_t client, std::string_view key) { readers_[std::string(key)].insert(client); }

std::vector<std::uint64_t> tracking_table::take_readers(std::string_view key) {
  const auto found = readers_.find(std::string(key));
  if (found == readers_.end()) return {};
  std::vector<std::uint64_t> clients(found->second.begin(), found->second.end());
  readers_.erase(found);
  return clients;
}

void tracking_table::follow(std::uint64_t client, const std::vector<std::string>& prefixes) {
  for (const auto& prefix : prefixes) prefixes_[prefix].insert(client);
}

void tracking_table::unfollow(std::uint64_t client) {
  for (auto at = prefixes_.begin(); at != prefixes_.end();) {
    at->second.erase(client);
    if (at->second.empty()) {
      pending_.erase(at->first);
      at = prefixes_.erase(at);
    } else {
      ++at;
    }
  }
}

void tracking_table::key_changed_for_prefixes(std::string_view key, std::uint64_t by) {
  for (const auto& [prefix, followers] : prefixes_) {
    if (key.starts_with(prefix)) pending_[prefix].insert_or_assign(std::string(key), by);
  }
}

std::vector<tracking_table::broadcast> tracking_table::take_broadcasts() {
  std::vector<broadcast> messages;
  for (auto& [prefix, keys] : pending_) {
    const auto followers = prefixes_.find(prefix);
    if (followers == prefixes_.end()) continue;
    for (const std::uint64_t client : followers->second) messages.push_back({client, {keys.begin(), keys.end()}});
  }
  pending_.clear();
  return messages;
}

}  // namespace kvmock

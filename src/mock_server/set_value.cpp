#include "set_value.hpp"

namespace kvmock {

bool set_value::contains(std::string_view member) const {
  return index_.find(member, key_of()) != member_index::none;
}

bool set_value::insert(std::string_view member) {
  if (contains(member)) return false;
  members_.emplace_back(member);
  index_.insert(static_cast<std::uint32_t>(members_.size() - 1), members_.size(), key_of());
  return true;
}

bool set_value::erase(std::string_view member) {
  const std::uint32_t at = index_.find(member, key_of());
  if (at == member_index::none) return false;
  take(at);
  return true;
}

std::string set_value::take(std::size_t position) {
  const auto at = static_cast<std::uint32_t>(position);
  index_.erase(at, key_of());
  std::string taken = std::move(members_[at]);
  const auto last = static_cast<std::uint32_t>(members_.size() - 1);
  if (at != last) {
    members_[at] = std::move(members_[last]);
    index_.moved(last, at, key_of());
  }
  members_.pop_back();
  return taken;
}

}  // namespace kvmock

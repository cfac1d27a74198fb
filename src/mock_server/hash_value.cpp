#include "hash_value.hpp"

#include <utility>

namespace kvmock {

const std::string* hash_value::find(std::string_view name) const {
  const std::uint32_t at = index_.find(name, key_of());
  return at == member_index::none ? nullptr : &fields_[at].second;
}

std::string* hash_value::find(std::string_view name) {
  return const_cast<std::string*>(std::as_const(*this).find(name));
}

bool hash_value::set(std::string_view name, std::string_view value) {
  if (std::string* existing = find(name)) {
    existing->assign(value);
    return false;
  }
  fields_.emplace_back(std::string(name), std::string(value));
  index_.insert(static_cast<std::uint32_t>(fields_.size() - 1), fields_.size(), key_of());
  return true;
}

bool hash_value::erase(std::string_view name) {
  const std::uint32_t at = index_.find(name, key_of());
  if (at == member_index::none) return false;
  if (!ever_large_) {
    // Small: the order stays, and the index is rebuilt (at most a few hundred fields).
    fields_.erase(fields_.begin() + at);
    index_.clear();
    for (std::uint32_t i = 0; i < fields_.size(); ++i) index_.insert(i, i + 1, key_of());
    return true;
  }
  index_.erase(at, key_of());
  const auto last = static_cast<std::uint32_t>(fields_.size() - 1);
  if (at != last) {
    fields_[at] = std::move(fields_[last]);
    index_.moved(last, at, key_of());
  }
  fields_.pop_back();
  return true;
}

}  // namespace kvmock

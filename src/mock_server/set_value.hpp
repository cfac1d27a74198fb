#pragma once
// A set: members in one vector, found through a hash index. Iteration order is insertion order
// until a member leaves (the last member then takes its place), like a hash table's order:
// unspecified, as Redis's is.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "member_index.hpp"

namespace kvmock {

class set_value {
 public:
  std::size_t size() const noexcept { return members_.size(); }
  bool empty() const noexcept { return members_.empty(); }
  bool contains(std::string_view member) const;
  // Whether it is new.
  bool insert(std::string_view member);
  bool erase(std::string_view member);
  // By position (any member, for a random pick), and taken out by position.
  const std::string& at(std::size_t position) const { return members_[position]; }
  std::string take(std::size_t position);

  // Whether it outgrew Redis's compact encoding (an intset), for good (see encodings.hpp).
  bool ever_large() const noexcept { return ever_large_; }
  void set_large(bool large) noexcept { ever_large_ = large; }

  auto begin() const noexcept { return members_.begin(); }
  auto end() const noexcept { return members_.end(); }

 private:
  auto key_of() const {
    return [this](std::uint32_t at) { return std::string_view(members_[at]); };
  }

  std::vector<std::string> members_;
  member_index index_;
  bool ever_large_ = false;
};

}  // namespace kvmock

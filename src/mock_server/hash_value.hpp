#pragma once
// A hash: fields in one vector, found through a hash index. While it is small (Redis keeps a
// listpack), fields stay in insertion order, as HGETALL, HKEYS and HVALS list them; once large
// (a hash table, for good), a removed field's place goes to the last one.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "member_index.hpp"

namespace kvmock {

class hash_value {
 public:
  using field = std::pair<std::string, std::string>;

  const std::string* find(std::string_view name) const;
  std::string* find(std::string_view name);
  // Whether the field is new.
  bool set(std::string_view name, std::string_view value);
  bool erase(std::string_view name);
  std::size_t size() const noexcept { return fields_.size(); }
  bool empty() const noexcept { return fields_.empty(); }
  const std::vector<field>& fields() const noexcept { return fields_; }
  const field& at(std::size_t position) const { return fields_[position]; }
  // Whether it outgrew a small hash (Redis converts a listpack for good; see encodings.hpp).
  // Small, it keeps insertion order as a listpack does.
  bool ever_large() const noexcept { return ever_large_; }
  void set_large(bool large) noexcept { ever_large_ = large; }

 private:
  auto key_of() const {
    return [this](std::uint32_t at) { return std::string_view(fields_[at].first); };
  }

  std::vector<field> fields_;
  member_index index_;
  bool ever_large_ = false;
};

}  // namespace kvmock

#pragma once
// An open-addressing hash index over members stored elsewhere, by their position: what makes a
// set's or a hash's look-up constant-time while the members stay in one vector. Four bytes a
// slot, linear probing, deletion by backward shift (no tombstones). key_of(position) gives the
// member at a position.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace kvmock {

class member_index {
 public:
  static constexpr std::uint32_t none = UINT32_MAX;

  // The position of `member`, or none.
  template <typename KeyOf>
  std::uint32_t find(std::string_view member, KeyOf key_of) const {
    if (slots_.empty()) return none;
    for (std::size_t i = home(member);; i = next(i)) {
      const std::uint32_t at = slots_[i];
      if (at == empty) return none;
      if (key_of(at) == member) return at;
    }
  }

  // Records that position `at` holds a member not yet indexed (size: members held, `at` included).
  template <typename KeyOf>
  void insert(std::uint32_t at, std::size_t size, KeyOf key_of) {
    if (size * 4 > slots_.size() * 3) grow(size, key_of);
    std::size_t i = home(key_of(at));
    while (slots_[i] != empty) i = next(i);
    slots_[i] = at;
  }

  // Forgets the member at position `at`.
  template <typename KeyOf>
  void erase(std::uint32_t at, KeyOf key_of) {
    std::size_t i = home(key_of(at));
    while (slots_[i] != at) i = next(i);
    // Backward shift: pull later members of the probe run into the hole where they belong.
    for (std::size_t j = next(i);; j = next(j)) {
      if (slots_[j] == empty) break;
      const std::size_t want = home(key_of(slots_[j]));
      const bool movable = (j > i) ? (want <= i || want > j) : (want <= i && want > j);
      if (movable) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = empty;
  }

  // The member at `from` moved to `to` (the vector's last filled a hole).
  template <typename KeyOf>
  void moved(std::uint32_t from, std::uint32_t to, KeyOf key_of) {
    std::size_t i = home(key_of(to));  // key_of(to) is the moved member now
    while (slots_[i] != from) i = next(i);
    slots_[i] = to;
  }

  void clear() noexcept { slots_.clear(); }

 private:
  static constexpr std::uint32_t empty = UINT32_MAX;

  std::size_t home(std::string_view member) const noexcept {
    return std::hash<std::string_view>{}(member) & (slots_.size() - 1);
  }
  std::size_t next(std::size_t i) const noexcept { return (i + 1) & (slots_.size() - 1); }

  template <typename KeyOf>
  void grow(std::size_t size, KeyOf key_of) {
    std::size_t capacity = slots_.empty() ? 8 : slots_.size() * 2;
    while (size * 4 > capacity * 3) capacity *= 2;
    slots_.assign(capacity, empty);
    // Every position below `size` but the newest is indexed again; the caller adds the newest.
    for (std::uint32_t at = 0; at + 1 < size; ++at) {
      std::size_t i = home(key_of(at));
      while (slots_[i] != empty) i = next(i);
      slots_[i] = at;
    }
  }

  std::vector<std::uint32_t> slots_;  // a power of two of them, or none
};

}  // namespace kvmock

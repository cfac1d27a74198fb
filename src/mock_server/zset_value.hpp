#pragma once
// A sorted set: members ordered by (score, member), as Redis orders them, with a member's score
// and rank found in logarithmic time. Members live once, in the score index; the order keeps
// pointers to them in chunks of at most 256 (a B-tree's leaves, without its inner nodes: a
// Fenwick tree over the chunks' sizes finds a rank's chunk).

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kvmock {

class zset_value {
 public:
  struct element {
    double score;
    std::string_view member;  // valid while the member is in the set
  };

  zset_value() = default;
  zset_value(const zset_value& other);
  zset_value& operator=(const zset_value& other);
  zset_value(zset_value&&) noexcept = default;
  zset_value& operator=(zset_value&&) noexcept = default;

  std::size_t size() const noexcept { return scores_.size(); }
  bool empty() const noexcept { return scores_.empty(); }
  std::optional<double> score(std::string_view member) const;
  // Adds the member with `score`, or moves it there: whether it is new.
  bool set(std::string_view member, double score);
  bool erase(std::string_view member);

  // By rank, 0 the lowest.
  element at(std::size_t rank) const;
  element operator[](std::size_t rank) const { return at(rank); }
  element front() const { return at(0); }
  element back() const { return at(size() - 1); }
  // The rank of a member it holds.
  std::size_t rank(std::string_view member) const;
  // The first rank whose element does not satisfy `before`, for a `before` that holds for a
  // prefix of the order (size() if it holds for all).
  template <typename Before>
  std::size_t partition_point(Before before) const;

  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = element;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = element;

    iterator() = default;
    iterator(const zset_value* set, std::size_t rank) : set_(set), rank_(rank) {}
    element operator*() const { return set_->at(rank_); }
    element operator[](difference_type n) const { return set_->at(rank_ + static_cast<std::size_t>(n)); }
    iterator& operator++() { ++rank_; return *this; }
    iterator operator++(int) { auto old = *this; ++rank_; return old; }
    iterator& operator--() { --rank_; return *this; }
    iterator operator--(int) { auto old = *this; --rank_; return old; }
    iterator& operator+=(difference_type n) { rank_ += static_cast<std::size_t>(n); return *this; }
    iterator& operator-=(difference_type n) { rank_ -= static_cast<std::size_t>(n); return *this; }
    friend iterator operator+(iterator it, difference_type n) { return it += n; }
    friend iterator operator+(difference_type n, iterator it) { return it += n; }
    friend iterator operator-(iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const iterator& a, const iterator& b) {
      return static_cast<difference_type>(a.rank_) - static_cast<difference_type>(b.rank_);
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.rank_ == b.rank_; }
    friend auto operator<=>(const iterator& a, const iterator& b) { return a.rank_ <=> b.rank_; }
    std::size_t rank() const noexcept { return rank_; }

   private:
    const zset_value* set_ = nullptr;
    std::size_t rank_ = 0;
  };
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }

  // Whether it outgrew Redis's compact encoding (a listpack), for good (see encodings.hpp).
  bool ever_large() const noexcept { return ever_large_; }
  void set_large(bool large) noexcept { ever_large_ = large; }

 private:
  struct slot {
    double score;
    const std::string* member;  // the score index's key: stable while the member is in
  };
  using chunk = std::vector<slot>;
  static constexpr std::size_t chunk_capacity = 256;

  struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  static bool before(const slot& a, double score, std::string_view member) noexcept {
    return a.score < score || (a.score == score && *a.member < member);
  }
  // The chunk where (score, member) belongs: the first whose last slot is not before it.
  std::size_t chunk_for(double score, std::string_view member) const;
  void insert_slot(slot s);
  void erase_slot(double score, std::string_view member);
  // Fenwick tree over chunk sizes: rebuilt when chunks are added or removed.
  void rebuild_counts();
  void add_count(std::size_t chunk_index, long long delta);
  std::size_t count_before(std::size_t chunk_index) const;
  // The chunk holding `rank`, and the rank's offset in it.
  std::pair<std::size_t, std::size_t> locate(std::size_t rank) const;

  std::unordered_map<std::string, double, string_hash, std::equal_to<>> scores_;
  std::vector<chunk> chunks_;
  std::vector<std::size_t> counts_;  // Fenwick tree, 1-based
  bool ever_large_ = false;
};

template <typename Before>
std::size_t zset_value::partition_point(Before before_it) const {
  // The first chunk whose last element fails, then within it.
  std::size_t low = 0, high = chunks_.size();
  while (low < high) {
    const std::size_t mid = (low + high) / 2;
    const slot& last = chunks_[mid].back();
    if (before_it(element{last.score, *last.member})) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  if (low == chunks_.size()) return size();
  const chunk& c = chunks_[low];
  std::size_t in = 0, out = c.size();
  while (in < out) {
    const std::size_t mid = (in + out) / 2;
    if (before_it(element{c[mid].score, *c[mid].member})) {
      in = mid + 1;
    } else {
      out = mid;
    }
  }
  return count_before(low) + in;
}

}  // namespace kvmock

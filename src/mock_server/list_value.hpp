#pragma once
// A list, packed as Redis packs one (a quicklist of listpacks): elements in chunks of up to 128
// elements or 8 KiB, each element its length (LEB128) and its bytes, so a short element costs
// a byte or two more than itself. Pushing and popping at the ends costs one chunk's bytes at
// most; reaching an index walks the chunks from the nearer end.
//
// A string_view of an element is valid until the list next changes.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace kvmock {

class list_value {
 public:
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  void push_front(std::string_view element);
  void push_back(std::string_view element);
  std::string pop_front();
  std::string pop_back();

  std::string_view at(std::size_t index) const;
  std::string_view operator[](std::size_t index) const { return at(index); }
  std::string_view front() const { return at(0); }
  std::string_view back() const { return at(size_ - 1); }
  void set(std::size_t index, std::string_view element);
  // Before the element at `index` (size(): at the end).
  void insert(std::size_t index, std::string_view element);
  void erase(std::size_t index);
  // Keeps the elements from `from` to `to` (inclusive) and drops the rest.
  void keep(std::size_t from, std::size_t to);
  // Keeps the elements for which keep(element) is true, in order.
  template <typename Keep>
  void retain(Keep keep);

  // The elements from `from` to `to` (inclusive), in order: visit(element) for each.
  template <typename Visit>
  void for_each(std::size_t from, std::size_t to, Visit visit) const;
  template <typename Visit>
  void for_each(Visit visit) const {
    if (size_ > 0) for_each(0, size_ - 1, visit);
  }
  std::vector<std::string> elements() const;

  friend bool operator==(const list_value& a, const list_value& b);

 private:
  struct chunk {
    std::string bytes;  // each element: its length as LEB128, then its bytes
    std::uint32_t count = 0;
  };
  static constexpr std::uint32_t chunk_elements = 128;
  static constexpr std::size_t chunk_bytes = 8192;

  static bool full(const chunk& c) noexcept { return c.count >= chunk_elements || c.bytes.size() >= chunk_bytes; }
  static void append(std::string& bytes, std::string_view element);
  // The element starting at `offset` of a chunk's bytes, and where the next one starts.
  static std::string_view read(const std::string& bytes, std::size_t offset, std::size_t& next);
  // The chunk holding `index`, and the index's position in it.
  std::pair<std::size_t, std::size_t> locate(std::size_t index) const;
  // The byte offset of a chunk's `position`-th element.
  static std::size_t offset_of(const chunk& c, std::size_t position);
  void split_if_full(std::size_t chunk_index);

  std::deque<chunk> chunks_;
  std::size_t size_ = 0;
};

template <typename Visit>
void list_value::for_each(std::size_t from, std::size_t to, Visit visit) const {
  if (from > to || from >= size_) return;
  auto [c, position] = locate(from);
  std::size_t remaining = to - from + 1;
  for (; c < chunks_.size() && remaining > 0; ++c, position = 0) {
    const chunk& in = chunks_[c];
    std::size_t offset = offset_of(in, position);
    for (std::size_t i = position; i < in.count && remaining > 0; ++i, --remaining) {
      std::size_t next = 0;
      visit(read(in.bytes, offset, next));
      offset = next;
    }
  }
}

template <typename Keep>
void list_value::retain(Keep keep) {
  list_value kept;
  for_each([&](std::string_view element) {
    if (keep(element)) kept.push_back(element);
  });
  *this = std::move(kept);
}

}  // namespace kvmock

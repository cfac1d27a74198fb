#include "list_value.hpp"

#include <cassert>

namespace kvmock {

void list_value::append(std::string& bytes, std::string_view element) {
  std::size_t length = element.size();
  do {
    const auto low = static_cast<unsigned char>(length & 0x7f);
    length >>= 7;
    bytes += static_cast<char>(length != 0 ? low | 0x80 : low);
  } while (length != 0);
  bytes += element;
}

std::string_view list_value::read(const std::string& bytes, std::size_t offset, std::size_t& next) {
  std::size_t length = 0;
  int shift = 0;
  for (;;) {
    const auto byte = static_cast<unsigned char>(bytes[offset++]);
    length |= static_cast<std::size_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
    shift += 7;
  }
  next = offset + length;
  return std::string_view(bytes).substr(offset, length);
}

std::size_t list_value::offset_of(const chunk& c, std::size_t position) {
  std::size_t offset = 0;
  for (std::size_t i = 0; i < position; ++i) read(c.bytes, offset, offset);
  return offset;
}

std::pair<std::size_t, std::size_t> list_value::locate(std::size_t index) const {
  assert(index < size_);
  if (index < size_ / 2) {
    std::size_t c = 0;
    while (index >= chunks_[c].count) index -= chunks_[c++].count;
    return {c, index};
  }
  std::size_t from_end = size_ - 1 - index;
  std::size_t c = chunks_.size() - 1;
  while (from_end >= chunks_[c].count) from_end -= chunks_[c--].count;
  return {c, chunks_[c].count - 1 - from_end};
}

void list_value::push_back(std::string_view element) {
  if (chunks_.empty() || full(chunks_.back())) chunks_.emplace_back();
  chunk& last = chunks_.back();
  append(last.bytes, element);
  ++last.count;
  ++size_;
  // A chunk filled by appending has up to half its capacity spare: none is left once it is full.
  if (full(last)) last.bytes.shrink_to_fit();
}

void list_value::push_front(std::string_view element) {
  if (chunks_.empty() || full(chunks_.front())) chunks_.emplace_front();
  std::string encoded;
  append(encoded, element);
  chunk& first = chunks_.front();
  first.bytes.insert(0, encoded);
  ++first.count;
  ++size_;
  if (full(first)) first.bytes.shrink_to_fit();
}

std::string list_value::pop_front() {
  chunk& first = chunks_.front();
  std::size_t next = 0;
  std::string element(read(first.bytes, 0, next));
  first.bytes.erase(0, next);
  if (--first.count == 0) chunks_.pop_front();
  --size_;
  return element;
}

std::string list_value::pop_back() {
  chunk& last = chunks_.back();
  const std::size_t offset = offset_of(last, last.count - 1);
  std::size_t next = 0;
  std::string element(read(last.bytes, offset, next));
  last.bytes.resize(offset);
  if (--last.count == 0) chunks_.pop_back();
  --size_;
  return element;
}

std::string_view list_value::at(std::size_t index) const {
  const auto [c, position] = locate(index);
  std::size_t next = 0;
  return read(chunks_[c].bytes, offset_of(chunks_[c], position), next);
}

void list_value::set(std::size_t index, std::string_view element) {
  const auto [c, position] = locate(index);
  chunk& in = chunks_[c];
  const std::size_t offset = offset_of(in, position);
  std::size_t next = 0;
  read(in.bytes, offset, next);
  std::string encoded;
  append(encoded, element);
  in.bytes.replace(offset, next - offset, encoded);
  split_if_full(c);
}

void list_value::insert(std::size_t index, std::string_view element) {
  if (index == size_) return push_back(element);
  const auto [c, position] = locate(index);
  chunk& in = chunks_[c];
  std::string encoded;
  append(encoded, element);
  in.bytes.insert(offset_of(in, position), encoded);
  ++in.count;
  ++size_;
  split_if_full(c);
}

void list_value::erase(std::size_t index) {
  const auto [c, position] = locate(index);
  chunk& in = chunks_[c];
  const std::size_t offset = offset_of(in, position);
  std::size_t next = 0;
  read(in.bytes, offset, next);
  in.bytes.erase(offset, next - offset);
  --size_;
  if (--in.count == 0) chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(c));
}

void list_value::keep(std::size_t from, std::size_t to) {
  list_value kept;
  for_each(from, to, [&](std::string_view element) { kept.push_back(element); });
  *this = std::move(kept);
}

void list_value::split_if_full(std::size_t chunk_index) {
  chunk& in = chunks_[chunk_index];
  if (in.count <= chunk_elements && in.bytes.size() <= 2 * chunk_bytes) return;
  if (in.count < 2) return;  // one element: as large as it is
  const std::uint32_t half = in.count / 2;
  const std::size_t offset = offset_of(in, half);
  chunk upper{in.bytes.substr(offset), in.count - half};
  in.bytes.resize(offset);
  in.count = half;
  chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(chunk_index) + 1, std::move(upper));
}

std::vector<std::string> list_value::elements() const {
  std::vector<std::string> all;
  all.reserve(size_);
  for_each([&](std::string_view element) { all.emplace_back(element); });
  return all;
}

bool operator==(const list_value& a, const list_value& b) { return a.elements() == b.elements(); }

}  // namespace kvmock

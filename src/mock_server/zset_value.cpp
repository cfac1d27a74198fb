#include "zset_value.hpp"

#include <algorithm>
#include <cassert>

namespace kvmock {

zset_value::zset_value(const zset_value& other) : scores_(other.scores_), ever_large_(other.ever_large_) {
  // The copy's order points at its own members.
  chunks_.reserve(other.chunks_.size());
  for (const chunk& c : other.chunks_) {
    chunk& copied = chunks_.emplace_back();
    copied.reserve(c.size());
    for (const slot& s : c) copied.push_back({s.score, &scores_.find(*s.member)->first});
  }
  rebuild_counts();
}

zset_value& zset_value::operator=(const zset_value& other) {
  if (this != &other) *this = zset_value(other);
  return *this;
}

std::optional<double> zset_value::score(std::string_view member) const {
  const auto it = scores_.find(member);
  if (it == scores_.end()) return std::nullopt;
  return it->second;
}

bool zset_value::set(std::string_view member, double score) {
  const auto it = scores_.find(member);
  if (it != scores_.end()) {
    if (it->second == score) return false;
    erase_slot(it->second, member);
    it->second = score;
    insert_slot({score, &it->first});
    return false;
  }
  const auto inserted = scores_.emplace(std::string(member), score).first;
  insert_slot({score, &inserted->first});
  return true;
}

bool zset_value::erase(std::string_view member) {
  const auto it = scores_.find(member);
  if (it == scores_.end()) return false;
  erase_slot(it->second, member);
  scores_.erase(it);
  return true;
}

zset_value::element zset_value::at(std::size_t rank) const {
  const auto [c, offset] = locate(rank);
  const slot& s = chunks_[c][offset];
  return {s.score, *s.member};
}

std::size_t zset_value::rank(std::string_view member) const {
  const double score = scores_.find(member)->second;
  const std::size_t c = chunk_for(score, member);
  const chunk& in = chunks_[c];
  const auto it = std::partition_point(in.begin(), in.end(),
                                       [&](const slot& s) { return before(s, score, member); });
  return count_before(c) + static_cast<std::size_t>(it - in.begin());
}

std::size_t zset_value::chunk_for(double score, std::string_view member) const {
  const auto it = std::partition_point(chunks_.begin(), chunks_.end(),
                                       [&](const chunk& c) { return before(c.back(), score, member); });
  return static_cast<std::size_t>(it - chunks_.begin());
}

void zset_value::insert_slot(slot s) {
  if (chunks_.empty()) {
    chunks_.push_back({s});
    rebuild_counts();
    return;
  }
  // Past every chunk's last: it goes at the end of the last chunk.
  const std::size_t c = std::min(chunk_for(s.score, *s.member), chunks_.size() - 1);
  chunk& in = chunks_[c];
  const auto at = std::partition_point(in.begin(), in.end(),
                                       [&](const slot& e) { return before(e, s.score, *s.member); });
  in.insert(at, s);
  if (in.size() <= chunk_capacity) {
    add_count(c, 1);
    return;
  }
  chunk upper(in.begin() + static_cast<std::ptrdiff_t>(in.size() / 2), in.end());
  in.resize(in.size() / 2);
  chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(c) + 1, std::move(upper));
  rebuild_counts();
}

void zset_value::erase_slot(double score, std::string_view member) {
  const std::size_t c = chunk_for(score, member);
  chunk& in = chunks_[c];
  const auto at = std::partition_point(in.begin(), in.end(),
                                       [&](const slot& e) { return before(e, score, member); });
  assert(at != in.end() && *at->member == member);
  in.erase(at);
  if (!in.empty()) {
    add_count(c, -1);
    return;
  }
  chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(c));
  rebuild_counts();
}

void zset_value::rebuild_counts() {
  counts_.assign(chunks_.size() + 1, 0);
  for (std::size_t i = 1; i <= chunks_.size(); ++i) {
    counts_[i] += chunks_[i - 1].size();
    const std::size_t parent = i + (i & (~i + 1));
    if (parent <= chunks_.size()) counts_[parent] += counts_[i];
  }
}

void zset_value::add_count(std::size_t chunk_index, long long delta) {
  for (std::size_t i = chunk_index + 1; i < counts_.size(); i += i & (~i + 1)) {
    counts_[i] = static_cast<std::size_t>(static_cast<long long>(counts_[i]) + delta);
  }
}

std::size_t zset_value::count_before(std::size_t chunk_index) const {
  std::size_t sum = 0;
  for (std::size_t i = chunk_index; i > 0; i -= i & (~i + 1)) sum += counts_[i];
  return sum;
}

std::pair<std::size_t, std::size_t> zset_value::locate(std::size_t rank) const {
  // The Fenwick descent: the last chunk index whose prefix count is at most `rank`.
  std::size_t position = 0;
  std::size_t remaining = rank;
  std::size_t step = 1;
  while (step * 2 < counts_.size()) step *= 2;
  for (; step > 0; step /= 2) {
    const std::size_t next = position + step;
    if (next < counts_.size() && counts_[next] <= remaining) {
      position = next;
      remaining -= counts_[next];
    }
  }
  return {position, remaining};
}

}  // namespace kvmock

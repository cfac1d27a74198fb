#include "stream_value.hpp"

#include <array>
#include <iterator>

#include "listpack.hpp"

namespace kvmock {
namespace {

constexpr std::size_t largest_listpack = std::size_t{1} << 30;  // STREAM_LISTPACK_MAX_SIZE
constexpr long long same_fields_flag = 2;                        // STREAM_ITEM_FLAG_SAMEFIELDS

std::size_t integer_size(long long n) { return listpack_entry_size(listpack_entry(n)); }
std::size_t text_size(std::string_view text) { return listpack_entry_size(listpack_entry(text)); }

using radix_key = std::array<unsigned char, 16>;

// A node's key in Redis's radix tree: the ID as a 128-bit big-endian number.
radix_key key_of(stream_id id) {
  radix_key key{};
  for (int i = 0; i < 8; ++i) {
    key[static_cast<std::size_t>(i)] = static_cast<unsigned char>(id.ms >> (56 - 8 * i));
    key[static_cast<std::size_t>(8 + i)] = static_cast<unsigned char>(id.seq >> (56 - 8 * i));
  }
  return key;
}

// The rax nodes below the node reached after `depth` bytes, for distinct sorted keys that share
// those bytes: a key's last byte leads to a node of its own; a run of shared bytes is one
// compressed node; where keys part, a node has a child per byte.
std::size_t rax_nodes(const radix_key* first, const radix_key* last, std::size_t depth) {
  if (depth == 16) return 1;
  if (last - first == 1) return 2;  // the rest of the key, compressed, then its end
  std::size_t shared = 0;
  while (depth + shared < 16 && (*first)[depth + shared] == (*(last - 1))[depth + shared]) ++shared;
  if (shared > 0) return 1 + rax_nodes(first, last, depth + shared);
  std::size_t count = 1;
  while (first != last) {
    const radix_key* group_end = first;
    while (group_end != last && (*group_end)[depth] == (*first)[depth]) ++group_end;
    count += rax_nodes(first, group_end, depth + 1);
    first = group_end;
  }
  return count;
}

}  // namespace

std::string stream_id::text() const { return std::to_string(ms) + "-" + std::to_string(seq); }

std::optional<stream_id> stream_id::next() const {
  if (seq != UINT64_MAX) return stream_id{ms, seq + 1};
  if (ms != UINT64_MAX) return stream_id{ms + 1, 0};
  return std::nullopt;
}

std::optional<stream_id> stream_id::previous() const {
  if (seq != 0) return stream_id{ms, seq - 1};
  if (ms != 0) return stream_id{ms - 1, UINT64_MAX};
  return std::nullopt;
}

void stream_value::append(stream_id id, std::vector<std::string> fields, const node_limits& limits) {
  std::size_t element_bytes = 0;
  for (const auto& element : fields) element_bytes += element.size();
  const std::size_t max_bytes = limits.max_bytes <= 0 || static_cast<std::size_t>(limits.max_bytes) > largest_listpack
                                    ? largest_listpack
                                    : static_cast<std::size_t>(limits.max_bytes);
  // streamAppendItem: the tail node takes the entry unless it is full by bytes or by entries
  // (live and deleted).
  auto tail = nodes_.empty() ? nodes_.end() : std::prev(nodes_.end());
  if (tail != nodes_.end()) {
    const node& n = tail->second;
    const std::size_t size = n.bytes + integer_size(static_cast<long long>(n.live)) +
                             integer_size(static_cast<long long>(n.deleted));
    if (size + element_bytes >= max_bytes ||
        (limits.max_entries > 0 && static_cast<long long>(n.live + n.deleted) >= limits.max_entries)) {
      tail = nodes_.end();
    }
  }
  const std::size_t field_count = fields.size() / 2;
  if (tail == nodes_.end()) {
    node fresh;
    // The master entry: count, deleted, the fields, a zero terminator.
    fresh.bytes = listpack_overhead + integer_size(static_cast<long long>(field_count)) + integer_size(0);
    for (std::size_t i = 0; i < fields.size(); i += 2) {
      fresh.master_fields.push_back(fields[i]);
      fresh.bytes += text_size(fields[i]);
    }
    tail = nodes_.emplace(id, std::move(fresh)).first;
  }
  node& n = tail->second;
  bool same_fields = n.master_fields.size() == field_count;
  for (std::size_t i = 0; same_fields && i < field_count; ++i) same_fields = n.master_fields[i] == fields[2 * i];
  const stream_id master = tail->first;
  n.bytes += integer_size(same_fields ? same_fields_flag : 0) +
             integer_size(static_cast<long long>(id.ms - master.ms)) +
             integer_size(static_cast<long long>(id.seq - master.seq));
  long long elements = 3 + static_cast<long long>(field_count);
  if (same_fields) {
    for (std::size_t i = 1; i < fields.size(); i += 2) n.bytes += text_size(fields[i]);
  } else {
    n.bytes += integer_size(static_cast<long long>(field_count));
    for (const auto& element : fields) n.bytes += text_size(element);
    elements += static_cast<long long>(field_count) + 1;
  }
  n.bytes += integer_size(elements);
  ++n.live;
  n.last = id;
  entries_.emplace(id, record{std::move(fields), master});
  last_id_ = id;
  ++entries_added_;
}

std::map<stream_id, stream_value::record>::iterator stream_value::remove_entry(
    std::map<stream_id, record>::iterator at, bool keep_node) {
  const auto owner = nodes_.find(at->second.node);
  if (owner->second.live == 1 && !keep_node) {
    nodes_.erase(owner);
  } else {
    --owner->second.live;
    ++owner->second.deleted;
  }
  return entries_.erase(at);
}

bool stream_value::erase(stream_id id) {
  const auto found = entries_.find(id);
  if (found == entries_.end()) return false;
  remove_entry(found, false);
  return true;
}

long long stream_value::trim(const trim_request& request) {
  const bool by_length = request.strategy == trim_strategy::max_length;
  long long removed = 0;
  while (!nodes_.empty()) {
    if (by_length && entries_.size() <= request.max_length) break;
    const auto oldest = nodes_.begin();
    const auto live = static_cast<long long>(oldest->second.live);
    if (request.limit != 0 && removed + live > request.limit) break;
    const bool whole = by_length ? entries_.size() - oldest->second.live >= request.max_length
                                 : oldest->second.last < request.min_id;
    if (whole) {
      const stream_id key = oldest->first;
      entries_.erase(entries_.lower_bound(key), entries_.upper_bound(oldest->second.last));
      nodes_.erase(oldest);
      removed += live;
      continue;
    }
    if (request.approximate) break;
    // Within the node: its oldest live entries, while the stream is too long or they are
    // below the minimum ID. The node stays even if none is left live (its last ID, deleted
    // before, was not below the minimum), as in Redis.
    const stream_id key = oldest->first;
    auto at = entries_.begin();
    while (at != entries_.end() && at->second.node == key &&
           (by_length ? entries_.size() > request.max_length : at->first < request.min_id)) {
      at = remove_entry(at, true);
      ++removed;
    }
    break;
  }
  return removed;
}

std::size_t stream_value::radix_tree_nodes() const {
  if (nodes_.empty()) return 1;  // the root alone
  std::vector<radix_key> keys;
  keys.reserve(nodes_.size());
  for (const auto& [first, n] : nodes_) keys.push_back(key_of(first));
  return rax_nodes(keys.data(), keys.data() + keys.size(), 0);
}

bool stream_value::has_tombstones(stream_id start, stream_id end) const {
  if (entries_.empty() || max_deleted_id_.zero()) return false;
  if (first_id() > max_deleted_id_) return false;
  return start <= max_deleted_id_ && max_deleted_id_ <= end;
}

long long stream_value::entries_before_or_at(stream_id id) const {
  const auto added = static_cast<long long>(entries_added_);
  if (entries_added_ == 0) return 0;
  if (entries_.empty() && id <= last_id_) return added;
  if (id == last_id_) return added;
  if (id > last_id_) return consumer_group::unknown_entries_read;
  if (max_deleted_id_.zero() || max_deleted_id_ < first_id()) {
    // Nothing deleted at or after the first entry: the count is exact.
    if (id < first_id()) return added - static_cast<long long>(entries_.size());
    if (id == first_id()) return added - static_cast<long long>(entries_.size()) + 1;
  }
  return consumer_group::unknown_entries_read;
}

std::optional<long long> stream_value::lag(const consumer_group& group) const {
  if (entries_added_ == 0) return 0;
  const auto added = static_cast<long long>(entries_added_);
  if (group.entries_read != consumer_group::unknown_entries_read && !has_tombstones(group.last_id)) {
    return added - group.entries_read;
  }
  const long long read = entries_before_or_at(group.last_id);
  if (read == consumer_group::unknown_entries_read) return std::nullopt;
  return added - read;
}

void stream_value::advance_group(consumer_group& group, stream_id id) const {
  if (id <= group.last_id) return;
  if (group.entries_read != consumer_group::unknown_entries_read && !has_tombstones(id)) {
    ++group.entries_read;
  } else if (entries_added_ != 0) {
    group.entries_read = entries_before_or_at(id);
  }
  group.last_id = id;
}

}  // namespace kvmock

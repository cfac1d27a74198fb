#pragma once
// A stream: entries in ID order, each a list of field-value pairs, and the consumer groups that
// read it. Entries are grouped into nodes as Redis groups them into listpacks
// (stream-node-max-entries, stream-node-max-bytes), because approximate trimming (MAXLEN ~)
// removes whole nodes only and XINFO STREAM reports the radix tree of nodes.
//
// Invariants: every live entry belongs to the node keyed by its node's first ID; a node goes
// when XDEL removes its last live entry (exact trimming may leave one with none, as Redis does); last_id is at least every ID ever added; the counters follow
// Redis's (entries_added counts every append, length the live entries).

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kvmock {

struct stream_id {
  std::uint64_t ms = 0;
  std::uint64_t seq = 0;

  friend auto operator<=>(const stream_id&, const stream_id&) = default;
  static constexpr stream_id max() { return {UINT64_MAX, UINT64_MAX}; }
  bool zero() const { return ms == 0 && seq == 0; }
  std::string text() const;
  // The ID right after this one, nullopt after the maximum (and before the minimum).
  std::optional<stream_id> next() const;
  std::optional<stream_id> previous() const;
};

// A consumer group's entry delivered and not yet acknowledged.
struct pending_entry {
  std::string consumer;
  std::int64_t delivered_at = 0;  // Unix ms
  std::uint64_t deliveries = 0;
};

struct stream_consumer {
  std::int64_t seen_at = 0;  // Unix ms
  std::set<stream_id> pending;
};

struct consumer_group {
  static constexpr long long unknown_entries_read = -1;  // Redis's SCG_INVALID_ENTRIES_READ
  stream_id last_id;
  long long entries_read = unknown_entries_read;
  std::map<stream_id, pending_entry> pending;
  std::map<std::string, stream_consumer, std::less<>> consumers;  // by name, bytewise as a rax
};

class stream_value {
 public:
  struct record {
    std::vector<std::string> fields;  // field, value, field, value...
    stream_id node;                   // the first ID of its node
  };
  struct node_limits {
    long long max_entries = 100;  // stream-node-max-entries (0: no limit)
    long long max_bytes = 4096;   // stream-node-max-bytes (0: the largest listpack)
  };
  enum class trim_strategy { max_length, min_id };
  struct trim_request {
    trim_strategy strategy = trim_strategy::max_length;
    std::size_t max_length = 0;
    stream_id min_id;
    bool approximate = false;
    long long limit = 0;  // at most this many entries removed (0: no limit)
  };

  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  const std::map<stream_id, record>& entries() const noexcept { return entries_; }

  // Appends an entry whose ID is above last_id().
  void append(stream_id id, std::vector<std::string> fields, const node_limits& limits);
  // Removes a live entry: whether there was one.
  bool erase(stream_id id);
  // XTRIM and XADD's trimming, Redis's streamTrim: whole nodes from the oldest, then (exactly
  // trimmed only) entries within the first remaining node. The count removed.
  long long trim(const trim_request& request);

  stream_id first_id() const { return entries_.empty() ? stream_id{} : entries_.begin()->first; }
  stream_id last_id() const noexcept { return last_id_; }
  stream_id max_deleted_id() const noexcept { return max_deleted_id_; }
  std::uint64_t entries_added() const noexcept { return entries_added_; }
  // XSETID.
  void set_last_id(stream_id id) { last_id_ = id; }
  void set_max_deleted_id(stream_id id) { max_deleted_id_ = id; }
  void set_entries_added(std::uint64_t n) { entries_added_ = n; }

  // The radix tree of nodes, as XINFO STREAM reports it.
  std::size_t node_count() const noexcept { return nodes_.size(); }
  std::size_t radix_tree_nodes() const;

  // Redis's streamRangeHasTombstones: whether an entry was deleted in [start, end].
  bool has_tombstones(stream_id start, stream_id end = stream_id::max()) const;
  // Redis's streamEstimateDistanceFromFirstEverEntry: how many entries were added up to `id`,
  // unknown_entries_read when that cannot be known.
  long long entries_before_or_at(stream_id id) const;
  // A consumer group's lag (XINFO GROUPS), nullopt when it cannot be known.
  std::optional<long long> lag(const consumer_group& group) const;
  // XREADGROUP delivering `id` to the group: its last ID and read counter move on.
  void advance_group(consumer_group& group, stream_id id) const;

  std::map<std::string, consumer_group, std::less<>>& groups() noexcept { return groups_; }
  const std::map<std::string, consumer_group, std::less<>>& groups() const noexcept { return groups_; }

 private:
  struct node {
    std::size_t live = 0;
    std::size_t deleted = 0;
    // The listpack's size as Redis would have it, but for the live and deleted counters.
    std::size_t bytes = 0;
    std::vector<std::string> master_fields;
    stream_id last;  // the last ID appended to it, live or not
  };
  // Removes one entry; its node goes with its last live entry unless keep_node (trimming within
  // a node keeps it, as Redis does). Returns the entry after it.
  std::map<stream_id, record>::iterator remove_entry(std::map<stream_id, record>::iterator at, bool keep_node);

  std::map<stream_id, record> entries_;
  std::map<stream_id, node> nodes_;  // by first ID
  stream_id last_id_;
  stream_id max_deleted_id_;
  std::uint64_t entries_added_ = 0;
  std::map<std::string, consumer_group, std::less<>> groups_;
};

}  // namespace kvmock

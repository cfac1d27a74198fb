#pragma once
// Who listens to what: channels, patterns and shard channels, each with its subscribers in the
// order they subscribed (the order Redis 7.0 delivers in). A message is written once per
// protocol and appended to each receiver's session::pushes; the sessions that had nothing
// pending are noted in `woken`, for the server's thread to write out. Sans-I/O: the server core
// owns one, under its mutex.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "session.hpp"

namespace kvmock {

enum class subscription_kind { channel, pattern, shard };

class pubsub_table {
 public:
  // Whether the session was not yet subscribed to name (and now is).
  bool subscribe(session& client, subscription_kind kind, std::string_view name);
  // Whether the session was subscribed to name (and no longer is).
  bool unsubscribe(session& client, subscription_kind kind, std::string_view name);
  // Every subscription of the session, silently (the connection closes, RESET).
  void unsubscribe_all(session& client);

  // PUBLISH (kind channel: channel subscribers, then patterns) or SPUBLISH (kind shard).
  // Returns the receivers; `woken` gains the ids of sessions whose pushes were empty.
  std::size_t publish(subscription_kind kind, std::string_view channel, std::string_view message,
                      std::vector<std::uint64_t>& woken);

  // Channels (or shard channels) with at least one subscriber, matching the glob if given.
  std::vector<std::string> active(subscription_kind kind, std::optional<std::string_view> glob) const;
  // Subscribers of a channel or shard channel, in the order they subscribed.
  std::vector<std::uint64_t> subscribers(subscription_kind kind, std::string_view name) const;
  std::size_t subscriber_count(subscription_kind kind, std::string_view name) const;
  // Distinct patterns with at least one subscriber (PUBSUB NUMPAT).
  std::size_t pattern_count() const { return patterns_.size(); }

 private:
  using listeners = std::vector<session*>;
  std::unordered_map<std::string, listeners>& table(subscription_kind kind);
  const std::unordered_map<std::string, listeners>& table(subscription_kind kind) const;

  std::unordered_map<std::string, listeners> channels_;
  std::unordered_map<std::string, listeners> shard_channels_;
  // Patterns in the order first subscribed, as PUBLISH tries them.
  std::vector<std::pair<std::string, listeners>> patterns_;
};

}  // namespace kvmock

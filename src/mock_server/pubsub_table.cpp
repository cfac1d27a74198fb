#include "pubsub_table.hpp"

#include <algorithm>

#include "glob.hpp"
#include "kvresp/writer.hpp"

namespace kvmock {
namespace {

std::set<std::string, std::less<>>& names_of(session& client, subscription_kind kind) {
  switch (kind) {
    case subscription_kind::channel: return client.channels;
    case subscription_kind::pattern: return client.patterns;
    case subscription_kind::shard: break;
  }
  return client.shard_channels;
}

// A message as Redis sends it: an array in RESP2, a push in RESP3.
std::string message_in(int protocol, std::string_view type, std::optional<std::string_view> pattern,
                       std::string_view channel, std::string_view message) {
  const std::size_t parts = pattern ? 4 : 3;
  std::string out;
  out += protocol == 3 ? '>' : '*';
  out += std::to_string(parts);
  out += "\r\n";
  kvresp::append_bulk_string(out, type);
  if (pattern) kvresp::append_bulk_string(out, *pattern);
  kvresp::append_bulk_string(out, channel);
  kvresp::append_bulk_string(out, message);
  return out;
}

// Each message is formatted at most once per protocol, however many receive it.
class delivery {
 public:
  delivery(std::string_view type, std::optional<std::string_view> pattern, std::string_view channel,
           std::string_view message, std::vector<std::uint64_t>& woken)
      : type_(type), pattern_(pattern), channel_(channel), message_(message), woken_(woken) {}

  void to(session& client) {
    std::string& bytes = client.protocol == 3 ? resp3_ : resp2_;
    if (bytes.empty()) bytes = message_in(client.protocol, type_, pattern_, channel_, message_);
    if (client.pushes.empty()) woken_.push_back(client.id);
    client.pushes += bytes;
  }

 private:
  std::string_view type_;
  std::optional<std::string_view> pattern_;
  std::string_view channel_, message_;
  std::vector<std::uint64_t>& woken_;
  std::string resp2_, resp3_;
};

}  // namespace

std::unordered_map<std::string, pubsub_table::listeners>& pubsub_table::table(subscription_kind kind) {
  return kind == subscription_kind::shard ? shard_channels_ : channels_;
}

const std::unordered_map<std::string, pubsub_table::listeners>& pubsub_table::table(
    subscription_kind kind) const {
  return kind == subscription_kind::shard ? shard_channels_ : channels_;
}

bool pubsub_table::subscribe(session& client, subscription_kind kind, std::string_view name) {
  if (!names_of(client, kind).emplace(name).second) return false;
  if (kind != subscription_kind::pattern) {
    table(kind)[std::string(name)].push_back(&client);
    return true;
  }
  auto entry = std::find_if(patterns_.begin(), patterns_.end(),
                            [&](const auto& each) { return each.first == name; });
  if (entry == patterns_.end()) entry = patterns_.insert(patterns_.end(), {std::string(name), {}});
  entry->second.push_back(&client);
  return true;
}

bool pubsub_table::unsubscribe(session& client, subscription_kind kind, std::string_view name) {
  auto& names = names_of(client, kind);
  const auto mine = names.find(name);
  if (mine == names.end()) return false;
  names.erase(mine);
  const auto drop = [&](listeners& sessions) {
    sessions.erase(std::find(sessions.begin(), sessions.end(), &client));
    return sessions.empty();
  };
  if (kind != subscription_kind::pattern) {
    auto& map = table(kind);
    const auto entry = map.find(std::string(name));
    if (drop(entry->second)) map.erase(entry);
    return true;
  }
  const auto entry = std::find_if(patterns_.begin(), patterns_.end(),
                                  [&](const auto& each) { return each.first == name; });
  if (drop(entry->second)) patterns_.erase(entry);
  return true;
}

void pubsub_table::unsubscribe_all(session& client) {
  for (const auto kind : {subscription_kind::channel, subscription_kind::pattern, subscription_kind::shard}) {
    while (!names_of(client, kind).empty()) {
      const std::string name = *names_of(client, kind).begin();
      unsubscribe(client, kind, name);
    }
  }
}

std::size_t pubsub_table::publish(subscription_kind kind, std::string_view channel,
                                  std::string_view message, std::vector<std::uint64_t>& woken) {
  std::size_t receivers = 0;
  const auto& map = table(kind);
  if (const auto entry = map.find(std::string(channel)); entry != map.end()) {
    delivery to_channel(kind == subscription_kind::shard ? "smessage" : "message", std::nullopt, channel,
                        message, woken);
    for (session* each : entry->second) to_channel.to(*each);
    receivers += entry->second.size();
  }
  if (kind == subscription_kind::shard) return receivers;  // shard channels ignore patterns
  for (const auto& [pattern, sessions] : patterns_) {
    if (!glob_match(pattern, channel, false)) continue;
    delivery to_pattern("pmessage", pattern, channel, message, woken);
    for (session* each : sessions) to_pattern.to(*each);
    receivers += sessions.size();
  }
  return receivers;
}

std::vector<std::string> pubsub_table::active(subscription_kind kind,
                                              std::optional<std::string_view> glob) const {
  std::vector<std::string> names;
  for (const auto& [name, sessions] : table(kind)) {
    if (!glob || glob_match(*glob, name, false)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::uint64_t> pubsub_table::subscribers(subscription_kind kind, std::string_view name) const {
  std::vector<std::uint64_t> ids;
  const auto& map = table(kind);
  if (const auto entry = map.find(std::string(name)); entry != map.end()) {
    for (const session* each : entry->second) ids.push_back(each->id);
  }
  return ids;
}

std::size_t pubsub_table::subscriber_count(subscription_kind kind, std::string_view name) const {
  const auto& map = table(kind);
  const auto entry = map.find(std::string(name));
  return entry == map.end() ? 0 : entry->second.size();
}

}  // namespace kvmock

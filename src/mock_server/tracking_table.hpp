#pragma once
// Client-side caching's bookkeeping (CLIENT TRACKING), sans-I/O: which clients read which keys
// (default mode: each is told once when the key changes, then forgets it until read again), and
// which prefixes BCAST clients follow, with the keys changed under each prefix since the last
// broadcast and who changed them. Keys are tracked whatever their database, as in Redis. The
// server core owns one, under its mutex, and turns what it says into invalidation messages.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kvmock {

class tracking_table {
 public:
  // A tracking client read the key.
  void remember(std::uint64_t client, std::string_view key);
  // The key changed: the clients that read it since their last invalidation (forgotten now).
  std::vector<std::uint64_t> take_readers(std::string_view key);
  // Every key read by anyone is forgotten (FLUSHALL, FLUSHDB).
  void forget_all_keys() { readers_.clear(); }

  // A BCAST client follows these prefixes (an empty one: every key; CLIENT TRACKING gives one
  // when none is named).
  void follow(std::uint64_t client, const std::vector<std::string>& prefixes);
  // The client stops tracking: its prefixes go (the keys it read are dropped lazily).
  void unfollow(std::uint64_t client);
  // The key changed, by `by` (for NOLOOP): remembered under each prefix it starts with.
  void key_changed_for_prefixes(std::string_view key, std::uint64_t by);

  struct broadcast {
    std::uint64_t client;
    std::vector<std::pair<std::string, std::uint64_t>> keys;  // key, who changed it last
  };
  // The messages due since the last call: for each prefix with changed keys (in prefix
  // order), one per client following it.
  std::vector<broadcast> take_broadcasts();
  bool broadcasts_pending() const { return !pending_.empty(); }

 private:
  std::unordered_map<std::string, std::set<std::uint64_t>> readers_;
  std::map<std::string, std::set<std::uint64_t>, std::less<>> prefixes_;  // prefix -> followers
  // prefix -> changed key -> who changed it last; keys in byte order, as Redis's rax has them
  std::map<std::string, std::map<std::string, std::uint64_t>, std::less<>> pending_;
};

}  // namespace kvmock

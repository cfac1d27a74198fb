#pragma once
// The data: 16 numbered databases of keys holding a string, a list or a hash, each with an
// optional expiry time (Unix ms). Expired keys vanish lazily, when they are looked up or listed,
// as a client would observe.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "value.hpp"

namespace kvmock {

using unix_ms = std::int64_t;
inline constexpr unix_ms no_expiry = -1;
inline constexpr int database_count = 16;

// How Redis made a string value, which its OBJECT ENCODING shows and its bytes do not.
enum class string_origin : std::uint8_t {
  encoded,  // through tryObjectEncoding (SET, INCR, RESTORE): "int" if it reads as one
  text,     // written as text (INCRBYFLOAT): "embstr" or "raw" by length, never "int"
  grown,    // extended in place (APPEND, SETRANGE, SETBIT, PFADD): "raw" until replaced
};

struct entry {
  kvmock::value value;
  unix_ms expires_at = no_expiry;
  string_origin origin = string_origin::encoded;
  // Its last access in Unix seconds, and its LFU counter (OBJECT IDLETIME, OBJECT FREQ).
  std::uint8_t lfu_counter = 5;
  std::uint32_t accessed_at = 0;

  value_type type() const noexcept { return value.type(); }
};

std::string_view type_name(value_type type) noexcept;

// How a key's access is recorded: its time always, and under an LFU maxmemory policy its
// counter as Redis's LFULogIncr and LFUDecrAndReturn keep it.
struct access_policy {
  bool lfu = false;
  int lfu_log_factor = 10;
  int lfu_decay_minutes = 1;
  std::function<double()> random;  // in [0, 1), from the server's seed
};

class keyspace {
 public:
  // How a key changed: what WATCH, blocked clients, client tracking and keyspace
  // notifications ("new", "expired") are told.
  enum class change { created, written, removed, expired };
  // Told of every key a write changes (SET, DEL, expiry...).
  using modified_callback = std::function<void(int db, std::string_view key, change how)>;
  explicit keyspace(modified_callback on_modified) : on_modified_(std::move(on_modified)) {}

  // nullptr if missing or expired at `now` (an expired key is removed first). Records an access.
  entry* find(int db, std::string_view key, unix_ms now);
  // The same without recording an access (OBJECT, DEBUG OBJECT, SCAN's TYPE filter).
  entry* peek(int db, std::string_view key, unix_ms now);
  void set_access_policy(access_policy policy) { access_ = std::move(policy); }
  // The LFU counter as of `now`, decayed by the minutes since the last access.
  int lfu_counter(const entry& e, unix_ms now) const;
  // Inserts or overwrites, whatever the key held; the TTL is cleared unless keep_ttl.
  entry& store(int db, std::string_view key, std::string value, unix_ms now, bool keep_ttl = false);
  // A new list, hash, set or sorted set for a missing key (the caller has checked it is missing).
  entry& create(int db, std::string_view key, kvmock::value value);
  // A whole entry, TTL and encoding state included, for a missing key (RENAME, COPY).
  entry& create(int db, std::string_view key, entry whole);
  bool erase(int db, std::string_view key, unix_ms now);
  // Marks a key as changed in place (INCR, EXPIRE...).
  void touch(int db, std::string_view key) { on_modified_(db, key, change::written); }

  std::size_t size(int db, unix_ms now);
  std::vector<std::string> keys(int db, unix_ms now);  // sorted
  std::size_t expiring(int db, unix_ms now);  // keys with a TTL
  // Empties one database; every key it held counts as modified.
  // Removes every key whose TTL has passed, in every database (Redis's active expiry).
  void expire_due(unix_ms now) {
    for (int db = 0; db < database_count; ++db) purge_expired(db, now);
  }
  bool active_expiry() const { return active_expiry_; }
  void flush(int db);
  void flush_all();
  // Whether expired keys leave at once (DEBUG SET-ACTIVE-EXPIRE 1, the default) or only when
  // looked up: size() counts them until then, as Redis's DBSIZE does without its expiry cycle.
  void set_active_expiry(bool on) { active_expiry_ = on; }
  // Every entry of every database, for DEBUG RELOAD's re-encoding.
  template <typename Visit>
  void for_each_entry(unix_ms now, Visit visit) {
    for (int db = 0; db < database_count; ++db) {
      purge_expired(db, now);
      for (auto& [key, stored] : databases_[db]) visit(stored);
    }
  }
  // SWAPDB: each database takes the other's keys; every key of either counts as modified.
  void swap(int a, int b);
  // Whether a key existed with an expiry that has now passed (WATCH aborts on that).
  bool expired(int db, std::string_view key, unix_ms now) const;

 private:
  struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  using table = std::unordered_map<std::string, entry, string_hash, std::equal_to<>>;

  void purge_expired(int db, unix_ms now);
  void record_access(entry& e, unix_ms now);

  access_policy access_;
  bool active_expiry_ = true;
  unix_ms last_now_ = 0;  // the latest time a command passed: a created key's first access

  table databases_[database_count];
  modified_callback on_modified_;
};

}  // namespace kvmock

#pragma once
// Which clients wait in blocking commands, on which keys, in the order they blocked (the order
// Redis serves them), and which keys changed since they were last looked at. Sans-I/O: the
// server core owns one, under its mutex, and decides what serves whom.

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "session.hpp"

namespace kvmock {

class blocking_table {
 public:
  // The client is blocked as client.blocked says (set by the caller).
  void add(session& client);
  // The client no longer waits (served, timed out, unblocked, gone); clears client.blocked.
  void remove(session& client);

  // A key was written and exists: if anyone waits on it, it is ready to be looked at.
  void key_written(int db, std::string_view key);
  // The next ready key, oldest first; nullopt when none is.
  std::optional<std::pair<int, std::string>> next_ready();
  // Who waits on the key, first blocked first.
  std::vector<session*> waiters(int db, std::string_view key) const;
  // Clients whose deadline is at or before now, first blocked first.
  std::vector<session*> expired(unix_ms now) const;
  bool empty() const { return blocked_.empty(); }
  std::size_t size() const { return blocked_.size(); }

 private:
  static std::string slot(int db, std::string_view key);

  std::unordered_map<std::string, std::vector<session*>> waiting_;  // by slot(db, key)
  std::vector<session*> blocked_;  // every blocked client, in the order it blocked
  std::deque<std::pair<int, std::string>> ready_;
  std::set<std::string> ready_slots_;  // what ready_ holds, so a key is queued once
};

}  // namespace kvmock

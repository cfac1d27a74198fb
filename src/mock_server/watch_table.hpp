#pragma once
// Which sessions WATCH which keys, so a write can mark their transactions dirty.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "session.hpp"

namespace kvmock {

class watch_table {
 public:
  void watch(session& client, int db, std::string_view key, bool expired);
  void unwatch_all(session& client);
  // A key changed: every session watching it will see its EXEC abort, except where the key had
  // already expired when watched and is now gone, which Redis counts as no change.
  void key_modified(int db, std::string_view key, bool exists);

 private:
  static std::string slot(int db, std::string_view key);
  std::unordered_map<std::string, std::vector<session*>> watchers_;
};

}  // namespace kvmock

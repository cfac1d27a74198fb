#pragma once
// What a key may hold, as Jepsen's register checker sees it, for workloads whose every write is
// a unique value: a write the server acknowledged replaces what came before; a write whose reply
// never came (a timeout, a cut connection) may or may not have happened, and may even take
// effect later, so a read may return it at any time afterwards; a write the server refused with
// an error reply did not happen. A read of anything else is lost data (or data from nowhere).
// The check never blames a correct system; it is not complete (it does not order reads).
// Thread-safe.

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace kvcheck {

enum class write_outcome {
  applied,      // acknowledged
  not_applied,  // refused with an error reply
  unknown,      // no reply: may have happened, then or later
};

class register_history {
 public:
  void wrote(const std::string& key, const std::string& value, write_outcome outcome);
  // nullopt when `read` (nullopt: the key was missing) is a value the key may hold; otherwise
  // what is wrong: the key, what was last acknowledged, and what was read.
  std::optional<std::string> check_read(const std::string& key, const std::optional<std::string>& read) const;

 private:
  struct history {
    std::optional<std::string> acknowledged;  // the latest acknowledged write
    std::set<std::string> unknown;            // every write whose outcome is unknown
  };
  mutable std::mutex mutex_;
  std::map<std::string, history> keys_;
};

}  // namespace kvcheck

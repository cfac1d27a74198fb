#include "kvcheck/register_history.hpp"

namespace kvcheck {

void register_history::wrote(const std::string& key, const std::string& value, write_outcome outcome) {
  std::lock_guard lock(mutex_);
  history& h = keys_[key];
  if (outcome == write_outcome::applied) {
    h.acknowledged = value;
    h.unknown.erase(value);
  } else if (outcome == write_outcome::unknown) {
    h.unknown.insert(value);
  }
}

std::optional<std::string> register_history::check_read(const std::string& key,
                                                        const std::optional<std::string>& read) const {
  std::lock_guard lock(mutex_);
  const auto found = keys_.find(key);
  const history empty;
  const history& h = found == keys_.end() ? empty : found->second;
  if (read == h.acknowledged) return std::nullopt;
  if (read && h.unknown.contains(*read)) return std::nullopt;
  auto show = [](const std::optional<std::string>& v) { return v ? "\"" + *v + "\"" : std::string("nothing"); };
  return "key \"" + key + "\": last acknowledged write " + show(h.acknowledged) + " (" +
         std::to_string(h.unknown.size()) + " unconfirmed), read " + show(read);
}

}  // namespace kvcheck

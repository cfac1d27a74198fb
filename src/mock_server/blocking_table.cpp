#include "blocking_table.hpp"

#include <algorithm>

namespace kvmock {

std::string blocking_table::slot(int db, std::string_view key) {
  std::string s = std::to_string(db);
  s += ':';
  s += key;
  return s;
}

void blocking_table::add(session& client) {
  blocked_.push_back(&client);
  for (const auto& key : client.blocked->keys) {
    auto& sessions = waiting_[slot(client.blocked->db, key)];
    // BLPOP k k waits once on k.
    if (std::find(sessions.begin(), sessions.end(), &client) == sessions.end()) sessions.push_back(&client);
  }
}

void blocking_table::remove(session& client) {
  if (!client.blocked) return;
  std::erase(blocked_, &client);
  for (const auto& key : client.blocked->keys) {
    const auto entry = waiting_.find(slot(client.blocked->db, key));
    if (entry == waiting_.end()) continue;
    std::erase(entry->second, &client);
    if (entry->second.empty()) waiting_.erase(entry);
  }
  client.blocked.reset();
}

void blocking_table::key_written(int db, std::string_view key) {
  if (waiting_.empty()) return;
  std::string s = slot(db, key);
  if (!waiting_.contains(s) || !ready_slots_.insert(std::move(s)).second) return;
  ready_.emplace_back(db, std::string(key));
}

std::optional<std::pair<int, std::string>> blocking_table::next_ready() {
  if (ready_.empty()) return std::nullopt;
  auto next = std::move(ready_.front());
  ready_.pop_front();
  ready_slots_.erase(slot(next.first, next.second));
  return next;
}

std::vector<session*> blocking_table::waiters(int db, std::string_view key) const {
  const auto entry = waiting_.find(slot(db, key));
  return entry == waiting_.end() ? std::vector<session*>{} : entry->second;
}

std::vector<session*> blocking_table::expired(unix_ms now) const {
  std::vector<session*> due;
  for (session* each : blocked_) {
    if (each->blocked->deadline != 0 && each->blocked->deadline <= now) due.push_back(each);
  }
  return due;
}

}  // namespace kvmock

#include "watch_table.hpp"

#include <algorithm>

namespace kvmock {

std::string watch_table::slot(int db, std::string_view key) {
  std::string name(1, static_cast<char>(db));
  name += key;
  return name;
}

void watch_table::watch(session& client, int db, std::string_view key, bool expired) {
  for (const auto& watched : client.watched) {
    if (watched.db == db && watched.key == key) return;
  }
  client.watched.push_back({db, std::string(key), expired});
  watchers_[slot(db, key)].push_back(&client);
}

void watch_table::unwatch_all(session& client) {
  for (const auto& watched : client.watched) {
    const auto it = watchers_.find(slot(watched.db, watched.key));
    if (it == watchers_.end()) continue;
    std::erase(it->second, &client);
    if (it->second.empty()) watchers_.erase(it);
  }
  client.watched.clear();
  client.watch_dirty = false;
}

void watch_table::key_modified(int db, std::string_view key, bool exists) {
  if (watchers_.empty()) return;  // the common case costs nothing
  const auto it = watchers_.find(slot(db, key));
  if (it == watchers_.end()) return;
  for (session* client : it->second) {
    auto& watched = *std::find_if(client->watched.begin(), client->watched.end(),
                                  [&](const auto& w) { return w.db == db && w.key == key; });
    if (watched.expired_when_watched && !exists) {
      watched.expired_when_watched = false;  // deleted keys are not flagged as expired
      continue;
    }
    client->watch_dirty = true;
  }
}

}  // namespace kvmock

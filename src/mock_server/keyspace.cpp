#include "keyspace.hpp"

#include <algorithm>
#include <utility>

namespace kvmock {

std::string_view type_name(value_type type) noexcept {
  switch (type) {
    case value_type::string: return "string";
    case value_type::list: return "list";
    case value_type::hash: return "hash";
    case value_type::set: return "set";
    case value_type::zset: return "zset";
    case value_type::stream: return "stream";
  }
  return "none";
}

entry* keyspace::find(int db, std::string_view key, unix_ms now) {
  entry* found = peek(db, key, now);
  if (found != nullptr) record_access(*found, now);
  return found;
}

int keyspace::lfu_counter(const entry& e, unix_ms now) const {
  const long long minutes = std::max<long long>(0, (now / 1000 - static_cast<long long>(e.accessed_at)) / 60);
  const long long periods = access_.lfu_decay_minutes > 0 ? minutes / access_.lfu_decay_minutes : 0;
  return periods > e.lfu_counter ? 0 : static_cast<int>(e.lfu_counter - periods);
}

void keyspace::record_access(entry& e, unix_ms now) {
  last_now_ = now;
  if (access_.lfu) {
    int counter = lfu_counter(e, now);
    // LFULogIncr: likelier while the counter is near its initial 5.
    if (counter < 255) {
      const double base = std::max(0, counter - 5);
      if (access_.random() < 1.0 / (base * access_.lfu_log_factor + 1)) ++counter;
    }
    e.lfu_counter = static_cast<std::uint8_t>(counter);
  }
  e.accessed_at = static_cast<std::uint32_t>(now / 1000);
}

entry* keyspace::peek(int db, std::string_view key, unix_ms now) {
  last_now_ = std::max(last_now_, now);
  auto& table = databases_[db];
  const auto it = table.find(key);
  if (it == table.end()) return nullptr;
  if (it->second.expires_at != no_expiry && it->second.expires_at <= now) {
    table.erase(it);
    on_modified_(db, key, change::expired);
    return nullptr;
  }
  return &it->second;
}

entry& keyspace::store(int db, std::string_view key, std::string value, unix_ms now,
                       bool keep_ttl) {
  entry* stored = find(db, key, now);
  const bool created = stored == nullptr;
  if (created) {
    stored = &databases_[db].emplace(std::string(key), entry{std::move(value), no_expiry})
                  .first->second;
    stored->accessed_at = static_cast<std::uint32_t>(now / 1000);
  } else {
    stored->value = std::move(value);
    stored->origin = string_origin::encoded;
    if (!keep_ttl) stored->expires_at = no_expiry;
  }
  on_modified_(db, key, created ? change::created : change::written);
  return *stored;
}

entry& keyspace::create(int db, std::string_view key, kvmock::value value) {
  return create(db, key, entry{std::move(value), no_expiry});
}

entry& keyspace::create(int db, std::string_view key, entry whole) {
  entry& created = databases_[db].insert_or_assign(std::string(key), std::move(whole)).first->second;
  if (created.accessed_at == 0) created.accessed_at = static_cast<std::uint32_t>(last_now_ / 1000);
  on_modified_(db, key, change::created);
  return created;
}

bool keyspace::erase(int db, std::string_view key, unix_ms now) {
  if (peek(db, key, now) == nullptr) return false;
  databases_[db].erase(databases_[db].find(key));
  on_modified_(db, key, change::removed);
  return true;
}

void keyspace::purge_expired(int db, unix_ms now) {
  auto& table = databases_[db];
  for (auto it = table.begin(); it != table.end();) {
    if (it->second.expires_at != no_expiry && it->second.expires_at <= now) {
      const std::string key = it->first;
      it = table.erase(it);
      on_modified_(db, key, change::expired);
    } else {
      ++it;
    }
  }
}

std::size_t keyspace::size(int db, unix_ms now) {
  if (active_expiry_) purge_expired(db, now);
  return databases_[db].size();
}

std::size_t keyspace::expiring(int db, unix_ms now) {
  purge_expired(db, now);
  return static_cast<std::size_t>(std::count_if(
      databases_[db].begin(), databases_[db].end(),
      [](const auto& item) { return item.second.expires_at != no_expiry; }));
}

std::vector<std::string> keyspace::keys(int db, unix_ms now) {
  purge_expired(db, now);
  std::vector<std::string> names;
  names.reserve(databases_[db].size());
  for (const auto& [key, value] : databases_[db]) names.push_back(key);
  std::sort(names.begin(), names.end());
  return names;
}

void keyspace::flush(int db) {
  auto emptied = std::move(databases_[db]);
  databases_[db].clear();
  for (const auto& [key, value] : emptied) on_modified_(db, key, change::removed);
}

void keyspace::swap(int a, int b) {
  if (a == b) return;
  std::swap(databases_[a], databases_[b]);
  for (const int db : {a, b}) {
    for (const auto& [key, value] : databases_[a == db ? b : a]) {
      on_modified_(db, key, databases_[db].contains(key) ? change::written : change::removed);
    }
    for (const auto& [key, value] : databases_[db]) on_modified_(db, key, change::written);
  }
}

void keyspace::flush_all() {
  for (int db = 0; db < database_count; ++db) flush(db);
}

bool keyspace::expired(int db, std::string_view key, unix_ms now) const {
  const auto& table = databases_[db];
  const auto it = table.find(key);
  return it != table.end() && it->second.expires_at != no_expiry && it->second.expires_at <= now;
}

}  // namespace kvmock

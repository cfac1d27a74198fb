#pragma once
// The server's configuration as CONFIG GET and CONFIG SET see it: every parameter of Redis 7.0
// (config_parameters.hpp) with its current value in Redis's canonical text, and the values the
// fake acts on, parsed (encoding thresholds, proto-max-bulk-len, requirepass...).
//
// CONFIG SET is all or nothing, as in Redis: names are checked first (the first unknown,
// immutable, protected or repeated one wins), then values in order, and a bad value restores
// every parameter it set.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config_parameters.hpp"

namespace kvmock {

// notify-keyspace-events' classes, as Redis's NOTIFY_* bits.
namespace keyspace_event {
inline constexpr int keyspace = 1 << 0;  // K
inline constexpr int keyevent = 1 << 1;  // E
inline constexpr int generic = 1 << 2;   // g
inline constexpr int string = 1 << 3;    // $
inline constexpr int list = 1 << 4;      // l
inline constexpr int set = 1 << 5;       // s
inline constexpr int hash = 1 << 6;      // h
inline constexpr int zset = 1 << 7;      // z
inline constexpr int expired = 1 << 8;   // x
inline constexpr int evicted = 1 << 9;   // e
inline constexpr int stream = 1 << 10;   // t
inline constexpr int key_miss = 1 << 11; // m
inline constexpr int module = 1 << 12;   // d
inline constexpr int new_key = 1 << 13;  // n
inline constexpr int all = generic | string | list | set | hash | zset | expired | evicted | stream | module;  // A
}  // namespace keyspace_event

// What the fake reads from its configuration, kept parsed.
// One client class's client-output-buffer-limit (0: no limit).
struct output_limit {
  long long hard = 0;  // bytes: closed as soon as this much waits
  long long soft = 0;  // bytes: closed when this much has waited for longer than soft_seconds
  long long soft_seconds = 0;
};

struct config_values {
  long long hash_max_listpack_entries = 512;
  long long hash_max_listpack_value = 64;
  long long set_max_intset_entries = 512;
  long long zset_max_listpack_entries = 128;
  long long zset_max_listpack_value = 64;
  long long proto_max_bulk_len = 512LL * 1024 * 1024;
  std::string requirepass;
  int keyspace_events = 0;
  bool debug_command_enabled = false;  // enable-debug-command yes|local
  bool lfu_policy = false;             // maxmemory-policy allkeys-lfu or volatile-lfu
  bool lru_policy = false;             // maxmemory-policy allkeys-lru or volatile-lru
  long long maxmemory = 0;
  int lfu_log_factor = 10;
  int lfu_decay_time = 1;
  long long list_max_listpack_size = -2;
  bool rdbcompression = true;
  long long hll_sparse_max_bytes = 3000;
  long long stream_node_max_bytes = 4096;
  long long stream_node_max_entries = 100;
  long long busy_reply_threshold = 5000;  // ms; 0: scripts are never busy
  output_limit normal_output;
  output_limit pubsub_output{32LL << 20, 8LL << 20, 60};
};

class server_config {
 public:
  struct startup {
    std::string bind_address;
    std::uint16_t port = 0;
    std::string requirepass;
    std::string dir;                      // the working directory, as Redis reports it
    std::vector<std::pair<std::string, std::string>> overrides;  // as redis-server --name value
  };
  // Throws std::invalid_argument naming the parameter if an override is not valid.
  explicit server_config(const startup& initial);

  // CONFIG GET: each pattern matched case-insensitively, a glob against every listed parameter,
  // an exact name also against the hidden ones and answered as typed; each parameter once.
  std::vector<std::pair<std::string, std::string>> get(std::span<const std::string_view> patterns) const;
  // CONFIG SET name value [name value ...]: empty on success, else the error reply's message.
  std::string set(std::span<const std::string_view> names_and_values);
  // The value of a parameter by its exact name (an alias's is its target's).
  const std::string& value(std::string_view name) const;
  // The port actually bound, once known (CONFIG GET port).
  void set_port(std::uint16_t port);

  const config_values& values() const noexcept { return values_; }

 private:
  std::size_t index_of(std::string_view name) const;  // npos if unknown
  std::size_t target_of(std::size_t index) const;     // the parameter holding an alias's value
  void refresh_values();

  std::vector<std::string> current_;  // by parameter index; aliases' entries unused
  config_values values_;
};

}  // namespace kvmock

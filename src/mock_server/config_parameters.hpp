#pragma once
// Redis 7.0's configuration parameters, as CONFIG GET lists them on a default server: name, kind
// of value, default, range or choices, and whether CONFIG SET may change them. An alias
// (hash-max-ziplist-entries) shares its target's value but is a parameter of its own, as in
// Redis: CONFIG GET lists both, and naming both in one CONFIG SET is no duplicate.

#include <climits>
#include <cstdint>
#include <span>
#include <string_view>

namespace kvmock {

enum class config_kind : std::uint8_t {
  boolean,     // yes|no
  integer,     // within [min, max]
  memory,      // bytes, with units (1k, 1kb, 1gb...), within [min, max]
  enumerated,  // one of `choices`
  string,      // anything
  // Values with their own grammar, each checked and written back in Redis's canonical form.
  addresses,             // bind: "* -::*"
  output_buffer_limits,  // client-output-buffer-limit: "<class> <hard> <soft> <seconds>"...
  text,                  // dir: a path
  percentiles,           // latency-tracking-info-percentiles: "50 99 99.9"
  keyspace_events,       // notify-keyspace-events: "KEA" (written "AKE")
  oom_score_values,      // oom-score-adj-values: three integers
  replica_of,            // replicaof: "<host> <port>" or empty
  save_points,           // save: "<seconds> <changes>" pairs, or empty
  memory_or_percent,     // maxmemory-clients: bytes or "10%"
  shutdown_flags,        // shutdown-on-sigterm: "default" or some of save|nosave|now|force
  hostname,              // cluster-announce-hostname: letters, digits, '-' and '.'
};

namespace config_flag {
inline constexpr std::uint8_t immutable = 1u << 0;  // set at startup only
inline constexpr std::uint8_t protected_config = 1u << 1;  // only with enable-protected-configs
inline constexpr std::uint8_t sensitive = 1u << 2;  // a secret (requirepass)
inline constexpr std::uint8_t hidden = 1u << 3;     // CONFIG GET names it only exactly
}  // namespace config_flag

struct config_parameter {
  std::string_view name;
  config_kind kind = config_kind::string;
  std::string_view default_value;
  long long min = 0;
  unsigned long long max = 0;
  std::string_view choices = {};   // enumerated: "a,b,c", in Redis's order
  std::string_view alias_of = {};  // the parameter whose value this one shares
  std::uint8_t flags = 0;
};

// Every parameter, sorted by name.
std::span<const config_parameter> config_parameters();

}  // namespace kvmock

#pragma once
// kvmock storm's parts: its settings, where it runs (storm_target.cpp: the in-process fake or a
// server given by --target) and its report (storm_report.cpp: text and JSON).

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kvcheck/stack_invariants.hpp"
#include "kvcheck/workload.hpp"
#include "kvmock/fault.hpp"
#include "kvmock/server.hpp"
#include "kvpool/pool_stats.hpp"

namespace kvmock::cli {

struct storm_settings {
  int workers = 32;
  double seconds = 10;
  int threads = 2;
  std::size_t min_size = 2;
  std::size_t max_size = 8;
  int acquire_timeout_ms = 500;
  int command_timeout_ms = 200;
  int connect_timeout_ms = 200;
  std::uint64_t seed = 1;
  std::string profile;  // none|mild|chaos; empty: chaos in process, none against --target
  std::vector<std::string> fault_specs;
  bool no_faults = false;
  std::string target;   // HOST:PORT[/NAMESPACE]; empty: the in-process fake
  std::string password;
  int database = 0;
  std::uint16_t admin_port = 0;  // a kvmock serve's --admin-port on the target's host
  std::string json_path;
  double progress_seconds = -1;  // negative: 1 s on a terminal, 5 s otherwise; 0: none
};

// A storm that cannot start: a bad option, an unreachable or wrong target. Exit code 2.
struct storm_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The fault specs a storm runs with: --fault, else the profile's (throws storm_error for an
// unknown profile, or for both given).
std::vector<std::string> chosen_faults(const storm_settings& settings);

// What the server side saw, when the storm could look.
struct server_view {
  bool checked = false;
  std::string not_checked_reason;  // when not checked
  kvmock::server_stats stats;      // only the storm's connections: others open before it subtracted
  std::map<std::string, std::uint64_t> injected;  // faults by kind
};

class storm_target {
 public:
  virtual ~storm_target() = default;
  // For kv_pool_config: HOST:PORT/NAMESPACE.
  virtual std::string pool_address() const = 0;
  virtual std::string description() const = 0;
  // Faults injected so far, for the progress line; nullopt when the storm cannot see them.
  virtual std::optional<std::uint64_t> faults_so_far() = 0;
  // After the pool closed: waits for the server to see the storm's connections closed, reads its
  // counters, removes the storm's faults and keys.
  virtual server_view finish(const storm_settings& settings) = 0;
};

// The in-process fake, with these faults.
std::unique_ptr<storm_target> in_process_target(const storm_settings& settings, std::vector<kvmock::fault> faults);
// --target: probed at once (throws storm_error saying what is wrong: nothing listening, a
// password refused or missing, not RESP); faults go through the admin port, which they need.
std::unique_ptr<storm_target> remote_target(const storm_settings& settings, const std::vector<std::string>& faults);

struct storm_outcome {
  double elapsed_seconds = 0;
  std::string target;
  std::vector<std::string> faults;
  const kvcheck::workload_findings* found = nullptr;
  kvpool::pool_stats pool;
  server_view server;
  std::vector<kvcheck::violation> violations;
};

// The upper bound of the histogram bucket holding the q-th fraction of acquire waits ("-"
// when none waited).
std::string wait_percentile(const kvpool::pool_stats& stats, double q);
void print_report(const storm_settings& settings, const storm_outcome& outcome);
// The whole report as JSON (schema "kvmock-storm/1"); throws storm_error if it cannot be written.
void write_json_report(const storm_settings& settings, const storm_outcome& outcome, const std::string& path);

}  // namespace kvmock::cli

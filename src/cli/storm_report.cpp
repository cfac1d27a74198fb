// kvmock storm's report: the text it prints, and the same as JSON for CI (--json FILE).

#include <boost/json/src.hpp>  // Boost.JSON header-only, in this one file

#include <fstream>
#include <iomanip>
#include <iostream>

#include "storm.hpp"

namespace kvmock::cli {
namespace {

using namespace std::chrono_literals;

const char* const invariant_names = "max_size, exclusive, not_reissued, integrity, lost_data, timeout_early, leak";

std::uint64_t failed_count(const kvcheck::workload_findings& found) {
  std::uint64_t failed = 0;
  for (const auto& [why, count] : found.failures()) failed += count;
  return failed;
}

}  // namespace

std::string wait_percentile(const kvpool::pool_stats& stats, double q) {
  std::uint64_t total = 0;
  for (const auto count : stats.wait_histogram) total += count;
  if (total == 0) return "-";
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < stats.wait_histogram.size(); ++i) {
    seen += stats.wait_histogram[i];
    if (static_cast<double>(seen) >= q * static_cast<double>(total)) {
      if (i + 1 == stats.wait_histogram.size()) return "longer";
      const auto bound = std::chrono::microseconds(std::uint64_t{1} << i);
      return bound < 1ms ? std::to_string(bound.count()) + " us"
                         : std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(bound).count()) + " ms";
    }
  }
  return "-";
}

void print_report(const storm_settings& settings, const storm_outcome& outcome) {
  const auto& found = *outcome.found;
  const auto& pool = outcome.pool;
  const auto failed = failed_count(found);
  const auto done = found.successes() + failed;
  const double elapsed = outcome.elapsed_seconds;
  std::cout << "kvmock storm: " << settings.workers << " workers on " << settings.threads << " threads for "
            << std::fixed << std::setprecision(1) << elapsed << " s; pool min " << settings.min_size << " max "
            << settings.max_size << "; seed " << settings.seed << "\n";
  std::cout << "target: " << outcome.target << "\n";
  std::cout << "faults (in order):\n";
  if (outcome.faults.empty()) std::cout << "  none\n";
  for (const auto& f : outcome.faults) std::cout << "  " << f << "\n";
  std::cout << "\noperations: " << done << " (" << std::setprecision(0) << static_cast<double>(done) / elapsed
            << "/s), " << found.successes() << " ok, " << failed << " failed\n";
  for (const auto& [why, count] : found.failures()) std::cout << "  " << std::setw(8) << count << "  " << why << "\n";
  std::cout << "\npool: created " << pool.created << ", connect attempts " << pool.connect_attempts << " ("
            << pool.connect_failures << " failed), acquired " << pool.acquired << ", timeouts " << pool.timeouts
            << ", cancelled " << pool.cancelled << "\n";
  std::cout << "  closed:";
  for (std::size_t r = 0; r < kvpool::close_reason_count; ++r) {
    std::cout << " " << to_string(static_cast<kvpool::close_reason>(r)) << " " << pool.closed[r];
  }
  std::cout << "\n  acquire wait: mean " << std::chrono::duration_cast<std::chrono::microseconds>(pool.mean_wait()).count()
            << " us, p50 <= " << wait_percentile(pool, 0.5) << ", p99 <= " << wait_percentile(pool, 0.99) << "\n";
  if (pool.last_connect_error) std::cout << "  last connect error: " << pool.last_connect_error.message() << "\n";
  const auto& server = outcome.server.stats;
  if (outcome.server.checked) {
    std::cout << "\nserver: accepted " << server.accepted_connections << ", refused " << server.refused_connections
              << ", peak " << server.peak_connections << " at once, closed by client " << server.closed_by_client
              << " / server " << server.closed_by_server << " / fault " << server.closed_by_fault << ", commands "
              << server.commands_processed << "\n  faults injected:";
    if (outcome.server.injected.empty()) std::cout << " none";
    for (const auto& [kind, count] : outcome.server.injected) std::cout << " " << kind << " " << count;
    std::cout << "\n";
  } else {
    std::cout << "\nserver: not checked (" << outcome.server.not_checked_reason << ")\n";
  }
  std::cout << "\ninvariants: " << invariant_names << "\n";
  if (outcome.violations.empty()) {
    std::cout << "verdict: PASS (every invariant held)\n";
    return;
  }
  std::cout << "verdict: FAIL, " << outcome.violations.size() << " violation(s):\n";
  for (const auto& v : outcome.violations) std::cout << "  " << v.invariant << ": " << v.detail << "\n";
}

void write_json_report(const storm_settings& settings, const storm_outcome& outcome, const std::string& path) {
  namespace json = boost::json;
  const auto& found = *outcome.found;
  const auto& pool = outcome.pool;
  json::object report;
  report["schema"] = "kvmock-storm/1";
  report["settings"] = {{"workers", settings.workers},
                        {"seconds", settings.seconds},
                        {"threads", settings.threads},
                        {"min_size", settings.min_size},
                        {"max_size", settings.max_size},
                        {"acquire_timeout_ms", settings.acquire_timeout_ms},
                        {"command_timeout_ms", settings.command_timeout_ms},
                        {"connect_timeout_ms", settings.connect_timeout_ms},
                        {"seed", settings.seed}};
  report["target"] = outcome.target;
  json::array faults;
  for (const auto& f : outcome.faults) faults.emplace_back(f);
  report["faults"] = std::move(faults);
  report["elapsed_seconds"] = outcome.elapsed_seconds;
  json::object failures;
  for (const auto& [why, count] : found.failures()) failures[why] = count;
  const auto failed = failed_count(found);
  report["operations"] = {{"total", found.successes() + failed},
                          {"ok", found.successes()},
                          {"failed", failed},
                          {"per_second", static_cast<double>(found.successes() + failed) / outcome.elapsed_seconds},
                          {"failures", std::move(failures)}};
  json::object closed;
  for (std::size_t r = 0; r < kvpool::close_reason_count; ++r) {
    closed[to_string(static_cast<kvpool::close_reason>(r))] = pool.closed[r];
  }
  report["pool"] = {{"created", pool.created},
                    {"connect_attempts", pool.connect_attempts},
                    {"connect_failures", pool.connect_failures},
                    {"acquired", pool.acquired},
                    {"timeouts", pool.timeouts},
                    {"cancelled", pool.cancelled},
                    {"closed", std::move(closed)},
                    {"acquire_wait_mean_us",
                     std::chrono::duration_cast<std::chrono::microseconds>(pool.mean_wait()).count()},
                    {"acquire_wait_p50", wait_percentile(pool, 0.5)},
                    {"acquire_wait_p99", wait_percentile(pool, 0.99)},
                    {"last_connect_error", pool.last_connect_error ? pool.last_connect_error.message() : ""}};
  json::object server{{"checked", outcome.server.checked}};
  if (outcome.server.checked) {
    const auto& s = outcome.server.stats;
    server["accepted"] = s.accepted_connections;
    server["refused"] = s.refused_connections;
    server["peak"] = s.peak_connections;
    server["closed_by_client"] = s.closed_by_client;
    server["closed_by_server"] = s.closed_by_server;
    server["closed_by_fault"] = s.closed_by_fault;
    server["commands"] = s.commands_processed;
    json::object injected;
    for (const auto& [kind, count] : outcome.server.injected) injected[kind] = count;
    server["faults_injected"] = std::move(injected);
  } else {
    server["reason"] = outcome.server.not_checked_reason;
  }
  report["server"] = std::move(server);
  json::array invariants;
  for (const char* name : {"max_size", "exclusive", "not_reissued", "integrity", "lost_data", "timeout_early", "leak"}) {
    invariants.emplace_back(name);
  }
  report["invariants"] = std::move(invariants);
  json::array violations;
  for (const auto& v : outcome.violations) violations.push_back({{"invariant", v.invariant}, {"detail", v.detail}});
  report["violations"] = std::move(violations);
  report["verdict"] = outcome.violations.empty() ? "pass" : "fail";

  std::ofstream out(path);
  out << json::serialize(report) << "\n";
  if (!out) throw storm_error("cannot write the JSON report to '" + path + "'");
}

}  // namespace kvmock::cli

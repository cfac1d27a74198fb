// kvmock storm: the tool's main job. A kv_pool runs against the in-process fake server under a
// fault schedule, with many workers whose every reply is recognisable (kvcheck/workload.hpp);
// at the end the pool is closed and the report says what was done, what failed and why, what
// the server and the pool saw, and whether every invariant held. Exit code 0 when they did.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include "commands.hpp"
#include "kvcheck/stack_invariants.hpp"
#include "kvcheck/workload.hpp"
#include "kvmock/server.hpp"
#include "kvpool/kv_pool.hpp"

namespace kvmock::cli {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// A storm a pool should ride out: slow replies, cut replies, resets, errors, refusals, hangs.
const std::vector<std::string> default_faults = {
    "latency:ms=1,jitter=8,p=0.3",
    "slice:bytes=3,delay_us=200,p=0.05",
    "error:reply=LOADING Redis is loading the dataset in memory,cmd=GET|SET,p=0.01",
    "drop:at=reply,p=0.003",
    "reset:at=mid-reply,bytes=4,p=0.003",
    "blackhole:p=0.001",
    "refuse:mode=reset,every=5",
    "stall_accept:every=13",
};

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
  std::vector<std::string> fault_specs;
  bool no_faults = false;
};

kvcheck::operation pick_operation(std::mt19937_64& random) {
  const auto roll = random() % 10;
  if (roll < 4) return kvcheck::operation::echo;
  if (roll < 8) return kvcheck::operation::set_then_get;
  if (roll < 9) return kvcheck::operation::cancelled_echo;
  return kvcheck::operation::broken;
}

// The upper bound of the histogram bucket holding the q-th fraction of acquire waits.
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

void print_report(const storm_settings& settings, const std::vector<std::string>& faults,
                  double elapsed, const kvcheck::workload_findings& found,
                  const kvpool::pool_stats& pool, const kvmock::server_stats& server,
                  const std::map<std::string, std::uint64_t>& injected,
                  const std::vector<kvcheck::violation>& violations) {
  std::uint64_t failed = 0;
  for (const auto& [why, count] : found.failures()) failed += count;
  const auto done = found.successes() + failed;
  std::cout << "kvmock storm: " << settings.workers << " workers on " << settings.threads
            << " threads for " << std::fixed << std::setprecision(1) << elapsed << " s; pool min "
            << settings.min_size << " max " << settings.max_size << "; seed " << settings.seed << "\n";
  std::cout << "faults (in order):\n";
  if (faults.empty()) std::cout << "  none\n";
  for (const auto& f : faults) std::cout << "  " << f << "\n";
  std::cout << "\noperations: " << done << " (" << std::setprecision(0)
            << static_cast<double>(done) / elapsed << "/s), " << found.successes() << " ok, "
            << failed << " failed\n";
  for (const auto& [why, count] : found.failures()) std::cout << "  " << std::setw(8) << count << "  " << why << "\n";
  std::cout << "\npool: created " << pool.created << ", connect attempts " << pool.connect_attempts
            << " (" << pool.connect_failures << " failed), acquired " << pool.acquired
            << ", timeouts " << pool.timeouts << ", cancelled " << pool.cancelled << "\n";
  std::cout << "  closed:";
  for (std::size_t r = 0; r < kvpool::close_reason_count; ++r) {
    std::cout << " " << to_string(static_cast<kvpool::close_reason>(r)) << " " << pool.closed[r];
  }
  std::cout << "\n  acquire wait: mean "
            << std::chrono::duration_cast<std::chrono::microseconds>(pool.mean_wait()).count()
            << " us, p50 <= " << wait_percentile(pool, 0.5) << ", p99 <= " << wait_percentile(pool, 0.99)
            << "\n";
  if (pool.last_connect_error) std::cout << "  last connect error: " << pool.last_connect_error.message() << "\n";
  std::cout << "\nserver: accepted " << server.accepted_connections << ", refused "
            << server.refused_connections << ", peak " << server.peak_connections
            << " at once, closed by client " << server.closed_by_client << " / server "
            << server.closed_by_server << " / fault " << server.closed_by_fault << ", commands "
            << server.commands_processed << "\n  faults injected:";
  if (injected.empty()) std::cout << " none";
  for (const auto& [kind, count] : injected) std::cout << " " << kind << " " << count;
  std::cout << "\n\ninvariants: max_size, exclusive, not_reissued, integrity, lost_data, timeout_early, leak\n";
  if (violations.empty()) {
    std::cout << "verdict: PASS (every invariant held)\n";
    return;
  }
  std::cout << "verdict: FAIL, " << violations.size() << " violation(s):\n";
  for (const auto& v : violations) std::cout << "  " << v.invariant << ": " << v.detail << "\n";
}

int storm(const storm_settings& settings) {
  const std::vector<std::string> specs =
      settings.no_faults ? std::vector<std::string>{}
                         : settings.fault_specs.empty() ? default_faults : settings.fault_specs;
  auto faults = parse_faults(specs);
  if (!faults) return 2;
  kvmock::server_options server_options;
  server_options.seed = settings.seed;
  server_options.faults = std::move(*faults);
  server_options.fault_log_limit = std::size_t{1} << 20;
  kvmock::server server(server_options);

  kvcheck::holder_tracker holders;
  kvcheck::workload_findings found;
  asio::io_context io(settings.threads);
  kvpool::kv_pool pool(io.get_executor(),
                       kvpool::kv_pool_config("127.0.0.1:" + std::to_string(server.port()))
                           .min_size(settings.min_size)
                           .max_size(settings.max_size)
                           .acquire_timeout(std::chrono::milliseconds(settings.acquire_timeout_ms))
                           .command_timeout(std::chrono::milliseconds(settings.command_timeout_ms))
                           .connect_timeout(std::chrono::milliseconds(settings.connect_timeout_ms))
                           .backoff(10ms, 2.0, 500ms),
                       holders.observer());

  const auto started = clock_type::now();
  const auto until = started + std::chrono::duration_cast<clock_type::duration>(
                                   std::chrono::duration<double>(settings.seconds));
  std::atomic<int> running{settings.workers};
  std::promise<void> all_done;
  for (int w = 0; w < settings.workers; ++w) {
    asio::co_spawn(asio::make_strand(io), [&, w]() -> asio::awaitable<void> {
      std::mt19937_64 random(settings.seed * 1000003 + static_cast<std::uint64_t>(w));
      for (std::uint64_t step = 0; clock_type::now() < until; ++step) {
        const std::string tag = "w" + std::to_string(w) + "." + std::to_string(step);
        co_await kvcheck::run_operation(pool, pick_operation(random), w, tag, holders, found);
      }
      if (--running == 0) all_done.set_value();
    }, asio::detached);
  }
  auto busy = asio::make_work_guard(io);
  std::vector<std::thread> threads;
  for (int t = 0; t < settings.threads; ++t) threads.emplace_back([&] { io.run(); });
  all_done.get_future().get();
  const double elapsed = std::chrono::duration<double>(clock_type::now() - started).count();
  asio::co_spawn(io, pool.async_close(asio::use_awaitable), asio::use_future).get();
  busy.reset();
  for (auto& thread : threads) thread.join();

  std::vector<kvcheck::violation> violations = holders.violations();
  const auto add = [&](const std::vector<kvcheck::violation>& more) {
    violations.insert(violations.end(), more.begin(), more.end());
  };
  add(found.violations());
  // The counts at the moment the server saw no connection left: a connection the pool closed
  // while it still waited in the server's accept queue may be accepted later, and closed at once.
  kvmock::server_stats server_stats;
  if (!server.wait_for([&](const kvmock::server_stats& s) {
        server_stats = s;
        return s.open_connections == 0;
      }, 30s)) {
    violations.push_back({"leak", "30 s after the pool closed, the server still sees connections"});
  }
  const auto pool_stats = pool.stats();
  add(kvcheck::check_bounded(found.occupancy.peak(), server_stats, settings.max_size));
  add(kvcheck::check_drained(pool_stats, server_stats, 0, 0));
  std::map<std::string, std::uint64_t> injected;
  for (const auto& event : server.fault_log()) ++injected[std::string(to_string(event.kind))];
  print_report(settings, specs, elapsed, found, pool_stats, server_stats, injected, violations);
  return violations.empty() ? 0 : 1;
}

}  // namespace

void add_storm_command(CLI::App& app, int& exit_code) {
  auto chosen = std::make_shared<storm_settings>();
  auto& s = *chosen;
  auto* command = app.add_subcommand(
      "storm", "Run a kv_pool against the in-process server under faults, check its invariants "
               "and report (exit code 1 if one was violated)");
  command->add_option("--workers", s.workers, "Concurrent workers")->capture_default_str()->check(CLI::Range(1, 100000));
  command->add_option("--seconds", s.seconds, "How long the workers run")->capture_default_str()->check(CLI::PositiveNumber);
  command->add_option("--threads", s.threads, "Threads running the pool")->capture_default_str()->check(CLI::Range(1, 256));
  command->add_option("--min-size", s.min_size, "Pool min_size")->capture_default_str();
  command->add_option("--max-size", s.max_size, "Pool max_size")->capture_default_str();
  command->add_option("--acquire-timeout-ms", s.acquire_timeout_ms, "Pool acquire_timeout")->capture_default_str()->check(CLI::PositiveNumber);
  command->add_option("--command-timeout-ms", s.command_timeout_ms, "Each command's timeout")->capture_default_str()->check(CLI::PositiveNumber);
  command->add_option("--connect-timeout-ms", s.connect_timeout_ms, "Each connect's timeout")->capture_default_str()->check(CLI::PositiveNumber);
  command->add_option("--seed", s.seed, "Seed of the server's fault decisions and of the workload")->capture_default_str();
  command->add_option("--fault", s.fault_specs,
                      "A fault, KIND[:KEY=VALUE,...]; repeatable (default: a built-in storm)")
      ->take_all();
  command->add_flag("--no-faults", s.no_faults, "Run without any fault");
  command->callback([chosen, &exit_code] {
    try {
      exit_code = storm(*chosen);
    } catch (const std::exception& e) {
      std::cerr << "kvmock storm: " << e.what() << std::endl;
      exit_code = 2;
    }
  });
}

}  // namespace kvmock::cli

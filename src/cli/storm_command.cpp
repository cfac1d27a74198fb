// kvmock storm: the tool's main job. A kv_pool runs against the in-process fake server (or any
// server, --target) under a fault schedule, with many workers whose every reply is recognisable
// (kvcheck/workload.hpp); at the end the pool is closed and the report says what was done, what
// failed and why, what the server and the pool saw, and whether every invariant held. Exit code
// 0 when they did, 1 when one was violated, 2 when the storm could not start.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <sstream>
#include <unistd.h>
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
#include "storm.hpp"
#include "kvcheck/stack_invariants.hpp"
#include "kvcheck/workload.hpp"
#include "kvmock/server.hpp"
#include "kvpool/kv_pool.hpp"

namespace kvmock::cli {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

kvcheck::operation pick_operation(std::mt19937_64& random) {
  const auto roll = random() % 10;
  if (roll < 4) return kvcheck::operation::echo;
  if (roll < 8) return kvcheck::operation::set_then_get;
  if (roll < 9) return kvcheck::operation::cancelled_echo;
  return kvcheck::operation::broken;
}

// While the workers run: every interval, operations per second, acquire waits, the pool's
// occupancy and the faults so far; one line rewritten in place on a terminal, plain lines
// otherwise (a CI log).
class progress_printer {
 public:
  progress_printer(const storm_settings& settings, const kvpool::kv_pool& pool,
                   const kvcheck::workload_findings& found, storm_target& target)
      : pool_(pool), found_(found), target_(target), terminal_(::isatty(::fileno(stdout)) != 0) {
    const double seconds = settings.progress_seconds >= 0 ? settings.progress_seconds : terminal_ ? 1.0 : 5.0;
    interval_ = std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(seconds));
  }

  // Called by the main thread until the workers are done; only waits when progress is off.
  void run_until(std::future<void>& done) {
    const auto started = clock_type::now();
    if (interval_.count() <= 0) {
      done.wait();
      return;
    }
    std::uint64_t last_ops = 0;
    auto last = started;
    while (done.wait_for(interval_) != std::future_status::ready) {
      const auto now = clock_type::now();
      const std::uint64_t ops = operations();
      const double rate = static_cast<double>(ops - last_ops) / std::chrono::duration<double>(now - last).count();
      last_ops = ops;
      last = now;
      const auto stats = pool_.stats();
      const auto faults = target_.faults_so_far();
      std::ostringstream line;
      line << "[" << std::fixed << std::setprecision(1) << std::setw(6)
           << std::chrono::duration<double>(now - started).count() << " s] " << std::setprecision(0) << rate
           << " ops/s, acquire p50 <= " << wait_percentile(stats, 0.5) << " p99 <= " << wait_percentile(stats, 0.99)
           << ", pool idle " << stats.idle << " active " << stats.active << " waiting " << stats.waiting
           << ", faults " << (faults ? std::to_string(*faults) : "-");
      if (terminal_) {
        std::cout << "\r" << std::left << std::setw(110) << line.str() << std::right << std::flush;
      } else {
        std::cout << line.str() << std::endl;
      }
    }
    if (terminal_) std::cout << "\n";
  }

 private:
  std::uint64_t operations() const {
    std::uint64_t ops = found_.successes();
    for (const auto& [why, count] : found_.failures()) ops += count;
    return ops;
  }
  const kvpool::kv_pool& pool_;
  const kvcheck::workload_findings& found_;
  storm_target& target_;
  bool terminal_;
  clock_type::duration interval_{};
};

int storm(const storm_settings& settings) {
  if (settings.min_size > settings.max_size) {
    throw storm_error("min_size (" + std::to_string(settings.min_size) + ") exceeds max_size (" +
                      std::to_string(settings.max_size) + ")");
  }
  if (settings.target.empty() && (!settings.password.empty() || settings.database != 0 || settings.admin_port != 0)) {
    throw storm_error("--password, --database and --admin-port describe a --target");
  }
  const std::vector<std::string> specs = chosen_faults(settings);
  std::unique_ptr<storm_target> target;
  if (settings.target.empty()) {
    auto faults = parse_faults(specs);
    if (!faults) return 2;
    target = in_process_target(settings, std::move(*faults));
  } else {
    target = remote_target(settings, specs);
  }

  kvcheck::holder_tracker holders;
  kvcheck::workload_findings found;
  asio::io_context io(settings.threads);
  kvpool::kv_pool pool(io.get_executor(),
                       kvpool::kv_pool_config(target->pool_address())
                           .password(settings.password)
                           .database(settings.database)
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
  auto done = all_done.get_future();
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
  progress_printer(settings, pool, found, *target).run_until(done);
  const double elapsed = std::chrono::duration<double>(clock_type::now() - started).count();
  asio::co_spawn(io, pool.async_close(asio::use_awaitable), asio::use_future).get();
  busy.reset();
  for (auto& thread : threads) thread.join();

  storm_outcome outcome;
  outcome.elapsed_seconds = elapsed;
  outcome.target = target->description();
  outcome.faults = specs;
  outcome.found = &found;
  outcome.server = target->finish(settings);
  outcome.pool = pool.stats();
  outcome.violations = holders.violations();
  const auto add = [&](const std::vector<kvcheck::violation>& more) {
    outcome.violations.insert(outcome.violations.end(), more.begin(), more.end());
  };
  add(found.violations());
  // Without the server's counts, the pool's side of each check still runs.
  const kvmock::server_stats server = outcome.server.checked ? outcome.server.stats : kvmock::server_stats{};
  add(kvcheck::check_bounded(found.occupancy.peak(), server, settings.max_size));
  add(kvcheck::check_drained(outcome.pool, server, 0, 0));
  print_report(settings, outcome);
  if (!settings.json_path.empty()) write_json_report(settings, outcome, settings.json_path);
  return outcome.violations.empty() ? 0 : 1;
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
  command->add_option("--min-size", s.min_size, "Pool min_size")->capture_default_str()->check(CLI::Range(0, 100000));
  command->add_option("--max-size", s.max_size, "Pool max_size")->capture_default_str()->check(CLI::Range(1, 100000));
  command->add_option("--acquire-timeout-ms", s.acquire_timeout_ms, "Pool acquire_timeout")->capture_default_str()->check(CLI::PositiveNumber);
  command->add_option("--command-timeout-ms", s.command_timeout_ms, "Each command's timeout")->capture_default_str()->check(CLI::PositiveNumber);
  command->add_option("--connect-timeout-ms", s.connect_timeout_ms, "Each connect's timeout")->capture_default_str()->check(CLI::PositiveNumber);
  command->add_option("--seed", s.seed, "Seed of the server's fault decisions and of the workload")->capture_default_str();
  command->add_option("--profile", s.profile,
                      "Faults by name: none, mild or chaos (default: chaos in process, none with --target)");
  command->add_option("--fault", s.fault_specs, "A fault, KIND[:KEY=VALUE,...]; repeatable, instead of a profile")
      ->take_all();
  command->add_flag("--no-faults", s.no_faults, "Run without any fault (--profile none)");
  command->add_option("--target", s.target,
                      "Run against this server, HOST:PORT[/NAMESPACE], instead of the in-process one; the "
                      "workload's keys live under NAMESPACE (default kvmock-storm-<pid>) and are deleted after");
  command->add_option("--password", s.password, "The target's password (AUTH)");
  command->add_option("--database", s.database, "The target's database (SELECT)")->check(CLI::Range(0, 1 << 20));
  command->add_option("--admin-port", s.admin_port,
                      "The target is a kvmock serve with this --admin-port: faults and server-side checks through it");
  command->add_option("--json", s.json_path, "Also write the whole report as JSON to this file");
  command->add_option("--progress-seconds", s.progress_seconds,
                      "Progress every N seconds while running (default 1 on a terminal, 5 otherwise; 0: none)")
      ->check(CLI::NonNegativeNumber);
  command->callback([chosen, &exit_code] {
    try {
      exit_code = storm(*chosen);
    } catch (const std::exception& e) {  // storm_error, or a configuration the pool refuses
      std::cerr << "kvmock storm: " << e.what() << std::endl;
      exit_code = 2;
    }
  });
}

}  // namespace kvmock::cli

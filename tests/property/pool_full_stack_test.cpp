// The real kv_pool over TCP against the in-process fake server, under generated fault schedules
// (every fault kind) and generated concurrent workloads, with the invariants checked from both
// sides (kvcheck/stack_invariants.hpp) and the integrity of every reply (unique values and ECHO
// nonces: a stale reply on a reused connection would show).
//
// Deterministic mode: pool, server and workers share one io_context driven from the property's
// thread, and the server's fault seed is drawn by rapidcheck, so RC_PARAMS="reproduce=..."
// replays the schedule and the faults. The threaded variant (ThreadSanitizer in CI) runs the
// pool on two threads and the server on its own, without exact replay.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <future>
#include <iostream>
#include <ostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include "kvcheck/stack_invariants.hpp"
#include "kvcheck/workload.hpp"
#include "kvmock/server.hpp"
#include "kvpool/error.hpp"
#include "kvpool/kv_pool.hpp"
#include "kvtest/generators.hpp"

namespace kvcheck {
// For rapidcheck's printing of a counterexample.
inline void showValue(operation op, std::ostream& os) { os << to_string(op); }
}  // namespace kvcheck

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using boost::system::error_code;
using clock_type = std::chrono::steady_clock;
constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);
// A safety net against a hang, never a claim about speed.
constexpr auto patience = 60s;

using kvcheck::operation;

// A generated run: faults, the pool's shape, when it is closed, and the workers' operations
// (kvtest/generators.hpp, the generators downstream properties use).
struct scenario {
  std::vector<std::string> faults;
  std::uint64_t seed = 0;
  kvtest::pool_shape shape;
  // The pool is closed this long after the workers start, with some of them waiting (0: only
  // once they are done).
  std::chrono::milliseconds close_after{};
  std::vector<std::vector<operation>> workers;

  kvpool::kv_pool_config config(std::uint16_t port) const {
    return shape.applied_to(kvpool::kv_pool_config("127.0.0.1:" + std::to_string(port)));
  }
};

scenario generate_scenario() {
  scenario s;
  s.faults = *kvtest::gen::fault_schedule();
  s.seed = *rc::gen::arbitrary<std::uint64_t>();
  s.shape = *kvtest::gen::pool_shape();
  s.close_after = *rc::gen::weightedElement<std::chrono::milliseconds>({{3, 0ms}, {1, 5ms}, {1, 30ms}});
  s.workers = *kvtest::gen::workload();
  return s;
}

// What the workers saw, shared by all of them.
struct findings {
  explicit findings(const scenario& s) : holders(s.shape.max_lifetime) {}
  kvcheck::holder_tracker holders;
  kvcheck::workload_findings workload;
};

// Closes the pool while the workers still run, if the scenario says so.
void close_early(asio::io_context& io, kvpool::kv_pool& pool, const scenario& s,
                 asio::steady_timer& timer) {
  if (s.close_after == 0ms) return;
  timer.expires_after(s.close_after);
  timer.async_wait([&pool](error_code ec) {
    if (!ec) pool.close();
  });
  (void)io;
}

asio::awaitable<void> work(kvpool::kv_pool& pool, std::vector<operation> operations, int worker,
                           findings& found) {
  int step = 0;
  for (const operation op : operations) {
    const std::string tag = "w" + std::to_string(worker) + "." + std::to_string(step++);
    co_await kvcheck::run_operation(pool, op, worker, tag, found.holders, found.workload);
  }
}

void require_no_violations(const std::vector<kvcheck::violation>& violations) {
  if (violations.empty()) return;
  // Also on stderr: rapidcheck reports the shrunk case's outcome, and with real time that
  // re-run may pass; the violation that failed the property must not be lost.
  std::cerr << "violated: " << kvcheck::report(violations);
  RC_FAIL(kvcheck::report(violations));
}

void log_scenario(const scenario& s) {
  RC_LOG() << "seed " << s.seed << ", max_size " << s.shape.max_size << ", min_size " << s.shape.min_size
           << ", max_lifetime " << std::chrono::duration_cast<std::chrono::milliseconds>(s.shape.max_lifetime).count()
           << " ms, check_timeout "
           << std::chrono::duration_cast<std::chrono::milliseconds>(s.shape.check_timeout).count()
           << " ms, close after " << s.close_after.count() << " ms, " << s.workers.size()
           << " workers\n";
  for (const auto& f : s.faults) RC_LOG() << "fault " << f << "\n";
}

kvmock::server_options server_options(const scenario& s) {
  kvmock::server_options options;
  options.seed = s.seed;
  for (const auto& spec : s.faults) options.faults.push_back(kvmock::parse_fault(spec));
  return options;
}

// Runs io's handlers on this thread until done() holds, or fails after `patience`.
template <typename Predicate>
void run_until(asio::io_context& io, Predicate done, const char* what) {
  const auto give_up = clock_type::now() + patience;
  while (!done()) {
    if (clock_type::now() > give_up) RC_FAIL(std::string("no progress: ") + what);
    io.run_one_for(100ms);
  }
}

RC_GTEST_PROP(PoolFullStack, InvariantsHoldUnderFaultsDeterministic, ()) {
  const scenario s = generate_scenario();
  log_scenario(s);
  asio::io_context io;
  { asio::steady_timer first_timer(io); }  // the context's own descriptors exist from here on
  const std::size_t descriptors_before = kvcheck::open_file_descriptors();
  kvpool::pool_stats pool_stats;
  kvmock::server_stats server_stats;
  findings found(s);
  {
    kvmock::server server(io, server_options(s));
    kvpool::kv_pool pool(io.get_executor(), s.config(server.port()),
                         found.holders.observer());
    asio::steady_timer closer(io);
    close_early(io, pool, s, closer);
    std::vector<std::future<void>> done;
    for (std::size_t w = 0; w < s.workers.size(); ++w) {
      done.push_back(asio::co_spawn(io, work(pool, s.workers[w], static_cast<int>(w), found),
                                    asio::use_future));
    }
    run_until(io, [&] {
      return std::all_of(done.begin(), done.end(),
                         [](auto& f) { return f.wait_for(0s) == std::future_status::ready; });
    }, "the workers did not finish");
    for (auto& f : done) f.get();
    auto closed = asio::co_spawn(io, pool.async_close(asio::use_awaitable), asio::use_future);
    run_until(io, [&] { return closed.wait_for(0s) == std::future_status::ready; },
              "async_close did not complete");
    run_until(io, [&] { return server.stats().open_connections == 0; },
              "the server still sees connections after the pool closed");
    pool_stats = pool.stats();
    server_stats = server.stats();
    RC_TAG(server.fault_log().empty() ? "no fault injected" : "faults injected");
    require_no_violations(kvcheck::check_bounded(found.workload.occupancy.peak(), server_stats, s.shape.max_size));
    // The early close may have fired already and wait in the queue: run it while the pool lives.
    closer.cancel();
    io.poll();
  }
  io.poll();
  require_no_violations(found.holders.violations());
  require_no_violations(found.workload.violations());
  require_no_violations(kvcheck::check_drained(pool_stats, server_stats, descriptors_before,
                                               kvcheck::open_file_descriptors()));
}

RC_GTEST_PROP(PoolFullStack, InvariantsHoldUnderFaultsOnTwoThreads, ()) {
  const scenario s = generate_scenario();
  log_scenario(s);
  findings found(s);
  kvmock::server server(server_options(s));  // on its own thread
  asio::io_context io(2);
  kvpool::kv_pool pool(io.get_executor(), s.config(server.port()),
                       found.holders.observer());
  asio::steady_timer closer(io);
  close_early(io, pool, s, closer);
  std::vector<std::future<void>> done;
  for (std::size_t w = 0; w < s.workers.size(); ++w) {
    done.push_back(asio::co_spawn(asio::make_strand(io),
                                  work(pool, s.workers[w], static_cast<int>(w), found),
                                  asio::use_future));
  }
  // Without this the context may run out of work between the last worker and the close.
  auto busy = asio::make_work_guard(io);
  auto closed = std::async(std::launch::async, [&] {
    for (auto& f : done) f.get();
    asio::co_spawn(io, pool.async_close(asio::use_awaitable), asio::use_future).get();
    busy.reset();
  });
  std::thread second([&] { io.run(); });
  io.run();  // returns once every worker is done and the pool is closed
  second.join();
  closed.get();
  // The counts at the moment the server saw no connection left: a connection the pool closed
  // while it still waited in the server's accept queue may be accepted later, and closed at once.
  kvmock::server_stats server_stats;
  RC_ASSERT(server.wait_for([&](const kvmock::server_stats& st) {
    server_stats = st;
    return st.open_connections == 0;
  }, patience));
  const auto pool_stats = pool.stats();
  require_no_violations(kvcheck::check_bounded(found.workload.occupancy.peak(), server_stats, s.shape.max_size));
  require_no_violations(found.holders.violations());
  require_no_violations(found.workload.violations());
  require_no_violations(kvcheck::check_drained(pool_stats, server_stats, 0, 0));
}

// After the server refuses or drops every connection for a while, the pool returns to min_size
// and serves, having tried no more often than its backoff allows.
RC_GTEST_PROP(PoolFullStack, RecoversAfterAnOutageWithoutAReconnectStorm, ()) {
  const std::string outage_fault = *rc::gen::element<std::string>(
      "refuse:mode=unbound", "refuse:mode=close", "refuse:mode=reset", "drop:at=accept",
      "reset:at=accept");
  const auto outage = *rc::gen::element<std::chrono::milliseconds>(20ms, 50ms, 100ms);
  const auto min_size = *rc::gen::inRange<std::size_t>(1, 4);
  RC_LOG() << outage_fault << " for " << outage.count() << "ms, min_size " << min_size << "\n";
  asio::io_context io;
  kvmock::server_options options;
  options.faults.push_back(kvmock::parse_fault(outage_fault));
  kvmock::server server(io, options);
  kvpool::kv_pool pool(io.get_executor(),
                       kvpool::kv_pool_config("127.0.0.1:" + std::to_string(server.port()))
                           .min_size(min_size)
                           .max_size(4)
                           .backoff(5ms, 2.0, 40ms)
                           .connect_timeout(200ms)
                           // A connection reset right after its connect looks open until used.
                           .check_after_idle(1ns));
  auto warm = asio::co_spawn(io, pool.async_connect(asio::use_awaitable), asio::use_future);
  const auto outage_start = clock_type::now();
  asio::steady_timer outage_end(io, outage);
  bool over = false;
  outage_end.async_wait([&](error_code) { over = true; });
  run_until(io, [&] { return over; }, "the outage timer did not fire");
  const auto attempts = pool.stats().connect_attempts;
  const auto bound = kvcheck::connect_attempt_bound(pool.config().pool(), clock_type::now() - outage_start);
  server.clear_faults();
  RC_ASSERT(attempts <= bound);
  run_until(io, [&] { return pool.stats().open() >= min_size; }, "the pool did not recover min_size");
  auto value = asio::co_spawn(io, pool.async_ping(asio::use_awaitable), asio::use_future);
  run_until(io, [&] { return value.wait_for(0s) == std::future_status::ready; }, "PING did not complete");
  RC_ASSERT(value.get() == "PONG");
  auto closed = asio::co_spawn(io, pool.async_close(asio::use_awaitable), asio::use_future);
  run_until(io, [&] { return closed.wait_for(0s) == std::future_status::ready; }, "close did not complete");
  warm.get();
}

}  // namespace

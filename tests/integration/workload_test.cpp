// The checking workload (kvcheck/workload.hpp) against servers that misbehave on purpose, through
// the fake's command hook: each kind of wrong answer must be reported as its violation.

#include "kvcheck/workload.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <algorithm>
#include <atomic>
#include <string>

#include "kvmock/command_hook.hpp"
#include "kvmock/server.hpp"

namespace {

namespace asio = boost::asio;

// Runs `count` set_then_get operations of one worker and returns the violations' names.
std::vector<std::string> run_set_then_get(kvmock::server& server, int count) {
  asio::io_context io;
  kvcheck::holder_tracker holders;
  kvcheck::workload_findings found;
  kvpool::kv_pool pool(io.get_executor(),
                       kvpool::kv_pool_config("127.0.0.1:" + std::to_string(server.port())).min_size(1).max_size(1),
                       holders.observer());
  auto done = asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (int i = 0; i < count; ++i) {
          co_await kvcheck::run_operation(pool, kvcheck::operation::set_then_get, 0, "t" + std::to_string(i), holders,
                                          found);
        }
        co_await pool.async_close(asio::use_awaitable);
      },
      asio::use_future);
  io.run();
  done.get();
  std::vector<std::string> names;
  for (const auto& v : found.violations()) names.push_back(v.invariant);
  return names;
}

TEST(Workload, AnHonestServerGivesNoViolation) {
  kvmock::server server;
  EXPECT_TRUE(run_set_then_get(server, 20).empty());
}

TEST(Workload, AnAcknowledgedWriteThatNeverHappenedIsLostData) {
  kvmock::server server;
  std::atomic<int> sets{0};
  // Every third SET is answered +OK and not run: the write was acknowledged, then lost.
  server.set_command_hook([&](const kvmock::command_call& call) {
    if (call.args[0] == "SET" && ++sets % 3 == 0) return kvmock::hook_action::reply("+OK\r\n");
    return kvmock::hook_action::run();
  });
  const auto names = run_set_then_get(server, 12);
  EXPECT_NE(std::find(names.begin(), names.end(), "lost_data"), names.end());
}

TEST(Workload, ARefusedWriteIsNotExpectedAndAnUnansweredOneMayLand) {
  kvmock::server server;
  std::atomic<int> sets{0};
  // SETs refused with an error reply, or run with their reply cut: neither is a violation.
  server.set_command_hook([&](const kvmock::command_call& call) {
    if (call.args[0] != "SET") return kvmock::hook_action::run();
    const int n = ++sets;
    if (n % 3 == 0) return kvmock::hook_action::reply("-LOADING Redis is loading the dataset in memory\r\n");
    if (n % 3 == 1) return kvmock::hook_action::inject(kvmock::faults::drop(kvmock::close_point::reply));
    return kvmock::hook_action::run();
  });
  EXPECT_TRUE(run_set_then_get(server, 15).empty());
}

}  // namespace

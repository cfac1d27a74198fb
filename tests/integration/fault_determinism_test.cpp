// The same seed and workload give the same fault log, whatever the thread timing: here one run
// drives its connections one after another from one thread, the other all at once from many.

#include "kvmock/server.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "support/raw_client.hpp"

namespace {

using namespace std::chrono_literals;
using kvtest::raw_client;

constexpr int connections = 6;
constexpr int commands_each = 40;

// One connection's workload, until it is done or a fault closes the connection.
void workload(std::uint16_t port) {
  raw_client client(port);
  try {
    for (int i = 0; i < commands_each; ++i) {
      if (i % 2 == 0) {
        client.command({"SET", "k", std::to_string(i)});
      } else {
        client.command({"GET", "k"});
      }
    }
  } catch (const std::runtime_error&) {
    // closed by the drop fault: this connection's workload ends here, as in every run
  }
}

std::vector<kvmock::fault_event> run(std::uint64_t seed, bool concurrently) {
  kvmock::server server(kvmock::server_options{.seed = seed});
  server.set_clock([] { return std::chrono::system_clock::time_point(1'700'000'000'000ms); });
  server.add_fault("latency:ms=1,p=0.05");
  server.add_fault("slice:bytes=3,p=0.1,cmd=GET");
  server.add_fault("error:reply=ERR injected,p=0.1,cmd=GET");
  server.add_fault("drop:at=reply,p=0.03,cmd=SET");
  if (concurrently) {
    std::vector<std::thread> threads;
    for (int i = 0; i < connections; ++i) threads.emplace_back(workload, server.port());
    for (auto& thread : threads) thread.join();
  } else {
    for (int i = 0; i < connections; ++i) workload(server.port());
  }
  EXPECT_TRUE(server.wait_for([](const auto& s) { return s.closed_connections == connections; },
                              30s));
  auto log = server.fault_log();
  // Connections interleave differently; each connection's own faults must not.
  std::sort(log.begin(), log.end(), [](const auto& a, const auto& b) {
    return std::tie(a.connection, a.command_index, a.fault_id) <
           std::tie(b.connection, b.command_index, b.fault_id);
  });
  return log;
}

TEST(FaultDeterminism, SameSeedSameFaultLogWhateverTheTiming) {
  const auto sequential = run(2024, false);
  const auto concurrent = run(2024, true);
  EXPECT_GT(sequential.size(), 10u);  // the workload meets faults of every kind
  for (const auto kind : {kvmock::fault_kind::latency, kvmock::fault_kind::slice,
                          kvmock::fault_kind::error, kvmock::fault_kind::drop}) {
    EXPECT_TRUE(std::any_of(sequential.begin(), sequential.end(),
                            [kind](const auto& e) { return e.kind == kind; }))
        << kvmock::to_string(kind);
  }
  EXPECT_EQ(sequential, concurrent);
}

TEST(FaultDeterminism, AnotherSeedAnotherLog) {
  EXPECT_NE(run(2024, false), run(2025, false));
}

}  // namespace

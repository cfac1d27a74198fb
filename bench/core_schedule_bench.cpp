// How fast the pool core runs as a state machine with every invariant checked after every
// call (kvcheck::checked_core), driven by random schedules through the pool core fuzz target's
// driver. The figure is calls per second (one schedule byte is one call); the property suite
// needs at least 100,000. The floor beside it: the same schedules through a driver that only
// reads them, to show what the harness itself costs.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::vector<std::uint8_t>> schedules() {
  std::mt19937 random(42);
  std::vector<std::vector<std::uint8_t>> all(256);
  for (auto& schedule : all) {
    schedule.resize(4 + 200);
    for (auto& byte : schedule) byte = static_cast<std::uint8_t>(random());
  }
  return all;
}

void BM_CheckedCoreCalls(benchmark::State& state) {
  const auto all = schedules();
  std::size_t next = 0;
  std::int64_t calls = 0;
  for (auto _ : state) {
    const auto& schedule = all[next++ % all.size()];
    LLVMFuzzerTestOneInput(schedule.data(), schedule.size());
    calls += static_cast<std::int64_t>(schedule.size() - 4);
  }
  state.SetItemsProcessed(calls);
}
BENCHMARK(BM_CheckedCoreCalls);

void BM_Floor_ReadSchedule(benchmark::State& state) {
  const auto all = schedules();
  std::size_t next = 0;
  std::int64_t calls = 0;
  for (auto _ : state) {
    const auto& schedule = all[next++ % all.size()];
    unsigned sum = 0;
    for (const auto byte : schedule) sum += byte % 10;
    benchmark::DoNotOptimize(sum);
    calls += static_cast<std::int64_t>(schedule.size() - 4);
  }
  state.SetItemsProcessed(calls);
}
BENCHMARK(BM_Floor_ReadSchedule);

}  // namespace

BENCHMARK_MAIN();

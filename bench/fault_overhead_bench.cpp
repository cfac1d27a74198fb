// What the fault machinery costs when no fault is configured: the server's per-request path
// (parse, then run GET or SET) with the fault hooks, as connection.cpp calls them, beside the
// same path without them, in the same run. The ratio is the overhead; the target is under 3%.
// In-process and on one thread, so loopback noise does not drown a 3% difference.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "server_core.hpp"
#include "kvresp/request_parser.hpp"
#include "kvresp/writer.hpp"
#include "session.hpp"

namespace {

std::string pipeline(int commands) {
  std::string bytes;
  for (int i = 0; i < commands; ++i) {
    const std::string key = "key:" + std::to_string(i % 100);
    if (i % 2 == 0) {
      const std::vector<std::string_view> set{"SET", key, "value"};
      kvresp::append_command(bytes, set);
    } else {
      const std::vector<std::string_view> get{"GET", key};
      kvresp::append_command(bytes, get);
    }
  }
  return bytes;
}

template <bool WithFaultHooks>
void serve_requests(benchmark::State& state) {
  kvmock::server_core core{kvmock::server_options{}};
  kvmock::session client;
  std::uint64_t number = 0;
  {
    std::scoped_lock lock(core.mutex());
    core.accept_connection(number);
    client.connection = number;
    core.open_session(client);
  }
  const std::string input = pipeline(1000);
  std::string out;
  for (auto _ : state) {
    kvresp::request_parser parser;
    parser.feed(input);
    out.clear();
    std::scoped_lock lock(core.mutex());
    boost::system::error_code ec;
    while (parser.next(ec) == kvresp::request_parser::status::command) {
      const auto argv = parser.args();
      if constexpr (WithFaultHooks) {
        const auto decision = core.begin_request(client, argv);
        if (decision.shapes_reply()) state.SkipWithError("a fault shaped a reply");
      }
      core.execute(client, argv, out);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

void BM_Requests_WithFaultHooks(benchmark::State& state) { serve_requests<true>(state); }
void BM_Floor_Requests_WithoutFaultHooks(benchmark::State& state) { serve_requests<false>(state); }
// Fixed iterations, so that `valgrind --tool=callgrind` counts the same work on both sides
// (scripts/bench prints that count too: instructions are exact where times are noisy).
BENCHMARK(BM_Requests_WithFaultHooks)->Iterations(50)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_Floor_Requests_WithoutFaultHooks)->Iterations(50)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();

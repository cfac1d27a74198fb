// GET through kv_pool at 50 concurrent workers against a redis-server, beside POCO's pooled Redis
// client (Poco::ObjectPool of Poco::Redis::Client, 50 threads) on the same server in the same
// run. scripts/bench starts the server, runs redis-benchmark -c 50 against it too, and passes
// its port in KVPOOL_BENCH_REDIS_PORT.

#include <benchmark/benchmark.h>

#include <Poco/ObjectPool.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/PoolableConnectionFactory.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include "kvpool/kv_pool.hpp"

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr int workers = 50;
constexpr int gets_per_worker = 200;  // per round
const std::string key = "bench:key";
const std::string value(100, 'v');

std::uint16_t redis_port() {
  const char* port = std::getenv("KVPOOL_BENCH_REDIS_PORT");
  if (port == nullptr) {
    std::cerr << "kv_get_bench: set KVPOOL_BENCH_REDIS_PORT to a redis-server's port "
                 "(scripts/bench does)\n";
    std::exit(2);
  }
  return static_cast<std::uint16_t>(std::stoi(port));
}

std::string address() { return "127.0.0.1:" + std::to_string(redis_port()); }

void BM_KvPoolGet(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  asio::io_context io(threads);
  kvpool::kv_pool pool(io.get_executor(), kvpool::kv_pool_config(address())
                                              .min_size(workers)
                                              .max_size(workers)
                                              .warmup_batch(workers));
  auto guard = asio::make_work_guard(io);
  std::vector<std::thread> runners;
  for (int t = 0; t < threads; ++t) runners.emplace_back([&] { io.run(); });
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    co_await pool.async_connect(asio::use_awaitable);
    co_await pool.async_set(key, value, asio::use_awaitable);
  }, asio::use_future).get();

  std::atomic<int> remaining{0};
  std::atomic<int> errors{0};
  for (auto _ : state) {
    remaining.store(workers);
    for (int w = 0; w < workers; ++w) {
      asio::co_spawn(asio::make_strand(io), [&]() -> asio::awaitable<void> {
        for (int i = 0; i < gets_per_worker; ++i) {
          auto [ec, got] = co_await pool.async_get(key, asio::as_tuple(asio::use_awaitable));
          if (ec || got != value) ++errors;
        }
        if (remaining.fetch_sub(1) == 1) remaining.notify_one();
      }, asio::detached);
    }
    for (int left = remaining.load(); left != 0; left = remaining.load()) remaining.wait(left);
  }
  if (errors != 0) state.SkipWithError("GET failed");
  state.SetItemsProcessed(state.iterations() * workers * gets_per_worker);
  asio::co_spawn(io, pool.async_close(asio::use_awaitable), asio::use_future).get();
  guard.reset();
  for (auto& runner : runners) runner.join();
}
BENCHMARK(BM_KvPoolGet)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->MinTime(2.0);

using poco_pool = Poco::ObjectPool<Poco::Redis::Client, Poco::Redis::Client::Ptr>;

poco_pool& shared_poco_pool() {
  static Poco::PoolableObjectFactory<Poco::Redis::Client, Poco::Redis::Client::Ptr> factory(address());
  static poco_pool pool(factory, workers, workers);
  return pool;
}

void BM_Peer_PocoPooledRedisGet(benchmark::State& state) {
  poco_pool& pool = shared_poco_pool();
  if (state.thread_index() == 0) {
    Poco::Redis::PooledConnection connection(pool);
    Poco::Redis::Array set;
    set << "SET" << key << value;
    static_cast<Poco::Redis::Client::Ptr>(connection)->execute<std::string>(set);
  }
  Poco::Redis::Array get;
  get << "GET" << key;
  std::int64_t errors = 0;
  for (auto _ : state) {
    Poco::Redis::PooledConnection connection(pool, 60000);
    const auto got = static_cast<Poco::Redis::Client::Ptr>(connection)->execute<Poco::Redis::BulkString>(get);
    if (got.isNull() || got.value() != value) ++errors;
  }
  if (errors != 0) state.SkipWithError("GET failed");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Peer_PocoPooledRedisGet)->Threads(workers)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();

// The pool's own cost, each figure beside a peer or a floor measured in the same run:
// - one uncontended try_acquire + release, beside Poco::ObjectPool and a mutex-guarded vector;
// - async_acquire with a plain callback, beside a bare post;
// - async_acquire with use_awaitable, beside co_await post (Asio 1.26 cannot complete at once);
// - the grid pool {4, 8, 16} x workers {4, 16, 64, 256} coroutines on one and two threads, ns per
//   cycle, beside Asio's own channel used as a pool and a null pool (the same harness);
// - bytes of bookkeeping per idle connection.
// Connections are no-op objects: only the pool is measured.

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <Poco/ObjectPool.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>

#include "kvpool/basic_pool.hpp"

// Live heap bytes, for the bookkeeping figure.
namespace {
std::atomic<long long> live_bytes{0};
}  // namespace

void* operator new(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  live_bytes.fetch_add(static_cast<long long>(malloc_usable_size(p)), std::memory_order_relaxed);
  return p;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  live_bytes.fetch_sub(static_cast<long long>(malloc_usable_size(p)), std::memory_order_relaxed);
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using boost::system::error_code;

struct noop_connection {
  int value = 0;
};

struct noop_connector {
  using connection_type = noop_connection;
  asio::any_io_executor executor;

  void async_connect(
      asio::any_completion_handler<void(error_code, std::unique_ptr<noop_connection>)> done) {
    asio::post(executor, [done = std::move(done)]() mutable {
      std::move(done)(error_code{}, std::make_unique<noop_connection>());
    });
  }
};

using pool_type = kvpool::basic_pool<noop_connector>;

kvpool::pool_settings settings_for(std::size_t size) {
  kvpool::pool_settings settings;  // the defaults: timeouts, lifetime, health checks all on
  settings.min_size = size;
  settings.max_size = size;
  settings.warmup_batch = size;
  settings.acquire_timeout = 60s;
  return settings;
}

// A pool of `size` connections, all open and idle.
std::unique_ptr<pool_type> warm_pool(asio::io_context& io, std::size_t size) {
  auto pool = std::make_unique<pool_type>(io.get_executor(), settings_for(size),
                                          noop_connector{io.get_executor()});
  bool warm = false;
  pool->async_connect([&](error_code) { warm = true; });
  while (!warm) io.run_one();
  return pool;
}

void BM_TryAcquireRelease(benchmark::State& state) {
  asio::io_context io;
  auto pool = warm_pool(io, 4);
  for (auto _ : state) {
    auto held = pool->try_acquire();
    benchmark::DoNotOptimize(held->get());
  }
  pool->close();
  io.run();
}
BENCHMARK(BM_TryAcquireRelease);

void BM_Peer_PocoObjectPool(benchmark::State& state) {
  Poco::ObjectPool<noop_connection> pool(4, 4);
  for (auto _ : state) {
    noop_connection* held = pool.borrowObject();
    benchmark::DoNotOptimize(held);
    pool.returnObject(held);
  }
}
BENCHMARK(BM_Peer_PocoObjectPool);

void BM_Floor_MutexVector(benchmark::State& state) {
  std::mutex mutex;
  std::vector<std::unique_ptr<noop_connection>> idle;
  for (int i = 0; i < 4; ++i) idle.push_back(std::make_unique<noop_connection>());
  for (auto _ : state) {
    std::unique_ptr<noop_connection> held;
    {
      std::lock_guard lock(mutex);
      held = std::move(idle.back());
      idle.pop_back();
    }
    benchmark::DoNotOptimize(held.get());
    std::lock_guard lock(mutex);
    idle.push_back(std::move(held));
  }
}
BENCHMARK(BM_Floor_MutexVector);

// The pool keeps a timer armed, so its context runs the reactor between handlers: the floors
// get a pending timer too, or they would measure a context without a reactor.
asio::steady_timer pending_timer(asio::io_context& io) {
  asio::steady_timer timer(io, std::chrono::hours(1));
  timer.async_wait([](error_code) {});
  return timer;
}

// Each completion starts the next acquire, under io.run(), as a callback-driven user would.
struct acquire_chain {
  benchmark::State& state;
  pool_type& pool;
  void operator()(error_code, pool_type::handle held) {
    benchmark::DoNotOptimize(held.get());
    held.release();
    if (state.KeepRunning()) {
      pool.async_acquire(*this);
    } else {
      pool.close();
    }
  }
};

void BM_AsyncAcquireCallback(benchmark::State& state) {
  asio::io_context io;
  auto pool = warm_pool(io, 4);
  if (state.KeepRunning()) pool->async_acquire(acquire_chain{state, *pool});
  io.run();
}
BENCHMARK(BM_AsyncAcquireCallback);

struct post_chain {
  benchmark::State& state;
  asio::io_context& io;
  asio::steady_timer& timer;
  void operator()() {
    if (state.KeepRunning()) {
      asio::post(io, *this);
    } else {
      timer.cancel();
    }
  }
};

void BM_Floor_PostCallback(benchmark::State& state) {
  asio::io_context io;
  auto timer = pending_timer(io);
  if (state.KeepRunning()) asio::post(io, post_chain{state, io, timer});
  io.run();
}
BENCHMARK(BM_Floor_PostCallback);

void BM_AsyncAcquireAwaitable(benchmark::State& state) {
  asio::io_context io;
  auto pool = warm_pool(io, 4);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    for (auto _ : state) {
      auto held = co_await pool->async_acquire(asio::use_awaitable);
      benchmark::DoNotOptimize(held.get());
    }
    pool->close();
  }, asio::detached);
  io.run();
}
BENCHMARK(BM_AsyncAcquireAwaitable);

void BM_Floor_PostAwaitable(benchmark::State& state) {
  asio::io_context io;
  auto timer = pending_timer(io);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    for (auto _ : state) co_await asio::post(io, asio::use_awaitable);
    timer.cancel();
  }, asio::detached);
  io.run();
}
BENCHMARK(BM_Floor_PostAwaitable);

// rust-pool-benchmark's grid: each round, every worker does `cycles_per_worker` acquire +
// release cycles; the figure is time per cycle. Workers run on their own strands, on `threads`
// threads that stay up for the whole benchmark; the main thread only waits for each round.
constexpr int cycles_per_worker = 100;

// The pools the grid runs: ours; Asio's own FIFO hand-off, a concurrent_channel holding `size`
// tokens (acquire = async_receive, release = try_send), the simplest async pool Asio has and
// the floor for one that keeps at most `size` users running; and a null pool, an acquire that
// only completes with a post (no limit, every worker runnable).
enum class grid_pool { kvpool, asio_channel, null_pool };

using token_channel =
    asio::experimental::concurrent_channel<void(error_code, int)>;

template <grid_pool Kind>
void grid(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const int workers = static_cast<int>(state.range(1));
  const int threads = static_cast<int>(state.range(2));
  asio::io_context io(threads);
  auto pool = warm_pool(io, size);
  token_channel tokens(io, size);
  for (std::size_t i = 0; i < size; ++i) tokens.try_send(error_code{}, 0);
  auto guard = asio::make_work_guard(io);
  std::vector<std::thread> runners;
  for (int t = 0; t < threads; ++t) runners.emplace_back([&] { io.run(); });

  std::atomic<int> remaining{0};
  for (auto _ : state) {
    remaining.store(workers);
    for (int w = 0; w < workers; ++w) {
      asio::co_spawn(asio::make_strand(io), [&]() -> asio::awaitable<void> {
        for (int i = 0; i < cycles_per_worker; ++i) {
          if constexpr (Kind == grid_pool::null_pool) {
            co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
          } else if constexpr (Kind == grid_pool::asio_channel) {
            const int token = co_await tokens.async_receive(asio::use_awaitable);
            benchmark::DoNotOptimize(token);
            tokens.try_send(error_code{}, token);
          } else {
            auto held = co_await pool->async_acquire(asio::use_awaitable);
            benchmark::DoNotOptimize(held.get());
          }
        }
        if (remaining.fetch_sub(1) == 1) remaining.notify_one();
      }, asio::detached);
    }
    for (int left = remaining.load(); left != 0; left = remaining.load()) remaining.wait(left);
  }
  state.counters["ns_per_cycle"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * workers * cycles_per_worker,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  pool->close();
  tokens.close();
  guard.reset();
  for (auto& runner : runners) runner.join();
}

void BM_Grid(benchmark::State& state) { grid<grid_pool::kvpool>(state); }
void BM_Grid_Peer_AsioChannel(benchmark::State& state) { grid<grid_pool::asio_channel>(state); }
void BM_Grid_NullPool(benchmark::State& state) { grid<grid_pool::null_pool>(state); }

void grid_arguments(benchmark::internal::Benchmark* b) {
  b->ArgNames({"pool", "workers", "threads"});
  for (int threads : {1, 2}) {
    for (int size : {4, 8, 16}) {
      for (int workers : {4, 16, 64, 256}) b->Args({size, workers, threads});
    }
  }
  b->UseRealTime();
}
BENCHMARK(BM_Grid)->Apply(grid_arguments);
BENCHMARK(BM_Grid_Peer_AsioChannel)->Apply(grid_arguments);
BENCHMARK(BM_Grid_NullPool)->Apply([](benchmark::internal::Benchmark* b) {
  b->ArgNames({"pool", "workers", "threads"});
  for (int threads : {1, 2}) {
    for (int workers : {4, 16, 64, 256}) b->Args({8, workers, threads});
  }
  b->UseRealTime();
});

// Heap bytes the pool keeps per idle connection, the connection object itself aside.
void BM_BytesPerIdleConnection(benchmark::State& state) {
  constexpr std::size_t size = 1000;
  double per_connection = 0;
  for (auto _ : state) {
    asio::io_context io;
    const long long before = live_bytes.load();
    {
      auto pool = warm_pool(io, size);
      const long long connection_bytes =
          static_cast<long long>(malloc_usable_size(std::make_unique<noop_connection>().get()));
      const long long pool_bytes = live_bytes.load() - before;
      per_connection = static_cast<double>(pool_bytes) / size - static_cast<double>(connection_bytes);
      pool->close();
    }
    io.run();
  }
  state.counters["bytes_per_idle_connection"] = per_connection;
}
BENCHMARK(BM_BytesPerIdleConnection)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();

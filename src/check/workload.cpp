#include "kvcheck/workload.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <tuple>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "kvpool/error.hpp"

namespace kvcheck {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;
constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);

// The error of a command, or of its reply not being the one asked for.
asio::awaitable<error_code> use_connection(kvpool::kv_client& client, operation op, int worker,
                                           const std::string& tag, workload_findings& found) {
  switch (op) {
    case operation::echo: {
      const std::vector<std::string> echo{"ECHO", "nonce-" + tag};
      auto [ec, answer] = co_await client.async_command(echo, as_tuple);
      if (!ec && answer != kvpool::reply::bulk_string(echo[1])) {
        found.violated("integrity", tag + ": ECHO " + echo[1] + " answered by another reply");
      }
      co_return ec;
    }
    case operation::set_then_get: {
      const std::string key = "key-w" + std::to_string(worker);
      const std::string value = "value-" + tag;
      auto [read_error, before] = co_await client.async_get(key, as_tuple);
      if (read_error) co_return read_error;
      if (auto lost = found.writes.check_read(key, before)) found.violated("lost_data", tag + ": " + *lost);
      auto [set_error] = co_await client.async_set(key, value, as_tuple);
      // An error reply means the server did not run the SET; no reply at all, that it may have.
      found.writes.wrote(key, value,
                         !set_error                                ? write_outcome::applied
                         : set_error == kvpool::error::server_error ? write_outcome::not_applied
                                                                    : write_outcome::unknown);
      if (set_error) co_return set_error;
      auto [get_error, got] = co_await client.async_get(key, as_tuple);
      if (!get_error && got != value) {
        found.violated("integrity", tag + ": GET " + key + " gave another value than was just set");
      }
      co_return get_error;
    }
    case operation::cancelled_echo: {
      // Shared with the timer's handler, which may run after this returns.
      auto cancel = std::make_shared<asio::cancellation_signal>();
      asio::steady_timer soon(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
      soon.async_wait([cancel](error_code ec) {
        if (!ec) cancel->emit(asio::cancellation_type::terminal);
      });
      const std::vector<std::string> echo{"ECHO", "cancelled-" + tag};
      auto [ec, answer] = co_await client.async_command(
          echo, asio::bind_cancellation_slot(cancel->slot(), as_tuple));
      soon.cancel();
      if (!ec && answer != kvpool::reply::bulk_string(echo[1])) {
        found.violated("integrity", tag + ": ECHO " + echo[1] + " answered by another reply");
      }
      co_return ec == asio::error::operation_aborted ? error_code{} : ec;
    }
    case operation::broken:
    case operation::cancelled_acquire:
      co_return error_code{};
  }
  co_return error_code{};
}

// An acquire whose cancellation a timer sends after 0 to 2 ms (from the tag): it races the
// grant, so it may complete either way.
asio::awaitable<std::tuple<error_code, kvpool::pooled_client>> acquire(kvpool::kv_pool& pool,
                                                                      operation op,
                                                                      const std::string& tag) {
  if (op != operation::cancelled_acquire) co_return co_await pool.async_acquire(as_tuple);
  auto cancel = std::make_shared<asio::cancellation_signal>();
  const auto delay = std::chrono::microseconds(std::hash<std::string>{}(tag) % 2000);
  asio::steady_timer soon(co_await asio::this_coro::executor, delay);
  soon.async_wait([cancel](error_code ec) {
    if (!ec) cancel->emit(asio::cancellation_type::terminal);
  });
  auto result = co_await pool.async_acquire(asio::bind_cancellation_slot(cancel->slot(), as_tuple));
  soon.cancel();
  co_return result;
}

}  // namespace

const char* to_string(operation op) noexcept {
  switch (op) {
    case operation::echo: return "echo";
    case operation::set_then_get: return "set_then_get";
    case operation::cancelled_echo: return "cancelled_echo";
    case operation::broken: return "broken";
    case operation::cancelled_acquire: return "cancelled_acquire";
  }
  return "?";
}

void workload_findings::succeeded() {
  std::lock_guard lock(mutex_);
  ++successes_;
}

void workload_findings::failed(const error_code& ec) {
  std::lock_guard lock(mutex_);
  ++failures_[std::string(ec.category().name()) + ":" + std::to_string(ec.value()) + " (" +
              ec.message().substr(0, 48) + ")"];
}

void workload_findings::violated(std::string invariant, std::string detail) {
  std::lock_guard lock(mutex_);
  violations_.push_back({std::move(invariant), std::move(detail)});
}

std::uint64_t workload_findings::successes() const {
  std::lock_guard lock(mutex_);
  return successes_;
}

std::map<std::string, std::uint64_t> workload_findings::failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

std::vector<violation> workload_findings::violations() const {
  std::lock_guard lock(mutex_);
  return violations_;
}

asio::awaitable<void> run_operation(kvpool::kv_pool& pool, operation op, int worker,
                                    std::string tag, holder_tracker& holders,
                                    workload_findings& found) {
  const auto acquire_timeout = pool.config().pool().acquire_timeout;
  const auto asked = std::chrono::steady_clock::now();
  auto [ec, held] = co_await acquire(pool, op, tag);
  found.occupancy.sample(pool.stats());
  if (ec) {
    if (ec == kvpool::error::timeout && std::chrono::steady_clock::now() - asked < acquire_timeout) {
      found.violated("timeout_early", tag + ": acquire timed out before acquire_timeout");
    }
    if (ec == asio::error::operation_aborted && op == operation::cancelled_acquire) {
      found.succeeded();  // the cancel won the race
    } else {
      found.failed(ec);
    }
    co_return;
  }
  const auto serial = held.serial();
  holders.acquired(serial);
  const operation use = op == operation::cancelled_acquire ? operation::echo : op;
  const error_code outcome = co_await use_connection(held.client(), use, worker, tag, found);
  holders.released(serial);
  if (!held.connection().reusable()) holders.interrupted(serial);
  if (op == operation::broken) {
    held.release_broken();
  } else {
    held.release();
  }
  found.occupancy.sample(pool.stats());
  if (outcome) {
    found.failed(outcome);
  } else {
    found.succeeded();
  }
}

}  // namespace kvcheck

#pragma once
// A scripted connector for pool tests: connections are plain objects; each connect attempt
// succeeds, fails or hangs as the test says, each check passes, fails or hangs until the
// connection is closed, so pool behaviour is tested without sockets.

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

#include "kvpool/reuse.hpp"

namespace kvtest {

struct fake_connection {
  int number = 0;
  bool healthy = true;
  bool reusable = true;
  bool dirty = false;  // returned asking for a check, which cleans it
  std::atomic<int> holders{0};  // the test raises it while holding: must never exceed 1
  // A check that hangs: completed with operation_aborted when the connection is closed.
  boost::asio::any_completion_handler<void(boost::system::error_code)> hung_check;
};

enum class connect_outcome { succeed, fail, hang };

struct fake_server_state {
  std::mutex mutex;
  connect_outcome default_outcome = connect_outcome::succeed;
  std::deque<connect_outcome> next_outcomes;  // consumed first
  std::vector<boost::asio::any_completion_handler<void(boost::system::error_code,
                                                       std::unique_ptr<fake_connection>)>> hung;
  std::atomic<int> attempts{0};
  std::atomic<int> open{0};  // connected and not yet closed
  std::atomic<int> peak_open{0};
  std::atomic<int> closed{0};
  std::atomic<int> checks{0};
  std::atomic<bool> checks_hang{false};
  // Yields this many times inside close(), before the connection counts as closed: widens the
  // window in which a pool that freed the connection's place too early opens its replacement.
  int close_yields = 0;
};

struct fake_connector {
  using connection_type = fake_connection;

  boost::asio::any_io_executor executor;
  std::shared_ptr<fake_server_state> state;

  void async_connect(boost::asio::any_completion_handler<
                     void(boost::system::error_code, std::unique_ptr<fake_connection>)> done) {
    const int number = ++state->attempts;
    connect_outcome outcome;
    {
      std::lock_guard lock(state->mutex);
      if (!state->next_outcomes.empty()) {
        outcome = state->next_outcomes.front();
        state->next_outcomes.pop_front();
      } else {
        outcome = state->default_outcome;
      }
      if (outcome == connect_outcome::hang) {
        state->hung.push_back(std::move(done));
        return;
      }
    }
    if (outcome == connect_outcome::fail) {
      boost::asio::post(executor, [done = std::move(done)]() mutable {
        std::move(done)(boost::asio::error::connection_refused, nullptr);
      });
      return;
    }
    auto connection = std::make_unique<fake_connection>();
    connection->number = number;
    const int open = ++state->open;
    int peak = state->peak_open.load();
    while (open > peak && !state->peak_open.compare_exchange_weak(peak, open)) {
    }
    boost::asio::post(executor, [done = std::move(done), connection = std::move(connection)]() mutable {
      std::move(done)(boost::system::error_code{}, std::move(connection));
    });
  }

  void async_check(fake_connection& connection,
                   boost::asio::any_completion_handler<void(boost::system::error_code)> done) {
    ++state->checks;
    if (state->checks_hang) {
      connection.hung_check.swap(done);  // Asio 1.26's move assignment of it recurses
      return;
    }
    connection.dirty = false;
    const boost::system::error_code result =
        connection.healthy ? boost::system::error_code{} : boost::asio::error::broken_pipe;
    boost::asio::post(executor, [done = std::move(done), result]() mutable { std::move(done)(result); });
  }

  kvpool::reuse reusable(const fake_connection& connection) const {
    if (!connection.reusable) return kvpool::reuse::never;
    return connection.dirty ? kvpool::reuse::after_check : kvpool::reuse::as_is;
  }

  void close(fake_connection& connection) {
    for (int i = 0; i < state->close_yields; ++i) std::this_thread::yield();
    --state->open;
    ++state->closed;
    if (connection.hung_check) {
      boost::asio::post(executor, [done = std::move(connection.hung_check)]() mutable {
        std::move(done)(boost::asio::error::operation_aborted);
      });
    }
  }
};

}  // namespace kvtest

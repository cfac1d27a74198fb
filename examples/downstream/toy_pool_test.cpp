// A property over the toy pool, with kvtest's generated fault schedules and kvcheck's checks: in
// any schedule of faults, the server never sees more connections than the pool's size, and the
// pool never hands out a connection that a fault broke.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <kvcheck/stack_invariants.hpp>
#include <kvmock/server.hpp>
#include <kvtest/generators.hpp>
#include <rapidcheck/gtest.h>

#include "toy_pool.hpp"

namespace {

using namespace std::chrono_literals;

RC_GTEST_PROP(ToyPool, NeverOverItsSizeNorHandsOutABrokenConnection, ()) {
  const auto faults = *kvtest::gen::fault_schedule(1, 3);
  const auto size = *rc::gen::inRange<std::size_t>(1, 4);
  const auto commands = *rc::gen::inRange(1, 30);
  kvmock::server_options options;
  options.seed = *rc::gen::arbitrary<std::uint64_t>();
  for (const auto& spec : faults) {
    RC_LOG() << spec << "\n";
    options.faults.push_back(kvmock::parse_fault(spec));
  }
  kvmock::server server(options);
  boost::asio::io_context io;
  kvpool::connection_options connection;
  connection.port = server.port();
  connection.connect_timeout = 100ms;
  connection.command_timeout = 100ms;
  toy_pool pool(connection, size);
  auto run = boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        if (!co_await pool.start()) {  // a fault refused a connection: nothing more to check
          pool.close();
          co_return;
        }
        for (int i = 0; i < commands; ++i) {
          auto connection = pool.borrow();
          if (!connection) break;
          RC_ASSERT(connection->reusable());
          kvpool::request r;
          r.push("SET", "k" + std::to_string(i), "v");
          co_await connection->async_execute(r, boost::asio::as_tuple(boost::asio::use_awaitable));
          co_await pool.give_back(std::move(connection));
        }
        pool.close();
      },
      boost::asio::use_future);
  io.run();
  run.get();
  RC_ASSERT(server.wait_for([](const kvmock::server_stats& s) { return s.open_connections == 0; }, 30s));
  RC_ASSERT(kvcheck::check_bounded(0, server.stats(), size).empty());
}

}  // namespace

// A program built against the installed libraries with nothing but pkg-config:
//
//   c++ main.cpp $(pkg-config --cflags --libs kvmock kvpool) -o consumer
//
// It starts the fake server, talks to it through the pool, and checks what it reads back.
// The test suite builds and runs it from a temporary install (tests/install/consumer_test.sh).

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <kvmock/server.hpp>
#include <kvpool/kv_pool.hpp>
#include <string>

int main() {
  kvmock::server server;
  boost::asio::io_context io;
  kvpool::kv_pool pool(io.get_executor(), kvpool::kv_pool_config("127.0.0.1:" + std::to_string(server.port())));
  int status = 1;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        using boost::asio::use_awaitable;
        co_await pool.async_connect(use_awaitable);
        co_await pool.async_set("greeting", "hello", use_awaitable);
        const auto read = co_await pool.async_get("greeting", use_awaitable);
        co_await pool.async_close(use_awaitable);
        status = read == "hello" && server.get("greeting") == "hello" ? 0 : 1;
      },
      boost::asio::detached);
  io.run();
  std::puts(status == 0 ? "consumer: read back what it wrote" : "consumer: wrong value read back");
  return status;
}

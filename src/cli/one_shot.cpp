#include "one_shot.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace kvmock::cli {

one_shot_result run_commands(const kvpool::connection_options& options,
                             const std::vector<std::vector<std::string>>& commands) {
  namespace asio = boost::asio;
  constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);
  one_shot_result result;
  asio::io_context io;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto [ec, connection] = co_await kvpool::kv_connection::async_connect(io.get_executor(), options, as_tuple);
        if (ec) {
          result.ec = ec;
          co_return;
        }
        kvpool::request pipeline;
        for (const auto& command : commands) {
          pipeline.push_range(command.front(), std::vector<std::string>(command.begin() + 1, command.end()));
        }
        auto [exec_error, replies] = co_await connection->async_execute(pipeline, as_tuple);
        result.ec = exec_error;
        result.replies = std::move(replies);
        connection->close();
      },
      asio::detached);
  io.run();
  return result;
}

}  // namespace kvmock::cli

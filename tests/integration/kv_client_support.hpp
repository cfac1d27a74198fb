#pragma once
// What the KV client's integration tests share: a client side running on two threads, as in a
// multi-threaded application, with every operation awaited through a std::future; and a
// scripted TCP server for the misbehaviours a real server does not show on demand.

#include <gtest/gtest.h>

#include <boost/asio/async_result.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "kvpool/kv_connection.hpp"

namespace kvtest {

// A completion token giving a std::future of every completion argument as a tuple, error
// included (Asio 1.26's as_tuple(use_future) does not compile).
struct tuple_future_t {};
inline constexpr tuple_future_t tuple_future;

class kv_client_test : public ::testing::Test {
 protected:
  // Connects, failing the test (and returning null) on an error.
  std::unique_ptr<kvpool::kv_connection> connect(kvpool::connection_options options);
  std::unique_ptr<kvpool::kv_connection> connect_to(std::uint16_t port);

  boost::asio::thread_pool threads{2};
};

// Accepts connections on 127.0.0.1 and, for each, answers the first bytes it receives with
// `answer` (nothing when empty: a server that never replies), then reads until the client leaves.
class scripted_server {
 public:
  explicit scripted_server(std::string answer);
  ~scripted_server();
  scripted_server(const scripted_server&) = delete;
  scripted_server& operator=(const scripted_server&) = delete;

  std::uint16_t port() const { return port_; }
  // Blocks until the connections together sent at least `bytes` bytes.
  void wait_until_received(std::size_t bytes);
  std::string received() const;

 private:
  void accept();
  void serve(std::shared_ptr<boost::asio::ip::tcp::socket> socket, bool answered);

  boost::asio::io_context context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_;
  const std::string answer_;
  std::vector<std::shared_ptr<boost::asio::ip::tcp::socket>> sockets_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::string received_;
  std::thread thread_;
};

}  // namespace kvtest

template <typename... Arguments>
struct boost::asio::async_result<kvtest::tuple_future_t, void(Arguments...)> {
  using result = std::tuple<std::decay_t<Arguments>...>;
  using return_type = std::future<result>;

  template <typename Initiation, typename... InitiationArguments>
  static return_type initiate(Initiation&& initiation, kvtest::tuple_future_t,
                              InitiationArguments&&... arguments) {
    std::promise<result> promise;
    auto future = promise.get_future();
    std::forward<Initiation>(initiation)(
        [promise = std::move(promise)](Arguments... values) mutable {
          promise.set_value(result(std::move(values)...));
        },
        std::forward<InitiationArguments>(arguments)...);
    return future;
  }
};

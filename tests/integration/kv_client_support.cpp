#include "kv_client_support.hpp"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace kvtest {

namespace asio = boost::asio;
using asio::ip::tcp;

std::unique_ptr<kvpool::kv_connection> kv_client_test::connect(kvpool::connection_options options) {
  auto [ec, connection] =
      kvpool::kv_connection::async_connect(threads.get_executor(), std::move(options), tuple_future)
          .get();
  EXPECT_FALSE(ec) << ec.message();
  return std::move(connection);
}

std::unique_ptr<kvpool::kv_connection> kv_client_test::connect_to(std::uint16_t port) {
  kvpool::connection_options options;
  options.port = port;
  return connect(std::move(options));
}

scripted_server::scripted_server(std::string answer)
    : acceptor_(context_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)),
      port_(acceptor_.local_endpoint().port()),
      answer_(std::move(answer)) {
  accept();
  thread_ = std::thread([this] { context_.run(); });
}

scripted_server::~scripted_server() {
  asio::post(context_, [this] {
    acceptor_.close();
    for (const auto& socket : sockets_) socket->close();
  });
  thread_.join();
}

void scripted_server::wait_until_received(std::size_t bytes) {
  std::unique_lock lock(mutex_);
  arrived_.wait(lock, [&] { return received_.size() >= bytes; });
}

std::string scripted_server::received() const {
  const std::lock_guard lock(mutex_);
  return received_;
}

void scripted_server::accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec) return;
    sockets_.push_back(std::make_shared<tcp::socket>(std::move(socket)));
    serve(sockets_.back(), false);
    accept();
  });
}

void scripted_server::serve(std::shared_ptr<tcp::socket> socket, bool answered) {
  auto chunk = std::make_shared<std::array<char, 4096>>();
  socket->async_read_some(
      asio::buffer(*chunk),
      [this, socket, chunk, answered](boost::system::error_code ec, std::size_t size) {
        if (ec) return;
        {
          const std::lock_guard lock(mutex_);
          received_.append(chunk->data(), size);
        }
        arrived_.notify_all();
        if (!answered && !answer_.empty()) {
          asio::async_write(*socket, asio::buffer(answer_),
                            [socket](boost::system::error_code, std::size_t) {});
        }
        serve(socket, true);
      });
}

}  // namespace kvtest

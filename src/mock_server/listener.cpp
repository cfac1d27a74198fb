#include "listener.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/system_error.hpp>

#include "connection.hpp"

namespace kvmock {
namespace {

// Redis's reply when maxclients is reached (networking.c), then it closes.
constexpr std::string_view max_clients_reply = "-ERR max number of clients reached\r\n";

void accept(const std::shared_ptr<server_engine>& shared, listener& which, std::uint64_t generation);

void retry_accept_later(const std::shared_ptr<server_engine>& shared, listener& which,
                        std::uint64_t generation) {
  // Out of descriptors or similar: try again shortly instead of spinning.
  auto timer = std::make_shared<asio::steady_timer>(which.acceptor->get_executor(),
                                                    std::chrono::milliseconds(10));
  timer->async_wait([shared, &which, timer, generation](boost::system::error_code) {
    accept(shared, which, generation);
  });
}

void close_socket(tcp::socket& socket, bool reset) {
  boost::system::error_code ignored;
  // SO_LINGER with a zero timeout makes close() send a RST instead of a FIN.
  if (reset) socket.set_option(tcp::socket::linger(true, 0), ignored);
  socket.close(ignored);
}

// A connection a fault turns away: Redis's max-clients error if that is the fault, a slow_close
// pause if asked, then a FIN or a RST. It is never a session.
void turn_away(const std::shared_ptr<server_engine>& shared, tcp::socket socket,
               const accept_decision& decision) {
  using action = accept_decision::action;
  const auto executor = socket.get_executor();
  auto away = std::make_shared<turned_away_connection>(turned_away_connection{
      std::move(socket), asio::steady_timer(executor), decision.what == action::refuse_reset});
  shared->turned_away.insert(away.get());
  auto finish = [shared, away, delay = decision.close_delay] {
    away->timer.expires_after(delay);
    away->timer.async_wait([shared, away](boost::system::error_code) {
      close_socket(away->socket, away->reset);
      shared->turned_away.erase(away.get());
    });
  };
  if (decision.what != action::max_clients) {
    finish();
    return;
  }
  asio::async_write(away->socket, asio::buffer(max_clients_reply),
                    [finish](boost::system::error_code, std::size_t) { finish(); });
}

void serve(const std::shared_ptr<server_engine>& shared, listener& which, tcp::socket socket) {
  if (which.admin) {
    std::make_shared<connection>(shared, std::move(socket), 0, true)->start({});
    return;
  }
  std::uint64_t number = 0;
  accept_decision decision;
  {
    std::scoped_lock lock(shared->core.mutex());
    decision = shared->core.accept_connection(number);
  }
  using action = accept_decision::action;
  if (decision.what == action::refuse_close || decision.what == action::refuse_reset ||
      decision.what == action::max_clients) {
    turn_away(shared, std::move(socket), decision);
    return;
  }
  std::make_shared<connection>(shared, std::move(socket), number, false)->start(decision);
}

void accept(const std::shared_ptr<server_engine>& shared, listener& which, std::uint64_t generation) {
  if (!shared->running || generation != which.generation) return;
  which.acceptor->async_accept(
      [shared, &which, generation](boost::system::error_code ec, tcp::socket socket) {
        if (!shared->running || generation != which.generation ||
            ec == asio::error::operation_aborted) {
          return;
        }
        if (ec) {
          retry_accept_later(shared, which, generation);
          return;
        }
        serve(shared, which, std::move(socket));
        accept(shared, which, generation);
      });
}

void accept_backlog(const std::shared_ptr<server_engine>& shared, listener& which) {
  boost::system::error_code ec;
  which.acceptor->non_blocking(true, ec);
  while (!ec) {
    tcp::socket socket(which.acceptor->get_executor());
    which.acceptor->accept(socket, ec);
    if (!ec) serve(shared, which, std::move(socket));
  }
}

void start_listening(const std::shared_ptr<server_engine>& shared, listener& which,
                     boost::system::error_code& ec) {
  which.acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) which.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return;
  which.listening = true;
  accept(shared, which, ++which.generation);
}

// Without SO_REUSEADDR on our socket, no other socket can bind the port, even with it.
void hold_port_unlistened(listener& which, boost::system::error_code& ec) {
  which.acceptor->set_option(tcp::acceptor::reuse_address(false), ec);
  which.listening = false;
}

}  // namespace

void open_listener(const std::shared_ptr<server_engine>& shared, asio::io_context& context,
                   listener& which, const tcp::endpoint& endpoint, bool refusing) {
  auto& acceptor = which.acceptor.emplace(context);
  try {
    acceptor.open(endpoint.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    {
      std::scoped_lock lock(shared->core.mutex());
      which.endpoint = acceptor.local_endpoint();
      if (!which.admin) shared->core.set_port(which.endpoint.port());
    }
    boost::system::error_code ec;
    if (refusing && !which.admin) {
      hold_port_unlistened(which, ec);
    } else {
      start_listening(shared, which, ec);
    }
    if (ec) throw boost::system::system_error(ec);
  } catch (...) {
    which.acceptor.reset();
    throw;
  }
}

void close_listener(listener& which) {
  ++which.generation;
  which.listening = false;
  if (which.acceptor) {
    boost::system::error_code ignored;
    which.acceptor->close(ignored);
  }
}

void set_refusing(const std::shared_ptr<server_engine>& shared, bool refusing) {
  auto& which = shared->main;
  if (!shared->running || !which.acceptor || refusing != which.listening) return;
  // Errors leave the port unlistened, which still refuses; they cannot reach a caller, as this
  // may run from a posted handler.
  boost::system::error_code ec;
  if (!refusing) {
    start_listening(shared, which, ec);
    return;
  }
  // Connections the kernel already completed would be reset by the close below, though their
  // clients saw the connect succeed: serve them, refuse only those that come later.
  accept_backlog(shared, which);
  // A listening socket cannot stop listening: close it and bind a fresh one to the same port
  // (the endpoint is only written on this thread).
  const auto endpoint = which.endpoint;
  close_listener(which);
  auto& acceptor = *which.acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) hold_port_unlistened(which, ec);
}

}  // namespace kvmock

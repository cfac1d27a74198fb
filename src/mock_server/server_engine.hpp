#pragma once
// The Asio side of kvmock::server: the server core, the two listeners and the open
// connections. It outlives the server object while handlers are still queued on a user's
// io_context. Internal: only the Asio translation units include it.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <atomic>
#include <cstdint>
#include <optional>
#include <map>
#include <memory>
#include <unordered_set>

#include "server_core.hpp"

namespace kvmock {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class connection;

// A connection a fault turns away at accept (refuse, max_clients), until its slow_close ends.
struct turned_away_connection {
  tcp::socket socket;
  asio::steady_timer timer;
  bool reset = false;
};

struct listener {
  bool admin = false;
  std::optional<tcp::acceptor> acceptor;
  tcp::endpoint endpoint;  // under the server core's mutex: helpers read it from any thread
  // Bumped by every (re)start, so accepts completed for an earlier socket start no second loop.
  std::uint64_t generation = 0;
  bool listening = false;  // false while refuse:mode=unbound holds the port bound, unlistened
};

struct server_engine {
  explicit server_engine(server_options options) : core(std::move(options)) { admin.admin = true; }
  server_core core;
  listener main;
  listener admin;
  std::map<std::uint64_t, connection*> connections;  // by client id
  std::unordered_set<turned_away_connection*> turned_away;  // closed by stop() too
  std::atomic<bool> running{false};
  bool woken_write_posted = false;  // on the server's thread: write_woken_soon is pending
};

// On the server's thread: writes out the pushes the core queued for other sessions (a PUBLISH,
// from a client or from the server's API). Defined with the connections.
void write_woken(server_engine& engine);
// The same, once the handlers ready now have run: the messages of every PUBLISH among them
// then go out in one write per subscriber, as Redis writes them before it sleeps.
void write_woken_soon(const std::shared_ptr<server_engine>& engine, const asio::any_io_executor& executor);

}  // namespace kvmock

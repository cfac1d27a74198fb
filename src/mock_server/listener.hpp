#pragma once
// The accept side: the main and admin listeners, what a fault does to a connection at accept,
// and refuse:mode=unbound, which keeps the main port bound but not listening so that connecting
// fails with ECONNREFUSED and nothing else can take the port meanwhile. Server thread only.

#include <memory>

#include "server_engine.hpp"

namespace kvmock {

// Binds (throwing boost::system::system_error if it cannot), listens unless refusing, and
// accepts in a loop.
void open_listener(const std::shared_ptr<server_engine>& shared, asio::io_context& context,
                   listener& which, const tcp::endpoint& endpoint, bool refusing);
void close_listener(listener& which);
// refuse:mode=unbound began (true) or ended (false).
void set_refusing(const std::shared_ptr<server_engine>& shared, bool refusing);

}  // namespace kvmock

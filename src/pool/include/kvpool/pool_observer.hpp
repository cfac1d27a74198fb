#pragma once
// Hooks a pool calls so users can wire their own metrics and logs. Each is optional. They run on
// the thread that caused the event, after the pool's lock is released, so they may call the pool.
// Connections are named by their serial number, unique for the pool's lifetime.

#include <chrono>
#include <cstdint>
#include <functional>

#include <boost/system/error_code.hpp>

#include "kvpool/pool_stats.hpp"

namespace kvpool {

struct pool_observer {
  std::function<void(std::uint64_t serial)> created;
  std::function<void(boost::system::error_code why)> connect_failed;
  std::function<void(std::uint64_t serial, close_reason why)> closed;
  std::function<void(std::uint64_t serial, std::chrono::nanoseconds waited)> acquired;
  std::function<void(std::uint64_t serial)> released;
  std::function<void(boost::system::error_code why)> acquire_failed;  // timeout or connect_failed
  std::function<void(std::uint64_t serial, std::chrono::nanoseconds held)> leak_suspected;

  bool any() const noexcept {
    return created || connect_failed || closed || acquired || released || acquire_failed ||
           leak_suspected;
  }
};

}  // namespace kvpool

#pragma once
// A connection held from a pool: returned when the handle is destroyed or release()d; discarded
// (closed, never handed out again) after release_broken() or when the connector says it is no
// longer reusable (its command was interrupted, so a stale reply may still arrive).

#include <cstdint>
#include <memory>

#include "kvpool/detail/pool_engine.hpp"

namespace kvpool {

template <class Connection>
class pooled {
 public:
  pooled() = default;
  // Implicit, so a completion handler taking pooled<Connection> accepts the pool's untyped lease.
  pooled(detail::pool_lease lease) noexcept : lease_(std::move(lease)) {}  // NOLINT

  Connection* get() const noexcept { return static_cast<Connection*>(lease_.connection()); }
  Connection& operator*() const noexcept { return *get(); }
  Connection* operator->() const noexcept { return get(); }
  explicit operator bool() const noexcept { return static_cast<bool>(lease_); }

  // Unique per connection the pool ever opened: tells a reused connection from a new one.
  std::uint64_t serial() const { return lease_.serial(); }
  void release() noexcept { lease_.release(); }
  void release_broken() noexcept { lease_.release_broken(); }
  // Takes the connection out of the pool for good (deadpool's Object::take): the pool forgets
  // it and may open another in its place; the caller owns and closes it. For a connection put
  // to a use that keeps it, such as a subscription. Null when nothing is held.
  std::unique_ptr<Connection> detach() noexcept {
    return std::unique_ptr<Connection>(static_cast<Connection*>(lease_.detach()));
  }

 private:
  detail::pool_lease lease_;
};

}  // namespace kvpool

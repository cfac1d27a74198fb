#pragma once
// The Asio side of the pool with connections erased to void*, so it is compiled once (in
// pool_engine.cpp) for every connection type; basic_pool<Connector> is the typed face over it.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/system/error_code.hpp>

#include "kvpool/pool_core.hpp"
#include "kvpool/pool_observer.hpp"
#include "kvpool/pool_settings.hpp"
#include "kvpool/pool_stats.hpp"
#include "kvpool/reuse.hpp"

namespace kvpool::detail {

// A user's connector, seen through void*: implemented by basic_pool's connector_adapter.
class erased_connector {
 public:
  virtual ~erased_connector() = default;
  // False when the connector has no reusable(): release then skips the virtual call.
  bool checks_reusable() const noexcept { return checks_reusable_; }
  virtual void async_connect(
      boost::asio::any_completion_handler<void(boost::system::error_code, void*)> done) = 0;
  virtual void async_check(void* connection,
                           boost::asio::any_completion_handler<void(boost::system::error_code)> done) = 0;
  virtual reuse reusable(const void* connection) const noexcept = 0;
  // The connector's close(): closes the connection, making an operation in progress on it (a
  // check that outlived check_timeout) complete.
  virtual void close(void* connection) noexcept = 0;
  virtual void destroy(void* connection) noexcept = 0;  // frees it (closed before)

 protected:
  explicit erased_connector(bool checks_reusable) noexcept : checks_reusable_(checks_reusable) {}

 private:
  bool checks_reusable_;
};

class pool_engine;

// A held connection, untyped: returns it to the pool when destroyed. The engine outlives the
// last one (it keeps itself alive after close() while any connection is held), so a lease needs
// no reference count of its own.
class pool_lease {
 public:
  pool_lease() = default;
  pool_lease(pool_engine* engine, slot_id slot, void* connection) noexcept
      : engine_(engine), slot_(slot), connection_(connection) {}
  pool_lease(pool_lease&& other) noexcept
      : engine_(other.engine_), slot_(other.slot_), connection_(other.connection_) {
    other.connection_ = nullptr;
  }
  pool_lease& operator=(pool_lease&& other) noexcept;
  pool_lease(const pool_lease&) = delete;
  pool_lease& operator=(const pool_lease&) = delete;
  ~pool_lease() { release(); }

  void* connection() const noexcept { return connection_; }
  explicit operator bool() const noexcept { return connection_ != nullptr; }
  std::uint64_t serial() const;
  // Back to the pool, as the connector's reusable() says (as it is, after a check, or closed).
  void release() noexcept { finish(false); }
  // Closed, never handed out again.
  void release_broken() noexcept { finish(true); }
  // Out of the pool for good, its place freed: the caller owns the connection now (null if
  // nothing was held).
  void* detach() noexcept;

 private:
  void finish(bool broken) noexcept;

  pool_engine* engine_ = nullptr;
  slot_id slot_ = 0;
  void* connection_ = nullptr;
};

using acquire_handler = boost::asio::any_completion_handler<void(boost::system::error_code, pool_lease)>;
using done_handler = boost::asio::any_completion_handler<void(boost::system::error_code)>;

// An acquire's handler, type-erased only when the acquire has to wait (or fails).
struct handler_to_erase {
  void* handler;
  acquire_handler (*erase_handler)(void* handler);
  acquire_handler erase() const { return erase_handler(handler); }
};

class pool_engine {
 public:
  virtual ~pool_engine() = default;
  virtual boost::asio::any_io_executor get_executor() const = 0;
  // get_executor(), required never-blocking: what a handler without an executor completes on.
  virtual const boost::asio::any_io_executor& never_blocking_executor() const noexcept = 0;
  virtual void start() = 0;
  virtual void async_warm_up(done_handler done) = 0;  // completes once min_size is open or a connect failed
  // A lease when a connection is ready (the caller completes its handler), else the handler is
  // erased and queued, or failed at once (a closed pool), all under one lock. `completes_on`:
  // the handler's own executor, never-blocking, moved from when the handler is taken; empty
  // when that executor is not an any_io_executor of the pool's context (then the completion
  // goes through the pool's executor).
  virtual std::optional<pool_lease> acquire_or_wait(std::chrono::nanoseconds timeout,
                                                    boost::asio::any_io_executor& completes_on,
                                                    handler_to_erase handler) = 0;
  virtual std::optional<pool_lease> try_acquire() = 0;
  virtual void release(slot_id slot, void* connection, bool broken) noexcept = 0;
  virtual void detach(slot_id slot) noexcept = 0;
  virtual void close() = 0;
  virtual void async_wait_closed(done_handler done) = 0;
  virtual pool_stats stats() const = 0;
  virtual const pool_settings& settings() const noexcept = 0;
  virtual std::uint64_t serial_of(slot_id slot) const = 0;
};

inline void pool_lease::finish(bool broken) noexcept {
  if (connection_ == nullptr) return;
  engine_->release(slot_, std::exchange(connection_, nullptr), broken);
}

inline void* pool_lease::detach() noexcept {
  if (connection_ == nullptr) return nullptr;
  engine_->detach(slot_);
  return std::exchange(connection_, nullptr);
}

std::shared_ptr<pool_engine> make_pool_engine(boost::asio::any_io_executor executor,
                                              pool_settings settings,
                                              std::unique_ptr<erased_connector> connector,
                                              pool_observer observer);

}  // namespace kvpool::detail

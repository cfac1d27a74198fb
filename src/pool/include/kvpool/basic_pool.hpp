#pragma once
// A connection pool over any connection type. The connector opens connections:
//
//   struct my_connector {
//     using connection_type = my_connection;
//     // Required. Must complete (give it a timeout): the pool counts it towards max_size.
//     void async_connect(any_completion_handler<void(error_code, std::unique_ptr<my_connection>)>);
//     // Optional: a health check (a PING), used on checkout after check_after_idle, for
//     // keep-alive, and on return when reusable() asks for one (it may restore the
//     // connection's state). Without it every check passes. The pool fails a check that
//     // outlives check_timeout: it calls close() on the connection, which must make the check
//     // complete, and destroys the connection once it has.
//     void async_check(my_connection&, any_completion_handler<void(error_code)>);
//     // Optional: whether a returned connection may be handed out again: a bool, or a
//     // kvpool::reuse (as_is, after_check, never).
//     kvpool::reuse reusable(const my_connection&) const;
//     // Optional: called before the connection is destroyed, and to interrupt a check that
//     // outlived check_timeout (then only once, and the connection is destroyed after the check
//     // completes).
//     void close(my_connection&);
//   };
//
// Thread model: the pool may be used from any number of threads at once. Its state is guarded by
// one mutex; its timer and connect/check operations run on a strand of the executor it was given;
// each completion runs on the completion handler's associated executor, never inside the call
// that started the operation; an acquire's is handed to that executor after the pool's lock is
// released. Emit cancellation on the same executor the handler runs on.
// The executor's execution context must outlive the pool and every handle taken from it.

#include <chrono>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/execution/blocking.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>
#include <boost/system/error_code.hpp>

#include "kvpool/detail/pool_engine.hpp"
#include "kvpool/pool_observer.hpp"
#include "kvpool/pool_settings.hpp"
#include "kvpool/pool_stats.hpp"
#include "kvpool/pooled.hpp"
#include "kvpool/reuse.hpp"

namespace kvpool {

template <class C>
concept pool_connector = requires(C& connector) {
  typename C::connection_type;
  connector.async_connect(
      std::declval<boost::asio::any_completion_handler<
          void(boost::system::error_code, std::unique_ptr<typename C::connection_type>)>>());
};

namespace detail {

template <pool_connector Connector>
class connector_adapter final : public erased_connector {
 public:
  using connection_type = typename Connector::connection_type;

  explicit connector_adapter(Connector connector)
      : erased_connector(has_reusable), connector_(std::move(connector)) {}

  void async_connect(
      boost::asio::any_completion_handler<void(boost::system::error_code, void*)> done) override {
    auto executor = boost::asio::get_associated_executor(done);
    connector_.async_connect(boost::asio::bind_executor(
        std::move(executor), [done = std::move(done)](boost::system::error_code ec,
                                                      std::unique_ptr<connection_type> connection) mutable {
          std::move(done)(ec, static_cast<void*>(connection.release()));
        }));
  }

  void async_check(void* connection,
                   boost::asio::any_completion_handler<void(boost::system::error_code)> done) override {
    if constexpr (requires(connection_type& c) { connector_.async_check(c, std::move(done)); }) {
      connector_.async_check(*static_cast<connection_type*>(connection), std::move(done));
    } else {
      std::move(done)(boost::system::error_code{});
    }
  }

  reuse reusable(const void* connection) const noexcept override {
    if constexpr (has_reusable) {
      const auto answer = connector_.reusable(*static_cast<const connection_type*>(connection));
      if constexpr (std::is_same_v<decltype(answer), const reuse>) {
        return answer;
      } else {
        return answer ? reuse::as_is : reuse::never;
      }
    } else {
      return reuse::as_is;
    }
  }

  void close(void* connection) noexcept override {
    if constexpr (requires(connection_type& c) { connector_.close(c); }) {
      connector_.close(*static_cast<connection_type*>(connection));
    }
  }

  void destroy(void* connection) noexcept override {
    delete static_cast<connection_type*>(connection);
  }

 private:
  static constexpr bool has_reusable =
      requires(const Connector& connector, const connection_type& c) {
        { connector.reusable(c) } -> std::convertible_to<bool>;
      } ||
      requires(const Connector& connector, const connection_type& c) {
        { connector.reusable(c) } -> std::same_as<reuse>;
      };

  Connector connector_;
};

// The handler's executor, never-blocking, when it converts to an any_io_executor and runs on the
// pool's execution context: a completion executed on it directly is what Asio's work_dispatcher
// does (post to the pool's executor, dispatch to the handler's), without the hop and several
// executor copies. Empty otherwise (another context, such as use_future's): the general way.
template <class Handler>
boost::asio::any_io_executor never_blocking_executor_of(const Handler& handler, pool_engine& engine) {
  using association = boost::asio::associated_executor<Handler, boost::asio::any_io_executor>;
  using executor = typename association::type;
  if constexpr (requires { typename association::asio_associated_executor_is_unspecialised; }) {
    return engine.never_blocking_executor();  // a handler without one runs on the pool's
  } else if constexpr (std::is_convertible_v<executor, boost::asio::any_io_executor>) {
    const boost::asio::any_io_executor& pool_executor = engine.never_blocking_executor();
    // A wrapper (a cancellation slot binder...) may have none of its own: the pool's, then.
    auto handler_executor = association::get(handler, pool_executor);
    const boost::asio::execution_context& context =
        boost::asio::query(handler_executor, boost::asio::execution::context);
    if (&context == &boost::asio::query(pool_executor, boost::asio::execution::context)) {
      return boost::asio::require(std::move(handler_executor), boost::asio::execution::blocking.never);
    }
  }
  return {};
}

}  // namespace detail

template <pool_connector Connector>
class basic_pool {
 public:
  using connection_type = typename Connector::connection_type;
  using handle = pooled<connection_type>;
  using executor_type = boost::asio::any_io_executor;

  // Throws boost::system::system_error (error::invalid_config) for a bad setting.
  basic_pool(executor_type executor, pool_settings settings, Connector connector,
             pool_observer observer = {})
      : engine_(detail::make_pool_engine(
            std::move(executor), settings,
            std::make_unique<detail::connector_adapter<Connector>>(std::move(connector)),
            std::move(observer))) {}
  basic_pool(basic_pool&&) noexcept = default;
  // Closes the pool assigned over, as the destructor would.
  basic_pool& operator=(basic_pool&& other) {
    if (this != &other) {
      if (engine_) engine_->close();
      engine_ = std::move(other.engine_);
    }
    return *this;
  }
  // Closes the pool: held handles stay valid and are closed when returned.
  ~basic_pool() {
    if (engine_) engine_->close();
  }

  executor_type get_executor() const { return engine_->get_executor(); }
  const pool_settings& settings() const noexcept { return engine_->settings(); }
  pool_stats stats() const { return engine_->stats(); }

  // Starts filling up to min_size; completes when that many are open or one connect failed. The
  // pool is usable either way and keeps retrying in the background. Signature: void(error_code).
  template <class CompletionToken>
  auto async_connect(CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code)>(
        [](auto handler, detail::pool_engine* engine) { engine->async_warm_up(std::move(handler)); },
        token, engine_.get());
  }

  // Signature: void(error_code, handle). Errors: error::timeout, error::connect_failed,
  // error::pool_closed, asio::error::operation_aborted when cancelled.
  template <class CompletionToken>
  auto async_acquire(CompletionToken&& token) {
    return async_acquire(engine_->settings().acquire_timeout, std::forward<CompletionToken>(token));
  }

  template <class CompletionToken>
  auto async_acquire(std::chrono::nanoseconds timeout, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code, handle)>(
        [](auto handler, detail::pool_engine* engine, std::chrono::nanoseconds wait_at_most) {
          auto completes_on = detail::never_blocking_executor_of(handler, *engine);
          using handler_type = decltype(handler);
          const detail::handler_to_erase erasable{&handler, [](void* waiting) {
            return detail::acquire_handler(std::move(*static_cast<handler_type*>(waiting)));
          }};
          auto lease = engine->acquire_or_wait(wait_at_most, completes_on, erasable);
          if (!lease) return;  // the engine took the handler
          // A connection was ready: complete without type-erasing the handler. Nothing was put in
          // its cancellation slot, so unlike detail::complete_soon this does not detach it (which
          // cost this path 10 ns).
          handle held(std::move(*lease));
          if (completes_on) {
            completes_on.execute([handler = std::move(handler), held = std::move(held)]() mutable {
              std::move(handler)(boost::system::error_code{}, std::move(held));
            });
          } else {
            boost::asio::post(engine->get_executor(),
                              boost::asio::append(std::move(handler), boost::system::error_code{},
                                                  std::move(held)));
          }
        },
        token, engine_.get(), timeout);
  }

  // An idle connection ready for use, or nothing; never waits and never opens one.
  std::optional<handle> try_acquire() {
    if (auto lease = engine_->try_acquire()) return handle(std::move(*lease));
    return std::nullopt;
  }

  // Refuses new acquires, fails waiters with error::pool_closed, closes idle connections now and
  // busy ones when they are returned.
  void close() { engine_->close(); }

  // close(), then completes once every connection is closed. Signature: void(error_code).
  template <class CompletionToken>
  auto async_close(CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code)>(
        [](auto handler, detail::pool_engine* engine) {
          engine->close();
          engine->async_wait_closed(std::move(handler));
        },
        token, engine_.get());
  }

 private:
  std::shared_ptr<detail::pool_engine> engine_;
};

}  // namespace kvpool

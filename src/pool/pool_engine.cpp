// The Asio shell around pool_core, a plain interpreter of its actions: under one mutex it calls
// the core and binds each action the core emitted to what the action names (a waiter's
// handler, a connection, a lease); after the lock is released, execute() carries each one out,
// in the core's order. So no user code (handlers, the connector, observer hooks) runs under the
// lock, and an execute that wakes another thread never wakes it into a held lock.
//
// Closing a connection is done in two steps the core sees: the close action (the connection
// still counts towards max_size), then disconnected() once it is destroyed; so a replacement is
// never opened beside a connection whose socket is still open. A connection whose check is in
// flight (the check outlived check_timeout) is closed on the strand, where checks start and
// complete: the close makes the check complete, and whichever of the two comes second destroys
// it.

#include "kvpool/detail/pool_engine.hpp"

#include <cassert>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/blocking.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/require.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "kvpool/detail/completion.hpp"
#include "bound_actions.hpp"
#include "pool_clock.hpp"
#include "waiter_table.hpp"

namespace kvpool::detail {

namespace asio = boost::asio;
using boost::system::error_code;
using clock = std::chrono::steady_clock;

pool_lease& pool_lease::operator=(pool_lease&& other) noexcept {
  if (this != &other) {
    release();
    engine_ = other.engine_;
    slot_ = other.slot_;
    connection_ = std::exchange(other.connection_, nullptr);
  }
  return *this;
}

std::uint64_t pool_lease::serial() const { return connection_ ? engine_->serial_of(slot_) : 0; }

namespace {

class asio_pool_engine final : public pool_engine,
                               public std::enable_shared_from_this<asio_pool_engine> {
 public:
  asio_pool_engine(asio::any_io_executor executor, pool_settings settings,
                   std::unique_ptr<erased_connector> connector, pool_observer observer)
      : executor_(std::move(executor)),
        never_blocking_executor_(asio::require(executor_, asio::execution::blocking.never)),
        strand_(asio::make_strand(executor_)),
        timer_(strand_),
        connector_(std::move(connector)),
        observer_(std::move(observer)),
        observing_(observer_.any()),
        checks_reusable_(connector_->checks_reusable()),
        clock_(settings),
        core_(settings, clock_.handout_mode(), observing_),
        waiters_(executor_) {
    actions_.reserve(16);
    connections_.resize(settings.max_size, nullptr);
    check_in_flight_.resize(settings.max_size, false);
    interrupted_.resize(settings.max_size, nullptr);
    check_returned_.resize(settings.max_size, false);
  }

  ~asio_pool_engine() override {
    // A check in flight holds a reference to the engine: none is left.
    for (void* connection : connections_) {
      if (connection != nullptr) {
        connector_->close(connection);
        connector_->destroy(connection);
      }
    }
  }

  asio::any_io_executor get_executor() const override { return executor_; }
  const asio::any_io_executor& never_blocking_executor() const noexcept override {
    return never_blocking_executor_;
  }

  void start() override {
    step([&](bound_actions&) { core_.start(clock_.precise(), actions_); });
  }

  void async_warm_up(done_handler done) override {
    step([&](bound_actions&) {
      core_.start(clock_.precise(), actions_);
      if (warmed_up_) {
        complete_later(std::move(done), warm_up_result());
      } else {
        warm_up_waiters_.push_back(waiter_table::waiting(std::move(done), executor_));
      }
    });
  }

  std::optional<pool_lease> acquire_or_wait(std::chrono::nanoseconds timeout,
                                            asio::any_io_executor& completes_on,
                                            handler_to_erase handler) override {
    std::optional<pool_lease> lease;
    step([&](bound_actions& bound) {
      // As try_acquire: a ready connection needs no new clock reading; a wait, the precise one.
      slot_id conn = core_.try_acquire(clock_.handout(), actions_);
      if (conn == no_slot) {
        const acquire_result result = core_.acquire(clock_.precise(), timeout, actions_);
        switch (result.result) {
          case acquire_result::outcome::granted:
            conn = result.conn;
            break;
          case acquire_result::outcome::rejected:
            bound.emplace_back(
                pool_action::fail(0, result.failure),
                [&] {
                  acquire_handler erased = handler.erase();
                  return waiting_acquire{0, std::move(erased), std::move(completes_on)};
                },
                pool_lease{}).outcome = result.failure;
            break;
          case acquire_result::outcome::waiting: {
            acquire_handler done = handler.erase();
            auto slot = asio::get_associated_cancellation_slot(done);
            if (slot.is_connected()) {
              slot.template emplace<cancel_waiter>(weak_from_this(), result.waiter);
            }
            waiters_.add(result.waiter, std::move(done), std::move(completes_on));
            break;
          }
        }
      }
      if (conn != no_slot) lease = lease_for(conn);
    });
    return lease;
  }

  std::optional<pool_lease> try_acquire() override {
    std::optional<pool_lease> lease;
    step([&](bound_actions&) {
      if (const slot_id conn = core_.try_acquire(clock_.handout(), actions_); conn != no_slot) {
        lease = lease_for(conn);
      }
    });
    return lease;
  }

  void release(slot_id slot, void* connection, bool broken) noexcept override {
    const reuse how = broken              ? reuse::never
                      : checks_reusable_ ? connector_->reusable(connection)
                                         : reuse::as_is;
    std::shared_ptr<asio_pool_engine> last_reference;  // destroyed last: may end this engine
    step([&](bound_actions&) {
      // A waiter's wait is measured precisely; an idle connection's rest needs no such care.
      const auto now = core_.has_waiters() ? clock_.precise() : clock_.bookkeeping();
      core_.release(slot, how, now, actions_);
      if (kept_for_leases_ && core_.in_use() == 0) last_reference = std::move(kept_for_leases_);
    });
  }

  void detach(slot_id slot) noexcept override {
    std::shared_ptr<asio_pool_engine> last_reference;
    step([&](bound_actions&) {
      connections_[slot] = nullptr;
      core_.detach(slot, clock_.bookkeeping(), actions_);
      if (kept_for_leases_ && core_.in_use() == 0) last_reference = std::move(kept_for_leases_);
    });
  }

  void close() override {
    step([&](bound_actions&) {
      // The pool's owner may let go now: the leases still out keep the engine alive.
      if (core_.in_use() > 0 && !kept_for_leases_) kept_for_leases_ = shared_from_this();
      core_.close(clock_.precise(), actions_);
    });
  }

  void async_wait_closed(done_handler done) override {
    std::lock_guard lock(mutex_);
    if (fully_closed_) {
      complete_later(std::move(done), error_code{});
    } else {
      closed_waiters_.push_back(waiter_table::waiting(std::move(done), executor_));
    }
  }

  pool_stats stats() const override {
    std::lock_guard lock(mutex_);
    pool_stats snapshot = core_.stats();
    snapshot.observer_errors = observer_errors_;
    return snapshot;
  }

  const pool_settings& settings() const noexcept override { return core_.settings(); }

  std::uint64_t serial_of(slot_id slot) const override {
    std::lock_guard lock(mutex_);
    return core_.serial_of(slot);
  }

 private:
  // Installed in an acquire's cancellation slot; a no-op once the acquire has completed.
  struct cancel_waiter {
    std::weak_ptr<asio_pool_engine> engine;
    waiter_id waiter;
    void operator()(asio::cancellation_type type) const {
      if (type == asio::cancellation_type::none) return;
      if (const auto self = engine.lock()) self->cancel(waiter);
    }
  };

  // call(bound) under the lock, where it calls the core (its actions go to actions_) and may add
  // bound actions of its own; then the core's actions are bound, and carried out after the
  // lock is released. The fast paths have no actions and pay only two checks.
  template <class Call>
  void step(Call call) {
    bound_actions bound;
    {
      std::lock_guard lock(mutex_);
      call(bound);
      if (!actions_.empty()) bind_actions(bound);
      if (core_.next_deadline() < armed_ || (fully_closed_ && armed_ != clock::time_point::max()))
          [[unlikely]] {
        move_timer();
      }
    }
    if (!bound.empty()) [[unlikely]] execute_all(bound);
  }

  void cancel(waiter_id waiter) {
    step([&](bound_actions& bound) {
      if (!core_.cancel(waiter, clock_.precise(), actions_)) return;
      bound_action& cancelled = bound.emplace_back(pool_action::fail(waiter, error::timeout),
                                                   [&] { return waiters_.take(waiter); }, pool_lease{});
      cancelled.outcome = asio::error::operation_aborted;
      keep_foreign_work(cancelled);
    });
  }

  void on_connect_done(slot_id slot, error_code ec, void* connection) {
    if (ec && connection != nullptr) {
      connector_->close(connection);
      connector_->destroy(connection);
      connection = nullptr;
    }
    step([&](bound_actions&) {
      const auto now = clock_.precise();
      if (!ec && connection != nullptr) {
        connections_[slot] = connection;
        core_.connected(slot, now, actions_);
      } else {
        core_.connect_failed(slot, ec ? ec : error_code{error::connect_failed}, now, actions_);
      }
    });
  }

  // Strand only.
  void on_check_done(slot_id slot, error_code ec) {
    bool abandoned = false;
    step([&](bound_actions&) {
      check_in_flight_[slot] = false;
      // It outlived check_timeout: the core closed it.
      abandoned = core_.state_of(slot) == slot_state::closing;
      if (!abandoned) core_.check_done(slot, !ec, clock_.precise(), actions_);
    });
    if (!abandoned) return;
    if (void* connection = std::exchange(interrupted_[slot], nullptr)) {
      destroy_interrupted(slot, connection);
    } else {
      check_returned_[slot] = true;  // close_interrupting destroys it
    }
  }

  // Strand only: the close of a connection whose check is in flight.
  void close_interrupting(slot_id slot, void* connection) {
    connector_->close(connection);
    if (check_returned_[slot]) {
      check_returned_[slot] = false;
      destroy_interrupted(slot, connection);
    } else {
      interrupted_[slot] = connection;  // on_check_done destroys it
    }
  }

  void destroy_interrupted(slot_id slot, void* connection) {
    connector_->destroy(connection);
    report_disconnected({slot});
  }

  void on_timer() {
    step([&](bound_actions&) {
      armed_ = clock::time_point::max();
      core_.tick(clock_.precise(), actions_);
    });
  }

  void report_disconnected(const std::vector<slot_id>& slots) {
    step([&](bound_actions&) {
      const auto now = clock_.precise();
      for (const slot_id slot : slots) core_.disconnected(slot, now, actions_);
    });
  }

  // Mutex held.
  pool_lease lease_for(slot_id slot) { return pool_lease(this, slot, connections_[slot]); }

  error_code warm_up_result() const {
    return core_.is_closed() ? error_code{error::pool_closed} : error_code{};
  }

  // A warm-up or close waiter: its handler carries no completes_on, so through the pool's executor.
  template <class Handler, class... Args>
  void complete_later(Handler handler, Args... args) {
    complete_soon({}, executor_, std::move(handler), std::move(args)...);
  }

  // Mutex held: each action of the core, with what it names.
  void bind_actions(bound_actions& bound) {
    for (const pool_action& action : actions_) {
      switch (action.kind()) {
        case action_kind::grant:
          keep_foreign_work(bound.emplace_back(action, [&] { return waiters_.take(action.waiter()); },
                                               lease_for(action.conn())));
          break;
        case action_kind::check:
          check_in_flight_[action.conn()] = true;
          bound.emplace_back(action).connection = connections_[action.conn()];
          break;
        case action_kind::close: {
          bound_action& close = bound.emplace_back(action);
          close.check_in_flight = check_in_flight_[action.conn()];
          close.connection = std::exchange(connections_[action.conn()], nullptr);
          break;
        }
        case action_kind::fail: {
          bound_action& failed =
              bound.emplace_back(action, [&] { return waiters_.take(action.waiter()); }, pool_lease{});
          failed.outcome = action.failure();
          keep_foreign_work(failed);
          break;
        }
        case action_kind::warmed_up: {
          warmed_up_ = true;
          bound_action& warmed = bound.emplace_back(action);
          warmed.extra().waiters = std::move(warm_up_waiters_);
          warmed.outcome = warm_up_result();
          warm_up_waiters_.clear();
          break;
        }
        case action_kind::closed:
          fully_closed_ = true;
          bound.emplace_back(action).extra().waiters = std::move(closed_waiters_);
          closed_waiters_.clear();
          break;
        default:
          bound.emplace_back(action);
          break;
      }
    }
    actions_.clear();
  }

  // Mutex held: a grant's or fail's waiter of another context has its work moved along with it.
  [[gnu::always_inline]] void keep_foreign_work(bound_action& bound) {
    if (waiters_.has_foreign_work()) [[unlikely]] move_foreign_work(bound);
  }
  [[gnu::noinline]] void move_foreign_work(bound_action& bound) {
    if (auto work = waiters_.take_foreign_work(bound.action.waiter())) {
      bound.extra().acquire_work = std::move(work);
    }
  }

  // Mutex held: (re)arms the timer, on the strand, for the earliest deadline the core asked for
  // (none once the pool is fully closed).
  [[gnu::noinline]] void move_timer() {
    const auto deadline = fully_closed_ ? clock::time_point::max() : core_.next_deadline();
    if (deadline == armed_) return;
    armed_ = deadline;
    asio::post(strand_, [self = shared_from_this()] { self->arm_timer(); });
  }

  // Strand only.
  void arm_timer() {
    clock::time_point deadline;
    {
      std::lock_guard lock(mutex_);
      deadline = armed_;
    }
    if (deadline == clock::time_point::max()) {
      timer_.cancel();
      return;
    }
    timer_.expires_at(deadline);
    timer_.async_wait(asio::bind_executor(strand_, [weak = weak_from_this()](error_code ec) {
      if (ec == asio::error::operation_aborted) return;
      if (const auto self = weak.lock()) self->on_timer();
    }));
  }

  // After the lock: every bound action carried out, in the core's order; then the closes that
  // were done reported to the core (which may emit more actions: a replacement connect).
  [[gnu::noinline]] void execute_all(bound_actions& bound) {
    // A hook may drop the pool's last owner: the engine lives to the end of this. (Nothing else
    // runs user code here: completions are executed on never-blocking executors, or posted.)
    std::shared_ptr<asio_pool_engine> keep;
    if (observing_) keep = shared_from_this();
    std::vector<slot_id> disconnected;
    bound.for_each([&](bound_action& action) {
      // A hand-off to a waiter is nearly every call that has work: kept out of the switch.
      if (action.action.kind() == action_kind::grant && !observing_) [[likely]] {
        complete_acquire(action.acquire, error_code{}, action.lease);
      } else {
        execute(action, disconnected);
      }
    });
    if (!disconnected.empty()) report_disconnected(disconnected);
  }

  void execute(bound_action& a, std::vector<slot_id>& disconnected) {
    const pool_action& action = a.action;
    switch (action.kind()) {
      case action_kind::connect:
        asio::post(strand_, [self = shared_from_this(), slot = action.conn()] {
          self->connector_->async_connect(asio::bind_executor(
              self->strand_, [self, slot](error_code ec, void* connection) {
                self->on_connect_done(slot, ec, connection);
              }));
        });
        break;
      case action_kind::check:
        asio::post(strand_, [self = shared_from_this(), slot = action.conn(), connection = a.connection] {
          self->connector_->async_check(
              connection, asio::bind_executor(self->strand_, [self, slot](error_code ec) {
                self->on_check_done(slot, ec);
              }));
        });
        break;
      case action_kind::close:
        if (a.check_in_flight) {
          asio::post(strand_, [self = shared_from_this(), slot = action.conn(), connection = a.connection] {
            self->close_interrupting(slot, connection);
          });
        } else {
          connector_->close(a.connection);
          connector_->destroy(a.connection);
          disconnected.push_back(action.conn());
        }
        notify(observer_.closed, action.serial(), action.reason());
        break;
      case action_kind::grant:
        notify(observer_.acquired, action.serial(), action.elapsed());
        complete_acquire(a.acquire, error_code{}, a.lease);
        break;
      case action_kind::fail:
        // Not a cancel's (operation_aborted) nor a close's.
        if (a.outcome == error::timeout || a.outcome == error::connect_failed) {
          notify(observer_.acquire_failed, a.outcome);
        }
        complete_acquire(a.acquire, a.outcome, a.lease);
        break;
      case action_kind::warmed_up:
        for (waiting_done& waiter : a.extra().waiters) complete_later(std::move(waiter.handler), a.outcome);
        break;
      case action_kind::closed:
        for (waiting_done& waiter : a.extra().waiters) complete_later(std::move(waiter.handler), error_code{});
        break;
      case action_kind::leak_suspected:
        notify(observer_.leak_suspected, action.serial(), action.elapsed());
        break;
      case action_kind::created:
        notify(observer_.created, action.serial());
        break;
      case action_kind::connect_failed:
        notify(observer_.connect_failed, action.why());
        break;
      case action_kind::acquired:
        notify(observer_.acquired, action.serial(), std::chrono::nanoseconds{0});
        break;
      case action_kind::released:
        notify(observer_.released, action.serial());
        break;
    }
  }

  // `lease`: moved into the completion (empty for a fail).
  [[gnu::always_inline]] void complete_acquire(waiting_acquire& acquire, error_code ec, pool_lease& lease) {
    complete_soon(acquire.completes_on, executor_, std::move(acquire.handler), ec, std::move(lease));
  }

  // A hook that throws is counted (stats().observer_errors) and stops nothing: neither the
  // other hooks nor the pool.
  template <class Hook, class... Args>
  void notify(const Hook& hook, const Args&... args) noexcept {
    if (!hook) return;
    try {
      hook(args...);
    } catch (...) {
      std::lock_guard lock(mutex_);
      ++observer_errors_;
    }
  }

  const asio::any_io_executor executor_;
  const asio::any_io_executor never_blocking_executor_;
  asio::strand<asio::any_io_executor> strand_;
  asio::steady_timer timer_;
  const std::unique_ptr<erased_connector> connector_;
  const pool_observer observer_;
  const bool observing_;
  const bool checks_reusable_;

  mutable std::mutex mutex_;
  pool_clock clock_;
  pool_core core_;
  pool_actions actions_;
  std::vector<void*> connections_;      // by slot
  std::vector<bool> check_in_flight_;   // by slot
  // Strand only, by slot, for a connection closed while its check is in flight: closed and
  // waiting for its check to return; or its check returned first.
  std::vector<void*> interrupted_;
  std::vector<bool> check_returned_;
  waiter_table waiters_;
  std::vector<waiting_done> warm_up_waiters_;
  std::vector<waiting_done> closed_waiters_;
  bool warmed_up_ = false;
  bool fully_closed_ = false;
  std::uint64_t observer_errors_ = 0;
  clock::time_point armed_ = clock::time_point::max();
  // After close(), while connections are held (each one a lease: core_.in_use()).
  std::shared_ptr<asio_pool_engine> kept_for_leases_;
};

}  // namespace

std::shared_ptr<pool_engine> make_pool_engine(asio::any_io_executor executor, pool_settings settings,
                                              std::unique_ptr<erased_connector> connector,
                                              pool_observer observer) {
  return std::make_shared<asio_pool_engine>(std::move(executor), settings, std::move(connector),
                                            std::move(observer));
}

}  // namespace kvpool::detail

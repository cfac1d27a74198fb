// The Asio shell around pool_core: a mutex guards the core and the handler tables; the core's
// actions are carried out under it by recording work (and posting the rare warm-up and close
// completions), so no user code runs under the lock. After the lock is released: closed
// connections are destroyed, acquires that were granted, failed or cancelled are completed on
// their handlers' executors (an execute may wake another thread: under the lock, that thread
// would find it held), connects and checks start on the pool's strand, then observer hooks run.

#include "kvpool/detail/pool_engine.hpp"

#include <time.h>

#include <algorithm>
#include <cassert>
#include <deque>
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

// What the observer is told, collected under the lock and delivered after it.
struct observed_event {
  enum class kind : std::uint8_t { created, connect_failed, closed, acquired, released, acquire_failed, leak };
  kind what;
  std::uint64_t serial = 0;
  close_reason reason = close_reason::broken;
  std::chrono::nanoseconds elapsed{0};
  error_code ec = {};
};

// An acquire waiting for a connection: see pool_engine::acquire_or_wait for completes_on.
struct waiting_acquire {
  waiter_id id;
  acquire_handler handler;
  asio::any_io_executor completes_on;
};

// A waiting acquire the core granted, failed or cancelled: completed once the lock is released.
struct finished_acquire {
  waiting_acquire acquire;
  error_code ec;
  pool_lease lease;
};

// Work collected under the lock and done after it, in this order: closed connections are
// destroyed before the connects that replace them start, so the server never sees both open.
struct deferred_work {
  std::vector<void*> to_destroy;
  std::vector<finished_acquire> to_complete;  // after after_unlock's first one
  std::vector<slot_id> to_connect;
  std::vector<std::pair<slot_id, void*>> to_check;
  std::vector<observed_event> events;
};

// Constructed on every call, allocated only when there is work: the fast paths (try_acquire,
// release to idle) have none, and a zeroed inline deferred_work cost them a tenth of their time.
// A release that hands its connection to a waiter finishes one acquire and nothing else, so the
// first finished acquire is kept inline, in a union: empty, it costs the fast paths one flag.
class after_unlock {
 public:
  after_unlock() noexcept {}
  after_unlock(const after_unlock&) = delete;
  after_unlock& operator=(const after_unlock&) = delete;
  [[gnu::always_inline]] ~after_unlock() {
    if (has_first_completion_) [[unlikely]] first_completion_.~finished_acquire();
  }

  bool empty() const noexcept { return !has_first_completion_ && !work_; }

  deferred_work& work() {
    if (!work_) work_ = std::make_unique<deferred_work>();
    return *work_;
  }
  deferred_work* get() noexcept { return work_.get(); }

  // `make` returns the finished_acquire, built in its place: a waiting_acquire is moved once,
  // out of the waiters, and each move of its handler and executor is an indirect call.
  template <class Make>
  void complete(Make make) {
    struct built_in_place {
      Make& make;
      operator finished_acquire() { return make(); }
    };
    if (!has_first_completion_) {
      std::construct_at(&first_completion_, built_in_place{make});
      has_first_completion_ = true;
    } else {
      work().to_complete.emplace_back(built_in_place{make});
    }
  }
  finished_acquire* first_completion() noexcept {
    return has_first_completion_ ? &first_completion_ : nullptr;
  }

 private:
  std::unique_ptr<deferred_work> work_;
  union {
    finished_acquire first_completion_;
  };
  bool has_first_completion_ = false;
};

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
        coarse_is_enough_(coarse_is_enough(settings)),
        hands_out_without_clock_(coarse_is_enough_ &&
                                 settings.leak_threshold == pool_settings::duration::zero()),
        checks_reusable_(connector_->checks_reusable()),
        core_(settings,
              hands_out_without_clock_ ? handout_clock::latest_reading : handout_clock::fresh) {
    actions_.reserve(16);
    connections_.resize(settings.max_size, nullptr);
  }

  ~asio_pool_engine() override {
    for (void* connection : connections_) {
      if (connection != nullptr) connector_->destroy(connection);
    }
  }

  asio::any_io_executor get_executor() const override { return executor_; }
  const asio::any_io_executor& never_blocking_executor() const noexcept override {
    return never_blocking_executor_;
  }

  void start() override {
    locked_step([&](clock::time_point now, after_unlock&) { core_.start(now, actions_); });
  }

  void async_warm_up(done_handler done) override {
    after_unlock after;
    {
      std::lock_guard lock(mutex_);
      core_.start(precise_now(), actions_);
      if (warmed_up_) {
        complete_later(std::move(done), warm_up_result());
      } else {
        warm_up_waiters_.push_back(std::move(done));
      }
      carry_out(after);
    }
    deliver(after);
  }

  std::optional<pool_lease> acquire_or_wait(std::chrono::nanoseconds timeout,
                                            asio::any_io_executor& completes_on,
                                            handler_to_erase handler) override {
    std::optional<pool_lease> lease;
    after_unlock after;
    {
      std::lock_guard lock(mutex_);
      // As try_acquire: a ready connection needs no new clock reading; a wait, the precise one.
      slot_id conn = core_.try_acquire(handout_now(), actions_);
      if (conn == no_slot) {
        const acquire_result result = core_.acquire(precise_now(), timeout, actions_);
        switch (result.result) {
          case acquire_result::outcome::granted:
            conn = result.conn;
            break;
          case acquire_result::outcome::rejected:
            after.complete([&] {
              return finished_acquire{{result.waiter, handler.erase(), std::move(completes_on)},
                                      error_code{result.failure}, pool_lease{}};
            });
            break;
          case acquire_result::outcome::waiting: {
            acquire_handler done = handler.erase();
            auto slot = asio::get_associated_cancellation_slot(done);
            if (slot.is_connected()) {
              slot.template emplace<cancel_waiter>(weak_from_this(), result.waiter);
            }
            waiters_.push_back({result.waiter, std::move(done), std::move(completes_on)});
            break;
          }
        }
      }
      lease = lease_taken(after, conn);
      carry_out(after);
    }
    deliver(after);
    return lease;
  }

  std::optional<pool_lease> try_acquire() override {
    std::optional<pool_lease> lease;
    after_unlock after;
    {
      std::lock_guard lock(mutex_);
      lease = lease_taken(after, core_.try_acquire(handout_now(), actions_));
      carry_out(after);
    }
    deliver(after);
    return lease;
  }

  void release(slot_id slot, void* connection, bool broken) noexcept override {
    const bool reusable = !broken && (!checks_reusable_ || connector_->reusable(connection));
    std::shared_ptr<asio_pool_engine> last_reference;  // destroyed last: may end this engine
    after_unlock after;
    {
      std::lock_guard lock(mutex_);
      if (observing_) {
        after.work().events.push_back({observed_event::kind::released, core_.serial_of(slot)});
      }
      // A waiter's wait is measured precisely; an idle connection's rest needs no such care.
      const auto now = core_.has_waiters() ? precise_now() : bookkeeping_now();
      core_.release(slot, reusable, now, actions_);
      carry_out(after);
      if (kept_for_leases_ && core_.in_use() == 0) last_reference = std::move(kept_for_leases_);
    }
    deliver(after);
  }

  void close() override {
    locked_step([&](clock::time_point now, after_unlock&) {
      // The pool's owner may let go now: the leases still out keep the engine alive.
      if (core_.in_use() > 0 && !kept_for_leases_) kept_for_leases_ = shared_from_this();
      core_.close(now, actions_);
    });
  }

  void async_wait_closed(done_handler done) override {
    std::lock_guard lock(mutex_);
    if (fully_closed_) {
      complete_later(std::move(done), error_code{});
    } else {
      closed_waiters_.push_back(std::move(done));
    }
  }

  pool_stats stats() const override {
    std::lock_guard lock(mutex_);
    return core_.stats();
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

  // The core's "now", never going back: the coarse clock lags the precise one. Mutex held.
  clock::time_point precise_now() noexcept { return latest_now(clock::now()); }
  // For the fast paths (release to idle, handout_now): steady_clock::now() is the largest cost
  // of a cycle, while idle and held times measured against thresholds of a second or more need
  // only the coarse clock's few milliseconds. Deadlines (acquire timeouts) and shorter
  // thresholds always use precise_now().
  clock::time_point bookkeeping_now() noexcept {
    return coarse_is_enough_ ? latest_now(coarse_now()) : precise_now();
  }
  // For handing out an idle connection: the latest reading, with no new one (half the clock
  // cost of a cycle). "now" decides whether the connection needs a health check or is past
  // max_lifetime; the core asks for a tick when either falls due and on_timer reads the clock,
  // so the reading is late by the timer's latency at most. Leak detection times each hold from
  // its start: a new reading then.
  clock::time_point handout_now() noexcept {
    return hands_out_without_clock_ ? latest_now_ : bookkeeping_now();
  }
  static bool coarse_is_enough(const pool_settings& s) noexcept {
    const auto coarse_enough = [](pool_settings::duration threshold) {
      return threshold == pool_settings::duration::zero() || threshold >= std::chrono::seconds(1);
    };
    return coarse_enough(s.idle_timeout) && coarse_enough(s.max_lifetime) &&
           coarse_enough(s.check_after_idle) && coarse_enough(s.keepalive_interval) &&
           coarse_enough(s.leak_threshold);
  }
  clock::time_point latest_now(clock::time_point t) noexcept {
    latest_now_ = std::max(latest_now_, t);
    return latest_now_;
  }
  static clock::time_point coarse_now() noexcept {
    timespec now;
    // libstdc++'s steady_clock is CLOCK_MONOTONIC: the same epoch, a coarser tick.
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return clock::time_point(std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec));
  }

  // step(now, after) under the lock, then the core's actions carried out and delivered.
  template <class Step>
  void locked_step(Step step) {
    after_unlock after;
    {
      std::lock_guard lock(mutex_);
      step(precise_now(), after);
      carry_out(after);
    }
    deliver(after);
  }

  void cancel(waiter_id waiter) {
    locked_step([&](clock::time_point now, after_unlock& after) {
      if (!core_.cancel(waiter, now, actions_)) return;
      after.complete([&] {
        return finished_acquire{take_waiter(waiter), error_code{asio::error::operation_aborted},
                                pool_lease{}};
      });
    });
  }

  void on_connect_done(slot_id slot, error_code ec, void* connection) {
    after_unlock after;
    {
      std::lock_guard lock(mutex_);
      const auto now = precise_now();
      if (!ec && connection != nullptr) {
        connections_[slot] = connection;
        if (observing_) after.work().events.push_back({observed_event::kind::created, core_.serial_of(slot)});
        core_.connected(slot, now, actions_);
      } else {
        if (connection != nullptr) after.work().to_destroy.push_back(connection);
        if (!ec) ec = make_error_code(error::connect_failed);
        if (observing_) {
          observed_event event{observed_event::kind::connect_failed};
          event.ec = ec;
          after.work().events.push_back(event);
        }
        core_.connect_failed(slot, ec, now, actions_);
      }
      carry_out(after);
    }
    deliver(after);
  }

  void on_check_done(slot_id slot, error_code ec) {
    locked_step([&](clock::time_point now, after_unlock&) { core_.check_done(slot, !ec, now, actions_); });
  }

  void on_timer() {
    locked_step([&](clock::time_point now, after_unlock&) {
      armed_ = clock::time_point::max();
      core_.tick(now, actions_);
    });
  }

  // Strand only: (re)arms the timer for the earliest deadline the core asked for.
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

  // Mutex held: the handler of a waiter the core has just granted, failed or cancelled. The core
  // serves waiters first come first served, so it is nearly always the first.
  waiting_acquire take_waiter(waiter_id waiter) {
    if (waiters_.front().id == waiter) {  // nearly always; searching a deque costs ~100 instructions
      waiting_acquire taken = std::move(waiters_.front());
      waiters_.pop_front();
      return taken;
    }
    const auto it = std::lower_bound(
        waiters_.begin(), waiters_.end(), waiter,
        [](const waiting_acquire& w, waiter_id id) { return w.id < id; });
    assert(it != waiters_.end() && it->id == waiter);
    waiting_acquire taken = std::move(*it);
    waiters_.erase(it);
    return taken;
  }

  // Mutex held.
  pool_lease lease_for(slot_id slot) { return pool_lease(this, slot, connections_[slot]); }

  // Mutex held: the lease for a connection the core has just handed out at once, if it did.
  std::optional<pool_lease> lease_taken(after_unlock& after, slot_id conn) {
    if (conn == no_slot) return std::nullopt;
    note_acquired(after, conn, std::chrono::nanoseconds{0});
    return lease_for(conn);
  }

  error_code warm_up_result() const {
    return core_.is_closed() ? error_code{error::pool_closed} : error_code{};
  }

  void note_acquired(after_unlock& after, slot_id slot, std::chrono::nanoseconds waited) {
    if (!observing_) return;
    observed_event event{observed_event::kind::acquired, core_.serial_of(slot)};
    event.elapsed = waited;
    after.work().events.push_back(event);
  }

  // A warm-up or close waiter: its handler carries no completes_on, so through the pool's executor.
  template <class Handler, class... Args>
  void complete_later(Handler handler, Args... args) {
    complete_soon({}, executor_, std::move(handler), std::move(args)...);
  }

  void complete_acquire(finished_acquire& finished) {
    complete_soon(finished.acquire.completes_on, executor_, std::move(finished.acquire.handler),
                  finished.ec, std::move(finished.lease));
  }

  // Mutex held: carries out the core's actions, which only post or record, and moves the timer
  // when the core's next deadline moved earlier. The fast paths have neither and pay only this
  // check: the rest is kept out of line.
  void carry_out(after_unlock& after) {
    if (actions_.empty() && !fully_closed_ && core_.next_deadline() >= armed_) return;
    carry_out_work(after);
  }

  [[gnu::noinline]] void carry_out_work(after_unlock& after) {
    if (!actions_.empty()) carry_out_actions(after);
    const auto deadline = fully_closed_ ? clock::time_point::max() : core_.next_deadline();
    if (deadline < armed_ || (fully_closed_ && armed_ != clock::time_point::max())) {
      move_timer(deadline);
    }
  }

  void move_timer(clock::time_point deadline) {
    armed_ = deadline;
    asio::post(strand_, [self = shared_from_this()] { self->arm_timer(); });
  }

  void carry_out_actions(after_unlock& after) {
    for (const pool_action& action : actions_) {
      switch (action.kind) {
        case action_kind::connect:
          after.work().to_connect.push_back(action.conn);
          break;
        case action_kind::check:
          after.work().to_check.emplace_back(action.conn, connections_[action.conn]);
          break;
        case action_kind::close:
          after.work().to_destroy.push_back(std::exchange(connections_[action.conn], nullptr));
          if (observing_) {
            observed_event event{observed_event::kind::closed, action.serial};
            event.reason = action.reason;
            after.work().events.push_back(event);
          }
          break;
        case action_kind::grant: {
          note_acquired(after, action.conn, action.elapsed);
          after.complete([&] {
            return finished_acquire{take_waiter(action.waiter), error_code{}, lease_for(action.conn)};
          });
          break;
        }
        case action_kind::fail: {
          const error_code ec{action.failure};
          if (observing_ && action.failure != error::pool_closed) {
            observed_event event{observed_event::kind::acquire_failed};
            event.ec = ec;
            after.work().events.push_back(event);
          }
          after.complete([&] { return finished_acquire{take_waiter(action.waiter), ec, pool_lease{}}; });
          break;
        }
        case action_kind::leak_suspected:
          if (observing_) {
            observed_event event{observed_event::kind::leak, action.serial};
            event.elapsed = action.elapsed;
            after.work().events.push_back(event);
          }
          break;
        case action_kind::warmed_up:
          warmed_up_ = true;
          for (done_handler& done : warm_up_waiters_) complete_later(std::move(done), warm_up_result());
          warm_up_waiters_.clear();
          break;
        case action_kind::closed:
          fully_closed_ = true;
          for (done_handler& done : closed_waiters_) complete_later(std::move(done), error_code{});
          closed_waiters_.clear();
          break;
      }
    }
    actions_.clear();
  }

  // The fast paths have nothing to deliver and pay only this check: the rest is out of line.
  void deliver(after_unlock& after) {
    if (!after.empty()) [[unlikely]] deliver_work(after);
  }

  [[gnu::noinline]] void deliver_work(after_unlock& after) {
    deferred_work* work = after.get();
    if (work != nullptr) {
      for (void* connection : work->to_destroy) connector_->destroy(connection);
    }
    if (finished_acquire* first = after.first_completion()) complete_acquire(*first);
    if (work == nullptr) return;
    for (finished_acquire& finished : work->to_complete) complete_acquire(finished);
    for (const slot_id slot : work->to_connect) {
      asio::post(strand_, [self = shared_from_this(), slot] {
        self->connector_->async_connect(asio::bind_executor(
            self->strand_, [self, slot](error_code ec, void* connection) {
              self->on_connect_done(slot, ec, connection);
            }));
      });
    }
    for (const auto& [slot, connection] : work->to_check) {
      asio::post(strand_, [self = shared_from_this(), slot, connection] {
        self->connector_->async_check(
            connection, asio::bind_executor(self->strand_, [self, slot](error_code ec) {
              self->on_check_done(slot, ec);
            }));
      });
    }
    for (const observed_event& event : work->events) notify(event);
  }

  void notify(const observed_event& event) const {
    using kind = observed_event::kind;
    switch (event.what) {
      case kind::created: if (observer_.created) observer_.created(event.serial); break;
      case kind::connect_failed: if (observer_.connect_failed) observer_.connect_failed(event.ec); break;
      case kind::closed: if (observer_.closed) observer_.closed(event.serial, event.reason); break;
      case kind::acquired: if (observer_.acquired) observer_.acquired(event.serial, event.elapsed); break;
      case kind::released: if (observer_.released) observer_.released(event.serial); break;
      case kind::acquire_failed: if (observer_.acquire_failed) observer_.acquire_failed(event.ec); break;
      case kind::leak: if (observer_.leak_suspected) observer_.leak_suspected(event.serial, event.elapsed); break;
    }
  }

  asio::any_io_executor executor_;
  const asio::any_io_executor never_blocking_executor_;
  asio::strand<asio::any_io_executor> strand_;
  asio::steady_timer timer_;
  std::unique_ptr<erased_connector> connector_;
  const pool_observer observer_;
  const bool observing_;
  const bool coarse_is_enough_;
  const bool hands_out_without_clock_;
  const bool checks_reusable_;

  mutable std::mutex mutex_;
  pool_core core_;
  pool_actions actions_;
  std::vector<void*> connections_;  // by slot
  std::deque<waiting_acquire> waiters_;  // by id: the order they came in
  std::vector<done_handler> warm_up_waiters_;
  std::vector<done_handler> closed_waiters_;
  bool warmed_up_ = false;
  bool fully_closed_ = false;
  clock::time_point armed_ = clock::time_point::max();
  clock::time_point latest_now_{};
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

#pragma once
// The pool engine's actions with what each names, taken out under its lock and carried out after
// it: the waiter's handler of a grant or a fail (with the lease of a grant), the connection of a
// check or a close, the waiters of warmed_up and closed.

#include <memory>
#include <utility>
#include <vector>

#include <boost/system/error_code.hpp>

#include "kvpool/detail/pool_engine.hpp"
#include "kvpool/pool_action.hpp"
#include "waiter_table.hpp"

namespace kvpool::detail {

struct bound_action {
  // What only a few actions name, kept out of the common ones: a bound_action is built and
  // destroyed for every hand-off to a waiter.
  struct extras {
    // Work on a grant's or fail's handler's executor, when it is of another context
    // (waiter_table), kept until its completion is on its way.
    boost::asio::any_completion_executor acquire_work;
    std::vector<waiting_done> waiters;  // warmed_up's or closed's
  };

  pool_action action;
  waiting_acquire acquire{};
  pool_lease lease{};
  // A grant's or fail's completion (operation_aborted for a cancel); warmed_up's.
  boost::system::error_code outcome{};
  void* connection = nullptr;
  // A close whose connection's check is in flight.
  bool check_in_flight = false;
  std::unique_ptr<extras> rare;

  explicit bound_action(const pool_action& a) : action(a) {}
  // take_waiter returns the waiting_acquire, built in its place: each move of its handler and
  // executor is an indirect call, and a hand-off to a waiter is the grid's every cycle.
  template <class TakeWaiter>
  bound_action(const pool_action& a, TakeWaiter take_waiter, pool_lease held)
      : action(a), acquire(take_waiter()), lease(std::move(held)) {}

  extras& extra() {
    if (!rare) rare = std::make_unique<extras>();
    return *rare;
  }
};

// Constructed on every call of the engine, so its empty form costs a flag and a pointer: the fast
// paths (try_acquire, release to idle) have no actions, and a release that hands its connection
// to a waiter has one, kept inline; more go to the heap.
class bound_actions {
 public:
  bound_actions() noexcept {}
  bound_actions(const bound_actions&) = delete;
  bound_actions& operator=(const bound_actions&) = delete;
  [[gnu::always_inline]] ~bound_actions() {
    if (has_first_) [[unlikely]] first_.~bound_action();
    if (rest_ != nullptr) [[unlikely]] delete rest_;
  }

  bool empty() const noexcept { return !has_first_; }

  template <class... Args>
  bound_action& emplace_back(Args&&... args) {
    if (!has_first_) {
      std::construct_at(&first_, std::forward<Args>(args)...);
      has_first_ = true;
      return first_;
    }
    if (rest_ == nullptr) rest_ = new std::vector<bound_action>();
    return rest_->emplace_back(std::forward<Args>(args)...);
  }

  // In the order they were added.
  template <class Function>
  void for_each(Function f) {
    if (!has_first_) return;
    f(first_);
    if (rest_) {
      for (bound_action& action : *rest_) f(action);
    }
  }

 private:
  union {
    bound_action first_;
  };
  bool has_first_ = false;
  // Owned; a raw pointer, so that an empty one's destructor is only checks, inline.
  std::vector<bound_action>* rest_ = nullptr;
};

}  // namespace kvpool::detail

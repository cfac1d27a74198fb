#pragma once
// The pool engine's handlers that wait: acquires in the order they came (the core names them by
// waiter_id), and warm-up and close waiters. Each keeps outstanding work on its handler's
// executor while it waits, as Asio's own operations do, so a context that runs only the
// handler's side (a callback bound to another io_context) does not run out of work meanwhile.
// Not thread-safe: the engine calls it under its lock.

#include <algorithm>
#include <cassert>
#include <deque>
#include <utility>
#include <vector>

#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>

#include "kvpool/detail/pool_engine.hpp"

namespace kvpool::detail {

// Outstanding work on a handler's executor (the pool's, for a handler without one of its own).
template <class Handler>
boost::asio::any_completion_executor work_on_executor_of(const Handler& handler,
                                                         const boost::asio::any_io_executor& fallback) {
  return boost::asio::prefer(boost::asio::get_associated_executor(handler, fallback),
                             boost::asio::execution::outstanding_work.tracked);
}

struct waiting_acquire {
  waiting_acquire(waiter_id waiter, acquire_handler&& done, boost::asio::any_io_executor&& on)
      : id(waiter), handler(std::move(done)), completes_on(std::move(on)) {}
  waiting_acquire() = default;
  waiting_acquire(waiting_acquire&&) noexcept = default;
  // By swapping the handler: Asio 1.26's move assignment of any_completion_handler wraps the
  // handler in itself, endlessly. A deque moves its elements so when one leaves from the middle.
  waiting_acquire& operator=(waiting_acquire&& other) noexcept {
    id = other.id;
    acquire_handler().swap(handler);
    handler.swap(other.handler);
    completes_on = std::move(other.completes_on);
    return *this;
  }

  waiter_id id = 0;
  acquire_handler handler;
  // The handler's own executor, never-blocking, when it runs on the pool's context (see
  // pool_engine::acquire_or_wait); empty otherwise.
  boost::asio::any_io_executor completes_on;
};

struct waiting_done {
  done_handler handler;
  boost::asio::any_completion_executor work;
};

class waiter_table {
 public:
  explicit waiter_table(boost::asio::any_io_executor pool_executor)
      : pool_executor_(std::move(pool_executor)) {}

  bool empty() const noexcept { return waiting_.empty(); }

  void add(waiter_id id, acquire_handler&& handler, boost::asio::any_io_executor&& completes_on) {
    if (waiting_.empty()) {
      keeps_pool_busy_ = boost::asio::prefer(pool_executor_, boost::asio::execution::outstanding_work.tracked);
    }
    // Rare (a handler of another context), so kept apart from the queue the grid runs through.
    if (!completes_on) foreign_work_.emplace_back(id, work_on_executor_of(handler, pool_executor_));
    waiting_.emplace_back(id, std::move(handler), std::move(completes_on));
  }

  // The handler of a waiter the core has just granted, failed or cancelled. The core serves
  // waiters first come first served, so it is nearly always the first (searching a deque costs
  // about a hundred instructions).
  waiting_acquire take(waiter_id id) {
    waiting_acquire taken = take_from_queue(id);
    if (waiting_.empty()) keeps_pool_busy_ = {};
    return taken;
  }

  bool has_foreign_work() const noexcept { return !foreign_work_.empty(); }
  // The work kept on a taken waiter's handler's executor, if another context's, for the caller
  // to keep until the completion is on its way; empty otherwise.
  boost::asio::any_completion_executor take_foreign_work(waiter_id id) {
    boost::asio::any_completion_executor work;
    const auto it = std::find_if(foreign_work_.begin(), foreign_work_.end(),
                                 [id](const auto& entry) { return entry.first == id; });
    if (it == foreign_work_.end()) return work;
    work = std::move(it->second);
    foreign_work_.erase(it);
    return work;
  }

  static waiting_done waiting(done_handler handler, const boost::asio::any_io_executor& pool_executor) {
    auto work = work_on_executor_of(handler, pool_executor);
    return {std::move(handler), std::move(work)};
  }

 private:
  waiting_acquire take_from_queue(waiter_id id) {
    if (waiting_.front().id == id) {
      waiting_acquire taken = std::move(waiting_.front());
      waiting_.pop_front();
      return taken;
    }
    const auto it = std::lower_bound(waiting_.begin(), waiting_.end(), id,
                                     [](const waiting_acquire& w, waiter_id wanted) { return w.id < wanted; });
    assert(it != waiting_.end() && it->id == id);
    waiting_acquire taken = std::move(*it);
    waiting_.erase(it);
    return taken;
  }

  boost::asio::any_io_executor pool_executor_;
  std::deque<waiting_acquire> waiting_;  // by id: the order they came in
  std::vector<std::pair<waiter_id, boost::asio::any_completion_executor>> foreign_work_;
  boost::asio::any_io_executor keeps_pool_busy_;
};

}  // namespace kvpool::detail

#pragma once
// How the pool and the client run a completion handler: on its own executor, never inside the
// call that started the operation, with its cancellation slot detached first, there: a slot is
// not safe to touch from two threads, and the handler's executor is where its signal is emitted.

#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

namespace kvpool::detail {

// handler(args...) as a function to run on the handler's executor.
template <class Handler, class... Args>
auto detached_completion(Handler handler, Args... args) {
  return [handler = std::move(handler), ... args = std::move(args)]() mutable {
    boost::asio::get_associated_cancellation_slot(handler).clear();
    std::move(handler)(std::move(args)...);
  };
}

// `completes_on`: the handler's own executor, never-blocking, or empty (see basic_pool's
// never_blocking_executor_of). With it, the completion is executed straight on it; without, it
// is posted to the pool's executor and dispatched on to the handler's (Asio's work_dispatcher).
template <class Handler, class... Args>
void complete_soon(const boost::asio::any_io_executor& completes_on,
                   const boost::asio::any_io_executor& pool_executor, Handler handler, Args... args) {
  if (completes_on) {
    completes_on.execute(detached_completion(std::move(handler), std::move(args)...));
    return;
  }
  auto executor = boost::asio::get_associated_executor(handler, pool_executor);
  boost::asio::post(pool_executor,
                    boost::asio::bind_executor(std::move(executor),
                                               detached_completion(std::move(handler), std::move(args)...)));
}

}  // namespace kvpool::detail

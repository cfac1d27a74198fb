#pragma once
// What pool_core asks its caller to do, and what it tells observers: one list of actions per
// call, in the order they must be carried out. Built with the named factories; each getter
// asserts that the action has the field (a grant has a waiter, a connect has none).

#include <cassert>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/system/error_code.hpp>

#include "kvpool/error.hpp"
#include "kvpool/pool_stats.hpp"

namespace kvpool {

using slot_id = std::uint32_t;    // reused after a close; serials tell connections apart
// "No connection", where an optional<slot_id> would cost the fast path a store-forwarding stall.
inline constexpr slot_id no_slot = UINT32_MAX;
using waiter_id = std::uint64_t;  // never reused

enum class action_kind : std::uint8_t {
  // Work: carry it out, then report its outcome to the core where one is named.
  connect,         // open a connection for conn(); report connected() or connect_failed()
  check,           // health-check conn() (restoring its session if its holder changed it);
                   // report check_done()
  close,           // close conn() (interrupting its check, if one is in flight), then report
                   // disconnected(): until then it counts towards max_size
  grant,           // complete waiter() with conn(), which it now holds after elapsed() waiting
  fail,            // complete waiter() with failure()
  warmed_up,       // once after start() or close(): min_size is open, a connect failed, or the
                   // pool closed
  closed,          // once after close(): nothing is left open, connecting or closing
  // Events, for observers. leak_suspected always; the others only from a core built with
  // report_events (a grant, a fail and a close are events too).
  leak_suspected,  // conn() has been held for elapsed()
  created,         // conn() connected
  connect_failed,  // a connect failed because of why()
  acquired,        // conn() was handed out at once by acquire() or try_acquire()
  released,        // conn() was returned by its holder
};

class pool_action {
 public:
  using duration = std::chrono::nanoseconds;

  static pool_action connect(slot_id conn, std::uint64_t serial) {
    return pool_action{action_kind::connect, conn, serial};
  }
  static pool_action check(slot_id conn, std::uint64_t serial) {
    return pool_action{action_kind::check, conn, serial};
  }
  static pool_action close(slot_id conn, std::uint64_t serial, close_reason reason) {
    pool_action a{action_kind::close, conn, serial};
    a.reason_ = reason;
    return a;
  }
  static pool_action grant(waiter_id waiter, slot_id conn, std::uint64_t serial, duration waited) {
    pool_action a{action_kind::grant, conn, serial};
    a.waiter_ = waiter;
    a.elapsed_ = waited;
    return a;
  }
  static pool_action fail(waiter_id waiter, error failure) {
    pool_action a{action_kind::fail};
    a.waiter_ = waiter;
    a.failure_ = failure;
    return a;
  }
  static pool_action warmed_up() { return pool_action{action_kind::warmed_up}; }
  static pool_action closed() { return pool_action{action_kind::closed}; }
  static pool_action leak_suspected(slot_id conn, std::uint64_t serial, duration held) {
    pool_action a{action_kind::leak_suspected, conn, serial};
    a.elapsed_ = held;
    return a;
  }
  static pool_action created(slot_id conn, std::uint64_t serial) {
    return pool_action{action_kind::created, conn, serial};
  }
  static pool_action connect_failed(boost::system::error_code why) {
    pool_action a{action_kind::connect_failed};
    a.why_ = why;
    return a;
  }
  static pool_action acquired(slot_id conn, std::uint64_t serial) {
    return pool_action{action_kind::acquired, conn, serial};
  }
  static pool_action released(slot_id conn, std::uint64_t serial) {
    return pool_action{action_kind::released, conn, serial};
  }

  action_kind kind() const noexcept { return kind_; }
  bool names_connection() const noexcept {
    return kind_ != action_kind::fail && kind_ != action_kind::warmed_up &&
           kind_ != action_kind::closed && kind_ != action_kind::connect_failed;
  }
  slot_id conn() const noexcept {
    assert(names_connection());
    return conn_;
  }
  // Of conn(): unique for the pool's lifetime, where slots are reused.
  std::uint64_t serial() const noexcept {
    assert(names_connection());
    return serial_;
  }
  waiter_id waiter() const noexcept {
    assert(kind_ == action_kind::grant || kind_ == action_kind::fail);
    return waiter_;
  }
  close_reason reason() const noexcept {
    assert(kind_ == action_kind::close);
    return reason_;
  }
  error failure() const noexcept {
    assert(kind_ == action_kind::fail);
    return failure_;
  }
  // A grant's wait, a leak's hold.
  duration elapsed() const noexcept {
    assert(kind_ == action_kind::grant || kind_ == action_kind::leak_suspected);
    return elapsed_;
  }
  const boost::system::error_code& why() const noexcept {
    assert(kind_ == action_kind::connect_failed);
    return why_;
  }

 private:
  explicit pool_action(action_kind kind, slot_id conn = no_slot, std::uint64_t serial = 0) noexcept
      : kind_(kind), conn_(conn), serial_(serial) {}

  action_kind kind_;
  close_reason reason_ = close_reason::broken;
  error failure_ = error::timeout;
  slot_id conn_;
  std::uint64_t serial_;
  waiter_id waiter_ = 0;
  duration elapsed_{0};
  boost::system::error_code why_;
};

using pool_actions = std::vector<pool_action>;

// One line per action, e.g. "grant 0 to w3", "close 1 broken", "fail w2 timeout": for test
// failures and checker reports.
std::string to_string(const pool_action& action);
std::string to_string(const pool_actions& actions);

}  // namespace kvpool

#pragma once
// How one fault-shaped reply goes out, without sockets: a delay, then the reply in pieces at a
// bandwidth, or a close (FIN or RST) before, after or in the middle of it, or silence for good.
// The connection asks next() for a step, carries it out, and asks again once it is done; the
// steps depend only on the decision and the reply's length, so they are tested on virtual time.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "fault_plan.hpp"

namespace kvmock {

struct delivery_step {
  enum class kind {
    write,      // write bytes(), then ask again
    wait,       // wait `delay`, then ask again
    close,      // close the connection (a RST when `reset`); nothing follows
    blackhole,  // answer nothing on this connection again; nothing follows
    done,       // the reply is out: the connection reads its next request
  };
  kind what = kind::done;
  std::chrono::microseconds delay{0};
  bool reset = false;
  std::string_view bytes;  // for write: a slice of the reply, valid until the next call

  static delivery_step write_of(std::string_view bytes) { return {kind::write, {}, false, bytes}; }
  static delivery_step wait_for(std::chrono::microseconds delay) { return {kind::wait, delay, false, {}}; }
  static delivery_step close_with(bool reset) { return {kind::close, {}, reset, {}}; }
  static delivery_step of(kind what) { return {what, {}, false, {}}; }
};

class reply_delivery {
 public:
  // reply: what the command answered (or the canned answer), before any cut.
  reply_delivery(request_decision decision, std::string reply);

  // The first step, or the one after the step before it is carried out. After close,
  // blackhole or done, it answers done.
  delivery_step next();

 private:
  enum class stage { delay, body, pause, close_wait, finished };

  request_decision decision_;
  std::string reply_;
  std::size_t sent_ = 0;
  std::size_t last_piece_ = 0;
  stage stage_ = stage::delay;
};

}  // namespace kvmock

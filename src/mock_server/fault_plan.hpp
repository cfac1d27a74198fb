#pragma once
// The faults in place and every decision about them, without sockets: which faults a new
// connection or a request meets, in the order they were added, and the log of what was injected.
//
// Each draw (probability, jitter) is a hash of (seed, fault id, connection number, command index),
// never a shared random stream, so the same seed and workload inject the same faults whatever the
// thread timing. `after` and `times` count matches server-wide, in the order the server sees them.
// Callers hold the server core's mutex.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "keyspace.hpp"
#include "kvmock/fault.hpp"

namespace kvmock {

// What to do with a connection just accepted on the main port.
struct accept_decision {
  enum class action {
    serve,
    stall,          // stall_accept: never answer it
    close,          // drop at=accept: a session, closed at once
    reset,          // reset at=accept
    refuse_close,   // refuse mode=close: not a session
    refuse_reset,   // refuse mode=reset
    max_clients,    // answer Redis's error, then close
  };
  action what = action::serve;
  std::chrono::milliseconds close_delay{0};  // slow_close before a fault's close
};

// What to do with one request and its reply.
struct request_decision {
  enum class outcome {
    reply,            // run it, send the reply (shaped by the fields below)
    blackhole,        // do not run it; never answer anything again on this connection
    canned,           // do not run it; answer canned_reply (an error fault, a hook's reply)
    close_before,     // do not run it; close
    close_after,      // run it; close without replying
    close_mid_reply,  // run it; send close_after_bytes of the reply, close
  };
  outcome what = outcome::reply;
  bool reset = false;  // close with a TCP RST
  std::chrono::microseconds delay{0};
  std::string canned_reply;  // whole RESP bytes
  std::size_t close_after_bytes = 0;
  std::size_t piece_bytes = 0;  // 0: the reply in one write
  std::chrono::microseconds piece_delay{0};
  std::uint32_t kbps = 0;  // 0: no bandwidth limit
  std::chrono::milliseconds close_delay{0};

  // Not run, not shaped; answered with these whole RESP bytes instead (a command hook's answer).
  static request_decision canned(std::string resp) {
    request_decision d;
    d.what = outcome::canned;
    d.canned_reply = std::move(resp);
    return d;
  }

  bool runs_command() const {
    return what == outcome::reply || what == outcome::close_after ||
           what == outcome::close_mid_reply;
  }
  bool closes() const {
    return what == outcome::close_before || what == outcome::close_after ||
           what == outcome::close_mid_reply;
  }
  // False when the request goes the ordinary way.
  bool shapes_reply() const {
    return what != outcome::reply || delay.count() > 0 || piece_bytes > 0 || kbps > 0;
  }
};

// Whether a fault acts on requests (every kind but those acting only at accept).
bool acts_on_requests(const fault& f);

class fault_plan {
 public:
  fault_plan(std::uint64_t seed, std::size_t log_limit);

  // The fault must have passed check_fault. Ids start at 1 and are never reused.
  std::uint64_t add(fault f, unix_ms now);
  bool remove(std::uint64_t id);
  std::size_t clear();
  std::vector<fault_entry> list() const;
  bool empty() const { return faults_.empty(); }
  // A refuse:mode=unbound fault is in place: the listener must not listen.
  bool refusing_unbound() const;

  std::uint64_t seed() const { return seed_; }
  void set_seed(std::uint64_t seed) { seed_ = seed; }

  accept_decision on_accept(std::uint64_t connection, std::size_t open_connections, unix_ms now);
  request_decision on_request(std::uint64_t connection, std::uint64_t command_index,
                              std::string_view command, unix_ms now);
  // One fault for one request, whatever its targeting (a command hook's injection); logged with
  // fault id 0. The fault must act on requests.
  request_decision once(const fault& f, std::uint64_t connection, std::uint64_t command_index, unix_ms now);

  const std::deque<fault_event>& log() const { return log_; }
  // Injections since the plan was made, by kind: unlike the log, never rotated.
  const std::map<fault_kind, std::uint64_t>& injected_by_kind() const { return injected_by_kind_; }

 private:
  struct active {
    std::uint64_t id;
    kvmock::fault fault;
    unix_ms added_at;
    std::uint64_t matches = 0;
    std::uint64_t injected = 0;
  };

  // Targeting, then `after`, `times` and `p`; true means inject (and it is logged).
  bool fires(active& candidate, std::uint64_t connection, std::uint64_t command_index,
             std::string_view command, unix_ms now);
  // A number in [0, 1) from (seed, fault, connection, command index, purpose).
  double draw(const active& candidate, std::uint64_t connection, std::uint64_t command_index,
              std::uint64_t purpose) const;
  std::chrono::microseconds latency(const active& candidate, std::uint64_t connection,
                                    std::uint64_t command_index) const;
  void log_event(std::uint64_t id, fault_kind kind, std::uint64_t connection, std::uint64_t command_index,
                 unix_ms now);
  // Adds a request-acting fault to the decision; true if it decides the outcome (the rest of
  // the faults then do not apply).
  bool apply(const active& candidate, std::uint64_t connection, std::uint64_t command_index,
             request_decision& decision) const;

  std::vector<active> faults_;
  std::uint64_t next_id_ = 1;
  std::uint64_t seed_;
  std::size_t log_limit_;
  std::deque<fault_event> log_;
  std::map<fault_kind, std::uint64_t> injected_by_kind_;
};

}  // namespace kvmock

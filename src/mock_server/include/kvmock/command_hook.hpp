#pragma once
// A hook on every command a fake server receives, for tests that script one reply or one fault
// (kvtest's GoogleMock hook is built on it):
//
//   server.set_command_hook([](const kvmock::command_call& call) {
//     if (call.args[0] == "GET" && call.args[1] == "k") return kvmock::hook_action::reply("$-1\r\n");
//     return kvmock::hook_action::run();
//   });
//
// The hook runs on the server's thread with the server's lock held, before the command's
// faults are decided: it must not call the server's own helpers (get, set, stats...), and it
// sees commands of every connection on the main port (not the admin port, not KVMOCK.*). A hook
// that throws fails that command with "-ERR kvmock command hook threw: ...". A canned reply or
// fault replaces the command entirely: a hook answering EXEC or DISCARD itself leaves the
// session's MULTI open, as the command never ran.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kvmock/fault.hpp"

namespace kvmock {

struct command_call {
  std::vector<std::string> args;   // as the client sent them, the command's name first
  std::uint64_t connection = 0;    // from 1, in accept order (as a fault's conn= counts)
  std::uint64_t command_index = 0;  // from 1 on that connection
};

class hook_action {
 public:
  enum class kind { run, reply, fault };

  // The command runs as it would without the hook (the server's faults still apply).
  static hook_action run();
  // The command does not run; the client gets these bytes, which must be whole RESP replies
  // ("+OK\r\n", "$-1\r\n", "-ERR no\r\n"...).
  static hook_action reply(std::string resp);
  // The fault applies to this command alone, whatever its targeting says: latency, error,
  // drop, reset, blackhole, slice, bandwidth or slow_close. Throws std::invalid_argument for a
  // fault that is not valid or acts only when connections are accepted (refuse, max_clients,
  // stall_accept, drop at=accept).
  static hook_action inject(kvmock::fault f);

  kind what() const noexcept { return what_; }
  const std::string& resp() const noexcept { return resp_; }
  const kvmock::fault& injected() const noexcept { return fault_; }
  bool operator==(const hook_action&) const = default;

 private:
  kind what_ = kind::run;
  std::string resp_;
  kvmock::fault fault_;
};

// nullptr: no hook.
using command_hook = std::function<hook_action(const command_call&)>;

}  // namespace kvmock

#include "kvmock/command_hook.hpp"

#include <stdexcept>

#include "fault_plan.hpp"

namespace kvmock {

hook_action hook_action::run() { return {}; }

hook_action hook_action::reply(std::string resp) {
  hook_action action;
  action.what_ = kind::reply;
  action.resp_ = std::move(resp);
  return action;
}

hook_action hook_action::inject(kvmock::fault f) {
  std::string message;
  if (check_fault(f, message)) throw std::invalid_argument("kvmock: hook fault: " + message);
  if (!acts_on_requests(f)) {
    throw std::invalid_argument("kvmock: hook fault '" + to_string(f) +
                                "' acts when connections are accepted, not on a command");
  }
  hook_action action;
  action.what_ = kind::fault;
  action.fault_ = std::move(f);
  return action;
}

}  // namespace kvmock

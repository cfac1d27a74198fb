#include "kvtest/command_hook_mock.hpp"

#include <stdexcept>

namespace kvtest {

mock_command_hook::mock_command_hook(kvmock::server& server) : server_(server) {
  // The oldest expectation, so every one a test sets takes precedence: whatever none of them
  // covers runs normally instead of failing as an unexpected call.
  EXPECT_CALL(*this, on_command(::testing::_)).Times(::testing::AnyNumber());
  server_.set_command_hook([this](const kvmock::command_call& call) { return on_command(call); });
}

mock_command_hook::~mock_command_hook() { server_.set_command_hook(nullptr); }

kvmock::hook_action injected(std::string_view spec) {
  boost::system::error_code ec;
  std::string message;
  auto f = kvmock::parse_fault(spec, ec, message);
  if (!f) throw std::invalid_argument(message);
  return kvmock::hook_action::inject(std::move(*f));
}

}  // namespace kvtest

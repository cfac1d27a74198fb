#pragma once
// A GoogleMock hook on a fake server's commands: expectations on what the code under test sends,
// and actions that script a reply or inject a fault for that one command. A call no expectation
// covers runs normally (the server's in-memory behaviour); a call matching an expectation whose
// actions are used up fails as GoogleMock's do: add .WillRepeatedly(kvtest::RunNormally()) when
// the code may send it again (a retry).
//
// Make the hook, and set its expectations, before the code under test sends commands (GoogleMock
// does not allow setting expectations while another thread calls the mock), and inside the test
// or after the fixture's SetUp: kvtest's fixtures start their server in SetUp.
//
//   kvtest::mock_command_hook hook(server());
//   EXPECT_CALL(hook, on_command(kvtest::IsCommand("GET", "user:1")))
//       .WillOnce(kvtest::ReplyWith("$5\r\nalice\r\n"));
//   EXPECT_CALL(hook, on_command(kvtest::IsCommand("SET", "user:1", _)))
//       .WillOnce(kvtest::Inject("drop"));
//
// The hook is called on the server's thread (GoogleMock is thread-safe); its actions must not
// call the server's helpers (kvmock/command_hook.hpp says why).

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include <gmock/gmock.h>

#include "kvmock/command_hook.hpp"
#include "kvmock/server.hpp"

namespace kvmock {
// How GoogleMock prints a call in its messages: the arguments, the connection and the index.
inline void PrintTo(const command_call& call, std::ostream* os) {
  *os << ::testing::PrintToString(call.args) << " (connection " << call.connection << ", command "
      << call.command_index << ")";
}
}  // namespace kvmock

namespace kvtest {

class mock_command_hook {
 public:
  // Installs itself on the server until destroyed.
  explicit mock_command_hook(kvmock::server& server);
  ~mock_command_hook();
  mock_command_hook(const mock_command_hook&) = delete;
  mock_command_hook& operator=(const mock_command_hook&) = delete;

  MOCK_METHOD(kvmock::hook_action, on_command, (const kvmock::command_call& call));

 private:
  kvmock::server& server_;
};

// A command by its name (any case) and exactly these arguments, each a value or a matcher:
// IsCommand("SET", "k", _) matches SET k <anything> and not SET k v EX 10.
template <typename... Args>
auto IsCommand(std::string name, Args&&... args) {
  return ::testing::Field("args", &kvmock::command_call::args,
                          ::testing::ElementsAre(::testing::StrCaseEq(std::move(name)), std::forward<Args>(args)...));
}

// Actions for on_command.
inline auto RunNormally() { return ::testing::Return(kvmock::hook_action::run()); }
// `resp`: whole RESP replies, e.g. "+OK\r\n", "$-1\r\n", "-LOADING not yet\r\n".
inline auto ReplyWith(std::string resp) { return ::testing::Return(kvmock::hook_action::reply(std::move(resp))); }
// A fault for this command alone, as a fault spec ("drop", "latency:ms=200", "error:reply=BUSY x")
// or a kvmock::fault; throws std::invalid_argument at once if it is not valid.
kvmock::hook_action injected(std::string_view spec);
inline auto Inject(std::string_view spec) { return ::testing::Return(injected(spec)); }
inline auto Inject(kvmock::fault f) { return ::testing::Return(kvmock::hook_action::inject(std::move(f))); }

}  // namespace kvtest

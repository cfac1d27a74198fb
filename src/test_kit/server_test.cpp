#include "kvtest/server_test.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>

#include "kvmock/fault.hpp"

namespace kvtest {
namespace {

long long milliseconds_since_epoch(std::chrono::system_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

kvmock::server_options default_options() {
  kvmock::server_options options;
  options.command_log_limit = 1000;
  return options;
}

void report_if_failed(const kvmock::server& server) {
  if (::testing::Test::HasFailure()) std::printf("%s", describe_server(server).c_str());
}

std::unique_ptr<kvmock::server>& shared() {
  static std::unique_ptr<kvmock::server> instance;
  return instance;
}

}  // namespace

std::string describe_server(const kvmock::server& server, std::size_t commands) {
  std::ostringstream out;
  out << "kvmock server on port " << server.port() << (server.running() ? "" : " (stopped)") << "\n";
  const auto faults = server.fault_log();
  out << "  faults fired: " << faults.size() << "\n";
  for (const kvmock::fault_event& e : faults) {
    out << "    fault " << e.fault_id << " (" << kvmock::to_string(e.kind) << ") on connection " << e.connection
        << ", command " << e.command_index << ", at " << milliseconds_since_epoch(e.at) << " ms\n";
  }
  const auto log = server.command_log();
  const std::size_t shown = std::min(commands, log.size());
  out << "  last " << shown << " of " << log.size() << " commands logged:\n";
  for (std::size_t i = log.size() - shown; i < log.size(); ++i) {
    out << "    connection " << log[i].connection << " #" << log[i].command_index << " " << log[i].name << "\n";
  }
  return out.str();
}

kvmock::server_options server_test::options() const { return default_options(); }

void server_test::SetUp() { server_ = std::make_unique<kvmock::server>(options()); }

void server_test::TearDown() {
  if (server_) report_if_failed(*server_);
  server_.reset();
}

std::string server_test::address() const { return "127.0.0.1:" + std::to_string(server_->port()); }

void shared_server_test::SetUpTestSuite() { shared() = std::make_unique<kvmock::server>(default_options()); }

void shared_server_test::TearDownTestSuite() { shared().reset(); }

void shared_server_test::SetUp() {
  kvmock::server& s = server();
  if (!s.running()) s.restart();
  s.set_command_hook(nullptr);  // a hook left by the previous test may capture its locals
  s.clear_faults();
  s.flush_all();
}

void shared_server_test::TearDown() { report_if_failed(server()); }

kvmock::server& shared_server_test::server() { return *shared(); }

std::string shared_server_test::address() { return "127.0.0.1:" + std::to_string(shared()->port()); }

}  // namespace kvtest

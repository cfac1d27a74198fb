#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "kvmock/server.hpp"

namespace kvmock::cli {
namespace {

// Blocks SIGINT and SIGTERM in every thread, so the main thread can wait for them in order.
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int serve(const kvmock::server_options& options) {
  const sigset_t stop_signals = block_stop_signals();
  kvmock::server server(options);
  const auto endpoint = server.endpoint();
  std::cout << "kvmock listening on " << endpoint.address << ':' << endpoint.port
            << " (seed " << options.seed << ")";
  if (options.admin_port) std::cout << "; admin port " << server.admin_port();
  std::cout << "; stop with Ctrl-C or SIGTERM" << std::endl;
  int received = 0;
  sigwait(&stop_signals, &received);
  server.stop();
  std::cout << "kvmock: stopped by " << (received == SIGINT ? "SIGINT" : "SIGTERM") << std::endl;
  return 0;
}

}  // namespace

// Faults from their specs, or nullopt after saying which one is malformed.
std::optional<std::vector<fault>> parse_faults(const std::vector<std::string>& specs) {
  std::vector<fault> faults;
  for (const auto& spec : specs) {
    boost::system::error_code ec;
    std::string message;
    auto parsed = parse_fault(spec, ec, message);
    if (!parsed) {
      std::cerr << "kvmock: bad --fault '" << spec << "': " << message << std::endl;
      return std::nullopt;
    }
    faults.push_back(*std::move(parsed));
  }
  return faults;
}

void add_serve_command(CLI::App& app, int& exit_code) {
  struct settings {
    server_options options;
    std::vector<std::string> fault_specs;
  };
  auto chosen = std::make_shared<settings>();
  chosen->options.port = 6380;  // beside, not instead of, a real Redis on 6379
  auto* command = app.add_subcommand("serve", "Run the fake server until SIGINT/SIGTERM");
  auto& options = chosen->options;
  command->add_option("--bind", options.bind_address, "Address to listen on")->capture_default_str();
  command->add_option("--port", options.port, "TCP port; 0 picks a free one")->capture_default_str();
  command->add_option("--requirepass", options.requirepass,
                      "Password clients must AUTH with (default: none)");
  command->add_option("--seed", options.seed, "Seed for every random choice")->capture_default_str();
  command->add_option("--admin-port", options.admin_port,
                      "Also serve on this port, which faults never touch; 0 picks a free one");
  command->add_option("--fault", chosen->fault_specs,
                      "A fault, KIND[:KEY=VALUE,...]; repeatable, applied in order")
      ->take_all();
  command->callback([chosen, &exit_code] {
    auto faults = parse_faults(chosen->fault_specs);
    if (!faults) {
      exit_code = 2;
      return;
    }
    chosen->options.faults = std::move(*faults);
    try {
      exit_code = serve(chosen->options);
    } catch (const std::exception& e) {
      std::cerr << "kvmock: cannot serve on " << chosen->options.bind_address << ':'
                << chosen->options.port << ": " << e.what() << " (is the port taken? try --port 0)"
                << std::endl;
      exit_code = 1;
    }
  });
}

}  // namespace kvmock::cli

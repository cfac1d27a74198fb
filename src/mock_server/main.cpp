// kvmock: the fake server as a standalone process, for clients in any language.

#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "kvmock/server.hpp"

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

int main(int argc, char** argv) {
  CLI::App app{"kvmock: an in-process fake Redis-compatible server for testing connection pools"};
  app.require_subcommand(1);

  kvmock::server_options options;
  options.port = 6380;  // beside, not instead of, a real Redis on 6379
  auto* serve_command = app.add_subcommand("serve", "Run the fake server until SIGINT/SIGTERM");
  serve_command->add_option("--bind", options.bind_address, "Address to listen on")
      ->capture_default_str();
  serve_command->add_option("--port", options.port, "TCP port; 0 picks a free one")
      ->capture_default_str();
  serve_command->add_option("--requirepass", options.requirepass,
                            "Password clients must AUTH with (default: none)");
  serve_command->add_option("--seed", options.seed, "Seed for every random choice")
      ->capture_default_str();
  serve_command->add_option("--admin-port", options.admin_port,
                            "Also serve on this port, which faults never touch; 0 picks a free one");
  std::vector<std::string> fault_specs;
  serve_command->add_option("--fault", fault_specs,
                            "A fault, KIND[:KEY=VALUE,...]; repeatable, applied in order")
      ->take_all();

  CLI11_PARSE(app, argc, argv);
  for (const auto& spec : fault_specs) {
    boost::system::error_code ec;
    std::string message;
    auto parsed = kvmock::parse_fault(spec, ec, message);
    if (!parsed) {
      std::cerr << "kvmock: bad --fault '" << spec << "': " << message << std::endl;
      return 2;
    }
    options.faults.push_back(*std::move(parsed));
  }
  try {
    return serve(options);
  } catch (const std::exception& e) {
    std::cerr << "kvmock: cannot serve on " << options.bind_address << ':' << options.port << ": "
              << e.what() << " (is the port taken? try --port 0)" << std::endl;
    return 1;
  }
}

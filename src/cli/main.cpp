// kvmock: the fake server as a standalone process (serve), and the pool run against it under
// faults with its invariants checked (storm).

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"kvmock: an in-process fake Redis-compatible server for testing connection pools"};
  app.require_subcommand(1);
  int exit_code = 0;
  kvmock::cli::add_serve_command(app, exit_code);
  kvmock::cli::add_storm_command(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}

#pragma once
// The subcommands of the kvmock tool. Each adds itself to the app; when chosen, its callback runs
// and sets the process's exit code.

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "kvmock/fault.hpp"

namespace kvmock::cli {

// Faults from their specs (--fault), or nullopt after saying on stderr which one is malformed.
std::optional<std::vector<fault>> parse_faults(const std::vector<std::string>& specs);

// kvmock serve: the fake server as a standalone process, for clients in any language.
void add_serve_command(CLI::App& app, int& exit_code);
// kvmock storm: kv_pool against the in-process server under faults, with a report.
void add_storm_command(CLI::App& app, int& exit_code);

}  // namespace kvmock::cli

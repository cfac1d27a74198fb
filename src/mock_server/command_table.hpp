#pragma once
// Every command the fake server knows, gathered from the groups, sorted by name (the order
// COMMAND lists them in), and looked up without case: every request looks its command up.

#include <span>
#include <string_view>

#include "command_spec.hpp"

namespace kvmock {

// nullptr when unknown.
const command_spec* find_command(std::string_view name);
const command_spec* find_subcommand(const command_spec& container, std::string_view name);
std::span<const command_spec> all_commands();

}  // namespace kvmock

#pragma once
// The commands the fake server knows: name, arity, flags, handler and the documentation that
// COMMAND and COMMAND DOCS report.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "keyspace.hpp"

namespace kvmock {

class server_core;
struct session;

struct command_context {
  server_core& core;
  session& client;
  std::span<const std::string_view> argv;
  std::string& out;
  unix_ms now;
};

using command_handler = void (*)(command_context&);

namespace command_flag {
inline constexpr std::uint32_t write = 1u << 0;
inline constexpr std::uint32_t readonly = 1u << 1;
inline constexpr std::uint32_t fast = 1u << 2;
inline constexpr std::uint32_t no_auth = 1u << 3;   // allowed before AUTH
inline constexpr std::uint32_t not_queued = 1u << 4;  // runs at once inside MULTI
inline constexpr std::uint32_t admin = 1u << 5;
}  // namespace command_flag

struct command_spec {
  std::string_view name;       // lower case; "setname" for a subcommand
  std::string_view full_name;  // "get", "client|setname": what errors quote
  int arity;                   // Redis convention: -N means at least N
  std::uint32_t flags;
  command_handler handler;     // null for a container that needs a subcommand
  int first_key = 0;
  int last_key = 0;
  int key_step = 0;
  std::string_view group;
  std::string_view since;
  std::string_view summary;
  std::string_view complexity;
  std::span<const command_spec> subcommands = {};
};

// Case-insensitive look-ups; nullptr when unknown.
const command_spec* find_command(std::string_view name);
const command_spec* find_subcommand(const command_spec& container, std::string_view name);
std::span<const command_spec> all_commands();

bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace kvmock

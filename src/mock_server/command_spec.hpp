#pragma once
// A command as the fake server knows it: name, arity, flags, handler, key positions and the
// documentation COMMAND reports. Each group of commands lists its own, in its own file
// (commands_<group>.cpp), with named fields, so that a command is one edit:
//
//   {.name = "get", .arity = 2, .flags = readonly | fast, .handler = get, .keys = one_key,
//    .since = "1.0.0", .summary = "Returns the string value of a key.", .complexity = "O(1)"}
//
// A handler replies through ctx.reply, in the client's protocol, with the error texts of
// errors.hpp.

#include <cstdint>
#include <span>
#include <string_view>

#include "keyspace.hpp"
#include "reply_writer.hpp"

namespace kvmock {

class server_core;
struct session;

struct command_context {
  server_core& core;
  session& client;
  std::span<const std::string_view> argv;
  reply_writer reply;
  unix_ms now;
};

using command_handler = void (*)(command_context&);

namespace command_flag {
inline constexpr std::uint32_t write = 1u << 0;
inline constexpr std::uint32_t readonly = 1u << 1;
inline constexpr std::uint32_t fast = 1u << 2;
inline constexpr std::uint32_t no_auth = 1u << 3;     // allowed before AUTH
inline constexpr std::uint32_t not_queued = 1u << 4;  // runs at once inside MULTI
inline constexpr std::uint32_t admin = 1u << 5;
inline constexpr std::uint32_t debug_only = 1u << 6;  // refused unless enable-debug-command allows it
// Allowed on a RESP2 connection in pub/sub mode: the (un)subscribe commands, PING, QUIT, RESET.
inline constexpr std::uint32_t subscribed_ok = 1u << 7;
// Refused to redis.call: blocking, pub/sub, transactions, scripting, connection commands.
inline constexpr std::uint32_t no_script = 1u << 8;
// Runs while a script is busy (past busy-reply-threshold); the others are answered BUSY.
inline constexpr std::uint32_t allow_busy = 1u << 9;
}  // namespace command_flag

// Where a command's keys are in its arguments, as COMMAND INFO reports them (Redis's legacy
// key specs): the first, the last (-1: the last argument) and the step between them.
struct key_positions {
  int first = 0;
  int last = 0;
  int step = 0;
};
inline constexpr key_positions no_keys{};
inline constexpr key_positions one_key{1, 1, 1};
inline constexpr key_positions every_key{1, -1, 1};  // DEL k1 k2 ...
inline constexpr key_positions two_keys{1, 2, 1};    // RENAME from to

struct command_spec {
  std::string_view name;  // lower case; "setname" for a subcommand
  int arity = 0;          // Redis's convention: -N means at least N
  std::uint32_t flags = 0;
  command_handler handler = nullptr;  // null for a container that needs a subcommand
  key_positions keys = no_keys;
  std::string_view since;
  std::string_view summary;
  std::string_view complexity;
  std::span<const command_spec> subcommands = {};
  // Filled in by the command table: the group, and the name errors quote ("client|setname").
  std::string_view group = {};
  std::string_view full_name = {};
};

// The commands of one of Redis's groups ("string", "sorted-set"...), in any order.
struct command_group {
  std::string_view name;
  std::span<const command_spec> commands;
};

}  // namespace kvmock

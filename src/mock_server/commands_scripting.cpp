// Scripting: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (LOAD, EXISTS, FLUSH, KILL, HELP), on
// script_runner. A script runs atomically: past busy-reply-threshold the other clients are only
// answered BUSY, or served the allow-busy commands (server_core::interrupt_script).

#include "command_groups.hpp"
#include "command_support.hpp"
#include "server_core.hpp"
#include "kvresp/integer.hpp"

namespace kvmock::commands {
namespace {

// EVAL's numkeys (an integer, else Redis's integer error); the keys and arguments that follow.
bool split_keys(command_context& ctx, std::span<const std::string_view>& keys,
                std::span<const std::string_view>& args) {
  long long numkeys = 0;
  return parse_integer_or_reply(ctx, ctx.argv[2], numkeys) && split_script_keys_or_reply(ctx, numkeys, keys, args);
}

void eval_body(command_context& ctx, bool read_only) {
  std::span<const std::string_view> keys, args;
  if (!split_keys(ctx, keys, args)) return;
  std::string error;
  const std::string sha = ctx.core.scripts().load(ctx.argv[1], error);
  if (sha.empty()) return ctx.reply.error(error);
  ctx.core.scripts().run(ctx, sha, keys, args, read_only);
}

void eval_sha(command_context& ctx, bool read_only) {
  std::span<const std::string_view> keys, args;
  if (!split_keys(ctx, keys, args)) return;
  if (!ctx.core.scripts().exists(ctx.argv[1])) return ctx.reply.error(errors::no_script);
  ctx.core.scripts().run(ctx, ctx.argv[1], keys, args, read_only);
}

void eval(command_context& ctx) { eval_body(ctx, false); }
void eval_ro(command_context& ctx) { eval_body(ctx, true); }
void evalsha(command_context& ctx) { eval_sha(ctx, false); }
void evalsha_ro(command_context& ctx) { eval_sha(ctx, true); }

void script_load(command_context& ctx) {
  std::string error;
  const std::string sha = ctx.core.scripts().load(ctx.argv[2], error);
  if (sha.empty()) return ctx.reply.error(error);
  ctx.reply.bulk(sha);
}

void script_exists(command_context& ctx) {
  ctx.reply.array(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) ctx.reply.integer(ctx.core.scripts().exists(ctx.argv[i]) ? 1 : 0);
}

void script_flush(command_context& ctx) {
  if (ctx.argv.size() > 3 ||
      (ctx.argv.size() == 3 && !equals_ignore_case(ctx.argv[2], "sync") && !equals_ignore_case(ctx.argv[2], "async"))) {
    return ctx.reply.error(errors::script_flush_mode);
  }
  ctx.core.scripts().flush();
  ctx.reply.ok();
}

// Answered while a script is busy (another client's command meanwhile).
void script_kill(command_context& ctx) { kill_script_or_reply(ctx, true); }

void script_help(command_context& ctx) {
  static constexpr std::string_view lines[] = {
      "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "DEBUG (YES|SYNC|NO)",
      "    Set the debug mode for subsequent scripts executed.",
      "EXISTS <sha1> [<sha1> ...]",
      "    Return information about the existence of the scripts in the script cache.",
      "FLUSH [ASYNC|SYNC]",
      "    Flush the Lua scripts cache. Very dangerous on replicas.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the scripts cache.",
      "    * SYNC: Synchronously flush the scripts cache.",
      "KILL",
      "    Kill the currently executing Lua script.",
      "LOAD <script>",
      "    Load a script into the scripts cache without executing it.",
      "HELP",
      "    Prints this help.",
  };
  reply_help(ctx, lines);
}

using namespace command_flag;

constexpr command_spec script_subcommands[] = {
    {.name = "exists", .arity = -3, .flags = no_script, .handler = script_exists, .since = "2.6.0",
     .summary = "Determines whether server-side Lua scripts exist in the script cache.",
     .complexity = "O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation)."},
    {.name = "flush", .arity = -2, .flags = no_script, .handler = script_flush, .since = "2.6.0",
     .summary = "Removes all server-side Lua scripts from the script cache.",
     .complexity = "O(N) with N being the number of scripts in cache"},
    {.name = "help", .arity = 2, .flags = no_script, .handler = script_help, .since = "5.0.0",
     .summary = "Returns helpful text about the different subcommands.",
     .complexity = "O(1)"},
    {.name = "kill", .arity = 2, .flags = no_script | allow_busy, .handler = script_kill, .since = "2.6.0",
     .summary = "Terminates a server-side Lua script during execution.",
     .complexity = "O(1)"},
    {.name = "load", .arity = 3, .flags = no_script, .handler = script_load, .since = "2.6.0",
     .summary = "Loads a server-side Lua script to the script cache.",
     .complexity = "O(N) with N being the length in bytes of the script body."},
};

constexpr command_spec scripting_command_specs[] = {
    {.name = "eval", .arity = -3, .flags = no_script, .handler = eval, .keys = no_keys, .since = "2.6.0",
     .summary = "Executes a server-side Lua script.",
     .complexity = "Depends on the script that is executed."},
    {.name = "eval_ro", .arity = -3, .flags = no_script | readonly, .handler = eval_ro, .keys = no_keys,
     .since = "7.0.0",
     .summary = "Executes a read-only server-side Lua script.",
     .complexity = "Depends on the script that is executed."},
    {.name = "evalsha", .arity = -3, .flags = no_script, .handler = evalsha, .keys = no_keys, .since = "2.6.0",
     .summary = "Executes a server-side Lua script by SHA1 digest.",
     .complexity = "Depends on the script that is executed."},
    {.name = "evalsha_ro", .arity = -3, .flags = no_script | readonly, .handler = evalsha_ro, .keys = no_keys,
     .since = "7.0.0",
     .summary = "Executes a read-only server-side Lua script by SHA1 digest.",
     .complexity = "Depends on the script that is executed."},
    {.name = "script", .arity = -2, .since = "2.6.0",
     .summary = "A container for Lua scripts management commands.",
     .complexity = "Depends on subcommand.",
     .subcommands = script_subcommands},
};

}  // namespace

command_group scripting_commands() { return {"scripting", scripting_command_specs}; }

}  // namespace kvmock::commands

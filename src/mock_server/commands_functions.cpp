// Functions (the scripting group): FCALL, FCALL_RO and FUNCTION (LOAD, LIST, DELETE, FLUSH,
// DUMP, RESTORE, STATS, KILL, HELP), on script_runner's libraries. A library's code is its whole
// state, so RESTORE rolls back by loading the libraries it had again.

#include <map>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "glob.hpp"
#include "kvresp/integer.hpp"
#include "rdb_payload.hpp"
#include "server_core.hpp"

namespace kvmock::commands {
namespace {

void fcall_generic(command_context& ctx, bool read_only) {
  const auto* function = ctx.core.scripts().find_function(ctx.argv[1]);
  if (function == nullptr) return ctx.reply.error(errors::function_not_found);
  long long numkeys = 0;
  if (!kvresp::parse_integer(ctx.argv[2], numkeys)) return ctx.reply.error(errors::bad_number_of_keys);
  std::span<const std::string_view> keys, args;
  if (!split_script_keys_or_reply(ctx, numkeys, keys, args)) return;
  if (read_only && !function->no_writes) return ctx.reply.error(errors::fcall_ro_with_writes);
  ctx.core.scripts().call_function(ctx, *function, keys, args, read_only);
}

void fcall(command_context& ctx) { fcall_generic(ctx, false); }
void fcall_ro(command_context& ctx) { fcall_generic(ctx, true); }

void function_load(command_context& ctx) {
  bool replace = false;
  for (std::size_t i = 2; i + 1 < ctx.argv.size(); ++i) {
    if (!equals_ignore_case(ctx.argv[i], "replace")) return ctx.reply.error(errors::function_unknown_option(ctx.argv[i]));
    replace = true;
  }
  std::string error;
  const std::string name = ctx.core.scripts().load_library(ctx.argv.back(), replace, error);
  if (name.empty()) return ctx.reply.error(error);
  ctx.reply.bulk(name);
}

void function_list(command_context& ctx) {
  bool with_code = false;
  std::optional<std::string_view> pattern;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    if (!with_code && equals_ignore_case(ctx.argv[i], "withcode")) {
      with_code = true;
    } else if (!pattern && equals_ignore_case(ctx.argv[i], "libraryname")) {
      if (i + 1 == ctx.argv.size()) return ctx.reply.error(errors::function_list_no_library_name);
      pattern = ctx.argv[++i];
    } else {
      return ctx.reply.error(errors::function_list_unknown_argument(ctx.argv[i]));
    }
  }
  const auto& scripts = ctx.core.scripts();
  std::vector<const std::pair<const std::string, script_runner::library_entry>*> listed;
  for (const auto& library : scripts.libraries()) {
    if (!pattern || glob_match(*pattern, library.first, true)) listed.push_back(&library);
  }
  ctx.reply.array(listed.size());
  for (const auto* library : listed) {
    ctx.reply.map(with_code ? 4 : 3);
    ctx.reply.bulk("library_name");
    ctx.reply.bulk(library->first);
    ctx.reply.bulk("engine");
    ctx.reply.bulk("LUA");
    ctx.reply.bulk("functions");
    ctx.reply.array(library->second.functions.size());
    for (const auto& name : library->second.functions) {
      const auto* function = scripts.find_function(name);
      ctx.reply.map(3);
      ctx.reply.bulk("name");
      ctx.reply.bulk(function->name);
      ctx.reply.bulk("description");
      if (function->description) {
        ctx.reply.bulk(*function->description);
      } else {
        ctx.reply.null();
      }
      ctx.reply.bulk("flags");
      ctx.reply.set(function->flags.size());
      for (const auto& flag : function->flags) ctx.reply.status(flag);
    }
    if (with_code) {
      ctx.reply.bulk("library_code");
      ctx.reply.bulk(library->second.code);
    }
  }
}

void function_delete(command_context& ctx) {
  if (!ctx.core.scripts().delete_library(ctx.argv[2])) return ctx.reply.error(errors::library_not_found);
  ctx.reply.ok();
}

void function_flush(command_context& ctx) {
  if (ctx.argv.size() > 3) return ctx.reply.error(errors::unknown_subcommand_or_arity(ctx.argv[1], "function"));
  if (ctx.argv.size() == 3 && !equals_ignore_case(ctx.argv[2], "sync") && !equals_ignore_case(ctx.argv[2], "async")) {
    return ctx.reply.error(errors::function_flush_mode);
  }
  ctx.core.scripts().flush_libraries();
  ctx.reply.ok();
}

// Answered while a function is busy (another client's command meanwhile).
void function_kill(command_context& ctx) { kill_script_or_reply(ctx, false); }

void function_stats(command_context& ctx) {
  const auto* running = ctx.core.scripts().running();
  if (running != nullptr && running->eval) {
    ctx.reply.error(errors::busy_script);
    return;
  }
  ctx.reply.map(2);
  ctx.reply.bulk("running_script");
  if (running == nullptr) {
    ctx.reply.null();
  } else {
    ctx.reply.map(3);
    ctx.reply.bulk("name");
    ctx.reply.bulk(running->name);
    ctx.reply.bulk("command");
    ctx.reply.array(running->command.size());
    for (const auto argument : running->command) ctx.reply.bulk(argument);
    ctx.reply.bulk("duration_ms");
    const auto elapsed = std::chrono::steady_clock::now() - running->started;
    ctx.reply.integer(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
  }
  ctx.reply.bulk("engines");
  ctx.reply.map(1);
  ctx.reply.bulk("LUA");
  ctx.reply.map(2);
  ctx.reply.bulk("libraries_count");
  ctx.reply.integer(static_cast<long long>(ctx.core.scripts().libraries().size()));
  ctx.reply.bulk("functions_count");
  ctx.reply.integer(static_cast<long long>(ctx.core.scripts().function_count()));
}

std::vector<std::string> library_codes(const script_runner& scripts) {
  std::vector<std::string> codes;
  for (const auto& [name, library] : scripts.libraries()) codes.push_back(library.code);
  return codes;
}

void function_dump(command_context& ctx) {
  ctx.reply.bulk(functions_payload(library_codes(ctx.core.scripts()), limits(ctx)));
}

// FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]: the payload's libraries load on their own
// first (a library twice fails), then beside the ones kept; any failure leaves them as they were.
void function_restore(command_context& ctx) {
  if (ctx.argv.size() > 4) return ctx.reply.error(errors::unknown_subcommand_or_arity(ctx.argv[1], "function"));
  enum class policy { flush, append, replace } how = policy::append;
  if (ctx.argv.size() == 4) {
    if (equals_ignore_case(ctx.argv[3], "flush")) {
      how = policy::flush;
    } else if (equals_ignore_case(ctx.argv[3], "replace")) {
      how = policy::replace;
    } else if (!equals_ignore_case(ctx.argv[3], "append")) {
      return ctx.reply.error(errors::function_restore_policy);
    }
  }
  std::string error;
  const auto codes = read_functions_payload(ctx.argv[2], error);
  if (!codes) return ctx.reply.error(error);
  auto& scripts = ctx.core.scripts();
  std::map<std::string, std::string> before;
  for (const auto& [name, library] : scripts.libraries()) before.emplace(name, library.code);
  const auto roll_back = [&](const std::string& why) {
    scripts.flush_libraries();
    std::string ignored;
    for (const auto& [name, code] : before) scripts.load_library(code, false, ignored);
    ctx.reply.error(why);
  };
  scripts.flush_libraries();
  for (const auto& code : *codes) {
    if (scripts.load_library(code, false, error).empty()) return roll_back(error);
  }
  if (how != policy::flush) {
    for (const auto& [name, code] : before) {
      if (scripts.libraries().contains(name)) {
        if (how == policy::append) return roll_back(errors::library_exists_unquoted(name));
        continue;  // REPLACE: the restored one stays
      }
      if (scripts.load_library(code, false, error).empty()) return roll_back(error);
    }
  }
  ctx.reply.ok();
}

void function_help(command_context& ctx) {
  static constexpr std::string_view lines[] = {
      "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "LOAD [REPLACE] <FUNCTION CODE>",
      "    Create a new library with the given library name and code.",
      "DELETE <LIBRARY NAME>",
      "    Delete the given library.",
      "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
      "    Return general information on all the libraries:",
      "    * Library name",
      "    * The engine used to run the Library",
      "    * Library description",
      "    * Functions list",
      "    * Library code (if WITHCODE is given)",
      "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
      "STATS",
      "    Return information about the current function running:",
      "    * Function name",
      "    * Command used to run the function",
      "    * Duration in MS that the function is running",
      "    If no function is running, return nil",
      "    In addition, returns a list of available engines.",
      "KILL",
      "    Kill the current running function.",
      "FLUSH [ASYNC|SYNC]",
      "    Delete all the libraries.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the libraries.",
      "    * SYNC: Synchronously flush the libraries.",
      "DUMP",
      "    Return a serialized payload representing the current libraries, can be restored using FUNCTION "
      "RESTORE command",
      "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
      "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
      "    control how to handle existing libraries (default APPEND):",
      "    * FLUSH: delete all existing libraries.",
      "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
      "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
      "      libraries with the new libraries (notice that even on this option there is a chance of failure",
      "      in case of functions name collision with another library).",
      "HELP",
      "    Prints this help.",
  };
  reply_help(ctx, lines);
}

using namespace command_flag;

constexpr command_spec function_subcommands[] = {
    {.name = "delete", .arity = 3, .flags = write | no_script, .handler = function_delete, .since = "7.0.0",
     .summary = "Deletes a library and its functions.", .complexity = "O(1)"},
    {.name = "dump", .arity = 2, .flags = no_script, .handler = function_dump, .since = "7.0.0",
     .summary = "Dumps all libraries into a serialized binary payload.",
     .complexity = "O(N) where N is the number of functions"},
    {.name = "flush", .arity = -2, .flags = write | no_script, .handler = function_flush, .since = "7.0.0",
     .summary = "Deletes all libraries and functions.", .complexity = "O(N) where N is the number of functions deleted"},
    {.name = "help", .arity = 2, .flags = 0, .handler = function_help, .since = "7.0.0",
     .summary = "Returns helpful text about the different subcommands.", .complexity = "O(1)"},
    {.name = "kill", .arity = 2, .flags = no_script | allow_busy, .handler = function_kill, .since = "7.0.0",
     .summary = "Terminates a function during execution.", .complexity = "O(1)"},
    {.name = "list", .arity = -2, .flags = no_script, .handler = function_list, .since = "7.0.0",
     .summary = "Returns information about all libraries.",
     .complexity = "O(N) where N is the number of functions"},
    {.name = "load", .arity = -3, .flags = write | no_script, .handler = function_load, .since = "7.0.0",
     .summary = "Creates a library.",
     .complexity = "O(1) (considering compilation time is redundant)"},
    {.name = "restore", .arity = -3, .flags = write | no_script, .handler = function_restore, .since = "7.0.0",
     .summary = "Restores all libraries from a payload.",
     .complexity = "O(N) where N is the number of functions on the payload"},
    {.name = "stats", .arity = 2, .flags = no_script | allow_busy, .handler = function_stats, .since = "7.0.0",
     .summary = "Returns information about a function during execution.", .complexity = "O(1)"},
};

constexpr command_spec function_command_specs[] = {
    {.name = "fcall", .arity = -3, .flags = no_script, .handler = fcall, .keys = no_keys, .since = "7.0.0",
     .summary = "Invokes a function.", .complexity = "Depends on the function that is executed."},
    {.name = "fcall_ro", .arity = -3, .flags = no_script | readonly, .handler = fcall_ro, .keys = no_keys,
     .since = "7.0.0", .summary = "Invokes a read-only function.",
     .complexity = "Depends on the function that is executed."},
    {.name = "function", .arity = -2, .since = "7.0.0", .summary = "A container for function commands.",
     .complexity = "Depends on subcommand.", .subcommands = function_subcommands},
};

}  // namespace

command_group function_commands() { return {"scripting", function_command_specs}; }

}  // namespace kvmock::commands

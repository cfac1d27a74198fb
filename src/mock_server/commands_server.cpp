// Server commands: INFO, CONFIG (GET, SET, RESETSTAT, REWRITE), COMMAND and its subcommands,
// DBSIZE, FLUSHDB, FLUSHALL.

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

#include <chrono>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "command_table.hpp"
#include "glob.hpp"
#include "server_core.hpp"
#include "kvresp/integer.hpp"

namespace kvmock::commands {
namespace {

using field = std::pair<std::string_view, std::string>;

struct info_section {
  std::string_view name;
  bool in_default;
  std::vector<field> (*fields)(server_core&, unix_ms now);
};

std::vector<field> server_fields(server_core& server, unix_ms now) {
  const auto uptime = (now - server.started_at()) / 1000;
  return {{"redis_version", "7.0.15"},
          {"redis_git_sha1", "00000000"},
          {"redis_git_dirty", "0"},
          {"redis_build_id", "kvmock"},
          {"redis_mode", "standalone"},
          {"os", "Linux"},
          {"arch_bits", "64"},
          {"multiplexing_api", "epoll"},
          {"process_id", std::to_string(::getpid())},
          {"run_id", std::string(server.run_id())},
          {"tcp_port", std::to_string(server.port())},
          {"server_time_usec", std::to_string(now * 1000)},
          {"uptime_in_seconds", std::to_string(uptime)},
          {"uptime_in_days", std::to_string(uptime / 86400)},
          {"executable", "kvmock"},
          {"config_file", ""}};
}

std::vector<field> clients_fields(server_core& server, unix_ms) {
  return {{"connected_clients", std::to_string(server.stats().open_connections)},
          {"maxclients", server.config().value("maxclients")},
          {"blocked_clients", std::to_string(server.blocking().size())}};
}

std::vector<field> memory_fields(server_core& server, unix_ms) {
  return {{"maxmemory", server.config().value("maxmemory")},
          {"maxmemory_policy", server.config().value("maxmemory-policy")}};
}

std::vector<field> persistence_fields(server_core&, unix_ms) {
  return {{"loading", "0"}, {"rdb_changes_since_last_save", "0"}, {"aof_enabled", "0"}};
}

std::vector<field> stats_fields(server_core& server, unix_ms) {
  const auto& now = server.stats();
  const auto& since = server.info_baseline();
  return {{"total_connections_received", std::to_string(now.accepted_connections - since.accepted_connections)},
          {"total_commands_processed", std::to_string(now.commands_processed - since.commands_processed)},
          {"rejected_connections", std::to_string(now.refused_connections - since.refused_connections)},
          {"pubsub_channels", std::to_string(server.pubsub().active(subscription_kind::channel, std::nullopt).size())},
          {"pubsub_patterns", std::to_string(server.pubsub().pattern_count())}};
}

std::vector<field> replication_fields(server_core&, unix_ms) {
  return {{"role", "master"}, {"connected_slaves", "0"}};
}

std::vector<field> cpu_fields(server_core&, unix_ms) {
  rusage self{}, children{};
  ::getrusage(RUSAGE_SELF, &self);
  ::getrusage(RUSAGE_CHILDREN, &children);
  const auto seconds = [](const timeval& t) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", static_cast<double>(t.tv_sec) + t.tv_usec / 1e6);
    return std::string(text);
  };
  return {{"used_cpu_sys", seconds(self.ru_stime)},
          {"used_cpu_user", seconds(self.ru_utime)},
          {"used_cpu_sys_children", seconds(children.ru_stime)},
          {"used_cpu_user_children", seconds(children.ru_utime)}};
}

std::vector<field> no_fields(server_core&, unix_ms) { return {}; }

std::vector<field> cluster_fields(server_core&, unix_ms) { return {{"cluster_enabled", "0"}}; }

std::vector<field> keyspace_fields(server_core& server, unix_ms now) {
  static constexpr std::string_view names[database_count] = {
      "db0", "db1", "db2",  "db3",  "db4",  "db5",  "db6",  "db7",
      "db8", "db9", "db10", "db11", "db12", "db13", "db14", "db15"};
  std::vector<field> fields;
  for (int db = 0; db < database_count; ++db) {
    const auto keys = server.data().size(db, now);
    if (keys == 0) continue;
    fields.emplace_back(names[db], "keys=" + std::to_string(keys) + ",expires=" +
                                       std::to_string(server.data().expiring(db, now)) +
                                       ",avg_ttl=0");
  }
  return fields;
}

constexpr info_section info_sections[] = {
    {"Server", true, server_fields},           {"Clients", true, clients_fields},
    {"Memory", true, memory_fields},           {"Persistence", true, persistence_fields},
    {"Stats", true, stats_fields},             {"Replication", true, replication_fields},
    {"CPU", true, cpu_fields},                 {"Modules", true, no_fields},
    {"Errorstats", true, no_fields},           {"Cluster", true, cluster_fields},
    {"Keyspace", true, keyspace_fields},
};

std::string_view acl_category(std::string_view group) {
  if (group == "string") return "@string";
  if (group == "generic") return "@keyspace";
  if (group == "transactions") return "@transaction";
  if (group == "connection") return "@connection";
  if (group == "hash") return "@hash";
  if (group == "list") return "@list";
  if (group == "set") return "@set";
  if (group == "sorted-set") return "@sortedset";
  if (group == "bitmap") return "@bitmap";
  if (group == "hyperloglog") return "@hyperloglog";
  if (group == "geo") return "@geo";
  return "@admin";
}

// Flags, categories, tips and key specs are sets in RESP3, as Redis 7.0 sends them.
void append_command_info(command_context& ctx, const command_spec& spec) {
  ctx.reply.array(10);
  ctx.reply.bulk(spec.full_name);
  ctx.reply.integer(spec.arity);
  std::vector<std::string_view> flags;
  if (spec.flags & command_flag::write) flags.push_back("write");
  if (spec.flags & command_flag::readonly) flags.push_back("readonly");
  if (spec.flags & command_flag::admin) flags.push_back("admin");
  if (spec.flags & command_flag::no_auth) flags.push_back("no_auth");
  if (spec.flags & command_flag::fast) flags.push_back("fast");
  if (spec.flags & command_flag::allow_busy) flags.push_back("allow_busy");
  ctx.reply.set(flags.size());
  for (const auto flag : flags) ctx.reply.status(flag);
  ctx.reply.integer(spec.keys.first);
  ctx.reply.integer(spec.keys.last);
  ctx.reply.integer(spec.keys.step);
  std::vector<std::string_view> categories;
  if (spec.flags & command_flag::write) categories.push_back("@write");
  if (spec.flags & command_flag::readonly) categories.push_back("@read");
  if (spec.flags & command_flag::fast) categories.push_back("@fast");
  categories.push_back(acl_category(spec.group));
  ctx.reply.set(categories.size());
  for (const auto category : categories) ctx.reply.status(category);
  ctx.reply.set(0);  // tips
  ctx.reply.set(0);  // key specs
  // An array of subcommands, but an empty set when there are none, as Redis 7.0 sends it.
  if (spec.subcommands.empty()) {
    ctx.reply.set(0);
  } else {
    ctx.reply.array(spec.subcommands.size());
  }
  for (const auto& sub : spec.subcommands) append_command_info(ctx, sub);
}

// A map of the command's documentation (an array of its pairs in RESP2), as COMMAND DOCS sends.
void append_command_docs(command_context& ctx, const command_spec& spec) {
  const bool container = !spec.subcommands.empty();
  ctx.reply.map(container ? 5 : 4);
  ctx.reply.bulk("summary");
  ctx.reply.bulk(spec.summary);
  ctx.reply.bulk("since");
  ctx.reply.bulk(spec.since);
  ctx.reply.bulk("group");
  ctx.reply.bulk(spec.group);
  ctx.reply.bulk("complexity");
  ctx.reply.bulk(spec.complexity);
  if (container) {
    ctx.reply.bulk("subcommands");
    ctx.reply.map(spec.subcommands.size());
    for (const auto& sub : spec.subcommands) {
      ctx.reply.bulk(sub.full_name);
      append_command_docs(ctx, sub);
    }
  }
}

// FLUSHDB and FLUSHALL take an optional SYNC or ASYNC; both flush at once here.
bool flush_mode_valid(command_context& ctx) {
  if (ctx.argv.size() > 2 || (ctx.argv.size() == 2 && !equals_ignore_case(ctx.argv[1], "sync") &&
                              !equals_ignore_case(ctx.argv[1], "async"))) {
    ctx.reply.error(errors::syntax);
    return false;
  }
  return true;
}


void info(command_context& ctx) {
  // No argument or "default": the default sections; "all"/"everything": every section.
  const auto wanted = [&](const info_section& section) {
    if (ctx.argv.size() == 1) return section.in_default;
    for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
      const auto arg = ctx.argv[i];
      if (equals_ignore_case(arg, "all") || equals_ignore_case(arg, "everything")) return true;
      if (equals_ignore_case(arg, "default") && section.in_default) return true;
      if (equals_ignore_case(arg, section.name)) return true;
    }
    return false;
  };
  std::string text;
  for (const auto& section : info_sections) {
    if (!wanted(section)) continue;
    if (!text.empty()) text += "\r\n";
    text += "# ";
    text += section.name;
    text += "\r\n";
    for (const auto& [name, value] : section.fields(ctx.core, ctx.now)) {
      text += name;
      text += ':';
      text += value;
      text += "\r\n";
    }
  }
  ctx.reply.verbatim(text);
}

// Name and value pairs: a map in RESP3.
void config_get(command_context& ctx) {
  const auto found = ctx.core.config().get(ctx.argv.subspan(2));
  ctx.reply.map(found.size());
  for (const auto& [name, value] : found) {
    ctx.reply.bulk(name);
    ctx.reply.bulk(value);
  }
}

void config_set(command_context& ctx) {
  const std::string error = ctx.core.config().set(ctx.argv.subspan(2));
  if (!error.empty()) return ctx.reply.error(error);
  ctx.core.apply_config();
  ctx.reply.ok();
}

void config_resetstat(command_context& ctx) {
  ctx.core.reset_info_stats();
  ctx.reply.ok();
}

void config_rewrite(command_context& ctx) { ctx.reply.error(errors::no_config_file); }

void config_help(command_context& ctx) {
  constexpr std::string_view lines[] = {
      "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GET <pattern>",
      "    Return parameters matching the glob-like <pattern> and their values.",
      "SET <directive> <value>",
      "    Set the configuration <directive> to <value>.",
      "RESETSTAT",
      "    Reset statistics reported by the INFO command.",
      "REWRITE",
      "    Rewrite the configuration file.",
      "HELP",
      "    Prints this help.",
  };
  reply_help(ctx, lines);
}

void command(command_context& ctx) {
  const auto specs = all_commands();
  ctx.reply.array(specs.size());
  for (const auto& spec : specs) append_command_info(ctx, spec);
}

void command_count(command_context& ctx) {
  ctx.reply.integer(static_cast<long long>(all_commands().size()));
}

void command_docs(command_context& ctx) {
  std::vector<const command_spec*> found;
  if (ctx.argv.size() == 2) {
    for (const auto& spec : all_commands()) found.push_back(&spec);
  } else {
    for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
      if (const auto* spec = find_command(ctx.argv[i])) found.push_back(spec);
    }
  }
  ctx.reply.map(found.size());
  for (const auto* spec : found) {
    ctx.reply.bulk(spec->full_name);
    append_command_docs(ctx, *spec);
  }
}

void command_info(command_context& ctx) {
  if (ctx.argv.size() == 2) {
    command(ctx);
    return;
  }
  ctx.reply.array(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    if (const auto* spec = find_command(ctx.argv[i])) {
      append_command_info(ctx, *spec);
    } else {
      ctx.reply.null();
    }
  }
}

// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]: every command and
// subcommand by its full name ("config|get"), as Redis 7.0 lists them.
void command_list(command_context& ctx) {
  std::optional<std::string_view> pattern;
  if (ctx.argv.size() == 5 && equals_ignore_case(ctx.argv[2], "filterby")) {
    if (equals_ignore_case(ctx.argv[3], "module")) return ctx.reply.array(0);  // kvmock loads none
    if (equals_ignore_case(ctx.argv[3], "aclcat")) return ctx.reply.error(errors::no_acl_categories);
    if (!equals_ignore_case(ctx.argv[3], "pattern")) return ctx.reply.error(errors::syntax);
    pattern = ctx.argv[4];
  } else if (ctx.argv.size() != 2) {
    return ctx.reply.error(errors::syntax);
  }
  std::vector<std::string_view> names;
  auto add = [&](const command_spec& spec) {
    if (!pattern || glob_match(*pattern, spec.full_name, true)) names.push_back(spec.full_name);
  };
  for (const command_spec& spec : all_commands()) {
    add(spec);
    for (const command_spec& sub : spec.subcommands) add(sub);
  }
  ctx.reply.array(names.size());
  for (const std::string_view name : names) ctx.reply.bulk(name);
}

void command_help(command_context& ctx) {
  constexpr std::string_view lines[] = {
      "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "(no subcommand)",
      "    Return details about all Redis commands.",
      "COUNT",
      "    Return the total number of commands in this Redis server.",
      "LIST",
      "    Return a list of all commands in this Redis server.",
      "INFO [<command-name> ...]",
      "    Return details about multiple Redis commands.",
      "DOCS [<command-name> ...]",
      "    Return documentation details about multiple Redis commands.",
      "HELP",
      "    Prints this help.",
  };
  reply_help(ctx, lines);
}

// SWAPDB index1 index2: swapping a database with itself is no error.
void swapdb(command_context& ctx) {
  long long first = 0, second = 0;
  if (!kvresp::parse_integer(ctx.argv[1], first) || first < INT_MIN || first > INT_MAX) {
    return ctx.reply.error(errors::invalid_first_db);
  }
  if (!kvresp::parse_integer(ctx.argv[2], second) || second < INT_MIN || second > INT_MAX) {
    return ctx.reply.error(errors::invalid_second_db);
  }
  if (first < 0 || first >= database_count || second < 0 || second >= database_count) {
    return ctx.reply.error(errors::db_index_out_of_range);
  }
  ctx.core.data().swap(static_cast<int>(first), static_cast<int>(second));
  ctx.reply.ok();
}

// TIME: seconds and microseconds on the server's clock (fast_forward moves it), an array in
// RESP3 too.
void time(command_context& ctx) {
  const std::int64_t us = ctx.core.now_us();
  ctx.reply.array(2);
  ctx.reply.bulk(std::to_string(us / 1000000));
  ctx.reply.bulk(std::to_string(us % 1000000));
}

// kvmock has no replicas, so no replica ever acknowledges a write: 0. Redis, asked for one or
// more, answers only when the timeout ends; kvmock answers at once (see the README's differences).
// WAIT numreplicas timeout: the fake has no replica, so no write is ever acknowledged. Asked
// for none (or inside EXEC) it answers 0 at once; asked for some, it waits out its timeout
// (milliseconds, 0: for ever) and answers 0, as Redis without replicas does.
void wait(command_context& ctx) {
  long long replicas = 0, timeout = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[1], replicas)) return;
  if (!parse_timeout_or_reply(ctx, ctx.argv[2], timeout)) return;
  if (replicas <= 0 || ctx.client.in_exec) return ctx.reply.integer(0);
  blocked_state state;
  state.db = ctx.client.db;
  state.deadline = deadline_after(ctx, timeout);
  state.timeout_reply = blocked_state::on_timeout::zero;
  ctx.core.block(ctx.client, std::move(state));
}

void dbsize(command_context& ctx) {
  ctx.reply.integer(static_cast<long long>(ctx.core.data().size(ctx.client.db, ctx.now)));
}

void flushdb(command_context& ctx) {
  if (!flush_mode_valid(ctx)) return;
  ctx.core.flush_data(ctx.client.db);
  ctx.reply.ok();
}

void flushall(command_context& ctx) {
  if (!flush_mode_valid(ctx)) return;
  ctx.core.flush_data(-1);
  ctx.reply.ok();
}

}  // namespace

command_group server_commands() {
  using namespace command_flag;
  static constexpr command_spec command_subcommands[] = {
      {.name = "count", .arity = 2, .handler = command_count, .since = "2.8.13",
       .summary = "Returns a count of commands.",
       .complexity = "O(1)"},
      {.name = "docs", .arity = -2, .handler = command_docs, .since = "7.0.0",
       .summary = "Returns documentary information about one, multiple or all commands.",
       .complexity = "O(N) where N is the number of commands to look up"},
      {.name = "help", .arity = 2, .handler = command_help, .since = "5.0.0",
       .summary = "Returns helpful text about the different subcommands.",
       .complexity = "O(1)"},
      {.name = "info", .arity = -2, .handler = command_info, .since = "2.8.13",
       .summary = "Returns information about one, multiple or all commands.",
       .complexity = "O(N) where N is the number of commands to look up"},
      {.name = "list", .arity = -2, .handler = command_list, .since = "7.0.0",
       .summary = "Returns a list of command names.",
       .complexity = "O(N) where N is the total number of Redis commands"},
  };
  static constexpr command_spec config_subcommands[] = {
      {.name = "get", .arity = -3, .flags = admin | no_script, .handler = config_get, .since = "2.0.0",
       .summary = "Returns the effective values of configuration parameters.",
       .complexity = "O(N) when N is the number of configuration parameters provided"},
      {.name = "help", .arity = 2, .flags = fast, .handler = config_help, .since = "5.0.0",
       .summary = "Returns helpful text about the different subcommands.",
       .complexity = "O(1)"},
      {.name = "resetstat", .arity = 2, .flags = admin | no_script, .handler = config_resetstat, .since = "2.0.0",
       .summary = "Resets the server's statistics.",
       .complexity = "O(1)"},
      {.name = "rewrite", .arity = 2, .flags = admin | no_script, .handler = config_rewrite, .since = "2.8.0",
       .summary = "Persists the effective configuration to file.",
       .complexity = "O(1)"},
      {.name = "set", .arity = -4, .flags = admin | no_script, .handler = config_set, .since = "2.0.0",
       .summary = "Sets configuration parameters in-flight.",
       .complexity = "O(N) when N is the number of configuration parameters provided"},
  };
  static constexpr command_spec specs[] = {
      {.name = "command", .arity = -1, .handler = command, .since = "2.8.13",
       .summary = "Returns detailed information about all commands.",
       .complexity = "O(N) where N is the total number of Redis commands",
       .subcommands = command_subcommands},
      {.name = "config", .arity = -2, .since = "2.0.0",
       .summary = "A container for server configuration commands.",
       .complexity = "Depends on subcommand.",
       .subcommands = config_subcommands},
      {.name = "dbsize", .arity = 1, .flags = readonly | fast, .handler = dbsize, .since = "1.0.0",
       .summary = "Returns the number of keys in the database.",
       .complexity = "O(1)"},
      {.name = "flushall", .arity = -1, .flags = write, .handler = flushall, .since = "1.0.0",
       .summary = "Removes all keys from all databases.",
       .complexity = "O(N) where N is the total number of keys in all databases"},
      {.name = "flushdb", .arity = -1, .flags = write, .handler = flushdb, .since = "1.0.0",
       .summary = "Remove all keys from the current database.",
       .complexity = "O(N) where N is the number of keys in the selected database"},
      {.name = "swapdb", .arity = 3, .flags = write | fast, .handler = swapdb, .since = "4.0.0",
       .summary = "Swaps two Redis databases",
       .complexity = "O(N) where N is the count of clients watching or blocking on keys from both databases."},
      {.name = "wait", .arity = 3, .flags = no_script, .handler = wait, .since = "3.0.0",
       .summary = "Wait for the synchronous replication of all the write commands sent in the context of the current connection",
       .complexity = "O(1)"},
      {.name = "time", .arity = 1, .flags = fast, .handler = time, .since = "2.6.0",
       .summary = "Return the current server time",
       .complexity = "O(1)"},
      {.name = "info", .arity = -1, .handler = info, .since = "1.0.0",
       .summary = "Returns information and statistics about the server.",
       .complexity = "O(1)"},
  };
  return {"server", specs};
}

}  // namespace kvmock::commands

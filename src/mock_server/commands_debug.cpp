// DEBUG: the subcommands test suites use, refused unless enable-debug-command is yes or local
// (server_options::config), as in Redis. Those that act on Redis's own internals (crashes,
// allocator, AOF, cluster links) answer that the fake does not have them.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <cstdio>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "dataset_digest.hpp"
#include "encodings.hpp"
#include "kvresp/integer.hpp"
#include "rdb_payload.hpp"

namespace kvmock::commands {
namespace {

void debug_help(command_context& ctx) {
  static constexpr std::string_view lines[] = {
      "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "AOF-FLUSH-SLEEP <microsec>",
      "    Server will sleep before flushing the AOF, this is used for testing.",
      "ASSERT",
      "    Crash by assertion failed.",
      "CHANGE-REPL-ID",
      "    Change the replication IDs of the instance.",
      "    Dangerous: should be used only for testing the replication subsystem.",
      "CONFIG-REWRITE-FORCE-ALL",
      "    Like CONFIG REWRITE but writes all configuration options, including",
      "    keywords not listed in original configuration file or default values.",
      "CRASH-AND-RECOVER [<milliseconds>]",
      "    Hard crash and restart after a <milliseconds> delay (default 0).",
      "DIGEST",
      "    Output a hex signature representing the current DB content.",
      "DIGEST-VALUE <key> [<key> ...]",
      "    Output a hex signature of the values of all the specified keys.",
      "ERROR <string>",
      "    Return a Redis protocol error with <string> as message. Useful for clients",
      "    unit tests to simulate Redis errors.",
      "LEAK <string>",
      "    Create a memory leak of the input string.",
      "LOG <message>",
      "    Write <message> to the server log.",
      "HTSTATS <dbid>",
      "    Return hash table statistics of the specified Redis database.",
      "HTSTATS-KEY <key>",
      "    Like HTSTATS but for the hash table stored at <key>'s value.",
      "LOADAOF",
      "    Flush the AOF buffers on disk and reload the AOF in memory.",
      "REPLICATE <string>",
      "    Replicates the provided string to replicas, allowing data divergence.",
      "MALLCTL <key> [<val>]",
      "    Get or set a malloc tuning integer.",
      "MALLCTL-STR <key> [<val>]",
      "    Get or set a malloc tuning string.",
      "OBJECT <key>",
      "    Show low level info about `key` and associated value.",
      "DROP-CLUSTER-PACKET-FILTER <packet-type>",
      "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
      "OOM",
      "    Crash the server simulating an out-of-memory error.",
      "PANIC",
      "    Crash the server simulating a panic.",
      "POPULATE <count> [<prefix>] [<size>]",
      "    Create <count> string keys named key:<num>. If <prefix> is specified then",
      "    it is used instead of the 'key' prefix. These are not propagated to",
      "    replicas. Cluster slots are not respected so keys not belonging to the",
      "    current node can be created in cluster mode.",
      "PROTOCOL <type>",
      "    Reply with a test value of the specified type. <type> can be: string,",
      "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
      "    true, false.",
      "RELOAD [option ...]",
      "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
      "    * MERGE: conflicting keys will be loaded from RDB.",
      "    * NOFLUSH: the existing database will not be removed before load, but",
      "      conflicting keys will generate an exception and kill the server.",
      "    * NOSAVE: the database will be loaded from an existing RDB file.",
      "    Examples:",
      "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
      "      the database.",
      "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
      "      existing RDB file.",
      "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
      "      file to the database.",
      "RESTART [<milliseconds>]",
      "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
      "SDSLEN <key>",
      "    Show low level SDS string info representing `key` and value.",
      "SEGFAULT",
      "    Crash the server with sigsegv.",
      "SET-ACTIVE-EXPIRE <0|1>",
      "    Setting it to 0 disables expiring keys in background when they are not",
      "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
      "    default.",
      "QUICKLIST-PACKED-THRESHOLD <size>",
      "    Sets the threshold for elements to be inserted as plain vs packed nodes",
      "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
      "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
      "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
      "SLEEP <seconds>",
      "    Stop the server for <seconds>. Decimals allowed.",
      "STRINGMATCH-TEST",
      "    Run a fuzz tester against the stringmatchlen() function.",
      "STRUCTSIZE",
      "    Return the size of different Redis core C structures.",
      "LISTPACK <key>",
      "    Show low level info about the listpack encoding of <key>.",
      "QUICKLIST <key> [<0|1>]",
      "    Show low level info about the quicklist encoding of <key>.",
      "    The optional argument (0 by default) sets the level of detail",
      "CLIENT-EVICTION",
      "    Show low level client eviction pools info (maxmemory-clients).",
      "PAUSE-CRON <0|1>",
      "    Stop periodic cron job processing.",
      "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
      "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
      "    In case NEVER is provided the last observed peak will never be reset",
      "    In case RESET is provided the peak reset time will be restored to the default value",
      "REPLYBUFFER RESIZING <0|1>",
      "    Enable or disable the reply buffer resize cron job",
      "CLUSTERLINK KILL <to|from|all> <node-id>",
      "    Kills the link based on the direction to/from (both) with the provided node.",
      "HELP",
      "    Prints this help.",
  };
  reply_help(ctx, lines);
}

// SET-ACTIVE-EXPIRE 0|1 (atoi, as Redis: anything else counts as 0): whether expired keys leave
// at once or only when looked at, which DBSIZE and INFO keyspace show.
void debug_set_active_expire(command_context& ctx) {
  const std::string value(ctx.argv[2]);
  ctx.core.data().set_active_expiry(std::atoi(value.c_str()) != 0);
  ctx.reply.ok();
}

// RELOAD: the data stays (the fake keeps no file), each collection encoded afresh from the
// current thresholds, as a reload from an RDB does.
void debug_reload(command_context& ctx) {
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    if (!equals_ignore_case(ctx.argv[i], "merge") && !equals_ignore_case(ctx.argv[i], "noflush") &&
        !equals_ignore_case(ctx.argv[i], "nosave")) {
      return ctx.reply.error(errors::debug_reload_options);
    }
  }
  // As loaded from an RDB file: strings through tryObjectEncoding, collections by their size.
  ctx.core.data().for_each_entry(ctx.now, [&](entry& e) {
    e.origin = string_origin::encoded;
    encode_afresh(e.value, limits(ctx));
  });
  ctx.reply.ok();
}

void debug_digest(command_context& ctx) { ctx.reply.status(to_hex(dataset_digest(ctx.core.data(), ctx.now))); }

void debug_digest_value(command_context& ctx) {
  ctx.reply.array(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const entry* found = ctx.core.data().peek(ctx.client.db, ctx.argv[i], ctx.now);
    ctx.reply.status(to_hex(found == nullptr ? digest{} : value_digest(*found)));
  }
}

void debug_error(command_context& ctx) { ctx.reply.error(ctx.argv[2]); }

void debug_ok(command_context& ctx) { ctx.reply.ok(); }

// PROTOCOL <type>: one reply of each RESP type, for client tests.
void debug_protocol(command_context& ctx) {
  const std::string_view name = ctx.argv[2];
  const bool resp3 = ctx.reply.resp3();
  if (equals_ignore_case(name, "string")) return ctx.reply.bulk("Hello World");
  if (equals_ignore_case(name, "integer")) return ctx.reply.integer(12345);
  if (equals_ignore_case(name, "double")) return ctx.reply.raw(resp3 ? ",3.141\r\n" : "$5\r\n3.141\r\n");
  if (equals_ignore_case(name, "bignum")) {
    return ctx.reply.raw(resp3 ? "(1234567999999999999999999999999999999\r\n"
                               : "$37\r\n1234567999999999999999999999999999999\r\n");
  }
  if (equals_ignore_case(name, "null")) return ctx.reply.null();
  if (equals_ignore_case(name, "array") || equals_ignore_case(name, "set")) {
    if (equals_ignore_case(name, "set")) {
      ctx.reply.set(3);
    } else {
      ctx.reply.array(3);
    }
    for (int i = 0; i < 3; ++i) ctx.reply.integer(i);
    return;
  }
  if (equals_ignore_case(name, "map")) {
    ctx.reply.map(3);
    for (int i = 0; i < 3; ++i) {
      ctx.reply.integer(i);
      if (resp3) {
        ctx.reply.raw(i == 1 ? "#t\r\n" : "#f\r\n");
      } else {
        ctx.reply.integer(i == 1 ? 1 : 0);
      }
    }
    return;
  }
  if (equals_ignore_case(name, "attrib")) {
    if (resp3) ctx.reply.raw("|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n");
    return ctx.reply.bulk("Some real reply following the attribute");
  }
  if (equals_ignore_case(name, "push")) {
    if (!resp3) return ctx.reply.error(errors::push_needs_resp3);
    ctx.reply.push(2);
    ctx.reply.bulk("server-cpu-usage");
    ctx.reply.integer(42);
    return ctx.reply.bulk("Some real reply following the push reply");
  }
  if (equals_ignore_case(name, "verbatim")) return ctx.reply.verbatim("This is a verbatim\nstring");
  if (equals_ignore_case(name, "true")) return ctx.reply.raw(resp3 ? "#t\r\n" : ":1\r\n");
  if (equals_ignore_case(name, "false")) return ctx.reply.raw(resp3 ? "#f\r\n" : ":0\r\n");
  ctx.reply.error(errors::debug_protocol_type);
}

// POPULATE <count> [prefix] [size]: prefix:N = "value:N" for the keys missing, the value
// zero-padded or cut to `size`.
void debug_populate(command_context& ctx) {
  long long count = 0;
  if (!kvresp::parse_integer(ctx.argv[2], count) || count < 0) return ctx.reply.error(errors::out_of_range_positive);
  const std::string_view prefix = ctx.argv.size() > 3 ? ctx.argv[3] : std::string_view("key");
  long long size = 0;
  if (ctx.argv.size() > 4 && (!kvresp::parse_integer(ctx.argv[4], size) || size < 0)) {
    return ctx.reply.error(errors::out_of_range_positive);
  }
  auto& data = ctx.core.data();
  for (long long i = 0; i < count; ++i) {
    std::string key(prefix);
    key += ':';
    key += std::to_string(i);
    if (data.peek(ctx.client.db, key, ctx.now) != nullptr) continue;
    std::string value = "value:" + std::to_string(i);
    if (size > 0) value.resize(static_cast<std::size_t>(size), '\0');
    data.store(ctx.client.db, key, std::move(value), ctx.now);
  }
  ctx.reply.ok();
}

// OBJECT <key>: Redis's status line; the address is the value's, the LRU clock the key's last
// access in seconds (in LFU mode, minutes and counter), and a list's nodes those DUMP writes.
void debug_object(command_context& ctx) {
  const entry* found = ctx.core.data().peek(ctx.client.db, ctx.argv[2], ctx.now);
  if (found == nullptr) return ctx.reply.error(errors::no_such_key);
  const auto& values = limits(ctx);
  const long long lru = values.lfu_policy
                            ? ((static_cast<long long>(found->accessed_at / 60) & 0xffff) << 8) | found->lfu_counter
                            : static_cast<long long>(found->accessed_at) & ((1 << 24) - 1);
  char line[512];
  int length = std::snprintf(line, sizeof line,
                             "Value at:%p refcount:%lld encoding:%s serializedlength:%zu lru:%lld lru_seconds_idle:%lld",
                             static_cast<const void*>(&found->value), reference_count(*found, values),
                             std::string(encoding_name(*found)).c_str(), serialized_length(found->value, values), lru,
                             std::max<long long>(0, ctx.now / 1000 - static_cast<long long>(found->accessed_at)));
  std::string text(line, static_cast<std::size_t>(length));
  if (const auto* list = found->value.get_if<list_value>()) {
    const auto nodes = list_node_sizes(*list, values.list_max_listpack_size);
    std::size_t bytes = 0;
    for (const std::size_t b : nodes) bytes += b;
    length = std::snprintf(line, sizeof line,
                           " ql_nodes:%zu ql_avg_node:%.2f ql_listpack_max:%lld ql_compressed:0 ql_uncompressed_size:%zu",
                           nodes.size(), static_cast<double>(list->size()) / static_cast<double>(nodes.size()),
                           values.list_max_listpack_size, bytes);
    text.append(line, static_cast<std::size_t>(length));
  }
  ctx.reply.status(text);
}

// SLEEP seconds: the whole server stops for that long, as Redis does (its one thread sleeps);
// the text is read as strtod reads it, so "x" or a negative time does not sleep at all.
void debug_sleep(command_context& ctx) {
  const std::string text(ctx.argv[2]);
  const double seconds = std::strtod(text.c_str(), nullptr);
  constexpr double longest = 1e9;  // beyond any test; keeps the conversion defined
  if (seconds > 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(seconds, longest)));
  }
  ctx.reply.ok();
}

void debug_not_in_kvmock(command_context& ctx) { ctx.reply.error(errors::debug_not_in_kvmock(ctx.argv[1])); }

struct debug_subcommand {
  std::string_view name;
  std::size_t min_args;  // argv's size, DEBUG and the name included
  std::size_t max_args;
  command_handler handler;
};

constexpr std::size_t any = static_cast<std::size_t>(-1);

constexpr debug_subcommand subcommands[] = {
    {"help", 2, 2, debug_help},
    {"set-active-expire", 3, 3, debug_set_active_expire},
    {"reload", 2, any, debug_reload},
    {"digest", 2, 2, debug_digest},
    {"digest-value", 2, any, debug_digest_value},
    {"error", 3, 3, debug_error},
    {"log", 3, 3, debug_ok},
    {"change-repl-id", 2, 2, debug_ok},
    {"protocol", 3, 3, debug_protocol},
    {"populate", 3, 5, debug_populate},
    {"quicklist-packed-threshold", 3, 3, debug_ok},
    {"set-skip-checksum-validation", 3, 3, debug_ok},
    {"pause-cron", 3, 3, debug_ok},
    {"replybuffer", 4, 4, debug_ok},
    {"sleep", 3, 3, debug_sleep},
    // Redis's internals: nothing in the fake to act on.
    {"object", 3, 3, debug_object},
    {"sdslen", 3, 3, debug_not_in_kvmock},
    {"listpack", 3, 3, debug_not_in_kvmock},
    {"quicklist", 3, 4, debug_not_in_kvmock},
    {"structsize", 2, 2, debug_not_in_kvmock},
    {"htstats", 3, 4, debug_not_in_kvmock},
    {"htstats-key", 3, 4, debug_not_in_kvmock},
    {"segfault", 2, 2, debug_not_in_kvmock},
    {"panic", 2, 2, debug_not_in_kvmock},
    {"assert", 2, 2, debug_not_in_kvmock},
    {"oom", 2, 2, debug_not_in_kvmock},
    {"restart", 2, 3, debug_not_in_kvmock},
    {"crash-and-recover", 2, 3, debug_not_in_kvmock},
    {"leak", 3, 3, debug_not_in_kvmock},
    {"mallctl", 3, 4, debug_not_in_kvmock},
    {"mallctl-str", 3, 4, debug_not_in_kvmock},
    {"loadaof", 2, 2, debug_not_in_kvmock},
    {"aof-flush-sleep", 3, 3, debug_not_in_kvmock},
    {"config-rewrite-force-all", 2, 2, debug_not_in_kvmock},
    {"replicate", 3, 3, debug_not_in_kvmock},
    {"drop-cluster-packet-filter", 3, 3, debug_not_in_kvmock},
    {"client-eviction", 2, 2, debug_not_in_kvmock},
    {"stringmatch-test", 2, 2, debug_not_in_kvmock},
    {"clusterlink", 4, 4, debug_not_in_kvmock},
};

// One command parsing its own subcommand, as Redis's debugCommand: an unknown name and a
// wrong count of arguments get the same error.
void debug(command_context& ctx) {
  const std::string_view name = ctx.argv[1];
  for (const auto& sub : subcommands) {
    if (!equals_ignore_case(sub.name, name)) continue;
    if (ctx.argv.size() < sub.min_args || (sub.max_args != any && ctx.argv.size() > sub.max_args)) break;
    return sub.handler(ctx);
  }
  ctx.reply.error(errors::unknown_subcommand_or_arity(name, "DEBUG"));
}

}  // namespace

command_group debug_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "debug", .arity = -2, .flags = admin | debug_only | no_script, .handler = debug, .since = "1.0.0",
       .summary = "A container for debugging commands",
       .complexity = "Depends on subcommand."},
  };
  return {"server", specs};
}

}  // namespace kvmock::commands

// Keyspace commands: DEL (and UNLINK), EXISTS, TYPE, RENAME, RENAMENX, KEYS, SCAN, RANDOMKEY,
// TOUCH, COPY, OBJECT ENCODING, EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, EXPIRETIME, PEXPIRETIME,
// TTL, PTTL, PERSIST, DBSIZE, FLUSHDB, FLUSHALL.

#include <charconv>
#include <algorithm>
#include <climits>
#include <functional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "server_core.hpp"
#include "glob.hpp"
#include "kvresp/integer.hpp"
#include "kvresp/writer.hpp"
#include "replies.hpp"

namespace kvmock::commands {
namespace {

enum class time_unit { seconds, milliseconds };

struct expire_conditions {
  bool nx = false, xx = false, gt = false, lt = false;
};

bool parse_expire_conditions(command_context& ctx, expire_conditions& conditions) {
  for (std::size_t j = 3; j < ctx.argv.size(); ++j) {
    const std::string_view opt = ctx.argv[j];
    if (equals_ignore_case(opt, "nx")) {
      conditions.nx = true;
    } else if (equals_ignore_case(opt, "xx")) {
      conditions.xx = true;
    } else if (equals_ignore_case(opt, "gt")) {
      conditions.gt = true;
    } else if (equals_ignore_case(opt, "lt")) {
      conditions.lt = true;
    } else {
      std::string message = "ERR Unsupported option ";
      message += opt;
      kvresp::append_error(ctx.out, message);
      return false;
    }
  }
  if (conditions.nx && (conditions.xx || conditions.gt || conditions.lt)) {
    ctx.out += "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n";
    return false;
  }
  if (conditions.gt && conditions.lt) {
    ctx.out += "-ERR GT and LT options at the same time are not compatible\r\n";
    return false;
  }
  return true;
}

// Whether the conditions let a key whose expiry is `current` take the expiry `when`.
bool conditions_allow(const expire_conditions& conditions, unix_ms current, unix_ms when) {
  if (conditions.nx && current != no_expiry) return false;
  if (conditions.xx && current == no_expiry) return false;
  // No TTL counts as an infinite one: never less than `when`, always greater.
  if (conditions.gt && (current == no_expiry || when <= current)) return false;
  if (conditions.lt && current != no_expiry && when >= current) return false;
  return true;
}

// EXPIRE and PEXPIRE count from now (base: ctx.now), EXPIREAT and PEXPIREAT from the epoch (0).
void expire_generic(command_context& ctx, time_unit unit, unix_ms base, std::string_view name) {
  expire_conditions conditions;
  if (!parse_expire_conditions(ctx, conditions)) return;
  long long when = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], when)) return;
  if (unit == time_unit::seconds) {
    if (when > LLONG_MAX / 1000 || when < LLONG_MIN / 1000) {
      ctx.out += replies::invalid_expire_error(name);
      return;
    }
    when *= 1000;
  }
  if (when > LLONG_MAX - base) {
    ctx.out += replies::invalid_expire_error(name);
    return;
  }
  when += base;
  auto& data = ctx.core.data();
  entry* found = data.find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found == nullptr || !conditions_allow(conditions, found->expires_at, when)) {
    ctx.out += replies::zero;
    return;
  }
  if (when <= ctx.now) {
    data.erase(ctx.client.db, ctx.argv[1], ctx.now);
  } else {
    found->expires_at = when;
    data.touch(ctx.client.db, ctx.argv[1]);
  }
  ctx.out += replies::one;
}

// TTL and PTTL (the time left), EXPIRETIME and PEXPIRETIME (the absolute time: `absolute`).
void ttl_generic(command_context& ctx, time_unit unit, bool absolute = false) {
  const entry* found = ctx.core.data().find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found == nullptr) {
    ctx.out += ":-2\r\n";
  } else if (found->expires_at == no_expiry) {
    ctx.out += ":-1\r\n";
  } else {
    const long long left =
        std::max<long long>(absolute ? found->expires_at : found->expires_at - ctx.now, 0);
    kvresp::append_integer(ctx.out, unit == time_unit::milliseconds ? left : (left + 500) / 1000);
  }
}

// RENAME and RENAMENX, as renameGenericCommand.
void rename_generic(command_context& ctx, bool only_if_new) {
  auto& data = ctx.core.data();
  const int db = ctx.client.db;
  entry* source = data.find(db, ctx.argv[1], ctx.now);
  if (source == nullptr) {
    ctx.out += replies::no_such_key;
    return;
  }
  if (ctx.argv[1] == ctx.argv[2]) {
    ctx.out += only_if_new ? replies::zero : replies::ok;
    return;
  }
  if (data.find(db, ctx.argv[2], ctx.now) != nullptr) {
    if (only_if_new) {
      ctx.out += replies::zero;
      return;
    }
    data.erase(db, ctx.argv[2], ctx.now);
  }
  entry moved = std::move(*source);
  data.erase(db, ctx.argv[1], ctx.now);
  data.create(db, ctx.argv[2], std::move(moved));
  ctx.out += only_if_new ? replies::one : replies::ok;
}

std::string_view string_encoding(const entry& found) {
  if (found.grown_in_place) return "raw";
  const auto& value = std::get<std::string>(found.value);
  long long ignored = 0;
  if (value.size() <= 20 && kvresp::parse_integer(value, ignored)) return "int";
  return value.size() <= 44 ? "embstr" : "raw";  // OBJ_ENCODING_EMBSTR_SIZE_LIMIT
}

// FLUSHDB and FLUSHALL take an optional SYNC or ASYNC; both flush at once here.
bool flush_mode_valid(command_context& ctx) {
  if (ctx.argv.size() > 2 || (ctx.argv.size() == 2 && !equals_ignore_case(ctx.argv[1], "sync") &&
                              !equals_ignore_case(ctx.argv[1], "async"))) {
    ctx.out += replies::syntax_error;
    return false;
  }
  return true;
}

}  // namespace

void del(command_context& ctx) {
  long long removed = 0;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    if (ctx.core.data().erase(ctx.client.db, ctx.argv[i], ctx.now)) ++removed;
  }
  kvresp::append_integer(ctx.out, removed);
}

void exists(command_context& ctx) {
  long long found = 0;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    if (ctx.core.data().find(ctx.client.db, ctx.argv[i], ctx.now) != nullptr) ++found;
  }
  kvresp::append_integer(ctx.out, found);
}

void expire(command_context& ctx) { expire_generic(ctx, time_unit::seconds, ctx.now, "expire"); }

void pexpire(command_context& ctx) {
  expire_generic(ctx, time_unit::milliseconds, ctx.now, "pexpire");
}

void expireat(command_context& ctx) { expire_generic(ctx, time_unit::seconds, 0, "expireat"); }

void pexpireat(command_context& ctx) {
  expire_generic(ctx, time_unit::milliseconds, 0, "pexpireat");
}

void ttl(command_context& ctx) { ttl_generic(ctx, time_unit::seconds); }

void pttl(command_context& ctx) { ttl_generic(ctx, time_unit::milliseconds); }

void expiretime(command_context& ctx) { ttl_generic(ctx, time_unit::seconds, true); }

void pexpiretime(command_context& ctx) { ttl_generic(ctx, time_unit::milliseconds, true); }

void type(command_context& ctx) {
  const entry* found = ctx.core.data().find(ctx.client.db, ctx.argv[1], ctx.now);
  kvresp::append_simple_string(ctx.out, found == nullptr ? "none" : type_name(found->type()));
}

void rename(command_context& ctx) { rename_generic(ctx, false); }

void renamenx(command_context& ctx) { rename_generic(ctx, true); }

void keys(command_context& ctx) {
  const auto names = ctx.core.data().keys(ctx.client.db, ctx.now);
  const bool all = ctx.argv[1] == "*";
  std::vector<std::string_view> matching;
  for (const auto& name : names) {
    if (all || glob_match(ctx.argv[1], name, false)) matching.push_back(name);
  }
  kvresp::append_array_header(ctx.out, matching.size());
  for (const auto name : matching) kvresp::append_bulk_string(ctx.out, name);
}

bool parse_scan(command_context& ctx, std::size_t cursor_at, bool allow_type, std::uint64_t& cursor,
                scan_options& options) {
  const std::string_view text = ctx.argv[cursor_at];
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cursor);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    ctx.out += "-ERR invalid cursor\r\n";
    return false;
  }
  for (std::size_t j = cursor_at + 1; j < ctx.argv.size(); j += 2) {
    const bool has_value = j + 1 < ctx.argv.size();
    if (has_value && equals_ignore_case(ctx.argv[j], "count")) {
      long long count = 0;
      if (!parse_integer_or_reply(ctx, ctx.argv[j + 1], count)) return false;
      if (count < 1) {
        ctx.out += replies::syntax_error;
        return false;
      }
      options.count = static_cast<std::size_t>(count);
    } else if (has_value && equals_ignore_case(ctx.argv[j], "match")) {
      options.pattern = ctx.argv[j + 1];
    } else if (allow_type && has_value && equals_ignore_case(ctx.argv[j], "type")) {
      options.type = ctx.argv[j + 1];
    } else {
      ctx.out += replies::syntax_error;
      return false;
    }
  }
  return true;
}

void append_scan_reply(std::string& out, std::uint64_t next_cursor,
                       std::span<const std::string_view> items) {
  kvresp::append_array_header(out, 2);
  kvresp::append_bulk_string(out, std::to_string(next_cursor));
  kvresp::append_array_header(out, items.size());
  for (const auto item : items) kvresp::append_bulk_string(out, item);
}

bool is_small_hash(const hash_value& hash) { return !hash.ever_large(); }

bool parse_pop_count(command_context& ctx, std::string_view too_many, long long& count) {
  if (ctx.argv.size() > 3) {
    ctx.out += too_many;
    return false;
  }
  if (ctx.argv.size() == 3 && (!kvresp::parse_integer(ctx.argv[2], count) || count < 0)) {
    ctx.out += replies::out_of_range_positive;
    return false;
  }
  return true;
}

void after_removal(command_context& ctx, bool now_empty) {
  if (now_empty) {
    ctx.core.data().erase(ctx.client.db, ctx.argv[1], ctx.now);
  } else {
    ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  }
}

// The cursor is a position in the sorted keys: each call returns the next COUNT, then filters
// them, as Redis filters what it visited.
void scan(command_context& ctx) {
  std::uint64_t cursor = 0;
  scan_options options;
  if (!parse_scan(ctx, 1, true, cursor, options)) return;
  auto& data = ctx.core.data();
  const auto names = data.keys(ctx.client.db, ctx.now);
  const std::size_t begin = std::min<std::size_t>(cursor, names.size());
  const std::size_t end = std::min<std::size_t>(names.size(), begin + options.count);
  std::vector<std::string_view> matching;
  for (std::size_t i = begin; i < end; ++i) {
    if (options.pattern && !glob_match(*options.pattern, names[i], false)) continue;
    if (options.type) {
      const entry* found = data.find(ctx.client.db, names[i], ctx.now);
      if (found == nullptr || !equals_ignore_case(*options.type, type_name(found->type()))) continue;
    }
    matching.push_back(names[i]);
  }
  append_scan_reply(ctx.out, end < names.size() ? end : 0, matching);
}

void randomkey(command_context& ctx) {
  const auto names = ctx.core.data().keys(ctx.client.db, ctx.now);
  if (names.empty()) {
    reply_null(ctx);
    return;
  }
  // Repeatable from the seed: the same workload picks the same keys.
  const std::uint64_t draw =
      std::hash<std::uint64_t>{}(ctx.core.options().seed ^ ctx.core.stats().commands_processed);
  kvresp::append_bulk_string(ctx.out, names[draw % names.size()]);
}

void touch(command_context& ctx) { exists(ctx); }

void copy(command_context& ctx) {
  int target_db = ctx.client.db;
  bool replace = false;
  for (std::size_t j = 3; j < ctx.argv.size(); ++j) {
    if (equals_ignore_case(ctx.argv[j], "replace")) {
      replace = true;
    } else if (equals_ignore_case(ctx.argv[j], "db") && j + 1 < ctx.argv.size()) {
      long long db = 0;
      if (!parse_integer_or_reply(ctx, ctx.argv[++j], db)) return;
      if (db < 0 || db >= database_count) {
        ctx.out += "-ERR DB index is out of range\r\n";
        return;
      }
      target_db = static_cast<int>(db);
    } else {
      ctx.out += replies::syntax_error;
      return;
    }
  }
  if (target_db == ctx.client.db && ctx.argv[1] == ctx.argv[2]) {
    ctx.out += "-ERR source and destination objects are the same\r\n";
    return;
  }
  auto& data = ctx.core.data();
  const entry* source = data.find(ctx.client.db, ctx.argv[1], ctx.now);
  if (source == nullptr) {
    ctx.out += replies::zero;
    return;
  }
  if (data.find(target_db, ctx.argv[2], ctx.now) != nullptr) {
    if (!replace) {
      ctx.out += replies::zero;
      return;
    }
    data.erase(target_db, ctx.argv[2], ctx.now);
  }
  entry duplicate = *source;
  data.create(target_db, ctx.argv[2], std::move(duplicate));
  ctx.out += replies::one;
}

void object_encoding(command_context& ctx) {
  const entry* found = ctx.core.data().find(ctx.client.db, ctx.argv[2], ctx.now);
  if (found == nullptr) {
    reply_null(ctx);
    return;
  }
  std::string_view encoding;
  switch (found->type()) {
    case value_type::string: encoding = string_encoding(*found); break;
    case value_type::list: encoding = "quicklist"; break;
    case value_type::hash:
      encoding = is_small_hash(std::get<hash_value>(found->value)) ? "listpack" : "hashtable";
      break;
    case value_type::set:
      encoding = is_intset(std::get<set_value>(found->value)) ? "intset" : "hashtable";
      break;
    case value_type::zset: {
      const auto& zset = std::get<zset_value>(found->value);
      // zset-max-listpack-entries 128, zset-max-listpack-value 64
      const bool small = zset.size() <= 128 && std::all_of(zset.begin(), zset.end(), [](const auto& m) {
                           return m.second.size() <= 64;
                         });
      encoding = small ? "listpack" : "skiplist";
      break;
    }
  }
  kvresp::append_bulk_string(ctx.out, encoding);
}

void object_help(command_context& ctx) {
  static constexpr std::string_view lines[] = {
      "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "ENCODING <key>",
      "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>",
      "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>",
      "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>",
      "    Return the number of references of the value associated with the specified",
      "    <key>.",
      "HELP",
      "    Prints this help.",
  };
  append_help(ctx.out, lines);
}

void persist(command_context& ctx) {
  entry* found = ctx.core.data().find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found == nullptr || found->expires_at == no_expiry) {
    ctx.out += replies::zero;
    return;
  }
  found->expires_at = no_expiry;
  ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  ctx.out += replies::one;
}

void dbsize(command_context& ctx) {
  kvresp::append_integer(ctx.out,
                         static_cast<long long>(ctx.core.data().size(ctx.client.db, ctx.now)));
}

void flushdb(command_context& ctx) {
  if (!flush_mode_valid(ctx)) return;
  ctx.core.data().flush(ctx.client.db);
  ctx.out += replies::ok;
}

void flushall(command_context& ctx) {
  if (!flush_mode_valid(ctx)) return;
  ctx.core.data().flush_all();
  ctx.out += replies::ok;
}

}  // namespace kvmock::commands

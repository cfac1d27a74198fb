// Keyspace commands: DEL (and UNLINK), EXISTS, TYPE, RENAME, RENAMENX, KEYS, SCAN, RANDOMKEY,
// TOUCH, COPY, OBJECT ENCODING, EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, EXPIRETIME, PEXPIRETIME,
// TTL, PTTL, PERSIST, DBSIZE, FLUSHDB, FLUSHALL.

#include <charconv>
#include <algorithm>
#include <climits>
#include <optional>
#include <cstdlib>
#include <cmath>
#include <cerrno>
#include <functional>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "encodings.hpp"
#include "server_core.hpp"
#include "glob.hpp"
#include "kvresp/integer.hpp"

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
      ctx.reply.error(errors::unsupported_option(opt));
      return false;
    }
  }
  if (conditions.nx && (conditions.xx || conditions.gt || conditions.lt)) {
    ctx.reply.error(errors::expire_nx_and_others);
    return false;
  }
  if (conditions.gt && conditions.lt) {
    ctx.reply.error(errors::expire_gt_and_lt);
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
      ctx.reply.error(errors::invalid_expire(name));
      return;
    }
    when *= 1000;
  }
  if (when > LLONG_MAX - base) {
    ctx.reply.error(errors::invalid_expire(name));
    return;
  }
  when += base;
  auto& data = ctx.core.data();
  entry* found = data.find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found == nullptr || !conditions_allow(conditions, found->expires_at, when)) {
    ctx.reply.integer(0);
    return;
  }
  if (when <= ctx.now) {
    data.erase(ctx.client.db, ctx.argv[1], ctx.now);
    notify(ctx, keyspace_event::generic, "del", ctx.argv[1]);
  } else {
    found->expires_at = when;
    data.touch(ctx.client.db, ctx.argv[1]);
    notify(ctx, keyspace_event::generic, "expire", ctx.argv[1]);
  }
  ctx.reply.integer(1);
}

// TTL and PTTL (the time left), EXPIRETIME and PEXPIRETIME (the absolute time: `absolute`).
void ttl_generic(command_context& ctx, time_unit unit, bool absolute = false) {
  const entry* found = ctx.core.data().find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found == nullptr) {
    ctx.reply.integer(-2);
  } else if (found->expires_at == no_expiry) {
    ctx.reply.integer(-1);
  } else {
    const long long left =
        std::max<long long>(absolute ? found->expires_at : found->expires_at - ctx.now, 0);
    ctx.reply.integer(unit == time_unit::milliseconds ? left : (left + 500) / 1000);
  }
}

// RENAME and RENAMENX, as renameGenericCommand.
void rename_generic(command_context& ctx, bool only_if_new) {
  auto& data = ctx.core.data();
  const int db = ctx.client.db;
  entry* source = data.find(db, ctx.argv[1], ctx.now);
  if (source == nullptr) {
    ctx.reply.error(errors::no_such_key);
    return;
  }
  if (ctx.argv[1] == ctx.argv[2]) {
    only_if_new ? ctx.reply.integer(0) : ctx.reply.ok();
    return;
  }
  if (data.find(db, ctx.argv[2], ctx.now) != nullptr) {
    if (only_if_new) {
      ctx.reply.integer(0);
      return;
    }
    data.erase(db, ctx.argv[2], ctx.now);
  }
  entry moved = std::move(*source);
  data.erase(db, ctx.argv[1], ctx.now);
  data.create(db, ctx.argv[2], std::move(moved));
  notify(ctx, keyspace_event::generic, "rename_from", ctx.argv[1]);
  notify(ctx, keyspace_event::generic, "rename_to", ctx.argv[2]);
  only_if_new ? ctx.reply.integer(1) : ctx.reply.ok();
}

void del(command_context& ctx) {
  long long removed = 0;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    if (!ctx.core.data().erase(ctx.client.db, ctx.argv[i], ctx.now)) continue;
    notify(ctx, keyspace_event::generic, "del", ctx.argv[i]);
    ++removed;
  }
  ctx.reply.integer(removed);
}

void exists(command_context& ctx) {
  long long found = 0;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    if (ctx.core.data().find(ctx.client.db, ctx.argv[i], ctx.now) != nullptr) ++found;
  }
  ctx.reply.integer(found);
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
  ctx.reply.status(found == nullptr ? "none" : type_name(found->type()));
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
  ctx.reply.array(matching.size());
  for (const auto name : matching) ctx.reply.bulk(name);
}

// Each call returns the next page of keys (next_scan_page), then filters it, as Redis filters
// what it visited.
void scan(command_context& ctx) {
  std::uint64_t cursor = 0;
  scan_options options;
  if (!parse_cursor_or_reply(ctx, ctx.argv[1], cursor) || !parse_scan_options_or_reply(ctx, 2, true, options)) {
    return;
  }
  auto& data = ctx.core.data();
  const auto names = data.keys(ctx.client.db, ctx.now);
  const scan_page page = next_scan_page(cursor, options.count, names.size(),
                                        [&](std::size_t i) { return std::string_view(names[i]); });
  std::vector<std::string_view> matching;
  for (const std::size_t i : page.positions) {
    if (options.pattern && !glob_match(*options.pattern, names[i], false)) continue;
    if (options.type) {
      const entry* found = data.peek(ctx.client.db, names[i], ctx.now);
      if (found == nullptr || !equals_ignore_case(*options.type, type_name(found->type()))) continue;
    }
    matching.push_back(names[i]);
  }
  reply_scan(ctx, page.next_cursor, matching);
}

void randomkey(command_context& ctx) {
  const auto names = ctx.core.data().keys(ctx.client.db, ctx.now);
  if (names.empty()) {
    ctx.reply.null();
    return;
  }
  ctx.reply.bulk(names[ctx.core.random_below(names.size())]);
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
        ctx.reply.error(errors::db_index_out_of_range);
        return;
      }
      target_db = static_cast<int>(db);
    } else {
      ctx.reply.error(errors::syntax);
      return;
    }
  }
  if (target_db == ctx.client.db && ctx.argv[1] == ctx.argv[2]) {
    ctx.reply.error(errors::same_object);
    return;
  }
  auto& data = ctx.core.data();
  const entry* source = data.find(ctx.client.db, ctx.argv[1], ctx.now);
  if (source == nullptr) {
    ctx.reply.integer(0);
    return;
  }
  if (data.find(target_db, ctx.argv[2], ctx.now) != nullptr) {
    if (!replace) {
      ctx.reply.integer(0);
      return;
    }
    data.erase(target_db, ctx.argv[2], ctx.now);
  }
  entry duplicate = *source;
  data.create(target_db, ctx.argv[2], std::move(duplicate));
  ctx.core.notify(target_db, keyspace_event::generic, "copy_to", ctx.argv[2]);
  ctx.reply.integer(1);
}

void object_encoding(command_context& ctx) {
  const entry* found = ctx.core.data().peek(ctx.client.db, ctx.argv[2], ctx.now);
  if (found == nullptr) {
    ctx.reply.null();
    return;
  }
  ctx.reply.bulk(encoding_name(*found));
}

// OBJECT FREQ, IDLETIME and REFCOUNT look at a key without counting as an access; a missing
// key is null before any policy is checked.
void object_freq(command_context& ctx) {
  const entry* found = ctx.core.data().peek(ctx.client.db, ctx.argv[2], ctx.now);
  if (found == nullptr) return ctx.reply.null();
  if (!limits(ctx).lfu_policy) return ctx.reply.error(errors::lfu_not_selected);
  ctx.reply.integer(ctx.core.data().lfu_counter(*found, ctx.now));
}

void object_idletime(command_context& ctx) {
  const entry* found = ctx.core.data().peek(ctx.client.db, ctx.argv[2], ctx.now);
  if (found == nullptr) return ctx.reply.null();
  if (limits(ctx).lfu_policy) return ctx.reply.error(errors::lfu_selected);
  ctx.reply.integer(std::max<long long>(0, ctx.now / 1000 - static_cast<long long>(found->accessed_at)));
}

void object_refcount(command_context& ctx) {
  const entry* found = ctx.core.data().peek(ctx.client.db, ctx.argv[2], ctx.now);
  if (found == nullptr) return ctx.reply.null();
  ctx.reply.integer(reference_count(*found, limits(ctx)));
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
  reply_help(ctx, lines);
}

// MOVE key db: the database is checked (and must differ) before the key is looked at; the key
// keeps its TTL.
void move(command_context& ctx) {
  long long db = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], db)) return;
  if (db < INT_MIN || db > INT_MAX) return ctx.reply.error(errors::db_index_not_int32);
  if (db < 0 || db >= database_count) return ctx.reply.error(errors::db_index_out_of_range);
  const int target = static_cast<int>(db);
  if (target == ctx.client.db) return ctx.reply.error(errors::same_object);
  auto& data = ctx.core.data();
  entry* found = data.find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found == nullptr || data.peek(target, ctx.argv[1], ctx.now) != nullptr) return ctx.reply.integer(0);
  entry moved = std::move(*found);
  data.erase(ctx.client.db, ctx.argv[1], ctx.now);
  data.create(target, ctx.argv[1], std::move(moved));
  notify(ctx, keyspace_event::generic, "move_from", ctx.argv[1]);
  ctx.core.notify(target, keyspace_event::generic, "move_to", ctx.argv[1]);
  ctx.reply.integer(1);
}

// SORT's and SORT_RO's BY and GET patterns: "#" is the element; otherwise the first '*' takes
// the element, and "->field" after it reads a hash field instead of a string.
std::optional<std::string> value_by_pattern(command_context& ctx, std::string_view pattern, std::string_view element) {
  if (pattern == "#") return std::string(element);
  const std::size_t star = pattern.find('*');
  if (star == std::string_view::npos) return std::nullopt;
  std::size_t arrow = pattern.find("->", star + 1);
  if (arrow != std::string_view::npos && arrow + 2 == pattern.size()) arrow = std::string_view::npos;
  const std::size_t key_end = arrow == std::string_view::npos ? pattern.size() : arrow;
  std::string key(pattern.substr(0, star));
  key += element;
  key += pattern.substr(star + 1, key_end - star - 1);
  const entry* found = ctx.core.data().find(ctx.client.db, key, ctx.now);
  if (found == nullptr) return std::nullopt;
  if (arrow == std::string_view::npos) {
    const std::string* text = found->value.get_if<std::string>();
    return text == nullptr ? std::nullopt : std::optional<std::string>(*text);
  }
  const hash_value* hash = found->value.get_if<hash_value>();
  const std::string* field = hash == nullptr ? nullptr : hash->find(pattern.substr(arrow + 2));
  return field == nullptr ? std::nullopt : std::optional<std::string>(*field);
}

// SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE dest],
// as sortCommandGeneric: options first, then the key; weights for every element (a bad one
// fails the command even outside LIMIT), numeric ties broken by the elements' bytes.
void sort_generic(command_context& ctx, bool read_only) {
  bool desc = false, alpha = false, dont_sort = false;
  long long offset = 0, count = -1;
  std::optional<std::string_view> store, sort_by;
  std::vector<std::string_view> gets;
  for (std::size_t j = 2; j < ctx.argv.size(); ++j) {
    const std::string_view option = ctx.argv[j];
    const std::size_t left = ctx.argv.size() - j - 1;
    if (equals_ignore_case(option, "asc")) {
      desc = false;
    } else if (equals_ignore_case(option, "desc")) {
      desc = true;
    } else if (equals_ignore_case(option, "alpha")) {
      alpha = true;
    } else if (equals_ignore_case(option, "limit") && left >= 2) {
      if (!parse_integer_or_reply(ctx, ctx.argv[j + 1], offset) || !parse_integer_or_reply(ctx, ctx.argv[j + 2], count)) return;
      j += 2;
    } else if (!read_only && equals_ignore_case(option, "store") && left >= 1) {
      store = ctx.argv[++j];
    } else if (equals_ignore_case(option, "by") && left >= 1) {
      sort_by = ctx.argv[++j];
      // A pattern without '*' means "do not sort", for good: a later BY does not undo it.
      if (sort_by->find('*') == std::string_view::npos) dont_sort = true;
    } else if (equals_ignore_case(option, "get") && left >= 1) {
      gets.push_back(ctx.argv[++j]);
    } else {
      return ctx.reply.error(errors::syntax);
    }
  }
  entry* found = ctx.core.data().find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found != nullptr && found->type() != value_type::list && found->type() != value_type::set &&
      found->type() != value_type::zset) {
    return ctx.reply.error(errors::wrong_type);
  }
  // Redis stores a set's unsorted result as an ALPHA sort, so that it is repeatable.
  if (found != nullptr && found->type() == value_type::set && dont_sort && store) {
    dont_sort = false;
    alpha = true;
    sort_by.reset();
  }
  std::vector<std::string> elements;
  if (found != nullptr) {
    if (auto* list = found->value.get_if<list_value>()) {
      elements = list->elements();
      if (dont_sort && desc) std::reverse(elements.begin(), elements.end());
    } else if (auto* set = found->value.get_if<set_value>()) {
      for (const auto member : set_members_in_order(*set)) elements.emplace_back(member);
    } else if (auto* zset = found->value.get_if<zset_value>()) {
      zset->set_large(true);  // sorting converts a listpack to a skiplist, as in Redis
      for (const auto e : *zset) elements.emplace_back(e.member);
      if (dont_sort && desc) std::reverse(elements.begin(), elements.end());
    }
  }
  const auto size = static_cast<long long>(elements.size());
  long long start = std::clamp(offset, 0LL, size);
  count = std::min(std::max(count, -1LL), size);
  long long end = count < 0 ? size - 1 : start + count - 1;
  if (start >= size) {
    start = size - 1;
    end = size - 2;
  }
  if (end >= size) end = size - 1;

  if (!dont_sort) {
    struct weighted {
      std::string element;
      double score = 0;
      std::optional<std::string> by;
    };
    std::vector<weighted> items;
    items.reserve(elements.size());
    for (auto& element : elements) {
      weighted item{std::move(element), 0, std::nullopt};
      if (sort_by) {
        item.by = value_by_pattern(ctx, *sort_by, item.element);
      }
      if (!alpha) {
        const std::string& text = sort_by ? (item.by ? *item.by : std::string()) : item.element;
        if (sort_by && !item.by) {
          item.score = 0;
        } else {
          char* end_of_number = nullptr;
          errno = 0;
          item.score = std::strtod(text.c_str(), &end_of_number);
          if (*end_of_number != '\0' || errno == ERANGE || std::isnan(item.score)) {
            return ctx.reply.error(errors::sort_scores);
          }
        }
      }
      items.push_back(std::move(item));
    }
    const auto compare = [&](const weighted& a, const weighted& b) {
      int order = 0;
      if (!alpha) {
        order = a.score > b.score ? 1 : a.score < b.score ? -1 : a.element.compare(b.element);
      } else if (sort_by) {
        if (!a.by || !b.by) {
          order = a.by == b.by ? 0 : !a.by ? -1 : 1;
        } else {
          order = a.by->compare(*b.by);
        }
      } else {
        order = a.element.compare(b.element);
      }
      return desc ? order > 0 : order < 0;
    };
    std::stable_sort(items.begin(), items.end(), compare);
    for (std::size_t i = 0; i < items.size(); ++i) elements[i] = std::move(items[i].element);
  }

  std::vector<std::optional<std::string>> output;
  for (long long i = start; i <= end; ++i) {
    const std::string& element = elements[static_cast<std::size_t>(i)];
    if (gets.empty()) {
      output.emplace_back(element);
    } else {
      for (const auto pattern : gets) output.push_back(value_by_pattern(ctx, pattern, element));
    }
  }
  if (!store) {
    ctx.reply.array(output.size());
    for (const auto& value : output) {
      if (value) {
        ctx.reply.bulk(*value);
      } else {
        ctx.reply.null();
      }
    }
    return;
  }
  list_value list;
  for (const auto& value : output) list.push_back(value ? std::string_view(*value) : std::string_view());
  store_result(ctx, *store, std::move(list), output.empty(), keyspace_event::list, "sortstore");
  ctx.reply.integer(static_cast<long long>(output.size()));
}

void sort(command_context& ctx) { sort_generic(ctx, false); }
void sort_ro(command_context& ctx) { sort_generic(ctx, true); }

void persist(command_context& ctx) {
  entry* found = ctx.core.data().find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found == nullptr || found->expires_at == no_expiry) {
    ctx.reply.integer(0);
    return;
  }
  found->expires_at = no_expiry;
  ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  notify(ctx, keyspace_event::generic, "persist", ctx.argv[1]);
  ctx.reply.integer(1);
}

}  // namespace

command_group key_commands() {
  using namespace command_flag;
  static constexpr command_spec object_subcommands[] = {
      {.name = "encoding", .arity = 3, .flags = readonly, .handler = object_encoding, .keys = {.first = 2, .last = 2, .step = 1}, .since = "2.2.3",
       .summary = "Returns the internal encoding of a Redis object.",
       .complexity = "O(1)"},
      {.name = "freq", .arity = 3, .flags = readonly, .handler = object_freq, .keys = {.first = 2, .last = 2, .step = 1}, .since = "4.0.0",
       .summary = "Returns the logarithmic access frequency counter of a Redis object.",
       .complexity = "O(1)"},
      {.name = "idletime", .arity = 3, .flags = readonly, .handler = object_idletime, .keys = {.first = 2, .last = 2, .step = 1}, .since = "2.2.3",
       .summary = "Returns the time since the last access to a Redis object.",
       .complexity = "O(1)"},
      {.name = "refcount", .arity = 3, .flags = readonly, .handler = object_refcount, .keys = {.first = 2, .last = 2, .step = 1}, .since = "2.2.3",
       .summary = "Returns the reference count of a value of a key.",
       .complexity = "O(1)"},
      {.name = "help", .arity = 2, .flags = readonly, .handler = object_help, .since = "6.2.0",
       .summary = "Returns helpful text about the different subcommands.",
       .complexity = "O(1)"},
  };
  static constexpr command_spec specs[] = {
      {.name = "copy", .arity = -3, .flags = write, .handler = copy, .keys = two_keys, .since = "6.2.0",
       .summary = "Copies the value of a key to a new key.",
       .complexity = "O(N) worst case for collections, where N is the number of nested items. O(1) for string values."},
      {.name = "del", .arity = -2, .flags = write, .handler = del, .keys = every_key, .since = "1.0.0",
       .summary = "Deletes one or more keys.",
       .complexity = "O(N) where N is the number of keys that will be removed."},
      {.name = "exists", .arity = -2, .flags = readonly | fast, .handler = exists, .keys = every_key, .since = "1.0.0",
       .summary = "Determines whether one or more keys exist.",
       .complexity = "O(N) where N is the number of keys to check."},
      {.name = "expire", .arity = -3, .flags = write | fast, .handler = expire, .keys = one_key, .since = "1.0.0",
       .summary = "Sets the expiration time of a key in seconds.",
       .complexity = "O(1)"},
      {.name = "expireat", .arity = -3, .flags = write | fast, .handler = expireat, .keys = one_key, .since = "1.2.0",
       .summary = "Sets the expiration time of a key to a Unix timestamp.",
       .complexity = "O(1)"},
      {.name = "expiretime", .arity = 2, .flags = readonly | fast, .handler = expiretime, .keys = one_key, .since = "7.0.0",
       .summary = "Returns the expiration time of a key as a Unix timestamp.",
       .complexity = "O(1)"},
      {.name = "keys", .arity = 2, .flags = readonly, .handler = keys, .since = "1.0.0",
       .summary = "Returns all key names that match a pattern.",
       .complexity = "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length."},
      {.name = "object", .arity = -2, .since = "2.2.3",
       .summary = "A container for object introspection commands.",
       .complexity = "Depends on subcommand.",
       .subcommands = object_subcommands},
      {.name = "move", .arity = 3, .flags = write | fast, .handler = move, .keys = one_key, .since = "1.0.0",
       .summary = "Move a key to another database",
       .complexity = "O(1)"},
      {.name = "persist", .arity = 2, .flags = write | fast, .handler = persist, .keys = one_key, .since = "2.2.0",
       .summary = "Removes the expiration time of a key.",
       .complexity = "O(1)"},
      {.name = "pexpire", .arity = -3, .flags = write | fast, .handler = pexpire, .keys = one_key, .since = "2.6.0",
       .summary = "Sets the expiration time of a key in milliseconds.",
       .complexity = "O(1)"},
      {.name = "pexpireat", .arity = -3, .flags = write | fast, .handler = pexpireat, .keys = one_key, .since = "2.6.0",
       .summary = "Sets the expiration time of a key to a Unix milliseconds timestamp.",
       .complexity = "O(1)"},
      {.name = "pexpiretime", .arity = 2, .flags = readonly | fast, .handler = pexpiretime, .keys = one_key, .since = "7.0.0",
       .summary = "Returns the expiration time of a key as a Unix milliseconds timestamp.",
       .complexity = "O(1)"},
      {.name = "pttl", .arity = 2, .flags = readonly | fast, .handler = pttl, .keys = one_key, .since = "2.6.0",
       .summary = "Returns the expiration time in milliseconds of a key.",
       .complexity = "O(1)"},
      {.name = "randomkey", .arity = 1, .flags = readonly, .handler = randomkey, .since = "1.0.0",
       .summary = "Returns a random key name from the database.",
       .complexity = "O(1)"},
      {.name = "rename", .arity = 3, .flags = write, .handler = rename, .keys = two_keys, .since = "1.0.0",
       .summary = "Renames a key and overwrites the destination.",
       .complexity = "O(1)"},
      {.name = "renamenx", .arity = 3, .flags = write | fast, .handler = renamenx, .keys = two_keys, .since = "1.0.0",
       .summary = "Renames a key only when the target key name doesn't exist.",
       .complexity = "O(1)"},
      {.name = "sort", .arity = -2, .flags = write, .handler = sort, .keys = one_key, .since = "1.0.0",
       .summary = "Sort the elements in a list, set or sorted set",
       .complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N)."},
      {.name = "sort_ro", .arity = -2, .flags = readonly, .handler = sort_ro, .keys = one_key, .since = "7.0.0",
       .summary = "Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
       .complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N)."},
      {.name = "scan", .arity = -2, .flags = readonly, .handler = scan, .since = "2.8.0",
       .summary = "Iterates over the key names in the database.",
       .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection."},
      {.name = "touch", .arity = -2, .flags = readonly | fast, .handler = touch, .keys = every_key, .since = "3.2.1",
       .summary = "Returns the number of existing keys out of those specified after updating the time they were last accessed.",
       .complexity = "O(N) where N is the number of keys that will be touched."},
      {.name = "ttl", .arity = 2, .flags = readonly | fast, .handler = ttl, .keys = one_key, .since = "1.0.0",
       .summary = "Returns the expiration time in seconds of a key.",
       .complexity = "O(1)"},
      {.name = "type", .arity = 2, .flags = readonly | fast, .handler = type, .keys = one_key, .since = "1.0.0",
       .summary = "Determines the type of value stored at a key.",
       .complexity = "O(1)"},
      {.name = "unlink", .arity = -2, .flags = write | fast, .handler = del, .keys = every_key, .since = "4.0.0",
       .summary = "Asynchronously deletes one or more keys.",
       .complexity = "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of."},
  };
  return {"generic", specs};
}

}  // namespace kvmock::commands

// Hash commands: HSET, HMSET, HSETNX, HGET, HMGET, HDEL, HEXISTS, HLEN, HSTRLEN, HGETALL, HKEYS,
// HVALS, HINCRBY, HINCRBYFLOAT, HRANDFIELD, HSCAN. Fields keep their insertion order, as in Redis's small (listpack) hashes. A hash that
// becomes empty is removed.

#include <algorithm>
#include <climits>
#include <cmath>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "encodings.hpp"
#include "glob.hpp"
#include "kvresp/integer.hpp"
#include "numbers.hpp"

namespace kvmock::commands {
namespace {


enum class listing { fields_and_values, fields, values };

void list_hash(command_context& ctx, listing what) {
  const auto hash = find_as<hash_value>(ctx, ctx.argv[1]);
  if (hash.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (hash == nullptr) {
    if (what == listing::fields_and_values) {
      ctx.reply.map(0);
    } else {
      ctx.reply.array(0);
    }
    return;
  }
  if (what == listing::fields_and_values) {
    ctx.reply.map(hash->size());
  } else {
    ctx.reply.array(hash->size());
  }
  for (const auto& [name, value] : hash->fields()) {
    if (what != listing::values) ctx.reply.bulk(name);
    if (what != listing::fields) ctx.reply.bulk(value);
  }
}


void hset(command_context& ctx) {
  if (ctx.argv.size() % 2 != 0) {
    ctx.reply.error(errors::arity("hset"));
    return;
  }
  hash_value* hash = writable<hash_value>(ctx, ctx.argv[1]);
  if (hash == nullptr) return;
  long long added = 0;
  for (std::size_t i = 2; i < ctx.argv.size(); i += 2) {
    if (hash_set(*hash, ctx.argv[i], ctx.argv[i + 1], limits(ctx))) ++added;
  }
  notify(ctx, keyspace_event::hash, "hset", ctx.argv[1]);
  ctx.reply.integer(added);
}

// HMSET: HSET before Redis 4, replying OK.
void hmset(command_context& ctx) {
  if (ctx.argv.size() % 2 != 0) return ctx.reply.error(errors::arity("hmset"));
  hash_value* hash = writable<hash_value>(ctx, ctx.argv[1]);
  if (hash == nullptr) return;
  for (std::size_t i = 2; i < ctx.argv.size(); i += 2) hash_set(*hash, ctx.argv[i], ctx.argv[i + 1], limits(ctx));
  notify(ctx, keyspace_event::hash, "hset", ctx.argv[1]);
  ctx.reply.ok();
}

void hsetnx(command_context& ctx) {
  const auto existing = find_as<hash_value>(ctx, ctx.argv[1]);
  if (existing.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (existing != nullptr && existing->find(ctx.argv[2]) != nullptr) {
    ctx.reply.integer(0);
    return;
  }
  hash_set(*writable<hash_value>(ctx, ctx.argv[1]), ctx.argv[2], ctx.argv[3], limits(ctx));
  notify(ctx, keyspace_event::hash, "hset", ctx.argv[1]);
  ctx.reply.integer(1);
}

void hget(command_context& ctx) {
  const auto hash = find_as<hash_value>(ctx, ctx.argv[1]);
  if (hash.wrong_type()) return ctx.reply.error(errors::wrong_type);
  const std::string* value = hash == nullptr ? nullptr : hash->find(ctx.argv[2]);
  if (value == nullptr) {
    ctx.reply.null();
  } else {
    ctx.reply.bulk(*value);
  }
}

void hmget(command_context& ctx) {
  const auto hash = find_as<hash_value>(ctx, ctx.argv[1]);
  if (hash.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.array(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const std::string* value = hash == nullptr ? nullptr : hash->find(ctx.argv[i]);
    if (value == nullptr) {
      ctx.reply.null();
    } else {
      ctx.reply.bulk(*value);
    }
  }
}

void hdel(command_context& ctx) {
  const auto hash = find_as<hash_value>(ctx, ctx.argv[1]);
  if (hash.wrong_type()) return ctx.reply.error(errors::wrong_type);
  long long removed = 0;
  if (hash != nullptr) {
    for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
      if (hash->erase(ctx.argv[i])) ++removed;
    }
    if (removed > 0) notify(ctx, keyspace_event::hash, "hdel", ctx.argv[1]);
    if (removed > 0) after_removal(ctx, ctx.argv[1], hash->empty());
  }
  ctx.reply.integer(removed);
}

void hexists(command_context& ctx) {
  const auto hash = find_as<hash_value>(ctx, ctx.argv[1]);
  if (hash.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(hash != nullptr && hash->find(ctx.argv[2]) != nullptr ? 1 : 0);
}

void hlen(command_context& ctx) {
  const auto hash = find_as<hash_value>(ctx, ctx.argv[1]);
  if (hash.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(hash == nullptr ? 0 : static_cast<long long>(hash->size()));
}

void hgetall(command_context& ctx) { list_hash(ctx, listing::fields_and_values); }

void hkeys(command_context& ctx) { list_hash(ctx, listing::fields); }

void hvals(command_context& ctx) { list_hash(ctx, listing::values); }

void hincrby(command_context& ctx) {
  long long increment = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[3], increment)) return;
  const auto existing = find_as<hash_value>(ctx, ctx.argv[1]);
  if (existing.wrong_type()) return ctx.reply.error(errors::wrong_type);
  long long value = 0;
  const std::string* current = existing == nullptr ? nullptr : existing->find(ctx.argv[2]);
  if (current != nullptr && !kvresp::parse_integer(*current, value)) {
    ctx.reply.error(errors::hash_value_not_integer);
    return;
  }
  if ((increment < 0 && value < 0 && increment < LLONG_MIN - value) ||
      (increment > 0 && value > 0 && increment > LLONG_MAX - value)) {
    ctx.reply.error(errors::overflow);
    return;
  }
  value += increment;
  hash_set(*writable<hash_value>(ctx, ctx.argv[1]), ctx.argv[2], std::to_string(value), limits(ctx));
  notify(ctx, keyspace_event::hash, "hincrby", ctx.argv[1]);
  ctx.reply.integer(value);
}

// HINCRBYFLOAT key field increment: in long double, stored and replied as Redis prints it.
void hincrbyfloat(command_context& ctx) {
  long double increment = 0;
  if (!parse_long_double(ctx.argv[3], increment)) return ctx.reply.error(errors::not_a_float);
  if (std::isinf(increment)) return ctx.reply.error(errors::float_nan_or_infinity);
  const auto existing = find_as<hash_value>(ctx, ctx.argv[1]);
  if (existing.wrong_type()) return ctx.reply.error(errors::wrong_type);
  long double value = 0;
  const std::string* current = existing == nullptr ? nullptr : existing->find(ctx.argv[2]);
  if (current != nullptr && !parse_long_double(*current, value)) {
    return ctx.reply.error(errors::hash_value_not_float);
  }
  value += increment;
  if (std::isnan(value) || std::isinf(value)) return ctx.reply.error(errors::nan_or_infinity);
  const std::string text = format_long_double(value);
  hash_set(*writable<hash_value>(ctx, ctx.argv[1]), ctx.argv[2], text, limits(ctx));
  notify(ctx, keyspace_event::hash, "hincrbyfloat", ctx.argv[1]);
  ctx.reply.bulk(text);
}

void hstrlen(command_context& ctx) {
  const auto hash = find_as<hash_value>(ctx, ctx.argv[1]);
  if (hash.wrong_type()) return ctx.reply.error(errors::wrong_type);
  const std::string* value = hash == nullptr ? nullptr : hash->find(ctx.argv[2]);
  ctx.reply.integer(value == nullptr ? 0 : static_cast<long long>(value->size()));
}

// HRANDFIELD key [count [WITHVALUES]]: a positive count gives distinct fields (the whole hash,
// in its order, when it asks for as many as there are), a negative one independent draws.
void hrandfield(command_context& ctx) {
  if (ctx.argv.size() == 2) {
    const auto hash = find_as<hash_value>(ctx, ctx.argv[1]);
    if (hash.wrong_type()) return ctx.reply.error(errors::wrong_type);
    if (hash == nullptr) return ctx.reply.null();
    return ctx.reply.bulk(hash->at(ctx.core.random_below(hash->size())).first);
  }
  long long count = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], count)) return;
  if (count == LLONG_MIN) return ctx.reply.error(errors::out_of_range_not_llong_min);
  const bool with_values = ctx.argv.size() == 4;
  if (ctx.argv.size() > 4 || (with_values && !equals_ignore_case(ctx.argv[3], "withvalues"))) {
    return ctx.reply.error(errors::syntax);
  }
  if (with_values && (count > LLONG_MAX / 2 || count < -(LLONG_MAX / 2))) {
    return ctx.reply.error(errors::out_of_range);
  }
  const auto hash = find_as<hash_value>(ctx, ctx.argv[1]);
  if (hash.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (hash == nullptr || count == 0) return ctx.reply.array(0);

  // RESP3 pairs each field with its value; RESP2 flattens them.
  const auto reply_field = [&](const hash_value::field& f) {
    if (!with_values) return ctx.reply.bulk(f.first);
    if (ctx.reply.resp3()) ctx.reply.array(2);
    ctx.reply.bulk(f.first);
    ctx.reply.bulk(f.second);
  };
  const auto reply_header = [&](std::size_t fields) {
    ctx.reply.array(with_values && !ctx.reply.resp3() ? fields * 2 : fields);
  };
  const std::size_t size = hash->size();
  if (count < 0) {
    const auto draws = static_cast<std::size_t>(-count);
    reply_header(draws);
    for (std::size_t i = 0; i < draws; ++i) reply_field(hash->at(ctx.core.random_below(size)));
    return;
  }
  if (static_cast<unsigned long long>(count) >= size) {
    reply_header(size);
    for (const auto& f : hash->fields()) reply_field(f);
    return;
  }
  // A partial shuffle of the positions: count distinct fields.
  std::vector<std::size_t> positions(size);
  for (std::size_t i = 0; i < size; ++i) positions[i] = i;
  const auto wanted = static_cast<std::size_t>(count);
  for (std::size_t i = 0; i < wanted; ++i) {
    std::swap(positions[i], positions[i + ctx.core.random_below(size - i)]);
  }
  reply_header(wanted);
  for (std::size_t i = 0; i < wanted; ++i) reply_field(hash->at(positions[i]));
}

void hscan(command_context& ctx) {
  std::uint64_t cursor = 0;
  if (!parse_cursor_or_reply(ctx, ctx.argv[2], cursor)) return;
  const auto hash = find_as<hash_value>(ctx, ctx.argv[1]);
  if (hash.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (hash == nullptr) return reply_scan(ctx, 0, {});
  scan_options options;
  if (!parse_scan_options_or_reply(ctx, 3, false, options)) return;
  const auto& fields = hash->fields();
  std::vector<std::string_view> items;
  const auto add = [&](const hash_value::field& f) {
    if (options.pattern && !glob_match(*options.pattern, f.first, false)) return;
    items.push_back(f.first);
    items.push_back(f.second);
  };
  // A small hash is listed whole, whatever the cursor and COUNT say, as Redis does for a listpack.
  if (is_small_hash(*hash)) {
    for (const auto& f : fields) add(f);
    return reply_scan(ctx, 0, items);
  }
  const scan_page page = next_scan_page(cursor, options.count, fields.size(),
                                        [&](std::size_t i) { return std::string_view(fields[i].first); });
  for (const std::size_t i : page.positions) add(fields[i]);
  reply_scan(ctx, page.next_cursor, items);
}

}  // namespace

command_group hash_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "hdel", .arity = -3, .flags = write | fast, .handler = hdel, .keys = one_key, .since = "2.0.0",
       .summary = "Deletes one or more fields and their values from a hash. Deletes the hash if no fields remain.",
       .complexity = "O(N) where N is the number of fields to be removed."},
      {.name = "hexists", .arity = 3, .flags = readonly | fast, .handler = hexists, .keys = one_key, .since = "2.0.0",
       .summary = "Determines whether a field exists in a hash.",
       .complexity = "O(1)"},
      {.name = "hget", .arity = 3, .flags = readonly | fast, .handler = hget, .keys = one_key, .since = "2.0.0",
       .summary = "Returns the value of a field in a hash.",
       .complexity = "O(1)"},
      {.name = "hgetall", .arity = 2, .flags = readonly, .handler = hgetall, .keys = one_key, .since = "2.0.0",
       .summary = "Returns all fields and values in a hash.",
       .complexity = "O(N) where N is the size of the hash."},
      {.name = "hincrby", .arity = 4, .flags = write | fast, .handler = hincrby, .keys = one_key, .since = "2.0.0",
       .summary = "Increments the integer value of a field in a hash by a number. Uses 0 as initial value if the field doesn't exist.",
       .complexity = "O(1)"},
      {.name = "hincrbyfloat", .arity = 4, .flags = write | fast, .handler = hincrbyfloat, .keys = one_key, .since = "2.6.0",
       .summary = "Increments the floating point value of a field by a number. Uses 0 as initial value if the field doesn't exist.",
       .complexity = "O(1)"},
      {.name = "hkeys", .arity = 2, .flags = readonly, .handler = hkeys, .keys = one_key, .since = "2.0.0",
       .summary = "Returns all fields in a hash.",
       .complexity = "O(N) where N is the size of the hash."},
      {.name = "hlen", .arity = 2, .flags = readonly | fast, .handler = hlen, .keys = one_key, .since = "2.0.0",
       .summary = "Returns the number of fields in a hash.",
       .complexity = "O(1)"},
      {.name = "hmget", .arity = -3, .flags = readonly | fast, .handler = hmget, .keys = one_key, .since = "2.0.0",
       .summary = "Returns the values of all fields in a hash.",
       .complexity = "O(N) where N is the number of fields being requested."},
      {.name = "hmset", .arity = -4, .flags = write | fast, .handler = hmset, .keys = one_key, .since = "2.0.0",
       .summary = "Sets the values of multiple fields.",
       .complexity = "O(N) where N is the number of fields being set."},
      {.name = "hrandfield", .arity = -2, .flags = readonly, .handler = hrandfield, .keys = one_key, .since = "6.2.0",
       .summary = "Returns one or more random fields from a hash.",
       .complexity = "O(N) where N is the number of fields returned"},
      {.name = "hscan", .arity = -3, .flags = readonly, .handler = hscan, .keys = one_key, .since = "2.8.0",
       .summary = "Iterates over fields and values of a hash.",
       .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection."},
      {.name = "hset", .arity = -4, .flags = write | fast, .handler = hset, .keys = one_key, .since = "2.0.0",
       .summary = "Creates or modifies the value of a field in a hash.",
       .complexity = "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs."},
      {.name = "hsetnx", .arity = 4, .flags = write | fast, .handler = hsetnx, .keys = one_key, .since = "2.0.0",
       .summary = "Sets the value of a field in a hash only when the field doesn't exist.",
       .complexity = "O(1)"},
      {.name = "hstrlen", .arity = 3, .flags = readonly | fast, .handler = hstrlen, .keys = one_key, .since = "3.2.0",
       .summary = "Returns the length of the value of a field.",
       .complexity = "O(1)"},
      {.name = "hvals", .arity = 2, .flags = readonly, .handler = hvals, .keys = one_key, .since = "2.0.0",
       .summary = "Returns all values in a hash.",
       .complexity = "O(N) where N is the size of the hash."},
  };
  return {"hash", specs};
}

}  // namespace kvmock::commands

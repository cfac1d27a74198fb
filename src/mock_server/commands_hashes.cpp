// Hash commands: HSET, HSETNX, HGET, HMGET, HDEL, HEXISTS, HLEN, HGETALL, HKEYS, HVALS, HINCRBY,
// HSCAN. Fields keep their insertion order, as in Redis's small (listpack) hashes. A hash that
// becomes empty is removed.

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

#include "commands.hpp"
#include "glob.hpp"
#include "kvresp/integer.hpp"
#include "kvresp/writer.hpp"

namespace kvmock::commands {
namespace {

// The hash at argv[1], created if missing; nullptr after replying WRONGTYPE.
hash_value* hash_for_writing(command_context& ctx) {
  bool wrong_type = false;
  hash_value* hash = find_value<hash_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return nullptr;
  if (hash == nullptr) {
    return &std::get<hash_value>(ctx.core.data().create(ctx.client.db, ctx.argv[1], hash_value{}).value);
  }
  ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  return hash;
}

enum class listing { fields_and_values, fields, values };

void list_hash(command_context& ctx, listing what) {
  bool wrong_type = false;
  const hash_value* hash = find_value<hash_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (hash == nullptr) {
    if (what == listing::fields_and_values) {
      reply_map_header(ctx, 0);
    } else {
      ctx.out += replies::empty_array;
    }
    return;
  }
  if (what == listing::fields_and_values) {
    reply_map_header(ctx, hash->size());
  } else {
    kvresp::append_array_header(ctx.out, hash->size());
  }
  for (const auto& [name, value] : hash->fields()) {
    if (what != listing::values) kvresp::append_bulk_string(ctx.out, name);
    if (what != listing::fields) kvresp::append_bulk_string(ctx.out, value);
  }
}

}  // namespace

void hset(command_context& ctx) {
  if (ctx.argv.size() % 2 != 0) {
    ctx.out += replies::arity_error("hset");
    return;
  }
  hash_value* hash = hash_for_writing(ctx);
  if (hash == nullptr) return;
  long long added = 0;
  for (std::size_t i = 2; i < ctx.argv.size(); i += 2) {
    if (hash->set(ctx.argv[i], ctx.argv[i + 1])) ++added;
  }
  kvresp::append_integer(ctx.out, added);
}

void hsetnx(command_context& ctx) {
  bool wrong_type = false;
  const hash_value* existing = find_value<hash_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (existing != nullptr && existing->find(ctx.argv[2]) != nullptr) {
    ctx.out += replies::zero;
    return;
  }
  hash_for_writing(ctx)->set(ctx.argv[2], ctx.argv[3]);
  ctx.out += replies::one;
}

void hget(command_context& ctx) {
  bool wrong_type = false;
  const hash_value* hash = find_value<hash_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  const std::string* value = hash == nullptr ? nullptr : hash->find(ctx.argv[2]);
  if (value == nullptr) {
    reply_null(ctx);
  } else {
    kvresp::append_bulk_string(ctx.out, *value);
  }
}

void hmget(command_context& ctx) {
  bool wrong_type = false;
  const hash_value* hash = find_value<hash_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  kvresp::append_array_header(ctx.out, ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const std::string* value = hash == nullptr ? nullptr : hash->find(ctx.argv[i]);
    if (value == nullptr) {
      reply_null(ctx);
    } else {
      kvresp::append_bulk_string(ctx.out, *value);
    }
  }
}

void hdel(command_context& ctx) {
  bool wrong_type = false;
  hash_value* hash = find_value<hash_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  long long removed = 0;
  if (hash != nullptr) {
    for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
      if (hash->erase(ctx.argv[i])) ++removed;
    }
    if (hash->empty()) {
      ctx.core.data().erase(ctx.client.db, ctx.argv[1], ctx.now);
    } else if (removed > 0) {
      ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
    }
  }
  kvresp::append_integer(ctx.out, removed);
}

void hexists(command_context& ctx) {
  bool wrong_type = false;
  const hash_value* hash = find_value<hash_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  ctx.out += hash != nullptr && hash->find(ctx.argv[2]) != nullptr ? replies::one : replies::zero;
}

void hlen(command_context& ctx) {
  bool wrong_type = false;
  const hash_value* hash = find_value<hash_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  kvresp::append_integer(ctx.out, hash == nullptr ? 0 : static_cast<long long>(hash->size()));
}

void hgetall(command_context& ctx) { list_hash(ctx, listing::fields_and_values); }

void hkeys(command_context& ctx) { list_hash(ctx, listing::fields); }

void hvals(command_context& ctx) { list_hash(ctx, listing::values); }

void hincrby(command_context& ctx) {
  long long increment = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[3], increment)) return;
  bool wrong_type = false;
  const hash_value* existing = find_value<hash_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  long long value = 0;
  const std::string* current = existing == nullptr ? nullptr : existing->find(ctx.argv[2]);
  if (current != nullptr && !kvresp::parse_integer(*current, value)) {
    ctx.out += "-ERR hash value is not an integer\r\n";
    return;
  }
  if ((increment < 0 && value < 0 && increment < LLONG_MIN - value) ||
      (increment > 0 && value > 0 && increment > LLONG_MAX - value)) {
    ctx.out += replies::overflow;
    return;
  }
  value += increment;
  hash_for_writing(ctx)->set(ctx.argv[2], std::to_string(value));
  kvresp::append_integer(ctx.out, value);
}

void hscan(command_context& ctx) {
  std::uint64_t cursor = 0;
  scan_options options;
  if (!parse_scan(ctx, 2, false, cursor, options)) return;
  bool wrong_type = false;
  const hash_value* hash = find_value<hash_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  std::vector<std::string_view> items;
  std::uint64_t next = 0;
  if (hash != nullptr) {
    // A small hash is listed whole, whatever COUNT says, as Redis does for a listpack.
    const auto& fields = hash->fields();
    const std::size_t end = is_small_hash(*hash) ? fields.size()
                                                 : std::min<std::size_t>(fields.size(), cursor + options.count);
    for (std::size_t i = is_small_hash(*hash) ? 0 : cursor; i < end; ++i) {
      if (options.pattern && !glob_match(*options.pattern, fields[i].first, false)) continue;
      items.push_back(fields[i].first);
      items.push_back(fields[i].second);
    }
    next = end < fields.size() ? end : 0;
  }
  append_scan_reply(ctx.out, next, items);
}

}  // namespace kvmock::commands

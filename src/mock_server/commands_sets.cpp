// Set commands: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SMOVE, SPOP, SRANDMEMBER,
// SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE, SSCAN. A set that
// becomes empty is removed.
//
// Order: Redis lists an intset in numeric order and a hash table in an order seeded at random
// for each process, so a client can rely on the first only. The fake keeps that promise: an
// intset, or a result Redis would build as one, comes out in numeric order.

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "encodings.hpp"
#include "glob.hpp"
#include "kvresp/integer.hpp"

namespace kvmock::commands {
namespace {

void reply_members(command_context& ctx, const std::vector<std::string_view>& members) {
  ctx.reply.set(members.size());
  for (const auto member : members) ctx.reply.bulk(member);
}

// The sets at argv[from, to), in order, every key checked for its type even after a missing one
// (nullptr for a missing key); false after replying WRONGTYPE.
bool sets_at(command_context& ctx, std::size_t from, std::size_t to, std::vector<const set_value*>& sets) {
  for (std::size_t i = from; i < to; ++i) {
    const auto set = find_as<set_value>(ctx, ctx.argv[i]);
    if (set.wrong_type()) {
      ctx.reply.error(errors::wrong_type);
      return false;
    }
    sets.push_back(set);
  }
  return true;
}

enum class algebra { inter, union_, diff };

// SINTER's members are listed as it walks the smallest input, the others as of a fresh set.
set_value combine(command_context& ctx, const std::vector<const set_value*>& sets, algebra op,
                  const set_value*& walked) {
  set_value result;
  walked = nullptr;
  switch (op) {
    case algebra::inter: {
      if (std::find(sets.begin(), sets.end(), nullptr) != sets.end()) return result;
      std::vector<const set_value*> by_size = sets;
      std::stable_sort(by_size.begin(), by_size.end(),
                       [](const set_value* a, const set_value* b) { return a->size() < b->size(); });
      walked = by_size.front();
      for (const std::string_view member : set_members_in_order(*walked)) {
        if (std::all_of(by_size.begin() + 1, by_size.end(),
                        [&](const set_value* other) { return other->contains(member); })) {
          set_add(result, member, limits(ctx));
        }
      }
      break;
    }
    case algebra::union_:
      for (const set_value* set : sets) {
        if (set == nullptr) continue;
        for (const auto& member : *set) set_add(result, member, limits(ctx));
      }
      break;
    case algebra::diff:
      if (sets.front() == nullptr) return result;
      for (const auto& member : *sets.front()) {
        if (std::none_of(sets.begin() + 1, sets.end(),
                         [&](const set_value* other) { return other != nullptr && other->contains(member); })) {
          set_add(result, member, limits(ctx));
        }
      }
      break;
  }
  return result;
}

void algebra_reply(command_context& ctx, algebra op) {
  std::vector<const set_value*> sets;
  if (!sets_at(ctx, 1, ctx.argv.size(), sets)) return;
  const set_value* walked = nullptr;
  const set_value result = combine(ctx, sets, op, walked);
  if (walked == nullptr || is_intset(*walked)) return reply_members(ctx, set_members_in_order(result));
  std::vector<std::string_view> members(result.begin(), result.end());
  reply_members(ctx, members);
}

// The result replaces the destination whatever it held, or deletes it when empty.
void algebra_store(command_context& ctx, algebra op) {
  std::vector<const set_value*> sets;
  if (!sets_at(ctx, 2, ctx.argv.size(), sets)) return;
  const set_value* walked = nullptr;
  set_value result = combine(ctx, sets, op, walked);
  const auto size = static_cast<long long>(result.size());
  store_result(ctx, ctx.argv[1], std::move(result), size == 0, keyspace_event::set, to_lower(ctx.argv[0]));
  ctx.reply.integer(size);
}

// SRANDMEMBER's and SPOP's distinct draws: `wanted` positions of a set of `size`, by a partial
// shuffle.
std::vector<std::size_t> distinct_positions(command_context& ctx, std::size_t size, std::size_t wanted) {
  std::vector<std::size_t> positions(size);
  for (std::size_t i = 0; i < size; ++i) positions[i] = i;
  for (std::size_t i = 0; i < wanted; ++i) {
    std::swap(positions[i], positions[i + ctx.core.random_below(size - i)]);
  }
  positions.resize(wanted);
  return positions;
}


void sadd(command_context& ctx) {
  const auto found = find_as<set_value>(ctx, ctx.argv[1]);
  if (found.wrong_type()) return ctx.reply.error(errors::wrong_type);
  set_value* set = found;
  if (set == nullptr) {
    set = &ctx.core.data().create(ctx.client.db, ctx.argv[1], set_value{}).value.as<set_value>();
  }
  long long added = 0;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    if (set_add(*set, ctx.argv[i], limits(ctx))) ++added;
  }
  if (added > 0) {
    ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
    notify(ctx, keyspace_event::set, "sadd", ctx.argv[1]);
  }
  ctx.reply.integer(added);
}

void srem(command_context& ctx) {
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  long long removed = 0;
  if (set != nullptr) {
    for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
      if (set->erase(ctx.argv[i])) ++removed;
    }
    if (removed > 0) {
      notify(ctx, keyspace_event::set, "srem", ctx.argv[1]);
      after_removal(ctx, ctx.argv[1], set->empty());
    }
  }
  ctx.reply.integer(removed);
}

void smembers(command_context& ctx) {
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (set == nullptr) return ctx.reply.set(0);
  reply_members(ctx, set_members_in_order(*set));
}

void sismember(command_context& ctx) {
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(set != nullptr && set->contains(ctx.argv[2]) ? 1 : 0);
}

// An array in RESP3 too, as Redis replies.
void smismember(command_context& ctx) {
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.array(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    ctx.reply.integer(set != nullptr && set->contains(ctx.argv[i]) ? 1 : 0);
  }
}

void scard(command_context& ctx) {
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(set == nullptr ? 0 : static_cast<long long>(set->size()));
}

// SMOVE source destination member: a missing source answers 0 before the destination's type is
// looked at.
void smove(command_context& ctx) {
  const auto source = find_as<set_value>(ctx, ctx.argv[1]);
  const auto destination = find_as<set_value>(ctx, ctx.argv[2]);
  if (source == nullptr && !source.wrong_type()) return ctx.reply.integer(0);
  if (source.wrong_type() || destination.wrong_type()) return ctx.reply.error(errors::wrong_type);
  const std::string_view member = ctx.argv[3];
  if (ctx.argv[1] == ctx.argv[2]) return ctx.reply.integer(source->contains(member) ? 1 : 0);
  if (!source->erase(member)) return ctx.reply.integer(0);
  notify(ctx, keyspace_event::set, "srem", ctx.argv[1]);
  after_removal(ctx, ctx.argv[1], source->empty());
  if (set_add(*writable<set_value>(ctx, ctx.argv[2]), member, limits(ctx))) {
    notify(ctx, keyspace_event::set, "sadd", ctx.argv[2]);
  }
  ctx.reply.integer(1);
}

void spop(command_context& ctx) {
  const bool with_count = ctx.argv.size() == 3;
  long long count = 1;
  if (!parse_pop_count_or_reply(ctx, errors::syntax, count)) return;
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (set == nullptr) return with_count ? ctx.reply.set(0) : ctx.reply.null();
  if (!with_count) {
    ctx.reply.bulk(set->take(ctx.core.random_below(set->size())));
    notify(ctx, keyspace_event::set, "spop", ctx.argv[1]);
    return after_removal(ctx, ctx.argv[1], set->empty());
  }
  if (count == 0) return ctx.reply.set(0);
  notify(ctx, keyspace_event::set, "spop", ctx.argv[1]);
  if (static_cast<unsigned long long>(count) >= set->size()) {
    // The whole set, listed as it was.
    reply_members(ctx, set_members_in_order(*set));
    return after_removal(ctx, ctx.argv[1], true);
  }
  std::vector<std::string> taken;
  for (long long i = 0; i < count; ++i) taken.push_back(set->take(ctx.core.random_below(set->size())));
  ctx.reply.set(taken.size());
  for (const auto& member : taken) ctx.reply.bulk(member);
  after_removal(ctx, ctx.argv[1], set->empty());
}

// SRANDMEMBER key [count]: a positive count gives distinct members (the whole set when it asks
// for as many), a negative one independent draws. An array in RESP3 too.
void srandmember(command_context& ctx) {
  if (ctx.argv.size() > 3) return ctx.reply.error(errors::syntax);
  if (ctx.argv.size() == 2) {
    const auto set = find_as<set_value>(ctx, ctx.argv[1]);
    if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
    if (set == nullptr) return ctx.reply.null();
    return ctx.reply.bulk(set->at(ctx.core.random_below(set->size())));
  }
  long long count = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], count)) return;
  if (count == LLONG_MIN) return ctx.reply.error(errors::out_of_range_not_llong_min);
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (set == nullptr || count == 0) return ctx.reply.array(0);
  const std::size_t size = set->size();
  if (count < 0) {
    const auto draws = static_cast<std::size_t>(-count);
    ctx.reply.array(draws);
    for (std::size_t i = 0; i < draws; ++i) ctx.reply.bulk(set->at(ctx.core.random_below(size)));
    return;
  }
  if (static_cast<unsigned long long>(count) >= size) {
    const auto members = set_members_in_order(*set);
    ctx.reply.array(members.size());
    for (const auto member : members) ctx.reply.bulk(member);
    return;
  }
  const auto positions = distinct_positions(ctx, size, static_cast<std::size_t>(count));
  ctx.reply.array(positions.size());
  for (const std::size_t i : positions) ctx.reply.bulk(set->at(i));
}

void sinter(command_context& ctx) { algebra_reply(ctx, algebra::inter); }
void sunion(command_context& ctx) { algebra_reply(ctx, algebra::union_); }
void sdiff(command_context& ctx) { algebra_reply(ctx, algebra::diff); }
void sinterstore(command_context& ctx) { algebra_store(ctx, algebra::inter); }
void sunionstore(command_context& ctx) { algebra_store(ctx, algebra::union_); }
void sdiffstore(command_context& ctx) { algebra_store(ctx, algebra::diff); }

// SINTERCARD numkeys key [key ...] [LIMIT limit]: every argument is read before any key.
void sintercard(command_context& ctx) {
  long long numkeys = 0;
  if (!kvresp::parse_integer(ctx.argv[1], numkeys) || numkeys <= 0) {
    return ctx.reply.error(errors::numkeys_positive);
  }
  if (numkeys > static_cast<long long>(ctx.argv.size()) - 2) return ctx.reply.error(errors::numkeys_past_arguments);
  const std::size_t keys_end = 2 + static_cast<std::size_t>(numkeys);
  long long limit = 0;
  for (std::size_t i = keys_end; i < ctx.argv.size(); i += 2) {
    if (i + 1 >= ctx.argv.size() || !equals_ignore_case(ctx.argv[i], "limit")) return ctx.reply.error(errors::syntax);
    if (!kvresp::parse_integer(ctx.argv[i + 1], limit) || limit < 0) return ctx.reply.error(errors::limit_negative);
  }
  std::vector<const set_value*> sets;
  if (!sets_at(ctx, 2, keys_end, sets)) return;
  if (std::find(sets.begin(), sets.end(), nullptr) != sets.end()) return ctx.reply.integer(0);
  std::stable_sort(sets.begin(), sets.end(), [](const set_value* a, const set_value* b) { return a->size() < b->size(); });
  long long found = 0;
  for (const auto& member : *sets.front()) {
    if (std::all_of(sets.begin() + 1, sets.end(), [&](const set_value* other) { return other->contains(member); })) {
      if (++found == limit) break;
    }
  }
  ctx.reply.integer(found);
}

// An intset is listed whole, in order, whatever the cursor and COUNT say, as Redis does.
void sscan(command_context& ctx) {
  std::uint64_t cursor = 0;
  if (!parse_cursor_or_reply(ctx, ctx.argv[2], cursor)) return;
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (set == nullptr) return reply_scan(ctx, 0, {});
  scan_options options;
  if (!parse_scan_options_or_reply(ctx, 3, false, options)) return;
  std::vector<std::string_view> visited;
  std::uint64_t next = 0;
  if (is_intset(*set)) {
    visited = set_members_in_order(*set);
  } else {
    const scan_page page = next_scan_page(cursor, options.count, set->size(),
                                          [&](std::size_t i) { return std::string_view(set->at(i)); });
    for (const std::size_t i : page.positions) visited.push_back(set->at(i));
    next = page.next_cursor;
  }
  if (options.pattern) {
    std::erase_if(visited, [&](std::string_view member) { return !glob_match(*options.pattern, member, false); });
  }
  reply_scan(ctx, next, visited);
}

}  // namespace

command_group set_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "sadd", .arity = -3, .flags = write | fast, .handler = sadd, .keys = one_key, .since = "1.0.0",
       .summary = "Adds one or more members to a set. Creates the key if it doesn't exist.",
       .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."},
      {.name = "scard", .arity = 2, .flags = readonly | fast, .handler = scard, .keys = one_key, .since = "1.0.0",
       .summary = "Returns the number of members in a set.",
       .complexity = "O(1)"},
      {.name = "sdiff", .arity = -2, .flags = readonly, .handler = sdiff, .keys = every_key, .since = "1.0.0",
       .summary = "Returns the difference of multiple sets.",
       .complexity = "O(N) where N is the total number of elements in all given sets."},
      {.name = "sdiffstore", .arity = -3, .flags = write, .handler = sdiffstore, .keys = every_key, .since = "1.0.0",
       .summary = "Stores the difference of multiple sets in a key.",
       .complexity = "O(N) where N is the total number of elements in all given sets."},
      {.name = "sinter", .arity = -2, .flags = readonly, .handler = sinter, .keys = every_key, .since = "1.0.0",
       .summary = "Returns the intersect of multiple sets.",
       .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets."},
      {.name = "sintercard", .arity = -3, .flags = readonly, .handler = sintercard, .keys = no_keys, .since = "7.0.0",
       .summary = "Returns the number of members of the intersect of multiple sets.",
       .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets."},
      {.name = "sinterstore", .arity = -3, .flags = write, .handler = sinterstore, .keys = every_key, .since = "1.0.0",
       .summary = "Stores the intersect of multiple sets in a key.",
       .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets."},
      {.name = "sismember", .arity = 3, .flags = readonly | fast, .handler = sismember, .keys = one_key, .since = "1.0.0",
       .summary = "Determines whether a member belongs to a set.",
       .complexity = "O(1)"},
      {.name = "smembers", .arity = 2, .flags = readonly, .handler = smembers, .keys = one_key, .since = "1.0.0",
       .summary = "Returns all members of a set.",
       .complexity = "O(N) where N is the set cardinality."},
      {.name = "smismember", .arity = -3, .flags = readonly | fast, .handler = smismember, .keys = one_key, .since = "6.2.0",
       .summary = "Determines whether multiple members belong to a set.",
       .complexity = "O(N) where N is the number of elements being checked for membership"},
      {.name = "smove", .arity = 4, .flags = write | fast, .handler = smove, .keys = two_keys, .since = "1.0.0",
       .summary = "Moves a member from one set to another.",
       .complexity = "O(1)"},
      {.name = "spop", .arity = -2, .flags = write | fast, .handler = spop, .keys = one_key, .since = "1.0.0",
       .summary = "Returns one or more random members from a set after removing them. Deletes the set if the last member was popped.",
       .complexity = "Without the count argument O(1), otherwise O(N) where N is the value of the passed count."},
      {.name = "srandmember", .arity = -2, .flags = readonly, .handler = srandmember, .keys = one_key, .since = "1.0.0",
       .summary = "Get one or multiple random members from a set",
       .complexity = "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count."},
      {.name = "srem", .arity = -3, .flags = write | fast, .handler = srem, .keys = one_key, .since = "1.0.0",
       .summary = "Removes one or more members from a set. Deletes the set if the last member was removed.",
       .complexity = "O(N) where N is the number of members to be removed."},
      {.name = "sscan", .arity = -3, .flags = readonly, .handler = sscan, .keys = one_key, .since = "2.8.0",
       .summary = "Iterates over members of a set.",
       .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection."},
      {.name = "sunion", .arity = -2, .flags = readonly, .handler = sunion, .keys = every_key, .since = "1.0.0",
       .summary = "Returns the union of multiple sets.",
       .complexity = "O(N) where N is the total number of elements in all given sets."},
      {.name = "sunionstore", .arity = -3, .flags = write, .handler = sunionstore, .keys = every_key, .since = "1.0.0",
       .summary = "Stores the union of multiple sets in a key.",
       .complexity = "O(N) where N is the total number of elements in all given sets."},
  };
  return {"set", specs};
}

}  // namespace kvmock::commands

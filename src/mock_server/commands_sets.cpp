// Set commands: SADD, SREM, SMEMBERS, SISMEMBER, SCARD, SPOP. Enough for redis-benchmark's
// default tests and for clients' basic use. A set that becomes empty is removed.

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "encodings.hpp"
#include "kvresp/integer.hpp"

namespace kvmock::commands {
namespace {


void sadd(command_context& ctx) {
  const auto found = find_as<set_value>(ctx, ctx.argv[1]);
  if (found.wrong_type()) return ctx.reply.error(errors::wrong_type);
  set_value* set = found;
  if (set == nullptr) {
    set = &ctx.core.data().create(ctx.client.db, ctx.argv[1], set_value{}).value.as<set_value>();
  }
  long long added = 0;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    if (set->insert(ctx.argv[i])) ++added;
  }
  if (added > 0) ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
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
    if (removed > 0) after_removal(ctx, ctx.argv[1], set->empty());
  }
  ctx.reply.integer(removed);
}

void smembers(command_context& ctx) {
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  std::vector<std::string> members;
  if (set != nullptr) members.assign(set->begin(), set->end());
  if (set != nullptr && is_intset(*set)) {
    // An intset is kept sorted, so Redis lists it in numeric order.
    std::sort(members.begin(), members.end(), [](const std::string& a, const std::string& b) {
      long long x = 0, y = 0;
      kvresp::parse_integer(a, x);
      kvresp::parse_integer(b, y);
      return x < y;
    });
  }
  ctx.reply.set(members.size());
  for (const auto& member : members) ctx.reply.bulk(member);
}

void sismember(command_context& ctx) {
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(set != nullptr && set->contains(ctx.argv[2]) ? 1 : 0);
}

void scard(command_context& ctx) {
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(set == nullptr ? 0 : static_cast<long long>(set->size()));
}

void spop(command_context& ctx) {
  const bool with_count = ctx.argv.size() == 3;
  long long count = 1;
  if (!parse_pop_count_or_reply(ctx, errors::syntax, count)) return;
  const auto set = find_as<set_value>(ctx, ctx.argv[1]);
  if (set.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (set == nullptr) {
    if (with_count) {
      ctx.reply.set(0);
    } else {
      ctx.reply.null();
    }
    return;
  }
  const auto taken = static_cast<std::size_t>(std::min<long long>(count, static_cast<long long>(set->size())));
  if (with_count) ctx.reply.set(taken);
  for (std::size_t i = 0; i < taken; ++i) {
    ctx.reply.bulk(set->take(ctx.core.random_below(set->size())));
  }
  if (taken > 0) after_removal(ctx, ctx.argv[1], set->empty());
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
      {.name = "sismember", .arity = 3, .flags = readonly | fast, .handler = sismember, .keys = one_key, .since = "1.0.0",
       .summary = "Determines whether a member belongs to a set.",
       .complexity = "O(1)"},
      {.name = "smembers", .arity = 2, .flags = readonly, .handler = smembers, .keys = one_key, .since = "1.0.0",
       .summary = "Returns all members of a set.",
       .complexity = "O(N) where N is the set cardinality."},
      {.name = "spop", .arity = -2, .flags = write | fast, .handler = spop, .keys = one_key, .since = "1.0.0",
       .summary = "Returns one or more random members from a set after removing them. Deletes the set if the last member was popped.",
       .complexity = "Without the count argument O(1), otherwise O(N) where N is the value of the passed count."},
      {.name = "srem", .arity = -3, .flags = write | fast, .handler = srem, .keys = one_key, .since = "1.0.0",
       .summary = "Removes one or more members from a set. Deletes the set if the last member was removed.",
       .complexity = "O(N) where N is the number of members to be removed."},
  };
  return {"set", specs};
}

}  // namespace kvmock::commands

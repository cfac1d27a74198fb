// Set commands: SADD, SREM, SMEMBERS, SISMEMBER, SCARD, SPOP. Enough for redis-benchmark's
// default tests and for clients' basic use. A set that becomes empty is removed.

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "kvresp/integer.hpp"
#include "kvresp/writer.hpp"

namespace kvmock::commands {
namespace {

bool contains(const set_value& set, std::string_view member) {
  return std::find(set.begin(), set.end(), member) != set.end();
}


// Repeatable from the seed, as RANDOMKEY: the same workload pops the same members.
std::size_t pick(command_context& ctx, std::size_t size) {
  return std::hash<std::uint64_t>{}(ctx.core.options().seed ^ ctx.core.stats().commands_processed) %
         size;
}

}  // namespace

bool is_intset(const set_value& set) {
  long long ignored = 0;
  return set.size() <= 512 && std::all_of(set.begin(), set.end(), [&](const std::string& member) {
           return kvresp::parse_integer(member, ignored);
         });
}

void sadd(command_context& ctx) {
  bool wrong_type = false;
  set_value* set = find_value<set_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (set == nullptr) {
    set = &std::get<set_value>(ctx.core.data().create(ctx.client.db, ctx.argv[1], set_value{}).value);
  }
  long long added = 0;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    if (!contains(*set, ctx.argv[i])) {
      set->emplace_back(ctx.argv[i]);
      ++added;
    }
  }
  if (added > 0) ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  kvresp::append_integer(ctx.out, added);
}

void srem(command_context& ctx) {
  bool wrong_type = false;
  set_value* set = find_value<set_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  long long removed = 0;
  if (set != nullptr) {
    for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
      const auto it = std::find(set->begin(), set->end(), ctx.argv[i]);
      if (it != set->end()) {
        set->erase(it);
        ++removed;
      }
    }
    if (removed > 0) after_removal(ctx, set->empty());
  }
  kvresp::append_integer(ctx.out, removed);
}

void smembers(command_context& ctx) {
  bool wrong_type = false;
  const set_value* set = find_value<set_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  std::vector<std::string> members = set == nullptr ? set_value{} : *set;
  if (set != nullptr && is_intset(*set)) {
    // An intset is kept sorted, so Redis lists it in numeric order.
    std::sort(members.begin(), members.end(), [](const std::string& a, const std::string& b) {
      long long x = 0, y = 0;
      kvresp::parse_integer(a, x);
      kvresp::parse_integer(b, y);
      return x < y;
    });
  }
  reply_set_header(ctx, members.size());
  for (const auto& member : members) kvresp::append_bulk_string(ctx.out, member);
}

void sismember(command_context& ctx) {
  bool wrong_type = false;
  const set_value* set = find_value<set_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  ctx.out += set != nullptr && contains(*set, ctx.argv[2]) ? replies::one : replies::zero;
}

void scard(command_context& ctx) {
  bool wrong_type = false;
  const set_value* set = find_value<set_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  kvresp::append_integer(ctx.out, set == nullptr ? 0 : static_cast<long long>(set->size()));
}

void spop(command_context& ctx) {
  const bool with_count = ctx.argv.size() == 3;
  long long count = 1;
  if (!parse_pop_count(ctx, replies::syntax_error, count)) return;
  bool wrong_type = false;
  set_value* set = find_value<set_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (set == nullptr) {
    if (with_count) {
      ctx.out += ctx.client.protocol == 3 ? "~0\r\n" : replies::empty_array;
    } else {
      reply_null(ctx);
    }
    return;
  }
  const auto taken = static_cast<std::size_t>(std::min<long long>(count, static_cast<long long>(set->size())));
  if (with_count) reply_set_header(ctx, taken);
  for (std::size_t i = 0; i < taken; ++i) {
    const auto at = set->begin() + static_cast<std::ptrdiff_t>(pick(ctx, set->size()));
    kvresp::append_bulk_string(ctx.out, *at);
    set->erase(at);
  }
  if (taken > 0) after_removal(ctx, set->empty());
}

}  // namespace kvmock::commands

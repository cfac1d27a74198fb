// List commands: LPUSH, RPUSH, LPOP, RPOP, LLEN, LRANGE, LINDEX, LREM, LTRIM. A list that becomes
// empty is removed, as in Redis.

#include <algorithm>
#include <string>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "kvresp/integer.hpp"

namespace kvmock::commands {
namespace {

void push(command_context& ctx, bool at_head) {
  list_value* list = writable<list_value>(ctx, ctx.argv[1]);
  if (list == nullptr) return;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    if (at_head) {
      list->push_front(ctx.argv[i]);
    } else {
      list->push_back(ctx.argv[i]);
    }
  }
  ctx.reply.integer(static_cast<long long>(list->size()));
}


void pop(command_context& ctx, bool at_head) {
  const bool with_count = ctx.argv.size() == 3;
  long long count = 1;
  if (!parse_pop_count_or_reply(ctx, errors::arity(at_head ? "lpop" : "rpop"), count)) return;
  const auto list = find_as<list_value>(ctx, ctx.argv[1]);
  if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (list == nullptr) {
    if (with_count) {
      ctx.reply.null_array();
    } else {
      ctx.reply.null();
    }
    return;
  }
  if (with_count && count == 0) {
    ctx.reply.array(0);
    return;
  }
  const auto taken = static_cast<std::size_t>(std::min<long long>(count, static_cast<long long>(list->size())));
  if (with_count) ctx.reply.array(taken);
  for (std::size_t i = 0; i < taken; ++i) {
    ctx.reply.bulk(at_head ? list->pop_front() : list->pop_back());
  }
  after_removal(ctx, ctx.argv[1], list->empty());
}

// Redis's clamping of a start/stop pair to [0, size): false if the range is empty.
bool clamp_range(long long start, long long stop, std::size_t size, std::size_t& from, std::size_t& to) {
  const auto length = static_cast<long long>(size);
  if (start < 0) start += length;
  if (stop < 0) stop += length;
  if (start < 0) start = 0;
  if (start > stop || start >= length) return false;
  if (stop >= length) stop = length - 1;
  from = static_cast<std::size_t>(start);
  to = static_cast<std::size_t>(stop);
  return true;
}


void lpush(command_context& ctx) { push(ctx, true); }

void rpush(command_context& ctx) { push(ctx, false); }

void lpop(command_context& ctx) { pop(ctx, true); }

void rpop(command_context& ctx) { pop(ctx, false); }

void llen(command_context& ctx) {
  const auto list = find_as<list_value>(ctx, ctx.argv[1]);
  if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(list == nullptr ? 0 : static_cast<long long>(list->size()));
}

void lrange(command_context& ctx) {
  long long start = 0;
  long long stop = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], start) ||
      !parse_integer_or_reply(ctx, ctx.argv[3], stop)) {
    return;
  }
  const auto list = find_as<list_value>(ctx, ctx.argv[1]);
  if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
  std::size_t from = 0;
  std::size_t to = 0;
  if (list == nullptr || !clamp_range(start, stop, list->size(), from, to)) {
    ctx.reply.array(0);
    return;
  }
  ctx.reply.array(to - from + 1);
  list->for_each(from, to, [&](std::string_view element) { ctx.reply.bulk(element); });
}

void lindex(command_context& ctx) {
  // The key before the index, as lindexCommand: a missing key answers nil whatever the index.
  const auto list = find_as<list_value>(ctx, ctx.argv[1]);
  if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (list == nullptr) {
    ctx.reply.null();
    return;
  }
  long long index = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], index)) return;
  if (index < 0) index += static_cast<long long>(list->size());
  if (index < 0 || index >= static_cast<long long>(list->size())) {
    ctx.reply.null();
    return;
  }
  ctx.reply.bulk((*list)[static_cast<std::size_t>(index)]);
}

void lrem(command_context& ctx) {
  long long count = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], count)) return;
  const auto list = find_as<list_value>(ctx, ctx.argv[1]);
  if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (list == nullptr) {
    ctx.reply.integer(0);
    return;
  }
  const std::string_view element = ctx.argv[3];
  // -(count + 1) + 1 rather than -count, which overflows for LLONG_MIN.
  const std::size_t limit = count == 0  ? list->size()
                            : count > 0 ? static_cast<std::size_t>(count)
                                        : static_cast<std::size_t>(-(count + 1)) + 1;
  // Which elements go, counted from the head (count >= 0) or the tail, then one pass keeping
  // the others.
  std::vector<bool> goes(list->size(), false);
  std::size_t removed = 0;
  if (count >= 0) {
    std::size_t i = 0;
    list->for_each([&](std::string_view e) {
      if (removed < limit && e == element) {
        goes[i] = true;
        ++removed;
      }
      ++i;
    });
  } else {
    for (std::size_t i = list->size(); i-- > 0 && removed < limit;) {
      if (list->at(i) == element) {
        goes[i] = true;
        ++removed;
      }
    }
  }
  if (removed > 0) {
    std::size_t i = 0;
    list->retain([&](std::string_view) { return !goes[i++]; });
  }
  if (removed > 0) after_removal(ctx, ctx.argv[1], list->empty());
  ctx.reply.integer(static_cast<long long>(removed));
}

void ltrim(command_context& ctx) {
  long long start = 0;
  long long stop = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], start) ||
      !parse_integer_or_reply(ctx, ctx.argv[3], stop)) {
    return;
  }
  const auto list = find_as<list_value>(ctx, ctx.argv[1]);
  if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (list != nullptr) {
    std::size_t from = 0;
    std::size_t to = 0;
    if (clamp_range(start, stop, list->size(), from, to)) {
      list->keep(from, to);
    } else {
      *list = list_value();
    }
    after_removal(ctx, ctx.argv[1], list->empty());
  }
  ctx.reply.ok();
}

}  // namespace

command_group list_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "lindex", .arity = 3, .flags = readonly, .handler = lindex, .keys = one_key, .since = "1.0.0",
       .summary = "Returns an element from a list by its index.",
       .complexity = "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1)."},
      {.name = "llen", .arity = 2, .flags = readonly | fast, .handler = llen, .keys = one_key, .since = "1.0.0",
       .summary = "Returns the length of a list.",
       .complexity = "O(1)"},
      {.name = "lpop", .arity = -2, .flags = write | fast, .handler = lpop, .keys = one_key, .since = "1.0.0",
       .summary = "Returns the first elements in a list after removing it. Deletes the list if the last element was popped.",
       .complexity = "O(N) where N is the number of elements returned"},
      {.name = "lpush", .arity = -3, .flags = write | fast, .handler = lpush, .keys = one_key, .since = "1.0.0",
       .summary = "Prepends one or more elements to a list. Creates the key if it doesn't exist.",
       .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."},
      {.name = "lrange", .arity = 4, .flags = readonly, .handler = lrange, .keys = one_key, .since = "1.0.0",
       .summary = "Returns a range of elements from a list.",
       .complexity = "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range."},
      {.name = "lrem", .arity = 4, .flags = write, .handler = lrem, .keys = one_key, .since = "1.0.0",
       .summary = "Removes elements from a list. Deletes the list if the last element was removed.",
       .complexity = "O(N+M) where N is the length of the list and M is the number of elements removed."},
      {.name = "ltrim", .arity = 4, .flags = write, .handler = ltrim, .keys = one_key, .since = "1.0.0",
       .summary = "Removes elements from both ends a list. Deletes the list if all elements were trimmed.",
       .complexity = "O(N) where N is the number of elements to be removed by the operation."},
      {.name = "rpop", .arity = -2, .flags = write | fast, .handler = rpop, .keys = one_key, .since = "1.0.0",
       .summary = "Returns and removes the last elements of a list. Deletes the list if the last element was popped.",
       .complexity = "O(N) where N is the number of elements returned"},
      {.name = "rpush", .arity = -3, .flags = write | fast, .handler = rpush, .keys = one_key, .since = "1.0.0",
       .summary = "Appends one or more elements to a list. Creates the key if it doesn't exist.",
       .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."},
  };
  return {"list", specs};
}

}  // namespace kvmock::commands

// List commands: LPUSH, RPUSH, LPOP, RPOP, LLEN, LRANGE, LINDEX, LREM, LTRIM. A list that becomes
// empty is removed, as in Redis.

#include <algorithm>
#include <string>

#include "commands.hpp"
#include "kvresp/integer.hpp"
#include "kvresp/writer.hpp"

namespace kvmock::commands {
namespace {

void push(command_context& ctx, bool at_head) {
  bool wrong_type = false;
  list_value* list = find_value<list_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (list == nullptr) {
    list = &std::get<list_value>(ctx.core.data().create(ctx.client.db, ctx.argv[1], list_value{}).value);
  } else {
    ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  }
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    if (at_head) {
      list->emplace_front(ctx.argv[i]);
    } else {
      list->emplace_back(ctx.argv[i]);
    }
  }
  kvresp::append_integer(ctx.out, static_cast<long long>(list->size()));
}


void pop(command_context& ctx, bool at_head) {
  const bool with_count = ctx.argv.size() == 3;
  long long count = 1;
  if (!parse_pop_count(ctx, replies::arity_error(at_head ? "lpop" : "rpop"), count)) return;
  bool wrong_type = false;
  list_value* list = find_value<list_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (list == nullptr) {
    if (with_count) {
      reply_null_array(ctx);
    } else {
      reply_null(ctx);
    }
    return;
  }
  if (with_count && count == 0) {
    ctx.out += replies::empty_array;
    return;
  }
  const auto taken = static_cast<std::size_t>(std::min<long long>(count, static_cast<long long>(list->size())));
  if (with_count) kvresp::append_array_header(ctx.out, taken);
  for (std::size_t i = 0; i < taken; ++i) {
    kvresp::append_bulk_string(ctx.out, at_head ? list->front() : list->back());
    if (at_head) {
      list->pop_front();
    } else {
      list->pop_back();
    }
  }
  after_removal(ctx, list->empty());
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

}  // namespace

void lpush(command_context& ctx) { push(ctx, true); }

void rpush(command_context& ctx) { push(ctx, false); }

void lpop(command_context& ctx) { pop(ctx, true); }

void rpop(command_context& ctx) { pop(ctx, false); }

void llen(command_context& ctx) {
  bool wrong_type = false;
  const list_value* list = find_value<list_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  kvresp::append_integer(ctx.out, list == nullptr ? 0 : static_cast<long long>(list->size()));
}

void lrange(command_context& ctx) {
  long long start = 0;
  long long stop = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], start) ||
      !parse_integer_or_reply(ctx, ctx.argv[3], stop)) {
    return;
  }
  bool wrong_type = false;
  const list_value* list = find_value<list_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  std::size_t from = 0;
  std::size_t to = 0;
  if (list == nullptr || !clamp_range(start, stop, list->size(), from, to)) {
    ctx.out += replies::empty_array;
    return;
  }
  kvresp::append_array_header(ctx.out, to - from + 1);
  for (std::size_t i = from; i <= to; ++i) kvresp::append_bulk_string(ctx.out, (*list)[i]);
}

void lindex(command_context& ctx) {
  // The key before the index, as lindexCommand: a missing key answers nil whatever the index.
  bool wrong_type = false;
  const list_value* list = find_value<list_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (list == nullptr) {
    reply_null(ctx);
    return;
  }
  long long index = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], index)) return;
  if (index < 0) index += static_cast<long long>(list->size());
  if (index < 0 || index >= static_cast<long long>(list->size())) {
    reply_null(ctx);
    return;
  }
  kvresp::append_bulk_string(ctx.out, (*list)[static_cast<std::size_t>(index)]);
}

void lrem(command_context& ctx) {
  long long count = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], count)) return;
  bool wrong_type = false;
  list_value* list = find_value<list_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (list == nullptr) {
    ctx.out += replies::zero;
    return;
  }
  const std::string_view element = ctx.argv[3];
  // -(count + 1) + 1 rather than -count, which overflows for LLONG_MIN.
  const std::size_t limit = count == 0  ? list->size()
                            : count > 0 ? static_cast<std::size_t>(count)
                                        : static_cast<std::size_t>(-(count + 1)) + 1;
  long long removed = 0;
  if (count >= 0) {
    for (auto it = list->begin(); it != list->end() && static_cast<std::size_t>(removed) < limit;) {
      if (*it == element) {
        it = list->erase(it);
        ++removed;
      } else {
        ++it;
      }
    }
  } else {
    for (auto it = list->end(); it != list->begin() && static_cast<std::size_t>(removed) < limit;) {
      --it;
      if (*it == element) {
        it = list->erase(it);
        ++removed;
      }
    }
  }
  if (removed > 0) after_removal(ctx, list->empty());
  kvresp::append_integer(ctx.out, removed);
}

void ltrim(command_context& ctx) {
  long long start = 0;
  long long stop = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], start) ||
      !parse_integer_or_reply(ctx, ctx.argv[3], stop)) {
    return;
  }
  bool wrong_type = false;
  list_value* list = find_value<list_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (list != nullptr) {
    std::size_t from = 0;
    std::size_t to = 0;
    if (clamp_range(start, stop, list->size(), from, to)) {
      list->erase(list->begin() + static_cast<std::ptrdiff_t>(to + 1), list->end());
      list->erase(list->begin(), list->begin() + static_cast<std::ptrdiff_t>(from));
    } else {
      list->clear();
    }
    after_removal(ctx, list->empty());
  }
  ctx.out += replies::ok;
}

}  // namespace kvmock::commands

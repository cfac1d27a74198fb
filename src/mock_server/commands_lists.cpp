// List commands: LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LMPOP, LMOVE, RPOPLPUSH, LLEN, LRANGE,
// LINDEX, LPOS, LSET, LINSERT, LREM, LTRIM, and the blocking BLPOP, BRPOP, BLMOVE, BRPOPLPUSH,
// BLMPOP. A list that becomes empty is removed, as in Redis. A blocking command with nothing to
// pop waits (block_on_keys); when a key it waits on is written, the server retries it on that
// key, and what it answers then serves the client.

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

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
  notify(ctx, keyspace_event::list, at_head ? "lpush" : "rpush", ctx.argv[1]);
  ctx.reply.integer(static_cast<long long>(list->size()));
}


// LPUSHX, RPUSHX: only onto a list that exists.
void push_existing(command_context& ctx, bool at_head) {
  const auto list = find_as<list_value>(ctx, ctx.argv[1]);
  if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (list == nullptr) return ctx.reply.integer(0);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    if (at_head) {
      list->push_front(ctx.argv[i]);
    } else {
      list->push_back(ctx.argv[i]);
    }
  }
  ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  notify(ctx, keyspace_event::list, at_head ? "lpush" : "rpush", ctx.argv[1]);
  ctx.reply.integer(static_cast<long long>(list->size()));
}

// LEFT or RIGHT, as LMOVE and LMPOP spell an end; false for anything else.
bool parse_end(std::string_view text, bool& at_head) {
  if (equals_ignore_case(text, "left")) {
    at_head = true;
  } else if (equals_ignore_case(text, "right")) {
    at_head = false;
  } else {
    return false;
  }
  return true;
}

// LMOVE's and RPOPLPUSH's work once the ends are known: the destination's type is checked only
// when the source has an element, and the source is removed only after the push, so that a
// one-element list moved onto itself stays.
void move(command_context& ctx, bool from_head, bool to_head) {
  const std::string_view source_key = ctx.argv[1];
  const std::string_view destination_key = ctx.argv[2];
  const auto source = find_as<list_value>(ctx, source_key);
  if (source.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (source == nullptr) return ctx.reply.null();
  if (find_as<list_value>(ctx, destination_key).wrong_type()) return ctx.reply.error(errors::wrong_type);
  std::string element = from_head ? source->pop_front() : source->pop_back();
  list_value* destination = writable<list_value>(ctx, destination_key);
  if (to_head) {
    destination->push_front(element);
  } else {
    destination->push_back(element);
  }
  notify(ctx, keyspace_event::list, to_head ? "lpush" : "rpush", destination_key);
  notify(ctx, keyspace_event::list, from_head ? "lpop" : "rpop", source_key);
  after_removal(ctx, source_key, source->empty());
  ctx.reply.bulk(element);
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
  notify(ctx, keyspace_event::list, at_head ? "lpop" : "rpop", ctx.argv[1]);
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

void lpushx(command_context& ctx) { push_existing(ctx, true); }

void rpushx(command_context& ctx) { push_existing(ctx, false); }

void rpush(command_context& ctx) { push(ctx, false); }

void lpop(command_context& ctx) { pop(ctx, true); }

void rpop(command_context& ctx) { pop(ctx, false); }

void lmove(command_context& ctx) {
  bool from_head = false;
  bool to_head = false;
  if (!parse_end(ctx.argv[3], from_head) || !parse_end(ctx.argv[4], to_head)) {
    return ctx.reply.error(errors::syntax);
  }
  move(ctx, from_head, to_head);
}

void rpoplpush(command_context& ctx) { move(ctx, false, true); }

// LMPOP's work from argv[numkeys_at] on (numkeys key [key ...] LEFT|RIGHT [COUNT count]): the
// first key holding a list is popped. False, with nothing replied, when no key holds a list.
bool mpop_from(command_context& ctx, std::size_t numkeys_at, std::size_t& key_count) {
  const auto parsed = parse_mpop_or_reply(ctx, numkeys_at, "left", "right");
  if (!parsed) return true;
  const bool at_head = !parsed->second_end;
  for (std::size_t k = parsed->first_key; k < parsed->first_key + parsed->key_count; ++k) {
    const auto list = find_as<list_value>(ctx, ctx.argv[k]);
    if (list.wrong_type()) {
      ctx.reply.error(errors::wrong_type);
      return true;
    }
    if (list == nullptr) continue;
    const auto taken = static_cast<std::size_t>(std::min<long long>(parsed->count, static_cast<long long>(list->size())));
    ctx.reply.array(2);
    ctx.reply.bulk(ctx.argv[k]);
    ctx.reply.array(taken);
    for (std::size_t n = 0; n < taken; ++n) ctx.reply.bulk(at_head ? list->pop_front() : list->pop_back());
    notify(ctx, keyspace_event::list, at_head ? "lpop" : "rpop", ctx.argv[k]);
    after_removal(ctx, ctx.argv[k], list->empty());
    return true;
  }
  key_count = parsed->key_count;
  return false;
}

void lmpop(command_context& ctx) {
  std::size_t key_count = 0;
  if (!mpop_from(ctx, 1, key_count)) ctx.reply.null_array();
}

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: the timeout is read first.
void blmpop(command_context& ctx) {
  unix_ms deadline = 0;
  if (!parse_block_timeout_or_reply(ctx, ctx.argv[1], deadline)) return;
  std::size_t key_count = 0;
  if (!mpop_from(ctx, 2, key_count)) block_on_keys(ctx, 3, key_count, value_type::list, deadline, true, 2);
}

// BLPOP and BRPOP key [key ...] timeout: the first key holding a list gives [key, element].
void blocking_pop(command_context& ctx, bool at_head) {
  unix_ms deadline = 0;
  if (!parse_block_timeout_or_reply(ctx, ctx.argv.back(), deadline)) return;
  const std::size_t keys_end = ctx.argv.size() - 1;
  for (std::size_t k = 1; k < keys_end; ++k) {
    const auto list = find_as<list_value>(ctx, ctx.argv[k]);
    if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
    if (list == nullptr) continue;
    ctx.reply.array(2);
    ctx.reply.bulk(ctx.argv[k]);
    ctx.reply.bulk(at_head ? list->pop_front() : list->pop_back());
    notify(ctx, keyspace_event::list, at_head ? "lpop" : "rpop", ctx.argv[k]);
    after_removal(ctx, ctx.argv[k], list->empty());
    return;
  }
  block_on_keys(ctx, 1, keys_end - 1, value_type::list, deadline, true);
}

void blpop(command_context& ctx) { blocking_pop(ctx, true); }
void brpop(command_context& ctx) { blocking_pop(ctx, false); }

// BLMOVE's and BRPOPLPUSH's work once the ends are known: a missing source waits (answered
// with a null bulk inside EXEC), a source of another type fails at once.
void blocking_move(command_context& ctx, std::string_view timeout, bool from_head, bool to_head) {
  unix_ms deadline = 0;
  if (!parse_block_timeout_or_reply(ctx, timeout, deadline)) return;
  const auto source = find_as<list_value>(ctx, ctx.argv[1]);
  if (source.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (source == nullptr) return block_on_keys(ctx, 1, 1, value_type::list, deadline, false);
  move(ctx, from_head, to_head);
}

void blmove(command_context& ctx) {
  bool from_head = false;
  bool to_head = false;
  if (!parse_end(ctx.argv[3], from_head) || !parse_end(ctx.argv[4], to_head)) {
    return ctx.reply.error(errors::syntax);
  }
  blocking_move(ctx, ctx.argv[5], from_head, to_head);
}

void brpoplpush(command_context& ctx) { blocking_move(ctx, ctx.argv[3], false, true); }

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

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: the options are read, last one
// winning, before the key is looked up.
void lpos(command_context& ctx) {
  long long rank = 1;
  long long count = -1;  // absent: one index or null
  long long maxlen = 0;  // 0: no limit
  for (std::size_t i = 3; i < ctx.argv.size(); i += 2) {
    if (i + 1 >= ctx.argv.size()) return ctx.reply.error(errors::syntax);
    const std::string_view option = ctx.argv[i];
    const std::string_view value = ctx.argv[i + 1];
    if (equals_ignore_case(option, "rank")) {
      if (!parse_integer_or_reply(ctx, value, rank)) return;
      if (rank == 0) return ctx.reply.error(errors::lpos_rank_zero);
    } else if (equals_ignore_case(option, "count")) {
      if (!kvresp::parse_integer(value, count) || count < 0) return ctx.reply.error(errors::lpos_count_negative);
    } else if (equals_ignore_case(option, "maxlen")) {
      if (!kvresp::parse_integer(value, maxlen) || maxlen < 0) {
        return ctx.reply.error(errors::lpos_maxlen_negative);
      }
    } else {
      return ctx.reply.error(errors::syntax);
    }
  }
  const auto list = find_as<list_value>(ctx, ctx.argv[1]);
  if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
  const bool with_count = count >= 0;
  if (list == nullptr) return with_count ? ctx.reply.array(0) : ctx.reply.null();

  // Redis 7.0 negates RANK for a scan from the tail; LLONG_MIN stays negative, so that rank
  // skips nothing and its COUNT test overflows: it collects every match (newer versions refuse
  // that rank).
  const bool from_tail = rank < 0;
  const bool count_unbounded = count == 0 || rank == LLONG_MIN;
  const unsigned long long skip = rank == LLONG_MIN ? 0
                                  : from_tail       ? static_cast<unsigned long long>(-(rank + 1))
                                                    : static_cast<unsigned long long>(rank - 1);
  const std::size_t size = list->size();
  const std::size_t inspected = maxlen == 0 ? size : std::min<std::size_t>(size, static_cast<std::size_t>(maxlen));
  std::vector<long long> found;
  unsigned long long matches = 0;
  const std::string_view element = ctx.argv[2];
  for (std::size_t n = 0; n < inspected; ++n) {
    const std::size_t index = from_tail ? size - 1 - n : n;
    if (list->at(index) != element) continue;
    if (matches++ < skip) continue;
    found.push_back(static_cast<long long>(index));
    if (!with_count || (!count_unbounded && static_cast<long long>(found.size()) >= count)) break;
  }
  if (!with_count) return found.empty() ? ctx.reply.null() : ctx.reply.integer(found.front());
  ctx.reply.array(found.size());
  for (const long long index : found) ctx.reply.integer(index);
}

// LSET key index element: the key before the index, as lsetCommand.
void lset(command_context& ctx) {
  const auto list = find_as<list_value>(ctx, ctx.argv[1]);
  if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (list == nullptr) return ctx.reply.error(errors::no_such_key);
  long long index = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], index)) return;
  const auto size = static_cast<long long>(list->size());
  if (index < -size || index >= size) return ctx.reply.error(errors::index_out_of_range);
  list->set(static_cast<std::size_t>(index < 0 ? index + size : index), ctx.argv[3]);
  ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  notify(ctx, keyspace_event::list, "lset", ctx.argv[1]);
  ctx.reply.ok();
}

// LINSERT key BEFORE|AFTER pivot element: at the pivot's first occurrence.
void linsert(command_context& ctx) {
  bool after = false;
  if (equals_ignore_case(ctx.argv[2], "after")) {
    after = true;
  } else if (!equals_ignore_case(ctx.argv[2], "before")) {
    return ctx.reply.error(errors::syntax);
  }
  const auto list = find_as<list_value>(ctx, ctx.argv[1]);
  if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (list == nullptr) return ctx.reply.integer(0);
  for (std::size_t i = 0; i < list->size(); ++i) {
    if (list->at(i) != ctx.argv[3]) continue;
    list->insert(after ? i + 1 : i, ctx.argv[4]);
    ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
    notify(ctx, keyspace_event::list, "linsert", ctx.argv[1]);
    return ctx.reply.integer(static_cast<long long>(list->size()));
  }
  ctx.reply.integer(-1);
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
  if (removed > 0) {
    notify(ctx, keyspace_event::list, "lrem", ctx.argv[1]);
    after_removal(ctx, ctx.argv[1], list->empty());
  }
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
    notify(ctx, keyspace_event::list, "ltrim", ctx.argv[1]);
    after_removal(ctx, ctx.argv[1], list->empty());
  }
  ctx.reply.ok();
}

}  // namespace

command_group list_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "linsert", .arity = 5, .flags = write, .handler = linsert, .keys = one_key, .since = "2.2.0",
       .summary = "Inserts an element before or after another element in a list.",
       .complexity = "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N)."},
      {.name = "lindex", .arity = 3, .flags = readonly, .handler = lindex, .keys = one_key, .since = "1.0.0",
       .summary = "Returns an element from a list by its index.",
       .complexity = "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1)."},
      {.name = "llen", .arity = 2, .flags = readonly | fast, .handler = llen, .keys = one_key, .since = "1.0.0",
       .summary = "Returns the length of a list.",
       .complexity = "O(1)"},
      {.name = "blmove", .arity = 6, .flags = write | no_script, .handler = blmove, .keys = two_keys, .since = "6.2.0",
       .summary = "Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was moved.",
       .complexity = "O(1)"},
      {.name = "blmpop", .arity = -5, .flags = write | no_script, .handler = blmpop, .keys = no_keys, .since = "7.0.0",
       .summary = "Pops the first element from one of multiple lists. Blocks until an element is available otherwise. Deletes the list if the last element was popped.",
       .complexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned."},
      {.name = "blpop", .arity = -3, .flags = write | no_script, .handler = blpop, .keys = {1, -2, 1}, .since = "2.0.0",
       .summary = "Removes and returns the first element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.",
       .complexity = "O(N) where N is the number of provided keys."},
      {.name = "brpop", .arity = -3, .flags = write | no_script, .handler = brpop, .keys = {1, -2, 1}, .since = "2.0.0",
       .summary = "Removes and returns the last element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.",
       .complexity = "O(N) where N is the number of provided keys."},
      {.name = "brpoplpush", .arity = 4, .flags = write | no_script, .handler = brpoplpush, .keys = two_keys, .since = "2.2.0",
       .summary = "Pops an element from a list, pushes it to another list and returns it. Block until an element is available otherwise. Deletes the list if the last element was popped.",
       .complexity = "O(1)"},
      {.name = "lmove", .arity = 5, .flags = write, .handler = lmove, .keys = two_keys, .since = "6.2.0",
       .summary = "Returns an element after popping it from one list and pushing it to another. Deletes the list if the last element was moved.",
       .complexity = "O(1)"},
      {.name = "lmpop", .arity = -4, .flags = write, .handler = lmpop, .keys = no_keys, .since = "7.0.0",
       .summary = "Returns multiple elements from a list after removing them. Deletes the list if the last element was popped.",
       .complexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned."},
      {.name = "lpop", .arity = -2, .flags = write | fast, .handler = lpop, .keys = one_key, .since = "1.0.0",
       .summary = "Returns the first elements in a list after removing it. Deletes the list if the last element was popped.",
       .complexity = "O(N) where N is the number of elements returned"},
      {.name = "lpush", .arity = -3, .flags = write | fast, .handler = lpush, .keys = one_key, .since = "1.0.0",
       .summary = "Prepends one or more elements to a list. Creates the key if it doesn't exist.",
       .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."},
      {.name = "lpos", .arity = -3, .flags = readonly, .handler = lpos, .keys = one_key, .since = "6.0.6",
       .summary = "Returns the index of matching elements in a list.",
       .complexity = "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time."},
      {.name = "lpushx", .arity = -3, .flags = write | fast, .handler = lpushx, .keys = one_key, .since = "2.2.0",
       .summary = "Prepends one or more elements to a list only when the list exists.",
       .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."},
      {.name = "lrange", .arity = 4, .flags = readonly, .handler = lrange, .keys = one_key, .since = "1.0.0",
       .summary = "Returns a range of elements from a list.",
       .complexity = "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range."},
      {.name = "lrem", .arity = 4, .flags = write, .handler = lrem, .keys = one_key, .since = "1.0.0",
       .summary = "Removes elements from a list. Deletes the list if the last element was removed.",
       .complexity = "O(N+M) where N is the length of the list and M is the number of elements removed."},
      {.name = "lset", .arity = 4, .flags = write, .handler = lset, .keys = one_key, .since = "1.0.0",
       .summary = "Sets the value of an element in a list by its index.",
       .complexity = "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1)."},
      {.name = "ltrim", .arity = 4, .flags = write, .handler = ltrim, .keys = one_key, .since = "1.0.0",
       .summary = "Removes elements from both ends a list. Deletes the list if all elements were trimmed.",
       .complexity = "O(N) where N is the number of elements to be removed by the operation."},
      {.name = "rpoplpush", .arity = 3, .flags = write, .handler = rpoplpush, .keys = two_keys, .since = "1.2.0",
       .summary = "Returns the last element of a list after removing and pushing it to another list. Deletes the list if the last element was popped.",
       .complexity = "O(1)"},
      {.name = "rpop", .arity = -2, .flags = write | fast, .handler = rpop, .keys = one_key, .since = "1.0.0",
       .summary = "Returns and removes the last elements of a list. Deletes the list if the last element was popped.",
       .complexity = "O(N) where N is the number of elements returned"},
      {.name = "rpush", .arity = -3, .flags = write | fast, .handler = rpush, .keys = one_key, .since = "1.0.0",
       .summary = "Appends one or more elements to a list. Creates the key if it doesn't exist.",
       .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."},
      {.name = "rpushx", .arity = -3, .flags = write | fast, .handler = rpushx, .keys = one_key, .since = "2.2.0",
       .summary = "Appends an element to a list only when the list exists.",
       .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."},
  };
  return {"list", specs};
}

}  // namespace kvmock::commands

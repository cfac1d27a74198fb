// Stream commands: XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM, XREAD, XREADGROUP (both blocking
// with BLOCK), XGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO, XSETID, with Redis 7.0's
// argument checks in its order. A stream stays when it becomes empty, as in Redis. New IDs come
// from the server's clock, so a test that moves the clock sees them move too.

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "kvresp/integer.hpp"
#include "server_core.hpp"

namespace kvmock::commands {
namespace {

using errors::invalid_stream_id;

// A stream changed in place: WATCH and the clients waiting on it learn of it, then its event.
void stream_changed(command_context& ctx, std::string_view key, std::string_view event) {
  ctx.core.data().touch(ctx.client.db, key);
  notify(ctx, keyspace_event::stream, event, key);
}

// string2ull: a strict integer, else what strtoull reads in full ("+5", " 5", "007").
bool parse_unsigned(std::string_view text, std::uint64_t& out) {
  long long strict = 0;
  if (kvresp::parse_integer(text, strict)) {
    if (strict < 0) return false;
    out = static_cast<std::uint64_t>(strict);
    return true;
  }
  if (text.empty()) return false;
  const std::string copy(text);
  errno = 0;
  char* end = nullptr;
  out = std::strtoull(copy.c_str(), &end, 10);
  return errno != EINVAL && errno != ERANGE && *end == '\0';
}

// streamGenericParseIDOrReply: "-" and "+" (unless strict), "ms-seq", "ms" (seq missing_seq),
// and for XADD (seq_given non-null) "ms-*".
bool parse_id(std::string_view text, stream_id& id, std::uint64_t missing_seq, bool strict,
              bool* seq_given = nullptr) {
  if (text.size() > 127) return false;
  text = text.substr(0, text.find('\0'));  // Redis reads it as a C string
  if (seq_given != nullptr) *seq_given = true;
  if (text == "-" || text == "+") {
    if (strict) return false;
    id = text == "-" ? stream_id{} : stream_id::max();
    return true;
  }
  const auto dash = text.find('-');
  if (!parse_unsigned(text.substr(0, dash), id.ms)) return false;
  if (dash == std::string_view::npos) {
    id.seq = missing_seq;
    return true;
  }
  const std::string_view seq = text.substr(dash + 1);
  if (seq_given != nullptr && seq == "*") {
    id.seq = 0;
    *seq_given = false;
    return true;
  }
  return parse_unsigned(seq, id.seq);
}

bool parse_id_or_reply(command_context& ctx, std::string_view text, stream_id& id, std::uint64_t missing_seq,
                       bool strict, bool* seq_given = nullptr) {
  if (parse_id(text, id, missing_seq, strict, seq_given)) return true;
  ctx.reply.error(invalid_stream_id);
  return false;
}

bool parse_strict_id_or_reply(command_context& ctx, std::string_view text, stream_id& id) {
  return parse_id_or_reply(ctx, text, id, 0, true);
}

// A range's bound: "(id" excludes it (parsed strictly), else as parse_id.
bool parse_bound_or_reply(command_context& ctx, std::string_view text, stream_id& id, bool is_start) {
  const std::uint64_t missing_seq = is_start ? 0 : UINT64_MAX;
  const bool exclusive = text.size() > 1 && text[0] == '(';
  if (!parse_id_or_reply(ctx, exclusive ? text.substr(1) : text, id, missing_seq, exclusive)) return false;
  if (!exclusive) return true;
  const auto moved = is_start ? id.next() : id.previous();
  if (!moved) {
    ctx.reply.error(is_start ? errors::stream_invalid_start : errors::stream_invalid_end);
    return false;
  }
  id = *moved;
  return true;
}

void reply_id(reply_writer& out, stream_id id) { out.bulk(id.text()); }

void reply_entry(reply_writer& out, stream_id id, const std::vector<std::string>& fields) {
  out.array(2);
  reply_id(out, id);
  out.array(fields.size());
  for (const auto& element : fields) out.bulk(element);
}

// Entries in [start, end], ascending or descending, at most `count` (0: all); how many.
std::size_t reply_range(reply_writer& out, const stream_value& stream, stream_id start, stream_id end,
                        std::size_t count, bool reverse) {
  std::vector<std::map<stream_id, stream_value::record>::const_iterator> picked;
  if (start <= end) {
    const auto& entries = stream.entries();
    if (reverse) {
      for (auto at = entries.upper_bound(end); at != entries.begin() && (count == 0 || picked.size() < count);) {
        --at;
        if (at->first < start) break;
        picked.push_back(at);
      }
    } else {
      for (auto at = entries.lower_bound(start);
           at != entries.end() && at->first <= end && (count == 0 || picked.size() < count); ++at) {
        picked.push_back(at);
      }
    }
  }
  out.array(picked.size());
  for (const auto at : picked) reply_entry(out, at->first, at->second.fields);
  return picked.size();
}

stream_value::node_limits node_limits(const command_context& ctx) {
  return {.max_entries = limits(ctx).stream_node_max_entries, .max_bytes = limits(ctx).stream_node_max_bytes};
}

// ---- XADD and XTRIM ----

struct add_or_trim {
  std::optional<stream_value::trim_request> trim;
  bool limit_given = false;
  long long limit = 0;
  bool no_create = false;  // NOMKSTREAM
  std::optional<stream_id> id;  // none for "*"
  bool seq_given = true;        // false for "ms-*"
  std::size_t id_at = 0;        // XADD: where the ID is (argv.size() if missing)
};

// streamParseAddOrTrimArgsOrReply: the options from argv[2] in any order; for XADD up to the ID.
bool parse_add_or_trim(command_context& ctx, bool xadd, add_or_trim& parsed) {
  const auto& argv = ctx.argv;
  std::size_t i = 2;
  for (; i < argv.size(); ++i) {
    const std::size_t more = argv.size() - 1 - i;
    const std::string_view option = argv[i];
    const bool max_length = equals_ignore_case(option, "maxlen");
    if (xadd && option == "*") break;
    if ((max_length || equals_ignore_case(option, "minid")) && more > 0) {
      if (parsed.trim) {
        ctx.reply.error(errors::stream_maxlen_and_minid);
        return false;
      }
      stream_value::trim_request request;
      if (more >= 2 && (argv[i + 1] == "~" || argv[i + 1] == "=")) request.approximate = argv[++i] == "~";
      if (max_length) {
        long long length = 0;
        if (!parse_integer_or_reply(ctx, argv[i + 1], length)) return false;
        if (length < 0) {
          ctx.reply.error(errors::stream_maxlen_negative);
          return false;
        }
        request.max_length = static_cast<std::size_t>(length);
      } else {
        request.strategy = stream_value::trim_strategy::min_id;
        if (!parse_strict_id_or_reply(ctx, argv[i + 1], request.min_id)) return false;
      }
      ++i;
      parsed.trim = request;
    } else if (equals_ignore_case(option, "limit") && more > 0) {
      if (!parse_integer_or_reply(ctx, argv[i + 1], parsed.limit)) return false;
      if (parsed.limit < 0) {
        ctx.reply.error(errors::stream_limit_negative);
        return false;
      }
      parsed.limit_given = true;
      ++i;
    } else if (xadd && equals_ignore_case(option, "nomkstream")) {
      parsed.no_create = true;
    } else if (xadd) {
      stream_id id;
      if (!parse_id_or_reply(ctx, option, id, 0, true, &parsed.seq_given)) return false;
      parsed.id = id;
      break;
    } else {
      ctx.reply.error(errors::syntax);
      return false;
    }
  }
  parsed.id_at = i;
  if (parsed.limit != 0 && !parsed.trim) {
    ctx.reply.error(errors::stream_limit_without_strategy);
    return false;
  }
  if (!xadd && !parsed.trim) {
    ctx.reply.error(errors::xtrim_without_strategy);
    return false;
  }
  const bool approximate = parsed.trim && parsed.trim->approximate;
  if (parsed.limit_given && !approximate) {
    ctx.reply.error(errors::stream_limit_without_approximation);
    return false;
  }
  if (parsed.trim) {
    if (parsed.limit_given) {
      parsed.trim->limit = parsed.limit;
    } else if (approximate) {
      long long limit = 100 * limits(ctx).stream_node_max_entries;
      if (limit <= 0) limit = 10000;
      parsed.trim->limit = std::min(limit, 1000000LL);
    }
  }
  return true;
}

void xadd(command_context& ctx) {
  add_or_trim parsed;
  if (!parse_add_or_trim(ctx, true, parsed)) return;
  const std::size_t fields_at = parsed.id_at + 1;
  if (fields_at > ctx.argv.size() || ctx.argv.size() - fields_at < 2 || (ctx.argv.size() - fields_at) % 2 != 0) {
    return ctx.reply.error(errors::arity("xadd"));
  }
  if (parsed.id && parsed.seq_given && parsed.id->zero()) return ctx.reply.error(errors::xadd_id_zero);
  const auto existing = find_as<stream_value>(ctx, ctx.argv[1]);
  if (existing.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (existing == nullptr && parsed.no_create) return ctx.reply.null();
  stream_value& stream = existing != nullptr
                             ? *existing
                             : ctx.core.data().create(ctx.client.db, ctx.argv[1], stream_value{}).value.as<stream_value>();
  const stream_id last = stream.last_id();
  if (last == stream_id::max()) return ctx.reply.error(errors::stream_exhausted);
  stream_id id;
  if (!parsed.id) {
    const auto now = static_cast<std::uint64_t>(std::max<unix_ms>(ctx.now, 0));
    id = now > last.ms ? stream_id{now, 0} : *last.next();
  } else if (!parsed.seq_given) {
    id = *parsed.id;
    if (id.ms == last.ms) {
      if (last.seq == UINT64_MAX) return ctx.reply.error(errors::xadd_id_too_small);
      id.seq = last.seq + 1;
    }
  } else {
    id = *parsed.id;
  }
  if (id <= last) return ctx.reply.error(errors::xadd_id_too_small);
  std::vector<std::string> fields(ctx.argv.begin() + static_cast<std::ptrdiff_t>(fields_at), ctx.argv.end());
  stream.append(id, std::move(fields), node_limits(ctx));
  reply_id(ctx.reply, id);
  notify(ctx, keyspace_event::stream, "xadd", ctx.argv[1]);
  if (parsed.trim && stream.trim(*parsed.trim) > 0) notify(ctx, keyspace_event::stream, "xtrim", ctx.argv[1]);
  ctx.core.data().touch(ctx.client.db, ctx.argv[1]);  // serves clients waiting in XREAD
}

void xtrim(command_context& ctx) {
  add_or_trim parsed;
  if (!parse_add_or_trim(ctx, false, parsed)) return;
  const auto stream = find_as<stream_value>(ctx, ctx.argv[1]);
  if (stream.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (stream == nullptr) return ctx.reply.integer(0);
  const long long removed = stream->trim(*parsed.trim);
  if (removed > 0) {
    stream_changed(ctx, ctx.argv[1], "xtrim");
  }
  ctx.reply.integer(removed);
}

// ---- Reading ----

void range(command_context& ctx, bool reverse) {
  stream_id start, end;
  if (!parse_bound_or_reply(ctx, ctx.argv[reverse ? 3 : 2], start, true)) return;
  if (!parse_bound_or_reply(ctx, ctx.argv[reverse ? 2 : 3], end, false)) return;
  std::optional<long long> count;
  for (std::size_t i = 4; i < ctx.argv.size(); ++i) {
    if (equals_ignore_case(ctx.argv[i], "count") && i + 1 < ctx.argv.size()) {
      long long n = 0;
      if (!parse_integer_or_reply(ctx, ctx.argv[++i], n)) return;
      count = std::max(n, 0LL);
    } else {
      return ctx.reply.error(errors::syntax);
    }
  }
  const auto stream = find_as<stream_value>(ctx, ctx.argv[1]);
  if (stream.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (stream == nullptr) return ctx.reply.array(0);
  if (count && *count == 0) return ctx.reply.null_array();
  reply_range(ctx.reply, *stream, start, end, static_cast<std::size_t>(count.value_or(0)), reverse);
}

void xrange(command_context& ctx) { range(ctx, false); }
void xrevrange(command_context& ctx) { range(ctx, true); }

void xlen(command_context& ctx) {
  const auto stream = find_as<stream_value>(ctx, ctx.argv[1]);
  if (stream.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(stream == nullptr ? 0 : static_cast<long long>(stream->size()));
}

void xdel(command_context& ctx) {
  const auto stream = find_as<stream_value>(ctx, ctx.argv[1]);
  if (stream.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (stream == nullptr) return ctx.reply.integer(0);
  std::vector<stream_id> ids(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    if (!parse_strict_id_or_reply(ctx, ctx.argv[i], ids[i - 2])) return;
  }
  long long deleted = 0;
  for (const stream_id id : ids) {
    if (!stream->erase(id)) continue;
    ++deleted;
    if (id > stream->max_deleted_id()) stream->set_max_deleted_id(id);
  }
  if (deleted > 0) {
    stream_changed(ctx, ctx.argv[1], "xdel");
  }
  ctx.reply.integer(deleted);
}

// ---- Consumer groups ----

// The consumer, created if new (with its keyspace event); seen now.
stream_consumer& consumer_for(command_context& ctx, std::string_view key, consumer_group& group, std::string_view name) {
  auto found = group.consumers.find(name);
  if (found == group.consumers.end()) {
    found = group.consumers.emplace(std::string(name), stream_consumer{}).first;
    notify(ctx, keyspace_event::stream, "xgroup-createconsumer", key);
  }
  found->second.seen_at = ctx.now;
  return found->second;
}

// The entry `id` is delivered to `consumer`: pending with one delivery, wherever it was.
void add_pending(consumer_group& group, std::string_view consumer_name, stream_consumer& consumer, stream_id id,
                 unix_ms now) {
  auto [at, added] = group.pending.try_emplace(id);
  if (!added) group.consumers.find(at->second.consumer)->second.pending.erase(id);
  at->second = pending_entry{std::string(consumer_name), now, 1};
  consumer.pending.insert(id);
}

void remove_pending(consumer_group& group, std::map<stream_id, pending_entry>::iterator at) {
  const auto owner = group.consumers.find(at->second.consumer);
  if (owner != group.consumers.end()) owner->second.pending.erase(at->first);
  group.pending.erase(at);
}

struct read_request {
  std::optional<std::string_view> group;
  std::string_view consumer;
  long long count = 0;  // 0: all
  std::optional<unix_ms> deadline;  // BLOCK (0: no timeout)
  bool no_ack = false;
  std::size_t streams_at = 0;  // the first key
  std::size_t key_count = 0;
};

bool parse_read_or_reply(command_context& ctx, bool with_group, read_request& request) {
  const auto& argv = ctx.argv;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::size_t more = argv.size() - 1 - i;
    const std::string_view option = argv[i];
    if (equals_ignore_case(option, "block") && more > 0) {
      if (ctx.client.in_script) {
        ctx.reply.error(errors::block_in_script(argv[0]));
        return false;
      }
      long long milliseconds = 0;
      if (!parse_timeout_or_reply(ctx, argv[++i], milliseconds)) return false;
      if (milliseconds > 0 && milliseconds > LLONG_MAX - ctx.now) {
        ctx.reply.error(errors::timeout_out_of_range);
        return false;
      }
      request.deadline = deadline_after(ctx, milliseconds);
    } else if (equals_ignore_case(option, "count") && more > 0) {
      if (!parse_integer_or_reply(ctx, argv[++i], request.count)) return false;
      request.count = std::max(request.count, 0LL);
    } else if (equals_ignore_case(option, "streams") && more > 0) {
      if (more % 2 != 0) {
        ctx.reply.error(errors::xread_unbalanced);
        return false;
      }
      request.streams_at = i + 1;
      request.key_count = more / 2;
      break;
    } else if (equals_ignore_case(option, "group") && more >= 2) {
      if (!with_group) {
        ctx.reply.error(errors::xread_group_option);
        return false;
      }
      request.group = argv[i + 1];
      request.consumer = argv[i + 2];
      i += 2;
    } else if (equals_ignore_case(option, "noack")) {
      if (!with_group) {
        ctx.reply.error(errors::xread_noack_option);
        return false;
      }
      request.no_ack = true;
    } else {
      ctx.reply.error(errors::syntax);
      return false;
    }
  }
  if (request.streams_at == 0) {
    ctx.reply.error(errors::syntax);
    return false;
  }
  if (with_group && !request.group) {
    ctx.reply.error(errors::xreadgroup_missing_group);
    return false;
  }
  return true;
}

// The last entry's ID, 0-0 for an empty stream (streamLastValidID).
stream_id last_live_id(const stream_value& stream) {
  return stream.empty() ? stream_id{} : std::prev(stream.entries().end())->first;
}

// XREAD and XREADGROUP. A client retried on one ready key (it waits: client.blocked is set)
// runs this again with that key and the ID it waits past.
void read(command_context& ctx, bool with_group) {
  read_request request;
  if (!parse_read_or_reply(ctx, with_group, request)) return;
  const bool retried = ctx.client.blocked.has_value();
  const auto keys = ctx.argv.subspan(request.streams_at, request.key_count);
  const auto id_texts = ctx.argv.subspan(request.streams_at + request.key_count, request.key_count);
  constexpr stream_id new_entries = stream_id::max();  // ">"
  std::vector<stream_id> ids(keys.size());
  std::vector<stream_value*> streams(keys.size());
  std::vector<consumer_group*> groups(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto stream = find_as<stream_value>(ctx, keys[i]);
    if (stream.wrong_type()) return ctx.reply.error(errors::wrong_type);
    streams[i] = stream;
    if (with_group) {
      if (stream != nullptr) {
        const auto group = stream->groups().find(*request.group);
        if (group != stream->groups().end()) groups[i] = &group->second;
      }
      if (groups[i] == nullptr) {
        if (retried) return ctx.reply.error(errors::xreadgroup_group_gone);
        return ctx.reply.error(errors::xreadgroup_no_group(keys[i], *request.group));
      }
    }
    const std::string_view text = id_texts[i];
    if (text == "$") {
      if (with_group) return ctx.reply.error(errors::xreadgroup_dollar);
      ids[i] = stream == nullptr ? stream_id{} : stream->last_id();
    } else if (text == ">") {
      if (!with_group) return ctx.reply.error(errors::xread_greater_than);
      ids[i] = new_entries;
    } else if (!parse_strict_id_or_reply(ctx, text, ids[i])) {
      return;
    }
  }

  std::string body;
  int protocol = ctx.client.protocol;
  reply_writer out(body, protocol);
  std::size_t served = 0;
  const auto count = static_cast<std::size_t>(request.count);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    stream_value* stream = streams[i];
    if (stream == nullptr) continue;
    stream_id after = ids[i];
    const bool history = with_group && after != new_entries;
    if (!history) {
      if (with_group) after = groups[i]->last_id;
      if (stream->empty() || last_live_id(*stream) <= after) continue;
    }
    ++served;
    if (!out.resp3()) out.array(2);
    out.bulk(keys[i]);
    if (!with_group) {
      reply_range(out, *stream, *after.next(), stream_id::max(), count, false);
      continue;
    }
    consumer_group& group = *groups[i];
    stream_consumer& consumer = consumer_for(ctx, keys[i], group, request.consumer);
    if (history) {
      // The consumer's pending entries after the ID; a deleted one as its ID and a null.
      std::vector<stream_id> picked;
      const auto next = after.next();
      for (auto at = next ? consumer.pending.lower_bound(*next) : consumer.pending.end();
           at != consumer.pending.end() && (count == 0 || picked.size() < count); ++at) {
        picked.push_back(*at);
      }
      out.array(picked.size());
      for (const stream_id id : picked) {
        const auto found = stream->entries().find(id);
        if (found == stream->entries().end()) {
          out.array(2);
          reply_id(out, id);
          out.null_array();
          continue;
        }
        reply_entry(out, id, found->second.fields);
        pending_entry& pending = group.pending.at(id);
        pending.delivered_at = ctx.now;
        ++pending.deliveries;
      }
      continue;
    }
    std::vector<stream_id> delivered;
    for (auto at = stream->entries().upper_bound(after);
         at != stream->entries().end() && (count == 0 || delivered.size() < count); ++at) {
      delivered.push_back(at->first);
    }
    out.array(delivered.size());
    for (const stream_id id : delivered) {
      reply_entry(out, id, stream->entries().at(id).fields);
      stream->advance_group(group, id);
      if (!request.no_ack) add_pending(group, request.consumer, consumer, id, ctx.now);
    }
  }
  if (served > 0) {
    if (ctx.reply.resp3()) {
      ctx.reply.map(served);
    } else {
      ctx.reply.array(served);
    }
    ctx.reply.raw(body);
    return;
  }
  if (!request.deadline || retried) {
    if (!retried) ctx.reply.null_array();
    return;
  }
  if (ctx.client.in_exec) return ctx.reply.null_array();
  // Wait: retried as the same command on one ready key, past the ID resolved now ("$" is the
  // last ID at this moment), with at most 1000 entries unless COUNT says otherwise (Redis's
  // XREAD_BLOCKED_DEFAULT_COUNT).
  blocked_state state;
  state.db = ctx.client.db;
  state.waits_for = value_type::stream;
  state.deadline = *request.deadline;
  state.keys.assign(keys.begin(), keys.end());
  state.before = {std::string(ctx.argv[0])};
  if (with_group) state.before.insert(state.before.end(), {"GROUP", std::string(*request.group), std::string(request.consumer)});
  state.before.insert(state.before.end(), {"COUNT", std::to_string(request.count == 0 ? 1000 : request.count), "BLOCK", "0"});
  if (request.no_ack) state.before.emplace_back("NOACK");
  state.before.emplace_back("STREAMS");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    state.key_arguments.push_back(ids[i] == new_entries ? std::string(">") : ids[i].text());
  }
  state.gone_key_unblocks = with_group;
  ctx.core.block(ctx.client, std::move(state));
}

void xread(command_context& ctx) { read(ctx, false); }
void xreadgroup(command_context& ctx) { read(ctx, true); }

// XGROUP's subcommands but HELP: their options, the stream and the group, checked in Redis's
// order. nullptr after replying an error.
struct group_target {
  stream_value* stream = nullptr;
  consumer_group* group = nullptr;
  bool make_stream = false;
  long long entries_read = consumer_group::unknown_entries_read;
};

std::optional<group_target> group_target_or_reply(command_context& ctx, bool needs_group) {
  group_target target;
  const std::string_view sub = ctx.argv[1];
  const bool create = equals_ignore_case(sub, "create");
  if (create || equals_ignore_case(sub, "setid")) {
    for (std::size_t i = 5; i < ctx.argv.size();) {
      if (create && equals_ignore_case(ctx.argv[i], "mkstream")) {
        target.make_stream = true;
        ++i;
      } else if (equals_ignore_case(ctx.argv[i], "entriesread") && i + 1 < ctx.argv.size()) {
        if (!parse_integer_or_reply(ctx, ctx.argv[i + 1], target.entries_read)) return std::nullopt;
        if (target.entries_read < 0 && target.entries_read != consumer_group::unknown_entries_read) {
          ctx.reply.error(errors::xgroup_entries_read);
          return std::nullopt;
        }
        i += 2;
      } else {
        ctx.reply.error(errors::unknown_subcommand_or_arity(sub, "xgroup"));
        return std::nullopt;
      }
    }
  }
  const auto stream = find_as<stream_value>(ctx, ctx.argv[2]);
  if (stream.wrong_type()) {
    ctx.reply.error(errors::wrong_type);
    return std::nullopt;
  }
  target.stream = stream;
  if (!target.make_stream) {
    if (stream == nullptr) {
      ctx.reply.error(errors::xgroup_needs_key);
      return std::nullopt;
    }
    const auto group = stream->groups().find(ctx.argv[3]);
    if (group != stream->groups().end()) target.group = &group->second;
    if (target.group == nullptr && needs_group) {
      ctx.reply.error(errors::no_such_group(ctx.argv[3], ctx.argv[2]));
      return std::nullopt;
    }
  }
  return target;
}

void xgroup_create(command_context& ctx) {
  auto target = group_target_or_reply(ctx, false);
  if (!target) return;
  if (ctx.argv.size() > 8) return ctx.reply.error(errors::unknown_subcommand_or_arity(ctx.argv[1], "xgroup"));
  stream_id id;
  if (ctx.argv[4] == "$") {
    if (target->stream != nullptr) id = target->stream->last_id();
  } else if (!parse_strict_id_or_reply(ctx, ctx.argv[4], id)) {
    return;
  }
  if (target->stream == nullptr) {
    target->stream = &ctx.core.data().create(ctx.client.db, ctx.argv[2], stream_value{}).value.as<stream_value>();
  }
  const auto [group, created] = target->stream->groups().try_emplace(std::string(ctx.argv[3]));
  if (!created) return ctx.reply.error(errors::busy_group);
  group->second.last_id = id;
  group->second.entries_read = target->entries_read;
  stream_changed(ctx, ctx.argv[2], "xgroup-create");
  ctx.reply.ok();
}

void xgroup_setid(command_context& ctx) {
  auto target = group_target_or_reply(ctx, true);
  if (!target) return;
  if (ctx.argv.size() != 5 && ctx.argv.size() != 7) {
    return ctx.reply.error(errors::unknown_subcommand_or_arity(ctx.argv[1], "xgroup"));
  }
  stream_id id;
  if (ctx.argv[4] == "$") {
    id = target->stream->last_id();
  } else if (!parse_id_or_reply(ctx, ctx.argv[4], id, 0, false)) {
    return;
  }
  target->group->last_id = id;
  target->group->entries_read = target->entries_read;
  stream_changed(ctx, ctx.argv[2], "xgroup-setid");
  ctx.reply.ok();
}

void xgroup_destroy(command_context& ctx) {
  auto target = group_target_or_reply(ctx, false);
  if (!target) return;
  if (target->group == nullptr) return ctx.reply.integer(0);
  target->stream->groups().erase(target->stream->groups().find(ctx.argv[3]));
  stream_changed(ctx, ctx.argv[2], "xgroup-destroy");  // clients waiting on the group are told
  ctx.reply.integer(1);
}

void xgroup_createconsumer(command_context& ctx) {
  auto target = group_target_or_reply(ctx, true);
  if (!target) return;
  if (target->group->consumers.contains(ctx.argv[4])) return ctx.reply.integer(0);
  target->group->consumers.emplace(std::string(ctx.argv[4]), stream_consumer{.seen_at = ctx.now, .pending = {}});
  stream_changed(ctx, ctx.argv[2], "xgroup-createconsumer");
  ctx.reply.integer(1);
}

void xgroup_delconsumer(command_context& ctx) {
  auto target = group_target_or_reply(ctx, true);
  if (!target) return;
  consumer_group& group = *target->group;
  const auto consumer = group.consumers.find(ctx.argv[4]);
  if (consumer == group.consumers.end()) return ctx.reply.integer(0);
  const auto pending = static_cast<long long>(consumer->second.pending.size());
  for (const stream_id id : consumer->second.pending) group.pending.erase(id);
  group.consumers.erase(consumer);
  stream_changed(ctx, ctx.argv[2], "xgroup-delconsumer");
  ctx.reply.integer(pending);
}

void xgroup_help(command_context& ctx) {
  static constexpr std::string_view lines[] = {
      "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "CREATE <key> <groupname> <id|$> [option]",
      "    Create a new consumer group. Options are:",
      "    * MKSTREAM",
      "      Create the empty stream if it does not exist.",
      "    * ENTRIESREAD entries_read",
      "      Set the group's entries_read counter (internal use).",
      "CREATECONSUMER <key> <groupname> <consumer>",
      "    Create a new consumer in the specified group.",
      "DELCONSUMER <key> <groupname> <consumer>",
      "    Remove the specified consumer.",
      "DESTROY <key> <groupname>",
      "    Remove the specified group.",
      "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
      "    Set the current group ID and entries_read counter.",
      "HELP",
      "    Prints this help.",
  };
  reply_help(ctx, lines);
}

// The group of XACK, XPENDING, XCLAIM, XAUTOCLAIM: nullptr after replying an error (none when
// `quiet`: XACK answers 0).
consumer_group* group_or_reply(command_context& ctx, stream_value* stream, bool quiet = false) {
  if (stream != nullptr) {
    const auto found = stream->groups().find(ctx.argv[2]);
    if (found != stream->groups().end()) return &found->second;
  }
  if (quiet) {
    ctx.reply.integer(0);
  } else {
    ctx.reply.error(errors::no_such_key_or_group(ctx.argv[1], ctx.argv[2]));
  }
  return nullptr;
}

void xack(command_context& ctx) {
  const auto stream = find_as<stream_value>(ctx, ctx.argv[1]);
  if (stream.wrong_type()) return ctx.reply.error(errors::wrong_type);
  consumer_group* group = group_or_reply(ctx, stream, true);
  if (group == nullptr) return;
  std::vector<stream_id> ids(ctx.argv.size() - 3);
  for (std::size_t i = 3; i < ctx.argv.size(); ++i) {
    if (!parse_strict_id_or_reply(ctx, ctx.argv[i], ids[i - 3])) return;
  }
  long long acknowledged = 0;
  for (const stream_id id : ids) {
    const auto pending = group->pending.find(id);
    if (pending == group->pending.end()) continue;
    remove_pending(*group, pending);
    ++acknowledged;
  }
  ctx.reply.integer(acknowledged);
}

unix_ms idle_since(const command_context& ctx, unix_ms then) { return std::max<unix_ms>(0, ctx.now - then); }

void xpending(command_context& ctx) {
  const auto& argv = ctx.argv;
  if (argv.size() != 3 && (argv.size() < 6 || argv.size() > 9)) return ctx.reply.error(errors::syntax);
  const bool extended = argv.size() >= 6;
  long long min_idle = 0, count = 0;
  stream_id start, end;
  std::optional<std::string_view> consumer_name;
  if (extended) {
    std::size_t at = 3;
    if (equals_ignore_case(argv[3], "idle")) {
      if (!parse_integer_or_reply(ctx, argv[4], min_idle)) return;
      if (argv.size() < 8) return ctx.reply.error(errors::syntax);
      at += 2;
    }
    if (!parse_integer_or_reply(ctx, argv[at + 2], count)) return;
    count = std::max(count, 0LL);
    if (!parse_bound_or_reply(ctx, argv[at], start, true)) return;
    if (!parse_bound_or_reply(ctx, argv[at + 1], end, false)) return;
    if (at + 3 < argv.size()) consumer_name = argv[at + 3];
  }
  const auto stream = find_as<stream_value>(ctx, argv[1]);
  if (stream.wrong_type()) return ctx.reply.error(errors::wrong_type);
  consumer_group* group = group_or_reply(ctx, stream);
  if (group == nullptr) return;
  if (!extended) {
    ctx.reply.array(4);
    ctx.reply.integer(static_cast<long long>(group->pending.size()));
    if (group->pending.empty()) {
      ctx.reply.null();
      ctx.reply.null();
      ctx.reply.null_array();
      return;
    }
    reply_id(ctx.reply, group->pending.begin()->first);
    reply_id(ctx.reply, std::prev(group->pending.end())->first);
    std::size_t with_pending = 0;
    for (const auto& [name, consumer] : group->consumers) with_pending += consumer.pending.empty() ? 0 : 1;
    ctx.reply.array(with_pending);
    for (const auto& [name, consumer] : group->consumers) {
      if (consumer.pending.empty()) continue;
      ctx.reply.array(2);
      ctx.reply.bulk(name);
      ctx.reply.bulk(std::to_string(consumer.pending.size()));
    }
    return;
  }
  std::vector<const std::pair<const stream_id, pending_entry>*> picked;
  const auto consider = [&](stream_id id) {
    const auto& entry = *group->pending.find(id);
    if (min_idle != 0 && idle_since(ctx, entry.second.delivered_at) < min_idle) return;
    picked.push_back(&entry);
  };
  if (consumer_name) {
    const auto consumer = group->consumers.find(*consumer_name);
    if (consumer == group->consumers.end()) return ctx.reply.array(0);
    for (auto at = consumer->second.pending.lower_bound(start);
         at != consumer->second.pending.end() && *at <= end && picked.size() < static_cast<std::size_t>(count); ++at) {
      consider(*at);
    }
  } else {
    for (auto at = group->pending.lower_bound(start);
         at != group->pending.end() && at->first <= end && picked.size() < static_cast<std::size_t>(count); ++at) {
      consider(at->first);
    }
  }
  ctx.reply.array(picked.size());
  for (const auto* entry : picked) {
    ctx.reply.array(4);
    reply_id(ctx.reply, entry->first);
    ctx.reply.bulk(entry->second.consumer);
    ctx.reply.integer(idle_since(ctx, entry->second.delivered_at));
    ctx.reply.integer(static_cast<long long>(entry->second.deliveries));
  }
}

// Moves a pending entry to `consumer_name` (created if new), delivered at `when`.
void claim(command_context& ctx, consumer_group& group, std::map<stream_id, pending_entry>::iterator pending,
           std::string_view consumer_name, unix_ms when) {
  const auto previous = group.consumers.find(pending->second.consumer);
  if (previous != group.consumers.end()) previous->second.pending.erase(pending->first);
  stream_consumer& consumer = consumer_for(ctx, ctx.argv[1], group, consumer_name);
  consumer.pending.insert(pending->first);
  pending->second.consumer = std::string(consumer_name);
  pending->second.delivered_at = when;
}

void xclaim(command_context& ctx) {
  const auto& argv = ctx.argv;
  const auto stream = find_as<stream_value>(ctx, argv[1]);
  if (stream.wrong_type()) return ctx.reply.error(errors::wrong_type);
  consumer_group* group = group_or_reply(ctx, stream);
  if (group == nullptr) return;
  long long min_idle = 0;
  if (!kvresp::parse_integer(argv[4], min_idle)) return ctx.reply.error(errors::xclaim_min_idle("XCLAIM"));
  min_idle = std::max(min_idle, 0LL);
  std::vector<stream_id> ids;
  std::size_t i = 5;
  for (; i < argv.size(); ++i) {
    stream_id id;
    if (!parse_id(argv[i], id, 0, true)) break;
    ids.push_back(id);
  }
  bool force = false, just_id = false;
  std::optional<unix_ms> delivered_at;
  std::optional<long long> retry_count;
  std::optional<stream_id> last_id;
  for (; i < argv.size(); ++i) {
    const std::string_view option = argv[i];
    const bool has_value = i + 1 < argv.size();
    long long n = 0;
    if (equals_ignore_case(option, "force")) {
      force = true;
    } else if (equals_ignore_case(option, "justid")) {
      just_id = true;
    } else if (equals_ignore_case(option, "idle") && has_value) {
      if (!kvresp::parse_integer(argv[++i], n)) return ctx.reply.error(errors::xclaim_option("IDLE"));
      delivered_at = ctx.now - n;
    } else if (equals_ignore_case(option, "time") && has_value) {
      if (!kvresp::parse_integer(argv[++i], n)) return ctx.reply.error(errors::xclaim_option("TIME"));
      delivered_at = n;
    } else if (equals_ignore_case(option, "retrycount") && has_value) {
      if (!kvresp::parse_integer(argv[++i], n)) return ctx.reply.error(errors::xclaim_option("RETRYCOUNT"));
      retry_count = n;
    } else if (equals_ignore_case(option, "lastid") && has_value) {
      stream_id id;
      if (!parse_strict_id_or_reply(ctx, argv[++i], id)) return;
      last_id = id;
    } else {
      return ctx.reply.error(errors::xclaim_unknown_option(option));
    }
  }
  if (last_id && *last_id > group->last_id) group->last_id = *last_id;
  unix_ms when = delivered_at.value_or(ctx.now);
  if (when < 0 || when > ctx.now) when = ctx.now;
  std::string body;
  int protocol = ctx.client.protocol;
  reply_writer out(body, protocol);
  std::size_t claimed = 0;
  for (const stream_id id : ids) {
    auto pending = group->pending.find(id);
    const auto entry = stream->entries().find(id);
    if (entry == stream->entries().end()) {
      if (pending != group->pending.end()) remove_pending(*group, pending);
      continue;
    }
    if (pending == group->pending.end()) {
      if (!force) continue;
      pending = group->pending.emplace(id, pending_entry{"", ctx.now, 1}).first;
    }
    if (!pending->second.consumer.empty() && min_idle > 0 && idle_since(ctx, pending->second.delivered_at) < min_idle) {
      continue;
    }
    claim(ctx, *group, pending, argv[3], when);
    if (retry_count) {
      pending->second.deliveries = static_cast<std::uint64_t>(*retry_count);
    } else if (!just_id) {
      ++pending->second.deliveries;
    }
    ++claimed;
    if (just_id) {
      reply_id(out, id);
    } else {
      reply_entry(out, id, entry->second.fields);
    }
  }
  ctx.reply.array(claimed);
  ctx.reply.raw(body);
}

void xautoclaim(command_context& ctx) {
  const auto& argv = ctx.argv;
  long long min_idle = 0;
  if (!kvresp::parse_integer(argv[4], min_idle)) return ctx.reply.error(errors::xclaim_min_idle("XAUTOCLAIM"));
  min_idle = std::max(min_idle, 0LL);
  stream_id start;
  if (!parse_bound_or_reply(ctx, argv[5], start, true)) return;
  long long count = 100;
  bool just_id = false;
  for (std::size_t i = 6; i < argv.size(); ++i) {
    if (equals_ignore_case(argv[i], "count") && i + 1 < argv.size()) {
      if (!kvresp::parse_integer(argv[++i], count) || count < 1 || count > LONG_MAX / 16) {
        return ctx.reply.error(errors::xautoclaim_count);
      }
    } else if (equals_ignore_case(argv[i], "justid")) {
      just_id = true;
    } else {
      return ctx.reply.error(errors::syntax);
    }
  }
  const auto stream = find_as<stream_value>(ctx, argv[1]);
  if (stream.wrong_type()) return ctx.reply.error(errors::wrong_type);
  consumer_group* group = group_or_reply(ctx, stream);
  if (group == nullptr) return;
  std::string body;
  int protocol = ctx.client.protocol;
  reply_writer out(body, protocol);
  std::size_t claimed = 0;
  std::vector<stream_id> deleted;
  long long attempts = count * 10;
  auto at = group->pending.lower_bound(start);
  while (attempts-- > 0 && count > 0 && at != group->pending.end()) {
    const stream_id id = at->first;
    const auto entry = stream->entries().find(id);
    if (entry == stream->entries().end()) {
      remove_pending(*group, at++);
      deleted.push_back(id);
      --count;
      continue;
    }
    if (min_idle > 0 && idle_since(ctx, at->second.delivered_at) < min_idle) {
      ++at;
      continue;
    }
    claim(ctx, *group, at, argv[3], ctx.now);
    if (!just_id) ++at->second.deliveries;
    if (just_id) {
      reply_id(out, id);
    } else {
      reply_entry(out, id, entry->second.fields);
    }
    ++claimed;
    --count;
    ++at;
  }
  ctx.reply.array(3);
  reply_id(ctx.reply, at == group->pending.end() ? stream_id{} : at->first);
  ctx.reply.array(claimed);
  ctx.reply.raw(body);
  ctx.reply.array(deleted.size());
  for (const stream_id id : deleted) reply_id(ctx.reply, id);
}

// ---- XINFO and XSETID ----

void reply_entry_or_null(reply_writer& out, const stream_value& stream, bool first) {
  if (stream.empty()) return out.null();
  const auto at = first ? stream.entries().begin() : std::prev(stream.entries().end());
  reply_entry(out, at->first, at->second.fields);
}

void reply_entries_read(reply_writer& out, const consumer_group& group) {
  if (group.entries_read == consumer_group::unknown_entries_read) return out.null();
  out.integer(group.entries_read);
}

void reply_lag(reply_writer& out, const stream_value& stream, const consumer_group& group) {
  const auto lag = stream.lag(group);
  if (!lag) return out.null();
  out.integer(*lag);
}

void reply_stream_head(reply_writer& out, const stream_value& stream) {
  out.bulk("length");
  out.integer(static_cast<long long>(stream.size()));
  out.bulk("radix-tree-keys");
  out.integer(static_cast<long long>(stream.node_count()));
  out.bulk("radix-tree-nodes");
  out.integer(static_cast<long long>(stream.radix_tree_nodes()));
  out.bulk("last-generated-id");
  reply_id(out, stream.last_id());
  out.bulk("max-deleted-entry-id");
  reply_id(out, stream.max_deleted_id());
  out.bulk("entries-added");
  out.integer(static_cast<long long>(stream.entries_added()));
  out.bulk("recorded-first-entry-id");
  reply_id(out, stream.first_id());
}

void reply_stream_full(command_context& ctx, const stream_value& stream, std::size_t count) {
  auto& out = ctx.reply;
  const auto limited = [&](std::size_t n) { return count == 0 ? n : std::min(n, count); };
  out.map(9);
  reply_stream_head(out, stream);
  out.bulk("entries");
  reply_range(out, stream, stream_id{}, stream_id::max(), count, false);
  out.bulk("groups");
  out.array(stream.groups().size());
  for (const auto& [name, group] : stream.groups()) {
    out.map(7);
    out.bulk("name");
    out.bulk(name);
    out.bulk("last-delivered-id");
    reply_id(out, group.last_id);
    out.bulk("entries-read");
    reply_entries_read(out, group);
    out.bulk("lag");
    reply_lag(out, stream, group);
    out.bulk("pel-count");
    out.integer(static_cast<long long>(group.pending.size()));
    out.bulk("pending");
    out.array(limited(group.pending.size()));
    std::size_t shown = 0;
    for (const auto& [id, pending] : group.pending) {
      if (shown++ == limited(group.pending.size())) break;
      out.array(4);
      reply_id(out, id);
      out.bulk(pending.consumer);
      out.integer(pending.delivered_at);
      out.integer(static_cast<long long>(pending.deliveries));
    }
    out.bulk("consumers");
    out.array(group.consumers.size());
    for (const auto& [consumer_name, consumer] : group.consumers) {
      out.map(4);
      out.bulk("name");
      out.bulk(consumer_name);
      out.bulk("seen-time");
      out.integer(consumer.seen_at);
      out.bulk("pel-count");
      out.integer(static_cast<long long>(consumer.pending.size()));
      out.bulk("pending");
      out.array(limited(consumer.pending.size()));
      std::size_t listed = 0;
      for (const stream_id id : consumer.pending) {
        if (listed++ == limited(consumer.pending.size())) break;
        const pending_entry& pending = group.pending.at(id);
        out.array(3);
        reply_id(out, id);
        out.integer(pending.delivered_at);
        out.integer(static_cast<long long>(pending.deliveries));
      }
    }
  }
}

// XINFO STREAM key [FULL [COUNT n]]: the key is looked up before the options are read.
const stream_value* xinfo_stream_or_reply(command_context& ctx) {
  const auto stream = find_as<stream_value>(ctx, ctx.argv[2]);
  if (stream.wrong_type()) {
    ctx.reply.error(errors::wrong_type);
    return nullptr;
  }
  if (stream == nullptr) ctx.reply.error(errors::no_such_key);
  return stream;
}

void xinfo_stream(command_context& ctx) {
  const stream_value* stream = xinfo_stream_or_reply(ctx);
  if (stream == nullptr) return;
  const auto& argv = ctx.argv;
  const std::size_t options = argv.size() - 3;
  const auto syntax = [&] { ctx.reply.error(errors::unknown_subcommand_or_arity(argv[1], "xinfo")); };
  if (options == 0) {
    ctx.reply.map(10);
    reply_stream_head(ctx.reply, *stream);
    ctx.reply.bulk("groups");
    ctx.reply.integer(static_cast<long long>(stream->groups().size()));
    ctx.reply.bulk("first-entry");
    reply_entry_or_null(ctx.reply, *stream, true);
    ctx.reply.bulk("last-entry");
    reply_entry_or_null(ctx.reply, *stream, false);
    return;
  }
  if ((options != 1 && options != 3) || !equals_ignore_case(argv[3], "full")) return syntax();
  long long count = 10;
  if (options == 3) {
    if (!equals_ignore_case(argv[4], "count")) return syntax();
    if (!parse_integer_or_reply(ctx, argv[5], count)) return;
    if (count < 0) count = 10;
  }
  reply_stream_full(ctx, *stream, static_cast<std::size_t>(count));
}

void xinfo_groups(command_context& ctx) {
  const stream_value* stream = xinfo_stream_or_reply(ctx);
  if (stream == nullptr) return;
  ctx.reply.array(stream->groups().size());
  for (const auto& [name, group] : stream->groups()) {
    ctx.reply.map(6);
    ctx.reply.bulk("name");
    ctx.reply.bulk(name);
    ctx.reply.bulk("consumers");
    ctx.reply.integer(static_cast<long long>(group.consumers.size()));
    ctx.reply.bulk("pending");
    ctx.reply.integer(static_cast<long long>(group.pending.size()));
    ctx.reply.bulk("last-delivered-id");
    reply_id(ctx.reply, group.last_id);
    ctx.reply.bulk("entries-read");
    reply_entries_read(ctx.reply, group);
    ctx.reply.bulk("lag");
    reply_lag(ctx.reply, *stream, group);
  }
}

void xinfo_consumers(command_context& ctx) {
  const stream_value* stream = xinfo_stream_or_reply(ctx);
  if (stream == nullptr) return;
  const auto group = stream->groups().find(ctx.argv[3]);
  if (group == stream->groups().end()) return ctx.reply.error(errors::no_such_group(ctx.argv[3], ctx.argv[2]));
  ctx.reply.array(group->second.consumers.size());
  for (const auto& [name, consumer] : group->second.consumers) {
    ctx.reply.map(3);
    ctx.reply.bulk("name");
    ctx.reply.bulk(name);
    ctx.reply.bulk("pending");
    ctx.reply.integer(static_cast<long long>(consumer.pending.size()));
    ctx.reply.bulk("idle");
    ctx.reply.integer(idle_since(ctx, consumer.seen_at));
  }
}

void xinfo_help(command_context& ctx) {
  static constexpr std::string_view lines[] = {
      "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "CONSUMERS <key> <groupname>",
      "    Show consumers of <groupname>.",
      "GROUPS <key>",
      "    Show the stream consumer groups.",
      "STREAM <key> [FULL [COUNT <count>]",
      "    Show information about the stream.",
      "HELP",
      "    Prints this help.",
  };
  reply_help(ctx, lines);
}

void xsetid(command_context& ctx) {
  const auto& argv = ctx.argv;
  stream_id id;
  if (!parse_strict_id_or_reply(ctx, argv[2], id)) return;
  std::optional<long long> entries_added;
  std::optional<stream_id> max_deleted;
  for (std::size_t i = 3; i < argv.size(); ++i) {
    const bool has_value = i + 1 < argv.size();
    if (equals_ignore_case(argv[i], "entriesadded") && has_value) {
      long long n = 0;
      if (!parse_integer_or_reply(ctx, argv[++i], n)) return;
      if (n < 0) return ctx.reply.error(errors::xsetid_entries_added_negative);
      entries_added = n;
    } else if (equals_ignore_case(argv[i], "maxdeletedid") && has_value) {
      stream_id deleted;
      if (!parse_strict_id_or_reply(ctx, argv[++i], deleted)) return;
      if (id < deleted) return ctx.reply.error(errors::xsetid_below_max_deleted);
      max_deleted = deleted;
    } else {
      return ctx.reply.error(errors::syntax);
    }
  }
  const auto stream = find_as<stream_value>(ctx, argv[1]);
  if (stream.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (stream == nullptr) return ctx.reply.error(errors::no_such_key);
  if (!stream->empty()) {
    if (id < last_live_id(*stream)) return ctx.reply.error(errors::xsetid_below_top);
    if (entries_added && *entries_added < static_cast<long long>(stream->size())) {
      return ctx.reply.error(errors::xsetid_entries_added_below_length);
    }
  }
  stream->set_last_id(id);
  if (entries_added) stream->set_entries_added(static_cast<std::uint64_t>(*entries_added));
  if (max_deleted && !max_deleted->zero()) stream->set_max_deleted_id(*max_deleted);
  stream_changed(ctx, argv[1], "xsetid");
  ctx.reply.ok();
}

}  // namespace

command_group stream_commands() {
  using namespace command_flag;
  static constexpr command_spec xgroup_subcommands[] = {
      {.name = "create", .arity = -5, .flags = write, .handler = xgroup_create, .keys = {2, 2, 1}, .since = "5.0.0",
       .summary = "Creates a consumer group.", .complexity = "O(1)"},
      {.name = "createconsumer", .arity = 5, .flags = write, .handler = xgroup_createconsumer, .keys = {2, 2, 1},
       .since = "6.2.0", .summary = "Creates a consumer in a consumer group.", .complexity = "O(1)"},
      {.name = "delconsumer", .arity = 5, .flags = write, .handler = xgroup_delconsumer, .keys = {2, 2, 1},
       .since = "5.0.0", .summary = "Deletes a consumer from a consumer group.", .complexity = "O(1)"},
      {.name = "destroy", .arity = 4, .flags = write, .handler = xgroup_destroy, .keys = {2, 2, 1}, .since = "5.0.0",
       .summary = "Destroys a consumer group.",
       .complexity = "O(N) where N is the number of entries in the group's pending entries list (PEL)."},
      {.name = "help", .arity = 2, .flags = 0, .handler = xgroup_help, .since = "5.0.0",
       .summary = "Returns helpful text about the different subcommands.", .complexity = "O(1)"},
      {.name = "setid", .arity = -5, .flags = write, .handler = xgroup_setid, .keys = {2, 2, 1}, .since = "5.0.0",
       .summary = "Sets the last-delivered ID of a consumer group.", .complexity = "O(1)"},
  };
  static constexpr command_spec xinfo_subcommands[] = {
      {.name = "consumers", .arity = 4, .flags = readonly, .handler = xinfo_consumers, .keys = {2, 2, 1},
       .since = "5.0.0", .summary = "Returns a list of the consumers in a consumer group.", .complexity = "O(1)"},
      {.name = "groups", .arity = 3, .flags = readonly, .handler = xinfo_groups, .keys = {2, 2, 1}, .since = "5.0.0",
       .summary = "Returns a list of the consumer groups of a stream.", .complexity = "O(1)"},
      {.name = "help", .arity = 2, .flags = 0, .handler = xinfo_help, .since = "5.0.0",
       .summary = "Returns helpful text about the different subcommands.", .complexity = "O(1)"},
      {.name = "stream", .arity = -3, .flags = readonly, .handler = xinfo_stream, .keys = {2, 2, 1}, .since = "5.0.0",
       .summary = "Returns information about a stream.", .complexity = "O(1)"},
  };
  static constexpr command_spec specs[] = {
      {.name = "xack", .arity = -4, .flags = write | fast, .handler = xack, .keys = one_key, .since = "5.0.0",
       .summary = "Returns the number of messages that were successfully acknowledged by the consumer group member "
                  "of a stream.",
       .complexity = "O(1) for each message ID processed."},
      {.name = "xadd", .arity = -5, .flags = write | fast, .handler = xadd, .keys = one_key, .since = "5.0.0",
       .summary = "Appends a new message to a stream. Creates the key if it doesn't exist.",
       .complexity = "O(1) when adding a new entry, O(N) when trimming where N being the number of entries "
                     "evicted."},
      {.name = "xautoclaim", .arity = -6, .flags = write, .handler = xautoclaim, .keys = one_key, .since = "6.2.0",
       .summary = "Changes, or acquires, ownership of messages in a consumer group, as if the messages were "
                  "delivered to as consumer group member.",
       .complexity = "O(1) if COUNT is small."},
      {.name = "xclaim", .arity = -6, .flags = write | fast, .handler = xclaim, .keys = one_key, .since = "5.0.0",
       .summary = "Changes, or acquires, ownership of a message in a consumer group, as if the message was "
                  "delivered a consumer group member.",
       .complexity = "O(log N) with N being the number of messages in the PEL of the consumer group."},
      {.name = "xdel", .arity = -3, .flags = write | fast, .handler = xdel, .keys = one_key, .since = "5.0.0",
       .summary = "Returns the number of messages after removing them from a stream.",
       .complexity = "O(1) for each single item to delete in the stream, regardless of the stream size."},
      {.name = "xgroup", .arity = -2, .since = "5.0.0", .summary = "A container for consumer groups commands.",
       .complexity = "Depends on subcommand.", .subcommands = xgroup_subcommands},
      {.name = "xinfo", .arity = -2, .since = "5.0.0", .summary = "A container for stream introspection commands.",
       .complexity = "Depends on subcommand.", .subcommands = xinfo_subcommands},
      {.name = "xlen", .arity = 2, .flags = readonly | fast, .handler = xlen, .keys = one_key, .since = "5.0.0",
       .summary = "Return the number of messages in a stream.", .complexity = "O(1)"},
      {.name = "xpending", .arity = -3, .flags = readonly, .handler = xpending, .keys = one_key, .since = "5.0.0",
       .summary = "Returns the information and entries from a stream consumer group's pending entries list.",
       .complexity = "O(N) with N being the number of elements returned, so asking for a small fixed number of "
                     "entries per call is O(1). O(M), where M is the total number of entries scanned when used "
                     "with the IDLE filter. When the command returns just the summary and the list of consumers "
                     "is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every "
                     "consumer."},
      {.name = "xrange", .arity = -4, .flags = readonly, .handler = xrange, .keys = one_key, .since = "5.0.0",
       .summary = "Returns the messages from a stream within a range of IDs.",
       .complexity = "O(N) with N being the number of elements being returned. If N is constant (e.g. always "
                     "asking for the first 10 elements with COUNT), you can consider it O(1)."},
      {.name = "xread", .arity = -4, .flags = readonly, .handler = xread, .since = "5.0.0",
       .summary = "Returns messages from multiple streams with IDs greater than the ones requested. Blocks until a "
                  "message is available otherwise.",
       .complexity = "For each stream mentioned: O(N) with N being the number of elements being returned, it means "
                     "that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will "
                     "pay O(M) time in order to serve the M clients blocked on the stream getting new data."},
      {.name = "xreadgroup", .arity = -7, .flags = write, .handler = xreadgroup, .since = "5.0.0",
       .summary = "Returns new or historical messages from a stream for a consumer in a group. Blocks until a "
                  "message is available otherwise.",
       .complexity = "For each stream mentioned: O(M) with M being the number of elements returned. If M is "
                     "constant (e.g. always asking for the first 10 elements with COUNT), you can consider it "
                     "O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to "
                     "serve the N clients blocked on the stream getting new data."},
      {.name = "xrevrange", .arity = -4, .flags = readonly, .handler = xrevrange, .keys = one_key, .since = "5.0.0",
       .summary = "Returns the messages from a stream within a range of IDs in reverse order.",
       .complexity = "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for "
                     "the first 10 elements with COUNT), you can consider it O(1)."},
      {.name = "xsetid", .arity = -3, .flags = write, .handler = xsetid, .keys = one_key, .since = "5.0.0",
       .summary = "An internal command for replicating stream values.", .complexity = "O(1)"},
      {.name = "xtrim", .arity = -4, .flags = write, .handler = xtrim, .keys = one_key, .since = "5.0.0",
       .summary = "Deletes messages from the beginning of a stream.",
       .complexity = "O(N), with N being the number of evicted entries. Constant times are very small however, "
                     "since entries are organized in macro nodes containing multiple entries that can be released "
                     "with a single deallocation."},
  };
  return {"stream", specs};
}

}  // namespace kvmock::commands

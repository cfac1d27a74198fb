#include "command_support.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "kvresp/integer.hpp"
#include "numbers.hpp"

namespace kvmock::commands {

bool parse_cursor_or_reply(command_context& ctx, std::string_view text, std::uint64_t& cursor) {
  const std::string copy(text);  // strtoull needs the terminating NUL
  char* end = nullptr;
  errno = 0;
  cursor = std::strtoull(copy.c_str(), &end, 10);
  if ((!copy.empty() && std::isspace(static_cast<unsigned char>(copy[0])) != 0) || *end != '\0' ||
      errno == ERANGE) {
    ctx.reply.error(errors::invalid_cursor);
    return false;
  }
  return true;
}

bool parse_scan_options_or_reply(command_context& ctx, std::size_t from, bool allow_type, scan_options& options) {
  for (std::size_t j = from; j < ctx.argv.size(); j += 2) {
    const bool has_value = j + 1 < ctx.argv.size();
    if (has_value && equals_ignore_case(ctx.argv[j], "count")) {
      long long count = 0;
      if (!parse_integer_or_reply(ctx, ctx.argv[j + 1], count)) return false;
      if (count < 1) {
        ctx.reply.error(errors::syntax);
        return false;
      }
      options.count = static_cast<std::size_t>(count);
    } else if (has_value && equals_ignore_case(ctx.argv[j], "match")) {
      options.pattern = ctx.argv[j + 1];
    } else if (allow_type && has_value && equals_ignore_case(ctx.argv[j], "type")) {
      options.type = ctx.argv[j + 1];
    } else {
      ctx.reply.error(errors::syntax);
      return false;
    }
  }
  return true;
}

scan_page next_scan_page(std::uint64_t cursor, std::size_t count, std::size_t size,
                         const std::function<std::string_view(std::size_t)>& name_at) {
  // 63-bit places, so that a place plus one is a cursor that neither wraps nor reads as 0.
  struct placed {
    std::uint64_t place;
    std::size_t position;
  };
  const std::uint64_t start = cursor == 0 ? 0 : cursor - 1;
  std::vector<placed> candidates;
  for (std::size_t i = 0; i < size; ++i) {
    const std::uint64_t place = std::hash<std::string_view>{}(name_at(i)) >> 1;
    if (place >= start) candidates.push_back({place, i});
  }
  const auto by_place = [](const placed& a, const placed& b) { return a.place < b.place; };
  scan_page page;
  if (candidates.size() > count) {
    // Up to the count-th place, and every name sharing it, so that the next call starts after.
    std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(count - 1),
                     candidates.end(), by_place);
    const std::uint64_t last = candidates[count - 1].place;
    std::erase_if(candidates, [&](const placed& c) { return c.place > last; });
    page.next_cursor = last + 2;
  }
  std::sort(candidates.begin(), candidates.end(), by_place);
  page.positions.reserve(candidates.size());
  for (const placed& c : candidates) page.positions.push_back(c.position);
  return page;
}

void reply_scan(command_context& ctx, std::uint64_t next_cursor, std::span<const std::string_view> items) {
  ctx.reply.array(2);
  ctx.reply.bulk(std::to_string(next_cursor));
  ctx.reply.array(items.size());
  for (const auto item : items) ctx.reply.bulk(item);
}

bool parse_integer_or_reply(command_context& ctx, std::string_view text, long long& value) {
  if (kvresp::parse_integer(text, value)) return true;
  ctx.reply.error(errors::not_an_integer);
  return false;
}

bool parse_strict_double(std::string_view text, double& value) {
  const std::string copy(text);  // strtod needs the terminating NUL
  char* end = nullptr;
  errno = 0;
  value = copy.empty() ? 0 : std::strtod(copy.c_str(), &end);
  return !copy.empty() && std::isspace(static_cast<unsigned char>(copy[0])) == 0 &&
         end == copy.c_str() + copy.size() && !(errno == ERANGE && (std::isinf(value) || value == 0)) &&
         !std::isnan(value);
}

bool parse_timeout_or_reply(command_context& ctx, std::string_view text, long long& milliseconds) {
  if (!kvresp::parse_integer(text, milliseconds)) {
    ctx.reply.error(errors::timeout_not_an_integer);
    return false;
  }
  if (milliseconds < 0) {
    ctx.reply.error(errors::timeout_negative);
    return false;
  }
  return true;
}

std::optional<mpop_arguments> parse_mpop_or_reply(command_context& ctx, std::size_t numkeys_at,
                                                  std::string_view first_end, std::string_view second_end) {
  const auto fail = [&](std::string_view error) -> std::optional<mpop_arguments> {
    ctx.reply.error(error);
    return std::nullopt;
  };
  long long numkeys = 0;
  if (!kvresp::parse_integer(ctx.argv[numkeys_at], numkeys) || numkeys <= 0) return fail(errors::numkeys_positive);
  mpop_arguments parsed;
  parsed.first_key = numkeys_at + 1;
  if (numkeys > static_cast<long long>(ctx.argv.size() - parsed.first_key) - 1) return fail(errors::syntax);
  parsed.key_count = static_cast<std::size_t>(numkeys);
  const std::string_view end = ctx.argv[parsed.first_key + parsed.key_count];
  parsed.second_end = equals_ignore_case(end, second_end);
  if (!parsed.second_end && !equals_ignore_case(end, first_end)) return fail(errors::syntax);
  const std::size_t i = parsed.first_key + parsed.key_count + 1;
  if (i < ctx.argv.size()) {
    if (ctx.argv.size() - i != 2 || !equals_ignore_case(ctx.argv[i], "count")) return fail(errors::syntax);
    if (!kvresp::parse_integer(ctx.argv[i + 1], parsed.count) || parsed.count <= 0) {
      return fail(errors::count_positive);
    }
  }
  return parsed;
}

unix_ms deadline_after(const command_context& ctx, long long milliseconds) {
  // A deadline past the clock's range never comes: Redis's sum overflows and it waits on.
  if (milliseconds == 0 || milliseconds > LLONG_MAX - ctx.now) return 0;
  return ctx.now + milliseconds;
}

bool parse_block_timeout_or_reply(command_context& ctx, std::string_view text, unix_ms& deadline) {
  long double seconds = 0;
  if (!parse_long_double(text, seconds)) {
    ctx.reply.error(errors::timeout_not_a_float);
    return false;
  }
  const long double milliseconds = std::ceil(seconds * 1000.0L);
  // Redis 7.0 converts without a range check: more than a long long holds (inf, 1e16) comes
  // out negative there.
  if (milliseconds < 0 || milliseconds >= static_cast<long double>(LLONG_MAX)) {
    ctx.reply.error(errors::timeout_negative);
    return false;
  }
  deadline = deadline_after(ctx, static_cast<long long>(milliseconds));
  return true;
}

void block_on_keys(command_context& ctx, std::size_t first_key, std::size_t key_count, value_type waits_for,
                   unix_ms deadline, bool null_array, std::optional<std::size_t> numkeys_at) {
  if (ctx.client.in_exec) {
    if (null_array) {
      ctx.reply.null_array();
    } else {
      ctx.reply.null();
    }
    return;
  }
  blocked_state state;
  state.db = ctx.client.db;
  state.waits_for = waits_for;
  state.deadline = deadline;
  const auto& argv = ctx.argv;
  state.keys.assign(argv.begin() + static_cast<std::ptrdiff_t>(first_key),
                    argv.begin() + static_cast<std::ptrdiff_t>(first_key + key_count));
  state.before.assign(argv.begin(), argv.begin() + static_cast<std::ptrdiff_t>(first_key));
  if (numkeys_at) state.before[*numkeys_at] = "1";
  state.after.assign(argv.begin() + static_cast<std::ptrdiff_t>(first_key + key_count), argv.end());
  ctx.core.block(ctx.client, std::move(state));
}

bool parse_double_or_reply(command_context& ctx, std::string_view text, double& value, std::string_view error) {
  if (parse_strict_double(text, value)) return true;
  ctx.reply.error(error);
  return false;
}

bool parse_pop_count_or_reply(command_context& ctx, std::string_view too_many, long long& count) {
  if (ctx.argv.size() > 3) {
    ctx.reply.error(too_many);
    return false;
  }
  if (ctx.argv.size() == 3 && (!kvresp::parse_integer(ctx.argv[2], count) || count < 0)) {
    ctx.reply.error(errors::out_of_range_positive);
    return false;
  }
  return true;
}

void store_result(command_context& ctx, std::string_view key, kvmock::value result, bool empty, int type,
                  std::string_view event) {
  auto& data = ctx.core.data();
  if (empty) {
    if (data.erase(ctx.client.db, key, ctx.now)) notify(ctx, keyspace_event::generic, "del", key);
    return;
  }
  if (entry* found = data.find(ctx.client.db, key, ctx.now)) {
    found->value = std::move(result);
    found->expires_at = no_expiry;
    data.touch(ctx.client.db, key);
  } else {
    data.create(ctx.client.db, key, std::move(result));
  }
  notify(ctx, type, event, key);
}

bool split_script_keys_or_reply(command_context& ctx, long long numkeys, std::span<const std::string_view>& keys,
                                std::span<const std::string_view>& args) {
  if (numkeys > static_cast<long long>(ctx.argv.size()) - 3) {
    ctx.reply.error(errors::script_numkeys_too_many);
    return false;
  }
  if (numkeys < 0) {
    ctx.reply.error(errors::script_numkeys_negative);
    return false;
  }
  keys = ctx.argv.subspan(3, static_cast<std::size_t>(numkeys));
  args = ctx.argv.subspan(3 + static_cast<std::size_t>(numkeys));
  return true;
}

void kill_script_or_reply(command_context& ctx, bool eval) {
  if (const auto refused = ctx.core.scripts().kill(eval); !refused.empty()) return ctx.reply.error(refused);
  ctx.reply.ok();
}

void after_removal(command_context& ctx, std::string_view key, bool now_empty) {
  if (now_empty) {
    ctx.core.data().erase(ctx.client.db, key, ctx.now);
    notify(ctx, keyspace_event::generic, "del", key);
  } else {
    ctx.core.data().touch(ctx.client.db, key);
  }
}

long long proto_max_bulk_len(const command_context& ctx) { return ctx.core.config().values().proto_max_bulk_len; }

bool valid_client_name(std::string_view name) noexcept {
  for (const char c : name) {
    if (c < '!' || c > '~') return false;
  }
  return true;
}

void reply_help(command_context& ctx, std::span<const std::string_view> lines) {
  ctx.reply.array(lines.size());
  for (const auto line : lines) ctx.reply.status(line);
}

}  // namespace kvmock::commands

#include "command_support.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "kvresp/integer.hpp"

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

void after_removal(command_context& ctx, std::string_view key, bool now_empty) {
  if (now_empty) {
    ctx.core.data().erase(ctx.client.db, key, ctx.now);
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

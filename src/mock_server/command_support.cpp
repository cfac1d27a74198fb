#include "command_support.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "kvresp/integer.hpp"

namespace kvmock::commands {

bool parse_scan_or_reply(command_context& ctx, std::size_t cursor_at, bool allow_type,
                         std::uint64_t& cursor, scan_options& options) {
  const std::string_view text = ctx.argv[cursor_at];
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cursor);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    ctx.reply.error(errors::invalid_cursor);
    return false;
  }
  for (std::size_t j = cursor_at + 1; j < ctx.argv.size(); j += 2) {
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

bool parse_double_or_reply(command_context& ctx, std::string_view text, double& value) {
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  value = copy.empty() ? 0 : std::strtod(copy.c_str(), &end);
  if (copy.empty() || std::isspace(static_cast<unsigned char>(copy[0])) != 0 ||
      end != copy.c_str() + copy.size() || (errno == ERANGE && std::isinf(value)) ||
      std::isnan(value)) {
    ctx.reply.error(errors::not_a_float);
    return false;
  }
  return true;
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

long long proto_max_bulk_len(const command_context&) { return 512LL * 1024 * 1024; }

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

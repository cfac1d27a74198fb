// String commands: GET, SET, SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX, APPEND, STRLEN, MGET,
// MSET, MSETNX, INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT, GETRANGE, SUBSTR, SETRANGE, LCS.

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "numbers.hpp"
#include "server_core.hpp"
#include "kvresp/integer.hpp"

namespace kvmock::commands {
namespace {

void reply_value(command_context& ctx, const std::string* value) {
  if (value == nullptr) {
    ctx.reply.null();
  } else {
    ctx.reply.bulk(*value);
  }
}

// The string a key holds, or nullptr if it holds none (missing, or another type).
const std::string* string_at(command_context& ctx, std::string_view key) {
  const entry* found = ctx.core.data().find(ctx.client.db, key, ctx.now);
  return found == nullptr ? nullptr : found->value.get_if<std::string>();
}

bool is_option(std::string_view arg, std::string_view name) { return equals_ignore_case(arg, name); }

// SET's and GETEX's options, as parseExtendedStringArgumentsOrReply accepts them.
struct set_options {
  bool nx = false, xx = false, get = false, keep_ttl = false, persist = false;
  enum class expiry { none, ex, px, exat, pxat } kind = expiry::none;
  std::string_view expire_argument;
};

enum class options_of { set, getex };

bool parse_set_options(command_context& ctx, set_options& options, options_of command = options_of::set) {
  const auto& argv = ctx.argv;
  using expiry = set_options::expiry;
  const bool for_set = command == options_of::set;
  for (std::size_t j = for_set ? 3 : 2; j < argv.size(); ++j) {
    const std::string_view opt = argv[j];
    const bool has_next = j + 1 < argv.size();
    const bool no_expiry_yet = !options.keep_ttl && options.kind == expiry::none;
    const auto take_expiry = [&](expiry kind, expiry same) {
      // Repeating the same unit is allowed (the last one counts); mixing units is not.
      if (!has_next || options.keep_ttl || (options.kind != expiry::none && options.kind != same)) {
        return false;
      }
      options.kind = kind;
      options.expire_argument = argv[++j];
      return true;
    };
    if (for_set && is_option(opt, "nx") && !options.xx) {
      options.nx = true;
    } else if (for_set && is_option(opt, "xx") && !options.nx) {
      options.xx = true;
    } else if (for_set && is_option(opt, "get")) {
      options.get = true;
    } else if (for_set && is_option(opt, "keepttl") && no_expiry_yet) {
      options.keep_ttl = true;
    } else if (!for_set && is_option(opt, "persist") && no_expiry_yet) {
      options.persist = true;
      options.keep_ttl = true;  // so that no expiry may follow
    } else if (is_option(opt, "ex") && take_expiry(expiry::ex, expiry::ex)) {
    } else if (is_option(opt, "px") && take_expiry(expiry::px, expiry::px)) {
    } else if (is_option(opt, "exat") && take_expiry(expiry::exat, expiry::exat)) {
    } else if (is_option(opt, "pxat") && take_expiry(expiry::pxat, expiry::pxat)) {
    } else {
      ctx.reply.error(errors::syntax);
      return false;
    }
  }
  return true;
}

// The absolute expiry time for an EX/PX/EXAT/PXAT argument; replies (naming `command`) and
// returns false if invalid.
bool absolute_expiry(command_context& ctx, set_options::expiry kind, std::string_view argument,
                     std::string_view command, unix_ms& at) {
  using expiry = set_options::expiry;
  long long value = 0;
  if (!parse_integer_or_reply(ctx, argument, value)) return false;
  const bool seconds = kind == expiry::ex || kind == expiry::exat;
  if (value <= 0 || (seconds && value > LLONG_MAX / 1000)) {
    ctx.reply.error(errors::invalid_expire(command));
    return false;
  }
  if (seconds) value *= 1000;
  if (kind == expiry::ex || kind == expiry::px) {
    if (value > LLONG_MAX - ctx.now) {
      ctx.reply.error(errors::invalid_expire(command));
      return false;
    }
    value += ctx.now;
  }
  at = value;
  return true;
}

// SETEX and PSETEX: key, time, value.
void set_with_expiry(command_context& ctx, set_options::expiry kind, std::string_view command) {
  unix_ms expires_at = no_expiry;
  if (!absolute_expiry(ctx, kind, ctx.argv[2], command, expires_at)) return;
  ctx.core.data().store(ctx.client.db, ctx.argv[1], std::string(ctx.argv[3]), ctx.now).expires_at =
      expires_at;
  notify(ctx, keyspace_event::string, "set", ctx.argv[1]);
  notify(ctx, keyspace_event::generic, "expire", ctx.argv[1]);
  ctx.reply.ok();
}

void increment_by(command_context& ctx, long long increment) {
  auto& data = ctx.core.data();
  const auto current = find_as<std::string>(ctx, ctx.argv[1]);
  if (current.wrong_type()) return ctx.reply.error(errors::wrong_type);
  long long value = 0;
  if (current != nullptr && !kvresp::parse_integer(*current, value)) {
    ctx.reply.error(errors::not_an_integer);
    return;
  }
  if ((increment < 0 && value < 0 && increment < LLONG_MIN - value) ||
      (increment > 0 && value > 0 && increment > LLONG_MAX - value)) {
    ctx.reply.error(errors::overflow);
    return;
  }
  value += increment;
  data.store(ctx.client.db, ctx.argv[1], std::to_string(value), ctx.now, /*keep_ttl=*/true);
  notify(ctx, keyspace_event::string, "incrby", ctx.argv[1]);
  ctx.reply.integer(value);
}

void get(command_context& ctx) {
  const auto value = find_as<std::string>(ctx, ctx.argv[1]);
  if (value.wrong_type()) return ctx.reply.error(errors::wrong_type);
  reply_value(ctx, value);
}

void set(command_context& ctx) {
  set_options options;
  if (!parse_set_options(ctx, options)) return;
  unix_ms expires_at = no_expiry;
  if (options.kind != set_options::expiry::none &&
      !absolute_expiry(ctx, options.kind, options.expire_argument, "set", expires_at)) {
    return;
  }
  auto& data = ctx.core.data();
  const int db = ctx.client.db;
  const entry* found = data.find(db, ctx.argv[1], ctx.now);
  if (options.get) {
    if (found != nullptr && found->type() != value_type::string) {
      ctx.reply.error(errors::wrong_type);
      return;
    }
    reply_value(ctx, string_at(ctx, ctx.argv[1]));
  }
  if ((options.nx && found != nullptr) || (options.xx && found == nullptr)) {
    if (!options.get) ctx.reply.null();
    return;
  }
  entry& stored = data.store(db, ctx.argv[1], std::string(ctx.argv[2]), ctx.now, options.keep_ttl);
  notify(ctx, keyspace_event::string, "set", ctx.argv[1]);
  if (expires_at != no_expiry) notify(ctx, keyspace_event::generic, "expire", ctx.argv[1]);
  if (expires_at != no_expiry) {
    stored.expires_at = expires_at;
    // An EXAT/PXAT in the past deletes the key at once, as Redis does.
    if (expires_at <= ctx.now) data.erase(db, ctx.argv[1], ctx.now);
  }
  if (!options.get) ctx.reply.ok();
}

void setnx(command_context& ctx) {
  auto& data = ctx.core.data();
  if (data.find(ctx.client.db, ctx.argv[1], ctx.now) != nullptr) {
    ctx.reply.integer(0);
    return;
  }
  data.store(ctx.client.db, ctx.argv[1], std::string(ctx.argv[2]), ctx.now);
  notify(ctx, keyspace_event::string, "set", ctx.argv[1]);
  ctx.reply.integer(1);
}

void setex(command_context& ctx) { set_with_expiry(ctx, set_options::expiry::ex, "setex"); }

void psetex(command_context& ctx) { set_with_expiry(ctx, set_options::expiry::px, "psetex"); }

void getset(command_context& ctx) {
  const auto old = find_as<std::string>(ctx, ctx.argv[1]);
  if (old.wrong_type()) return ctx.reply.error(errors::wrong_type);
  reply_value(ctx, old);
  ctx.core.data().store(ctx.client.db, ctx.argv[1], std::string(ctx.argv[2]), ctx.now);
  notify(ctx, keyspace_event::string, "set", ctx.argv[1]);
}

void getdel(command_context& ctx) {
  const auto value = find_as<std::string>(ctx, ctx.argv[1]);
  if (value.wrong_type()) return ctx.reply.error(errors::wrong_type);
  reply_value(ctx, value);
  if (value == nullptr) return;
  ctx.core.data().erase(ctx.client.db, ctx.argv[1], ctx.now);
  notify(ctx, keyspace_event::generic, "del", ctx.argv[1]);
}

void getex(command_context& ctx) {
  set_options options;
  if (!parse_set_options(ctx, options, options_of::getex)) return;
  unix_ms expires_at = no_expiry;
  if (options.kind != set_options::expiry::none &&
      !absolute_expiry(ctx, options.kind, options.expire_argument, "getex", expires_at)) {
    return;
  }
  const auto value = find_as<std::string>(ctx, ctx.argv[1]);
  if (value.wrong_type()) return ctx.reply.error(errors::wrong_type);
  reply_value(ctx, value);
  if (value == nullptr) return;
  auto& data = ctx.core.data();
  entry* found = data.find(ctx.client.db, ctx.argv[1], ctx.now);
  if (expires_at != no_expiry) {
    if (expires_at <= ctx.now) {
      data.erase(ctx.client.db, ctx.argv[1], ctx.now);
      notify(ctx, keyspace_event::generic, "del", ctx.argv[1]);
    } else {
      found->expires_at = expires_at;
      data.touch(ctx.client.db, ctx.argv[1]);
      notify(ctx, keyspace_event::generic, "expire", ctx.argv[1]);
    }
  } else if (options.persist && found->expires_at != no_expiry) {
    found->expires_at = no_expiry;
    data.touch(ctx.client.db, ctx.argv[1]);
    notify(ctx, keyspace_event::generic, "persist", ctx.argv[1]);
  }
}

void append(command_context& ctx) {
  const auto existing = find_as<std::string>(ctx, ctx.argv[1]);
  if (existing.wrong_type()) return ctx.reply.error(errors::wrong_type);
  entry* found = existing.stored();
  if (found == nullptr) {
    ctx.core.data().store(ctx.client.db, ctx.argv[1], std::string(ctx.argv[2]), ctx.now);
    notify(ctx, keyspace_event::string, "append", ctx.argv[1]);
    ctx.reply.integer(static_cast<long long>(ctx.argv[2].size()));
    return;
  }
  auto& value = found->value.as<std::string>();
  value.append(ctx.argv[2]);
  found->origin = string_origin::grown;
  ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  notify(ctx, keyspace_event::string, "append", ctx.argv[1]);
  ctx.reply.integer(static_cast<long long>(value.size()));
}

void strlen(command_context& ctx) {
  const auto value = find_as<std::string>(ctx, ctx.argv[1]);
  if (value.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(value == nullptr ? 0 : static_cast<long long>(value->size()));
}

void mget(command_context& ctx) {
  ctx.reply.array(ctx.argv.size() - 1);
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) reply_value(ctx, string_at(ctx, ctx.argv[i]));
}

void mset(command_context& ctx) {
  if (ctx.argv.size() % 2 == 0) {
    ctx.reply.error(errors::arity("mset"));
    return;
  }
  for (std::size_t i = 1; i < ctx.argv.size(); i += 2) {
    ctx.core.data().store(ctx.client.db, ctx.argv[i], std::string(ctx.argv[i + 1]), ctx.now);
    notify(ctx, keyspace_event::string, "set", ctx.argv[i]);
  }
  ctx.reply.ok();
}

void msetnx(command_context& ctx) {
  if (ctx.argv.size() % 2 == 0) {
    ctx.reply.error(errors::arity("msetnx"));
    return;
  }
  auto& data = ctx.core.data();
  for (std::size_t i = 1; i < ctx.argv.size(); i += 2) {
    if (data.find(ctx.client.db, ctx.argv[i], ctx.now) != nullptr) {
      ctx.reply.integer(0);
      return;
    }
  }
  for (std::size_t i = 1; i < ctx.argv.size(); i += 2) {
    data.store(ctx.client.db, ctx.argv[i], std::string(ctx.argv[i + 1]), ctx.now);
    notify(ctx, keyspace_event::string, "set", ctx.argv[i]);
  }
  ctx.reply.integer(1);
}

void incr(command_context& ctx) { increment_by(ctx, 1); }

void decr(command_context& ctx) { increment_by(ctx, -1); }

void incrby(command_context& ctx) {
  long long increment = 0;
  if (parse_integer_or_reply(ctx, ctx.argv[2], increment)) increment_by(ctx, increment);
}

void decrby(command_context& ctx) {
  long long decrement = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], decrement)) return;
  if (decrement == LLONG_MIN) {
    ctx.reply.error(errors::decrement_overflow);
    return;
  }
  increment_by(ctx, -decrement);
}

void incrbyfloat(command_context& ctx) {
  const auto current = find_as<std::string>(ctx, ctx.argv[1]);
  if (current.wrong_type()) return ctx.reply.error(errors::wrong_type);
  long double value = 0;
  long double increment = 0;
  if ((current != nullptr && !parse_long_double(*current, value)) ||
      !parse_long_double(ctx.argv[2], increment)) {
    ctx.reply.error(errors::not_a_float);
    return;
  }
  value += increment;
  if (std::isnan(value) || std::isinf(value)) {
    ctx.reply.error(errors::nan_or_infinity);
    return;
  }
  std::string text = format_long_double(value);
  ctx.reply.bulk(text);
  ctx.core.data().store(ctx.client.db, ctx.argv[1], std::move(text), ctx.now, /*keep_ttl=*/true).origin =
      string_origin::text;
  notify(ctx, keyspace_event::string, "incrbyfloat", ctx.argv[1]);
}

// GETRANGE and SUBSTR: Redis 7.0's clamping, where a negative end past the start clamps to 0
// (so "0 -100" still gives the first byte).
void getrange(command_context& ctx) {
  long long start = 0;
  long long end = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], start) || !parse_integer_or_reply(ctx, ctx.argv[3], end)) return;
  const auto value = find_as<std::string>(ctx, ctx.argv[1]);
  if (value.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (value == nullptr) return ctx.reply.bulk("");
  const auto length = static_cast<long long>(value->size());
  if (start < 0 && end < 0 && start > end) return ctx.reply.bulk("");
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= length) end = length - 1;
  if (start > end || length == 0) return ctx.reply.bulk("");
  ctx.reply.bulk(std::string_view(*value).substr(static_cast<std::size_t>(start),
                                                  static_cast<std::size_t>(end - start + 1)));
}

// SETRANGE key offset value: zero-padded; an empty value changes nothing and creates nothing.
void setrange(command_context& ctx) {
  long long offset = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], offset)) return;
  if (offset < 0) return ctx.reply.error(errors::offset_out_of_range);
  const std::string_view patch = ctx.argv[3];
  const auto existing = find_as<std::string>(ctx, ctx.argv[1]);
  if (existing.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (patch.empty()) return ctx.reply.integer(existing == nullptr ? 0 : static_cast<long long>(existing->size()));
  if (offset > proto_max_bulk_len(ctx) - static_cast<long long>(patch.size())) {
    return ctx.reply.error(errors::string_too_long);
  }
  const auto at = static_cast<std::size_t>(offset);
  entry* found = existing.stored();
  if (found == nullptr) found = &ctx.core.data().store(ctx.client.db, ctx.argv[1], std::string(), ctx.now);
  auto& value = found->value.as<std::string>();
  if (value.size() < at + patch.size()) value.resize(at + patch.size(), '\0');
  value.replace(at, patch.size(), patch);
  found->origin = string_origin::grown;
  ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  notify(ctx, keyspace_event::string, "setrange", ctx.argv[1]);
  ctx.reply.integer(static_cast<long long>(value.size()));
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence
// by Redis's dynamic programme and back-tracking (ties step along key2), so that the string and
// the ranges are the ones Redis picks among equally long answers.
void lcs(command_context& ctx) {
  std::string_view texts[2];
  for (int i = 0; i < 2; ++i) {
    const auto value = find_as<std::string>(ctx, ctx.argv[1 + i]);
    if (value.wrong_type()) return ctx.reply.error(errors::lcs_not_strings);
    if (value != nullptr) texts[i] = *value;
  }
  bool want_length = false;
  bool want_ranges = false;
  bool with_match_length = false;
  long long min_match_length = 0;
  for (std::size_t i = 3; i < ctx.argv.size(); ++i) {
    const std::string_view option = ctx.argv[i];
    if (equals_ignore_case(option, "idx")) {
      want_ranges = true;
    } else if (equals_ignore_case(option, "len")) {
      want_length = true;
    } else if (equals_ignore_case(option, "withmatchlen")) {
      with_match_length = true;
    } else if (equals_ignore_case(option, "minmatchlen") && i + 1 < ctx.argv.size()) {
      if (!parse_integer_or_reply(ctx, ctx.argv[++i], min_match_length)) return;
      if (min_match_length < 0) min_match_length = 0;
    } else {
      return ctx.reply.error(errors::syntax);
    }
  }
  if (want_length && want_ranges) return ctx.reply.error(errors::lcs_len_and_idx);
  const std::string_view a = texts[0];
  const std::string_view b = texts[1];
  // Redis refuses a table of more than proto-max-bulk-len bytes at four bytes a cell.
  const auto cells = static_cast<unsigned long long>(a.size() + 1) * (b.size() + 1);
  if (cells > static_cast<unsigned long long>(proto_max_bulk_len(ctx)) / 4) {
    return ctx.reply.error(errors::lcs_too_large);
  }
  const std::size_t columns = b.size() + 1;
  std::vector<std::uint32_t> table(cells, 0);
  const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return table[i * columns + j]; };
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      at(i, j) = a[i - 1] == b[j - 1] ? at(i - 1, j - 1) + 1 : std::max(at(i - 1, j), at(i, j - 1));
    }
  }
  const std::uint32_t length = at(a.size(), b.size());
  if (want_length) return ctx.reply.integer(length);

  struct match {
    std::size_t a_start, a_end, b_start, b_end;
  };
  std::string common(length, '\0');
  std::vector<match> matches;
  std::size_t i = a.size();
  std::size_t j = b.size();
  std::size_t index = length;
  std::optional<match> run;  // the run of diagonal steps being followed, from its end
  const auto close_run = [&] {
    if (run && (min_match_length == 0 || run->a_end - run->a_start + 1 >= static_cast<unsigned long long>(min_match_length))) {
      matches.push_back(*run);
    }
    run.reset();
  };
  while (i > 0 && j > 0) {
    if (a[i - 1] == b[j - 1]) {
      common[--index] = a[i - 1];
      if (run && run->a_start == i && run->b_start == j) {
        --run->a_start;
        --run->b_start;
      } else {
        close_run();
        run = match{i - 1, i - 1, j - 1, j - 1};
      }
      --i;
      --j;
    } else if (at(i - 1, j) > at(i, j - 1)) {
      --i;
    } else {
      --j;
    }
  }
  close_run();
  if (!want_ranges) return ctx.reply.bulk(common);
  ctx.reply.map(2);
  ctx.reply.bulk("matches");
  ctx.reply.array(matches.size());
  for (const match& m : matches) {
    ctx.reply.array(with_match_length ? 3 : 2);
    ctx.reply.array(2);
    ctx.reply.integer(static_cast<long long>(m.a_start));
    ctx.reply.integer(static_cast<long long>(m.a_end));
    ctx.reply.array(2);
    ctx.reply.integer(static_cast<long long>(m.b_start));
    ctx.reply.integer(static_cast<long long>(m.b_end));
    if (with_match_length) ctx.reply.integer(static_cast<long long>(m.a_end - m.a_start + 1));
  }
  ctx.reply.bulk("len");
  ctx.reply.integer(length);
}

}  // namespace

command_group string_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "append", .arity = 3, .flags = write, .handler = append, .keys = one_key, .since = "2.0.0",
       .summary = "Appends a string to the value of a key. Creates the key if it doesn't exist.",
       .complexity = "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation."},
      {.name = "decr", .arity = 2, .flags = write | fast, .handler = decr, .keys = one_key, .since = "1.0.0",
       .summary = "Decrements the integer value of a key by one.",
       .complexity = "O(1)"},
      {.name = "decrby", .arity = 3, .flags = write | fast, .handler = decrby, .keys = one_key, .since = "1.0.0",
       .summary = "Decrements a number from the integer value of a key.",
       .complexity = "O(1)"},
      {.name = "get", .arity = 2, .flags = readonly | fast, .handler = get, .keys = one_key, .since = "1.0.0",
       .summary = "Returns the string value of a key.",
       .complexity = "O(1)"},
      {.name = "getdel", .arity = 2, .flags = write | fast, .handler = getdel, .keys = one_key, .since = "6.2.0",
       .summary = "Returns the string value of a key after deleting the key.",
       .complexity = "O(1)"},
      {.name = "getex", .arity = -2, .flags = write | fast, .handler = getex, .keys = one_key, .since = "6.2.0",
       .summary = "Returns the string value of a key after setting its expiration time.",
       .complexity = "O(1)"},
      {.name = "getrange", .arity = 4, .flags = readonly, .handler = getrange, .keys = one_key, .since = "2.4.0",
       .summary = "Returns a substring of the string stored at a key.",
       .complexity = "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings."},
      {.name = "getset", .arity = 3, .flags = write | fast, .handler = getset, .keys = one_key, .since = "1.0.0",
       .summary = "Returns the previous string value of a key after setting it to a new value.",
       .complexity = "O(1)"},
      {.name = "incr", .arity = 2, .flags = write | fast, .handler = incr, .keys = one_key, .since = "1.0.0",
       .summary = "Increments the integer value of a key by one.",
       .complexity = "O(1)"},
      {.name = "incrby", .arity = 3, .flags = write | fast, .handler = incrby, .keys = one_key, .since = "1.0.0",
       .summary = "Increments the integer value of a key by a number.",
       .complexity = "O(1)"},
      {.name = "incrbyfloat", .arity = 3, .flags = write | fast, .handler = incrbyfloat, .keys = one_key, .since = "2.6.0",
       .summary = "Increment the floating point value of a key by a number. Uses 0 as initial value if the key doesn't exist.",
       .complexity = "O(1)"},
      {.name = "lcs", .arity = -3, .flags = readonly, .handler = lcs, .keys = two_keys, .since = "7.0.0",
       .summary = "Finds the longest common substring.",
       .complexity = "O(N*M) where N and M are the lengths of s1 and s2, respectively"},
      {.name = "mget", .arity = -2, .flags = readonly | fast, .handler = mget, .keys = every_key, .since = "1.0.0",
       .summary = "Atomically returns the string values of one or more keys.",
       .complexity = "O(N) where N is the number of keys to retrieve."},
      {.name = "mset", .arity = -3, .flags = write, .handler = mset, .keys = {.first = 1, .last = -1, .step = 2}, .since = "1.0.1",
       .summary = "Atomically creates or modifies the string values of one or more keys.",
       .complexity = "O(N) where N is the number of keys to set."},
      {.name = "msetnx", .arity = -3, .flags = write, .handler = msetnx, .keys = {.first = 1, .last = -1, .step = 2}, .since = "1.0.1",
       .summary = "Atomically modifies the string values of one or more keys only when all keys don't exist.",
       .complexity = "O(N) where N is the number of keys to set."},
      {.name = "psetex", .arity = 4, .flags = write, .handler = psetex, .keys = one_key, .since = "2.6.0",
       .summary = "Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist.",
       .complexity = "O(1)"},
      {.name = "set", .arity = -3, .flags = write, .handler = set, .keys = one_key, .since = "1.0.0",
       .summary = "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.",
       .complexity = "O(1)"},
      {.name = "setex", .arity = 4, .flags = write, .handler = setex, .keys = one_key, .since = "2.0.0",
       .summary = "Sets the string value and expiration time of a key. Creates the key if it doesn't exist.",
       .complexity = "O(1)"},
      {.name = "setnx", .arity = 3, .flags = write | fast, .handler = setnx, .keys = one_key, .since = "1.0.0",
       .summary = "Set the string value of a key only when the key doesn't exist.",
       .complexity = "O(1)"},
      {.name = "setrange", .arity = 4, .flags = write, .handler = setrange, .keys = one_key, .since = "2.2.0",
       .summary = "Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist.",
       .complexity = "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument."},
      {.name = "strlen", .arity = 2, .flags = readonly | fast, .handler = strlen, .keys = one_key, .since = "2.2.0",
       .summary = "Returns the length of a string value.",
       .complexity = "O(1)"},
      {.name = "substr", .arity = 4, .flags = readonly, .handler = getrange, .keys = one_key, .since = "1.0.0",
       .summary = "Returns a substring from a string value.",
       .complexity = "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings."},
  };
  return {"string", specs};
}

}  // namespace kvmock::commands

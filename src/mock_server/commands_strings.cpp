// String commands: GET, SET, SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX, APPEND, STRLEN, MGET,
// MSET, MSETNX, INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT.

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cctype>
#include <string>

#include "commands.hpp"
#include "server_core.hpp"
#include "kvresp/integer.hpp"
#include "kvresp/writer.hpp"
#include "replies.hpp"

namespace kvmock::commands {
namespace {

void reply_value(command_context& ctx, const std::string* value) {
  if (value == nullptr) {
    reply_null(ctx);
  } else {
    kvresp::append_bulk_string(ctx.out, *value);
  }
}

// The string a key holds, or nullptr if it holds none (missing, or another type).
const std::string* string_at(command_context& ctx, std::string_view key) {
  const entry* found = ctx.core.data().find(ctx.client.db, key, ctx.now);
  return found == nullptr ? nullptr : std::get_if<std::string>(&found->value);
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
      ctx.out += replies::syntax_error;
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
    ctx.out += replies::invalid_expire_error(command);
    return false;
  }
  if (seconds) value *= 1000;
  if (kind == expiry::ex || kind == expiry::px) {
    if (value > LLONG_MAX - ctx.now) {
      ctx.out += replies::invalid_expire_error(command);
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
  ctx.out += replies::ok;
}

void increment_by(command_context& ctx, long long increment) {
  auto& data = ctx.core.data();
  bool wrong_type = false;
  const std::string* current = find_value<std::string>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  long long value = 0;
  if (current != nullptr && !kvresp::parse_integer(*current, value)) {
    ctx.out += replies::not_an_integer;
    return;
  }
  if ((increment < 0 && value < 0 && increment < LLONG_MIN - value) ||
      (increment > 0 && value > 0 && increment > LLONG_MAX - value)) {
    ctx.out += replies::overflow;
    return;
  }
  value += increment;
  data.store(ctx.client.db, ctx.argv[1], std::to_string(value), ctx.now, /*keep_ttl=*/true);
  kvresp::append_integer(ctx.out, value);
}

// A long double as Redis reads one (string2ld): no leading space, the whole text, no NaN,
// no overflow to infinity or underflow to zero.
bool parse_long_double(std::string_view text, long double& value) {
  constexpr std::size_t max_long_double_chars = 5 * 1024;
  if (text.empty() || text.size() >= max_long_double_chars ||
      std::isspace(static_cast<unsigned char>(text[0])) != 0) {
    return false;
  }
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  value = std::strtold(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return false;
  if (errno == ERANGE && (value == HUGE_VALL || value == -HUGE_VALL || std::fpclassify(value) == FP_ZERO)) {
    return false;
  }
  return !std::isnan(value);
}

// As Redis prints it (ld2string, LD_STR_HUMAN): 17 decimals, trailing zeros dropped.
std::string format_long_double(long double value) {
  char buffer[5 * 1024];
  int length = std::snprintf(buffer, sizeof buffer, "%.17Lf", value);
  if (length < 0 || static_cast<std::size_t>(length) + 1 > sizeof buffer) return "0";
  if (std::string_view(buffer, static_cast<std::size_t>(length)).find('.') != std::string_view::npos) {
    while (buffer[length - 1] == '0') --length;
    if (buffer[length - 1] == '.') --length;
  }
  if (length == 2 && buffer[0] == '-' && buffer[1] == '0') return "0";
  return std::string(buffer, static_cast<std::size_t>(length));
}

}  // namespace

void get(command_context& ctx) {
  bool wrong_type = false;
  const std::string* value = find_value<std::string>(ctx, ctx.argv[1], wrong_type);
  if (!wrong_type) reply_value(ctx, value);
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
      ctx.out += replies::wrong_type;
      return;
    }
    reply_value(ctx, string_at(ctx, ctx.argv[1]));
  }
  if ((options.nx && found != nullptr) || (options.xx && found == nullptr)) {
    if (!options.get) reply_null(ctx);
    return;
  }
  entry& stored = data.store(db, ctx.argv[1], std::string(ctx.argv[2]), ctx.now, options.keep_ttl);
  if (expires_at != no_expiry) {
    stored.expires_at = expires_at;
    // An EXAT/PXAT in the past deletes the key at once, as Redis does.
    if (expires_at <= ctx.now) data.erase(db, ctx.argv[1], ctx.now);
  }
  if (!options.get) ctx.out += replies::ok;
}

void setnx(command_context& ctx) {
  auto& data = ctx.core.data();
  if (data.find(ctx.client.db, ctx.argv[1], ctx.now) != nullptr) {
    ctx.out += replies::zero;
    return;
  }
  data.store(ctx.client.db, ctx.argv[1], std::string(ctx.argv[2]), ctx.now);
  ctx.out += replies::one;
}

void setex(command_context& ctx) { set_with_expiry(ctx, set_options::expiry::ex, "setex"); }

void psetex(command_context& ctx) { set_with_expiry(ctx, set_options::expiry::px, "psetex"); }

void getset(command_context& ctx) {
  bool wrong_type = false;
  const std::string* old = find_value<std::string>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  reply_value(ctx, old);
  ctx.core.data().store(ctx.client.db, ctx.argv[1], std::string(ctx.argv[2]), ctx.now);
}

void getdel(command_context& ctx) {
  bool wrong_type = false;
  const std::string* value = find_value<std::string>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  reply_value(ctx, value);
  if (value != nullptr) ctx.core.data().erase(ctx.client.db, ctx.argv[1], ctx.now);
}

void getex(command_context& ctx) {
  set_options options;
  if (!parse_set_options(ctx, options, options_of::getex)) return;
  unix_ms expires_at = no_expiry;
  if (options.kind != set_options::expiry::none &&
      !absolute_expiry(ctx, options.kind, options.expire_argument, "getex", expires_at)) {
    return;
  }
  bool wrong_type = false;
  const std::string* value = find_value<std::string>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  reply_value(ctx, value);
  if (value == nullptr) return;
  auto& data = ctx.core.data();
  entry* found = data.find(ctx.client.db, ctx.argv[1], ctx.now);
  if (expires_at != no_expiry) {
    if (expires_at <= ctx.now) {
      data.erase(ctx.client.db, ctx.argv[1], ctx.now);
    } else {
      found->expires_at = expires_at;
      data.touch(ctx.client.db, ctx.argv[1]);
    }
  } else if (options.persist && found->expires_at != no_expiry) {
    found->expires_at = no_expiry;
    data.touch(ctx.client.db, ctx.argv[1]);
  }
}

void append(command_context& ctx) {
  bool wrong_type = false;
  entry* found = find_entry_holding<std::string>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (found == nullptr) {
    ctx.core.data().store(ctx.client.db, ctx.argv[1], std::string(ctx.argv[2]), ctx.now);
    kvresp::append_integer(ctx.out, static_cast<long long>(ctx.argv[2].size()));
    return;
  }
  auto& value = std::get<std::string>(found->value);
  value.append(ctx.argv[2]);
  found->grown_in_place = true;
  ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  kvresp::append_integer(ctx.out, static_cast<long long>(value.size()));
}

void strlen(command_context& ctx) {
  bool wrong_type = false;
  const std::string* value = find_value<std::string>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  kvresp::append_integer(ctx.out, value == nullptr ? 0 : static_cast<long long>(value->size()));
}

void mget(command_context& ctx) {
  kvresp::append_array_header(ctx.out, ctx.argv.size() - 1);
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) reply_value(ctx, string_at(ctx, ctx.argv[i]));
}

void mset(command_context& ctx) {
  if (ctx.argv.size() % 2 == 0) {
    ctx.out += replies::arity_error("mset");
    return;
  }
  for (std::size_t i = 1; i < ctx.argv.size(); i += 2) {
    ctx.core.data().store(ctx.client.db, ctx.argv[i], std::string(ctx.argv[i + 1]), ctx.now);
  }
  ctx.out += replies::ok;
}

void msetnx(command_context& ctx) {
  if (ctx.argv.size() % 2 == 0) {
    ctx.out += replies::arity_error("msetnx");
    return;
  }
  auto& data = ctx.core.data();
  for (std::size_t i = 1; i < ctx.argv.size(); i += 2) {
    if (data.find(ctx.client.db, ctx.argv[i], ctx.now) != nullptr) {
      ctx.out += replies::zero;
      return;
    }
  }
  for (std::size_t i = 1; i < ctx.argv.size(); i += 2) {
    data.store(ctx.client.db, ctx.argv[i], std::string(ctx.argv[i + 1]), ctx.now);
  }
  ctx.out += replies::one;
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
    ctx.out += "-ERR decrement would overflow\r\n";
    return;
  }
  increment_by(ctx, -decrement);
}

void incrbyfloat(command_context& ctx) {
  bool wrong_type = false;
  const std::string* current = find_value<std::string>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  long double value = 0;
  long double increment = 0;
  if ((current != nullptr && !parse_long_double(*current, value)) ||
      !parse_long_double(ctx.argv[2], increment)) {
    ctx.out += "-ERR value is not a valid float\r\n";
    return;
  }
  value += increment;
  if (std::isnan(value) || std::isinf(value)) {
    ctx.out += "-ERR increment would produce NaN or Infinity\r\n";
    return;
  }
  std::string text = format_long_double(value);
  kvresp::append_bulk_string(ctx.out, text);
  ctx.core.data().store(ctx.client.db, ctx.argv[1], std::move(text), ctx.now, /*keep_ttl=*/true);
}

}  // namespace kvmock::commands

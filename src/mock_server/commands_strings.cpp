// String commands: GET, SET, SETNX, MGET, MSET, INCR, DECR, INCRBY, DECRBY.

#include <climits>
#include <string>

#include "commands.hpp"
#include "engine.hpp"
#include "kvresp/integer.hpp"
#include "kvresp/writer.hpp"
#include "replies.hpp"

namespace kvmock::commands {
namespace {

void reply_value(std::string& out, const entry* found) {
  if (found == nullptr) {
    out += replies::null_bulk;
  } else {
    kvresp::append_bulk_string(out, found->value);
  }
}

bool is_option(std::string_view arg, std::string_view name) { return equals_ignore_case(arg, name); }

// SET's options, as parseExtendedStringArgumentsOrReply accepts them.
struct set_options {
  bool nx = false, xx = false, get = false, keep_ttl = false;
  enum class expiry { none, ex, px, exat, pxat } kind = expiry::none;
  std::string_view expire_argument;
};

bool parse_set_options(command_context& ctx, set_options& options) {
  const auto& argv = ctx.argv;
  using expiry = set_options::expiry;
  for (std::size_t j = 3; j < argv.size(); ++j) {
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
    if (is_option(opt, "nx") && !options.xx) {
      options.nx = true;
    } else if (is_option(opt, "xx") && !options.nx) {
      options.xx = true;
    } else if (is_option(opt, "get")) {
      options.get = true;
    } else if (is_option(opt, "keepttl") && no_expiry_yet) {
      options.keep_ttl = true;
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

// The absolute expiry time for SET's EX/PX/EXAT/PXAT argument; replies and returns false if invalid.
bool absolute_expiry(command_context& ctx, const set_options& options, unix_ms& at) {
  using expiry = set_options::expiry;
  long long value = 0;
  if (!parse_integer_or_reply(ctx, options.expire_argument, value)) return false;
  const bool seconds = options.kind == expiry::ex || options.kind == expiry::exat;
  if (value <= 0 || (seconds && value > LLONG_MAX / 1000)) {
    ctx.out += replies::invalid_expire_error("set");
    return false;
  }
  if (seconds) value *= 1000;
  if (options.kind == expiry::ex || options.kind == expiry::px) {
    if (value > LLONG_MAX - ctx.now) {
      ctx.out += replies::invalid_expire_error("set");
      return false;
    }
    value += ctx.now;
  }
  at = value;
  return true;
}

void increment_by(command_context& ctx, long long increment) {
  auto& data = ctx.server.data();
  entry* found = data.find(ctx.client.db, ctx.argv[1], ctx.now);
  long long value = 0;
  if (found != nullptr && !kvresp::parse_integer(found->value, value)) {
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

}  // namespace

void get(command_context& ctx) {
  reply_value(ctx.out, ctx.server.data().find(ctx.client.db, ctx.argv[1], ctx.now));
}

void set(command_context& ctx) {
  set_options options;
  if (!parse_set_options(ctx, options)) return;
  unix_ms expires_at = no_expiry;
  if (options.kind != set_options::expiry::none && !absolute_expiry(ctx, options, expires_at)) {
    return;
  }
  auto& data = ctx.server.data();
  const int db = ctx.client.db;
  const entry* found = data.find(db, ctx.argv[1], ctx.now);
  if (options.get) reply_value(ctx.out, found);
  if ((options.nx && found != nullptr) || (options.xx && found == nullptr)) {
    if (!options.get) ctx.out += replies::null_bulk;
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
  auto& data = ctx.server.data();
  if (data.find(ctx.client.db, ctx.argv[1], ctx.now) != nullptr) {
    ctx.out += replies::zero;
    return;
  }
  data.store(ctx.client.db, ctx.argv[1], std::string(ctx.argv[2]), ctx.now);
  ctx.out += replies::one;
}

void mget(command_context& ctx) {
  kvresp::append_array_header(ctx.out, ctx.argv.size() - 1);
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    reply_value(ctx.out, ctx.server.data().find(ctx.client.db, ctx.argv[i], ctx.now));
  }
}

void mset(command_context& ctx) {
  if (ctx.argv.size() % 2 == 0) {
    ctx.out += replies::arity_error("mset");
    return;
  }
  for (std::size_t i = 1; i < ctx.argv.size(); i += 2) {
    ctx.server.data().store(ctx.client.db, ctx.argv[i], std::string(ctx.argv[i + 1]), ctx.now);
  }
  ctx.out += replies::ok;
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

}  // namespace kvmock::commands

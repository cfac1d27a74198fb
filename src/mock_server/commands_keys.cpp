// Keyspace commands: DEL, EXISTS, EXPIRE, PEXPIRE, TTL, PTTL, PERSIST, DBSIZE, FLUSHDB, FLUSHALL.

#include <climits>

#include "commands.hpp"
#include "engine.hpp"
#include "kvresp/writer.hpp"
#include "replies.hpp"

namespace kvmock::commands {
namespace {

enum class time_unit { seconds, milliseconds };

struct expire_conditions {
  bool nx = false, xx = false, gt = false, lt = false;
};

bool parse_expire_conditions(command_context& ctx, expire_conditions& conditions) {
  for (std::size_t j = 3; j < ctx.argv.size(); ++j) {
    const std::string_view opt = ctx.argv[j];
    if (equals_ignore_case(opt, "nx")) {
      conditions.nx = true;
    } else if (equals_ignore_case(opt, "xx")) {
      conditions.xx = true;
    } else if (equals_ignore_case(opt, "gt")) {
      conditions.gt = true;
    } else if (equals_ignore_case(opt, "lt")) {
      conditions.lt = true;
    } else {
      std::string message = "ERR Unsupported option ";
      message += opt;
      kvresp::append_error(ctx.out, message);
      return false;
    }
  }
  if (conditions.nx && (conditions.xx || conditions.gt || conditions.lt)) {
    ctx.out += "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n";
    return false;
  }
  if (conditions.gt && conditions.lt) {
    ctx.out += "-ERR GT and LT options at the same time are not compatible\r\n";
    return false;
  }
  return true;
}

// Whether the conditions let a key whose expiry is `current` take the expiry `when`.
bool conditions_allow(const expire_conditions& conditions, unix_ms current, unix_ms when) {
  if (conditions.nx && current != no_expiry) return false;
  if (conditions.xx && current == no_expiry) return false;
  // No TTL counts as an infinite one: never less than `when`, always greater.
  if (conditions.gt && (current == no_expiry || when <= current)) return false;
  if (conditions.lt && current != no_expiry && when >= current) return false;
  return true;
}

void expire_generic(command_context& ctx, time_unit unit) {
  expire_conditions conditions;
  if (!parse_expire_conditions(ctx, conditions)) return;
  long long when = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], when)) return;
  const std::string_view name = unit == time_unit::seconds ? "expire" : "pexpire";
  if (unit == time_unit::seconds) {
    if (when > LLONG_MAX / 1000 || when < LLONG_MIN / 1000) {
      ctx.out += replies::invalid_expire_error(name);
      return;
    }
    when *= 1000;
  }
  if (when > LLONG_MAX - ctx.now) {
    ctx.out += replies::invalid_expire_error(name);
    return;
  }
  when += ctx.now;
  auto& data = ctx.server.data();
  entry* found = data.find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found == nullptr || !conditions_allow(conditions, found->expires_at, when)) {
    ctx.out += replies::zero;
    return;
  }
  if (when <= ctx.now) {
    data.erase(ctx.client.db, ctx.argv[1], ctx.now);
  } else {
    found->expires_at = when;
    data.touch(ctx.client.db, ctx.argv[1]);
  }
  ctx.out += replies::one;
}

void ttl_generic(command_context& ctx, time_unit unit) {
  const entry* found = ctx.server.data().find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found == nullptr) {
    ctx.out += ":-2\r\n";
  } else if (found->expires_at == no_expiry) {
    ctx.out += ":-1\r\n";
  } else {
    const long long remaining = std::max<long long>(found->expires_at - ctx.now, 0);
    kvresp::append_integer(ctx.out,
                           unit == time_unit::milliseconds ? remaining : (remaining + 500) / 1000);
  }
}

// FLUSHDB and FLUSHALL take an optional SYNC or ASYNC; both flush at once here.
bool flush_mode_valid(command_context& ctx) {
  if (ctx.argv.size() > 2 || (ctx.argv.size() == 2 && !equals_ignore_case(ctx.argv[1], "sync") &&
                              !equals_ignore_case(ctx.argv[1], "async"))) {
    ctx.out += replies::syntax_error;
    return false;
  }
  return true;
}

}  // namespace

void del(command_context& ctx) {
  long long removed = 0;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    if (ctx.server.data().erase(ctx.client.db, ctx.argv[i], ctx.now)) ++removed;
  }
  kvresp::append_integer(ctx.out, removed);
}

void exists(command_context& ctx) {
  long long found = 0;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    if (ctx.server.data().find(ctx.client.db, ctx.argv[i], ctx.now) != nullptr) ++found;
  }
  kvresp::append_integer(ctx.out, found);
}

void expire(command_context& ctx) { expire_generic(ctx, time_unit::seconds); }

void pexpire(command_context& ctx) { expire_generic(ctx, time_unit::milliseconds); }

void ttl(command_context& ctx) { ttl_generic(ctx, time_unit::seconds); }

void pttl(command_context& ctx) { ttl_generic(ctx, time_unit::milliseconds); }

void persist(command_context& ctx) {
  entry* found = ctx.server.data().find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found == nullptr || found->expires_at == no_expiry) {
    ctx.out += replies::zero;
    return;
  }
  found->expires_at = no_expiry;
  ctx.server.data().touch(ctx.client.db, ctx.argv[1]);
  ctx.out += replies::one;
}

void dbsize(command_context& ctx) {
  kvresp::append_integer(ctx.out,
                         static_cast<long long>(ctx.server.data().size(ctx.client.db, ctx.now)));
}

void flushdb(command_context& ctx) {
  if (!flush_mode_valid(ctx)) return;
  ctx.server.data().flush(ctx.client.db);
  ctx.out += replies::ok;
}

void flushall(command_context& ctx) {
  if (!flush_mode_valid(ctx)) return;
  ctx.server.data().flush_all();
  ctx.out += replies::ok;
}

}  // namespace kvmock::commands

// Transaction commands: MULTI, EXEC, DISCARD, WATCH, UNWATCH.

#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "server_core.hpp"

namespace kvmock::commands {
namespace {

// A watched key that was alive when watched and has expired since aborts EXEC, as in Redis 7.0.
bool watched_key_expired(command_context& ctx) {
  for (const auto& watched : ctx.client.watched) {
    if (!watched.expired_when_watched &&
        ctx.core.data().expired(watched.db, watched.key, ctx.now)) {
      return true;
    }
  }
  return false;
}


void multi(command_context& ctx) {
  if (ctx.client.in_multi) {
    ctx.reply.error(errors::nested_multi);
    return;
  }
  ctx.client.in_multi = true;
  ctx.reply.ok();
}

void exec(command_context& ctx) {
  if (!ctx.client.in_multi) {
    ctx.reply.error(errors::exec_without_multi);
    return;
  }
  if (ctx.client.multi_aborted || ctx.client.watch_dirty || watched_key_expired(ctx)) {
    if (ctx.client.multi_aborted) {
      ctx.reply.error(errors::exec_abort);
    } else {
      ctx.reply.null_array();
    }
    ctx.core.discard_transaction(ctx.client);
    return;
  }
  ctx.core.watches().unwatch_all(ctx.client);
  auto queued = std::move(ctx.client.queued);
  ctx.client.queued.clear();
  ctx.client.in_multi = false;
  ctx.reply.array(queued.size());
  std::vector<std::string_view> argv;
  ctx.client.in_exec = true;
  for (const auto& command : queued) {
    argv.assign(command.begin(), command.end());
    ctx.core.run(ctx.client, argv, ctx.reply.buffer());
  }
  ctx.client.in_exec = false;
}

void discard(command_context& ctx) {
  if (!ctx.client.in_multi) {
    ctx.reply.error(errors::discard_without_multi);
    return;
  }
  ctx.core.discard_transaction(ctx.client);
  ctx.reply.ok();
}

void watch(command_context& ctx) {
  if (ctx.client.in_multi) {
    ctx.reply.error(errors::watch_inside_multi);
    return;
  }
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    const bool expired = ctx.core.data().expired(ctx.client.db, ctx.argv[i], ctx.now);
    ctx.core.watches().watch(ctx.client, ctx.client.db, ctx.argv[i], expired);
  }
  ctx.reply.ok();
}

void unwatch(command_context& ctx) {
  ctx.core.watches().unwatch_all(ctx.client);
  ctx.reply.ok();
}

}  // namespace

command_group transaction_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "discard", .arity = 1, .flags = fast | not_queued | no_script | allow_busy, .handler = discard, .since = "2.0.0",
       .summary = "Discards a transaction.",
       .complexity = "O(N), when N is the number of queued commands"},
      {.name = "exec", .arity = 1, .flags = not_queued | no_script, .handler = exec, .since = "1.2.0",
       .summary = "Executes all commands in a transaction.",
       .complexity = "Depends on commands in the transaction"},
      {.name = "multi", .arity = 1, .flags = fast | not_queued | no_script | allow_busy, .handler = multi, .since = "1.2.0",
       .summary = "Starts a transaction.",
       .complexity = "O(1)"},
      {.name = "unwatch", .arity = 1, .flags = fast | no_script | allow_busy, .handler = unwatch, .since = "2.2.0",
       .summary = "Forgets about watched keys of a transaction.",
       .complexity = "O(1)"},
      {.name = "watch", .arity = -2, .flags = fast | not_queued | no_script | allow_busy, .handler = watch, .keys = every_key, .since = "2.2.0",
       .summary = "Monitors changes to keys to determine the execution of a transaction.",
       .complexity = "O(1) for every key."},
  };
  return {"transactions", specs};
}

}  // namespace kvmock::commands

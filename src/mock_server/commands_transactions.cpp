// Transaction commands: MULTI, EXEC, DISCARD, WATCH, UNWATCH.

#include <vector>

#include "commands.hpp"
#include "server_core.hpp"
#include "kvresp/writer.hpp"
#include "replies.hpp"

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

}  // namespace

void multi(command_context& ctx) {
  if (ctx.client.in_multi) {
    ctx.out += "-ERR MULTI calls can not be nested\r\n";
    return;
  }
  ctx.client.in_multi = true;
  ctx.out += replies::ok;
}

void exec(command_context& ctx) {
  if (!ctx.client.in_multi) {
    ctx.out += "-ERR EXEC without MULTI\r\n";
    return;
  }
  if (ctx.client.multi_aborted || ctx.client.watch_dirty || watched_key_expired(ctx)) {
    if (ctx.client.multi_aborted) {
      ctx.out += replies::exec_abort;
    } else {
      reply_null_array(ctx);
    }
    ctx.core.discard_transaction(ctx.client);
    return;
  }
  ctx.core.watches().unwatch_all(ctx.client);
  auto queued = std::move(ctx.client.queued);
  ctx.client.queued.clear();
  ctx.client.in_multi = false;
  kvresp::append_array_header(ctx.out, queued.size());
  std::vector<std::string_view> argv;
  for (const auto& command : queued) {
    argv.assign(command.begin(), command.end());
    ctx.core.run(ctx.client, argv, ctx.out);
  }
}

void discard(command_context& ctx) {
  if (!ctx.client.in_multi) {
    ctx.out += "-ERR DISCARD without MULTI\r\n";
    return;
  }
  ctx.core.discard_transaction(ctx.client);
  ctx.out += replies::ok;
}

void watch(command_context& ctx) {
  if (ctx.client.in_multi) {
    ctx.out += "-ERR WATCH inside MULTI is not allowed\r\n";
    return;
  }
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    const bool expired = ctx.core.data().expired(ctx.client.db, ctx.argv[i], ctx.now);
    ctx.core.watches().watch(ctx.client, ctx.client.db, ctx.argv[i], expired);
  }
  ctx.out += replies::ok;
}

void unwatch(command_context& ctx) {
  ctx.core.watches().unwatch_all(ctx.client);
  ctx.out += replies::ok;
}

}  // namespace kvmock::commands

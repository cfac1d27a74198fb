// Pub/sub: SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBE forms, PUBLISH, SPUBLISH and
// PUBSUB's introspection. The table of who listens is pubsub_table; the messages reach other
// connections through session::pushes.

#include "command_groups.hpp"
#include "command_support.hpp"
#include "server_core.hpp"

namespace kvmock::commands {
namespace {

using enum subscription_kind;

std::string_view confirmation(subscription_kind kind, bool subscribing) {
  switch (kind) {
    case channel: return subscribing ? "subscribe" : "unsubscribe";
    case pattern: return subscribing ? "psubscribe" : "punsubscribe";
    case shard: break;
  }
  return subscribing ? "ssubscribe" : "sunsubscribe";
}

// Shard channels count apart from channels and patterns, as in Redis.
std::size_t count_after(const session& client, subscription_kind kind) {
  return kind == shard ? client.shard_channels.size() : client.subscriptions();
}

void confirm(command_context& ctx, subscription_kind kind, bool subscribing,
             std::optional<std::string_view> name) {
  ctx.reply.push(3);
  ctx.reply.bulk(confirmation(kind, subscribing));
  if (name) {
    ctx.reply.bulk(*name);
  } else {
    ctx.reply.null();
  }
  ctx.reply.integer(static_cast<long long>(count_after(ctx.client, kind)));
}

void subscribe_to(command_context& ctx, subscription_kind kind) {
  // EXEC may run SUBSCRIBE and PSUBSCRIBE (Redis keeps that for compatibility), not SSUBSCRIBE.
  if (kind == shard && ctx.client.in_exec) {
    ctx.reply.error(errors::ssubscribe_denied);
    return;
  }
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    ctx.core.pubsub().subscribe(ctx.client, kind, ctx.argv[i]);
    confirm(ctx, kind, true, ctx.argv[i]);
  }
}

void unsubscribe_from(command_context& ctx, subscription_kind kind) {
  if (ctx.argv.size() > 1) {
    for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
      ctx.core.pubsub().unsubscribe(ctx.client, kind, ctx.argv[i]);
      confirm(ctx, kind, false, ctx.argv[i]);
    }
    return;
  }
  const auto& names = kind == channel ? ctx.client.channels
                      : kind == pattern ? ctx.client.patterns
                                        : ctx.client.shard_channels;
  if (names.empty()) {
    confirm(ctx, kind, false, std::nullopt);  // Redis answers even when there was nothing
    return;
  }
  while (!names.empty()) {
    const std::string name = *names.begin();
    ctx.core.pubsub().unsubscribe(ctx.client, kind, name);
    confirm(ctx, kind, false, name);
  }
}

void subscribe(command_context& ctx) { subscribe_to(ctx, channel); }
void psubscribe(command_context& ctx) { subscribe_to(ctx, pattern); }
void ssubscribe(command_context& ctx) { subscribe_to(ctx, shard); }
void unsubscribe(command_context& ctx) { unsubscribe_from(ctx, channel); }
void punsubscribe(command_context& ctx) { unsubscribe_from(ctx, pattern); }
void sunsubscribe(command_context& ctx) { unsubscribe_from(ctx, shard); }

void publish(command_context& ctx) {
  ctx.reply.integer(static_cast<long long>(ctx.core.publish(channel, ctx.argv[1], ctx.argv[2])));
}

void spublish(command_context& ctx) {
  ctx.reply.integer(static_cast<long long>(ctx.core.publish(shard, ctx.argv[1], ctx.argv[2])));
}

void list_active(command_context& ctx, subscription_kind kind) {
  if (ctx.argv.size() > 3) {
    ctx.reply.error(errors::unknown_subcommand_or_arity(ctx.argv[1], "pubsub"));
    return;
  }
  std::optional<std::string_view> glob;
  if (ctx.argv.size() == 3) glob = ctx.argv[2];
  const auto names = ctx.core.pubsub().active(kind, glob);
  ctx.reply.array(names.size());
  for (const auto& name : names) ctx.reply.bulk(name);
}

void count_subscribers(command_context& ctx, subscription_kind kind) {
  ctx.reply.array((ctx.argv.size() - 2) * 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    ctx.reply.bulk(ctx.argv[i]);
    ctx.reply.integer(static_cast<long long>(ctx.core.pubsub().subscriber_count(kind, ctx.argv[i])));
  }
}

void pubsub_channels(command_context& ctx) { list_active(ctx, channel); }
void pubsub_shardchannels(command_context& ctx) { list_active(ctx, shard); }
void pubsub_numsub(command_context& ctx) { count_subscribers(ctx, channel); }
void pubsub_shardnumsub(command_context& ctx) { count_subscribers(ctx, shard); }
void pubsub_numpat(command_context& ctx) {
  ctx.reply.integer(static_cast<long long>(ctx.core.pubsub().pattern_count()));
}

void pubsub_help(command_context& ctx) {
  static constexpr std::string_view lines[] = {
      "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "CHANNELS [<pattern>]",
      "    Return the currently active channels matching a <pattern> (default: '*').",
      "NUMPAT",
      "    Return number of subscriptions to patterns.",
      "NUMSUB [<channel> ...]",
      "    Return the number of subscribers for the specified channels, excluding",
      "    pattern subscriptions(default: no channels).",
      "SHARDCHANNELS [<pattern>]",
      "    Return the currently active shard level channels matching a <pattern> (default: '*').",
      "SHARDNUMSUB [<shardchannel> ...]",
      "    Return the number of subscribers for the specified shard level channel(s)",
      "HELP",
      "    Prints this help.",
  };
  reply_help(ctx, lines);
}

using namespace command_flag;

constexpr command_spec pubsub_subcommands[] = {
    {.name = "channels", .arity = -2, .flags = fast, .handler = pubsub_channels, .since = "2.8.0",
     .summary = "Returns the active channels.",
     .complexity = "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)"},
    {.name = "help", .arity = 2, .flags = fast, .handler = pubsub_help, .since = "6.2.0",
     .summary = "Returns helpful text about the different subcommands.",
     .complexity = "O(1)"},
    {.name = "numpat", .arity = 2, .flags = fast, .handler = pubsub_numpat, .since = "2.8.0",
     .summary = "Returns a count of unique pattern subscriptions.",
     .complexity = "O(1)"},
    {.name = "numsub", .arity = -2, .flags = fast, .handler = pubsub_numsub, .since = "2.8.0",
     .summary = "Returns a count of subscribers to channels.",
     .complexity = "O(N) for the NUMSUB subcommand, where N is the number of requested channels"},
    {.name = "shardchannels", .arity = -2, .flags = fast, .handler = pubsub_shardchannels, .since = "7.0.0",
     .summary = "Returns the active shard channels.",
     .complexity = "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels)."},
    {.name = "shardnumsub", .arity = -2, .flags = fast, .handler = pubsub_shardnumsub, .since = "7.0.0",
     .summary = "Returns the count of subscribers of shard channels.",
     .complexity = "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels"},
};

constexpr command_spec pubsub_command_specs[] = {
    {.name = "psubscribe", .arity = -2, .flags = subscribed_ok | no_script, .handler = psubscribe, .since = "2.0.0",
     .summary = "Listens for messages published to channels that match one or more patterns.",
     .complexity = "O(N) where N is the number of patterns to subscribe to."},
    {.name = "publish", .arity = 3, .flags = fast, .handler = publish, .since = "2.0.0",
     .summary = "Posts a message to a channel.",
     .complexity = "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client)."},
    {.name = "pubsub", .arity = -2, .since = "2.8.0",
     .summary = "A container for Pub/Sub commands.",
     .complexity = "Depends on subcommand.",
     .subcommands = pubsub_subcommands},
    {.name = "punsubscribe", .arity = -1, .flags = subscribed_ok | no_script, .handler = punsubscribe, .since = "2.0.0",
     .summary = "Stops listening to messages published to channels that match one or more patterns.",
     .complexity = "O(N) where N is the number of patterns to unsubscribe."},
    {.name = "spublish", .arity = 3, .flags = fast, .handler = spublish, .keys = one_key, .since = "7.0.0",
     .summary = "Post a message to a shard channel",
     .complexity = "O(N) where N is the number of clients subscribed to the receiving shard channel."},
    {.name = "ssubscribe", .arity = -2, .flags = subscribed_ok | no_script, .handler = ssubscribe, .keys = every_key,
     .since = "7.0.0",
     .summary = "Listens for messages published to shard channels.",
     .complexity = "O(N) where N is the number of shard channels to subscribe to."},
    {.name = "subscribe", .arity = -2, .flags = subscribed_ok | no_script, .handler = subscribe, .since = "2.0.0",
     .summary = "Listens for messages published to channels.",
     .complexity = "O(N) where N is the number of channels to subscribe to."},
    {.name = "sunsubscribe", .arity = -1, .flags = subscribed_ok | no_script, .handler = sunsubscribe, .keys = every_key,
     .since = "7.0.0",
     .summary = "Stops listening to messages posted to shard channels.",
     .complexity = "O(N) where N is the number of shard channels to unsubscribe."},
    {.name = "unsubscribe", .arity = -1, .flags = subscribed_ok | no_script, .handler = unsubscribe, .since = "2.0.0",
     .summary = "Stops listening to messages posted to channels.",
     .complexity = "O(N) where N is the number of channels to unsubscribe."},
};

}  // namespace

command_group pubsub_commands() { return {"pubsub", pubsub_command_specs}; }

}  // namespace kvmock::commands

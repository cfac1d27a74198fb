// DUMP and RESTORE (the generic group): a key's value in Redis's serialization (rdb_payload),
// so a payload from redis-server restores on the fake and one from the fake on redis-server.

#include <string>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "kvresp/integer.hpp"
#include "rdb_payload.hpp"

namespace kvmock::commands {
namespace {

void dump(command_context& ctx) {
  const entry* found = ctx.core.data().find(ctx.client.db, ctx.argv[1], ctx.now);
  if (found == nullptr) return ctx.reply.null();
  if (found->type() == value_type::stream) return ctx.reply.error(errors::dump_stream);
  ctx.reply.bulk(dump_payload(found->value, limits(ctx)));
}

// RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency], checked in
// Redis's order: the options, an existing key, the TTL, the payload's footer, its contents.
void restore(command_context& ctx) {
  bool replace = false, absolute = false;
  std::optional<long long> idle_seconds, frequency;
  for (std::size_t j = 4; j < ctx.argv.size(); ++j) {
    const std::string_view option = ctx.argv[j];
    const bool has_value = j + 1 < ctx.argv.size();
    if (equals_ignore_case(option, "replace")) {
      replace = true;
    } else if (equals_ignore_case(option, "absttl")) {
      absolute = true;
    } else if (equals_ignore_case(option, "idletime") && has_value && !frequency) {
      long long seconds = 0;
      if (!parse_integer_or_reply(ctx, ctx.argv[++j], seconds)) return;
      if (seconds < 0) return ctx.reply.error(errors::invalid_idletime);
      idle_seconds = seconds;
    } else if (equals_ignore_case(option, "freq") && has_value && !idle_seconds) {
      long long counter = 0;
      if (!parse_integer_or_reply(ctx, ctx.argv[++j], counter)) return;
      if (counter < 0 || counter > 255) return ctx.reply.error(errors::invalid_freq);
      frequency = counter;
    } else {
      return ctx.reply.error(errors::syntax);
    }
  }
  auto& data = ctx.core.data();
  if (!replace && data.peek(ctx.client.db, ctx.argv[1], ctx.now) != nullptr) return ctx.reply.error(errors::busy_key);
  long long ttl = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], ttl)) return;
  if (ttl < 0) return ctx.reply.error(errors::invalid_ttl);
  payload_problem problem = payload_problem::none;
  std::optional<value> restored = restore_payload(ctx.argv[3], limits(ctx), problem);
  if (!restored) {
    return ctx.reply.error(problem == payload_problem::version_or_checksum ? errors::payload_version_or_checksum
                                                                           : errors::bad_data_format);
  }
  const bool replaced = replace && data.erase(ctx.client.db, ctx.argv[1], ctx.now);
  if (ttl != 0 && !absolute) ttl = static_cast<long long>(static_cast<unsigned long long>(ttl) + static_cast<unsigned long long>(ctx.now));
  // Already expired (a past ABSTTL, or a relative TTL that wrapped): nothing is created.
  if (ttl != 0 && ttl <= ctx.now) {
    if (replaced) notify(ctx, keyspace_event::generic, "del", ctx.argv[1]);
    return ctx.reply.ok();
  }
  entry& created = data.create(ctx.client.db, ctx.argv[1], std::move(*restored));
  created.expires_at = ttl == 0 ? no_expiry : ttl;
  created.accessed_at = static_cast<std::uint32_t>(ctx.now / 1000);
  if (idle_seconds && !limits(ctx).lfu_policy) {
    created.accessed_at = static_cast<std::uint32_t>(std::max<long long>(0, ctx.now / 1000 - *idle_seconds));
  }
  if (frequency && limits(ctx).lfu_policy) created.lfu_counter = static_cast<std::uint8_t>(*frequency);
  notify(ctx, keyspace_event::generic, "restore", ctx.argv[1]);
  ctx.reply.ok();
}

}  // namespace

command_group dump_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "dump", .arity = 2, .flags = readonly, .handler = dump, .keys = one_key, .since = "2.6.0",
       .summary = "Return a serialized version of the value stored at the specified key.",
       .complexity = "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1)."},
      {.name = "restore", .arity = -4, .flags = write, .handler = restore, .keys = one_key, .since = "2.6.0",
       .summary = "Create a key using the provided serialized value, previously obtained using DUMP.",
       .complexity = "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N))."},
  };
  return {"generic", specs};
}

}  // namespace kvmock::commands

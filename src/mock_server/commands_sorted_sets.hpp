#pragma once
// What the geo commands share with the sorted-set ones: a geo set is a sorted set, GEOADD is
// ZADD with positions encoded as scores (as Redis's geoaddCommand calls zaddCommand), and the
// STORE forms replace their destination as ZRANGESTORE does.

#include <string_view>

#include "command_spec.hpp"
#include "zset_value.hpp"

namespace kvmock::commands {

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member ...
void zadd(command_context& ctx);
// Replaces `key` with `result`, encoded for its size, or deletes it when `result` is empty:
// the new set's length. `event`: its keyspace event (empty: the command's name).
long long store_zset(command_context& ctx, std::string_view key, zset_value result, std::string_view event = {});

}  // namespace kvmock::commands

#pragma once
// Command handlers, one per Redis command; grouped in files by Redis's command groups.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "command_table.hpp"
#include "server_core.hpp"
#include "replies.hpp"

namespace kvmock::commands {

// Replies whose RESP3 form differs from RESP2's, in the client's protocol.
inline void reply_null(command_context& ctx) {
  ctx.out += ctx.client.protocol == 3 ? "_\r\n" : replies::null_bulk;
}
inline void reply_null_array(command_context& ctx) {
  ctx.out += ctx.client.protocol == 3 ? "_\r\n" : replies::null_array;
}
// A map of `pairs` entries: RESP3's map, or an array of keys and values.
void reply_map_header(command_context& ctx, std::size_t pairs);
// A set of `members`: RESP3's set, or an array.
void reply_set_header(command_context& ctx, std::size_t members);
// INFO's text: RESP3's verbatim string ("txt"), or a bulk string.
void reply_verbatim_text(command_context& ctx, std::string_view text);

// The entry of `key` if it holds a T (std::string, list_value, hash_value...), nullptr if the key
// is missing. If it holds another type: replies WRONGTYPE, sets wrong_type, returns nullptr.
template <typename T>
entry* find_entry_holding(command_context& ctx, std::string_view key, bool& wrong_type) {
  wrong_type = false;
  entry* found = ctx.core.data().find(ctx.client.db, key, ctx.now);
  if (found == nullptr || std::holds_alternative<T>(found->value)) return found;
  wrong_type = true;
  ctx.out += replies::wrong_type;
  return nullptr;
}

// As find_entry_holding, for the value itself.
template <typename T>
T* find_value(command_context& ctx, std::string_view key, bool& wrong_type) {
  entry* found = find_entry_holding<T>(ctx, key, wrong_type);
  return found == nullptr ? nullptr : &std::get<T>(found->value);
}

// SCAN's and HSCAN's options after the cursor.
struct scan_options {
  std::optional<std::string_view> pattern;  // MATCH
  std::size_t count = 10;                   // COUNT
  std::optional<std::string_view> type;     // TYPE (SCAN only)
};
// Parses argv[cursor_at] as the cursor and the options after it; replies and returns false on
// an error, as scanGenericCommand does.
bool parse_scan(command_context& ctx, std::size_t cursor_at, bool allow_type, std::uint64_t& cursor,
                scan_options& options);
// [next cursor, [items...]]
void append_scan_reply(std::string& out, std::uint64_t next_cursor,
                       std::span<const std::string_view> items);
// As Redis 7.0 encodes it: a listpack while it has at most 512 fields of at most 64 bytes.
bool is_small_hash(const hash_value& hash);

// As Redis 7.0 encodes it: an intset while every member is an integer and there are at most 512.
bool is_intset(const set_value& set);
// A double as Redis replies one (addReplyDouble): "%.17g", a bulk string in RESP2 and a double
// in RESP3; inf and -inf spelled so.
void reply_double(command_context& ctx, double value);
// A double as Redis reads one (getDoubleFromObjectOrReply); replies and returns false if not.
bool parse_double_or_reply(command_context& ctx, std::string_view text, double& value);

// The optional COUNT of LPOP, RPOP, SPOP and ZPOPMIN in argv[2]: count stays 1 without one.
// Replies `too_many` for more arguments, Redis's out-of-range error for a bad count, and returns
// false then.
bool parse_pop_count(command_context& ctx, std::string_view too_many, long long& count);
// After elements were removed from the collection at argv[1]: the key goes if it is empty now,
// or else is marked modified (for WATCH).
void after_removal(command_context& ctx, bool now_empty);

// Replies "value is not an integer or out of range" and returns false on failure.
bool parse_integer_or_reply(command_context& ctx, std::string_view text, long long& value);
// A HELP subcommand's reply: one simple string per line.
void append_help(std::string& out, std::span<const std::string_view> lines);

// connection
void ping(command_context&);
void echo(command_context&);
void quit(command_context&);
void select(command_context&);
void reset(command_context&);
void auth(command_context&);
void hello(command_context&);
void client_setname(command_context&);
void client_getname(command_context&);
void client_id(command_context&);
void client_help(command_context&);
void client_list(command_context&);
void client_kill(command_context&);
void client_pause(command_context&);
void client_unpause(command_context&);

// strings
void get(command_context&);
void set(command_context&);
void setnx(command_context&);
void setex(command_context&);
void psetex(command_context&);
void getset(command_context&);
void getdel(command_context&);
void getex(command_context&);
void append(command_context&);
void strlen(command_context&);
void mget(command_context&);
void mset(command_context&);
void msetnx(command_context&);
void incr(command_context&);
void decr(command_context&);
void incrby(command_context&);
void decrby(command_context&);
void incrbyfloat(command_context&);

// lists
void lpush(command_context&);
void rpush(command_context&);
void lpop(command_context&);
void rpop(command_context&);
void llen(command_context&);
void lrange(command_context&);
void lindex(command_context&);
void lrem(command_context&);
void ltrim(command_context&);

// sets
void sadd(command_context&);
void srem(command_context&);
void smembers(command_context&);
void sismember(command_context&);
void scard(command_context&);
void spop(command_context&);

// sorted sets
void zadd(command_context&);
void zcard(command_context&);
void zscore(command_context&);
void zrange(command_context&);
void zrevrange(command_context&);
void zrangebyscore(command_context&);
void zrevrangebyscore(command_context&);
void zrangebylex(command_context&);
void zrevrangebylex(command_context&);
void zrem(command_context&);
void zpopmin(command_context&);

// hashes
void hset(command_context&);
void hsetnx(command_context&);
void hget(command_context&);
void hmget(command_context&);
void hdel(command_context&);
void hexists(command_context&);
void hlen(command_context&);
void hgetall(command_context&);
void hkeys(command_context&);
void hvals(command_context&);
void hincrby(command_context&);
void hscan(command_context&);

// keyspace
void del(command_context&);
void exists(command_context&);
void type(command_context&);
void rename(command_context&);
void renamenx(command_context&);
void keys(command_context&);
void scan(command_context&);
void randomkey(command_context&);
void touch(command_context&);
void copy(command_context&);
void object_encoding(command_context&);
void object_help(command_context&);
void expire(command_context&);
void pexpire(command_context&);
void expireat(command_context&);
void pexpireat(command_context&);
void expiretime(command_context&);
void pexpiretime(command_context&);
void ttl(command_context&);
void pttl(command_context&);
void persist(command_context&);
void dbsize(command_context&);
void flushdb(command_context&);
void flushall(command_context&);

// transactions
void multi(command_context&);
void exec(command_context&);
void discard(command_context&);
void watch(command_context&);
void unwatch(command_context&);

// server
void info(command_context&);
void config_get(command_context&);
void config_help(command_context&);
void command(command_context&);
void command_count(command_context&);
void command_docs(command_context&);
void command_info(command_context&);
void command_list(command_context&);
void command_help(command_context&);

}  // namespace kvmock::commands

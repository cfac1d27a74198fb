#pragma once
// What command handlers share across groups: typed look-ups, argument parsing with Redis's
// errors, and the bookkeeping after a collection shrinks. Each parse_*_or_reply function
// replies the error itself and returns false, as Redis's get*OrReply functions do.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "command_spec.hpp"
#include "errors.hpp"
#include "server_core.hpp"
#include "text.hpp"

namespace kvmock::commands {

// A key looked up for a value of type T (std::string, list_value, hash_value...): a pointer to
// the value (null if the key is missing), and whether it holds another type instead:
//
//   const auto list = find_as<list_value>(ctx, ctx.argv[1]);
//   if (list.wrong_type()) return ctx.reply.error(errors::wrong_type);
//   if (list == nullptr) return ctx.reply.null();
template <typename T>
class lookup {
 public:
  lookup() = default;
  lookup(kvmock::entry* found, bool wrong_type) noexcept : entry_(found), wrong_type_(wrong_type) {}

  bool wrong_type() const noexcept { return wrong_type_; }
  operator T*() const noexcept { return get(); }  // NOLINT: a lookup is used as a pointer
  T* operator->() const noexcept { return get(); }
  T* get() const noexcept { return entry_ == nullptr ? nullptr : &entry_->value.template as<T>(); }
  kvmock::entry* stored() const noexcept { return entry_; }  // value, TTL and encoding state

 private:
  kvmock::entry* entry_ = nullptr;
  bool wrong_type_ = false;
};

template <typename T>
lookup<T> find_as(command_context& ctx, std::string_view key, int db) {
  kvmock::entry* found = ctx.core.data().find(db, key, ctx.now);
  if (found == nullptr) return {};
  if (!found->value.template holds<T>()) return {nullptr, true};
  return {found, false};
}

// In the client's database.
template <typename T>
lookup<T> find_as(command_context& ctx, std::string_view key) {
  return find_as<T>(ctx, key, ctx.client.db);
}

// The collection of type T at `key`, for a command that adds to it: created empty if missing,
// marked modified (for WATCH) if not; nullptr after replying WRONGTYPE.
template <typename T>
T* writable(command_context& ctx, std::string_view key) {
  const auto found = find_as<T>(ctx, key);
  if (found.wrong_type()) {
    ctx.reply.error(errors::wrong_type);
    return nullptr;
  }
  if (found == nullptr) return &ctx.core.data().create(ctx.client.db, key, T{}).value.template as<T>();
  ctx.core.data().touch(ctx.client.db, key);
  return found;
}

// SCAN's, HSCAN's, SSCAN's and ZSCAN's options after the cursor.
struct scan_options {
  std::optional<std::string_view> pattern;  // MATCH
  std::size_t count = 10;                   // COUNT
  std::optional<std::string_view> type;     // TYPE (SCAN only)
};
// A cursor as parseScanCursorOrReply reads it (strtoul: "" is 0, "-1" wraps).
bool parse_cursor_or_reply(command_context& ctx, std::string_view text, std::uint64_t& cursor);
// The options from argv[from] on, as scanGenericCommand reads them (HSCAN, SSCAN and ZSCAN read
// them after the key: a missing key answers an empty scan whatever they say).
bool parse_scan_options_or_reply(command_context& ctx, std::size_t from, bool allow_type, scan_options& options);

// One call's share of a scan over `size` names: each name's place is its hash, and the cursor
// the next place to visit (plus one; 0 starts, and ends). A name present for the whole scan is
// returned at least once whatever is added or removed meanwhile, as Redis's cursor guarantees
// (a position would skip names when earlier ones are deleted: SCAN then DEL). A call returns
// about `count` names, more when names share a place.
struct scan_page {
  std::vector<std::size_t> positions;
  std::uint64_t next_cursor = 0;
};
scan_page next_scan_page(std::uint64_t cursor, std::size_t count, std::size_t size,
                         const std::function<std::string_view(std::size_t)>& name_at);

// [next cursor, [items...]]
void reply_scan(command_context& ctx, std::uint64_t next_cursor, std::span<const std::string_view> items);

bool parse_integer_or_reply(command_context& ctx, std::string_view text, long long& value);
// As getDoubleFromObject: no leading space, the whole text, no NaN, no overflow.
bool parse_strict_double(std::string_view text, double& value);
// A timeout in milliseconds, as getTimeoutFromObjectOrReply reads it (CLIENT PAUSE, WAIT).
bool parse_timeout_or_reply(command_context& ctx, std::string_view text, long long& milliseconds);
// The same, replying "value is not a valid float" when it fails.
// A double as getDoubleFromObjectOrReply reads it; `error` is the reply when it is not one.
bool parse_double_or_reply(command_context& ctx, std::string_view text, double& value,
                           std::string_view error = errors::not_a_float);
// The optional COUNT of LPOP, RPOP, SPOP and ZPOPMIN in argv[2]: count stays 1 without one.
// Replies `too_many` for more arguments and Redis's out-of-range error for a bad count.
bool parse_pop_count_or_reply(command_context& ctx, std::string_view too_many, long long& count);

// What LMPOP, ZMPOP and their blocking forms share, from argv[numkeys_at]:
// numkeys key [key ...] END [COUNT count], END being `first_end` or `second_end`.
struct mpop_arguments {
  std::size_t first_key = 0;
  std::size_t key_count = 0;
  bool second_end = false;  // END was second_end (RIGHT, MAX)
  long long count = 1;
};
// Checks them in Redis's order (numkeys, their number, END, COUNT), replying its error when one
// is wrong.
std::optional<mpop_arguments> parse_mpop_or_reply(command_context& ctx, std::size_t numkeys_at,
                                                  std::string_view first_end, std::string_view second_end);

// The deadline of a blocking command waiting `milliseconds` from now: 0 (no deadline) for 0, or
// past the end of the clock.
unix_ms deadline_after(const command_context& ctx, long long milliseconds);
// A blocking command's timeout in seconds (BLPOP...), as getTimeoutFromObjectOrReply reads
// it: `deadline` on the server's clock, 0 for none.
bool parse_block_timeout_or_reply(command_context& ctx, std::string_view text, unix_ms& deadline);
// A blocking command with nothing to serve now. Inside EXEC it does not block: it answers a
// null (a null array when null_array). Otherwise the client waits on the keys
// argv[first_key, first_key + key_count) for a value of type waits_for; numkeys_at is the
// argument counting the keys (BLMPOP, BZMPOP), "1" when the command is retried on one key.
void block_on_keys(command_context& ctx, std::size_t first_key, std::size_t key_count, value_type waits_for,
                   unix_ms deadline, bool null_array, std::optional<std::size_t> numkeys_at = std::nullopt);

// The thresholds that decide encodings (hash_set, set_add, zset_set of encodings.hpp).
inline const config_values& limits(const command_context& ctx) { return ctx.core.config().values(); }

// A keyspace notification about `key` in the client's database (type: a keyspace_event
// class), published as notify-keyspace-events asks; in the order Redis emits them.
inline void notify(command_context& ctx, int type, std::string_view event, std::string_view key) {
  ctx.core.notify(ctx.client.db, type, event, key);
}

// Stores a command's result at `key` as Redis's setKey does (SINTERSTORE, ZUNIONSTORE, SORT ...
// STORE): a non-empty result replaces the value and its TTL, or creates the key ("new"), then
// `event` (of class `type`) is emitted; an empty one deletes the key, with "del" if it was there.
void store_result(command_context& ctx, std::string_view key, kvmock::value result, bool empty, int type,
                  std::string_view event);

// After elements were removed from the collection at `key`: the key goes if it is empty now,
// or else is marked modified (for WATCH); a removed key's "del" event follows the command's.
void after_removal(command_context& ctx, std::string_view key, bool now_empty);

// EVAL's and FCALL's numkeys, parsed by the caller (each with its own error), checked as Redis
// does: the keys and the arguments that follow them.
bool split_script_keys_or_reply(command_context& ctx, long long numkeys, std::span<const std::string_view>& keys,
                                std::span<const std::string_view>& args);
// SCRIPT KILL (eval) and FUNCTION KILL: OK, or Redis's reason the running script cannot be killed.
void kill_script_or_reply(command_context& ctx, bool eval);

// The longest string a command may build (proto-max-bulk-len): SETRANGE, SETBIT, LCS's table.
long long proto_max_bulk_len(const command_context& ctx);

// As CLIENT SETNAME and HELLO SETNAME accept it: printable, no spaces.
bool valid_client_name(std::string_view name) noexcept;

// A HELP subcommand's reply: one simple string per line.
void reply_help(command_context& ctx, std::span<const std::string_view> lines);

}  // namespace kvmock::commands

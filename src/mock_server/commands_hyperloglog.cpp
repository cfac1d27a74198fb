// HyperLogLog commands: PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST, over Redis's own byte
// layout (hyperloglog.hpp), so the values, the counts and the errors are redis-server's.

#include <random>
#include <string>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "encodings.hpp"
#include "hyperloglog.hpp"

namespace kvmock::commands {
namespace {

// The key's HLL for a command (nullptr if missing, after replying an error if not an HLL).
std::string* hll_at(command_context& ctx, std::string_view key, bool& failed) {
  failed = false;
  entry* found = ctx.core.data().find(ctx.client.db, key, ctx.now);
  if (found == nullptr) return nullptr;
  std::string* bytes = found->value.get_if<std::string>();
  if (bytes == nullptr) {
    ctx.reply.error(errors::wrong_type);
  } else if (encoding_name(*found) == "int" || !hll::looks_valid(*bytes)) {
    ctx.reply.error(errors::not_hll);
  } else {
    return bytes;
  }
  failed = true;
  return nullptr;
}

// A new empty HLL at `key`, a raw string as Redis creates it.
std::string& create_hll(command_context& ctx, std::string_view key) {
  entry& created = ctx.core.data().store(ctx.client.db, key, hll::make_empty(), ctx.now);
  created.origin = string_origin::grown;
  return created.value.as<std::string>();
}

std::size_t sparse_limit(command_context& ctx) { return static_cast<std::size_t>(limits(ctx).hll_sparse_max_bytes); }

void pfadd(command_context& ctx) {
  bool failed = false;
  std::string* bytes = hll_at(ctx, ctx.argv[1], failed);
  if (failed) return;
  int updated = 0;
  if (bytes == nullptr) {
    bytes = &create_hll(ctx, ctx.argv[1]);
    updated = 1;
  }
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const int changed = hll::add(*bytes, ctx.argv[i], sparse_limit(ctx));
    if (changed < 0) return ctx.reply.error(errors::hll_corrupt);
    updated += changed;
  }
  if (updated > 0) {
    hll::invalidate_cache(*bytes);
    ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
    notify(ctx, keyspace_event::string, "pfadd", ctx.argv[1]);
  }
  ctx.reply.integer(updated > 0 ? 1 : 0);
}

// One key: its cached count, or an estimate then cached (which counts as a change). Several:
// the estimate of their union, nothing cached.
void pfcount(command_context& ctx) {
  if (ctx.argv.size() == 2) {
    bool failed = false;
    std::string* bytes = hll_at(ctx, ctx.argv[1], failed);
    if (failed) return;
    if (bytes == nullptr) return ctx.reply.integer(0);
    const bool was_cached = (static_cast<unsigned char>((*bytes)[15]) & 0x80) == 0;
    const auto counted = hll::count(*bytes);
    if (!counted) return ctx.reply.error(errors::hll_corrupt);
    if (!was_cached) ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
    return ctx.reply.integer(*counted);
  }
  hll::register_values max{};
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    bool failed = false;
    const std::string* bytes = hll_at(ctx, ctx.argv[i], failed);
    if (failed) return;
    if (bytes != nullptr && !hll::merge_into(*bytes, max)) return ctx.reply.error(errors::hll_corrupt);
  }
  ctx.reply.integer(hll::estimate(max));
}

// PFMERGE destkey [sourcekey ...]: the destination is a source too; dense if any source is.
void pfmerge(command_context& ctx) {
  hll::register_values max{};
  bool dense = false;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    bool failed = false;
    const std::string* bytes = hll_at(ctx, ctx.argv[i], failed);
    if (failed) return;
    if (bytes == nullptr) continue;
    dense = dense || hll::is_dense(*bytes);
    if (!hll::merge_into(*bytes, max)) return ctx.reply.error(errors::hll_corrupt);
  }
  bool failed = false;
  std::string* target = hll_at(ctx, ctx.argv[1], failed);
  if (target == nullptr) target = &create_hll(ctx, ctx.argv[1]);
  if (dense && !hll::to_dense(*target)) return ctx.reply.error(errors::hll_corrupt);
  for (std::size_t index = 0; index < hll::registers; ++index) {
    if (max[index] == 0) continue;
    if (hll::raise(*target, index, max[index], sparse_limit(ctx)) < 0) return ctx.reply.error(errors::hll_corrupt);
  }
  hll::invalidate_cache(*target);
  ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  notify(ctx, keyspace_event::string, "pfadd", ctx.argv[1]);
  ctx.reply.ok();
}

// PFDEBUG GETREG|DECODE|ENCODING|TODENSE key: the key must exist, even to learn that the
// subcommand is unknown.
void pfdebug(command_context& ctx) {
  entry* found = ctx.core.data().find(ctx.client.db, ctx.argv[2], ctx.now);
  if (found == nullptr) return ctx.reply.error(errors::pfdebug_no_key);
  bool failed = false;
  std::string* bytes = hll_at(ctx, ctx.argv[2], failed);
  if (failed) return;
  const std::string_view sub = ctx.argv[1];
  if (equals_ignore_case(sub, "getreg")) {
    if (!hll::to_dense(*bytes)) return ctx.reply.error(errors::hll_corrupt);
    const auto values = hll::registers_of(*bytes);
    ctx.reply.array(hll::registers);
    for (const auto v : *values) ctx.reply.integer(v);
  } else if (equals_ignore_case(sub, "decode")) {
    if (hll::is_dense(*bytes)) return ctx.reply.error(errors::hll_not_sparse);
    const auto text = hll::decode_sparse(*bytes);
    if (!text) return ctx.reply.error(errors::hll_corrupt);
    ctx.reply.bulk(*text);
  } else if (equals_ignore_case(sub, "encoding")) {
    ctx.reply.status(hll::is_dense(*bytes) ? "dense" : "sparse");
  } else if (equals_ignore_case(sub, "todense")) {
    const bool was_sparse = !hll::is_dense(*bytes);
    if (!hll::to_dense(*bytes)) return ctx.reply.error(errors::hll_corrupt);
    ctx.reply.integer(was_sparse ? 1 : 0);
  } else {
    ctx.reply.error(errors::unknown_pfdebug_subcommand(sub));
  }
}

// PFSELFTEST: the sparse and dense forms agree register for register through random changes.
void pfselftest(command_context& ctx) {
  std::mt19937_64 random(ctx.core.random_below(UINT64_MAX));
  std::string sparse = hll::make_empty();
  std::string dense = hll::make_empty();
  hll::to_dense(dense);
  for (int i = 0; i < 2000; ++i) {
    const std::size_t index = random() % hll::registers;
    const int count = 1 + static_cast<int>(random() % 40);
    if (hll::raise(sparse, index, count, 3000) < 0 || hll::raise(dense, index, count, 3000) < 0 ||
        hll::registers_of(sparse) != hll::registers_of(dense)) {
      return ctx.reply.error("ERR TESTFAILED sparse and dense registers differ");
    }
  }
  ctx.reply.ok();
}

}  // namespace

command_group hyperloglog_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "pfadd", .arity = -2, .flags = write | fast, .handler = pfadd, .keys = one_key, .since = "2.8.9",
       .summary = "Adds the specified elements to the specified HyperLogLog.",
       .complexity = "O(1) to add every element."},
      {.name = "pfcount", .arity = -2, .flags = readonly, .handler = pfcount, .keys = every_key, .since = "2.8.9",
       .summary = "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
       .complexity = "O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys."},
      {.name = "pfdebug", .arity = 3, .flags = write | admin, .handler = pfdebug, .keys = {.first = 2, .last = 2, .step = 1}, .since = "2.8.9",
       .summary = "Internal commands for debugging HyperLogLog values",
       .complexity = "N/A"},
      {.name = "pfmerge", .arity = -2, .flags = write, .handler = pfmerge, .keys = every_key, .since = "2.8.9",
       .summary = "Merge N different HyperLogLogs into a single one.",
       .complexity = "O(N) to merge N HyperLogLogs, but with high constant times."},
      {.name = "pfselftest", .arity = 1, .flags = admin, .handler = pfselftest, .since = "2.8.9",
       .summary = "An internal command for testing HyperLogLog values",
       .complexity = "N/A"},
  };
  return {"hyperloglog", specs};
}

}  // namespace kvmock::commands

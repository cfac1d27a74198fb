// Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO. A bitmap is a
// string; bit 0 is the most significant bit of the first byte, as in Redis. An integer string
// is read through its decimal text.

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "kvresp/integer.hpp"

namespace kvmock::commands {
namespace {

// A bit offset as getBitOffsetFromArgument reads it: "#N" counts in units of `width` bits
// (BITFIELD), and no byte past proto-max-bulk-len may be addressed.
bool parse_bit_offset_or_reply(command_context& ctx, std::string_view text, std::uint64_t& offset,
                               int width = 0) {
  const bool in_units = width > 0 && !text.empty() && text.front() == '#';
  if (in_units) text.remove_prefix(1);
  long long value = 0;
  if (kvresp::parse_integer(text, value) && value >= 0 &&
      (!in_units || value <= LLONG_MAX / width)) {
    if (in_units) value *= width;
    if ((static_cast<unsigned long long>(value) >> 3) < static_cast<unsigned long long>(proto_max_bulk_len(ctx))) {
      offset = static_cast<std::uint64_t>(value);
      return true;
    }
  }
  ctx.reply.error(errors::bit_offset);
  return false;
}

bool bit_at(std::string_view bytes, std::uint64_t offset) {
  const std::uint64_t byte = offset >> 3;
  if (byte >= bytes.size()) return false;
  return (static_cast<unsigned char>(bytes[byte]) >> (7 - (offset & 7))) & 1;
}

void set_bit(std::string& bytes, std::uint64_t offset, bool on) {
  auto& byte = reinterpret_cast<unsigned char&>(bytes[offset >> 3]);
  const auto mask = static_cast<unsigned char>(1u << (7 - (offset & 7)));
  byte = on ? static_cast<unsigned char>(byte | mask) : static_cast<unsigned char>(byte & ~mask);
}

// The string at `key` for a command that writes bits, created if missing and zero-padded to
// `length` bytes; nullptr after replying WRONGTYPE. It counts as grown in place (raw). `grown`:
// whether it was created or lengthened, which WATCH sees even if no bit then changes.
std::string* bits_for_writing(command_context& ctx, std::string_view key, std::size_t length, bool& grown) {
  const auto found = find_as<std::string>(ctx, key);
  if (found.wrong_type()) {
    ctx.reply.error(errors::wrong_type);
    return nullptr;
  }
  entry* stored = found.stored();
  grown = stored == nullptr;
  if (stored == nullptr) stored = &ctx.core.data().store(ctx.client.db, key, std::string(), ctx.now);
  auto& bytes = stored->value.as<std::string>();
  if (bytes.size() < length) {
    bytes.resize(length, '\0');
    grown = true;
  }
  stored->origin = string_origin::grown;
  return &bytes;
}

// BITCOUNT's and BITPOS's range, in bytes or in bits: negative ends count from the end, then
// both are clamped; false for an empty range.
bool clamp_bit_range(long long& start, long long& end, long long total) {
  if (start < 0) start += total;
  if (end < 0) end += total;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  return start <= end;
}

// BYTE or BIT (case-insensitive) into `in_bits`; false for anything else.
bool parse_unit(std::string_view text, bool& in_bits) {
  if (equals_ignore_case(text, "bit")) {
    in_bits = true;
  } else if (!equals_ignore_case(text, "byte")) {
    return false;
  }
  return true;
}

std::uint64_t count_bits(std::string_view bytes, std::uint64_t first_bit, std::uint64_t last_bit) {
  std::uint64_t count = 0;
  for (std::uint64_t bit = first_bit; bit <= last_bit;) {
    if ((bit & 7) == 0 && bit + 7 <= last_bit) {
      count += static_cast<std::uint64_t>(std::popcount(static_cast<unsigned char>(bytes[bit >> 3])));
      bit += 8;
    } else {
      count += bit_at(bytes, bit) ? 1 : 0;
      ++bit;
    }
  }
  return count;
}


void setbit(command_context& ctx) {
  std::uint64_t offset = 0;
  if (!parse_bit_offset_or_reply(ctx, ctx.argv[2], offset)) return;
  long long on = 0;
  if (!kvresp::parse_integer(ctx.argv[3], on) || (on != 0 && on != 1)) return ctx.reply.error(errors::bit_value);
  bool grown = false;
  std::string* bytes = bits_for_writing(ctx, ctx.argv[1], static_cast<std::size_t>(offset >> 3) + 1, grown);
  if (bytes == nullptr) return;
  const bool was = bit_at(*bytes, offset);
  set_bit(*bytes, offset, on == 1);
  // As Redis 7.0: the key counts as modified only if it grew or the bit changed.
  if (grown || was != (on == 1)) {
    ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
    notify(ctx, keyspace_event::string, "setbit", ctx.argv[1]);
  }
  ctx.reply.integer(was ? 1 : 0);
}

void getbit(command_context& ctx) {
  std::uint64_t offset = 0;
  if (!parse_bit_offset_or_reply(ctx, ctx.argv[2], offset)) return;
  const auto bytes = find_as<std::string>(ctx, ctx.argv[1]);
  if (bytes.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(bytes != nullptr && bit_at(*bytes, offset) ? 1 : 0);
}

// BITCOUNT key [start end [BYTE|BIT]]: the key first, so a missing one counts 0 whatever follows.
void bitcount(command_context& ctx) {
  const auto bytes = find_as<std::string>(ctx, ctx.argv[1]);
  if (bytes.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (bytes == nullptr) return ctx.reply.integer(0);
  const std::string_view text = *bytes;
  if (ctx.argv.size() == 2) return ctx.reply.integer(text.empty() ? 0 : static_cast<long long>(count_bits(text, 0, text.size() * 8 - 1)));
  if (ctx.argv.size() != 4 && ctx.argv.size() != 5) return ctx.reply.error(errors::syntax);
  long long start = 0, end = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], start) || !parse_integer_or_reply(ctx, ctx.argv[3], end)) return;
  bool in_bits = false;
  if (ctx.argv.size() == 5 && !parse_unit(ctx.argv[4], in_bits)) return ctx.reply.error(errors::syntax);
  // Two negative ends in the wrong order are empty before any clamping (7.0's bitcountCommand;
  // BITPOS has no such rule).
  if (start < 0 && end < 0 && start > end) return ctx.reply.integer(0);
  const auto total = static_cast<long long>(in_bits ? text.size() * 8 : text.size());
  if (!clamp_bit_range(start, end, total)) return ctx.reply.integer(0);
  const auto first = static_cast<std::uint64_t>(in_bits ? start : start * 8);
  const auto last = static_cast<std::uint64_t>(in_bits ? end : end * 8 + 7);
  ctx.reply.integer(static_cast<long long>(count_bits(text, first, last)));
}

// BITPOS key bit [start [end [BYTE|BIT]]]: looking for a clear bit without an end, the string
// counts as followed by zeros.
void bitpos(command_context& ctx) {
  long long wanted = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], wanted)) return;
  if (wanted != 0 && wanted != 1) return ctx.reply.error(errors::bit_argument);
  const auto bytes = find_as<std::string>(ctx, ctx.argv[1]);
  if (bytes.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (bytes == nullptr) return ctx.reply.integer(wanted == 1 ? -1 : 0);
  const std::string_view text = *bytes;
  if (ctx.argv.size() > 6) return ctx.reply.error(errors::syntax);
  long long start = 0;
  long long end = 0;
  bool end_given = false;
  bool in_bits = false;
  if (ctx.argv.size() >= 4) {
    if (!parse_integer_or_reply(ctx, ctx.argv[3], start)) return;
    if (ctx.argv.size() == 6 && !parse_unit(ctx.argv[5], in_bits)) return ctx.reply.error(errors::syntax);
    if (ctx.argv.size() >= 5) {
      if (!parse_integer_or_reply(ctx, ctx.argv[4], end)) return;
      end_given = true;
    }
  }
  const auto total = static_cast<long long>(in_bits ? text.size() * 8 : text.size());
  if (!end_given) end = total - 1;
  if (!clamp_bit_range(start, end, total) || text.empty()) return ctx.reply.integer(-1);
  const auto first = static_cast<std::uint64_t>(in_bits ? start : start * 8);
  const auto last = static_cast<std::uint64_t>(in_bits ? end : end * 8 + 7);
  for (std::uint64_t bit = first; bit <= last; ++bit) {
    if (bit_at(text, bit) == (wanted == 1)) return ctx.reply.integer(static_cast<long long>(bit));
  }
  if (wanted == 0 && !end_given) return ctx.reply.integer(static_cast<long long>(text.size() * 8));
  ctx.reply.integer(-1);
}

// BITOP AND|OR|XOR|NOT destkey key [key ...]: as long as the longest source, shorter ones read
// as zero-padded; an empty result deletes the destination.
void bitop(command_context& ctx) {
  const std::string_view op = ctx.argv[1];
  enum class bit_op { and_, or_, xor_, not_ } kind;
  if (equals_ignore_case(op, "and")) {
    kind = bit_op::and_;
  } else if (equals_ignore_case(op, "or")) {
    kind = bit_op::or_;
  } else if (equals_ignore_case(op, "xor")) {
    kind = bit_op::xor_;
  } else if (equals_ignore_case(op, "not")) {
    kind = bit_op::not_;
  } else {
    return ctx.reply.error(errors::syntax);
  }
  if (kind == bit_op::not_ && ctx.argv.size() != 4) return ctx.reply.error(errors::bitop_not_single_source);
  std::vector<std::string_view> sources;
  std::size_t length = 0;
  for (std::size_t i = 3; i < ctx.argv.size(); ++i) {
    const auto source = find_as<std::string>(ctx, ctx.argv[i]);
    if (source.wrong_type()) return ctx.reply.error(errors::wrong_type);
    sources.push_back(source == nullptr ? std::string_view() : std::string_view(*source));
    length = std::max(length, sources.back().size());
  }
  std::string result(length, '\0');
  for (std::size_t j = 0; j < length; ++j) {
    const auto byte_of = [&](std::string_view s) { return j < s.size() ? static_cast<unsigned char>(s[j]) : 0u; };
    unsigned value = byte_of(sources[0]);
    for (std::size_t k = 1; k < sources.size(); ++k) {
      switch (kind) {
        case bit_op::and_: value &= byte_of(sources[k]); break;
        case bit_op::or_: value |= byte_of(sources[k]); break;
        case bit_op::xor_: value ^= byte_of(sources[k]); break;
        case bit_op::not_: break;
      }
    }
    if (kind == bit_op::not_) value = ~value;
    result[j] = static_cast<char>(value & 0xff);
  }
  auto& data = ctx.core.data();
  if (length == 0) {
    if (data.erase(ctx.client.db, ctx.argv[2], ctx.now)) notify(ctx, keyspace_event::generic, "del", ctx.argv[2]);
  } else {
    data.store(ctx.client.db, ctx.argv[2], std::move(result), ctx.now).origin = string_origin::grown;
    notify(ctx, keyspace_event::string, "set", ctx.argv[2]);
  }
  ctx.reply.integer(static_cast<long long>(length));
}

// BITFIELD's operations, all read before the key is touched.
struct bitfield_op {
  enum class kind { get, set, incrby } what = kind::get;
  bool is_signed = false;
  int width = 0;
  std::uint64_t offset = 0;
  long long value = 0;
  enum class overflow { wrap, sat, fail } on_overflow = overflow::wrap;
};

// i1..i64 or u1..u63, lower case only.
bool parse_bitfield_type(std::string_view text, bool& is_signed, int& width) {
  if (text.empty() || (text.front() != 'i' && text.front() != 'u')) return false;
  is_signed = text.front() == 'i';
  long long bits = 0;
  if (!kvresp::parse_integer(text.substr(1), bits)) return false;
  if (bits < 1 || bits > (is_signed ? 64 : 63)) return false;
  width = static_cast<int>(bits);
  return true;
}

std::uint64_t read_field(std::string_view bytes, std::uint64_t offset, int width) {
  std::uint64_t value = 0;
  for (int j = 0; j < width; ++j) value = (value << 1) | (bit_at(bytes, offset + static_cast<std::uint64_t>(j)) ? 1 : 0);
  return value;
}

long long as_signed(std::uint64_t raw, int width) {
  if (width < 64 && (raw & (std::uint64_t{1} << (width - 1))) != 0) raw |= ~std::uint64_t{0} << width;
  return static_cast<long long>(raw);
}

void write_field(std::string& bytes, std::uint64_t offset, int width, std::uint64_t value) {
  for (int j = 0; j < width; ++j) {
    set_bit(bytes, offset + static_cast<std::uint64_t>(j), ((value >> (width - 1 - j)) & 1) != 0);
  }
}

// value + increment in a field of `width` bits: the result, or nullopt when it overflows and the
// policy is FAIL (WRAP keeps the low bits, SAT the nearest limit), as Redis's
// check{Signed,Unsigned}BitfieldOverflow.
std::optional<long long> add_in_field(long long value, long long increment, int width, bool is_signed,
                                      bitfield_op::overflow policy) {
  using overflow = bitfield_op::overflow;
  if (is_signed) {
    const long long max = width == 64 ? LLONG_MAX : (1LL << (width - 1)) - 1;
    const long long min = -max - 1;
    const auto max_increment = static_cast<long long>(static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(value));
    const auto min_increment = static_cast<long long>(static_cast<std::uint64_t>(min) - static_cast<std::uint64_t>(value));
    const bool too_high = value > max || (width != 64 && increment > max_increment) ||
                          (value >= 0 && increment > 0 && increment > max_increment);
    const bool too_low = !too_high && (value < min || (width != 64 && increment < min_increment) ||
                                       (value < 0 && increment < 0 && increment < min_increment));
    if (!too_high && !too_low) return value + increment;
    if (policy == overflow::fail) return std::nullopt;
    if (policy == overflow::sat) return too_high ? max : min;
    std::uint64_t sum = static_cast<std::uint64_t>(value) + static_cast<std::uint64_t>(increment);
    if (width < 64) {
      const std::uint64_t mask = ~std::uint64_t{0} << width;
      sum = (sum & (std::uint64_t{1} << (width - 1))) != 0 ? sum | mask : sum & ~mask;
    }
    return static_cast<long long>(sum);
  }
  const std::uint64_t max = (std::uint64_t{1} << width) - 1;
  const auto current = static_cast<std::uint64_t>(value);
  const auto max_increment = static_cast<long long>(max - current);
  const auto min_increment = -static_cast<long long>(current);
  const bool too_high = current > max || (increment > 0 && increment > max_increment);
  const bool too_low = !too_high && increment < 0 && increment < min_increment;
  if (!too_high && !too_low) return static_cast<long long>(current + static_cast<std::uint64_t>(increment));
  if (policy == overflow::fail) return std::nullopt;
  if (policy == overflow::sat) return too_high ? static_cast<long long>(max) : 0;
  return static_cast<long long>((current + static_cast<std::uint64_t>(increment)) & max);
}

void bitfield_generic(command_context& ctx, bool read_only) {
  std::vector<bitfield_op> ops;
  auto policy = bitfield_op::overflow::wrap;
  bool writes = false;
  std::uint64_t highest_write_bit = 0;
  for (std::size_t j = 2; j < ctx.argv.size();) {
    const std::string_view name = ctx.argv[j];
    const std::size_t left = ctx.argv.size() - j - 1;
    if (equals_ignore_case(name, "overflow") && left >= 1) {
      const std::string_view how = ctx.argv[j + 1];
      if (equals_ignore_case(how, "wrap")) {
        policy = bitfield_op::overflow::wrap;
      } else if (equals_ignore_case(how, "sat")) {
        policy = bitfield_op::overflow::sat;
      } else if (equals_ignore_case(how, "fail")) {
        policy = bitfield_op::overflow::fail;
      } else {
        return ctx.reply.error(errors::bitfield_overflow_type);
      }
      j += 2;
      continue;
    }
    bitfield_op op;
    if (equals_ignore_case(name, "get") && left >= 2) {
      op.what = bitfield_op::kind::get;
    } else if (equals_ignore_case(name, "set") && left >= 3) {
      op.what = bitfield_op::kind::set;
    } else if (equals_ignore_case(name, "incrby") && left >= 3) {
      op.what = bitfield_op::kind::incrby;
    } else {
      return ctx.reply.error(errors::syntax);
    }
    if (!parse_bitfield_type(ctx.argv[j + 1], op.is_signed, op.width)) return ctx.reply.error(errors::bitfield_type);
    if (!parse_bit_offset_or_reply(ctx, ctx.argv[j + 2], op.offset, op.width)) return;
    if (op.what != bitfield_op::kind::get) {
      if (!parse_integer_or_reply(ctx, ctx.argv[j + 3], op.value)) return;
      writes = true;
      highest_write_bit = std::max(highest_write_bit, op.offset + static_cast<std::uint64_t>(op.width) - 1);
    }
    op.on_overflow = policy;
    ops.push_back(op);
    j += op.what == bitfield_op::kind::get ? 3 : 4;
  }
  if (read_only && writes) return ctx.reply.error(errors::bitfield_ro_writes);

  std::string* bytes = nullptr;
  std::string_view readable;
  bool changed = false;
  if (writes) {
    // Grown to cover every field written, even one that then fails.
    bytes = bits_for_writing(ctx, ctx.argv[1], static_cast<std::size_t>(highest_write_bit >> 3) + 1, changed);
    if (bytes == nullptr) return;
  } else {
    const auto found = find_as<std::string>(ctx, ctx.argv[1]);
    if (found.wrong_type()) return ctx.reply.error(errors::wrong_type);
    if (found != nullptr) readable = *found;
  }
  ctx.reply.array(ops.size());
  for (const bitfield_op& op : ops) {
    const std::string_view current_bytes = bytes != nullptr ? std::string_view(*bytes) : readable;
    const std::uint64_t raw = read_field(current_bytes, op.offset, op.width);
    const long long old_value = op.is_signed ? as_signed(raw, op.width) : static_cast<long long>(raw);
    if (op.what == bitfield_op::kind::get) {
      ctx.reply.integer(old_value);
      continue;
    }
    // SET checks its value as an increment of 0 from it.
    const std::optional<long long> result =
        op.what == bitfield_op::kind::set ? add_in_field(op.value, 0, op.width, op.is_signed, op.on_overflow)
                                          : add_in_field(old_value, op.value, op.width, op.is_signed, op.on_overflow);
    if (!result) {
      ctx.reply.null();
      continue;
    }
    write_field(*bytes, op.offset, op.width, static_cast<std::uint64_t>(*result));
    changed = true;
    ctx.reply.integer(op.what == bitfield_op::kind::set ? old_value : *result);
  }
  if (changed) {
    ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
    notify(ctx, keyspace_event::string, "setbit", ctx.argv[1]);
  }
}

void bitfield(command_context& ctx) { bitfield_generic(ctx, false); }
void bitfield_ro(command_context& ctx) { bitfield_generic(ctx, true); }

}  // namespace

command_group bitmap_commands() {
  using namespace command_flag;
  static constexpr key_positions from_second_on{2, -1, 1};  // BITOP op destkey key...
  static constexpr command_spec specs[] = {
      {.name = "bitcount", .arity = -2, .flags = readonly, .handler = bitcount, .keys = one_key, .since = "2.6.0",
       .summary = "Count set bits in a string",
       .complexity = "O(N)"},
      {.name = "bitfield", .arity = -2, .flags = write, .handler = bitfield, .keys = one_key, .since = "3.2.0",
       .summary = "Perform arbitrary bitfield integer operations on strings",
       .complexity = "O(1) for each subcommand specified"},
      {.name = "bitfield_ro", .arity = -2, .flags = readonly | fast, .handler = bitfield_ro, .keys = one_key, .since = "6.0.0",
       .summary = "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
       .complexity = "O(1) for each subcommand specified"},
      {.name = "bitop", .arity = -4, .flags = write, .handler = bitop, .keys = from_second_on, .since = "2.6.0",
       .summary = "Perform bitwise operations between strings",
       .complexity = "O(N)"},
      {.name = "bitpos", .arity = -3, .flags = readonly, .handler = bitpos, .keys = one_key, .since = "2.8.7",
       .summary = "Find first bit set or clear in a string",
       .complexity = "O(N)"},
      {.name = "getbit", .arity = 3, .flags = readonly | fast, .handler = getbit, .keys = one_key, .since = "2.2.0",
       .summary = "Returns the bit value at offset in the string value stored at key",
       .complexity = "O(1)"},
      {.name = "setbit", .arity = 4, .flags = write, .handler = setbit, .keys = one_key, .since = "2.2.0",
       .summary = "Sets or clears the bit at offset in the string value stored at key",
       .complexity = "O(1)"},
  };
  return {"bitmap", specs};
}

}  // namespace kvmock::commands

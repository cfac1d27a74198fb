#include "lzf.hpp"

#include <algorithm>
#include <vector>

namespace kvmock {

namespace {

constexpr std::size_t hash_bits = 16;
constexpr std::size_t max_literal = 32;
constexpr std::size_t max_offset = 1 << 13;
constexpr std::size_t max_reference = (1 << 8) + (1 << 3);

unsigned char at(std::string_view in, std::size_t i) { return static_cast<unsigned char>(in[i]); }

// VERY_FAST's hash of the three bytes at p.
std::size_t slot_of(std::string_view in, std::size_t p) {
  const std::uint32_t v = (static_cast<std::uint32_t>(at(in, p)) << 16) | (static_cast<std::uint32_t>(at(in, p + 1)) << 8) |
                          at(in, p + 2);
  return ((v >> (24 - hash_bits)) - v * 5) & ((1u << hash_bits) - 1);
}

}  // namespace

std::optional<std::string> lzf_compress(std::string_view in, std::size_t out_len) {
  const std::size_t n = in.size();
  if (n == 0 || out_len == 0) return std::nullopt;
  // Position 0 and an empty slot both read 0, and 0 is never a match source (ref > 0), as in
  // liblzf, whose table holds offsets from the input's start.
  std::vector<std::uint32_t> table(std::size_t{1} << hash_bits, 0);
  std::string out(out_len + 16, '\0');
  std::size_t ip = 0;
  std::size_t op = 1;  // out[0]: the first literal run's control byte
  std::size_t lit = 0;
  const auto put = [&](std::size_t i, unsigned value) { out[i] = static_cast<char>(value & 0xff); };
  // One byte more of the literal run, closing it at its longest and reserving the next control.
  const auto copy_literal = [&] {
    ++lit;
    put(op++, at(in, ip++));
    if (lit == max_literal) {
      put(op - lit - 1, static_cast<unsigned>(lit - 1));
      lit = 0;
      ++op;
    }
  };
  while (n >= 3 && ip < n - 2) {
    const std::size_t slot = slot_of(in, ip);
    const std::size_t ref = table[slot];
    table[slot] = static_cast<std::uint32_t>(ip);
    const std::size_t off = ip - ref - 1;  // wraps for ref >= ip: then >= max_offset
    if (ref > 0 && ref < ip && off < max_offset && at(in, ref) == at(in, ip) && at(in, ref + 1) == at(in, ip + 1) &&
        at(in, ref + 2) == at(in, ip + 2)) {
      std::size_t len = 2;
      const std::size_t maxlen = std::min(n - ip - len, max_reference);
      if (op + 3 + 1 >= out_len && op - (lit == 0 ? 1 : 0) + 3 + 1 >= out_len) return std::nullopt;
      put(op - lit - 1, static_cast<unsigned>(lit - 1));  // closes the literal run
      if (lit == 0) --op;
      bool done = false;
      if (maxlen > 16) {
        // The unrolled part checks no bound against maxlen (it may match a little past it).
        for (int k = 0; k < 16 && !done; ++k) {
          ++len;
          if (ref + len >= n || ip + len >= n || at(in, ref + len) != at(in, ip + len)) done = true;
        }
      }
      if (!done) {
        do {
          ++len;
        } while (len < maxlen && at(in, ref + len) == at(in, ip + len));
      }
      len -= 2;  // the encoded length: matched bytes - 2
      ++ip;
      if (len < 7) {
        put(op++, static_cast<unsigned>((off >> 8) + (len << 5)));
      } else {
        put(op++, static_cast<unsigned>((off >> 8) + (7 << 5)));
        put(op++, static_cast<unsigned>(len - 7));
      }
      put(op++, static_cast<unsigned>(off));
      lit = 0;
      ++op;  // the next control byte
      ip += len + 1;
      if (ip >= n - 2) break;
      ip -= 2;
      table[slot_of(in, ip)] = static_cast<std::uint32_t>(ip);
      ++ip;
      table[slot_of(in, ip)] = static_cast<std::uint32_t>(ip);
      ++ip;
    } else {
      if (op >= out_len) return std::nullopt;
      copy_literal();
    }
  }
  if (op + 3 > out_len) return std::nullopt;
  while (ip < n) copy_literal();
  put(op - lit - 1, static_cast<unsigned>(lit - 1));
  if (lit == 0) --op;
  out.resize(op);
  return out;
}

std::optional<std::string> lzf_decompress(std::string_view in, std::size_t out_len) {
  // out_len is declared by the payload, so it is not trusted for an allocation: no stream of n
  // bytes expands past 88n + 32 (a 3-byte back-reference copies at most 264 bytes), so a longer
  // declared length fails at once, and the output grows as it is produced.
  if (out_len / 88 > in.size() + 1) return std::nullopt;
  std::string out;
  out.reserve(std::min(out_len, in.size() * 4));
  std::size_t i = 0;
  while (i < in.size()) {
    const unsigned control = at(in, i++);
    if (control < 32) {
      const std::size_t count = control + 1;
      if (i + count > in.size() || out.size() + count > out_len) return std::nullopt;
      out.append(in.substr(i, count));
      i += count;
      continue;
    }
    std::size_t len = control >> 5;
    if (len == 7) {
      if (i >= in.size()) return std::nullopt;
      len += at(in, i++);
    }
    if (i >= in.size()) return std::nullopt;
    const std::size_t back = ((control & 0x1f) << 8) + at(in, i++) + 1;
    if (back > out.size() || out.size() + len + 2 > out_len) return std::nullopt;
    std::size_t ref = out.size() - back;
    for (std::size_t k = 0; k < len + 2; ++k) out.push_back(out[ref++]);  // may overlap
  }
  if (out.size() != out_len) return std::nullopt;
  return out;
}

}  // namespace kvmock

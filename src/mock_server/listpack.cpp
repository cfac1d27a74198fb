#include "listpack.hpp"

#include "kvresp/integer.hpp"

namespace kvmock {

namespace {

void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

std::uint64_t get_le(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return value;
}

// The encoding and data of one entry, without its backlen.
std::string entry_body(listpack_entry entry) {
  std::optional<long long> number;
  std::string_view text;
  if (const auto* v = std::get_if<long long>(&entry)) {
    number = *v;
  } else {
    text = std::get<std::string_view>(entry);
    long long parsed = 0;
    if (text.size() <= 20 && kvresp::parse_integer(text, parsed)) number = parsed;
  }
  std::string body;
  if (number) {
    const long long v = *number;
    if (v >= 0 && v <= 127) {
      body += static_cast<char>(v);
    } else if (v >= -4096 && v <= 4095) {
      const auto u = static_cast<std::uint64_t>(v) & 0x1fff;
      body += static_cast<char>(0xC0 | (u >> 8));
      body += static_cast<char>(u & 0xff);
    } else if (v >= -32768 && v <= 32767) {
      body += static_cast<char>(0xF1);
      put_le(body, static_cast<std::uint64_t>(v), 2);
    } else if (v >= -8388608 && v <= 8388607) {
      body += static_cast<char>(0xF2);
      put_le(body, static_cast<std::uint64_t>(v), 3);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      body += static_cast<char>(0xF3);
      put_le(body, static_cast<std::uint64_t>(v), 4);
    } else {
      body += static_cast<char>(0xF4);
      put_le(body, static_cast<std::uint64_t>(v), 8);
    }
    return body;
  }
  const std::size_t n = text.size();
  if (n < 64) {
    body += static_cast<char>(0x80 | n);
  } else if (n < 4096) {
    body += static_cast<char>(0xE0 | (n >> 8));
    body += static_cast<char>(n & 0xff);
  } else {
    body += static_cast<char>(0xF0);
    put_le(body, n, 4);
  }
  body += text;
  return body;
}

std::string backlen(std::size_t l) {
  std::string out;
  if (l <= 127) {
    out += static_cast<char>(l);
  } else if (l < 16383) {
    out += static_cast<char>(l >> 7);
    out += static_cast<char>((l & 127) | 128);
  } else if (l < 2097151) {
    out += static_cast<char>(l >> 14);
    out += static_cast<char>(((l >> 7) & 127) | 128);
    out += static_cast<char>((l & 127) | 128);
  } else if (l < 268435455) {
    out += static_cast<char>(l >> 21);
    out += static_cast<char>(((l >> 14) & 127) | 128);
    out += static_cast<char>(((l >> 7) & 127) | 128);
    out += static_cast<char>((l & 127) | 128);
  } else {
    out += static_cast<char>(l >> 28);
    out += static_cast<char>(((l >> 21) & 127) | 128);
    out += static_cast<char>(((l >> 14) & 127) | 128);
    out += static_cast<char>(((l >> 7) & 127) | 128);
    out += static_cast<char>((l & 127) | 128);
  }
  return out;
}

long long sign_extend(std::uint64_t value, int bits) {
  const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
  return static_cast<long long>((value ^ sign) - sign);
}

}  // namespace

std::size_t listpack_entry_size(listpack_entry entry) {
  const std::size_t body = entry_body(entry).size();
  return body + backlen(body).size();
}

std::string encode_listpack(const std::vector<listpack_entry>& entries) {
  std::string body;
  for (const auto& entry : entries) {
    const std::string one = entry_body(entry);
    body += one;
    body += backlen(one.size());
  }
  std::string out;
  put_le(out, body.size() + listpack_overhead, 4);
  put_le(out, entries.size() < 65535 ? entries.size() : 65535, 2);
  out += body;
  out += static_cast<char>(0xFF);
  return out;
}

std::optional<std::vector<std::string>> decode_listpack(std::string_view blob) {
  if (blob.size() < listpack_overhead || get_le(blob, 0, 4) != blob.size() ||
      static_cast<unsigned char>(blob.back()) != 0xFF) {
    return std::nullopt;
  }
  const auto declared = static_cast<std::size_t>(get_le(blob, 4, 2));
  std::vector<std::string> entries;
  std::size_t p = 6;
  const std::size_t end = blob.size() - 1;
  while (p < end) {
    const std::size_t start = p;
    const auto b = static_cast<unsigned char>(blob[p]);
    const auto need = [&](std::size_t bytes) { return p + bytes <= end; };
    if ((b & 0x80) == 0) {
      entries.push_back(std::to_string(b));
      p += 1;
    } else if ((b & 0xC0) == 0x80) {
      const std::size_t n = b & 0x3F;
      if (!need(1 + n)) return std::nullopt;
      entries.emplace_back(blob.substr(p + 1, n));
      p += 1 + n;
    } else if ((b & 0xE0) == 0xC0) {
      if (!need(2)) return std::nullopt;
      const std::uint64_t raw = ((b & 0x1Fu) << 8) | static_cast<unsigned char>(blob[p + 1]);
      entries.push_back(std::to_string(sign_extend(raw, 13)));
      p += 2;
    } else if ((b & 0xF0) == 0xE0) {
      if (!need(2)) return std::nullopt;
      const std::size_t n = ((b & 0x0Fu) << 8) | static_cast<unsigned char>(blob[p + 1]);
      if (!need(2 + n)) return std::nullopt;
      entries.emplace_back(blob.substr(p + 2, n));
      p += 2 + n;
    } else if (b == 0xF0) {
      if (!need(5)) return std::nullopt;
      const auto n = static_cast<std::size_t>(get_le(blob, p + 1, 4));
      if (n > end - p - 5) return std::nullopt;
      entries.emplace_back(blob.substr(p + 5, n));
      p += 5 + n;
    } else if (b >= 0xF1 && b <= 0xF4) {
      static constexpr int widths[] = {2, 3, 4, 8};
      const int width = widths[b - 0xF1];
      if (!need(1 + static_cast<std::size_t>(width))) return std::nullopt;
      entries.push_back(std::to_string(sign_extend(get_le(blob, p + 1, width), width * 8)));
      p += 1 + static_cast<std::size_t>(width);
    } else {
      return std::nullopt;
    }
    const std::string expected = backlen(p - start);
    if (blob.substr(p, expected.size()) != expected || p + expected.size() > end) return std::nullopt;
    p += expected.size();
  }
  if (p != end || (declared != 65535 && declared != entries.size())) return std::nullopt;
  return entries;
}

}  // namespace kvmock

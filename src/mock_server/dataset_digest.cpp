#include "dataset_digest.hpp"

#include <boost/uuid/detail/sha1.hpp>

#include "numbers.hpp"

namespace kvmock {

namespace {

digest sha1_of(const void* bytes, std::size_t length) {
  boost::uuids::detail::sha1 hasher;
  hasher.process_bytes(bytes, length);
  boost::uuids::detail::sha1::digest_type words;
  hasher.get_digest(words);
  digest out{};
  for (std::size_t i = 0; i < 5; ++i) {
    for (std::size_t b = 0; b < 4; ++b) out[i * 4 + b] = static_cast<std::uint8_t>(words[i] >> (24 - 8 * b));
  }
  return out;
}

// Redis's xorDigest: the SHA1 of the bytes, xored in.
void xor_in(digest& into, const void* bytes, std::size_t length) {
  const digest hash = sha1_of(bytes, length);
  for (std::size_t i = 0; i < into.size(); ++i) into[i] ^= hash[i];
}

void xor_in(digest& into, std::string_view bytes) { xor_in(into, bytes.data(), bytes.size()); }

// Redis's mixDigest: xored in, then the whole digest hashed again (so order matters).
void mix_in(digest& into, const void* bytes, std::size_t length) {
  xor_in(into, bytes, length);
  into = sha1_of(into.data(), into.size());
}

void mix_in(digest& into, std::string_view bytes) { mix_in(into, bytes.data(), bytes.size()); }

void mix_in_big_endian(digest& into, std::uint32_t value) {
  const std::uint8_t bytes[4] = {static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
                                 static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
  mix_in(into, bytes, sizeof bytes);
}

// Redis's type numbers (OBJ_STRING...).
std::uint32_t redis_type(value_type type) {
  switch (type) {
    case value_type::string: return 0;
    case value_type::list: return 1;
    case value_type::set: return 2;
    case value_type::zset: return 3;
    case value_type::hash: return 4;
    case value_type::stream: return 6;
  }
  return 0;
}

// xorObjectDigest: the type, the contents, and a mark if the key has a TTL.
void add_value(digest& d, const entry& e) {
  mix_in_big_endian(d, redis_type(e.type()));
  if (const auto* text = e.value.get_if<std::string>()) {
    mix_in(d, *text);
  } else if (const auto* list = e.value.get_if<list_value>()) {
    list->for_each([&](std::string_view element) { mix_in(d, element); });
  } else if (const auto* set = e.value.get_if<set_value>()) {
    for (const auto& member : *set) xor_in(d, member);
  } else if (const auto* zset = e.value.get_if<zset_value>()) {
    for (const auto element : *zset) {
      digest one{};
      mix_in(one, element.member);
      mix_in(one, format_double(element.score));
      xor_in(d, one.data(), one.size());
    }
  } else if (const auto* stream = e.value.get_if<stream_value>()) {
    // Each entry's ID as "ms.seq", then its fields and values; the groups are left out.
    for (const auto& [id, record] : stream->entries()) {
      mix_in(d, std::to_string(id.ms) + "." + std::to_string(id.seq));
      for (const auto& element : record.fields) mix_in(d, element);
    }
  } else if (const auto* hash = e.value.get_if<hash_value>()) {
    for (const auto& [field, value] : hash->fields()) {
      digest one{};
      mix_in(one, field);
      mix_in(one, value);
      xor_in(d, one.data(), one.size());
    }
  }
  if (e.expires_at != no_expiry) xor_in(d, std::string_view("!!expire!!"));
}

}  // namespace

digest value_digest(const entry& e) {
  digest d{};
  add_value(d, e);
  return d;
}

digest dataset_digest(keyspace& data, unix_ms now) {
  digest total{};
  for (int db = 0; db < database_count; ++db) {
    const auto names = data.keys(db, now);
    if (names.empty()) continue;
    mix_in_big_endian(total, static_cast<std::uint32_t>(db));
    for (const auto& name : names) {
      const entry* e = data.peek(db, name, now);
      if (e == nullptr) continue;
      digest one{};
      mix_in(one, name);
      add_value(one, *e);
      xor_in(total, one.data(), one.size());
    }
  }
  return total;
}

std::string to_hex(const digest& d) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  for (const std::uint8_t byte : d) {
    text += digits[byte >> 4];
    text += digits[byte & 15];
  }
  return text;
}

}  // namespace kvmock

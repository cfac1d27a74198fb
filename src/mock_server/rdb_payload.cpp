#include "rdb_payload.hpp"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "crc64.hpp"
#include "encodings.hpp"
#include "kvresp/integer.hpp"
#include "listpack.hpp"
#include "lzf.hpp"
#include "numbers.hpp"

namespace kvmock {

namespace {

// Redis's RDB object types.
enum rdb_type : unsigned char {
  type_string = 0,
  type_list = 1,
  type_set = 2,
  type_zset = 3,
  type_hash = 4,
  type_zset_2 = 5,
  type_hash_zipmap = 9,
  type_list_ziplist = 10,
  type_set_intset = 11,
  type_zset_ziplist = 12,
  type_hash_ziplist = 13,
  type_list_quicklist = 14,
  type_hash_listpack = 16,
  type_zset_listpack = 17,
  type_list_quicklist_2 = 18,
};

constexpr unsigned rdb_version = 10;
constexpr std::size_t footer_size = 10;  // version (2 bytes) and CRC64 (8)

// ---- Writing ----

void put_be(std::string& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

void save_length(std::string& out, std::uint64_t n) {
  if (n < 64) {
    out += static_cast<char>(n);
  } else if (n < 16384) {
    out += static_cast<char>(0x40 | (n >> 8));
    out += static_cast<char>(n & 0xff);
  } else if (n <= 0xffffffffULL) {
    out += static_cast<char>(0x80);
    put_be(out, n, 4);
  } else {
    out += static_cast<char>(0x81);
    put_be(out, n, 8);
  }
}

// rdbSaveRawString: a canonical integer of up to 11 characters that fits 32 bits as one, a
// string of more than 20 bytes compressed (rdbcompression) if that saves at least 4, anything
// else as it is.
void save_string(std::string& out, std::string_view s, bool compress) {
  long long number = 0;
  if (s.size() <= 11 && kvresp::parse_integer(s, number) && number >= INT32_MIN && number <= INT32_MAX) {
    if (number >= -128 && number <= 127) {
      out += static_cast<char>(0xC0);
      put_le(out, static_cast<std::uint64_t>(number), 1);
    } else if (number >= -32768 && number <= 32767) {
      out += static_cast<char>(0xC1);
      put_le(out, static_cast<std::uint64_t>(number), 2);
    } else {
      out += static_cast<char>(0xC2);
      put_le(out, static_cast<std::uint64_t>(number), 4);
    }
    return;
  }
  if (compress && s.size() > 20) {
    if (const auto compressed = lzf_compress(s, s.size() - 4)) {
      out += static_cast<char>(0xC3);
      save_length(out, compressed->size());
      save_length(out, s.size());
      out += *compressed;
      return;
    }
  }
  save_length(out, s.size());
  out += s;
}

// A listpack score: an integral one within +-2^62 as an integer entry, any other as its text.
listpack_entry score_entry(double score, std::string& text) {
  constexpr double bound = 4611686018427387904.0;
  if (score >= -bound && score <= bound && static_cast<double>(static_cast<long long>(score)) == score) {
    return static_cast<long long>(score);
  }
  text = format_double(score);
  return std::string_view(text);
}

// The nodes RPUSH would have built (Redis 7.0.15's fill rule), head to tail.
std::vector<std::vector<std::string_view>> list_nodes(const list_value& list, long long fill,
                                                       std::vector<std::string>& storage) {
  storage = list.elements();
  std::vector<std::vector<std::string_view>> nodes;
  std::size_t node_bytes = 0;
  static constexpr std::size_t size_limits[] = {4096, 8192, 16384, 32768, 65536};
  for (const auto& element : storage) {
    bool fits = false;
    if (!nodes.empty()) {
      const std::size_t new_size = node_bytes + element.size() + 8;
      if (fill < 0) {
        fits = new_size <= size_limits[std::min<long long>(-fill - 1, 4)];
      } else {
        fits = new_size <= 8192 && nodes.back().size() + 1 <= static_cast<std::size_t>(fill == 0 ? 1 : fill);
      }
    }
    if (!fits) {
      nodes.emplace_back();
      node_bytes = listpack_overhead;
    }
    nodes.back().push_back(element);
    node_bytes += listpack_entry_size(std::string_view(element));
  }
  return nodes;
}

// The type byte and the serialized value.
std::string serialize(const value& v, const config_values& limits) {
  std::string out;
  const bool compress = limits.rdbcompression;
  const auto save_string = [&](std::string& into, std::string_view s) { kvmock::save_string(into, s, compress); };
  if (const auto* text = v.get_if<std::string>()) {
    out += static_cast<char>(type_string);
    save_string(out, *text);
  } else if (const auto* list = v.get_if<list_value>()) {
    out += static_cast<char>(type_list_quicklist_2);
    std::vector<std::string> storage;
    const auto nodes = list_nodes(*list, limits.list_max_listpack_size, storage);
    save_length(out, nodes.size());
    for (const auto& node : nodes) {
      save_length(out, 2);  // a packed node: a listpack
      save_string(out, encode_listpack(std::vector<listpack_entry>(node.begin(), node.end())));
    }
  } else if (const auto* hash = v.get_if<hash_value>()) {
    if (is_small_hash(*hash)) {
      out += static_cast<char>(type_hash_listpack);
      std::vector<listpack_entry> entries;
      for (const auto& [field, value] : hash->fields()) {
        entries.emplace_back(std::string_view(field));
        entries.emplace_back(std::string_view(value));
      }
      save_string(out, encode_listpack(entries));
    } else {
      out += static_cast<char>(type_hash);
      save_length(out, hash->size());
      for (const auto& [field, value] : hash->fields()) {
        save_string(out, field);
        save_string(out, value);
      }
    }
  } else if (const auto* set = v.get_if<set_value>()) {
    if (is_intset(*set)) {
      out += static_cast<char>(type_set_intset);
      std::vector<long long> numbers;
      for (const auto member : set_members_in_order(*set)) {
        long long n = 0;
        kvresp::parse_integer(member, n);
        numbers.push_back(n);
      }
      int width = 2;
      for (const long long n : numbers) {
        if (n < INT16_MIN || n > INT16_MAX) width = std::max(width, 4);
        if (n < INT32_MIN || n > INT32_MAX) width = 8;
      }
      std::string blob;
      put_le(blob, static_cast<std::uint64_t>(width), 4);
      put_le(blob, numbers.size(), 4);
      for (const long long n : numbers) put_le(blob, static_cast<std::uint64_t>(n), width);
      save_string(out, blob);
    } else {
      out += static_cast<char>(type_set);
      save_length(out, set->size());
      for (const auto& member : *set) save_string(out, member);
    }
  } else if (const auto* zset = v.get_if<zset_value>()) {
    if (is_small_zset(*zset)) {
      out += static_cast<char>(type_zset_listpack);
      std::vector<std::string> texts(zset->size());
      std::vector<listpack_entry> entries;
      std::size_t i = 0;
      for (const auto e : *zset) {
        entries.emplace_back(e.member);
        entries.push_back(score_entry(e.score, texts[i++]));
      }
      save_string(out, encode_listpack(entries));
    } else {
      out += static_cast<char>(type_zset_2);
      save_length(out, zset->size());
      for (std::size_t r = zset->size(); r-- > 0;) {  // highest first, as a skiplist is written
        const auto e = (*zset)[r];
        save_string(out, e.member);
        std::uint64_t bits = 0;
        std::memcpy(&bits, &e.score, sizeof bits);
        put_le(out, bits, 8);
      }
    }
  }
  return out;
}

// ---- Reading ----

struct bad_format {};

// Reads over the whole payload, footer included, as Redis does: a length that runs into the
// footer still reads.
class reader {
 public:
  explicit reader(std::string_view bytes) : bytes_(bytes) {}

  unsigned char byte() {
    if (at_ >= bytes_.size()) throw bad_format{};
    return static_cast<unsigned char>(bytes_[at_++]);
  }
  std::string_view take(std::size_t n) {
    if (n > bytes_.size() - at_) throw bad_format{};
    const auto taken = bytes_.substr(at_, n);
    at_ += n;
    return taken;
  }
  std::size_t position() const { return at_; }
  std::uint64_t le(int n) {
    std::uint64_t value = 0;
    for (int i = 0; i < n; ++i) value |= static_cast<std::uint64_t>(byte()) << (8 * i);
    return value;
  }
  // rdbLoadLen: a length, or a special string encoding (`encoded`).
  std::uint64_t length(bool& encoded) {
    encoded = false;
    const unsigned char first = byte();
    switch (first >> 6) {
      case 0: return first & 0x3F;
      case 1: return (static_cast<std::uint64_t>(first & 0x3F) << 8) | byte();
      case 2: {
        if (first != 0x80 && first != 0x81) throw bad_format{};
        const int n = first == 0x80 ? 4 : 8;
        std::uint64_t value = 0;
        for (int i = 0; i < n; ++i) value = (value << 8) | byte();
        return value;
      }
      default:
        encoded = true;
        return first & 0x3F;
    }
  }
  // A count: a special encoding's byte reads as its low six bits, as in Redis 7.0.
  std::uint64_t count() {
    bool encoded = false;
    return length(encoded);
  }
  std::string string() {
    bool encoded = false;
    const std::uint64_t n = length(encoded);
    if (!encoded) return std::string(take(static_cast<std::size_t>(n)));
    switch (n) {
      case 0: return std::to_string(static_cast<std::int8_t>(le(1)));
      case 1: return std::to_string(static_cast<std::int16_t>(le(2)));
      case 2: return std::to_string(static_cast<std::int32_t>(le(4)));
      case 3: {
        bool ignored = false;
        const std::uint64_t compressed = length(ignored);
        const std::uint64_t original = length(ignored);
        const std::string_view data = take(static_cast<std::size_t>(compressed));
        if (original == 0) return {};  // liblzf's failure and an empty result look the same
        auto expanded = lzf_decompress(data, static_cast<std::size_t>(original));
        if (!expanded) throw bad_format{};
        return std::move(*expanded);
      }
      default: throw bad_format{};
    }
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

std::uint64_t le_at(std::string_view blob, std::size_t at, int n) {
  std::uint64_t value = 0;
  for (int i = 0; i < n; ++i) value |= static_cast<std::uint64_t>(static_cast<unsigned char>(blob[at + i])) << (8 * i);
  return value;
}

std::vector<std::string> listpack_or_throw(std::string_view blob) {
  auto entries = decode_listpack(blob);
  if (!entries || entries->empty()) throw bad_format{};
  return std::move(*entries);
}

// A ziplist (Redis before 7.0): each entry's length before it, then its encoding.
std::vector<std::string> ziplist_or_throw(std::string_view blob) {
  if (blob.size() < 11 || le_at(blob, 0, 4) != blob.size() || static_cast<unsigned char>(blob.back()) != 0xFF) {
    throw bad_format{};
  }
  const auto declared = static_cast<std::size_t>(le_at(blob, 8, 2));
  std::vector<std::string> entries;
  std::size_t p = 10;
  std::size_t previous = 0;
  const std::size_t end = blob.size() - 1;
  const auto need = [&](std::size_t n) {
    if (p + n > end) throw bad_format{};
  };
  while (p < end) {
    const std::size_t start = p;
    need(1);
    std::size_t prevlen = static_cast<unsigned char>(blob[p]);
    if (prevlen == 0xFE) {
      need(5);
      prevlen = static_cast<std::size_t>(le_at(blob, p + 1, 4));
      p += 5;
    } else {
      p += 1;
    }
    if (prevlen != previous) throw bad_format{};
    need(1);
    const auto e = static_cast<unsigned char>(blob[p]);
    const auto string_of = [&](std::size_t header, std::size_t n) {
      need(header + n);
      entries.emplace_back(blob.substr(p + header, n));
      p += header + n;
    };
    const auto integer_of = [&](std::size_t width) {
      need(1 + width);
      const std::uint64_t raw = le_at(blob, p + 1, static_cast<int>(width));
      const std::uint64_t sign = std::uint64_t{1} << (8 * width - 1);
      entries.push_back(std::to_string(static_cast<long long>((raw ^ sign) - sign)));
      p += 1 + width;
    };
    if ((e >> 6) == 0) {
      string_of(1, e & 0x3F);
    } else if ((e >> 6) == 1) {
      need(2);
      string_of(2, (static_cast<std::size_t>(e & 0x3F) << 8) | static_cast<unsigned char>(blob[p + 1]));
    } else if (e == 0x80) {
      need(5);
      std::size_t n = 0;
      for (int i = 1; i <= 4; ++i) n = (n << 8) | static_cast<unsigned char>(blob[p + i]);
      string_of(5, n);
    } else if (e == 0xC0) {
      integer_of(2);
    } else if (e == 0xD0) {
      integer_of(4);
    } else if (e == 0xE0) {
      integer_of(8);
    } else if (e == 0xF0) {
      integer_of(3);
    } else if (e == 0xFE) {
      integer_of(1);
    } else if (e >= 0xF1 && e <= 0xFD) {
      entries.push_back(std::to_string((e & 0x0F) - 1));
      p += 1;
    } else {
      throw bad_format{};
    }
    previous = p - start;
  }
  if (entries.empty() || (declared != 65535 && declared != entries.size())) throw bad_format{};
  return entries;
}

// A zipmap (hashes before Redis 2.6): length-prefixed fields and values.
std::vector<std::string> zipmap_or_throw(std::string_view blob) {
  reader in(blob);
  in.byte();  // the count, 254 when unknown: the entries are what count
  std::vector<std::string> entries;
  const auto read_len = [&]() -> std::optional<std::size_t> {
    const unsigned char first = in.byte();
    if (first == 0xFF) return std::nullopt;
    if (first < 254) return first;
    if (first == 254) return static_cast<std::size_t>(in.le(4));
    throw bad_format{};
  };
  while (true) {
    const auto key_length = read_len();
    if (!key_length) break;
    entries.emplace_back(in.take(*key_length));
    const auto value_length = read_len();
    if (!value_length) throw bad_format{};
    const unsigned char free = in.byte();
    entries.emplace_back(in.take(*value_length));
    in.take(free);
  }
  if (entries.empty()) throw bad_format{};
  return entries;
}

double parse_score_or_throw(std::string_view text) {
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  const double score = std::strtod(copy.c_str(), &end);
  if (copy.empty() || *end != '\0' || std::isnan(score)) throw bad_format{};
  return score;
}

bool longer_than(std::string_view text, long long limit) { return static_cast<long long>(text.size()) > limit; }

value list_from(std::vector<std::string> elements) {
  if (elements.empty()) throw bad_format{};
  list_value list;
  for (const auto& e : elements) list.push_back(e);
  return value(std::move(list));
}

value hash_from(const std::vector<std::string>& flat, bool large) {
  if (flat.empty() || flat.size() % 2 != 0) throw bad_format{};
  hash_value hash;
  for (std::size_t i = 0; i < flat.size(); i += 2) {
    if (!hash.set(flat[i], flat[i + 1])) throw bad_format{};  // a field twice
  }
  hash.set_large(large);
  return value(std::move(hash));
}

value set_from(const std::vector<std::string>& members, const config_values& limits) {
  if (members.empty()) throw bad_format{};
  set_value set;
  bool all_integers = true;
  for (const auto& member : members) {
    long long ignored = 0;
    if (!set.insert(member)) throw bad_format{};
    all_integers = all_integers && kvresp::parse_integer(member, ignored);
  }
  set.set_large(!all_integers || static_cast<long long>(members.size()) > limits.set_max_intset_entries);
  return value(std::move(set));
}

// `large`: kept a skiplist; otherwise a listpack, whose -0 scores read as 0.
value zset_from(const std::vector<std::pair<std::string, double>>& pairs, bool large) {
  if (pairs.empty()) throw bad_format{};
  zset_value zset;
  for (const auto& [member, score] : pairs) {
    if (std::isnan(score) || zset.score(member)) throw bad_format{};
    zset.set(member, !large && score == 0 ? 0.0 : score);
  }
  zset.set_large(large);
  return value(std::move(zset));
}

bool zset_fits_listpack(const std::vector<std::pair<std::string, double>>& pairs, const config_values& limits) {
  if (static_cast<long long>(pairs.size()) > limits.zset_max_listpack_entries) return false;
  for (const auto& [member, score] : pairs) {
    if (longer_than(member, limits.zset_max_listpack_value)) return false;
  }
  return true;
}

std::vector<std::pair<std::string, double>> score_pairs(const std::vector<std::string>& flat) {
  if (flat.empty() || flat.size() % 2 != 0) throw bad_format{};
  std::vector<std::pair<std::string, double>> pairs;
  for (std::size_t i = 0; i < flat.size(); i += 2) pairs.emplace_back(flat[i], parse_score_or_throw(flat[i + 1]));
  return pairs;
}

value load(reader& in, const config_values& limits) {
  const unsigned char type = in.byte();
  switch (type) {
    case type_string:
      return value(in.string());
    case type_list: {
      const auto n = in.count();
      std::vector<std::string> elements;
      for (std::uint64_t i = 0; i < n; ++i) elements.push_back(in.string());
      return list_from(std::move(elements));
    }
    case type_list_ziplist:
      return list_from(ziplist_or_throw(in.string()));
    case type_list_quicklist:
    case type_list_quicklist_2: {
      const auto nodes = in.count();
      std::vector<std::string> elements;
      for (std::uint64_t i = 0; i < nodes; ++i) {
        std::uint64_t container = 2;
        if (type == type_list_quicklist_2) {
          container = in.count();
          if (container != 1 && container != 2) throw bad_format{};
        }
        const std::string blob = in.string();
        if (container == 1) {
          elements.push_back(blob);  // a plain node: one element
          continue;
        }
        // An empty node is skipped, as Redis does.
        if (type == type_list_quicklist) {
          if (blob.size() == 11 && le_at(blob, 8, 2) == 0) continue;
          const auto decoded = ziplist_or_throw(blob);
          elements.insert(elements.end(), decoded.begin(), decoded.end());
        } else {
          const auto decoded = decode_listpack(blob);
          if (!decoded) throw bad_format{};
          elements.insert(elements.end(), decoded->begin(), decoded->end());
        }
      }
      return list_from(std::move(elements));
    }
    case type_set: {
      const auto n = in.count();
      std::vector<std::string> members;
      for (std::uint64_t i = 0; i < n; ++i) members.push_back(in.string());
      return set_from(members, limits);
    }
    case type_set_intset: {
      const std::string blob = in.string();
      if (blob.size() < 8) throw bad_format{};
      const auto width = le_at(blob, 0, 4);
      const auto n = le_at(blob, 4, 4);
      if ((width != 2 && width != 4 && width != 8) || n == 0 || blob.size() != 8 + width * n) throw bad_format{};
      std::vector<std::string> members;
      long long previous = 0;
      for (std::uint64_t i = 0; i < n; ++i) {
        const std::uint64_t raw = le_at(blob, static_cast<std::size_t>(8 + i * width), static_cast<int>(width));
        const std::uint64_t sign = std::uint64_t{1} << (8 * width - 1);
        const auto number = static_cast<long long>((raw ^ sign) - sign);
        if (i > 0 && number <= previous) throw bad_format{};  // sorted, no repeats
        previous = number;
        members.push_back(std::to_string(number));
      }
      return set_from(members, limits);
    }
    case type_zset:
    case type_zset_2: {
      const auto n = in.count();
      std::vector<std::pair<std::string, double>> pairs;
      for (std::uint64_t i = 0; i < n; ++i) {
        std::string member = in.string();
        double score = 0;
        if (type == type_zset_2) {
          const std::uint64_t bits = in.le(8);
          std::memcpy(&score, &bits, sizeof score);
        } else {
          const unsigned char length = in.byte();
          if (length == 253) throw bad_format{};  // NaN
          score = length == 254   ? HUGE_VAL
                  : length == 255 ? -HUGE_VAL
                                  : parse_score_or_throw(in.take(length));
        }
        pairs.emplace_back(std::move(member), score);
      }
      return zset_from(pairs, !zset_fits_listpack(pairs, limits));
    }
    case type_zset_ziplist:
    case type_zset_listpack: {
      const std::string blob = in.string();
      const auto pairs = score_pairs(type == type_zset_ziplist ? ziplist_or_throw(blob) : listpack_or_throw(blob));
      return zset_from(pairs, static_cast<long long>(pairs.size()) > limits.zset_max_listpack_entries);
    }
    case type_hash: {
      const auto n = in.count();
      std::vector<std::string> flat;
      bool long_entry = false;
      for (std::uint64_t i = 0; i < 2 * n; ++i) {
        flat.push_back(in.string());
        long_entry = long_entry || longer_than(flat.back(), limits.hash_max_listpack_value);
      }
      return hash_from(flat, long_entry || static_cast<long long>(n) > limits.hash_max_listpack_entries);
    }
    case type_hash_zipmap: {
      const auto flat = zipmap_or_throw(in.string());
      bool long_entry = false;
      for (const auto& e : flat) long_entry = long_entry || longer_than(e, limits.hash_max_listpack_value);
      return hash_from(flat, long_entry || static_cast<long long>(flat.size() / 2) > limits.hash_max_listpack_entries);
    }
    case type_hash_ziplist:
    case type_hash_listpack: {
      const std::string blob = in.string();
      const auto flat = type == type_hash_ziplist ? ziplist_or_throw(blob) : listpack_or_throw(blob);
      return hash_from(flat, static_cast<long long>(flat.size() / 2) > limits.hash_max_listpack_entries);
    }
    default:
      throw bad_format{};  // modules, streams, unknown types
  }
}

}  // namespace

std::vector<std::size_t> list_node_sizes(const list_value& list, long long fill) {
  std::vector<std::string> storage;
  std::vector<std::size_t> sizes;
  for (const auto& node : list_nodes(list, fill, storage)) {
    sizes.push_back(encode_listpack(std::vector<listpack_entry>(node.begin(), node.end())).size());
  }
  return sizes;
}

std::string dump_payload(const value& v, const config_values& limits) {
  std::string payload = serialize(v, limits);
  put_le(payload, rdb_version, 2);
  put_le(payload, crc64(0, payload), 8);
  return payload;
}

namespace {
constexpr unsigned char opcode_function2 = 245;  // RDB_OPCODE_FUNCTION2
}  // namespace

std::string functions_payload(const std::vector<std::string>& codes, const config_values& limits) {
  std::string payload;
  for (const auto& code : codes) {
    payload += static_cast<char>(opcode_function2);
    save_string(payload, code, limits.rdbcompression);
  }
  put_le(payload, rdb_version, 2);
  put_le(payload, crc64(0, payload), 8);
  return payload;
}

std::optional<std::vector<std::string>> read_functions_payload(std::string_view payload, std::string& error) {
  if (payload.size() < footer_size || le_at(payload, payload.size() - footer_size, 2) > rdb_version ||
      crc64(0, payload.substr(0, payload.size() - 8)) != le_at(payload, payload.size() - 8, 8)) {
    error = "ERR DUMP payload version or checksum are wrong";
    return std::nullopt;
  }
  std::vector<std::string> codes;
  const std::string_view body = payload.substr(0, payload.size() - footer_size);
  reader in(body);
  try {
    while (in.position() < body.size()) {
      if (in.byte() != opcode_function2) {
        error = "ERR given type is not a function";
        return std::nullopt;
      }
      codes.push_back(in.string());
    }
  } catch (const bad_format&) {
    error = "ERR Failed loading library payload";
    return std::nullopt;
  }
  return codes;
}

std::size_t serialized_length(const value& v, const config_values& limits) {
  const std::string serialized = serialize(v, limits);
  return serialized.empty() ? 0 : serialized.size() - 1;  // a stream is not serialized
}

std::optional<value> restore_payload(std::string_view payload, const config_values& limits, payload_problem& problem) {
  problem = payload_problem::none;
  if (payload.size() < footer_size || le_at(payload, payload.size() - footer_size, 2) > rdb_version ||
      crc64(0, payload.substr(0, payload.size() - 8)) != le_at(payload, payload.size() - 8, 8)) {
    problem = payload_problem::version_or_checksum;
    return std::nullopt;
  }
  try {
    reader in(payload);
    return load(in, limits);
  } catch (const bad_format&) {
    problem = payload_problem::bad_format;
    return std::nullopt;
  }
}

}  // namespace kvmock

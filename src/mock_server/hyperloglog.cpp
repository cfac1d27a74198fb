#include "hyperloglog.hpp"

#include <cmath>
#include <cstring>
#include <vector>

namespace kvmock::hll {

namespace {

constexpr std::uint64_t seed = 0xadc83b19ULL;
constexpr int precision = 14;
constexpr int q = 64 - precision;  // hash bits left for the run of zeros
constexpr int val_max = 32;        // the largest value a sparse VAL opcode holds
constexpr std::size_t max_zero_run = 64;
constexpr double alpha_inf = 0.721347520444481703680;  // 0.5 / ln 2

// MurmurHash64A.
std::uint64_t murmur64a(std::string_view data) {
  constexpr std::uint64_t m = 0xc6a4a7935bd1e995ULL;
  constexpr int r = 47;
  std::uint64_t h = seed ^ (static_cast<std::uint64_t>(static_cast<int>(data.size())) * m);
  const std::size_t blocks = data.size() / 8;
  for (std::size_t i = 0; i < blocks; ++i) {
    std::uint64_t k = 0;
    for (int b = 0; b < 8; ++b) k |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[i * 8 + b])) << (8 * b);
    k *= m;
    k ^= k >> r;
    k *= m;
    h ^= k;
    h *= m;
  }
  const std::size_t tail = data.size() & 7;
  if (tail != 0) {
    for (std::size_t i = tail; i-- > 0;) {
      h ^= static_cast<std::uint64_t>(static_cast<unsigned char>(data[blocks * 8 + i])) << (8 * i);
    }
    h *= m;
  }
  h ^= h >> r;
  h *= m;
  h ^= h >> r;
  return h;
}

// The register an element falls in, and its run of zeros plus one (1..51).
void position_of(std::string_view element, std::size_t& index, int& count) {
  const std::uint64_t h = murmur64a(element);
  index = static_cast<std::size_t>(h & (registers - 1));
  const std::uint64_t rest = (h >> precision) | (std::uint64_t{1} << q);
  count = 1;
  for (std::uint64_t bit = 1; (rest & bit) == 0; bit <<= 1) ++count;
}

unsigned char byte(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

// ---- Dense registers: 6 bits each, least significant bits first.

int dense_get(std::string_view s, std::size_t index) {
  const std::size_t bit = 6 * index;
  const std::size_t at = header_size + bit / 8;
  const unsigned shift = bit % 8;
  unsigned value = byte(s, at) >> shift;
  if (shift > 2) value |= static_cast<unsigned>(byte(s, at + 1)) << (8 - shift);
  return static_cast<int>(value & 63);
}

void dense_put(std::string& s, std::size_t index, int value) {
  const std::size_t bit = 6 * index;
  const std::size_t at = header_size + bit / 8;
  const unsigned shift = bit % 8;
  const unsigned v = static_cast<unsigned>(value);
  s[at] = static_cast<char>((byte(s, at) & ~(63u << shift)) | (v << shift));
  if (shift > 2) {
    s[at + 1] = static_cast<char>((byte(s, at + 1) & ~(63u >> (8 - shift))) | (v >> (8 - shift)));
  }
}

int dense_raise(std::string& s, std::size_t index, int count) {
  if (count <= dense_get(s, index)) return 0;
  dense_put(s, index, count);
  return 1;
}

// ---- Sparse opcodes: ZERO 00xxxxxx, XZERO 01xxxxxx yyyyyyyy, VAL 1vvvvvxx.

enum class op_kind { zero, xzero, val };

struct opcode {
  op_kind kind;
  std::size_t length;  // registers covered
  int value;           // VAL's
  std::size_t size;    // bytes
};

// The opcode at p, or nullopt if it runs past the end.
std::optional<opcode> read_op(std::string_view s, std::size_t p) {
  const unsigned b = byte(s, p);
  if ((b & 0xC0) == 0x00) return opcode{op_kind::zero, (b & 0x3F) + 1u, 0, 1};
  if ((b & 0xC0) == 0x40) {
    if (p + 1 >= s.size()) return std::nullopt;
    return opcode{op_kind::xzero, (((b & 0x3Fu) << 8) | byte(s, p + 1)) + 1u, 0, 2};
  }
  return opcode{op_kind::val, (b & 3u) + 1u, static_cast<int>(((b >> 2) & 0x1F) + 1), 1};
}

char val_op(int value, std::size_t length) {
  return static_cast<char>(0x80 | ((value - 1) << 2) | static_cast<int>(length - 1));
}

void append_zeros(std::string& seq, std::size_t length) {
  if (length > max_zero_run) {
    seq += static_cast<char>(0x40 | ((length - 1) >> 8));
    seq += static_cast<char>((length - 1) & 0xff);
  } else {
    seq += static_cast<char>(length - 1);
  }
}

int promote_and_raise(std::string& s, std::size_t index, int count) {
  if (!to_dense(s)) return -1;
  return dense_raise(s, index, count);
}

// Redis's hllSparseSet, step for step, so that the bytes match.
int sparse_raise(std::string& s, std::size_t index, int count, std::size_t max_bytes) {
  if (count > val_max) return promote_and_raise(s, index, count);
  std::size_t p = header_size;
  std::size_t first = 0;
  std::optional<std::size_t> previous;
  std::optional<opcode> op;
  while (p < s.size()) {
    op = read_op(s, p);
    if (!op) return -1;
    if (index <= first + op->length - 1) break;
    previous = p;
    p += op->size;
    first += op->length;
  }
  if (p >= s.size() || !op || op->length == 0) return -1;

  bool rewritten = false;
  if (op->kind == op_kind::val) {
    if (op->value >= count) return 0;
    if (op->length == 1) {
      s[p] = val_op(count, 1);
      rewritten = true;
    }
  } else if (op->kind == op_kind::zero && op->length == 1) {
    s[p] = val_op(count, 1);
    rewritten = true;
  }
  if (!rewritten) {
    const std::size_t last = first + op->length - 1;
    std::string seq;
    if (op->kind == op_kind::val) {
      if (index != first) seq += val_op(op->value, index - first);
      seq += val_op(count, 1);
      if (index != last) seq += val_op(op->value, last - index);
    } else {
      if (index != first) append_zeros(seq, index - first);
      seq += val_op(count, 1);
      if (index != last) append_zeros(seq, last - index);
    }
    const auto delta = static_cast<long long>(seq.size()) - static_cast<long long>(op->size);
    if (delta > 0 && s.size() + static_cast<std::size_t>(delta) > max_bytes) return promote_and_raise(s, index, count);
    s.replace(p, op->size, seq);
  }
  // Merge equal neighbouring VALs, in at most five steps from the opcode before the change.
  std::size_t at = previous.value_or(header_size);
  for (int steps = 5; at < s.size() && steps-- > 0;) {
    const unsigned b = byte(s, at);
    if ((b & 0xC0) == 0x40) {
      at += 2;
      continue;
    }
    if ((b & 0xC0) == 0x00) {
      ++at;
      continue;
    }
    if (at + 1 < s.size() && (byte(s, at + 1) & 0x80) != 0) {
      const auto one = read_op(s, at);
      const auto two = read_op(s, at + 1);
      if (one->value == two->value && one->length + two->length <= 4) {
        s[at + 1] = val_op(one->value, one->length + two->length);
        s.erase(at, 1);
        continue;
      }
    }
    ++at;
  }
  invalidate_cache(s);
  return 1;
}

// Calls run(opcode, its first register) for each opcode of a sparse HLL; false if the bytes are
// not well formed or do not cover exactly `registers` registers (Redis's test for a corrupt HLL).
template <typename Run>
bool for_each_run(std::string_view s, Run run) {
  std::size_t index = 0;
  for (std::size_t p = header_size; p < s.size();) {
    const auto op = read_op(s, p);
    if (!op || index + op->length > registers) return false;
    run(*op, index);
    index += op->length;
    p += op->size;
  }
  return index == registers;
}

// Register values 0..63 counted, for the estimator; false if a sparse HLL is corrupt.
bool histogram(std::string_view s, std::array<double, 64>& counts) {
  counts.fill(0);
  if (is_dense(s)) {
    for (std::size_t i = 0; i < registers; ++i) counts[static_cast<std::size_t>(dense_get(s, i))] += 1;
    return true;
  }
  return for_each_run(s, [&](const opcode& op, std::size_t) {
    counts[op.kind == op_kind::val ? static_cast<std::size_t>(op.value) : 0] += static_cast<double>(op.length);
  });
}

double sigma(double x) {
  if (x == 1.0) return INFINITY;
  double y = 1;
  double z = x;
  double previous = 0;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (previous != z);
  return z;
}

double tau(double x) {
  if (x == 0.0 || x == 1.0) return 0;
  double y = 1.0;
  double z = 1 - x;
  double previous = 0;
  do {
    x = std::sqrt(x);
    previous = z;
    y *= 0.5;
    const double gap = 1 - x;
    z -= gap * gap * y;
  } while (previous != z);
  return z / 3;
}

// Otmar Ertl's estimator over a histogram of register values, as Redis 7.0's hllCount.
long long estimate_from(const std::array<double, 64>& c) {
  const double m = static_cast<double>(registers);
  double z = m * tau((m - c[q + 1]) / m);
  for (int k = q; k >= 1; --k) {
    z += c[static_cast<std::size_t>(k)];
    z *= 0.5;
  }
  z += m * sigma(c[0] / m);
  if (std::isinf(z)) return 0;
  return std::llround(alpha_inf * m * m / z);
}

}  // namespace

std::string make_empty() {
  std::string s = "HYLL";
  s += '\x01';                      // sparse
  s.append(11, '\0');               // unused bytes, and a cached count of 0
  append_zeros(s, registers);       // XZERO over every register
  return s;
}

bool is_dense(std::string_view bytes) { return bytes[4] == 0; }

bool looks_valid(std::string_view bytes) {
  if (bytes.size() < header_size || bytes.substr(0, 4) != "HYLL" || byte(bytes, 4) > 1) return false;
  return !is_dense(bytes) || bytes.size() == dense_size;
}

void invalidate_cache(std::string& bytes) { bytes[15] = static_cast<char>(byte(bytes, 15) | 0x80); }

int raise(std::string& bytes, std::size_t index, int count, std::size_t sparse_max_bytes) {
  return is_dense(bytes) ? dense_raise(bytes, index, count) : sparse_raise(bytes, index, count, sparse_max_bytes);
}

int add(std::string& bytes, std::string_view element, std::size_t sparse_max_bytes) {
  std::size_t index = 0;
  int count = 0;
  position_of(element, index, count);
  return raise(bytes, index, count, sparse_max_bytes);
}

bool to_dense(std::string& bytes) {
  if (is_dense(bytes)) return true;
  std::string dense(dense_size, '\0');
  dense.replace(0, header_size, bytes.substr(0, header_size));
  dense[4] = 0;
  const bool whole = for_each_run(bytes, [&](const opcode& op, std::size_t first) {
    if (op.kind != op_kind::val) return;
    for (std::size_t k = 0; k < op.length; ++k) dense_put(dense, first + k, op.value);
  });
  if (!whole) return false;
  bytes = std::move(dense);
  return true;
}

bool merge_into(std::string_view bytes, register_values& max) {
  if (is_dense(bytes)) {
    for (std::size_t i = 0; i < registers; ++i) {
      max[i] = std::max<std::uint8_t>(max[i], static_cast<std::uint8_t>(dense_get(bytes, i)));
    }
    return true;
  }
  return for_each_run(bytes, [&](const opcode& op, std::size_t first) {
    if (op.kind != op_kind::val) return;
    for (std::size_t k = 0; k < op.length; ++k) {
      max[first + k] = std::max<std::uint8_t>(max[first + k], static_cast<std::uint8_t>(op.value));
    }
  });
}

std::optional<register_values> registers_of(std::string_view bytes) {
  register_values values{};
  if (!merge_into(bytes, values)) return std::nullopt;
  return values;
}

std::optional<long long> count(std::string& bytes) {
  if ((byte(bytes, 15) & 0x80) == 0) {
    std::uint64_t cached = 0;
    for (int i = 0; i < 8; ++i) cached |= static_cast<std::uint64_t>(byte(bytes, 8 + static_cast<std::size_t>(i))) << (8 * i);
    return static_cast<long long>(cached);
  }
  std::array<double, 64> counts{};
  if (!histogram(bytes, counts)) return std::nullopt;
  const long long estimated = estimate_from(counts);
  for (int i = 0; i < 8; ++i) bytes[8 + static_cast<std::size_t>(i)] = static_cast<char>((static_cast<std::uint64_t>(estimated) >> (8 * i)) & 0xff);
  return estimated;
}

long long estimate(const register_values& values) {
  std::array<double, 64> counts{};
  for (const std::uint8_t v : values) counts[v] += 1;
  return estimate_from(counts);
}

std::optional<std::string> decode_sparse(std::string_view bytes) {
  std::string text;
  for (std::size_t p = header_size; p < bytes.size();) {
    const auto op = read_op(bytes, p);
    if (!op) return std::nullopt;
    if (!text.empty()) text += ' ';
    switch (op->kind) {
      case op_kind::zero: text += "z:" + std::to_string(op->length); break;
      case op_kind::xzero: text += "Z:" + std::to_string(op->length); break;
      case op_kind::val: text += "v:" + std::to_string(op->value) + "," + std::to_string(op->length); break;
    }
    p += op->size;
  }
  return text;
}

}  // namespace kvmock::hll

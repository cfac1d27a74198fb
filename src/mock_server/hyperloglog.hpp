#pragma once
// Redis's HyperLogLog, byte for byte: a string holding a 16-byte header ("HYLL", encoding, a
// cached count) and 16384 six-bit registers, sparse (run-length opcodes) while small, dense
// after. The same elements added in the same order give the same bytes and the same count as
// redis-server, so GET and DUMP of a PFADDed key compare equal too.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kvmock::hll {

inline constexpr std::size_t registers = 16384;
inline constexpr std::size_t header_size = 16;
inline constexpr std::size_t dense_size = header_size + registers * 6 / 8;

using register_values = std::array<std::uint8_t, registers>;

// An empty sparse HLL, as PFADD and PFMERGE create one.
std::string make_empty();
// Whether `bytes` has an HLL's shape (magic, encoding, a dense one's size); the opcodes of a
// sparse one are checked as they are used.
bool looks_valid(std::string_view bytes);
bool is_dense(std::string_view bytes);

// Adds an element: 1 if a register grew, 0 if not, -1 if the value is corrupt.
int add(std::string& bytes, std::string_view element, std::size_t sparse_max_bytes);
// Raises register `index` to `count` if lower (sparse to dense when needed): as add().
int raise(std::string& bytes, std::size_t index, int count, std::size_t sparse_max_bytes);
// To dense, header kept (a stale cached count included); false if the opcodes are corrupt.
bool to_dense(std::string& bytes);
// Each register raised to the HLL's; false if the opcodes are corrupt.
bool merge_into(std::string_view bytes, register_values& max);
std::optional<register_values> registers_of(std::string_view bytes);

// The count, from the cache when valid, else estimated and cached; nullopt if corrupt.
std::optional<long long> count(std::string& bytes);
// The estimate for a set of registers (PFCOUNT of several keys).
long long estimate(const register_values& values);
void invalidate_cache(std::string& bytes);

// PFDEBUG DECODE's text of a sparse HLL's opcodes ("Z:8436 v:1,1 ..."); nullopt if corrupt.
std::optional<std::string> decode_sparse(std::string_view bytes);

}  // namespace kvmock::hll

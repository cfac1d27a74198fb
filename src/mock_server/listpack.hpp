#pragma once
// Redis's listpack, the blob in which DUMP writes a small hash, a small sorted set and each node
// of a list: entries of integers or strings, each followed by its length backwards.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kvmock {

// An entry as written: a string (stored as an integer when it is a canonical one, as Redis's
// lpStringToInt64 decides) or an integer (a sorted set's integral score).
using listpack_entry = std::variant<std::string_view, long long>;

std::string encode_listpack(const std::vector<listpack_entry>& entries);
// The size encode_listpack would give, without building it (a list node's fill rule).
std::size_t listpack_entry_size(listpack_entry entry);
inline constexpr std::size_t listpack_overhead = 7;  // header and end byte

// Every entry as text (integers in decimal); nullopt for a blob that is not a well-formed
// listpack (sizes, count, encodings, lengths backwards, end byte), as Redis's deep check.
std::optional<std::vector<std::string>> decode_listpack(std::string_view blob);

}  // namespace kvmock

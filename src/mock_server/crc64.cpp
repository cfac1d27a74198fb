#include "crc64.hpp"

#include <array>

namespace kvmock {

namespace {

// The reflected form of the Jones polynomial 0xad93d23594c935a9.
constexpr std::uint64_t reflected_polynomial = 0x95ac9329ac4bc9b5ULL;

constexpr std::array<std::uint64_t, 256> make_table() {
  std::array<std::uint64_t, 256> table{};
  for (std::uint64_t i = 0; i < 256; ++i) {
    std::uint64_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) != 0 ? (c >> 1) ^ reflected_polynomial : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr auto table = make_table();

}  // namespace

std::uint64_t crc64(std::uint64_t crc, std::string_view bytes) {
  for (const char byte : bytes) crc = table[(crc ^ static_cast<unsigned char>(byte)) & 0xff] ^ (crc >> 8);
  return crc;
}

}  // namespace kvmock

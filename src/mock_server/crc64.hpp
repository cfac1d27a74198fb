#pragma once
// CRC-64/Jones as Redis computes it (crc64.c): reflected, initial value 0, no final xor. It
// guards DUMP payloads (crc64(0, "123456789") == 0xe9c6d914c4b8d9ca).

#include <cstdint>
#include <string_view>

namespace kvmock {

std::uint64_t crc64(std::uint64_t crc, std::string_view bytes);

}  // namespace kvmock

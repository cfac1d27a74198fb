// libFuzzer target: RESTORE's payload reader (rdb_payload.cpp), the part of the fake that reads
// the most complex untrusted bytes. With the first input byte even, the rest gets a valid
// footer (RDB version and CRC64) appended, so mutations reach the contents' checks instead of
// dying at the checksum; odd, the bytes are read as they are. The oracle: nothing crashes,
// reads past the input or leaks (ASan), and a payload accepted once round-trips: its value's
// DUMP restores, and dumping that again gives the same bytes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crc64.hpp"
#include "rdb_payload.hpp"
#include "server_config.hpp"

namespace {

std::string with_footer(std::string_view body) {
  std::string payload(body);
  payload += '\x0a';  // RDB version 10, little-endian
  payload += '\x00';
  const std::uint64_t crc = kvmock::crc64(0, payload);
  for (int i = 0; i < 8; ++i) payload += static_cast<char>((crc >> (8 * i)) & 0xff);
  return payload;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string payload = (data[0] & 1) == 0 ? with_footer(rest) : std::string(rest);
  kvmock::config_values limits;
  // Small thresholds now and then, so that conversions between encodings are exercised too.
  if ((data[0] & 2) != 0) {
    limits.hash_max_listpack_entries = limits.zset_max_listpack_entries = 2;
    limits.set_max_intset_entries = 2;
    limits.list_max_listpack_size = 1;
  }
  kvmock::payload_problem problem = kvmock::payload_problem::none;
  const auto restored = kvmock::restore_payload(payload, limits, problem);
  if (!restored) return 0;
  const std::string dumped = kvmock::dump_payload(*restored, limits);
  const auto again = kvmock::restore_payload(dumped, limits, problem);
  if (!again || kvmock::dump_payload(*again, limits) != dumped) __builtin_trap();
  return 0;
}

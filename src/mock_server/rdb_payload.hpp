#pragma once
// DUMP's and RESTORE's payload: a value in Redis's RDB serialization, then the RDB version (10,
// Redis 7.0's) and a CRC64 of everything before it. Written as Redis 7.0 writes it (so a fake's
// payload equals redis-server's for strings, lists built by pushing, small hashes and sorted
// sets, intsets and large sorted sets; a hash-table set or hash comes in the fake's own order),
// and read from any version Redis 7.0 reads, checked as with sanitize-dump-payload yes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server_config.hpp"
#include "value.hpp"

namespace kvmock {

// The whole payload DUMP replies with; a list's nodes follow list-max-listpack-size.
std::string dump_payload(const value& v, const config_values& limits);
// The serialized value alone, without its type byte (DEBUG OBJECT's serializedlength).
std::size_t serialized_length(const value& v, const config_values& limits);

// The byte sizes of the listpacks DUMP writes for a list's nodes (DEBUG OBJECT's ql_ fields).
std::vector<std::size_t> list_node_sizes(const list_value& list, long long fill);

enum class payload_problem { none, version_or_checksum, bad_format };

// The value a payload holds, encoded as Redis would load it; `problem` says why not.
std::optional<value> restore_payload(std::string_view payload, const config_values& limits,
                                     payload_problem& problem);

// FUNCTION DUMP's payload: each library's code (RDB_OPCODE_FUNCTION2), then the footer.
std::string functions_payload(const std::vector<std::string>& codes, const config_values& limits);
// FUNCTION RESTORE's: the libraries' code, or nullopt with `error` set to Redis's reply.
std::optional<std::vector<std::string>> read_functions_payload(std::string_view payload, std::string& error);

}  // namespace kvmock

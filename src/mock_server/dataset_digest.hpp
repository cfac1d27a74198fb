#pragma once
// DEBUG DIGEST and DEBUG DIGEST-VALUE: Redis's SHA1-based fingerprints of the data, the same
// on the fake as on Redis for the same contents (order-free for sets, hashes and sorted sets, as
// Redis xors their elements' digests), so a test can compare two servers' datasets in one call.

#include <array>
#include <cstdint>
#include <string>

#include "keyspace.hpp"

namespace kvmock {

using digest = std::array<std::uint8_t, 20>;

// One key's value and TTL (DEBUG DIGEST-VALUE): all zeros for a missing key.
digest value_digest(const entry& e);
// Every database (DEBUG DIGEST): all zeros when every database is empty.
digest dataset_digest(keyspace& data, unix_ms now);
// 40 lower-case hex digits.
std::string to_hex(const digest& d);

}  // namespace kvmock

#pragma once
// Which encoding Redis 7.0 would give a collection, for OBJECT ENCODING, the order SMEMBERS
// lists an intset in, and what a whole scan returns: the compact encodings (a listpack hash or
// sorted set, an intset) while a collection stays within the thresholds CONFIG SET can change.
// A collection converts for good when a write takes it past them, as in Redis (removing members
// never converts it back; DEBUG RELOAD does, in both directions).

#include <string_view>
#include <vector>

#include "keyspace.hpp"
#include "server_config.hpp"

namespace kvmock {

// OBJECT ENCODING's answer: int, embstr or raw; quicklist; listpack or hashtable; intset or
// hashtable; listpack or skiplist.
std::string_view encoding_name(const entry& e);
// OBJECT REFCOUNT's: Redis shares one object for each integer 0..9999 a string is set to
// (unless an LRU or LFU policy with a maxmemory needs each key's own access data), counted
// INT_MAX; every other value is referenced once.
long long reference_count(const entry& e, const config_values& limits);

bool is_small_hash(const hash_value& hash);
bool is_intset(const set_value& set);
bool is_small_zset(const zset_value& zset);

// A set's members in the order Redis lists them: an intset in numeric order (a hash table's
// order is Redis's own random one; the fake's is its insertion order, changed by removals).
std::vector<std::string_view> set_members_in_order(const set_value& set);

// Writes through the rules, each returning whether the field or member is new.
// A hash converts past hash-max-listpack-entries fields, or with a field or value longer than
// hash-max-listpack-value (even when only a value changed).
bool hash_set(hash_value& hash, std::string_view field, std::string_view value, const config_values& limits);
// A set converts with a member that is not an integer, or past set-max-intset-entries members.
bool set_add(set_value& set, std::string_view member, const config_values& limits);
// A sorted set converts with a new member past zset-max-listpack-entries members, or longer than
// zset-max-listpack-value (a new score alone never converts it). A listpack stores a score of
// -0 as 0; a member that converts the set keeps its -0, as it goes in after the conversion.
bool zset_set(zset_value& zset, std::string_view member, double score, const config_values& limits);
// A sorted set built whole (ZUNIONSTORE, ZRANGESTORE...), or any collection at DEBUG RELOAD:
// compact exactly when its contents fit the thresholds.
void encode_afresh(value& v, const config_values& limits);

}  // namespace kvmock

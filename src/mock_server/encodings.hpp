#pragma once
// How Redis 7.0 would encode a value, for OBJECT ENCODING: the compact encodings while a
// collection is small.

#include "keyspace.hpp"

namespace kvmock {

// A listpack while it has at most 512 fields of at most 64 bytes (it never goes back).
bool is_small_hash(const hash_value& hash);
// An intset while every member is an integer and there are at most 512.
bool is_intset(const set_value& set);

}  // namespace kvmock

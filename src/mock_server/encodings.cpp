#include "encodings.hpp"

#include <algorithm>

#include "kvresp/integer.hpp"

namespace kvmock {

bool is_small_hash(const hash_value& hash) { return !hash.ever_large(); }

bool is_intset(const set_value& set) {
  long long ignored = 0;
  return set.size() <= 512 && std::all_of(set.begin(), set.end(), [&](const std::string& member) {
           return kvresp::parse_integer(member, ignored);
         });
}

}  // namespace kvmock

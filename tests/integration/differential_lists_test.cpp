// List commands, replies compared with a real redis-server: LPUSH, RPUSH, LPOP, RPOP (with and
// without a count), LLEN, LRANGE, LINDEX, LREM, LTRIM, and WRONGTYPE across types.

#include "support/differential.hpp"

namespace {

using differential_lists = kvtest::differential_test;

TEST_F(differential_lists, push_pop_and_length) {
  check({
      {"LPUSH", "l", "a", "b", "c"},
      {"RPUSH", "l", "x", "y"},
      {"LLEN", "l"},
      {"LRANGE", "l", "0", "-1"},
      {"LPOP", "l"},
      {"RPOP", "l"},
      {"LPOP", "l", "2"},
      {"RPOP", "l", "0"},
      {"RPOP", "l", "10"},
      {"EXISTS", "l"},
      {"LPOP", "l"},
      {"LPOP", "l", "3"},
      {"LLEN", "missing"},
      {"LPOP", "l", "-1"},
      {"LPOP", "l", "x"},
      {"TYPE", "l"},
      {"RPUSH", "l", "only"},
      {"TYPE", "l"},
  });
}

TEST_F(differential_lists, ranges_and_indexes) {
  check({
      {"RPUSH", "l", "0", "1", "2", "3", "4", "5"},
      {"LRANGE", "l", "0", "2"},
      {"LRANGE", "l", "-3", "-1"},
      {"LRANGE", "l", "4", "100"},
      {"LRANGE", "l", "5", "2"},
      {"LRANGE", "l", "-100", "1"},
      {"LRANGE", "l", "10", "20"},
      {"LRANGE", "missing", "0", "-1"},
      {"LRANGE", "l", "a", "1"},
      {"LINDEX", "l", "0"},
      {"LINDEX", "l", "-1"},
      {"LINDEX", "l", "6"},
      {"LINDEX", "l", "-7"},
      {"LINDEX", "missing", "0"},
      {"LINDEX", "l", "x"},
  });
}

TEST_F(differential_lists, remove_and_trim) {
  check({
      {"RPUSH", "l", "a", "b", "a", "c", "a", "b"},
      {"LREM", "l", "1", "a"},
      {"LRANGE", "l", "0", "-1"},
      {"LREM", "l", "-1", "b"},
      {"LRANGE", "l", "0", "-1"},
      {"LREM", "l", "0", "a"},
      {"LRANGE", "l", "0", "-1"},
      {"LREM", "l", "0", "nothing"},
      {"LREM", "missing", "0", "a"},
      {"LREM", "l", "x", "a"},
      {"RPUSH", "t", "0", "1", "2", "3", "4"},
      {"LTRIM", "t", "1", "-2"},
      {"LRANGE", "t", "0", "-1"},
      {"LTRIM", "t", "5", "10"},
      {"EXISTS", "t"},
      {"LTRIM", "missing", "0", "1"},
      {"LREM", "l", "0", "b"},
      {"LREM", "l", "0", "c"},
      {"EXISTS", "l"},
  });
}

TEST_F(differential_lists, wrong_type_and_arity) {
  check({
      {"SET", "s", "v"},
      {"LPUSH", "s", "a"},
      {"RPUSH", "s", "a"},
      {"LPOP", "s"},
      {"RPOP", "s", "1"},
      {"LLEN", "s"},
      {"LRANGE", "s", "0", "1"},
      {"LINDEX", "s", "0"},
      {"LREM", "s", "0", "a"},
      {"LTRIM", "s", "0", "1"},
      {"RPUSH", "l", "a"},
      {"GET", "l"},
      {"INCR", "l"},
      {"APPEND", "l", "x"},
      {"STRLEN", "l"},
      {"SET", "l", "now a string"},
      {"TYPE", "l"},
      {"LPUSH", "l"},
      {"LPOP"},
      {"LPOP", "l", "1", "2"},
      {"LRANGE", "l", "0"},
      {"LREM", "l", "0"},
      {"LTRIM", "l"},
  });
}

}  // namespace

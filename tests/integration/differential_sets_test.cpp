// Set and sorted set commands, replies compared with a real redis-server: SADD, SREM, SMEMBERS,
// SISMEMBER, SCARD, SPOP; ZADD and its options, ZCARD, ZSCORE, ZRANGE, ZREM, ZPOPMIN; WRONGTYPE.

#include "support/differential.hpp"

namespace {

using kvtest::same_reply_type;
using kvtest::unordered_elements;
using differential_sets = kvtest::differential_test;

TEST_F(differential_sets, sets) {
  check({
      {"SADD", "s", "b", "a", "c", "a"},
      {"SCARD", "s"},
      {unordered_elements(), {"SMEMBERS", "s"}},
      {"SISMEMBER", "s", "a"},
      {"SISMEMBER", "s", "z"},
      {"SREM", "s", "a", "z"},
      {"SCARD", "missing"},
      {"SMEMBERS", "missing"},
      {"SADD", "ints", "10", "-3", "7", "100"},
      {"SMEMBERS", "ints"},
      {"OBJECT", "ENCODING", "ints"},
      {"OBJECT", "ENCODING", "s"},
      {"TYPE", "s"},
      {same_reply_type(), {"SPOP", "s"}},
      {"SCARD", "s"},
      {same_reply_type(), {"SPOP", "ints", "2"}},
      {"SCARD", "ints"},
      {"SPOP", "missing"},
      {"SPOP", "missing", "2"},
      {"SPOP", "ints", "-1"},
      {"SPOP", "ints", "x"},
      {"SREM", "s", "b", "c"},
      {"EXISTS", "s"},
      {"SET", "str", "v"},
      {"SADD", "str", "x"},
      {"SMEMBERS", "str"},
      {"SADD", "s"},
      {"SCARD"},
  });
}

TEST_F(differential_sets, sorted_sets) {
  check({
      {"ZADD", "z", "1", "one", "2", "two", "3", "three"},
      {"ZADD", "z", "1.5", "one"},
      {"ZRANGE", "z", "0", "-1"},
      {"ZRANGE", "z", "0", "-1", "WITHSCORES"},
      {"ZRANGE", "z", "1", "5"},
      {"ZRANGE", "z", "5", "10"},
      {"ZRANGE", "missing", "0", "-1"},
      {"ZSCORE", "z", "one"},
      {"ZSCORE", "z", "nope"},
      {"ZSCORE", "missing", "x"},
      {"ZCARD", "z"},
      {"ZADD", "z", "NX", "9", "one", "4", "four"},
      {"ZADD", "z", "XX", "CH", "9", "one", "5", "five"},
      {"ZADD", "z", "GT", "CH", "1", "one", "10", "two"},
      {"ZADD", "z", "LT", "CH", "0", "three"},
      {"ZADD", "z", "INCR", "0.25", "three"},
      {"ZADD", "z", "XX", "INCR", "1", "absent"},
      {"ZADD", "z", "NX", "XX", "1", "a"},
      {"ZADD", "z", "GT", "LT", "1", "a"},
      {"ZADD", "z", "INCR", "1", "a", "2", "b"},
      {"ZADD", "z", "x", "a"},
      {"ZADD", "z", "nan", "a"},
      {"ZADD", "z", "1"},
      {"ZADD", "z", "inf", "big", "-inf", "small"},
      {"ZRANGE", "z", "0", "-1", "WITHSCORES"},
      {"ZPOPMIN", "z"},
      {"ZPOPMIN", "z", "2"},
      {"ZPOPMIN", "missing"},
      {"ZPOPMIN", "z", "-1"},
      {"ZREM", "z", "two", "nope"},
      {"ZRANGE", "z", "0", "-1", "WITHSCORES"},
      {"OBJECT", "ENCODING", "z"},
      {"TYPE", "z"},
      {"ZADD", "xx", "XX", "1", "m"},
      {"EXISTS", "xx"},
      {"SET", "str", "v"},
      {"ZADD", "str", "1", "m"},
      {"ZRANGE", "str", "0", "1"},
      {"ZRANGE", "z", "a", "1"},
      {"ZRANGE", "z", "0", "1", "BOGUS"},
  });
}

}  // namespace

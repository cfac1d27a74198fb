// Hash commands, replies compared with a real redis-server: HSET, HSETNX, HGET, HMGET, HDEL,
// HEXISTS, HLEN, HGETALL, HKEYS, HVALS (small hashes keep insertion order in both), HINCRBY,
// HSCAN, and WRONGTYPE across types.

#include <string>

#include "support/differential.hpp"

namespace {

using kvtest::unordered_pairs;
using differential_hashes = kvtest::differential_test;

TEST_F(differential_hashes, set_get_and_list) {
  check({
      {"HSET", "h", "f1", "v1", "f2", "v2"},
      {"HSET", "h", "f2", "changed", "f3", "v3"},
      {"HGET", "h", "f2"},
      {"HGET", "h", "missing"},
      {"HGET", "missing", "f"},
      {"HMGET", "h", "f1", "missing", "f3"},
      {"HMGET", "missing", "a", "b"},
      {"HLEN", "h"},
      {"HLEN", "missing"},
      {"HGETALL", "h"},
      {"HKEYS", "h"},
      {"HVALS", "h"},
      {"HGETALL", "missing"},
      {"HEXISTS", "h", "f1"},
      {"HEXISTS", "h", "nope"},
      {"HSETNX", "h", "f1", "no"},
      {"HSETNX", "h", "f4", "yes"},
      {"HGETALL", "h"},
      {"TYPE", "h"},
  });
}

TEST_F(differential_hashes, delete_and_increment) {
  check({
      {"HSET", "h", "a", "1", "b", "x", "c", "3"},
      {"HDEL", "h", "a", "missing"},
      {"HGETALL", "h"},
      {"HINCRBY", "h", "c", "10"},
      {"HINCRBY", "h", "new", "-5"},
      {"HINCRBY", "h", "b", "1"},
      {"HINCRBY", "h", "c", "x"},
      {"HSET", "h", "big", "9223372036854775807"},
      {"HINCRBY", "h", "big", "1"},
      {"HDEL", "h", "b", "c", "new", "big"},
      {"EXISTS", "h"},
      {"HDEL", "missing", "f"},
  });
}

TEST_F(differential_hashes, scan) {
  check({
      {"HSET", "h", "one", "1", "two", "2", "three", "3"},
      {"HSCAN", "h", "0"},
      {"HSCAN", "h", "0", "MATCH", "t*"},
      {"HSCAN", "h", "0", "COUNT", "1"},
      {"HSCAN", "missing", "0"},
      {"HSCAN", "h", "x"},
      {"HSCAN", "h", "0", "COUNT", "0"},
      {"HSCAN", "h", "0", "BOGUS", "1"},
  });
}

TEST_F(differential_hashes, large_hashes_hold_the_same_fields) {
  kvtest::script steps;
  for (int i = 0; i < 600; ++i) {
    if (i == 300) steps.emplace_back(std::vector<std::string>{"HGETALL", "big"});  // listpack: in order
    steps.emplace_back(std::vector<std::string>{"HSET", "big", "field" + std::to_string(i), std::to_string(i)});
  }
  steps.emplace_back(std::vector<std::string>{"HGETALL", "big"}, unordered_pairs());
  steps.emplace_back(std::vector<std::string>{"HLEN", "big"});
  steps.emplace_back(std::vector<std::string>{"OBJECT", "ENCODING", "big"});
  check(steps);
}

TEST_F(differential_hashes, wrong_type_and_arity) {
  check({
      {"SET", "s", "v"},
      {"HSET", "s", "f", "v"},
      {"HGET", "s", "f"},
      {"HMGET", "s", "f"},
      {"HDEL", "s", "f"},
      {"HLEN", "s"},
      {"HGETALL", "s"},
      {"HINCRBY", "s", "f", "1"},
      {"HSCAN", "s", "0"},
      {"HSET", "h", "f", "v"},
      {"GET", "h"},
      {"LPUSH", "h", "x"},
      {"HSET", "h", "f"},
      {"HSET", "h"},
      {"HGET", "h"},
      {"HSETNX", "h", "f"},
      {"HINCRBY", "h", "f"},
  });
}

}  // namespace

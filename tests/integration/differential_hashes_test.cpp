// Hash commands, replies compared with a real redis-server: HSET, HMSET, HSETNX, HGET, HMGET,
// HDEL, HEXISTS, HLEN, HSTRLEN, HGETALL, HKEYS, HVALS (small hashes keep insertion order in
// both), HINCRBY, HINCRBYFLOAT, HRANDFIELD, HSCAN, WRONGTYPE across types, and which of them
// abort a WATCH.

#include <string>

#include "support/differential.hpp"

namespace {

using kvtest::same_header;
using kvtest::same_reply_type;
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

TEST_F(differential_hashes, hmset_and_hstrlen) {
  check({
      {"HMSET", "h", "f", "v", "f2", "v2", "f", "v3"},
      {"HGETALL", "h"},
      {"HMSET", "h", "", ""},
      {"HMSET", "h", "n", "123", "m", "-1"},
      {"HSTRLEN", "h", "f"},
      {"HSTRLEN", "h", "n"},
      {"HSTRLEN", "h", "m"},
      {"HSTRLEN", "h", ""},
      {"HSTRLEN", "h", "missing"},
      {"HSTRLEN", "missing", "f"},
      {"SET", "s", "v"},
      {"HMSET", "s", "f", "v", "x"},
      {"HMSET", "s", "f", "v"},
      {"HSTRLEN", "s", "f"},
      {"HMSET", "h", "f"},
      {"HSTRLEN", "h"},
  });
}

TEST_F(differential_hashes, hincrbyfloat) {
  check({
      {"HINCRBYFLOAT", "h", "f", "10.5"},
      {"HINCRBYFLOAT", "h", "f", "0.1"},
      {"HINCRBYFLOAT", "h", "g", "5.0e3"},
      {"HINCRBYFLOAT", "h", "i", "3"},
      {"HINCRBYFLOAT", "h", "j", "-0"},
      {"HINCRBYFLOAT", "h", "e", "-1e-20"},
      {"HINCRBYFLOAT", "h", "a", "0.1"},
      {"HINCRBYFLOAT", "h", "a", "0.2"},
      {"HINCRBYFLOAT", "h", "b", "1.23456789012345678"},
      {"HINCRBYFLOAT", "h", "p", "3.14159265358979323846"},
      {"HINCRBYFLOAT", "h", "q", "1e16"},
      {"HINCRBYFLOAT", "h", "q", "0.5"},
      {"HINCRBYFLOAT", "h", "r", "1.1e-10"},
      {"HINCRBYFLOAT", "h", "k", "1e308"},
      {"HINCRBYFLOAT", "h", "k", "1e308"},
      {"HINCRBYFLOAT", "h", "x", "0x10"},
      {"HINCRBYFLOAT", "h", "f", "abc"},
      {"HINCRBYFLOAT", "h", "f", "inf"},
      {"HINCRBYFLOAT", "h", "f", "nan"},
      {"HINCRBYFLOAT", "h", "f", " 1"},
      {"HINCRBYFLOAT", "h", "f", ""},
      {"HINCRBYFLOAT", "h", "f", "1e5000"},
      {"HSET", "h", "s", "abc", "big", "1e4932"},
      {"HINCRBYFLOAT", "h", "s", "1"},
      {"HINCRBYFLOAT", "h", "big", "1"},
      {"HSET", "h", "inf", "inf"},
      {"HINCRBYFLOAT", "h", "inf", "1"},
      {"HINCRBYFLOAT", "new", "f", "abc"},
      {"EXISTS", "new"},
      {"SET", "str", "v"},
      {"HINCRBYFLOAT", "str", "f", "abc"},
      {"HINCRBYFLOAT", "str", "f", "inf"},
      {"HINCRBYFLOAT", "str", "f", "1"},
      {unordered_pairs(), {"HGETALL", "h"}},  // a long value made it a hash table in Redis
      {"HINCRBYFLOAT", "h", "f"},
  });
}

TEST_F(differential_hashes, hrandfield) {
  check({
      {"HSET", "h", "e", "5", "d", "4", "c", "3", "b", "2", "a", "1"},
      {"HRANDFIELD", "h", "5"},
      {"HRANDFIELD", "h", "100", "WITHVALUES"},
      {"HRANDFIELD", "h", "0"},
      {same_header(), {"HRANDFIELD", "h", "3"}},
      {same_header(), {"HRANDFIELD", "h", "2", "withvalues"}},
      {same_header(), {"HRANDFIELD", "h", "-7"}},
      {same_header(), {"HRANDFIELD", "h", "-3", "WITHVALUES"}},
      {same_reply_type(), {"HRANDFIELD", "h"}},
      {"HSET", "one", "a", "1"},
      {"HRANDFIELD", "one"},
      {"HRANDFIELD", "one", "-3"},
      {"HRANDFIELD", "one", "1", "WITHVALUES"},
      {"HRANDFIELD", "one", "-2", "WITHVALUES"},
      {"HRANDFIELD", "missing"},
      {"HRANDFIELD", "missing", "3"},
      {"HRANDFIELD", "missing", "-3", "WITHVALUES"},
      {"HRANDFIELD", "h", "x"},
      {"HRANDFIELD", "h", "x", "FOO"},
      {"HRANDFIELD", "h", "1", "FOO"},
      {"HRANDFIELD", "h", "1", "WITHVALUES", "x"},
      {"HRANDFIELD", "h", "-9223372036854775808"},
      {"HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"},
      {"HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"},
      {"HRANDFIELD", "missing", "4611686018427387904", "WITHVALUES"},
      {"SET", "s", "v"},
      {"HRANDFIELD", "s"},
      {"HRANDFIELD", "s", "0"},
  });
}

TEST_F(differential_hashes, which_changes_abort_a_watch) {
  check({{"HSET", "h", "f", "1", "s", "abc"}});
  check_watch({"h"}, {"HMSET", "h", "f", "1"});
  check_watch({"h"}, {"HINCRBYFLOAT", "h", "f", "0"});
  check_watch({"h"}, {"HINCRBYFLOAT", "h", "s", "1"});
  check_watch({"h"}, {"HSTRLEN", "h", "f"});
  check_watch({"h"}, {"HRANDFIELD", "h", "2"});
}

}  // namespace

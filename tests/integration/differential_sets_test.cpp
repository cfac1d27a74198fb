// Set commands, replies compared with a real redis-server: all 17 of them, their errors and
// WRONGTYPE, and which of them abort a WATCH. Redis lists a hash-table set in an order seeded
// at random, so those replies are compared as sets; an intset comes in numeric order on both.

#include <set>
#include <string>
#include <vector>

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

TEST_F(differential_sets, membership_and_moves) {
  check({
      {"SADD", "s1", "1", "2", "3"},
      {"SADD", "s2", "1", "9"},
      {"SMISMEMBER", "s1", "1", "x", "3", "1"},
      {"SMISMEMBER", "missing", "a", "b"},
      {"SISMEMBER", "s1", "01"},
      {"SISMEMBER", "s1", "+1"},
      {"SMOVE", "s1", "s2", "1"},
      {"SMEMBERS", "s1"},
      {"SMEMBERS", "s2"},
      {"SMOVE", "s1", "s2", "99"},
      {"SMOVE", "s1", "s1", "2"},
      {"SMOVE", "s1", "s1", "99"},
      {"SMOVE", "s1", "new", "2"},
      {"OBJECT", "ENCODING", "new"},
      {"SMOVE", "s1", "new", "3"},
      {"EXISTS", "s1"},
      {"SET", "str", "v"},
      {"SMOVE", "missing", "str", "a"},
      {"SMOVE", "str", "s2", "a"},
      {"SMOVE", "s2", "str", "99"},
      {"SMISMEMBER", "str", "a"},
      {"SMISMEMBER", "s2"},
      {"SMOVE", "s1", "s2"},
  });
}

TEST_F(differential_sets, algebra) {
  check({
      {"SADD", "s1", "1", "2", "3"},
      {"SADD", "s2", "b", "a", "c", "1"},
      {"SADD", "u", "-5", "0", "10", "9223372036854775807", "-9223372036854775808"},
      {"SINTER", "s1", "s2"},
      {"SINTER", "s1"},
      {"SINTER", "s1", "s1"},
      {"SINTER", "missing"},
      {"SINTER", "s1", "missing"},
      {unordered_elements(), {"SINTER", "s2", "s2"}},
      {"SUNION", "s1", "u"},
      {"SUNION", "s1", "missing"},
      {"SUNION", "missing"},
      {unordered_elements(), {"SUNION", "s1", "s2"}},
      {"SDIFF", "s1", "s2"},
      {unordered_elements(), {"SDIFF", "s2", "s1"}},
      {"SDIFF", "s1", "s1"},
      {"SDIFF", "missing", "s1"},
      {"SDIFF", "s1", "missing"},
      {"SINTERSTORE", "d", "s1", "s2"},
      {"SMEMBERS", "d"},
      {"SUNIONSTORE", "d", "s1", "u"},
      {"SMEMBERS", "d"},
      {"OBJECT", "ENCODING", "d"},
      {"SUNIONSTORE", "d2", "s1", "s2"},
      {"OBJECT", "ENCODING", "d2"},
      {"SDIFFSTORE", "d", "s2", "s1"},
      {unordered_elements(), {"SMEMBERS", "d"}},
      {"SDIFFSTORE", "d", "s1", "s1"},
      {"EXISTS", "d"},
      {"SET", "str", "x"},
      {"SINTERSTORE", "str", "s1", "s2"},
      {"TYPE", "str"},
      {"SET", "str", "x"},
      {"SINTER", "missing", "str"},
      {"SINTER", "s1", "missing", "str"},
      {"SUNION", "str", "missing"},
      {"SDIFF", "missing", "str"},
      {"SINTERSTORE", "d", "missing", "str"},
      {"SUNIONSTORE", "d", "str"},
      {"GET", "str"},
      {"SINTERSTORE", "s1", "s1", "s2"},
      {"SMEMBERS", "s1"},
      {"SUNIONSTORE", "gone", "missing"},
      {"SINTER"},
      {"SINTERSTORE", "d"},
      {"SDIFFSTORE", "d"},
  });
}

TEST_F(differential_sets, sintercard) {
  check({
      {"SADD", "s1", "1", "2", "3", "4", "5"},
      {"SADD", "s2", "3", "4", "5", "6"},
      {"SET", "str", "v"},
      {"SINTERCARD", "2", "s1", "s2"},
      {"SINTERCARD", "2", "s1", "s2", "LIMIT", "2"},
      {"SINTERCARD", "2", "s1", "s2", "limit", "10"},
      {"SINTERCARD", "2", "s1", "s2", "LIMIT", "0"},
      {"SINTERCARD", "2", "s1", "s2", "LIMIT", "1", "LIMIT", "2"},
      {"SINTERCARD", "2", "s1", "missing"},
      {"SINTERCARD", "2", "s1", "LIMIT"},
      {"SINTERCARD", "1", "s1", "s2"},
      {"SINTERCARD", "0", "s1"},
      {"SINTERCARD", "-1", "s1"},
      {"SINTERCARD", "abc", "s1"},
      {"SINTERCARD", "9999999999999999999", "s1"},
      {"SINTERCARD", "3", "s1", "s2"},
      {"SINTERCARD", "2147483648", "s1"},
      {"SINTERCARD", "2", "s1", "s2", "LIMIT", "-1"},
      {"SINTERCARD", "2", "s1", "s2", "LIMIT", "x"},
      {"SINTERCARD", "2", "str", "s1", "LIMIT", "-1"},
      {"SINTERCARD", "2", "str", "s1"},
      {"SINTERCARD", "2", "missing", "str"},
      {"SINTERCARD", "1"},
  });
}

TEST_F(differential_sets, spop_and_srandmember) {
  check({
      {"SADD", "s", "3", "1", "2"},
      {"SPOP", "s", "0"},
      {"SPOP", "s", "5"},
      {"EXISTS", "s"},
      {"SPOP", "missing"},
      {"SPOP", "missing", "3"},
      {"SADD", "s", "a"},
      {"SPOP", "s", "1"},
      {"SADD", "r", "2", "3"},
      {"SRANDMEMBER", "r", "5"},
      {"SRANDMEMBER", "r", "2"},
      {"SRANDMEMBER", "r", "0"},
      {kvtest::same_header(), {"SRANDMEMBER", "r", "1"}},
      {kvtest::same_header(), {"SRANDMEMBER", "r", "-5"}},
      {same_reply_type(), {"SRANDMEMBER", "r"}},
      {"SADD", "one", "x"},
      {"SRANDMEMBER", "one", "-3"},
      {"SRANDMEMBER", "one"},
      {"SRANDMEMBER", "missing"},
      {"SRANDMEMBER", "missing", "3"},
      {"SRANDMEMBER", "r", "-9223372036854775808"},
      {"SRANDMEMBER", "missing", "-9223372036854775808"},
      {"SRANDMEMBER", "r", "x"},
      {"SRANDMEMBER", "r", "abc", "extra"},
      {"SET", "str", "v"},
      {"SRANDMEMBER", "str", "0"},
      {"SRANDMEMBER", "str"},
      {"SPOP", "str", "1"},
      {"SPOP", "str", "-1"},
      {"SPOP", "s", "abc", "extra"},
      {"SPOP", "r", "-1"},
      {"SPOP", "r", "+1"},
  });
}

// Every member once, on both, whatever the encoding.
TEST_F(differential_sets, sscan) {
  std::vector<kvtest::step> setup{{"SADD", "i", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}};
  std::vector<std::string> big{"SADD", "h"};
  for (int i = 0; i < 300; ++i) big.push_back("m" + std::to_string(i));
  setup.emplace_back(big);
  check(setup);
  check({
      {"SSCAN", "i", "0"},
      {"SSCAN", "i", "5"},
      {"SSCAN", "i", "-1"},
      {"SSCAN", "i", ""},
      {"SSCAN", "i", "+5"},
      {"SSCAN", "i", "0", "COUNT", "2"},
      {"SSCAN", "i", "0", "MATCH", "1*"},
      {"SSCAN", "i", "0", "match", "*1", "count", "1"},
      {"SSCAN", "i", "abc"},
      {"SSCAN", "i", "18446744073709551616"},
      {"SSCAN", "i", " 1"},
      {"SSCAN", "missing", "0"},
      {"SSCAN", "missing", "0", "COUNT", "0"},
      {"SSCAN", "missing", "abc"},
      {"SSCAN", "i", "0", "COUNT", "0"},
      {"SSCAN", "i", "0", "COUNT", "x"},
      {"SSCAN", "i", "0", "TYPE", "set"},
      {"SSCAN", "i", "0", "COUNT"},
      {"SET", "str", "v"},
      {"SSCAN", "str", "0", "COUNT", "0"},
      {"SSCAN", "str", "abc"},
  });
  const auto visit = [](kvtest::raw_client& client, const std::vector<std::string>& options) {
    std::multiset<std::string> seen;
    std::string cursor = "0";
    do {
      std::vector<std::string> command{"SSCAN", "h", cursor};
      command.insert(command.end(), options.begin(), options.end());
      const auto elements = kvtest::parse_scan_reply(client.command(command));
      cursor = elements.first;
      seen.insert(elements.second.begin(), elements.second.end());
    } while (cursor != "0");
    return seen;
  };
  for (const auto& options : std::vector<std::vector<std::string>>{{}, {"COUNT", "7"}, {"MATCH", "m1*"}}) {
    const auto on_redis = visit(connections().redis, options);
    EXPECT_EQ(on_redis, visit(connections().fake, options));
    EXPECT_EQ(std::set<std::string>(on_redis.begin(), on_redis.end()).size(), on_redis.size());
  }
}

TEST_F(differential_sets, which_changes_abort_a_watch) {
  check({{"SADD", "s", "a", "b"}, {"SADD", "t", "c"}});
  check_watch({"t"}, {"SMOVE", "s", "t", "a"});
  check_watch({"s"}, {"SMOVE", "s", "t", "zz"});
  check_watch({"d"}, {"SINTERSTORE", "d", "s", "t"});
  check_watch({"s"}, {"SINTERCARD", "1", "s"});
  check_watch({"s"}, {"SRANDMEMBER", "s", "1"});
}

}  // namespace

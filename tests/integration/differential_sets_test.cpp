// Set and sorted set commands, replies compared with a real redis-server: SADD, SREM, SMEMBERS,
// SISMEMBER, SCARD, SPOP; ZADD and its options, ZCARD, ZSCORE, ZRANGE (by rank, score and member,
// REV, LIMIT) and its older forms, ZREM, ZPOPMIN; WRONGTYPE.

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

TEST_F(differential_sets, sorted_set_ranges) {
  check({
      {"ZADD", "z", "1", "a", "2", "b", "2", "c", "3", "d", "5", "e"},
      {"ZADD", "lex", "0", "alpha", "0", "beta", "0", "delta", "0", "gamma"},
      // By rank, forwards and back.
      {"ZRANGE", "z", "0", "-1", "REV"},
      {"ZRANGE", "z", "1", "2", "REV", "WITHSCORES"},
      {"ZREVRANGE", "z", "0", "1", "WITHSCORES"},
      {"ZREVRANGE", "z", "-2", "-1"},
      {"ZREVRANGE", "z", "0", "1", "REV"},
      {"ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"},
      {"ZRANGE", "z", "0", "-1", "LIMIT", "0", "-1"},
      // By score: inclusive, exclusive, infinite, LIMIT, reversed (max first).
      {"ZRANGE", "z", "2", "3", "BYSCORE"},
      {"ZRANGE", "z", "(2", "5", "BYSCORE", "WITHSCORES"},
      {"ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "2"},
      {"ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "-1"},
      {"ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2"},
      {"ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "9", "2"},
      {"ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "0"},
      {"ZRANGE", "z", "5", "1", "BYSCORE", "REV"},
      {"ZRANGE", "z", "(5", "(1", "BYSCORE", "REV", "WITHSCORES", "LIMIT", "1", "1"},
      {"ZRANGE", "z", "1", "5", "BYSCORE", "REV"},
      {"ZRANGE", "z", "2", "(2", "BYSCORE"},
      {"ZRANGE", "z", "6", "9", "BYSCORE"},
      {"ZRANGE", "z", "", "1", "BYSCORE"},
      {"ZRANGEBYSCORE", "z", "2", "inf", "WITHSCORES", "LIMIT", "0", "2"},
      {"ZRANGEBYSCORE", "z", "(1", "(3"},
      {"ZREVRANGEBYSCORE", "z", "+inf", "2"},
      {"ZREVRANGEBYSCORE", "z", "(5", "-inf", "LIMIT", "0", "2", "WITHSCORES"},
      // By member, on equal scores.
      {"ZRANGE", "lex", "-", "+", "BYLEX"},
      {"ZRANGE", "lex", "[beta", "(gamma", "BYLEX"},
      {"ZRANGE", "lex", "(beta", "+", "BYLEX", "LIMIT", "1", "5"},
      {"ZRANGE", "lex", "+", "-", "BYLEX", "REV"},
      {"ZRANGE", "lex", "[delta", "[alpha", "BYLEX", "REV"},
      {"ZRANGE", "lex", "[z", "+", "BYLEX"},
      {"ZRANGE", "lex", "-", "-", "BYLEX"},
      {"ZRANGEBYLEX", "lex", "[a", "[c"},
      {"ZREVRANGEBYLEX", "lex", "+", "(beta", "LIMIT", "0", "2"},
      // Errors, in the order Redis checks: options, conflicts, the range, the key's type.
      {"ZRANGE", "z", "x", "y", "BOGUS"},
      {"ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX"},
      {"ZRANGE", "z", "0", "1", "REV", "REV"},
      {"ZRANGE", "z", "0", "1", "LIMIT", "0"},
      {"ZRANGE", "z", "0", "1", "BYSCORE", "LIMIT", "x", "1"},
      {"ZRANGE", "z", "0", "1", "LIMIT", "0", "1"},
      {"ZRANGE", "lex", "-", "+", "BYLEX", "WITHSCORES"},
      {"ZRANGE", "z", "x", "1", "BYSCORE"},
      {"ZRANGE", "z", "1", "nan", "BYSCORE"},
      {"ZRANGE", "lex", "a", "+", "BYLEX"},
      {"ZRANGE", "lex", "-x", "+", "BYLEX"},
      {"ZRANGE", "lex", "", "+", "BYLEX"},
      {"ZREVRANGE", "z", "0", "1", "BYSCORE"},
      {"ZRANGEBYSCORE", "z", "0", "1", "REV"},
      {"ZRANGEBYLEX", "lex", "-", "+", "WITHSCORES"},
      {"ZRANGEBYSCORE", "z", "0"},
      {"SET", "str", "v"},
      {"ZRANGE", "str", "0", "1", "BYSCORE"},
      {"ZRANGE", "str", "x", "1", "BYSCORE"},
      {"ZRANGEBYLEX", "missing", "-", "+"},
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

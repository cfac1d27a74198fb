// Sorted set commands, replies compared with a real redis-server: ZADD and its options,
// ZINCRBY, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT, ZRANGE (by rank, score and
// member, REV, LIMIT) and its older forms, ZRANGESTORE, ZREM, ZREMRANGEBY*, ZPOPMIN, ZPOPMAX,
// ZMPOP, ZRANDMEMBER, ZSCAN, ZUNION, ZINTER, ZDIFF and their STORE forms, ZINTERCARD; errors,
// WRONGTYPE, and which of them abort a WATCH.

#include <set>
#include <string>
#include <vector>

#include "support/differential.hpp"

namespace {

using kvtest::same_header;
using kvtest::same_reply_type;
using differential_sorted_sets = kvtest::differential_test;

TEST_F(differential_sorted_sets, sorted_sets) {
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

TEST_F(differential_sorted_sets, sorted_set_ranges) {
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

const kvtest::script fixtures = {
    {"ZADD", "z1", "1", "a", "2", "b", "3", "c"},
    {"ZADD", "z2", "4", "b", "5", "c", "6", "d"},
    {"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"},
    {"ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"},
    {"SADD", "s1", "a", "d", "e"},
    {"SET", "str", "v"},
};

TEST_F(differential_sorted_sets, zincrby) {
  check({
      {"ZINCRBY", "z", "1", "newm"},
      {"ZADD", "z", "0.1", "a"},
      {"ZINCRBY", "z", "0.1", "a"},
      {"ZADD", "z", "1.7976931348623157e308", "big"},
      {"ZINCRBY", "z", "1.7976931348623157e308", "big"},
      {"ZINCRBY", "z", "1", "big"},
      {"ZINCRBY", "z", "-inf", "big"},
      {"ZSCORE", "z", "big"},
      {"ZINCRBY", "z", "inf", "x"},
      {"ZINCRBY", "z", "+inf", "y"},
      {"ZINCRBY", "z", "-Infinity", "y2"},
      {"ZINCRBY", "z", "0x10", "h"},
      {"ZINCRBY", "z", ".5", "h"},
      {"ZINCRBY", "z", "5.", "h"},
      {"ZINCRBY", "z", "2.5e3", "h"},
      {"ZINCRBY", "z", "1e-320", "tiny"},
      {"ZINCRBY", "z", "abc", "a"},
      {"ZINCRBY", "z", "nan", "a"},
      {"ZINCRBY", "z", "", "a"},
      {"ZINCRBY", "z", " 1", "a"},
      {"ZINCRBY", "z", "1e400", "a"},
      {"ZINCRBY", "z", "1e-400", "a"},
      {"ZINCRBY", "str", "abc", "a"},
      {"ZINCRBY", "str", "1", "a"},
      {"ZRANGE", "z", "0", "-1", "WITHSCORES"},
      {"ZINCRBY", "z", "1"},
  });
}

TEST_F(differential_sorted_sets, counts_ranks_and_scores) {
  check(fixtures);
  check({
      {"ZCOUNT", "z", "-inf", "+inf"},
      {"ZCOUNT", "z", "2", "4"},
      {"ZCOUNT", "z", "(2", "4"},
      {"ZCOUNT", "z", "(2", "(4"},
      {"ZCOUNT", "z", "4", "2"},
      {"ZCOUNT", "z", "2", "2"},
      {"ZCOUNT", "z", "(2", "2"},
      {"ZCOUNT", "z", "(", "4"},
      {"ZCOUNT", "z", "", "4"},
      {"ZCOUNT", "z", "(-inf", "(+inf"},
      {"ZCOUNT", "z", " 1", "2"},
      {"ZCOUNT", "z", "0x1", "2"},
      {"ZCOUNT", "z", "[1", "2"},
      {"ZCOUNT", "z", "abc", "4"},
      {"ZCOUNT", "z", "(abc", "4"},
      {"ZCOUNT", "z", "1", "nan"},
      {"ZCOUNT", "missing", "a", "b"},
      {"ZCOUNT", "str", "a", "b"},
      {"ZCOUNT", "missing", "1", "2"},
      {"ZCOUNT", "str", "1", "2"},
      {"ZLEXCOUNT", "l", "-", "+"},
      {"ZLEXCOUNT", "l", "+", "-"},
      {"ZLEXCOUNT", "l", "[b", "[d"},
      {"ZLEXCOUNT", "l", "(b", "(d"},
      {"ZLEXCOUNT", "l", "(b", "[d"},
      {"ZLEXCOUNT", "l", "[b", "+"},
      {"ZLEXCOUNT", "l", "-", "(c"},
      {"ZLEXCOUNT", "l", "[d", "[b"},
      {"ZLEXCOUNT", "l", "[", "+"},
      {"ZLEXCOUNT", "l", "(", "+"},
      {"ZLEXCOUNT", "l", "b", "d"},
      {"ZLEXCOUNT", "l", "[b", "d"},
      {"ZLEXCOUNT", "l", "", "+"},
      {"ZLEXCOUNT", "l", "-x", "+"},
      {"ZLEXCOUNT", "l", "-", "+x"},
      {"ZLEXCOUNT", "missing", "-", "+"},
      {"ZLEXCOUNT", "str", "-", "+"},
      {"ZLEXCOUNT", "str", "b", "d"},
      {"ZRANK", "z", "a"},
      {"ZRANK", "z", "e"},
      {"ZREVRANK", "z", "a"},
      {"ZREVRANK", "z", "e"},
      {"ZRANK", "z", "nope"},
      {"ZRANK", "missing", "a"},
      {"ZREVRANK", "str", "a"},
      {"ZRANK", "z", "a", "withscore"},
      {"ZREVRANK", "z", "a", "withscore"},
      {"ZMSCORE", "z", "a", "x", "e"},
      {"ZMSCORE", "missing", "a", "b"},
      {"ZMSCORE", "str", "a"},
      {"ZMSCORE", "z"},
  });
}

TEST_F(differential_sorted_sets, pops) {
  check(fixtures);
  check({
      {"ZPOPMAX", "z"},
      {"ZPOPMAX", "z", "2"},
      {"ZPOPMAX", "z", "1"},
      {"ZPOPMIN", "z", "0"},
      {"ZPOPMIN", "z", "5"},
      {"EXISTS", "z"},
      {"ZPOPMAX", "missing"},
      {"ZPOPMAX", "missing", "2"},
      {"ZPOPMAX", "z1", "1", "2"},
      {"ZPOPMAX", "str", "-1"},
      {"ZPOPMAX", "z1", "abc"},
      {"ZPOPMAX", "z1", "1.5"},
      {"ZPOPMAX", "z1", "01"},
      {"ZPOPMAX", "str", "1"},
      {"ZMPOP", "1", "z1", "min"},
      {"ZMPOP", "1", "z2", "MAX", "COUNT", "2"},
      {"ZMPOP", "2", "missing", "z2", "MAX", "COUNT", "10"},
      {"EXISTS", "z2"},
      {"ZMPOP", "1", "missing", "MIN"},
      {"ZMPOP", "2", "z1", "str", "MIN"},
      {"ZMPOP", "2", "missing", "str", "MIN"},
      {"ZMPOP", "2", "str", "z1", "MIN"},
      {"ZMPOP", "2", "s1", "z1", "MIN"},
      {"ZMPOP", "0", "z1", "MIN"},
      {"ZMPOP", "-1", "z1", "MIN"},
      {"ZMPOP", "abc", "z1", "MIN"},
      {"ZMPOP", "9999999999999999999", "z1", "MIN"},
      {"ZMPOP", "2", "z1", "MIN"},
      {"ZMPOP", "1", "z1", "FOO"},
      {"ZMPOP", "1", "z1", "MIN", "COUNT", "1", "COUNT", "1"},
      {"ZMPOP", "1", "z1", "MIN", "COUNT"},
      {"ZMPOP", "1", "z1", "MIN", "COUNT", "0"},
      {"ZMPOP", "1", "z1", "MIN", "COUNT", "-1"},
      {"ZMPOP", "1", "z1", "MIN", "COUNT", "abc"},
      {"ZMPOP", "1", "z1", "MIN", "FOO", "1"},
      {"ZMPOP", "1", "z1"},
  });
}

TEST_F(differential_sorted_sets, remove_ranges) {
  check(fixtures);
  check({
      {"ZREMRANGEBYSCORE", "z", "5", "1"},
      {"ZREMRANGEBYSCORE", "z", "(1", "(3"},
      {"ZRANGE", "z", "0", "-1"},
      {"ZREMRANGEBYSCORE", "z", "-inf", "+inf"},
      {"EXISTS", "z"},
      {"ZREMRANGEBYSCORE", "missing", "a", "b"},
      {"ZREMRANGEBYSCORE", "str", "a", "b"},
      {"ZREMRANGEBYSCORE", "str", "1", "2"},
      {"ZADD", "r", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"},
      {"ZREMRANGEBYRANK", "r", "3", "1"},
      {"ZREMRANGEBYRANK", "r", "10", "20"},
      {"ZREMRANGEBYRANK", "r", "-100", "-10"},
      {"ZREMRANGEBYRANK", "r", "-2", "-1"},
      {"ZREMRANGEBYRANK", "r", "-100", "0"},
      {"ZREMRANGEBYRANK", "r", "9223372036854775807", "9223372036854775807"},
      {"ZREMRANGEBYRANK", "r", "-9223372036854775808", "-9223372036854775808"},
      {"ZREMRANGEBYRANK", "r", "0", "100"},
      {"EXISTS", "r"},
      {"ZREMRANGEBYRANK", "str", "a", "1"},
      {"ZREMRANGEBYRANK", "missing", "a", "1"},
      {"ZREMRANGEBYRANK", "missing", "0", "1"},
      {"ZREMRANGEBYRANK", "str", "0", "1"},
      {"ZREMRANGEBYLEX", "l", "[b", "(d"},
      {"ZRANGE", "l", "0", "-1"},
      {"ZREMRANGEBYLEX", "l", "+", "-"},
      {"ZREMRANGEBYLEX", "l", "-", "+"},
      {"EXISTS", "l"},
      {"ZREMRANGEBYLEX", "missing", "b", "d"},
      {"ZREMRANGEBYLEX", "str", "-", "+"},
  });
}

TEST_F(differential_sorted_sets, union_inter_and_diff) {
  check(fixtures);
  check({
      {"ZUNION", "2", "z1", "z2"},
      {"ZUNION", "2", "z1", "z2", "WITHSCORES"},
      {"ZUNION", "2", "z1", "s1", "WITHSCORES"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "3", "WITHSCORES"},
      {"ZUNION", "2", "z1", "z2", "AGGREGATE", "MIN", "WITHSCORES"},
      {"ZUNION", "2", "z1", "z2", "aggregate", "max", "withscores"},
      {"ZUNION", "2", "z1", "z2", "WITHSCORES", "AGGREGATE", "MIN"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "1", "WEIGHTS", "2", "2", "WITHSCORES"},
      {"ZUNION", "2", "z1", "z2", "AGGREGATE", "MIN", "AGGREGATE", "MAX", "WITHSCORES"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "-1", "WITHSCORES"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS", "inf", "0", "WITHSCORES"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS", "inf", "-inf", "WITHSCORES"},
      {"ZADD", "z3", "0", "a", "inf", "b", "-inf", "c"},
      {"ZUNION", "1", "z3", "WEIGHTS", "0", "WITHSCORES"},
      {"ZUNION", "1", "z3", "WEIGHTS", "inf", "WITHSCORES"},
      {"ZUNION", "2", "z3", "z3", "WEIGHTS", "1", "-1", "WITHSCORES"},
      {"ZUNION", "1", "missing"},
      {"ZUNION", "1", "missing", "WITHSCORES"},
      {"ZUNION", "2", "z1", "str"},
      {"ZUNION", "2", "str", "missing"},
      {"ZUNION", "2", "str", "z1", "WEIGHTS", "x"},
      {"ZUNION", "2", "str", "z1", "FOO"},
      {"ZUNION", "0", "z1"},
      {"ZUNION", "-1", "z1"},
      {"ZUNION", "abc", "z1"},
      {"ZUNION", "3", "z1", "z2"},
      {"ZUNION", "2", "z1", "z2", "LIMIT", "1"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS", "2"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "3", "4"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS", "x", "1"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS", "nan", "1"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS", "", "1"},
      {"ZUNION", "2", "z1", "z2", "WEIGHTS", "0x10", "1", "WITHSCORES"},
      {"ZUNION", "2", "z1", "z2", "AGGREGATE"},
      {"ZUNION", "2", "z1", "z2", "AGGREGATE", "avg"},
      {"ZINTER", "2", "z1", "z2"},
      {"ZINTER", "2", "z1", "z2", "WITHSCORES"},
      {"ZINTER", "2", "z1", "s1", "WITHSCORES"},
      {"ZINTER", "1", "s1"},
      {"ZINTER", "2", "z1", "z2", "WEIGHTS", "1", "2", "AGGREGATE", "MAX", "WITHSCORES"},
      {"ZINTER", "2", "z1", "z2", "AGGREGATE", "MIN", "WITHSCORES"},
      {"ZINTER", "2", "z1", "missing", "WITHSCORES"},
      {"ZINTER", "2", "missing", "str"},
      {"ZINTER", "0", "z1"},
      {"ZINTER", "2", "z1", "z1", "WITHSCORES"},
      {"ZADD", "za", "1", "a"},
      {"ZADD", "zb", "inf", "a", "1", "b", "1", "c"},
      {"ZINTER", "2", "za", "zb", "WEIGHTS", "1", "0", "WITHSCORES"},
      {"ZINTER", "2", "za", "zb", "WEIGHTS", "1", "0", "AGGREGATE", "MIN", "WITHSCORES"},
      {"ZINTER", "2", "za", "zb", "WEIGHTS", "1", "0", "AGGREGATE", "MAX", "WITHSCORES"},
      {"ZUNION", "2", "za", "zb", "WEIGHTS", "1", "0", "WITHSCORES"},
      {"ZDIFF", "2", "z1", "z2"},
      {"ZDIFF", "2", "z1", "z2", "WITHSCORES"},
      {"ZDIFF", "2", "z1", "z2", "withscores"},
      {"ZDIFF", "2", "z1", "missing", "WITHSCORES"},
      {"ZDIFF", "2", "missing", "z1"},
      {"ZDIFF", "2", "z1", "z1"},
      {"ZDIFF", "2", "s1", "z1", "WITHSCORES"},
      {"ZDIFF", "2", "z1", "s1", "WITHSCORES"},
      {"ZDIFF", "2", "z1", "z2", "WEIGHTS", "1", "1"},
      {"ZDIFF", "2", "z1", "z2", "AGGREGATE", "MIN"},
      {"ZDIFF", "2", "missing", "str"},
      {"ZDIFF", "2", "z1", "str"},
  });
}

TEST_F(differential_sorted_sets, store_forms_and_intercard) {
  check(fixtures);
  check({
      {"ZUNIONSTORE", "d", "2", "z1", "z2"},
      {"ZRANGE", "d", "0", "-1", "WITHSCORES"},
      {"OBJECT", "ENCODING", "d"},
      {"ZUNIONSTORE", "d", "2", "z1", "z2", "WEIGHTS", "2", "1", "AGGREGATE", "MAX"},
      {"ZRANGE", "d", "0", "-1", "WITHSCORES"},
      {"ZUNIONSTORE", "d", "1", "missing"},
      {"EXISTS", "d"},
      {"SET", "d", "val"},
      {"ZUNIONSTORE", "d", "1", "z1"},
      {"TYPE", "d"},
      {"ZUNIONSTORE", "d", "2", "z1", "str"},
      {"ZRANGE", "d", "0", "-1"},
      {"ZUNIONSTORE", "d", "2", "z1", "z2", "WITHSCORES"},
      {"ZUNIONSTORE", "d", "1"},
      {"ZINTERSTORE", "d", "2", "z1", "z2"},
      {"ZRANGE", "d", "0", "-1", "WITHSCORES"},
      {"ZINTERSTORE", "d", "2", "z1", "s1", "WEIGHTS", "1", "10"},
      {"ZRANGE", "d", "0", "-1", "WITHSCORES"},
      {"ZINTERSTORE", "d", "2", "z1", "z2", "AGGREGATE", "min"},
      {"ZRANGE", "d", "0", "-1", "WITHSCORES"},
      {"ZINTERSTORE", "d", "2", "z1", "missing"},
      {"EXISTS", "d"},
      {"ZINTERSTORE", "d", "2", "z1", "z2", "LIMIT", "1"},
      {"ZDIFFSTORE", "d", "2", "z1", "z2"},
      {"ZRANGE", "d", "0", "-1", "WITHSCORES"},
      {"ZDIFFSTORE", "d", "2", "s1", "z1"},
      {"OBJECT", "ENCODING", "d"},
      {"ZDIFFSTORE", "d", "2", "z1", "z1"},
      {"EXISTS", "d"},
      {"ZDIFFSTORE", "d", "2", "z1", "z2", "WITHSCORES"},
      {"ZDIFFSTORE", "d", "0", "z1"},
      {"ZUNIONSTORE", "z1", "2", "z1", "z2"},
      {"ZRANGE", "z1", "0", "-1", "WITHSCORES"},
      {"ZINTERCARD", "2", "z1", "z2"},
      {"ZINTERCARD", "2", "z1", "z2", "LIMIT", "1"},
      {"ZINTERCARD", "2", "z1", "z2", "LIMIT", "0"},
      {"ZINTERCARD", "2", "z1", "z2", "LIMIT", "5", "LIMIT", "1"},
      {"ZINTERCARD", "2", "z1", "s1"},
      {"ZINTERCARD", "2", "z1", "missing"},
      {"ZINTERCARD", "2", "z1", "LIMIT"},
      {"ZINTERCARD", "0", "z1"},
      {"ZINTERCARD", "-1", "z1"},
      {"ZINTERCARD", "abc", "z1"},
      {"ZINTERCARD", "3", "z1", "z2"},
      {"ZINTERCARD", "2", "str", "z1", "LIMIT", "-1"},
      {"ZINTERCARD", "2", "z1", "z2", "LIMIT", "-1"},
      {"ZINTERCARD", "2", "z1", "z2", "LIMIT", "x"},
      {"ZINTERCARD", "2", "z1", "z2", "LIMIT"},
      {"ZINTERCARD", "2", "z1", "z2", "WITHSCORES"},
  });
}

TEST_F(differential_sorted_sets, zrangestore) {
  check(fixtures);
  check({
      {"ZRANGESTORE", "d", "z", "0", "-1"},
      {"ZRANGESTORE", "d", "z", "1", "2"},
      {"ZRANGE", "d", "0", "-1", "WITHSCORES"},
      {"ZRANGESTORE", "d", "z", "0", "-1", "REV"},
      {"ZRANGESTORE", "d", "z", "0", "-1", "LIMIT", "0", "1"},
      {"ZRANGESTORE", "d", "z", "0", "-1", "REV", "LIMIT", "0", "1"},
      {"ZRANGESTORE", "d", "z", "2", "4", "BYSCORE"},
      {"ZRANGESTORE", "d", "z", "(2", "+inf", "BYSCORE", "LIMIT", "1", "2"},
      {"ZRANGE", "d", "0", "-1"},
      {"ZRANGESTORE", "d", "z", "+inf", "(2", "BYSCORE", "REV", "LIMIT", "0", "2"},
      {"ZRANGE", "d", "0", "-1"},
      {"ZRANGESTORE", "d", "z", "2", "4", "BYSCORE", "REV"},
      {"EXISTS", "d"},
      {"ZRANGESTORE", "d", "l", "[b", "(d", "BYLEX"},
      {"ZRANGESTORE", "d", "l", "+", "-", "BYLEX", "REV", "LIMIT", "1", "-1"},
      {"ZRANGESTORE", "d", "l", "[a", "[b", "BYLEX", "REV"},
      {"ZRANGESTORE", "d", "l", "[b", "[a", "BYLEX", "REV"},
      {"ZRANGESTORE", "d", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "-1"},
      {"ZRANGESTORE", "d", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "0"},
      {"ZRANGESTORE", "d", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2"},
      {"ZRANGESTORE", "d", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "10", "2"},
      {"SET", "d", "x"},
      {"ZRANGESTORE", "d", "missing", "0", "-1"},
      {"EXISTS", "d"},
      {"ZRANGESTORE", "z", "z", "1", "2"},
      {"ZRANGE", "z", "0", "-1", "WITHSCORES"},
      {"ZRANGESTORE", "d", "z", "0", "-1", "BYLEX"},
      {"ZRANGESTORE", "d", "l", "-", "+", "BYSCORE"},
      {"ZRANGESTORE", "d", "z", "x", "4", "BYSCORE"},
      {"ZRANGESTORE", "d", "z", "a", "b"},
      {"ZRANGESTORE", "d", "z", "0", "9223372036854775808"},
      {"ZRANGESTORE", "d", "z", "0", "-1", "BYSCORE", "LIMIT", "9223372036854775808", "1"},
      {"ZRANGESTORE", "d", "z", "0", "-1", "LIMIT", "0"},
      {"ZRANGESTORE", "d", "z", "0", "-1", "WITHSCORES"},
      {"ZRANGESTORE", "d", "str", "a", "b"},
      {"ZRANGESTORE", "d", "str", "0", "-1", "FOO"},
      {"ZRANGESTORE", "d", "str", "0", "-1"},
      {"ZRANGESTORE", "d", "z", "0"},
  });
}

TEST_F(differential_sorted_sets, zrandmember) {
  check(fixtures);
  check({
      {"ZRANDMEMBER", "z1", "3"},
      {"ZRANDMEMBER", "z1", "4611686018427387903", "withscores"},
      {"ZRANDMEMBER", "z1", "0"},
      {same_header(), {"ZRANDMEMBER", "z1", "2"}},
      {same_header(), {"ZRANDMEMBER", "z1", "-5"}},
      {same_header(), {"ZRANDMEMBER", "z1", "-5", "WITHSCORES"}},
      {same_header(), {"ZRANDMEMBER", "z1", "2", "WITHSCORES"}},
      {same_reply_type(), {"ZRANDMEMBER", "z1"}},
      {"ZADD", "one", "1", "a"},
      {"ZRANDMEMBER", "one", "1", "WITHSCORES"},
      {"ZRANDMEMBER", "one", "-2"},
      {"ZRANDMEMBER", "missing"},
      {"ZRANDMEMBER", "missing", "3"},
      {"ZRANDMEMBER", "z1", "-9223372036854775808"},
      {"ZRANDMEMBER", "z1", "abc", "extra"},
      {"ZRANDMEMBER", "z1", "1", "withscore"},
      {"ZRANDMEMBER", "z1", "1", "WITHSCORES", "x"},
      {"ZRANDMEMBER", "missing", "9223372036854775807", "withscores"},
      {"ZRANDMEMBER", "z1", "-4611686018427387904", "withscores"},
      {"ZRANDMEMBER", "str", "0"},
      {"ZRANDMEMBER", "str"},
  });
}

TEST_F(differential_sorted_sets, zscan) {
  check({
      {"ZADD", "z", "3", "c", "1", "a", "2", "b", "1.5", "x"},
      {"ZSCAN", "z", "0"},
      {"ZSCAN", "z", "7"},
      {"ZSCAN", "z", "0", "COUNT", "1"},
      {"ZSCAN", "z", "0", "MATCH", "1*"},
      {"ZSCAN", "z", "0", "MATCH", "[ab]"},
      {"ZADD", "n", "1e17", "a", "1e18", "b", "123456789012345678", "c", "4611686018427387904", "d",
       "-4611686018427387904", "e", "4611686018427388928", "f", "9.2e18", "g", "1e19", "h", "0.1", "i",
       "-0", "j", "inf", "k", "-inf", "l"},
      {"ZSCAN", "n", "0"},
      {"ZSCAN", "missing", "0"},
      {"ZSCAN", "missing", "0", "COUNT", "0"},
      {"ZSCAN", "z", "0", "COUNT", "0"},
      {"ZSCAN", "z", "0", "TYPE", "zset"},
      {"ZSCAN", "z", "0", "NOVALUES"},
      {"ZSCAN", "z", "0", "COUNT", "9223372036854775808"},
      {"ZSCAN", "z", "abc"},
      {"SET", "str", "v"},
      {"ZSCAN", "str", "0"},
  });
  std::vector<std::string> big{"ZADD", "big"};
  for (int i = 0; i < 300; ++i) {
    big.push_back(std::to_string(i) + ".5");
    big.push_back("m" + std::to_string(i));
  }
  check({kvtest::step(big)});
  const auto visit = [](kvtest::raw_client& client, const std::vector<std::string>& options) {
    std::multiset<std::string> seen;
    std::string cursor = "0";
    do {
      std::vector<std::string> command{"ZSCAN", "big", cursor};
      command.insert(command.end(), options.begin(), options.end());
      const auto elements = kvtest::parse_scan_reply(client.command(command));
      cursor = elements.first;
      for (std::size_t i = 0; i + 1 < elements.second.size(); i += 2) {
        seen.insert(elements.second[i] + "=" + elements.second[i + 1]);
      }
    } while (cursor != "0");
    return seen;
  };
  for (const auto& options : std::vector<std::vector<std::string>>{{}, {"COUNT", "7"}, {"MATCH", "m1*"}}) {
    const auto on_redis = visit(connections().redis, options);
    EXPECT_EQ(on_redis, visit(connections().fake, options));
    EXPECT_EQ(std::set<std::string>(on_redis.begin(), on_redis.end()).size(), on_redis.size());
  }
}

TEST_F(differential_sorted_sets, which_changes_abort_a_watch) {
  check(fixtures);
  check_watch({"z"}, {"ZINCRBY", "z", "1", "a"});
  check_watch({"z"}, {"ZREMRANGEBYSCORE", "z", "100", "200"});
  check_watch({"z"}, {"ZREMRANGEBYRANK", "z", "0", "0"});
  check_watch({"z1"}, {"ZMPOP", "1", "z1", "MIN"});
  check_watch({"d"}, {"ZUNIONSTORE", "d", "1", "z2"});
  check_watch({"d"}, {"ZUNIONSTORE", "d", "1", "missing"});
  check_watch({"d"}, {"ZRANGESTORE", "d", "z2", "0", "0"});
  check_watch({"z2"}, {same_header(), {"ZRANDMEMBER", "z2", "1"}});
  check_watch({"z2"}, {"ZPOPMAX", "z2", "0"});
}

}  // namespace

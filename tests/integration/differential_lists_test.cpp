// List commands, replies compared with a real redis-server: LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP,
// RPOP (with and without a count), LMPOP, LMOVE, RPOPLPUSH, LLEN, LRANGE, LINDEX, LPOS, LSET,
// LINSERT, LREM, LTRIM, WRONGTYPE across types, and which of them abort a WATCH.

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

TEST_F(differential_lists, lmove_and_rpoplpush) {
  check({
      {"RPUSH", "s", "a", "b", "c"},
      {"RPUSH", "d", "x", "y"},
      {"LMOVE", "s", "d", "RIGHT", "LEFT"},
      {"LRANGE", "s", "0", "-1"},
      {"LRANGE", "d", "0", "-1"},
      {"LMOVE", "s", "d", "left", "right"},
      {"LRANGE", "d", "0", "-1"},
      {"LMOVE", "s", "new", "LEFT", "LEFT"},
      {"EXISTS", "s"},
      {"LRANGE", "new", "0", "-1"},
      {"RPUSH", "r", "a", "b", "c"},
      {"LMOVE", "r", "r", "LEFT", "RIGHT"},
      {"LRANGE", "r", "0", "-1"},
      {"LMOVE", "r", "r", "RIGHT", "LEFT"},
      {"LMOVE", "r", "r", "LEFT", "LEFT"},
      {"LMOVE", "r", "r", "RIGHT", "RIGHT"},
      {"LRANGE", "r", "0", "-1"},
      {"RPOPLPUSH", "r", "r"},
      {"LRANGE", "r", "0", "-1"},
      {"RPUSH", "one", "x"},
      {"LMOVE", "one", "one", "LEFT", "RIGHT"},
      {"LRANGE", "one", "0", "-1"},
      {"RPOPLPUSH", "r", "other"},
      {"LRANGE", "other", "0", "-1"},
      {"SET", "str", "v"},
      {"LMOVE", "missing", "str", "LEFT", "RIGHT"},
      {"LMOVE", "str", "d", "LEFT", "RIGHT"},
      {"LMOVE", "r", "str", "LEFT", "RIGHT"},
      {"LRANGE", "r", "0", "-1"},
      {"LMOVE", "str", "str", "LEFT", "RIGHT"},
      {"LMOVE", "str", "d", "up", "RIGHT"},
      {"LMOVE", "str", "d", "left", "down"},
      {"LMOVE", "a", "b", "LEFT"},
      {"RPOPLPUSH", "a"},
      {"RPOPLPUSH", "missing", "str"},
  });
}

TEST_F(differential_lists, lset_and_linsert) {
  check({
      {"RPUSH", "l", "a", "b", "c"},
      {"LSET", "l", "0", "A"},
      {"LSET", "l", "-1", "C"},
      {"LSET", "l", "1", ""},
      {"LRANGE", "l", "0", "-1"},
      {"LSET", "l", "3", "v"},
      {"LSET", "l", "-4", "v"},
      {"LSET", "l", "9223372036854775807", "v"},
      {"LSET", "l", "-9223372036854775808", "v"},
      {"LSET", "l", "x", "v"},
      {"LSET", "missing", "x", "v"},
      {"SET", "s", "v"},
      {"LSET", "s", "x", "v"},
      {"RPUSH", "p", "a", "b", "a"},
      {"LINSERT", "p", "AFTER", "a", "X"},
      {"LINSERT", "p", "before", "b", "Y"},
      {"LRANGE", "p", "0", "-1"},
      {"LINSERT", "p", "BEFORE", "zz", "Y"},
      {"RPUSH", "n", "1"},
      {"LINSERT", "n", "BEFORE", "01", "Y"},
      {"LINSERT", "missing", "BEFORE", "a", "Y"},
      {"EXISTS", "missing"},
      {"LINSERT", "s", "BEFORE", "a", "Y"},
      {"LINSERT", "s", "MIDDLE", "a", "Y"},
      {"LINSERT", "missing", "MIDDLE", "a", "Y"},
      {"LINSERT", "p", "BEFORE", "a"},
      {"LSET", "p", "0"},
  });
}

TEST_F(differential_lists, lpos) {
  check({
      {"RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c"},
      {"LPOS", "l", "c"},
      {"LPOS", "l", "z"},
      {"LPOS", "l", "c", "RANK", "2"},
      {"LPOS", "l", "c", "RANK", "-1"},
      {"LPOS", "l", "c", "rank", "-2"},
      {"LPOS", "l", "c", "RANK", "4"},
      {"LPOS", "l", "c", "RANK", "-4"},
      {"LPOS", "l", "c", "COUNT", "0"},
      {"LPOS", "l", "c", "COUNT", "2"},
      {"LPOS", "l", "c", "COUNT", "10"},
      {"LPOS", "l", "z", "COUNT", "1"},
      {"LPOS", "l", "c", "RANK", "-1", "COUNT", "2"},
      {"LPOS", "l", "c", "RANK", "2", "COUNT", "0"},
      {"LPOS", "l", "c", "MAXLEN", "3"},
      {"LPOS", "l", "c", "MAXLEN", "2"},
      {"LPOS", "l", "c", "MAXLEN", "0"},
      {"LPOS", "l", "c", "MAXLEN", "3", "COUNT", "0"},
      {"LPOS", "l", "c", "RANK", "-1", "MAXLEN", "1"},
      {"LPOS", "l", "c", "RANK", "-1", "MAXLEN", "2", "COUNT", "0"},
      {"LPOS", "l", "c", "RANK", "1", "RANK", "2"},
      {"LPOS", "l", "c", "COUNT", "1", "COUNT", "0"},
      {"LPOS", "l", "c", "RANK", "9223372036854775807"},
      {"LPOS", "l", "c", "COUNT", "9223372036854775807"},
      {"LPOS", "l", "c", "RANK", "0", "COUNT", "-1"},
      {"LPOS", "l", "c", "COUNT", "-1", "RANK", "0"},
      {"LPOS", "l", "c", "FOO", "RANK", "0"},
      {"LPOS", "l", "c", "RANK"},
      {"LPOS", "l", "c", "COUNT", "x"},
      {"LPOS", "l", "c", "MAXLEN", "-1"},
      {"LPOS", "l", "c", "RANK", "x"},
      {"RPUSH", "m", "c", "a", "c", "b", "c"},
      {"LPOS", "m", "c", "RANK", "-9223372036854775808"},
      {"LPOS", "m", "c", "RANK", "-9223372036854775808", "COUNT", "2"},
      {"LPOS", "m", "c", "RANK", "-9223372036854775808", "MAXLEN", "2", "COUNT", "0"},
      {"LPOS", "m", "c", "RANK", "-9223372036854775807"},
      {"LPOS", "missing", "c"},
      {"LPOS", "missing", "c", "COUNT", "1"},
      {"SET", "s", "v"},
      {"LPOS", "s", "a"},
      {"LPOS", "s", "a", "RANK", "0"},
      {"LPOS", "l"},
  });
}

TEST_F(differential_lists, pushx_and_lmpop) {
  check({
      {"LPUSHX", "l", "a"},
      {"EXISTS", "l"},
      {"RPUSH", "l", "x"},
      {"LPUSHX", "l", "a", "b", "c"},
      {"RPUSHX", "l", "d", "e"},
      {"LRANGE", "l", "0", "-1"},
      {"SET", "s", "v"},
      {"LPUSHX", "s", "a"},
      {"RPUSHX", "s", "a"},
      {"RPUSHX", "l"},
      {"RPUSH", "a", "1", "2", "3"},
      {"LMPOP", "2", "nokey", "a", "LEFT"},
      {"LMPOP", "2", "a", "b", "RIGHT", "COUNT", "2"},
      {"EXISTS", "a"},
      {"LMPOP", "1", "nokey", "LEFT"},
      {"RPUSH", "b", "1", "2"},
      {"LMPOP", "2", "b", "s", "left"},
      {"LMPOP", "2", "nokey", "s", "LEFT"},
      {"LMPOP", "2", "b", "b", "LEFT", "count", "1"},
      {"LMPOP", "1", "l", "RIGHT", "COUNT", "100"},
      {"LMPOP", "0", "l", "LEFT"},
      {"LMPOP", "-1", "l", "LEFT"},
      {"LMPOP", "x", "l", "LEFT"},
      {"LMPOP", "2", "k", "LEFT"},
      {"LMPOP", "2147483648", "k", "LEFT"},
      {"LMPOP", "9223372036854775807", "k", "LEFT"},
      {"LMPOP", "1", "s", "MIDDLE"},
      {"LMPOP", "1", "s", "LEFT", "COUNT", "0"},
      {"LMPOP", "1", "s", "LEFT", "COUNT", "-1"},
      {"LMPOP", "1", "s", "LEFT", "COUNT", "x"},
      {"LMPOP", "1", "s", "LEFT", "COUNT"},
      {"LMPOP", "1", "s", "LEFT", "COUNT", "1", "COUNT", "1"},
      {"LMPOP", "1", "s", "LEFT", "FOO"},
      {"LMPOP", "1", "s"},
  });
}

TEST_F(differential_lists, which_changes_abort_a_watch) {
  check({{"RPUSH", "l", "a", "b", "c"}, {"SET", "s", "v"}});
  check_watch({"l", "d"}, {"LMOVE", "l", "d", "LEFT", "RIGHT"});
  check_watch({"d"}, {"LMOVE", "missing", "d", "LEFT", "RIGHT"});
  check_watch({"l"}, {"LMOVE", "l", "s", "LEFT", "RIGHT"});
  check_watch({"l"}, {"LSET", "l", "0", "z"});
  check_watch({"l"}, {"LSET", "l", "10", "z"});
  check_watch({"l"}, {"LINSERT", "l", "BEFORE", "zz", "q"});
  check_watch({"l"}, {"LINSERT", "l", "BEFORE", "b", "q"});
  check_watch({"l"}, {"LPOS", "l", "b"});
  check_watch({"l"}, {"LPUSHX", "l", "q"});
  check_watch({"x"}, {"LPUSHX", "x", "q"});
  check_watch({"l"}, {"LMPOP", "1", "l", "LEFT"});
  check_watch({"missing"}, {"LMPOP", "1", "missing", "LEFT"});
}

}  // namespace

// String commands, replies compared with a real redis-server: GET, SET and its options, SETNX,
// MGET, MSET, the INCR family, GETRANGE, SUBSTR, SETRANGE and LCS.

#include <string>

#include "support/differential.hpp"

namespace {

using kvtest::ttl_within;
using differential_strings = kvtest::differential_test;

TEST_F(differential_strings, get_and_set) {
  check({
      {"GET", "missing"},
      {"SET", "k", "v"},
      {"GET", "k"},
      {"SET", "k", "replaced"},
      {"GET", "k"},
      {"SET", "empty", ""},
      {"GET", "empty"},
      {"SET", "", "empty key"},
      {"GET", ""},
      {"SET", "spaced key", "spaced value"},
      {"GET", "spaced key"},
  });
}

TEST_F(differential_strings, binary_and_large_values) {
  const std::string large(100 * 1024, 'x');
  check({
      {"SET", "binary", std::string_view("a\0b\r\n\xff", 6)},
      {"GET", "binary"},
      {"SET", std::string_view("k\0\n", 3), "binary key"},
      {"GET", std::string_view("k\0\n", 3)},
      {"SET", "large", large},
      {"GET", "large"},
  });
}

TEST_F(differential_strings, wrong_arity) {
  check({
      {"GET"},
      {"GET", "a", "b"},
      {"SET"},
      {"SET", "k"},
      {"SETNX", "k"},
      {"SETNX", "k", "v", "extra"},
      {"MGET"},
      {"MSET"},
      {"MSET", "a"},
      {"MSET", "a", "1", "b"},
      {"INCR"},
      {"INCR", "a", "b"},
      {"DECR"},
      {"INCRBY", "k"},
      {"INCRBY", "k", "1", "2"},
      {"DECRBY", "k"},
  });
}

TEST_F(differential_strings, set_nx_and_xx) {
  check({
      {"SET", "k", "v", "XX"},
      {"GET", "k"},
      {"SET", "k", "v", "NX"},
      {"SET", "k", "w", "NX"},
      {"GET", "k"},
      {"SET", "k", "w", "XX"},
      {"GET", "k"},
      {"SET", "k", "x", "nx"},
      {"SET", "k", "x", "xx"},
      {"GET", "k"},
      {"SET", "k", "y", "NX", "XX"},
      {"SET", "k", "y", "XX", "NX"},
      {"SET", "k", "y", "NX", "NX"},
      {"GET", "k"},
  });
}

TEST_F(differential_strings, set_get_option) {
  check({
      {"SET", "k", "first", "GET"},
      {"SET", "k", "second", "GET"},
      {"GET", "k"},
      {"SET", "k", "third", "get"},
      {"SET", "k", "ignored", "NX", "GET"},
      {"GET", "k"},
      {"SET", "missing", "v", "XX", "GET"},
      {"EXISTS", "missing"},
      {"SET", "k", "fourth", "XX", "GET"},
      {"SET", "fresh", "v", "NX", "GET"},
      {"GET", "fresh"},
      {"SET", "k", "fifth", "GET", "GET"},
      {"GET", "k"},
  });
}

TEST_F(differential_strings, set_expiry_options) {
  check({
      {"SET", "k", "v", "EX", "100"},
      {ttl_within(1), {"TTL", "k"}},
      {ttl_within(1000), {"PTTL", "k"}},
      {"SET", "k", "v", "PX", "50000"},
      {ttl_within(1), {"TTL", "k"}},
      {ttl_within(1000), {"PTTL", "k"}},
      {"SET", "k", "v", "ex", "200"},
      {ttl_within(1), {"TTL", "k"}},
      {"SET", "k", "v", "px", "300000"},
      {ttl_within(1), {"TTL", "k"}},
      // A later EX replaces an earlier one, as Redis accepts repeated options.
      {"SET", "k", "v", "EX", "10", "EX", "20"},
      {ttl_within(1), {"TTL", "k"}},
      {"SET", "k", "v", "EX", "100", "GET"},
      {ttl_within(1), {"TTL", "k"}},
      {"SET", "k", "v", "NX", "EX", "100"},
      {"SET", "other", "v", "NX", "PX", "100000"},
      {ttl_within(1), {"TTL", "other"}},
      {"SET", "k", "w", "XX", "EX", "300"},
      {ttl_within(1), {"TTL", "k"}},
      {"GET", "k"},
  });
}

TEST_F(differential_strings, set_without_keepttl_clears_the_ttl) {
  check({
      {"SET", "k", "v", "EX", "100"},
      {"SET", "k", "w"},
      {"TTL", "k"},
      {"PTTL", "k"},
      {"SET", "k", "v", "EX", "100"},
      {"SET", "k", "kept", "KEEPTTL"},
      {ttl_within(1), {"TTL", "k"}},
      {"GET", "k"},
      {"SET", "k", "kept again", "keepttl", "GET"},
      {ttl_within(1), {"TTL", "k"}},
      {"SET", "no ttl", "v", "KEEPTTL"},
      {"TTL", "no ttl"},
      {"SET", "k", "v", "XX", "KEEPTTL"},
      {ttl_within(1), {"TTL", "k"}},
  });
}

TEST_F(differential_strings, set_option_conflicts) {
  check({
      {"SET", "k", "v", "EX", "10", "PX", "10000"},
      {"SET", "k", "v", "PX", "10000", "EX", "10"},
      {"SET", "k", "v", "KEEPTTL", "EX", "10"},
      {"SET", "k", "v", "EX", "10", "KEEPTTL"},
      {"SET", "k", "v", "KEEPTTL", "PX", "10"},
      {"SET", "k", "v", "NX", "XX", "GET"},
      {"EXISTS", "k"},
  });
}

TEST_F(differential_strings, set_invalid_expiry) {
  check({
      {"SET", "k", "v", "EX", "0"},
      {"SET", "k", "v", "PX", "0"},
      {"SET", "k", "v", "EX", "-1"},
      {"SET", "k", "v", "PX", "-100"},
      {"SET", "k", "v", "EX", "notanumber"},
      {"SET", "k", "v", "PX", "1.5"},
      {"SET", "k", "v", "EX", ""},
      {"SET", "k", "v", "EX", " 10"},
      {"SET", "k", "v", "EX", "9223372036854775807"},
      {"SET", "k", "v", "EX", "9223372036854775"},
      {"SET", "k", "v", "PX", "9223372036854775807"},
      {"SET", "k", "v", "EX", "9223372036854775808"},
      {"SET", "k", "v", "EX"},
      {"SET", "k", "v", "PX"},
      {"SET", "k", "v", "NX", "EX"},
      {"SET", "k", "v", "UNKNOWN"},
      {"SET", "k", "v", "EX", "10", "UNKNOWN"},
      {"SET", "k", "v", "10"},
      {"EXISTS", "k"},
  });
}

TEST_F(differential_strings, setnx) {
  check({
      {"SETNX", "k", "first"},
      {"SETNX", "k", "second"},
      {"GET", "k"},
      {"SET", "ttl", "v", "EX", "100"},
      {"SETNX", "ttl", "w"},
      {ttl_within(1), {"TTL", "ttl"}},
  });
}

TEST_F(differential_strings, mget_and_mset) {
  check({
      {"MSET", "a", "1", "b", "2", "c", "3"},
      {"MGET", "a", "b", "c"},
      {"MGET", "a", "missing", "c", "a"},
      {"MGET", "missing"},
      {"MSET", "a", "one", "a", "uno"},
      {"GET", "a"},
      {"SET", "ttl", "v", "EX", "100"},
      {"MSET", "ttl", "w"},
      {"TTL", "ttl"},
      {"MSET", "x", "1", "y"},
      {"EXISTS", "x", "y"},
      {"MGET", "a", "b", "c", "x", "y"},
  });
}

TEST_F(differential_strings, incr_and_decr) {
  check({
      {"INCR", "counter"},
      {"INCR", "counter"},
      {"GET", "counter"},
      {"DECR", "counter"},
      {"DECR", "counter"},
      {"DECR", "counter"},
      {"GET", "counter"},
      {"DECR", "fresh"},
      {"INCRBY", "counter", "10"},
      {"INCRBY", "counter", "-25"},
      {"DECRBY", "counter", "5"},
      {"DECRBY", "counter", "-100"},
      {"INCRBY", "counter", "0"},
      {"GET", "counter"},
      {"INCRBY", "new", "-7"},
      {"DECRBY", "newer", "7"},
      {"incr", "counter"},
      {"IncrBy", "counter", "2"},
  });
}

TEST_F(differential_strings, incr_keeps_the_ttl) {
  check({
      {"SET", "counter", "1", "EX", "100"},
      {"INCR", "counter"},
      {ttl_within(1), {"TTL", "counter"}},
      {"INCRBY", "counter", "5"},
      {"DECR", "counter"},
      {ttl_within(1000), {"PTTL", "counter"}},
      {"GET", "counter"},
  });
}

TEST_F(differential_strings, incr_on_values_that_are_not_integers) {
  check({
      {"SET", "k", "abc"},
      {"INCR", "k"},
      {"SET", "k", " 1"},
      {"INCR", "k"},
      {"SET", "k", "1 "},
      {"INCR", "k"},
      {"SET", "k", "01"},
      {"INCR", "k"},
      {"SET", "k", "+1"},
      {"INCR", "k"},
      {"SET", "k", "1.0"},
      {"INCR", "k"},
      {"SET", "k", "-0"},
      {"INCR", "k"},
      {"SET", "k", "0"},
      {"INCR", "k"},
      {"SET", "k", "-1"},
      {"DECR", "k"},
      {"SET", "k", ""},
      {"INCR", "k"},
      {"SET", "k", "12345678901234567890123"},
      {"INCR", "k"},
      {"SET", "k", "9223372036854775808"},
      {"INCR", "k"},
      {"SET", "k", "1e3"},
      {"DECR", "k"},
      {"SET", "k", "0x10"},
      {"INCRBY", "k", "1"},
      {"SET", "k", "-"},
      {"DECRBY", "k", "1"},
      {"GET", "k"},
  });
}

TEST_F(differential_strings, incrby_with_increments_that_are_not_integers) {
  check({
      {"SET", "k", "10"},
      {"INCRBY", "k", "abc"},
      {"INCRBY", "k", "1.5"},
      {"INCRBY", "k", ""},
      {"INCRBY", "k", " 1"},
      {"INCRBY", "k", "+1"},
      {"INCRBY", "k", "01"},
      {"INCRBY", "k", "9223372036854775808"},
      {"DECRBY", "k", "abc"},
      {"DECRBY", "k", "-9223372036854775809"},
      {"INCRBY", "missing", "abc"},
      {"EXISTS", "missing"},
      {"GET", "k"},
  });
}

TEST_F(differential_strings, incr_overflow) {
  check({
      {"SET", "k", "9223372036854775807"},
      {"INCR", "k"},
      {"INCRBY", "k", "1"},
      {"DECRBY", "k", "-1"},
      {"INCRBY", "k", "-1"},
      {"GET", "k"},
      {"SET", "k", "-9223372036854775808"},
      {"DECR", "k"},
      {"DECRBY", "k", "1"},
      {"INCRBY", "k", "-1"},
      {"INCR", "k"},
      {"GET", "k"},
      {"SET", "k", "0"},
      {"DECRBY", "k", "-9223372036854775808"},
      {"INCRBY", "k", "-9223372036854775808"},
      {"DECR", "k"},
      {"SET", "k", "1"},
      {"INCRBY", "k", "9223372036854775807"},
      {"SET", "k", "-2"},
      {"INCRBY", "k", "-9223372036854775807"},
      {"GET", "k"},
  });
}

TEST_F(differential_strings, setex_psetex_getset_getdel) {
  check({
      {"SETEX", "k", "100", "v"},
      {ttl_within(1), {"TTL", "k"}},
      {"GET", "k"},
      {"SETEX", "k", "0", "v"},
      {"SETEX", "k", "-5", "v"},
      {"SETEX", "k", "x", "v"},
      {"PSETEX", "p", "100000", "v"},
      {ttl_within(1000), {"PTTL", "p"}},
      {"PSETEX", "p", "0", "v"},
      {"GETSET", "k", "new"},
      {"TTL", "k"},
      {"GETSET", "missing", "first"},
      {"GETDEL", "k"},
      {"GETDEL", "k"},
      {"EXISTS", "k"},
      {"RPUSH", "list", "a"},
      {"GETSET", "list", "x"},
      {"GETDEL", "list"},
      {"SETEX", "list", "100", "replaces any type"},
      {"TYPE", "list"},
  });
}

TEST_F(differential_strings, getex) {
  check({
      {"SET", "k", "v"},
      {"GETEX", "k"},
      {"GETEX", "k", "EX", "100"},
      {ttl_within(1), {"TTL", "k"}},
      {"GETEX", "k", "PX", "200000"},
      {ttl_within(1000), {"PTTL", "k"}},
      {"GETEX", "k", "PERSIST"},
      {"TTL", "k"},
      {"GETEX", "k", "EXAT", "1"},
      {"EXISTS", "k"},
      {"GETEX", "missing", "EX", "10"},
      {"SET", "k", "v"},
      {"GETEX", "k", "EX"},
      {"GETEX", "k", "EX", "0"},
      {"GETEX", "k", "EX", "10", "PX", "10"},
      {"GETEX", "k", "PERSIST", "EX", "10"},
      {"GETEX", "k", "NX"},
      {"GETEX", "k", "KEEPTTL"},
      {"RPUSH", "l", "a"},
      {"GETEX", "l"},
  });
}

TEST_F(differential_strings, append_strlen_msetnx) {
  check({
      {"APPEND", "k", "Hello"},
      {"APPEND", "k", " World"},
      {"GET", "k"},
      {"STRLEN", "k"},
      {"STRLEN", "missing"},
      {"MSETNX", "a", "1", "b", "2"},
      {"MSETNX", "b", "x", "c", "3"},
      {"MGET", "a", "b", "c"},
      {"MSETNX", "a"},
      {"MSETNX", "a", "1", "b"},
      {"RPUSH", "l", "x"},
      {"MGET", "a", "l"},
      {"MSETNX", "l", "v"},
  });
}

TEST_F(differential_strings, incrbyfloat) {
  check({
      {"INCRBYFLOAT", "f", "10.5"},
      {"INCRBYFLOAT", "f", "0.1"},
      {"INCRBYFLOAT", "f", "-5"},
      {"INCRBYFLOAT", "f", "5.0e3"},
      {"INCRBYFLOAT", "f", "1e-20"},
      {"SET", "f", "3"},
      {"INCRBYFLOAT", "f", "1.5"},
      {"INCRBYFLOAT", "f", "abc"},
      {"INCRBYFLOAT", "f", " 1"},
      {"INCRBYFLOAT", "f", ""},
      {"INCRBYFLOAT", "f", "inf"},
      {"SET", "f", "text"},
      {"INCRBYFLOAT", "f", "1"},
      {"SET", "f", "1.0"},
      {"INCRBYFLOAT", "f", "-1.0"},
      {"SET", "t", "5"},
      {"EXPIRE", "t", "100"},
      {"INCRBYFLOAT", "t", "0.5"},
      {ttl_within(1), {"TTL", "t"}},
  });
}

TEST_F(differential_strings, getrange_and_substr) {
  check({
      {"SET", "s", "Hello"},
      {"GETRANGE", "s", "0", "-1"},
      {"GETRANGE", "s", "1", "3"},
      {"GETRANGE", "s", "-3", "-1"},
      {"GETRANGE", "s", "-100", "100"},
      {"GETRANGE", "s", "3", "1"},
      {"GETRANGE", "s", "5", "10"},
      {"GETRANGE", "s", "-1", "-5"},
      {"GETRANGE", "s", "0", "-100"},
      {"GETRANGE", "s", "-100", "-100"},
      {"GETRANGE", "s", "-100", "0"},
      {"GETRANGE", "s", "9223372036854775807", "9223372036854775807"},
      {"GETRANGE", "s", "-9223372036854775808", "9223372036854775807"},
      {"SUBSTR", "s", "1", "3"},
      {"SUBSTR", "s", "0", "-100"},
      {"SET", "n", "12345"},
      {"GETRANGE", "n", "1", "2"},
      {"SET", "empty", ""},
      {"GETRANGE", "empty", "0", "-1"},
      {"GETRANGE", "missing", "0", "-1"},
      {"GETRANGE", "missing", "x", "1"},
      {"GETRANGE", "s", "0", "x"},
      {"RPUSH", "l", "a"},
      {"GETRANGE", "l", "0", "1"},
      {"SUBSTR", "l", "0", "1"},
      {"GETRANGE", "s", "0"},
      {"SUBSTR", "s"},
  });
}

TEST_F(differential_strings, setrange) {
  check({
      {"SET", "s", "Hello"},
      {"SETRANGE", "s", "0", "J"},
      {"SETRANGE", "s", "5", "World"},
      {"SETRANGE", "s", "12", "X"},
      {"GET", "s"},
      {"SETRANGE", "k", "3", "ab"},
      {"GET", "k"},
      {"SETRANGE", "new", "100", ""},
      {"SETRANGE", "new2", "9999999999", ""},
      {"EXISTS", "new", "new2"},
      {"SETRANGE", "s", "9999999999", ""},
      {"SET", "n", "123"},
      {"SETRANGE", "n", "1", "9"},
      {"GET", "n"},
      {"OBJECT", "ENCODING", "n"},
      {"SETRANGE", "s", "-1", "x"},
      {"SETRANGE", "s", "x", "x"},
      {"SETRANGE", "s", "536870912", "x"},
      {"SETRANGE", "s", "536870911", "xy"},
      {"SETRANGE", "s", "9223372036854775807", "x"},
      {"SETRANGE", "s", "9223372036854775808", "x"},
      {"RPUSH", "l", "a"},
      {"SETRANGE", "l", "536870912", "x"},
      {"SETRANGE", "l", "-1", "x"},
      {"SETRANGE", "l", "0", ""},
      {"SETRANGE", "s", "0"},
  });
  check_watch({"s"}, {"SETRANGE", "s", "0", "J"});
  check_watch({"s"}, {"SETRANGE", "s", "0", ""});
}

TEST_F(differential_strings, lcs) {
  check({
      {"SET", "key1", "ohmytext"},
      {"SET", "key2", "mynewtext"},
      {"LCS", "key1", "key2"},
      {"LCS", "key1", "key2", "LEN"},
      {"LCS", "key1", "key2", "IDX"},
      {"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"},
      {"LCS", "key1", "key2", "idx", "withmatchlen"},
      {"LCS", "key1", "key2", "WITHMATCHLEN", "IDX"},
      {"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "9223372036854775807"},
      {"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "-5"},
      {"LCS", "key1", "key2", "MINMATCHLEN", "2", "WITHMATCHLEN"},
      {"LCS", "key1", "key2", "LEN", "LEN"},
      {"LCS", "key1", "key2", "IDX", "IDX"},
      {"LCS", "key1", "key1", "IDX", "WITHMATCHLEN"},
      {"LCS", "nokey", "nokey2", "IDX"},
      {"LCS", "nokey", "key1"},
      {"SET", "a", "ABCBDAB"},
      {"SET", "b", "BDCABA"},
      {"LCS", "a", "b"},
      {"LCS", "b", "a"},
      {"LCS", "a", "b", "IDX", "WITHMATCHLEN"},
      {"SET", "c", "abcXdefYghi"},
      {"SET", "d", "abcZdefWghi"},
      {"LCS", "c", "d", "IDX", "WITHMATCHLEN"},
      {"LCS", "key1", "key2", "LEN", "IDX"},
      {"LCS", "key1", "key2", "IDX", "FOO"},
      {"LCS", "key1", "key2", "MINMATCHLEN"},
      {"LCS", "key1", "key2", "MINMATCHLEN", "x"},
      {"HSET", "h", "f", "v"},
      {"LCS", "key1", "h"},
      {"LCS", "h", "nokey", "FOO"},
      {"LCS", "key1", "h", "LEN", "IDX"},
      {"LCS", "key1"},
  });
}

}  // namespace

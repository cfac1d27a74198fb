// Keyspace commands, replies compared with a real redis-server: DEL, EXISTS, the TTL commands,
// SELECT, DBSIZE, FLUSHDB and FLUSHALL. Expiry as time passes is tested against the fake alone,
// with fast_forward(), since no test here may sleep.

#include <set>
#include <string>
#include <vector>

#include "support/differential.hpp"

namespace {

using kvtest::ttl_within;
using differential_keyspace = kvtest::differential_test;

TEST_F(differential_keyspace, del) {
  check({
      {"MSET", "a", "1", "b", "2", "c", "3"},
      {"DEL", "a"},
      {"DEL", "a"},
      {"DEL", "b", "c", "missing"},
      {"MSET", "a", "1", "b", "2"},
      {"DEL", "a", "a", "b"},
      {"DEL", "missing"},
      {"DEL"},
      {"DBSIZE"},
  });
}

TEST_F(differential_keyspace, exists_counts_duplicates) {
  check({
      {"EXISTS", "a"},
      {"SET", "a", "1"},
      {"EXISTS", "a"},
      {"EXISTS", "a", "a", "a"},
      {"EXISTS", "a", "missing", "a"},
      {"SET", "b", "2"},
      {"EXISTS", "b", "a", "missing"},
      {"EXISTS"},
  });
}

TEST_F(differential_keyspace, ttl_and_pttl) {
  check({
      {"TTL", "missing"},
      {"PTTL", "missing"},
      {"SET", "k", "v"},
      {"TTL", "k"},
      {"PTTL", "k"},
      {"EXPIRE", "k", "100"},
      {ttl_within(1), {"TTL", "k"}},
      {ttl_within(1000), {"PTTL", "k"}},
      {"PEXPIRE", "k", "5500"},
      {ttl_within(1), {"TTL", "k"}},
      {ttl_within(1000), {"PTTL", "k"}},
      {"TTL"},
      {"TTL", "k", "extra"},
      {"PTTL"},
  });
}

TEST_F(differential_keyspace, expire_and_pexpire) {
  check({
      {"EXPIRE", "missing", "100"},
      {"PEXPIRE", "missing", "100000"},
      {"SET", "k", "v"},
      {"EXPIRE", "k", "100"},
      {"expire", "k", "200"},
      {ttl_within(1), {"TTL", "k"}},
      {"PEXPIRE", "k", "300000"},
      {ttl_within(1000), {"PTTL", "k"}},
      {"EXPIRE", "k", "abc"},
      {"EXPIRE", "k", "1.5"},
      {"EXPIRE", "k", ""},
      {"PEXPIRE", "k", "abc"},
      {"EXPIRE", "k", "9223372036854775807"},
      {"EXPIRE", "k", "9223372036854775"},
      {"PEXPIRE", "k", "9223372036854775807"},
      {"EXPIRE", "k", "9223372036854775808"},
      {ttl_within(1000), {"PTTL", "k"}},
      {"EXPIRE", "k"},
      {"EXPIRE"},
      {"PEXPIRE", "k"},
      {"GET", "k"},
  });
}

TEST_F(differential_keyspace, expire_with_a_time_not_in_the_future_deletes) {
  check({
      {"MSET", "a", "1", "b", "2", "c", "3", "d", "4"},
      {"EXPIRE", "a", "-1"},
      {"EXISTS", "a"},
      {"EXPIRE", "b", "0"},
      {"EXISTS", "b"},
      {"PEXPIRE", "c", "-1000"},
      {"GET", "c"},
      {"PEXPIRE", "d", "0"},
      {"TTL", "d"},
      {"EXPIRE", "missing", "-1"},
      {"DBSIZE"},
  });
}

TEST_F(differential_keyspace, expire_options) {
  check({
      {"SET", "k", "v"},
      // No TTL counts as an infinite one: GT never applies, LT always does.
      {"EXPIRE", "k", "100", "XX"},
      {"EXPIRE", "k", "100", "GT"},
      {"TTL", "k"},
      {"EXPIRE", "k", "100", "NX"},
      {ttl_within(1), {"TTL", "k"}},
      {"EXPIRE", "k", "200", "NX"},
      {"EXPIRE", "k", "200", "XX"},
      {ttl_within(1), {"TTL", "k"}},
      {"EXPIRE", "k", "300", "GT"},
      {"EXPIRE", "k", "50", "GT"},
      {ttl_within(1), {"TTL", "k"}},
      {"EXPIRE", "k", "500", "LT"},
      {"EXPIRE", "k", "40", "LT"},
      {ttl_within(1), {"TTL", "k"}},
      {"EXPIRE", "k", "100", "xx"},
      {"EXPIRE", "k", "1000", "gt"},
      {"PEXPIRE", "k", "20000", "LT"},
      {"PEXPIRE", "k", "30000", "NX"},
      {"PEXPIRE", "k", "40000", "XX", "GT"},
      {"PEXPIRE", "k", "10000", "XX", "LT"},
      {ttl_within(1000), {"PTTL", "k"}},
      {"SET", "fresh", "v"},
      {"EXPIRE", "fresh", "100", "LT"},
      {ttl_within(1), {"TTL", "fresh"}},
      {"EXPIRE", "missing", "100", "NX"},
      {"EXPIRE", "missing", "100", "LT"},
      // A time in the past deletes the key only when the option lets the expiry apply.
      {"SET", "no ttl", "v"},
      {"EXPIRE", "no ttl", "-1", "XX"},
      {"EXISTS", "no ttl"},
      {"EXPIRE", "no ttl", "-1", "GT"},
      {"EXISTS", "no ttl"},
      {"EXPIRE", "no ttl", "-1", "LT"},
      {"EXISTS", "no ttl"},
  });
}

TEST_F(differential_keyspace, expire_option_errors) {
  check({
      {"SET", "k", "v"},
      {"EXPIRE", "k", "100", "NX", "XX"},
      {"EXPIRE", "k", "100", "NX", "GT"},
      {"EXPIRE", "k", "100", "NX", "LT"},
      {"EXPIRE", "k", "100", "GT", "LT"},
      {"EXPIRE", "k", "100", "LT", "GT"},
      {"PEXPIRE", "k", "100", "XX", "NX"},
      {"EXPIRE", "k", "100", "NX", "NX"},
      {"TTL", "k"},
      {"EXPIRE", "k", "100", "FOO"},
      {"EXPIRE", "k", "100", "NX", "FOO"},
      {"PEXPIRE", "k", "100", "bar"},
      {"EXPIRE", "k", "100", "20"},
      {"EXPIRE", "k", "abc", "NX", "XX"},
      {"EXPIRE", "missing", "100", "GT", "LT"},
      {"TTL", "k"},
  });
}

TEST_F(differential_keyspace, persist) {
  check({
      {"PERSIST", "missing"},
      {"SET", "k", "v"},
      {"PERSIST", "k"},
      {"EXPIRE", "k", "100"},
      {"PERSIST", "k"},
      {"TTL", "k"},
      {"PERSIST", "k"},
      {"GET", "k"},
      {"PERSIST"},
      {"PERSIST", "k", "extra"},
  });
}

TEST_F(differential_keyspace, select_keeps_databases_apart) {
  check({
      {"SET", "k", "db0"},
      {"SELECT", "1"},
      {"GET", "k"},
      {"EXISTS", "k"},
      {"DBSIZE"},
      {"SET", "k", "db1"},
      {"SET", "only in 1", "v"},
      {"GET", "k"},
      {"DBSIZE"},
      {"SELECT", "15"},
      {"GET", "k"},
      {"SELECT", "0"},
      {"GET", "k"},
      {"GET", "only in 1"},
      {"DBSIZE"},
      {"DEL", "k"},
      {"SELECT", "1"},
      {"GET", "k"},
  });
}

TEST_F(differential_keyspace, each_connection_has_its_own_database) {
  auto other = connect();
  check({
      {"SELECT", "2"},
      {"SET", "k", "db2"},
  });
  check(other, {
                   {"GET", "k"},
                   {"SELECT", "2"},
                   {"GET", "k"},
               });
}

TEST_F(differential_keyspace, select_errors) {
  check({
      {"SELECT", "16"},
      {"SELECT", "-1"},
      {"SELECT", "abc"},
      {"SELECT", "1.5"},
      {"SELECT", ""},
      {"SELECT", " 1"},
      {"SELECT", "01"},
      {"SELECT", "99999999999999999999"},
      {"SELECT"},
      {"SELECT", "1", "2"},
      // A failed SELECT leaves the connection where it was: database 0.
      {"SET", "k", "v"},
      {"SELECT", "0"},
      {"GET", "k"},
  });
}

TEST_F(differential_keyspace, dbsize) {
  check({
      {"DBSIZE"},
      {"MSET", "a", "1", "b", "2", "c", "3"},
      {"DBSIZE"},
      {"DEL", "a"},
      {"DBSIZE"},
      {"SET", "ttl", "v", "EX", "100"},
      {"DBSIZE"},
      {"DBSIZE", "extra"},
  });
}

TEST_F(differential_keyspace, flushdb_empties_the_current_database_only) {
  check({
      {"MSET", "a", "1", "b", "2"},
      {"SELECT", "3"},
      {"MSET", "c", "3", "d", "4"},
      {"FLUSHDB"},
      {"DBSIZE"},
      {"SELECT", "0"},
      {"DBSIZE"},
      {"FLUSHDB", "ASYNC"},
      {"DBSIZE"},
      {"SET", "a", "1"},
      {"FLUSHDB", "sync"},
      {"DBSIZE"},
      {"FLUSHDB", "garbage"},
      {"FLUSHDB", "ASYNC", "SYNC"},
  });
}

TEST_F(differential_keyspace, flushall_empties_every_database) {
  check({
      {"SET", "a", "1"},
      {"SELECT", "5"},
      {"SET", "b", "2"},
      {"FLUSHALL"},
      {"DBSIZE"},
      {"SELECT", "0"},
      {"DBSIZE"},
      {"SET", "a", "1"},
      {"FLUSHALL", "ASYNC"},
      {"EXISTS", "a"},
      {"SET", "a", "1"},
      {"FLUSHALL", "SYNC"},
      {"EXISTS", "a"},
      {"SET", "a", "1"},
      {"flushall", "async"},
      {"EXISTS", "a"},
      {"SET", "a", "1"},
      {"FLUSHALL", "garbage"},
      {"FLUSHALL", "SYNC", "ASYNC"},
      {"FLUSHALL", "ASYNC", "extra"},
      {"EXISTS", "a"},
  });
}

TEST_F(differential_keyspace, type_rename_copy_touch_unlink) {
  check({
      {"TYPE", "missing"},
      {"SET", "s", "v"},
      {"TYPE", "s"},
      {"EXPIRE", "s", "100"},
      {"RENAME", "s", "t"},
      {"EXISTS", "s"},
      {ttl_within(1), {"TTL", "t"}},
      {"RENAME", "missing", "x"},
      {"RENAME", "t", "t"},
      {"SET", "u", "other"},
      {"RENAMENX", "t", "u"},
      {"RENAMENX", "t", "v"},
      {"RENAMENX", "v", "v"},
      {"RENAMENX", "missing", "w"},
      {"COPY", "v", "w"},
      {"GET", "w"},
      {ttl_within(1), {"TTL", "w"}},
      {"COPY", "v", "w"},
      {"COPY", "v", "w", "REPLACE"},
      {"COPY", "v", "v"},
      {"COPY", "missing", "z"},
      {"COPY", "v", "x", "DB", "3"},
      {"COPY", "v", "x", "DB", "16"},
      {"COPY", "v", "x", "DB", "x"},
      {"COPY", "v", "x", "BOGUS"},
      {"SELECT", "3"},
      {"GET", "x"},
      {"SELECT", "0"},
      {"TOUCH", "v", "w", "missing"},
      {"UNLINK", "v", "w", "missing"},
      {"EXISTS", "v", "w"},
  });
}

TEST_F(differential_keyspace, copy_and_rename_every_type) {
  // Each type in each of its encodings: the copy holds the same contents, encoding and TTL, and
  // changing it leaves the original alone; RENAME moves all of it.
  check({
      {"RPUSH", "list", "a", "b", "c"},
      {"HSET", "hash", "f", "1", "g", "2"},
      {"SADD", "intset", "1", "2", "3"},
      {"SADD", "set", "x", "y"},
      {"ZADD", "zset", "1", "a", "2", "b"},
      {"PFADD", "hll", "a", "b"},
      {"GEOADD", "geo", "13.361389", "38.115556", "Palermo"},
      {"SET", "int", "12345"},
      {"PEXPIRE", "list", "100000"},
  });
  for (const char* key : {"list", "hash", "intset", "set", "zset", "hll", "geo", "int"}) {
    const std::string copy = std::string(key) + "-copy";
    const std::string moved = std::string(key) + "-moved";
    // A hashtable set's DUMP lists its members in hash order, which differs (README).
    const kvtest::comparator dump = std::string_view(key) == "set" ? kvtest::same_header() : kvtest::exact();
    check({
        {"COPY", key, copy},
        {"TYPE", copy},
        {"OBJECT", "ENCODING", copy},
        {dump, {"DUMP", copy}},
        {dump, {"DUMP", key}},
        {ttl_within(1000), {"PTTL", copy}},
        {"COPY", key, copy, "DB", "2", "REPLACE"},
        {"RENAME", copy, moved},
        {"OBJECT", "ENCODING", moved},
        {dump, {"DUMP", moved}},
        {ttl_within(1000), {"PTTL", moved}},
        {"EXISTS", copy},
    });
  }
  check({
      {"RPUSH", "list-moved", "d"},
      {"LRANGE", "list", "0", "-1"},
      {"HSET", "hash-moved", "f", "changed"},
      {"HGET", "hash", "f"},
      {"SADD", "intset-moved", "not-a-number"},
      {"OBJECT", "ENCODING", "intset"},
      {"OBJECT", "ENCODING", "intset-moved"},
      {"ZINCRBY", "zset-moved", "5", "a"},
      {"ZSCORE", "zset", "a"},
      {"PFADD", "hll-moved", "c", "d", "e"},
      {"PFCOUNT", "hll"},
      {"PFCOUNT", "hll-moved"},
      {"GEOADD", "geo-moved", "15.087269", "37.502669", "Catania"},
      {"GEODIST", "geo", "Palermo", "Catania"},
      {"GEODIST", "geo-moved", "Palermo", "Catania"},
      {"SELECT", "2"},
      {"LRANGE", "list-copy", "0", "-1"},
      {"SMEMBERS", "intset-copy"},
      {"ZRANGE", "zset-copy", "0", "-1", "WITHSCORES"},
      {"SELECT", "0"},
      {"RENAME", "list", "hash"},
      {"TYPE", "hash"},
      {"RENAMENX", "hash", "zset"},
      {"COPY", "hash", "zset"},
      {"COPY", "hash", "zset", "REPLACE"},
      {"TYPE", "zset"},
  });
}

TEST_F(differential_keyspace, keys_scan_randomkey) {
  check({
      {"RANDOMKEY"},
      {"MSET", "one", "1", "two", "2", "three", "3", "four", "4"},
      {"RPUSH", "list", "a"},
      {"HSET", "hash", "f", "v"},
      {kvtest::unordered_elements(), {"KEYS", "*"}},
      {kvtest::unordered_elements(), {"KEYS", "t*"}},
      {kvtest::unordered_elements(), {"KEYS", "*o*"}},
      {"KEYS", "nothing*"},
      {kvtest::same_reply_type(), {"RANDOMKEY"}},
      {"SCAN", "x"},
      {"SCAN", "0", "COUNT", "0"},
      {"SCAN", "0", "COUNT", "x"},
      {"SCAN", "0", "BOGUS"},
  });
}

TEST_F(differential_keyspace, scan_visits_every_key_once) {
  // Cursors differ between the servers; the keys a full iteration visits may not.
  for (int i = 0; i < 50; ++i) connections().redis.command({"SET", "k" + std::to_string(i), "v"});
  for (int i = 0; i < 50; ++i) connections().fake.command({"SET", "k" + std::to_string(i), "v"});
  connections().redis.command({"RPUSH", "list", "a"});
  connections().fake.command({"RPUSH", "list", "a"});
  const auto visit = [](kvtest::raw_client& client, std::vector<std::string> options) {
    std::multiset<std::string> seen;
    std::string cursor = "0";
    do {
      std::vector<std::string> command{"SCAN", cursor};
      command.insert(command.end(), options.begin(), options.end());
      const auto elements = kvtest::parse_scan_reply(client.command(command));
      cursor = elements.first;
      seen.insert(elements.second.begin(), elements.second.end());
    } while (cursor != "0");
    return seen;
  };
  for (const auto& options : std::vector<std::vector<std::string>>{
           {}, {"COUNT", "7"}, {"MATCH", "k1*"}, {"TYPE", "list"}, {"TYPE", "string", "COUNT", "3"}}) {
    const auto on_redis = visit(connections().redis, options);
    EXPECT_EQ(on_redis, visit(connections().fake, options));
    EXPECT_EQ(std::set<std::string>(on_redis.begin(), on_redis.end()).size(), on_redis.size());
  }
}

// The usual clean-up loop, deleting what each call returned: no key may be skipped because
// earlier ones went (a cursor that is a position would skip half of them).
TEST_F(differential_keyspace, scan_while_deleting_visits_every_key) {
  const auto scan_and_delete = [](kvtest::raw_client& client) {
    for (int i = 0; i < 200; ++i) client.command({"SET", "k" + std::to_string(i), "v"});
    std::set<std::string> seen;
    std::string cursor = "0";
    do {
      const auto [next, keys] = kvtest::parse_scan_reply(client.command({"SCAN", cursor, "COUNT", "10"}));
      cursor = next;
      for (const auto& key : keys) {
        seen.insert(key);
        client.command({"DEL", key});
      }
    } while (cursor != "0");
    return seen.size();
  };
  EXPECT_EQ(scan_and_delete(connections().redis), 200u);
  EXPECT_EQ(scan_and_delete(connections().fake), 200u);
}

TEST_F(differential_keyspace, expireat_expiretime_object_encoding) {
  check({
      {"SET", "k", "v"},
      {"EXPIREAT", "k", "4102444800"},
      {"EXPIRETIME", "k"},
      {"PEXPIRETIME", "k"},
      {"PEXPIREAT", "k", "4102444800123"},
      {"PEXPIRETIME", "k"},
      {"EXPIRETIME", "missing"},
      {"SET", "p", "v"},
      {"EXPIRETIME", "p"},
      {"EXPIREAT", "p", "4102444800", "NX"},
      {"EXPIREAT", "p", "4102444801", "NX"},
      {"EXPIREAT", "p", "1"},
      {"EXISTS", "p"},
      {"EXPIREAT", "k", "x"},
      {"SET", "int", "12345"},
      {"SET", "embstr", "short string"},
      {"SET", "raw", std::string(50, 'x')},
      {"RPUSH", "list", "a"},
      {"HSET", "hash", "f", "v"},
      {"OBJECT", "ENCODING", "int"},
      {"OBJECT", "ENCODING", "embstr"},
      {"OBJECT", "ENCODING", "raw"},
      {"OBJECT", "ENCODING", "list"},
      {"OBJECT", "ENCODING", "hash"},
      {"OBJECT", "ENCODING", "missing"},
      // APPEND to a key makes its string raw, kept through RENAME and COPY; SET and INCR replace it.
      {"APPEND", "int", "6"},
      {"OBJECT", "ENCODING", "int"},
      {"APPEND", "fresh", "7"},
      {"OBJECT", "ENCODING", "fresh"},
      {"APPEND", "embstr", ""},
      {"OBJECT", "ENCODING", "embstr"},
      {"RENAME", "embstr", "renamed"},
      {"OBJECT", "ENCODING", "renamed"},
      {"COPY", "renamed", "copied"},
      {"OBJECT", "ENCODING", "copied"},
      {"INCR", "int"},
      {"OBJECT", "ENCODING", "int"},
      {"SET", "renamed", "short"},
      {"OBJECT", "ENCODING", "renamed"},
      // INCRBYFLOAT writes text, never an integer encoding, even for a whole number; INCR and
      // DEBUG RELOAD encode it again.
      {"INCRBYFLOAT", "float", "3.5"},
      {"INCRBYFLOAT", "float", "3.5"},
      {"GET", "float"},
      {"OBJECT", "ENCODING", "float"},
      {"INCRBYFLOAT", "float", "1e50"},
      {"OBJECT", "ENCODING", "float"},
      {"SET", "float", "7"},
      {"INCRBYFLOAT", "float", "1"},
      {"INCR", "float"},
      {"OBJECT", "ENCODING", "float"},
      {"OBJECT", "HELP"},
      {"OBJECT", "BOGUS"},
      {"OBJECT"},
  });
}

TEST_F(differential_keyspace, move) {
  check({
      {"SET", "k", "v", "EX", "100"},
      {"MOVE", "k", "1"},
      {"EXISTS", "k"},
      {"SELECT", "1"},
      {ttl_within(1), {"TTL", "k"}},
      {"GET", "k"},
      {"SET", "other", "x"},
      {"SELECT", "0"},
      {"SET", "other", "y"},
      {"MOVE", "other", "1"},
      {"GET", "other"},
      {"MOVE", "missing", "1"},
      {"MOVE", "missing", "0"},
      {"MOVE", "k", "0"},
      {"MOVE", "k", "16"},
      {"MOVE", "k", "-1"},
      {"MOVE", "k", "x"},
      {"MOVE", "k", "4294967296"},
      {"RPUSH", "l", "a", "b"},
      {"MOVE", "l", "2"},
      {"SELECT", "2"},
      {"LRANGE", "l", "0", "-1"},
      {"SELECT", "0"},
      {"MOVE", "k"},
  });
}

TEST_F(differential_keyspace, swapdb) {
  check({
      {"SET", "a", "in0"},
      {"SELECT", "1"},
      {"SET", "b", "in1"},
      {"SELECT", "0"},
      {"SWAPDB", "0", "1"},
      {"GET", "a"},
      {"GET", "b"},
      {"SWAPDB", "0", "0"},
      {"GET", "b"},
      {"SWAPDB", "a", "b"},
      {"SWAPDB", "0", "a"},
      {"SWAPDB", "0", "-1"},
      {"SWAPDB", "15", "16"},
      {"SWAPDB", "4294967296", "0"},
      {"SWAPDB", "0"},
  });
  auto other = connect();
  check(other, {{"SELECT", "1"}, {"GET", "a"}});
  check_watch({"b"}, {"SWAPDB", "0", "1"});
}

TEST_F(differential_keyspace, object_refcount_idletime_freq) {
  check({
      {"SET", "i", "123"},
      {"SET", "n9999", "9999"},
      {"SET", "n10000", "10000"},
      {"SET", "neg", "-5"},
      {"SET", "z", "007"},
      {"SET", "s", "text"},
      {"RPUSH", "l", "a"},
      {"OBJECT", "REFCOUNT", "i"},
      {"OBJECT", "REFCOUNT", "n9999"},
      {"OBJECT", "REFCOUNT", "n10000"},
      {"OBJECT", "REFCOUNT", "neg"},
      {"OBJECT", "REFCOUNT", "z"},
      {"OBJECT", "REFCOUNT", "s"},
      {"OBJECT", "REFCOUNT", "l"},
      {"OBJECT", "REFCOUNT", "missing"},
      {"OBJECT", "IDLETIME", "s"},
      {"OBJECT", "IDLETIME", "missing"},
      {"OBJECT", "FREQ", "s"},
      {"OBJECT", "FREQ", "missing"},
      {"object", "refcount"},
      {"OBJECT", "REFCOUNT", "a", "b"},
      {"OBJECT", "HELP", "x"},
      {"OBJECT", "foo"},
      {"OBJECT", "Foo", "x", "y"},
      {"OBJECT", "HELP"},
      {"OBJECT"},
      {"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"},
      {"SET", "f", "v"},
      {"OBJECT", "FREQ", "f"},
      {"OBJECT", "IDLETIME", "f"},
      {"OBJECT", "IDLETIME", "missing"},
      {"CONFIG", "SET", "maxmemory", "100mb"},
      {"SET", "n2", "5"},
      {"OBJECT", "REFCOUNT", "n2"},
      {"CONFIG", "SET", "maxmemory-policy", "noeviction", "maxmemory", "0"},
  });
}

TEST_F(differential_keyspace, time) {
  const kvtest::comparator same_second{
      "same_second", [](std::string_view a, std::string_view b) {
        // *2 $10 <seconds> $n <microseconds>: the seconds within 1, the microseconds in range.
        const auto seconds = [](std::string_view r) { return std::stoll(std::string(r.substr(9, 10))); };
        return a.starts_with("*2\r\n$10\r\n") && b.starts_with("*2\r\n$10\r\n") &&
               std::llabs(seconds(a) - seconds(b)) <= 1;
      }};
  check({{same_second, {"TIME"}}, {"TIME", "x"}});
}

TEST_F(differential_keyspace, sort) {
  check({
      {"RPUSH", "l", "3", "1", "2", "10", "b"},
      {"SORT", "l"},
      {"SORT", "l", "ALPHA"},
      {"SORT", "l", "LIMIT", "0", "2", "ALPHA"},
      {"SORT", "l", "DESC", "ALPHA"},
      {"SORT", "l", "asc", "desc", "alpha"},
      {"SORT", "l", "LIMIT", "0"},
      {"SORT", "l", "LIMIT", "a", "b"},
      {"SORT", "l", "BY"},
      {"SORT", "l", "GET"},
      {"SORT", "l", "STORE"},
      {"SORT", "missing"},
      {"SORT", "missing", "STORE", "dst"},
      {"SET", "s", "str"},
      {"SORT", "s"},
      {"SORT", "s", "foo"},
      {"RPUSH", "n", "3", "1.5", "-2", "10", "1e2", "0x10", " 5", "inf", "-inf", "2"},
      {"SORT", "n"},
      {"SORT", "n", "DESC", "LIMIT", "1", "3"},
      {"SORT", "n", "LIMIT", "-5", "2"},
      {"SORT", "n", "LIMIT", "8", "-1"},
      {"SORT", "n", "LIMIT", "20", "5"},
      {"SORT", "n", "LIMIT", "0", "0"},
      {"RPUSH", "ties", "1", "01", "1.0", "+1"},
      {"SORT", "ties"},
      {"SORT", "ties", "DESC"},
      {"RPUSH", "bad", "1", "5 ", "2"},
      {"SORT", "bad", "LIMIT", "0", "1"},
      {"RPUSH", "k", "a", "b", "c", "d"},
      {"MSET", "w_a", "3", "w_b", "1", "w_c", "2"},
      {"SORT", "k", "BY", "w_*"},
      {"MSET", "d_a", "DA", "d_c", "DC"},
      {"SORT", "k", "BY", "w_*", "GET", "#", "GET", "d_*"},
      {"SORT", "k", "BY", "w_*", "GET", "nostar"},
      {"SORT", "k", "BY", "nosort", "GET", "x_*", "GET", "#"},
      {"SORT", "k", "BY", "nosort", "DESC", "LIMIT", "1", "2"},
      {"SORT", "k", "BY", "w_*", "BY", "nosort"},
      {"SORT", "k", "BY", "nosort", "BY", "w_*"},
      {"HSET", "h_a", "f", "30", "g", "x"},
      {"HSET", "h_b", "f", "10"},
      {"HSET", "h_c", "f", "20"},
      {"LPUSH", "h_d", "f"},
      {"SORT", "k", "BY", "h_*->f"},
      {"SORT", "k", "BY", "h_*->f", "GET", "h_*->g", "GET", "#", "GET", "h_*->"},
      {"MSET", "w_a", "xx", "w_b", "1", "w_c", "2"},
      {"SORT", "k", "BY", "w_*", "ALPHA"},
      {"SORT", "k", "BY", "w_*"},
      {"SORT", "k", "BY", "w_*", "LIMIT", "0", "1"},
      {"ZADD", "z", "3", "a", "1", "b", "2", "c"},
      {"SORT", "z", "BY", "nosort"},
      {"SORT", "z", "BY", "nosort", "DESC"},
      {"SORT", "z", "BY", "nosort", "LIMIT", "1", "1"},
      {"SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "5"},
      {"SORT", "z", "ALPHA"},
      {"OBJECT", "ENCODING", "z"},
      {"SADD", "st", "5", "3", "9", "1", "2"},
      {"SORT", "st"},
      {"SORT", "st", "BY", "nosort", "DESC"},
      {"SADD", "sh", "c", "a", "b", "d"},
      {"SORT", "sh", "ALPHA"},
      {"SORT", "sh", "BY", "nosort", "STORE", "dst"},
      {"LRANGE", "dst", "0", "-1"},
      {"SORT", "sh", "BY", "nosort", "DESC", "STORE", "dst"},
      {"LRANGE", "dst", "0", "-1"},
      {"DEL", "k"},
      {"RPUSH", "k", "c", "a", "b"},
      {"SET", "dst", "str", "EX", "100"},
      {"SORT", "k", "ALPHA", "STORE", "dst"},
      {"TYPE", "dst"},
      {"TTL", "dst"},
      {"OBJECT", "ENCODING", "dst"},
      {"LRANGE", "dst", "0", "-1"},
      {"SORT", "k", "ALPHA", "GET", "nope_*", "GET", "#", "STORE", "dst"},
      {"LRANGE", "dst", "0", "-1"},
      {"SORT", "k", "ALPHA", "LIMIT", "5", "5", "STORE", "dst"},
      {"EXISTS", "dst"},
      {"SORT", "k", "ALPHA", "STORE", "k"},
      {"LRANGE", "k", "0", "-1"},
      {"SORT", "bad", "STORE", "dst2"},
      {"EXISTS", "dst2"},
      {"SORT_RO", "k", "ALPHA"},
      {"SORT_RO", "k", "STORE", "x"},
      {"SORT_RO", "s"},
      {"SORT"},
      {"SORT_RO"},
  });
}

}  // namespace

// DEBUG, replies compared with a real redis-server: refused by default (and inside MULTI before
// it is queued), then, on servers started with enable-debug-command yes, the subcommands test
// suites use: HELP, DIGEST and DIGEST-VALUE (the same fingerprints for the same data), ERROR,
// PROTOCOL, POPULATE, RELOAD re-encoding with the current thresholds, SET-ACTIVE-EXPIRE.

#include <string>
#include <vector>

#include "support/differential.hpp"

namespace {

using differential_debug_refused = kvtest::differential_test;

TEST_F(differential_debug_refused, by_default) {
  check({
      {"DEBUG", "HELP"},
      {"DEBUG", "DIGEST"},
      {"DEBUG"},
      {"MULTI"},
      {"SET", "k", "v"},
      {"DEBUG", "DIGEST"},
      {"EXEC"},
      {"CONFIG", "GET", "enable-debug-command"},
  });
}

class differential_debug : public kvtest::differential_test {
 protected:
  static void SetUpTestSuite() { start_servers("", {{"enable-debug-command", "yes"}}); }
};

TEST_F(differential_debug, help_and_errors) {
  check({
      {"DEBUG", "HELP"},
      {"debug", "help"},
      {"DEBUG", "HELP", "x"},
      {"DEBUG", "FOO"},
      {"DEBUG", "jmap"},
      {"DEBUG", "SET-ACTIVE-EXPIRE"},
      {"DEBUG", "ERROR", "my message"},
      {"DEBUG", "ERROR", "WRONGTYPE custom"},
      {"DEBUG", "LOG", "hello"},
      {"DEBUG", "CHANGE-REPL-ID"},
      {"CONFIG", "GET", "enable-debug-command"},
      {"CONFIG", "SET", "enable-debug-command", "no"},
  });
}

TEST_F(differential_debug, sleep) {
  check({
      {"DEBUG", "SLEEP", "0"},
      {"DEBUG", "SLEEP", "0.01"},
      {"DEBUG", "SLEEP", "x"},
      {"DEBUG", "SLEEP", "-1"},
      {"DEBUG", "SLEEP", "nan"},
      {"DEBUG", "SLEEP"},
      {"DEBUG", "SLEEP", "0", "1"},
      {"MULTI"},
      {"DEBUG", "SLEEP", "0"},
      {"EXEC"},
  });
}

TEST_F(differential_debug, protocol) {
  for (const char* type : {"string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib",
                           "push", "verbatim", "true", "false", "other"}) {
    // The test client reads no RESP3 attribute; server_core_test checks those bytes.
    if (resp3() && std::string_view(type) == "attrib") continue;
    check({{"DEBUG", "PROTOCOL", type}});
  }
}

TEST_F(differential_debug, digests_match_for_the_same_data) {
  check({
      {"DEBUG", "DIGEST"},
      {"SET", "s", "hello"},
      {"SET", "n", "12345"},
      {"SET", "t", "v", "EX", "1000"},
      {"RPUSH", "l", "a", "b", "c"},
      {"SADD", "set", "x", "y", "1"},
      {"SADD", "ints", "3", "1", "2"},
      {"HSET", "h", "f", "1", "g", "2"},
      {"ZADD", "z", "1", "a", "2.5", "b", "-0.125", "c", "1e17", "d", "inf", "e"},
      {"SELECT", "3"},
      {"SET", "other", "db"},
      {"SELECT", "0"},
      {"DEBUG", "DIGEST"},
      {"DEBUG", "DIGEST-VALUE", "s", "n", "t", "l", "set", "ints", "h", "z", "missing"},
      {"DEBUG", "DIGEST-VALUE"},
  });
}

TEST_F(differential_debug, populate) {
  check({
      {"SET", "key:1", "mine"},
      {"DEBUG", "POPULATE", "3"},
      {"MGET", "key:0", "key:1", "key:2", "key:3"},
      {"DEBUG", "POPULATE", "2", "pre", "5"},
      {"MGET", "pre:0", "pre:1"},
      {"DEBUG", "POPULATE", "2", "pad", "10"},
      {"GET", "pad:1"},
      {"DEBUG", "POPULATE", "-1"},
      {"DEBUG", "POPULATE", "x"},
      {"DEBUG", "POPULATE", "1", "p", "-1"},
      {"DBSIZE"},
  });
}

TEST_F(differential_debug, reload_encodes_afresh) {
  check({
      {"HSET", "h", "a", "1", "b", "2", "c", "3"},
      {"SADD", "s", "1", "2", "3"},
      {"ZADD", "z", "1", "a", "2", "b", "3", "c"},
      {"APPEND", "appended", "1"},
      {"APPEND", "appended", "2"},
      {"INCRBYFLOAT", "float", "2"},
      {"OBJECT", "ENCODING", "appended"},
      {"OBJECT", "ENCODING", "float"},
      {"CONFIG", "SET", "hash-max-listpack-entries", "2", "set-max-intset-entries", "2",
       "zset-max-listpack-entries", "2"},
      {"OBJECT", "ENCODING", "h"},
      {"DEBUG", "RELOAD"},
      {"OBJECT", "ENCODING", "h"},
      {"OBJECT", "ENCODING", "appended"},
      {"OBJECT", "ENCODING", "float"},
      {"OBJECT", "ENCODING", "s"},
      {"OBJECT", "ENCODING", "z"},
      {"CONFIG", "SET", "hash-max-listpack-entries", "512", "set-max-intset-entries", "512",
       "zset-max-listpack-entries", "128"},
      {"DEBUG", "RELOAD", "NOSAVE", "merge"},
      {"OBJECT", "ENCODING", "h"},
      {"OBJECT", "ENCODING", "s"},
      {"OBJECT", "ENCODING", "z"},
      {"HGETALL", "h"},
      {"DEBUG", "RELOAD", "FOO"},
  });
}

// DEBUG OBJECT's line, but for the value's address and the LRU clock, which differ by server.
TEST_F(differential_debug, object) {
  const kvtest::comparator same_but_address_and_clock{
      "same_but_address_and_clock", [](std::string_view a, std::string_view b) {
        const auto masked = [](std::string_view line) {
          std::string text(line);
          const auto at = text.find("Value at:");
          const auto refcount = text.find(" refcount:");
          if (at == std::string::npos || refcount == std::string::npos) return text;
          text.erase(at + 9, refcount - at - 9);
          const auto lru = text.find(" lru:");
          const auto ql = text.find(" ql_nodes:");
          text.erase(lru, (ql == std::string::npos ? text.size() - 2 : ql) - lru);
          return text;
        };
        return masked(a) == masked(b);
      }};
  check({
      {"SET", "i", "123"},
      {"SET", "big", "123456789012"},
      {"SET", "raw", std::string(50, 'a')},
      {"RPUSH", "l", "a", "b", "c"},
      {"HSET", "h", "f", "v"},
      {"SADD", "si", "1", "2"},
      {"SADD", "sh", "a"},
      {"ZADD", "z", "1", "a"},
  });
  std::vector<std::string> long_list{"RPUSH", "long"};
  for (int i = 0; i < 1000; ++i) long_list.push_back("element-" + std::to_string(i));
  check({kvtest::step(long_list)});
  for (const char* key : {"i", "big", "raw", "l", "h", "si", "sh", "z", "long"}) {
    check({{same_but_address_and_clock, {"DEBUG", "OBJECT", key}}});
  }
  check({{"DEBUG", "OBJECT", "missing"}});
}

TEST_F(differential_debug, set_active_expire) {
  check({
      {"DEBUG", "SET-ACTIVE-EXPIRE", "0"},
      {"SET", "k", "v", "PX", "1"},
      {"SET", "keep", "v"},
  });
  // Let the millisecond pass on both; with active expiry off both still count the key.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  check({
      {"DBSIZE"},
      {"GET", "k"},
      {"DBSIZE"},
      {"DEBUG", "SET-ACTIVE-EXPIRE", "abc"},
      {"DEBUG", "SET-ACTIVE-EXPIRE", "1"},
  });
}

}  // namespace

// CONFIG GET, SET, RESETSTAT, REWRITE and HELP, replies compared with a real redis-server: every
// parameter's default, Redis's checks of names and values and their order, atomic failure,
// aliases, and the encodings the thresholds decide. Each test puts back what it changed (the
// servers live as long as the suite).

#include <string>
#include <vector>

#include "support/differential.hpp"

namespace {

using kvtest::unordered_pairs;

class differential_config : public kvtest::differential_test {
 protected:
  void TearDown() override {
    check({{"CONFIG", "SET", "maxmemory", "0", "hz", "10", "hash-max-listpack-entries", "512",
            "hash-max-listpack-value", "64", "set-max-intset-entries", "512", "zset-max-listpack-entries",
            "128", "zset-max-listpack-value", "64", "loglevel", "notice", "notify-keyspace-events", "",
            "maxmemory-clients", "0", "client-output-buffer-limit",
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
            "latency-tracking-info-percentiles", "50 99 99.9", "oom-score-adj-values", "0 200 800",
            "shutdown-on-sigterm", "default", "proto-max-bulk-len", "536870912", "appendonly", "no"}});
  }
};

TEST_F(differential_config, every_parameter_and_its_default) {
  // The servers' ports and directories differ; every other name and value may not.
  check({{unordered_pairs({"port", "dir"}), {"CONFIG", "GET", "*"}}});
  check({
      {unordered_pairs(), {"CONFIG", "GET", "hash-max-*-entries"}},
      {unordered_pairs(), {"CONFIG", "GET", "*MAXMEMORY*"}},
      {"CONFIG", "GET", "maxmemory", "maxmemory"},
      {"CONFIG", "GET", "MAXMEMORY"},
      {"CONFIG", "GET", "use-exit-on-panic"},
      {"CONFIG", "GET", "rdb-key-save-delay"},
      {"CONFIG", "GET", "watchdog-period"},
      {"CONFIG", "GET", "loading-process-events-interval-bytes"},
      {"CONFIG", "GET", "*delay*save*"},
      {"CONFIG", "GET", "lua-replicate-commands"},
      {"CONFIG", "GET", "list-max-ziplist-entries"},
      {"CONFIG", "GET", "nosuch"},
      {"CONFIG", "GET", "nosuch*"},
  });
}

TEST_F(differential_config, names_are_checked_first_and_the_first_problem_wins) {
  check({
      {"CONFIG", "SET", "nosuch", "1"},
      {"CONFIG", "SET", "daemonize", "yes"},
      {"CONFIG", "SET", "DAEMONIZE", "no"},
      {"CONFIG", "SET", "dir", "/tmp"},
      {"CONFIG", "SET", "dbfilename", "x.rdb"},
      {"CONFIG", "SET", "daemonize", "no", "nosuch", "1"},
      {"CONFIG", "SET", "nosuch", "1", "daemonize", "no"},
      {"CONFIG", "SET", "maxmemory", "abc", "nosuch", "1"},
      {"CONFIG", "SET", "maxmemory", "1", "maxmemory", "2"},
      {"CONFIG", "SET", "maxmemory", "1", "MAXMEMORY", "2"},
      {"CONFIG", "SET", "enable-debug-command", "yes"},
      {"CONFIG", "SET", "maxmemory", "1", "hz"},
      {"CONFIG", "SET"},
      {"CONFIG", "SET", "maxmemory"},
      {"CONFIG", "GET", "maxmemory"},
  });
}

TEST_F(differential_config, values_are_checked_and_written_back_canonically) {
  check({
      {"CONFIG", "SET", "maxmemory", "abc"},
      {"CONFIG", "SET", "maxmemory", "-1"},
      {"CONFIG", "SET", "maxmemory", "1.5"},
      {"CONFIG", "SET", "maxmemory", "10gb"},
      {"CONFIG", "GET", "maxmemory"},
      {"CONFIG", "SET", "maxmemory", "1g"},
      {"CONFIG", "GET", "maxmemory"},
      {"CONFIG", "SET", "maxmemory", "1Kb"},
      {"CONFIG", "GET", "maxmemory"},
      {"CONFIG", "SET", "maxmemory", ""},
      {"CONFIG", "GET", "maxmemory"},
      {"CONFIG", "SET", "hash-max-listpack-entries", "abc"},
      {"CONFIG", "SET", "hash-max-listpack-entries", "-1"},
      {"CONFIG", "SET", "hash-max-listpack-entries", "1k"},
      {"CONFIG", "SET", "hash-max-listpack-entries", "+5"},
      {"CONFIG", "SET", "hash-max-listpack-value", "1k"},
      {"CONFIG", "GET", "hash-max-listpack-value"},
      {"CONFIG", "GET", "hash-max-ziplist-value"},
      {"CONFIG", "SET", "HASH-MAX-ZIPLIST-ENTRIES", "abc"},
      {"CONFIG", "SET", "hash-max-ziplist-entries", "1", "hash-max-listpack-entries", "2"},
      {"CONFIG", "GET", "hash-max-ziplist-entries"},
      {"CONFIG", "SET", "appendonly", "maybe"},
      {"CONFIG", "SET", "appendonly", "NO"},
      {"CONFIG", "GET", "appendonly"},
      {"CONFIG", "SET", "loglevel", "foo"},
      {"CONFIG", "SET", "loglevel", "WARNING"},
      {"CONFIG", "GET", "loglevel"},
      {"CONFIG", "SET", "maxclients", "0"},
      {"CONFIG", "SET", "hz", "1000"},
      {"CONFIG", "GET", "hz"},
      {"CONFIG", "SET", "hz", "0"},
      {"CONFIG", "GET", "hz"},
      {"CONFIG", "SET", "maxmemory-clients", "10%"},
      {"CONFIG", "GET", "maxmemory-clients"},
      {"CONFIG", "SET", "maxmemory-clients", "101%"},
      {"CONFIG", "SET", "maxmemory-clients", "x%"},
      {"CONFIG", "SET", "notify-keyspace-events", "KEA"},
      {"CONFIG", "GET", "notify-keyspace-events"},
      {"CONFIG", "SET", "notify-keyspace-events", "Kgx"},
      {"CONFIG", "GET", "notify-keyspace-events"},
      {"CONFIG", "SET", "notify-keyspace-events", "Q"},
      {"CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 2mb 30"},
      {"CONFIG", "GET", "client-output-buffer-limit"},
      {"CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 2"},
      {"CONFIG", "SET", "client-output-buffer-limit", "master 1 2 3"},
      {"CONFIG", "SET", "client-output-buffer-limit", "normal x 2 3"},
      {"CONFIG", "SET", "latency-tracking-info-percentiles", "50 99.5"},
      {"CONFIG", "GET", "latency-tracking-info-percentiles"},
      {"CONFIG", "SET", "latency-tracking-info-percentiles", "abc"},
      {"CONFIG", "SET", "latency-tracking-info-percentiles", "101"},
      {"CONFIG", "SET", "oom-score-adj-values", "1 2"},
      {"CONFIG", "SET", "oom-score-adj-values", "1 2 3000"},
      {"CONFIG", "SET", "save", "1 2 3"},
      {"CONFIG", "SET", "save", "3600 1 300 100"},
      {"CONFIG", "GET", "save"},
      {"CONFIG", "SET", "save", ""},
      {"CONFIG", "SET", "shutdown-on-sigterm", "NOW force"},
      {"CONFIG", "GET", "shutdown-on-sigterm"},
      {"CONFIG", "SET", "shutdown-on-sigterm", "never"},
      {"CONFIG", "SET", "cluster-announce-hostname", "bad_host"},
      {"CONFIG", "SET", "proto-max-bulk-len", "1000"},
  });
}

TEST_F(differential_config, a_failed_set_changes_nothing) {
  check({
      {"CONFIG", "SET", "maxmemory", "1mb", "hz", "abc"},
      {"CONFIG", "GET", "maxmemory"},
      {"CONFIG", "SET", "hz", "20", "maxmemory", "abc"},
      {"CONFIG", "GET", "hz"},
      {"CONFIG", "SET", "maxmemory", "1mb", "hz", "15"},
      {unordered_pairs(), {"CONFIG", "GET", "maxmemory", "hz"}},
  });
}

TEST_F(differential_config, proto_max_bulk_len_bounds_setrange) {
  check({
      {"CONFIG", "SET", "proto-max-bulk-len", "2mb"},
      {"SETRANGE", "k", "2097152", "x"},
      {"SETRANGE", "k", "2097151", "x"},
      {"STRLEN", "k"},
  });
}

TEST_F(differential_config, resetstat_rewrite_and_help) {
  check({
      {"CONFIG", "RESETSTAT"},
      {"CONFIG", "RESETSTAT", "x"},
      {"CONFIG", "REWRITE"},
      {"CONFIG", "HELP"},
      {"CONFIG", "FOO"},
      {kvtest::info_bulk(), {"INFO", "stats"}},
  });
}

// Thresholds decide the encoding at the next write that adds (hashes: any write), and a
// collection never converts back.
TEST_F(differential_config, thresholds_decide_encodings_at_the_next_write) {
  check({
      {"HSET", "h", "a", "1", "b", "2", "c", "3"},
      {"CONFIG", "SET", "hash-max-listpack-entries", "2"},
      {"HGET", "h", "a"},
      {"OBJECT", "ENCODING", "h"},
      {"HSET", "h", "a", "5"},
      {"OBJECT", "ENCODING", "h"},
      {"HDEL", "h", "a", "b"},
      {"OBJECT", "ENCODING", "h"},
      {"HSET", "h2", "a", "1", "b", "2", "c", "3"},
      {"OBJECT", "ENCODING", "h2"},
      {"HSET", "h3", "a", "1", "b", "2"},
      {"OBJECT", "ENCODING", "h3"},
      {"CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "3"},
      {"HSET", "h5", "a", "123"},
      {"OBJECT", "ENCODING", "h5"},
      {"HSET", "h5", "b", "1234"},
      {"OBJECT", "ENCODING", "h5"},
      {"CONFIG", "SET", "hash-max-listpack-value", "0"},
      {"HSET", "h6", "", ""},
      {"OBJECT", "ENCODING", "h6"},
      {"SADD", "s", "1", "2", "3"},
      {"CONFIG", "SET", "set-max-intset-entries", "2"},
      {"SADD", "s", "2"},
      {"OBJECT", "ENCODING", "s"},
      {"SADD", "s", "4"},
      {"OBJECT", "ENCODING", "s"},
      {"SREM", "s", "4", "3"},
      {"OBJECT", "ENCODING", "s"},
      {"CONFIG", "SET", "set-max-intset-entries", "0"},
      {"SADD", "s5", "1"},
      {"OBJECT", "ENCODING", "s5"},
      {"SADD", "z", "1"},
      {"CONFIG", "SET", "set-max-intset-entries", "512"},
      {"SADD", "t", "01"},
      {"OBJECT", "ENCODING", "t"},
      {"SADD", "t2", "9223372036854775808"},
      {"OBJECT", "ENCODING", "t2"},
      {"ZADD", "z1", "1", "a", "2", "b", "3", "c"},
      {"CONFIG", "SET", "zset-max-listpack-entries", "2"},
      {"ZADD", "z1", "1", "a"},
      {"OBJECT", "ENCODING", "z1"},
      {"ZADD", "z1", "4", "d"},
      {"OBJECT", "ENCODING", "z1"},
      {"ZADD", "z2", "1", "a", "2", "b", "3", "c"},
      {"OBJECT", "ENCODING", "z2"},
      {"CONFIG", "SET", "zset-max-listpack-entries", "0"},
      {"ZADD", "z3", "1", "a"},
      {"OBJECT", "ENCODING", "z3"},
      {"CONFIG", "SET", "zset-max-listpack-entries", "128", "zset-max-listpack-value", "2"},
      {"ZADD", "z4", "1", "abc"},
      {"OBJECT", "ENCODING", "z4"},
      {"RPUSH", "l", "a"},
      {"CONFIG", "SET", "list-max-listpack-size", "-6"},
      {"RPUSH", "l", "b"},
      {"OBJECT", "ENCODING", "l"},
      {"CONFIG", "SET", "list-max-listpack-size", "-2"},
  });
}

// A listpack stores -0 as 0; a sorted set that is already a skiplist keeps -0.
TEST_F(differential_config, negative_zero_scores_follow_the_encoding) {
  check({
      {"ZADD", "small", "-0", "a"},
      {"ZSCORE", "small", "a"},
      {"ZINCRBY", "small", "-0", "b"},
      {"ZSCORE", "small", "b"},
      {"CONFIG", "SET", "zset-max-listpack-entries", "0"},
      {"ZADD", "large", "-0", "a"},
      {"ZSCORE", "large", "a"},
      {"OBJECT", "ENCODING", "large"},
  });
}

}  // namespace

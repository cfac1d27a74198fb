// HyperLogLog commands, replies compared with a real redis-server: PFADD, PFCOUNT, PFMERGE,
// PFDEBUG and PFSELFTEST. The HLL's bytes (GET) are compared too, so the sparse and dense
// layouts, the promotion between them and the cached cardinality are redis-server's.

#include <random>
#include <string>
#include <vector>

#include "support/differential.hpp"

namespace {

using differential_hyperloglog = kvtest::differential_test;

// PFADD key prefix0 prefix1 ... as one command.
kvtest::step pfadd_many(const std::string& key, const std::string& prefix, int count) {
  std::vector<std::string> command{"PFADD", key};
  for (int i = 0; i < count; ++i) command.push_back(prefix + std::to_string(i));
  return kvtest::step(std::move(command));
}

TEST_F(differential_hyperloglog, pfadd_and_pfcount) {
  check({
      {"PFADD", "h", "a", "b", "c"},
      {"GET", "h"},
      {"PFADD", "h", "a", "b"},
      {"PFADD", "h"},
      {"PFADD", "empty"},
      {"GET", "empty"},
      {"PFCOUNT", "h"},
      {"GET", "h"},
      {"PFCOUNT", "h"},
      {"PFADD", "h", "d"},
      {"GET", "h"},
      {"PFCOUNT", "missing"},
      {"PFCOUNT", "h", "missing", "empty"},
      {"EXISTS", "missing"},
      {"OBJECT", "ENCODING", "h"},
      {"TYPE", "h"},
      {"STRLEN", "h"},
      {"PFADD", "h", ""},
      {"PFCOUNT", "h"},
      {"PFCOUNT"},
      {"PFADD"},
  });
}

TEST_F(differential_hyperloglog, many_elements_go_dense_with_redis_counts) {
  check({pfadd_many("e", "e", 10000)});
  check({
      {"PFCOUNT", "e"},
      {"PFDEBUG", "ENCODING", "e"},
      {"GET", "e"},
      {"PFDEBUG", "GETREG", "e"},
      {"PFADD", "e", "e1"},
      {"PFADD", "e", "new-one"},
      {"PFCOUNT", "e"},
  });
  check({pfadd_many("f", "x", 300)});
  check({
      {"PFCOUNT", "f"},
      {"PFDEBUG", "ENCODING", "f"},
      {"GET", "f"},
      {"PFCOUNT", "e", "f"},
      {"GET", "e"},
      {"GET", "f"},
  });
}

TEST_F(differential_hyperloglog, random_adds_keep_the_sparse_bytes) {
  // Many small PFADDs into one key exercise every case of the sparse layout's in-place update
  // (splitting a zero run, growing a value run, merging neighbours).
  std::mt19937 random(17);
  kvtest::script commands;
  for (int round = 0; round < 120; ++round) {
    std::vector<std::string> command{"PFADD", "r"};
    const int count = 1 + static_cast<int>(random() % 8);
    for (int i = 0; i < count; ++i) command.push_back("m" + std::to_string(random() % 5000));
    commands.emplace_back(std::move(command));
    if (round % 10 == 0) {
      commands.push_back({"GET", "r"});
      commands.push_back({"PFCOUNT", "r"});
    }
  }
  commands.push_back({"GET", "r"});
  commands.push_back({"PFDEBUG", "ENCODING", "r"});
  commands.push_back({"PFDEBUG", "DECODE", "r"});
  check(commands);
}

TEST_F(differential_hyperloglog, sparse_limit_from_config) {
  check({
      {"CONFIG", "SET", "hll-sparse-max-bytes", "40"},
      {"PFADD", "s", "a", "b", "c", "d", "e", "f"},
      {"PFDEBUG", "ENCODING", "s"},
      {"PFADD", "s", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"},
      {"PFDEBUG", "ENCODING", "s"},
      {"PFCOUNT", "s"},
      {"GET", "s"},
      {"CONFIG", "SET", "hll-sparse-max-bytes", "3000"},
  });
}

TEST_F(differential_hyperloglog, pfmerge) {
  check({
      {"PFADD", "a", "1", "2", "3"},
      {"PFADD", "b", "3", "4", "5", "6"},
      {"PFMERGE", "d", "a", "b"},
      {"PFCOUNT", "d"},
      {"GET", "d"},
      {"PFDEBUG", "ENCODING", "d"},
      {"PFMERGE", "a", "b"},
      {"GET", "a"},
      {"PFMERGE", "only"},
      {"EXISTS", "only"},
      {"GET", "only"},
      {"PFMERGE", "d2", "missing", "a"},
      {"PFCOUNT", "d2"},
      {"PFMERGE", "d3", "missing"},
      {"GET", "d3"},
      {"SET", "s", "plain"},
      {"PFMERGE", "d", "s"},
      {"PFMERGE", "s", "a"},
      {"RPUSH", "l", "x"},
      {"PFMERGE", "d", "l"},
      {"PFMERGE", "l", "a"},
      {"PFMERGE"},
  });
  check({pfadd_many("big", "b", 2000)});
  check({
      {"PFMERGE", "mixed", "a", "big"},
      {"PFCOUNT", "mixed"},
      {"GET", "mixed"},
      {"PFMERGE", "a", "big"},
      {"GET", "a"},
  });
}

TEST_F(differential_hyperloglog, values_that_are_not_hyperloglogs) {
  check({
      {"SET", "s", "foo"},
      {"PFADD", "s", "x"},
      {"PFCOUNT", "s"},
      {"PFCOUNT", "s", "s"},
      {"SET", "n", "12345678901234"},
      {"PFADD", "n", "x"},
      {"SET", "fake", "HYLL"},
      {"PFCOUNT", "fake"},
      {"RPUSH", "l", "a"},
      {"PFADD", "l", "x"},
      {"PFCOUNT", "l"},
      {"PFADD", "h", "a", "b", "c"},
      {"SETRANGE", "h", "4", "x"},
      {"PFCOUNT", "h"},
      {"PFADD", "h", "z"},
      {"PFADD", "h2", "a", "b", "c"},
      {"APPEND", "h2", "trailing"},
      {"PFCOUNT", "h2"},
      {"PFADD", "h2", "q"},
      {"PFADD", "h3", "a"},
      {"SETRANGE", "h3", "17", "\x7f\xff"},
      {"PFCOUNT", "h3"},
  });
  check({pfadd_many("d", "d", 3000)});
  check({
      {"SETRANGE", "d", "100", "\xff\xff\xff"},
      {"PFCOUNT", "d"},
      {"APPEND", "d", "x"},
      {"PFCOUNT", "d"},
      {"PFADD", "d", "y"},
  });
}

TEST_F(differential_hyperloglog, pfdebug_and_pfselftest) {
  check({
      {"PFADD", "h", "a", "b", "c"},
      {"PFDEBUG", "DECODE", "h"},
      {"PFDEBUG", "ENCODING", "h"},
      {"PFDEBUG", "decode", "h"},
      {"PFDEBUG", "GETREG", "h"},
      {"PFDEBUG", "ENCODING", "h"},
      {"GET", "h"},
      {"PFDEBUG", "DECODE", "h"},
      {"PFADD", "t", "a"},
      {"PFDEBUG", "TODENSE", "t"},
      {"PFDEBUG", "TODENSE", "t"},
      {"GET", "t"},
      {"PFDEBUG", "ENCODING", "missing"},
      {"PFDEBUG", "NOPE", "h"},
      {"PFDEBUG", "ENCODING"},
      {"PFDEBUG", "ENCODING", "h", "extra"},
      {"SET", "s", "x"},
      {"PFDEBUG", "ENCODING", "s"},
      {"PFSELFTEST"},
      {"PFSELFTEST", "x"},
  });
}

TEST_F(differential_hyperloglog, which_changes_abort_a_watch) {
  check({{"PFADD", "h", "a"}});
  check_watch({"h"}, {"PFADD", "h", "a"});
  check_watch({"h"}, {"PFADD", "h", "b"});
  check_watch({"h"}, {"PFCOUNT", "h"});
  check_watch({"h"}, {"PFCOUNT", "h"});
  check_watch({"h"}, {"PFCOUNT", "h", "x"});
  check_watch({"d"}, {"PFMERGE", "d", "h"});
}

}  // namespace

// Streams, replies compared with a real redis-server: XADD's IDs and options, ranges, trimming
// exactly and by whole nodes (the node model decides what MAXLEN ~ removes and what XINFO
// reports), consumer groups with their pending entries, claims, lag and counters, XSETID, and
// XREAD/XREADGROUP blocking: served by XADD in the order clients blocked, told when their group
// or key goes, not blocking inside MULTI or a script.
//
// Explicit IDs throughout: "*" takes the server's clock, which two servers do not share. Idle
// times and delivery times are compared within a second.

#include "support/differential.hpp"

#include <string>
#include <vector>

namespace {

using differential_streams = kvtest::differential_test;
using kvtest::step;

TEST_F(differential_streams, adding_ranges_trimming_and_ids) {
  check({
      {"XADD", "s", "1-1", "a", "1"},
      {"XADD", "s", "1-2", "a", "2", "b", "3"},
      {"XADD", "s", "2", "c", "4"},
      {"XADD", "s", "2", "c", "4"},
      {"XADD", "s", "0-0", "x", "y"},
      {"XADD", "s", "0-*", "x", "y"},
      {"XADD", "s", "2-*", "x", "y"},
      {"XADD", "s", "3-*", "x", "y"},
      {"XADD", "s", "1-1", "x"},
      {"XADD", "s", "MAXLEN", "2", "5-1", "x", "y"},
      {"XLEN", "s"},
      {"XRANGE", "s", "-", "+"},
      {"XADD", "s", "NOMKSTREAM", "6-1", "x", "y"},
      {"XADD", "nos", "NOMKSTREAM", "6-1", "x", "y"},
      {"EXISTS", "nos"},
      {"XRANGE", "s", "-", "+", "COUNT", "1"},
      {"XRANGE", "s", "-", "+", "COUNT", "0"},
      {"XRANGE", "s", "-", "+", "COUNT", "-1"},
      {"XRANGE", "s", "(3-1", "+"},
      {"XRANGE", "s", "-", "(5-1"},
      {"XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"},
      {"XRANGE", "s", "-", "(0-0"},
      {"XRANGE", "s", "(", "+"},
      {"XRANGE", "s", "(-", "+"},
      {"XRANGE", "s", "3", "5"},
      {"XREVRANGE", "s", "+", "-"},
      {"XREVRANGE", "s", "+", "-", "COUNT", "2"},
      {"XREVRANGE", "s", "5", "3"},
      {"XRANGE", "s", "-", "+", "LIMIT", "1"},
      {"XRANGE", "s", "abc", "+"},
      {"XRANGE", "missing", "-", "+"},
      {"SET", "str", "x"},
      {"XRANGE", "str", "-", "+"},
      {"XADD", "str", "*", "a", "b"},
      {"XLEN", "str"},
      {"XLEN", "missing"},
      {"XADD", "s", "MAXLEN", "~", "1", "7-1", "x", "y"},
      {"XADD", "s", "MINID", "6", "8-1", "x", "y"},
      {"XRANGE", "s", "-", "+"},
      {"XADD", "s", "MAXLEN", "1", "MINID", "1", "9-1", "x", "y"},
      {"XADD", "s", "LIMIT", "10", "9-1", "x", "y"},
      {"XADD", "s", "MAXLEN", "1", "LIMIT", "10", "9-1", "x", "y"},
      {"XADD", "s", "MAXLEN", "-1", "9-1", "x", "y"},
      {"XADD", "s", "MAXLEN", "~", "1", "LIMIT", "-1", "9-1", "x", "y"},
      {"XADD", "s", "MAXLEN"},
      {"XADD", "s", "9-1", "x"},
      {"XADD", "s", "9-1"},
      {"XADD", "s", "+5-+3", "x", "y"},
      {"XADD", "s", " 10-1", "x", "y"},
      {"XADD", "s", "18446744073709551615-18446744073709551615", "x", "y"},
      {"XADD", "s", "*", "x", "y"},
      {"XADD", "s", "18446744073709551616", "x", "y"},
      {"XTRIM", "s", "MAXLEN", "1"},
      {"XTRIM", "s"},
      {"XTRIM", "s", "LIMIT", "1"},
      {"XTRIM", "s", "MAXLEN", "1", "junk"},
      {"XTRIM", "missing", "MAXLEN", "1"},
      {"XTRIM", "str", "MAXLEN", "1"},
      {"XDEL", "s", "1-1", "2-2"},
      {"XDEL", "missing", "bad"},
      {"XDEL", "s", "bad"},
      {"XINFO", "STREAM", "s"},
      {"XINFO", "STREAM", "missing"},
      {"XINFO", "STREAM", "s", "FULL"},
      {"XINFO", "STREAM", "s", "FULL", "COUNT", "1"},
      {"XINFO", "STREAM", "s", "BAD"},
      {"XINFO", "HELP"},
      {"XGROUP", "HELP"},
      {"XINFO"},
      {"XGROUP"},
      {"XSETID", "s", "1-1"},
      {"XSETID", "t", "1-1"},
      {"XADD", "t", "1-1", "a", "1"},
      {"XADD", "t", "2-1", "a", "2"},
      {"XADD", "t", "3-1", "a", "3"},
      {"XDEL", "t", "3-1"},
      {"XSETID", "t", "1-1"},
      {"XSETID", "t", "2-1"},
      {"XINFO", "STREAM", "t"},
      {"XSETID", "t", "5-0", "ENTRIESADDED", "1"},
      {"XSETID", "t", "5-0", "ENTRIESADDED", "10", "MAXDELETEDID", "4-0"},
      {"XINFO", "STREAM", "t"},
      {"XSETID", "t", "5-0", "MAXDELETEDID", "6-0"},
      {"XSETID", "t", "5-0", "ENTRIESADDED", "-1"},
      {"XSETID", "t", "5-0", "BAD"},
  });
}

TEST_F(differential_streams, consumer_groups) {
  check({
      {"XADD", "s", "1-1", "a", "1"},
      {"XADD", "s", "2-1", "a", "2"},
      {"XADD", "s", "3-1", "b", "3", "c", "4"},
      {"XREAD", "STREAMS", "s", "0"},
      {"XREAD", "COUNT", "1", "STREAMS", "s", "0"},
      {"XREAD", "STREAMS", "s", "missing", "1-1", "0"},
      {"XREAD", "STREAMS", "s", "$"},
      {"XREAD", "STREAMS", "s", ">"},
      {"XREAD", "STREAMS", "s"},
      {"XREAD", "STREAMS", "s", "0", "1"},
      {"XREAD", "GROUP", "g", "c", "STREAMS", "s", "0"},
      {"XREAD", "NOACK", "STREAMS", "s", "0"},
      {"XREAD", "FOO", "STREAMS", "s", "0"},
      {"XREAD", "COUNT", "x", "STREAMS", "s", "0"},
      {"XREAD", "BLOCK", "x", "STREAMS", "s", "0"},
      {"XREAD", "BLOCK", "-1", "STREAMS", "s", "0"},
      {"XREAD", "COUNT", "1"},
      {"XREAD", "STREAMS", "missing", "0"},
      {"XGROUP", "CREATE", "s", "g", "0"},
      {"XGROUP", "CREATE", "s", "g", "0"},
      {"XGROUP", "CREATE", "missing", "g", "0"},
      {"XGROUP", "CREATE", "missing", "g", "$", "MKSTREAM"},
      {"XINFO", "STREAM", "missing"},
      {"XGROUP", "CREATE", "s", "g2", "$", "ENTRIESREAD", "3"},
      {"XGROUP", "CREATE", "s", "g3", "bad"},
      {"XGROUP", "CREATE", "s", "g3", "0", "FOO"},
      {"XGROUP", "CREATE", "s", "g3", "0", "ENTRIESREAD", "-2"},
      {"XINFO", "GROUPS", "s"},
      {"XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", ">"},
      {"XINFO", "GROUPS", "s"},
      {"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"},
      {"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"},
      {"XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "0"},
      {"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"},
      {"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "1-1"},
      {"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "$"},
      {"XREADGROUP", "GROUP", "nog", "alice", "STREAMS", "s", ">"},
      {"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "missing", ">"},
      {"XREADGROUP", "STREAMS", "s", ">"},
      {"XPENDING", "s", "g"},
      {kvtest::integers_within(1000), {"XPENDING", "s", "g", "-", "+", "10"}},
      {kvtest::integers_within(1000), {"XPENDING", "s", "g", "-", "+", "10", "alice"}},
      {kvtest::integers_within(1000), {"XPENDING", "s", "g", "-", "+", "10", "nobody"}},
      {kvtest::integers_within(1000), {"XPENDING", "s", "g", "-", "+", "0"}},
      {kvtest::integers_within(1000), {"XPENDING", "s", "g", "IDLE", "0", "-", "+", "10"}},
      {kvtest::integers_within(1000), {"XPENDING", "s", "g", "IDLE", "0", "-", "+"}},
      {"XPENDING", "s", "nog"},
      {"XPENDING", "missing", "g"},
      {kvtest::integers_within(1000), {"XPENDING", "s", "g", "-", "+"}},
      {kvtest::integers_within(1000), {"XINFO", "CONSUMERS", "s", "g"}},
      {kvtest::integers_within(1000), {"XINFO", "CONSUMERS", "s", "nog"}},
      {"XACK", "s", "g", "1-1", "9-9"},
      {"XACK", "s", "nog", "1-1"},
      {"XACK", "s", "g", "bad"},
      {"XPENDING", "s", "g"},
      {"XDEL", "s", "2-1"},
      {"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"},
      {"XINFO", "GROUPS", "s"},
      {"XCLAIM", "s", "g", "bob", "0", "2-1", "3-1"},
      {"XPENDING", "s", "g"},
      {"XCLAIM", "s", "g", "bob", "0", "3-1", "JUSTID"},
      {"XCLAIM", "s", "g", "bob", "0", "3-1", "RETRYCOUNT", "7"},
      {kvtest::integers_within(1000), {"XPENDING", "s", "g", "-", "+", "10"}},
      {"XCLAIM", "s", "g", "bob", "0", "1-1", "FORCE"},
      {"XCLAIM", "s", "g", "bob", "0", "3-1", "BAD"},
      {"XCLAIM", "s", "g", "bob", "x", "3-1"},
      {"XCLAIM", "s", "g", "bob", "0", "3-1", "IDLE", "x"},
      {"XCLAIM", "s", "g", "bob", "0", "3-1", "LASTID", "10-0"},
      {"XINFO", "GROUPS", "s"},
      {"XAUTOCLAIM", "s", "g", "carol", "0", "0"},
      {"XAUTOCLAIM", "s", "g", "carol", "0", "0", "COUNT", "1"},
      {"XAUTOCLAIM", "s", "g", "carol", "0", "0", "JUSTID"},
      {"XAUTOCLAIM", "s", "g", "carol", "0", "0", "COUNT", "0"},
      {"XAUTOCLAIM", "s", "g", "carol", "x", "0"},
      {"XAUTOCLAIM", "s", "g", "carol", "0", "0", "BAD"},
      {kvtest::integers_within(1000), {"XINFO", "CONSUMERS", "s", "g"}},
      {"XGROUP", "CREATECONSUMER", "s", "g", "dave"},
      {"XGROUP", "CREATECONSUMER", "s", "g", "dave"},
      {"XGROUP", "CREATECONSUMER", "s", "nog", "dave"},
      {"XGROUP", "DELCONSUMER", "s", "g", "carol"},
      {"XGROUP", "DELCONSUMER", "s", "g", "nobody"},
      {"XGROUP", "SETID", "s", "g", "0"},
      {"XGROUP", "SETID", "s", "g", "-", "ENTRIESREAD", "0"},
      {"XGROUP", "SETID", "s", "g", "$"},
      {"XGROUP", "SETID", "s", "nog", "$"},
      {"XGROUP", "SETID", "s", "g", "$", "MKSTREAM"},
      {"XINFO", "GROUPS", "s"},
      {"XGROUP", "DESTROY", "s", "g2"},
      {"XGROUP", "DESTROY", "s", "g2"},
      {"XGROUP", "DESTROY", "missing", "g2"},
      {"XGROUP", "FOO", "s", "g"},
      {kvtest::integers_within(1000), {"XINFO", "STREAM", "s", "FULL"}},
      {"XGROUP", "CREATE", "str", "g", "0"},
      {"XREADGROUP", "GROUP", "g", "c", "STREAMS", "str", ">"},
      {"XINFO", "STREAM", "str"},
  });
}

std::string repeat(char c, int n) { return std::string(static_cast<std::size_t>(n), c); }

TEST_F(differential_streams, nodes_decide_approximate_trimming) {
  kvtest::script steps;
  const auto add = [&](std::vector<std::string> command) { steps.emplace_back(std::move(command)); };
  // Small entries fill nodes of 100; large ones fill 4096 bytes first.
  for (int i = 1; i <= 250; ++i) {
    add({"XADD", "s", std::to_string(i) + "-1", "f", std::to_string(i), "g", repeat('x', i % 7)});
  }
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"XINFO", "STREAM", "s"},
           {"XADD", "s", "MAXLEN", "~", "120", "300-1", "a", "b"},
           {"XLEN", "s"},
           {"XTRIM", "s", "MAXLEN", "~", "10", "LIMIT", "50"},
           {"XLEN", "s"},
           {"XTRIM", "s", "MINID", "~", "200"},
           {"XLEN", "s"},
           {"XTRIM", "s", "MINID", "210"},
           {"XINFO", "STREAM", "s"},
           {"XDEL", "s", "211-1", "212-1"},
           {"XINFO", "STREAM", "s"},
       }) {
    add(command);
  }
  for (int i = 1; i < 60; ++i) {
    add({"XADD", "b", std::to_string(i) + "-0", "field" + std::to_string(i % 3), repeat('y', i * 13)});
  }
  add({"XINFO", "STREAM", "b"});
  add({"XTRIM", "b", "MAXLEN", "~", "30"});
  add({"XINFO", "STREAM", "b"});
  add({"XTRIM", "b", "MAXLEN", "=", "30"});
  add({"XINFO", "STREAM", "b"});
  // Integers are stored as such in a node; the same fields as the node's first entry are not
  // stored again.
  for (int i = 1; i < 30; ++i) {
    add({"XADD", "c", std::to_string(i * 1000) + "-" + std::to_string(i), "n", std::to_string(i), std::to_string(i), "n"});
  }
  add({"XINFO", "STREAM", "c"});
  check(steps);
}

TEST_F(differential_streams, deleted_entries_counters_and_lag) {
  kvtest::script steps{{"CONFIG", "SET", "stream-node-max-entries", "3"}};
  // Exact trimming may take every live entry of a node whose last one was deleted before: the
  // node stays, as in Redis.
  for (int i = 1; i <= 4; ++i) steps.emplace_back(std::vector<std::string>{"XADD", "t", "1-" + std::to_string(i), "f", "v"});
  steps.insert(steps.end(), {{"XDEL", "t", "1-3"}, {"XTRIM", "t", "MINID", "1-3"}, {"XINFO", "STREAM", "t"},
                             {"XADD", "t", "1-5", "f", "v"}, {"XINFO", "STREAM", "t"}});
  for (int i = 1; i < 12; ++i) steps.emplace_back(std::vector<std::string>{"XADD", "d", std::to_string(i) + "-0", "a", std::to_string(i)});
  steps.insert(steps.end(), {
      {"XINFO", "STREAM", "d"},
      {"XDEL", "d", "4-0", "5-0", "6-0"},
      {"XINFO", "STREAM", "d"},
      {"XADD", "d", "MAXLEN", "~", "4", "12-0", "a", "b"},
      {"XINFO", "STREAM", "d"},
      {"XDEL", "d", "12-0"},
      {"XADD", "d", "13-0", "a", "b"},
      {"XINFO", "STREAM", "d", "FULL"},
      {"XGROUP", "CREATE", "d", "g", "0"},
      {"XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "d", ">"},
      {"XINFO", "GROUPS", "d"},
      {"XDEL", "d", "8-0"},
      {"XINFO", "GROUPS", "d"},
      {"XREADGROUP", "GROUP", "g", "c", "STREAMS", "d", ">"},
      {"XINFO", "GROUPS", "d"},
      {"XADD", "d", "14-0", "a", "b"},
      {"XINFO", "GROUPS", "d"},
      {"CONFIG", "SET", "stream-node-max-entries", "100"},
      {"TYPE", "d"},
      {"OBJECT", "ENCODING", "d"},
      {"COPY", "d", "d2"},
      {"XRANGE", "d2", "-", "+"},
      {"XLEN", "d2"},
  });
  check(steps);
}

TEST_F(differential_streams, xread_blocks_until_xadd) {
  auto first = connect_in_protocol();
  auto second = connect_in_protocol();
  check({{"XADD", "s", "1-0", "a", "1"}});
  block(first, {"XREAD", "BLOCK", "0", "STREAMS", "s", "other", "$", "$"}, 1);
  block(second, {"XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "other", "s", "0", "1-0"}, 2);
  check({{"XADD", "s", "2-0", "a", "2"}});
  check_received(first, 1);
  check_received(second, 1);
  // A missing key's "$" is 0-0: the stream created later serves it.
  block(first, {"XREAD", "BLOCK", "0", "STREAMS", "late", "$"}, 1);
  check({{"XADD", "late", "1-0", "a", "1"}});
  check_received(first, 1);
  // Inside a transaction nothing blocks; a script may not ask to.
  check({{"MULTI"}, {"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}, {"EXEC"},
         {"EVAL", "return redis.call('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')", "0"}});
}

TEST_F(differential_streams, xreadgroup_blocks_and_is_told_what_went) {
  auto alice = connect_in_protocol();
  auto bob = connect_in_protocol();
  check({{"XADD", "s", "1-0", "a", "1"}, {"XGROUP", "CREATE", "s", "g", "$"}});
  block(alice, {"XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"}, 1);
  block(bob, {"XREADGROUP", "GROUP", "g", "bob", "BLOCK", "0", "NOACK", "STREAMS", "s", ">"}, 2);
  check({{"MULTI"}, {"XADD", "s", "3-0", "a", "3"}, {"XADD", "s", "4-0", "a", "4"}, {"EXEC"}});
  check_received(alice, 1);
  check({{"XADD", "s", "5-0", "a", "5"}});
  check_received(bob, 1);
  check({{kvtest::integers_within(1000), {"XPENDING", "s", "g", "-", "+", "10"}}, {"XINFO", "GROUPS", "s"}});
  block(alice, {"XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"}, 1);
  check({{"XGROUP", "DESTROY", "s", "g"}});
  check_received(alice, 1);
  check({{"XGROUP", "CREATE", "s", "g", "$"}});
  block(alice, {"XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"}, 1);
  check({{"DEL", "s"}});
  check_received(alice, 1);
  check({{"XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"}});
  block(alice, {"XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"}, 1);
  check({{"SET", "s", "x"}});
  check_received(alice, 1);
  check(alice, {{"PING"}});
}

// A reader waiting in XREAD gets what is pushed to it meanwhile (a message, over RESP3) and waits
// on while its stream only loses entries; the next XADD answers it.
TEST_F(differential_streams, a_waiting_reader_gets_its_pushes_and_waits_on) {
  if (!resp3()) GTEST_SKIP() << "a RESP2 subscriber may not run XREAD";
  auto reader = connect_in_protocol();
  check({{"XADD", "s", "1-1", "a", "1"}});
  check(reader, {{"SUBSCRIBE", "news"}});
  block(reader, {"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}, 1);
  check({{"MULTI"}, {"PUBLISH", "news", "hello"}, {"XDEL", "s", "1-1"}, {"EXEC"}});
  check_received(reader, 1);  // the message
  check({{"XADD", "s", "2-1", "b", "2"}});
  check_received(reader, 1);  // XREAD's answer
}

}  // namespace

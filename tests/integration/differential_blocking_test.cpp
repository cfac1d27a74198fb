// Blocking commands, replies compared with a real redis-server: BLPOP, BRPOP, BLMOVE,
// BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP and WAIT, served at once, inside EXEC, by
// another client's write (in the order clients blocked), on timeout, by CLIENT UNBLOCK, and not
// at all once the waiting client has gone.
//
// A waiting client's request is sent on both servers; the test then waits until both report it
// blocked (INFO's blocked_clients, asked again until it shows) before another client writes, so
// the order of events is the same on both.

#include "support/differential.hpp"

#include <string>

namespace {

using kvtest::connection_pair;
using kvtest::encode;
using blocking_test = kvtest::differential_test;

TEST_F(blocking_test, served_at_once_when_there_is_data) {
  check({
      {"RPUSH", "l", "a", "b", "c"},
      {"BLPOP", "missing", "l", "0"},
      {"BRPOP", "l", "0"},
      {"BRPOPLPUSH", "l", "other", "0"},
      {"BLMOVE", "other", "l", "LEFT", "RIGHT", "0"},
      {"RPUSH", "m", "1", "2", "3"},
      {"BLMPOP", "0", "2", "missing", "m", "RIGHT", "COUNT", "2"},
      {"ZADD", "z", "1", "a", "2", "b", "3", "c"},
      {"BZPOPMIN", "missing", "z", "0"},
      {"BZPOPMAX", "z", "0"},
      {"ZADD", "z", "1.5", "d"},
      {"BZMPOP", "0", "1", "z", "MIN", "COUNT", "5"},
      {"EXISTS", "l", "m", "z", "other"},
      {"WAIT", "0", "0"},
      {"WAIT", "-1", "100"},
  });
}

TEST_F(blocking_test, argument_errors) {
  check({
      {"SET", "s", "x"},
      {"BLPOP", "l", "x"},
      {"BLPOP", "l", "-1"},
      {"BLPOP", "l", "inf"},
      {"BLPOP", "l", "1e16"},
      {"BLPOP", "l", "nan"},
      {"BLPOP", "l"},
      {"BLPOP", "s", "0"},
      {"BRPOP", "l", "s", "0"},
      {"BLMOVE", "l", "d", "UP", "LEFT", "0"},
      {"BLMOVE", "l", "d", "LEFT", "RIGHT", "x"},
      {"BLMOVE", "s", "d", "LEFT", "RIGHT", "0"},
      {"RPUSH", "l", "a"},
      {"BLMOVE", "l", "s", "LEFT", "RIGHT", "0"},
      {"BRPOPLPUSH", "l", "d"},
      {"BLMPOP", "x", "1", "l", "LEFT"},
      {"BLMPOP", "0", "0", "l", "LEFT"},
      {"BLMPOP", "0", "3", "l", "LEFT"},
      {"BLMPOP", "0", "1", "l", "MIDDLE"},
      {"BLMPOP", "0", "1", "l", "LEFT", "COUNT", "0"},
      {"BLMPOP", "0", "1", "s", "LEFT"},
      {"BZPOPMIN", "s", "0"},
      {"BZPOPMAX", "z", "-0.5"},
      {"BZMPOP", "0", "1", "z", "HIGH"},
      {"BZMPOP", "x", "1", "z", "MIN"},
      {"WAIT", "x", "0"},
      {"WAIT", "1", "x"},
      {"WAIT", "1", "-1"},
      {"CLIENT", "UNBLOCK", "1", "LATER"},
      {"CLIENT", "UNBLOCK", "x"},
      {"CLIENT", "UNBLOCK", "999999"},
      {"CLIENT", "UNBLOCK", "1", "TIMEOUT", "x"},
  });
}

TEST_F(blocking_test, inside_exec_nothing_blocks) {
  check({
      {"MULTI"},
      {"BLPOP", "none", "0"},
      {"BRPOP", "none", "0"},
      {"BLMOVE", "none", "d", "LEFT", "LEFT", "0"},
      {"BRPOPLPUSH", "none", "d", "0"},
      {"BLMPOP", "0", "1", "none", "LEFT"},
      {"BZPOPMIN", "none", "0"},
      {"BZMPOP", "0", "1", "none", "MAX"},
      {"WAIT", "1", "0"},
      {"RPUSH", "l", "x"},
      {"BLPOP", "l", "0"},
      {"EXEC"},
  });
}

TEST_F(blocking_test, a_push_serves_waiting_clients_in_the_order_they_blocked) {
  auto first = connect_in_protocol();
  auto second = connect_in_protocol();
  auto third = connect_in_protocol();
  block(first, {"BLPOP", "q", "0"}, 1);
  block(second, {"BRPOP", "other", "q", "0"}, 2);
  block(third, {"BLPOP", "q", "0"}, 3);
  check({{"RPUSH", "q", "a", "b"}, {"LLEN", "q"}});
  check_received(first, 1);
  check_received(second, 1);
  check({{"RPUSH", "other", "c"}, {"RPUSH", "q", "d"}, {"LLEN", "q"}, {"LLEN", "other"}});
  check_received(third, 1);
  // Served, each runs its next command as usual.
  check(first, {{"PING"}});
  check(third, {{"PING"}});
}

TEST_F(blocking_test, a_transaction_serves_once_it_has_run) {
  auto waiter = connect_in_protocol();
  block(waiter, {"BLMPOP", "0", "2", "a", "b", "LEFT", "COUNT", "3"}, 1);
  check({{"MULTI"}, {"RPUSH", "b", "1", "2"}, {"RPUSH", "a", "3"}, {"EXEC"}, {"LRANGE", "b", "0", "-1"}});
  check_received(waiter, 1);
}

TEST_F(blocking_test, blmove_chains_into_the_next_waiter) {
  auto mover = connect_in_protocol();
  auto popper = connect_in_protocol();
  block(mover, {"BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"}, 1);
  block(popper, {"BLPOP", "dst", "0"}, 2);
  check({{"RPUSH", "src", "x", "y"}, {"LRANGE", "src", "0", "-1"}, {"EXISTS", "dst"}});
  check_received(mover, 1);
  check_received(popper, 1);
}

TEST_F(blocking_test, sorted_sets_serve_bzpopmin_and_bzmpop) {
  auto low = connect_in_protocol();
  auto many = connect_in_protocol();
  block(low, {"BZPOPMIN", "z", "0"}, 1);
  block(many, {"BZMPOP", "0", "1", "z", "MAX", "COUNT", "2"}, 2);
  check({{"ZADD", "z", "3", "c", "1", "a", "2", "b", "4", "d"}, {"ZRANGE", "z", "0", "-1", "WITHSCORES"}});
  check_received(low, 1);
  check_received(many, 1);
}

TEST_F(blocking_test, a_key_of_another_type_leaves_the_client_waiting) {
  auto waiter = connect_in_protocol();
  block(waiter, {"BLPOP", "k", "0"}, 1);
  check({{"SET", "k", "string"}, {"DEL", "k"}, {"ZADD", "k", "1", "m"}, {"DEL", "k"}, {"RPUSH", "k", "v"}});
  check_received(waiter, 1);
}

TEST_F(blocking_test, timeouts_answer_null_and_wait_answers_zero) {
  auto waiter = connect_in_protocol();
  check(waiter, {
                    {"BLPOP", "q", "0.05"},
                    {"BLMOVE", "q", "d", "LEFT", "LEFT", "0.01"},
                    {"BZPOPMAX", "z", "0.01"},
                    {"BLMPOP", "0.01", "1", "q", "LEFT"},
                    {"WAIT", "1", "20"},
                    {"PING"},
                });
}

TEST_F(blocking_test, client_unblock_answers_as_a_timeout_or_with_an_error) {
  auto waiter = connect_in_protocol();
  const auto id = [](kvtest::raw_client& client) {
    const std::string reply = client.command({"CLIENT", "ID"});
    return reply.substr(1, reply.size() - 3);
  };
  const std::string redis_id = id(waiter.redis);
  const std::string fake_id = id(waiter.fake);
  auto& control = connections();
  block(waiter, {"BLPOP", "q", "0"}, 1);
  EXPECT_EQ(control.redis.command({"CLIENT", "UNBLOCK", redis_id}), ":1\r\n");
  EXPECT_EQ(control.fake.command({"CLIENT", "UNBLOCK", fake_id}), ":1\r\n");
  check_received(waiter, 1);
  block(waiter, {"WAIT", "1", "0"}, 1);
  EXPECT_EQ(control.redis.command({"CLIENT", "UNBLOCK", redis_id, "TIMEOUT"}), ":1\r\n");
  EXPECT_EQ(control.fake.command({"CLIENT", "UNBLOCK", fake_id, "TIMEOUT"}), ":1\r\n");
  check_received(waiter, 1);
  block(waiter, {"BZPOPMIN", "z", "0"}, 1);
  EXPECT_EQ(control.redis.command({"CLIENT", "UNBLOCK", redis_id, "error"}), ":1\r\n");
  EXPECT_EQ(control.fake.command({"CLIENT", "UNBLOCK", fake_id, "error"}), ":1\r\n");
  check_received(waiter, 1);
  EXPECT_EQ(control.redis.command({"CLIENT", "UNBLOCK", redis_id}), ":0\r\n");
  EXPECT_EQ(control.fake.command({"CLIENT", "UNBLOCK", fake_id}), ":0\r\n");
}

TEST_F(blocking_test, a_client_that_left_is_not_served) {
  {
    auto waiter = connect_in_protocol();
    block(waiter, {"BLPOP", "q", "0"}, 1);
  }
  wait_blocked(0);
  check({{"RPUSH", "q", "kept"}, {"LRANGE", "q", "0", "-1"}});
}

TEST_F(blocking_test, requests_sent_while_blocked_run_after_the_answer) {
  auto waiter = connect_in_protocol();
  block(waiter, {"BLPOP", "q", "0"}, 1);
  waiter.redis.send(encode({"GET", "after"}));
  waiter.fake.send(encode({"GET", "after"}));
  check({{"SET", "after", "1"}, {"RPUSH", "q", "x"}});
  check_received(waiter, 2);
}

}  // namespace

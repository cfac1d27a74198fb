// Transactions, replies compared with a real redis-server: MULTI, EXEC, DISCARD, WATCH and
// UNWATCH, with a second connection where another client must change a watched key.

#include "support/differential.hpp"

namespace {

using differential_transactions = kvtest::differential_test;

TEST_F(differential_transactions, exec_runs_the_queued_commands) {
  check({
      {"MULTI"},
      {"SET", "a", "1"},
      {"INCR", "a"},
      {"INCRBY", "a", "10"},
      {"GET", "a"},
      {"MGET", "a", "missing"},
      {"PING"},
      {"EXEC"},
      {"GET", "a"},
  });
}

TEST_F(differential_transactions, empty_transaction) {
  check({
      {"MULTI"},
      {"EXEC"},
      {"multi"},
      {"exec"},
  });
}

TEST_F(differential_transactions, discard_drops_the_queued_commands) {
  check({
      {"MULTI"},
      {"SET", "a", "1"},
      {"DISCARD"},
      {"GET", "a"},
      {"EXEC"},
  });
}

TEST_F(differential_transactions, without_multi) {
  check({
      {"EXEC"},
      {"DISCARD"},
      {"EXEC", "extra"},
      {"MULTI", "extra"},
      {"DISCARD", "extra"},
  });
}

TEST_F(differential_transactions, nested_multi) {
  check({
      {"MULTI"},
      {"MULTI"},
      {"SET", "a", "1"},
      {"EXEC"},
      {"GET", "a"},
  });
}

TEST_F(differential_transactions, queued_errors_abort_exec) {
  check({
      {"MULTI"},
      {"SET", "a", "1"},
      {"SET", "b"},
      {"SET", "c", "3"},
      {"EXEC"},
      {"EXISTS", "a", "b", "c"},
      {"MULTI"},
      {"SET", "a", "1"},
      {"NOSUCHCOMMAND", "x"},
      {"EXEC"},
      {"EXISTS", "a"},
      {"MULTI"},
      {"GET"},
      {"DISCARD"},
      {"EXEC"},
  });
}

TEST_F(differential_transactions, runtime_errors_do_not_stop_exec) {
  check({
      {"SET", "text", "abc"},
      {"MULTI"},
      {"SET", "a", "1"},
      {"INCR", "text"},
      {"INCRBY", "a", "notanumber"},
      {"SET", "k", "v", "EX", "0"},
      {"SELECT", "99"},
      {"INCR", "a"},
      {"EXEC"},
      {"GET", "a"},
      {"GET", "text"},
  });
}

TEST_F(differential_transactions, option_errors_are_runtime_errors) {
  check({
      {"MULTI"},
      {"SET", "a", "1", "NX", "XX"},
      {"EXPIRE", "a", "10", "GT", "LT"},
      {"SET", "b", "2"},
      {"EXEC"},
      {"EXISTS", "a", "b"},
  });
}

TEST_F(differential_transactions, connection_commands_inside_multi) {
  check({
      {"MULTI"},
      {"PING"},
      {"PING", "inside"},
      {"ECHO", "echoed"},
      {"CLIENT", "SETNAME", "from-multi"},
      {"CLIENT", "GETNAME"},
      {"DBSIZE"},
      {"EXEC"},
      {"CLIENT", "GETNAME"},
  });
}

TEST_F(differential_transactions, select_inside_multi) {
  check({
      {"MULTI"},
      {"SELECT", "1"},
      {"SET", "k", "db1"},
      {"EXEC"},
      {"GET", "k"},
      {"SELECT", "0"},
      {"GET", "k"},
  });
}

TEST_F(differential_transactions, watch_inside_multi_is_refused) {
  check({
      {"MULTI"},
      {"WATCH", "a"},
      {"SET", "a", "1"},
      {"EXEC"},
      {"GET", "a"},
      {"MULTI"},
      {"UNWATCH"},
      {"EXEC"},
  });
}

TEST_F(differential_transactions, watch_arity) {
  check({
      {"WATCH"},
      {"UNWATCH", "extra"},
      {"UNWATCH"},
      {"WATCH", "a", "b", "c"},
      {"MULTI"},
      {"EXEC"},
  });
}

TEST_F(differential_transactions, watched_key_changed_by_another_client_aborts_exec) {
  auto other = connect();
  check({
      {"SET", "k", "1"},
      {"WATCH", "k"},
  });
  check(other, {{"SET", "k", "2"}});
  check({
      {"MULTI"},
      {"SET", "k", "3"},
      {"EXEC"},
      {"GET", "k"},
  });
}

TEST_F(differential_transactions, watched_missing_key_created_by_another_client_aborts_exec) {
  auto other = connect();
  check({{"WATCH", "k"}});
  check(other, {{"SET", "k", "created"}});
  check({
      {"MULTI"},
      {"SET", "k", "mine"},
      {"EXEC"},
      {"GET", "k"},
  });
}

TEST_F(differential_transactions, writing_the_same_value_still_aborts_exec) {
  auto other = connect();
  check({
      {"SET", "k", "same"},
      {"WATCH", "k"},
  });
  check(other, {{"SET", "k", "same"}});
  check({
      {"MULTI"},
      {"INCR", "counter"},
      {"EXEC"},
      {"EXISTS", "counter"},
  });
}

TEST_F(differential_transactions, other_changes_that_abort_exec) {
  auto other = connect();
  for (const kvtest::script& change : {
           kvtest::script{{"DEL", "k"}},
           kvtest::script{{"EXPIRE", "k", "100"}},
           kvtest::script{{"INCR", "k"}},
           kvtest::script{{"MSET", "x", "1", "k", "2"}},
           kvtest::script{{"FLUSHALL"}},
           kvtest::script{{"FLUSHDB"}},
       }) {
    SCOPED_TRACE("the other client sends " + change.front().args.front());
    check({
        {"SET", "k", "1"},
        {"WATCH", "k"},
    });
    check(other, change);
    check({
        {"MULTI"},
        {"PING"},
        {"EXEC"},
    });
  }
}

TEST_F(differential_transactions, changes_that_do_not_touch_the_key_leave_exec_alone) {
  auto other = connect();
  check({
      {"SET", "k", "1"},
      {"WATCH", "k", "missing"},
  });
  check(other, {
                   {"SET", "unrelated", "v"},
                   {"GET", "k"},
                   {"DEL", "missing"},
                   {"SELECT", "1"},
                   {"SET", "k", "other db"},
               });
  check({
      {"MULTI"},
      {"INCR", "k"},
      {"EXEC"},
      {"GET", "k"},
  });
}

TEST_F(differential_transactions, own_change_to_a_watched_key_aborts_exec) {
  check({
      {"SET", "k", "1"},
      {"WATCH", "k"},
      {"SET", "k", "2"},
      {"MULTI"},
      {"SET", "k", "3"},
      {"EXEC"},
      {"GET", "k"},
  });
}

TEST_F(differential_transactions, untouched_watched_key_lets_exec_run) {
  check({
      {"SET", "k", "1"},
      {"WATCH", "k"},
      {"GET", "k"},
      {"MULTI"},
      {"INCR", "k"},
      {"EXEC"},
      {"GET", "k"},
  });
}

TEST_F(differential_transactions, unwatch_forgets_the_watched_keys) {
  auto other = connect();
  check({
      {"SET", "k", "1"},
      {"WATCH", "k"},
      {"UNWATCH"},
  });
  check(other, {{"SET", "k", "2"}});
  check({
      {"MULTI"},
      {"INCR", "k"},
      {"EXEC"},
  });
}

TEST_F(differential_transactions, exec_and_discard_forget_the_watched_keys) {
  auto other = connect();
  check({
      {"WATCH", "k"},
      {"MULTI"},
      {"EXEC"},
  });
  check(other, {{"SET", "k", "after exec"}});
  check({
      {"MULTI"},
      {"GET", "k"},
      {"EXEC"},
      {"WATCH", "k"},
      {"MULTI"},
      {"DISCARD"},
  });
  check(other, {{"SET", "k", "after discard"}});
  check({
      {"MULTI"},
      {"GET", "k"},
      {"EXEC"},
  });
}

TEST_F(differential_transactions, aborted_exec_also_forgets_the_watched_keys) {
  auto other = connect();
  check({{"WATCH", "k"}});
  check(other, {{"SET", "k", "1"}});
  check({
      {"MULTI"},
      {"EXEC"},
  });
  check(other, {{"SET", "k", "2"}});
  check({
      {"MULTI"},
      {"GET", "k"},
      {"EXEC"},
  });
}

TEST_F(differential_transactions, queued_error_with_a_watched_key) {
  auto other = connect();
  check({
      {"WATCH", "k"},
      {"MULTI"},
      {"SET", "k"},
  });
  check(other, {{"SET", "k", "changed"}});
  check({
      {"EXEC"},
      {"GET", "k"},
  });
}

TEST_F(differential_transactions, other_clients_see_nothing_until_exec) {
  auto other = connect();
  check({
      {"MULTI"},
      {"SET", "k", "queued"},
  });
  check(other, {{"GET", "k"}});
  check({{"EXEC"}});
  check(other, {{"GET", "k"}});
}

}  // namespace

// Pub/sub, replies and messages compared with a real redis-server: subscription confirmations,
// who receives what in which order, RESP2's subscribed mode, PUBSUB's introspection, and
// what a closing subscriber leaves behind. Under KVTEST_RESP=3 the test's own connections speak
// RESP3 (pushes, and ordinary commands while subscribed).

#include "support/differential.hpp"

namespace {

using kvtest::step;
using differential_pubsub = kvtest::differential_test;

TEST_F(differential_pubsub, subscribe_confirms_each_channel_with_the_running_count) {
  check({
      {"SUBSCRIBE", "a", "b", "a"},
      {"PSUBSCRIBE", "news.*", "b"},
      {"SSUBSCRIBE", "s1", "s2"},
      {"UNSUBSCRIBE", "b", "never"},
      {"PUNSUBSCRIBE", "news.*"},
      {"SUNSUBSCRIBE"},
      {"PUNSUBSCRIBE"},
      {"UNSUBSCRIBE"},
      {"UNSUBSCRIBE"},
      {"PING"},
  });
}

TEST_F(differential_pubsub, messages_reach_channel_then_pattern_subscribers_in_order) {
  auto first = connect_in_protocol();
  auto second = connect_in_protocol();
  check(first, {{"SUBSCRIBE", "orders"}});
  check(second, {{"PSUBSCRIBE", "ord*"}, {"SUBSCRIBE", "orders"}});
  check({{"PUBLISH", "orders", "one"}, {"PUBLISH", "orders", ""}, {"PUBLISH", "other", "x"},
         {"PUBLISH", "order", "two"}});
  check_received(first, 2);   // one, ""
  check_received(second, 5);  // pmessage one, message one, pmessage "", message "", pmessage two
  check(first, {{"PING"}});   // and nothing else came before the PING's answer
  check(second, {{"PING", "done"}});
}

// Redis tries patterns in its hash table's order, so each message here matches one pattern.
TEST_F(differential_pubsub, publish_counts_every_receiver_and_pattern_matches) {
  auto subscriber = connect_in_protocol();
  check(subscriber, {{"PSUBSCRIBE", "a\\*", "b?", "[cd]*"}, {"SUBSCRIBE", "a*"}});
  check({{"PUBLISH", "a*", "m"}, {"PUBLISH", "bx", "m"}, {"PUBLISH", "dog", "m"},
         {"PUBLISH", "zzz", "m"}, {"PUBLISH", "b", "m"}});
  check_received(subscriber, 4);
  check({{"PUBSUB", "NUMPAT"}, {"PUBSUB", "NUMSUB", "a*", "ab", "a*"}});
}

TEST_F(differential_pubsub, resp2_subscribed_mode_refuses_other_commands) {
  auto subscriber = connect();
  check(subscriber, {
                        {"SUBSCRIBE", "c"},
                        {"GET", "k"},
                        {"SET", "k", "v"},
                        {"PUBLISH", "c", "x"},
                        {"CLIENT", "LIST"},
                        {"MULTI"},
                        {"PING"},
                        {"PING", "hello"},
                        {"NOSUCHCOMMAND"},
                        {"GET"},
                        {"SUBSCRIBE"},
                        {"UNSUBSCRIBE"},
                        {"GET", "k"},
                        {"PING"},
                    });
  check(subscriber, {{"SSUBSCRIBE", "s"}, {"GET", "k"}, {"RESET"}, {"GET", "k"}});
}

TEST_F(differential_pubsub, resp3_subscriber_runs_commands_and_gets_its_own_messages) {
  auto subscriber = connect();
  check(subscriber, {
                        {kvtest::hello_except_id(), {"HELLO", "3"}},
                        {"SUBSCRIBE", "c"},
                        {"SET", "k", "v"},
                        {"GET", "k"},
                        {"PUBLISH", "c", "to myself"},
                        {"PING"},
                        {"SPUBLISH", "c", "not a shard subscriber"},
                        {"SSUBSCRIBE", "c"},
                        {"SPUBLISH", "c", "shard"},
                    });
  // PUBLISH's and SPUBLISH's own messages came before their replies: what is left is nothing.
  check(subscriber, {{"PING", "last"}});
}

TEST_F(differential_pubsub, subscribe_inside_multi) {
  check({
      {"MULTI"},
      {"SUBSCRIBE", "x"},
      {"SSUBSCRIBE", "y"},
      {"PSUBSCRIBE", "z*"},
      {"EXEC"},
      {"PING"},
  });
}

TEST_F(differential_pubsub, shard_channels_are_apart_from_channels_and_patterns) {
  auto subscriber = connect_in_protocol();
  check(subscriber, {{"SSUBSCRIBE", "s"}, {"SUBSCRIBE", "s"}, {"PSUBSCRIBE", "*"}});
  check({
      {"SPUBLISH", "s", "shard"},
      {"PUBLISH", "s", "plain"},
      {"PUBSUB", "SHARDCHANNELS"},
      {"PUBSUB", "SHARDCHANNELS", "x*"},
      {"PUBSUB", "SHARDNUMSUB", "s", "t"},
      {"PUBSUB", "CHANNELS", "s"},
      {"PUBSUB", "NUMSUB", "s"},
  });
  check_received(subscriber, 3);  // smessage, message, pmessage
}

TEST_F(differential_pubsub, a_closed_subscriber_stops_counting) {
  {
    auto subscriber = connect_in_protocol();
    check(subscriber, {{"SUBSCRIBE", "gone"}, {"PSUBSCRIBE", "g*"}});
    check({{"PUBSUB", "NUMSUB", "gone"}, {"PUBSUB", "NUMPAT"}});
    check(subscriber, {{"QUIT"}});
    // Both servers drop the subscriptions before they close the socket.
    EXPECT_EQ(subscriber.redis.read_until_closed(), "");
    EXPECT_EQ(subscriber.fake.read_until_closed(), "");
  }
  check({{"PUBLISH", "gone", "to nobody"}, {"PUBSUB", "CHANNELS"}, {"PUBSUB", "NUMPAT"}});
}

TEST_F(differential_pubsub, introspection_and_errors) {
  check({
      {"PUBSUB"},
      {"PUBSUB", "HELP"},
      {"PUBSUB", "NOPE"},
      {"PUBSUB", "CHANNELS", "a", "b"},
      {"PUBSUB", "NUMPAT", "x"},
      {"PUBSUB", "NUMSUB"},
      {"PUBSUB", "SHARDNUMSUB"},
      {"PUBLISH", "c"},
      {"SPUBLISH", "c", "m", "extra"},
      {"SUBSCRIBE"},
      {"PSUBSCRIBE"},
      {"SSUBSCRIBE"},
  });
}

TEST_F(differential_pubsub, reset_leaves_every_subscription) {
  auto subscriber = connect_in_protocol();
  check(subscriber, {{"SUBSCRIBE", "a"}, {"PSUBSCRIBE", "b*"}, {"SSUBSCRIBE", "c"}, {"RESET"}});
  check({{"PUBLISH", "a", "m"}, {"PUBLISH", "bb", "m"}, {"SPUBLISH", "c", "m"}, {"PUBSUB", "NUMPAT"}});
  check(subscriber, {{"PING"}});
}

}  // namespace

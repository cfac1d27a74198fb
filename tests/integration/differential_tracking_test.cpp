// Client-side caching, replies and invalidation messages compared with a real redis-server:
// CLIENT TRACKING's options and errors, TRACKINGINFO, GETREDIR, CACHING; invalidations for keys
// a client read (its own writes' after its reply), OPTIN/OPTOUT, NOLOOP, BCAST prefixes, FLUSHALL,
// and REDIRECT to a RESP2 subscriber of __redis__:invalidate or to a client that has gone.

#include "support/differential.hpp"

#include <string>

namespace {

using kvtest::connection_pair;
using tracking_test = kvtest::differential_test;

TEST_F(tracking_test, options_errors_and_info) {
  check({
      {"CLIENT", "TRACKINGINFO"},
      {"CLIENT", "GETREDIR"},
      {"CLIENT", "CACHING", "yes"},
      {"CLIENT", "TRACKING", "maybe"},
      {"CLIENT", "TRACKING", "on", "PREFIX", "a"},
      {"CLIENT", "TRACKING", "on", "BCAST", "OPTIN"},
      {"CLIENT", "TRACKING", "on", "OPTIN", "OPTOUT"},
      {"CLIENT", "TRACKING", "on", "REDIRECT", "999999"},
      {"CLIENT", "TRACKING", "on", "REDIRECT", "x"},
      {"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "ab", "PREFIX", "a"},
      {"CLIENT", "TRACKING", "on", "BOGUS"},
      {"CLIENT", "TRACKING", "on", "OPTIN"},
      {"CLIENT", "TRACKINGINFO"},
      {"CLIENT", "GETREDIR"},
      {"CLIENT", "CACHING", "no"},
      {"CLIENT", "CACHING", "maybe"},
      {"CLIENT", "CACHING", "yes"},
      {"CLIENT", "TRACKINGINFO"},
      {"CLIENT", "TRACKING", "on", "OPTOUT"},
      {"CLIENT", "TRACKING", "on", "BCAST"},
      {"CLIENT", "TRACKING", "off"},
      {"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:", "PREFIX", "obj", "NOLOOP"},
      {"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "us"},
      {"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "more"},
      {"CLIENT", "TRACKINGINFO"},
      {"RESET"},
      {"CLIENT", "TRACKINGINFO"},
  });
}

TEST_F(tracking_test, keys_read_are_invalidated_once) {
  if (!resp3()) GTEST_SKIP() << "over RESP2 invalidations need a redirect (see redirect_to_a_subscriber)";
  auto tracker = connect_in_protocol();
  auto writer = connect_in_protocol();
  check(tracker, {{"CLIENT", "TRACKING", "on"}, {"GET", "k"}, {"MGET", "a", "b"}, {"SET", "k", "mine"}});
  check_received(tracker, 1);  // its own write, after its reply
  check(tracker, {{"GET", "k"}});
  check(writer, {{"SET", "k", "theirs"}, {"SET", "k", "again"}, {"MSET", "a", "1", "b", "2"}});
  check_received(tracker, 3);  // k once (not read again), then a and b
  check(tracker, {{"HGET", "h", "f"}});
  check(writer, {{"HSET", "h", "f", "v"}, {"FLUSHALL"}});
  check_received(tracker, 2);  // h, then the whole cache
  check(tracker, {{"PING"}});
}

TEST_F(tracking_test, optin_optout_and_noloop) {
  if (!resp3()) GTEST_SKIP() << "over RESP2 invalidations need a redirect (see redirect_to_a_subscriber)";
  auto tracker = connect_in_protocol();
  auto writer = connect_in_protocol();
  check(tracker, {{"CLIENT", "TRACKING", "on", "OPTIN"}, {"GET", "ignored"}, {"CLIENT", "CACHING", "yes"},
                  {"GET", "cached"}, {"GET", "ignored2"}});
  check(writer, {{"SET", "ignored", "1"}, {"SET", "ignored2", "1"}, {"SET", "cached", "1"}});
  check_received(tracker, 1);
  check(tracker, {{"CLIENT", "TRACKING", "off"}, {"CLIENT", "TRACKING", "on", "OPTOUT", "NOLOOP"},
                  {"CLIENT", "CACHING", "no"}, {"GET", "skipped"}, {"GET", "read"}, {"SET", "read", "own"},
                  {"GET", "read"}});
  check(writer, {{"SET", "skipped", "1"}, {"SET", "read", "theirs"}});
  check_received(tracker, 1);
  check(tracker, {{"PING"}});
}

TEST_F(tracking_test, bcast_prefixes) {
  if (!resp3()) GTEST_SKIP() << "over RESP2 invalidations need a redirect (see redirect_to_a_subscriber)";
  auto tracker = connect_in_protocol();
  auto writer = connect_in_protocol();
  check(tracker, {{"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:", "PREFIX", "obj"}});
  check(writer, {{"MSET", "user:2", "x", "other", "y", "obj1", "z", "user:1", "w"}});
  check_received(tracker, 2);  // one message per prefix, its keys in order
  check(tracker, {{"SET", "user:3", "own"}});
  check_received(tracker, 1);
  check(tracker, {{"CLIENT", "TRACKING", "off"}, {"CLIENT", "TRACKING", "on", "BCAST", "NOLOOP"},
                  {"SET", "anything", "own"}});
  check(writer, {{"SET", "anything", "theirs"}});
  check_received(tracker, 1);
  check(tracker, {{"PING"}});
}

// The id each server gave the connection, and the same command naming it on each.
void track_into(connection_pair& tracker, connection_pair& receiver) {
  const auto id = [](kvtest::raw_client& client) {
    const std::string reply = client.command({"CLIENT", "ID"});
    return reply.substr(1, reply.size() - 3);
  };
  EXPECT_EQ(tracker.redis.command({"CLIENT", "TRACKING", "on", "REDIRECT", id(receiver.redis)}), "+OK\r\n");
  EXPECT_EQ(tracker.fake.command({"CLIENT", "TRACKING", "on", "REDIRECT", id(receiver.fake)}), "+OK\r\n");
}

TEST_F(tracking_test, redirect_to_a_subscriber) {
  auto tracker = connect_in_protocol();
  auto receiver = connect();  // RESP2: a subscriber of __redis__:invalidate
  auto writer = connect();
  track_into(tracker, receiver);  // CLIENT ID first: a RESP2 subscriber may not ask it
  check(receiver, {{"SUBSCRIBE", "__redis__:invalidate"}});
  check(tracker, {{"GET", "k"}, {"GET", "j"}});
  check(writer, {{"SET", "k", "1"}, {"FLUSHALL"}});
  check_received(receiver, 2);
}

TEST_F(tracking_test, redirect_to_a_client_that_left) {
  if (!resp3()) GTEST_SKIP() << "the tracking client learns of it by a RESP3 push";
  auto tracker = connect_in_protocol();
  auto writer = connect_in_protocol();
  {
    auto receiver = connect_in_protocol();
    track_into(tracker, receiver);
  }
  // Both servers have seen the receiver go: three connections left (the test's, tracker, writer).
  const auto connections_on = [](kvtest::raw_client& client) {
    const std::string list = client.command({"CLIENT", "LIST"});
    int count = 0;
    for (auto at = list.find("id="); at != std::string::npos; at = list.find("id=", at + 1)) ++count;
    return count;
  };
  while (connections_on(tracker.redis) != 3 || connections_on(tracker.fake) != 3) {
  }
  check(tracker, {{"GET", "k"}});
  check(writer, {{"SET", "k", "1"}});
  // Each server numbers its own clients: the redirect's id differs.
  const auto but_the_id = kvtest::integers_within(1000000);
  check_received(tracker, 1, but_the_id);
  check(tracker, {{but_the_id, {"CLIENT", "TRACKINGINFO"}}});
}

}  // namespace

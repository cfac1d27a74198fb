// Keyspace notifications, compared with a real redis-server: a subscriber of every keyspace and
// keyevent channel receives, in order, what each family of commands emits (notify-keyspace-events
// with every class, "new" included), the events of a key that expires, and nothing for a class
// left out.

#include "support/differential.hpp"

#include <string>
#include <vector>

namespace {

using kvtest::connection_pair;
using notifications_test = kvtest::differential_test;

// Everything the subscriber receives until the "done" message published after the commands.
std::vector<std::string> received_until_done(kvtest::raw_client& subscriber) {
  std::vector<std::string> messages;
  for (;;) {
    std::string message = subscriber.read_reply();
    if (message.find("\r\ndone\r\n") != std::string::npos) return messages;
    messages.push_back(std::move(message));
  }
}

class notifications : public notifications_test {
 protected:
  // DEBUG SLEEP lets a TTL pass on both servers.
  static void SetUpTestSuite() { start_servers("", {{"enable-debug-command", "yes"}}); }
  // Runs the commands with a subscriber listening to every notification, then compares what it
  // received on each server, message by message.
  void check_events(const kvtest::script& commands, std::string_view classes = "KEAn") {
    auto subscriber = connect_in_protocol();
    check(subscriber, {{"SUBSCRIBE", "done"}, {"PSUBSCRIBE", "__key*__:*"}});
    check({{"CONFIG", "SET", "notify-keyspace-events", classes}});
    check(commands);
    check({{"PUBLISH", "done", "done"}});
    const auto from_redis = received_until_done(subscriber.redis);
    const auto from_fake = received_until_done(subscriber.fake);
    EXPECT_EQ(from_redis.size(), from_fake.size());
    for (std::size_t i = 0; i < std::min(from_redis.size(), from_fake.size()); ++i) {
      EXPECT_EQ(kvtest::escape(from_redis[i]), kvtest::escape(from_fake[i])) << "message " << i + 1;
    }
    check({{"CONFIG", "SET", "notify-keyspace-events", ""}});
  }
};

TEST_F(notifications, strings_and_keys) {
  check_events({
      {"SET", "s", "1"},
      {"SET", "s", "2", "EX", "100"},
      {"SETNX", "s", "3"},
      {"SETNX", "n", "3"},
      {"SETEX", "e", "100", "v"},
      {"GETSET", "s", "4"},
      {"MSET", "a", "1", "b", "2"},
      {"MSETNX", "c", "1", "d", "2"},
      {"INCR", "i"},
      {"DECRBY", "i", "5"},
      {"INCRBYFLOAT", "f", "1.5"},
      {"APPEND", "s", "x"},
      {"APPEND", "new", "x"},
      {"SETRANGE", "s", "1", "yy"},
      {"SETBIT", "bits", "3", "1"},
      {"BITOP", "OR", "dest", "bits", "bits"},
      {"BITOP", "AND", "dest", "missing"},
      {"GETDEL", "a"},
      {"GETEX", "b", "EX", "100"},
      {"GETEX", "b", "PERSIST"},
      {"EXPIRE", "c", "100"},
      {"PERSIST", "c"},
      {"EXPIRE", "c", "0"},
      {"PEXPIREAT", "d", "1"},
      {"RENAME", "s", "t"},
      {"COPY", "t", "u"},
      {"MOVE", "u", "1"},
      {"DEL", "t", "missing", "n"},
      {"UNLINK", "e"},
      {"PFADD", "hll", "a"},
      {"PFMERGE", "hll2", "hll"},
  });
}

TEST_F(notifications, collections) {
  check_events({
      {"RPUSH", "l", "a", "b", "c"},
      {"LPUSH", "l", "z"},
      {"LPUSHX", "nol", "z"},
      {"LINSERT", "l", "BEFORE", "a", "x"},
      {"LSET", "l", "0", "y"},
      {"LREM", "l", "1", "x"},
      {"LTRIM", "l", "0", "10"},
      {"LPOP", "l"},
      {"RPOPLPUSH", "l", "l2"},
      {"LMOVE", "l2", "l", "LEFT", "RIGHT"},
      {"RPOP", "l", "10"},
      {"HSET", "h", "a", "1", "b", "2"},
      {"HSETNX", "h", "c", "3"},
      {"HINCRBY", "h", "a", "2"},
      {"HINCRBYFLOAT", "h", "a", "0.5"},
      {"HDEL", "h", "a", "b", "c"},
      {"SADD", "s", "a", "b"},
      {"SADD", "s", "a"},
      {"SREM", "s", "a"},
      {"SMOVE", "s", "s2", "b"},
      {"SADD", "s3", "x", "y", "z"},
      {kvtest::same_header(), {"SPOP", "s3"}},  // a random member
      {kvtest::same_header(), {"SPOP", "s3", "5"}},
      {"SADD", "x1", "1", "2"},
      {"SINTERSTORE", "x2", "x1", "x1"},
      {"SUNIONSTORE", "x2", "x1"},
      {"SDIFFSTORE", "x2", "x1", "x1"},
      {"ZADD", "z", "1", "a", "2", "b", "3", "c"},
      {"ZADD", "z", "1", "a"},
      {"ZINCRBY", "z", "1", "a"},
      {"ZADD", "z", "INCR", "1", "a"},
      {"ZREM", "z", "a"},
      {"ZPOPMIN", "z"},
      {"ZUNIONSTORE", "zu", "1", "z"},
      {"ZRANGESTORE", "zr", "z", "0", "-1"},
      {"ZREMRANGEBYRANK", "z", "0", "-1"},
      {"ZINTERSTORE", "zu", "1", "missing"},
      {"GEOADD", "g", "13.36", "38.11", "palermo"},
      {"GEOSEARCHSTORE", "g2", "g", "FROMMEMBER", "palermo", "BYRADIUS", "10", "km"},
      {"RPUSH", "sortme", "3", "1", "2"},
      {"SORT", "sortme", "STORE", "sorted"},
  });
}

TEST_F(notifications, streams) {
  check_events({
      {"XADD", "x", "1-1", "a", "1"},
      {"XADD", "x", "MAXLEN", "1", "2-1", "a", "2"},
      {"XTRIM", "x", "MAXLEN", "0"},
      {"XADD", "x", "3-1", "a", "3"},
      {"XDEL", "x", "3-1", "9-9"},
      {"XGROUP", "CREATE", "y", "g", "$", "MKSTREAM"},
      {"XGROUP", "CREATECONSUMER", "y", "g", "c"},
      {"XADD", "y", "1-1", "a", "1"},
      {"XREADGROUP", "GROUP", "g", "reader", "STREAMS", "y", ">"},
      {"XCLAIM", "y", "g", "claimer", "0", "1-1"},
      {"XGROUP", "DELCONSUMER", "y", "g", "c"},
      {"XGROUP", "SETID", "y", "g", "0"},
      {"XSETID", "y", "5-5"},
      {"XGROUP", "DESTROY", "y", "g"},
  });
}

TEST_F(notifications, expiry_and_class_filter) {
  // The key expires on both servers before it is looked up: "expired", then nothing else.
  check_events({
      {"SET", "gone", "v", "PX", "1"},
      {"DEBUG", "SLEEP", "0.01"},
      {"GET", "gone"},
  });
  // Only list events (and keyevent channels) are asked for: the string ones are left out.
  check_events({{"SET", "s", "1"}, {"RPUSH", "l", "a"}, {"LPOP", "l"}}, "El");
}

}  // namespace

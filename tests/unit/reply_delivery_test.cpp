// The steps of a fault-shaped reply, on virtual time: no socket, no clock.

#include "reply_delivery.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using kvmock::delivery_step;
using kvmock::reply_delivery;
using kvmock::request_decision;
using kind = delivery_step::kind;
using outcome = request_decision::outcome;

// Runs a delivery to its end, as a connection would, and writes down what it did:
// "w:<bytes>", "t:<microseconds>", "close", "rst", "blackhole", "done".
std::vector<std::string> run(request_decision decision, std::string reply) {
  reply_delivery delivery(std::move(decision), std::move(reply));
  std::vector<std::string> steps;
  for (;;) {
    const auto step = delivery.next();
    switch (step.what) {
      case kind::write:
        steps.push_back("w:" + std::string(step.bytes));
        continue;
      case kind::wait:
        steps.push_back("t:" + std::to_string(step.delay.count()));
        continue;
      case kind::close:
        steps.emplace_back(step.reset ? "rst" : "close");
        break;
      case kind::blackhole:
        steps.emplace_back("blackhole");
        break;
      case kind::done:
        steps.emplace_back("done");
        break;
    }
    EXPECT_EQ(delivery.next().what, kind::done) << "a finished delivery asks for nothing more";
    return steps;
  }
}

using steps = std::vector<std::string>;

TEST(ReplyDelivery, AnUnshapedReplyIsOneWrite) {
  EXPECT_EQ(run({}, "+OK\r\n"), (steps{"w:+OK\r\n", "done"}));
}

TEST(ReplyDelivery, ALatencyWaitsBeforeTheFirstByte) {
  request_decision d;
  d.delay = 1500us;
  EXPECT_EQ(run(d, "+OK\r\n"), (steps{"t:1500", "w:+OK\r\n", "done"}));
}

TEST(ReplyDelivery, SlicesPauseBetweenPiecesButNotAfterTheLast) {
  request_decision d;
  d.piece_bytes = 2;
  d.piece_delay = 7us;
  EXPECT_EQ(run(d, "+OK\r\n"), (steps{"w:+O", "t:7", "w:K\r", "t:7", "w:\n", "done"}));
}

TEST(ReplyDelivery, BandwidthCutsTenMillisecondPiecesAndPausesForEach) {
  request_decision d;
  d.kbps = 8;  // 1000 bytes a second: 10-byte pieces, 10 ms each
  const std::string reply(25, 'x');
  EXPECT_EQ(run(d, reply), (steps{"w:" + std::string(10, 'x'), "t:10000", "w:" + std::string(10, 'x'),
                                  "t:10000", "w:" + std::string(5, 'x'), "done"}));
}

TEST(ReplyDelivery, CloseMidReplySendsItsBytesThenWaitsForSlowCloseThenResets) {
  request_decision d;
  d.what = outcome::close_mid_reply;
  d.close_after_bytes = 3;
  d.close_delay = 4ms;
  d.reset = true;
  EXPECT_EQ(run(d, "$5\r\nhello\r\n"), (steps{"w:$5\r", "t:4000", "rst"}));
}

TEST(ReplyDelivery, ACutLongerThanTheReplySendsItAllThenCloses) {
  request_decision d;
  d.what = outcome::close_mid_reply;
  d.close_after_bytes = 100;
  EXPECT_EQ(run(d, "+OK\r\n"), (steps{"w:+OK\r\n", "close"}));
}

TEST(ReplyDelivery, CloseBeforeAndAfterSendNothing) {
  for (const auto what : {outcome::close_before, outcome::close_after}) {
    request_decision d;
    d.what = what;
    d.delay = 2us;
    EXPECT_EQ(run(d, "+OK\r\n"), (steps{"t:2", "close"}));
  }
}

TEST(ReplyDelivery, ABlackholeWaitsItsDelayThenGoesSilent) {
  request_decision d;
  d.what = outcome::blackhole;
  d.delay = 3us;
  EXPECT_EQ(run(d, ""), (steps{"t:3", "blackhole"}));
}

TEST(ReplyDelivery, ACannedReplyIsShapedLikeAnyOther) {
  auto d = request_decision::canned("-ERR injected\r\n");
  d.piece_bytes = 8;
  EXPECT_EQ(run(d, d.canned_reply), (steps{"w:-ERR inj", "w:ected\r\n", "done"}));
}

TEST(ReplyDelivery, AnEmptyReplyIsDoneAtOnce) {
  request_decision d;
  d.piece_bytes = 1;
  EXPECT_EQ(run(d, ""), (steps{"done"}));
}

}  // namespace

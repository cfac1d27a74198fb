#include "kvresp/reply_parser.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "kvresp/error.hpp"

namespace {

using kvresp::reply_node;
using kvresp::reply_parser;
using kvresp::reply_type;

std::vector<reply_node> parse_all(std::string_view data) {
  reply_parser parser;
  boost::system::error_code ec;
  std::vector<reply_node> nodes;
  while (auto node = parser.consume(data, ec)) {
    nodes.push_back(*node);
    if (parser.done()) break;
  }
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_TRUE(parser.done());
  EXPECT_EQ(parser.consumed(), data.size());
  return nodes;
}

TEST(ReplyParser, ParsesScalars) {
  EXPECT_EQ(parse_all("+OK\r\n")[0].value, "OK");
  EXPECT_EQ(parse_all("-ERR bad\r\n")[0].type, reply_type::error);
  EXPECT_EQ(parse_all(":-42\r\n")[0].value, "-42");
  EXPECT_EQ(parse_all("$5\r\na\r\nbc\r\n")[0].value, "a\r\nbc");
  EXPECT_EQ(parse_all("$-1\r\n")[0].type, reply_type::null);
  EXPECT_EQ(parse_all("*-1\r\n")[0].type, reply_type::null);
}

TEST(ReplyParser, ParsesNestedArraysWithDepth) {
  const auto nodes = parse_all("*3\r\n:1\r\n*2\r\n+a\r\n$-1\r\n*0\r\n");
  ASSERT_EQ(nodes.size(), 6u);
  EXPECT_EQ(nodes[0].type, reply_type::array);
  EXPECT_EQ(nodes[0].aggregate_size, 3u);
  EXPECT_EQ(nodes[1].depth, 1u);
  EXPECT_EQ(nodes[3].depth, 2u);
  EXPECT_EQ(nodes[5].depth, 1u);
  EXPECT_EQ(nodes[5].aggregate_size, 0u);
}

TEST(ReplyParser, CompleteReplyLengthFramesTheFirstReply) {
  boost::system::error_code ec;
  EXPECT_EQ(kvresp::complete_reply_length("*2\r\n:1\r\n:2\r\n+next\r\n", ec), 12u);
  EXPECT_EQ(kvresp::complete_reply_length("*2\r\n:1\r\n", ec), std::nullopt);
  EXPECT_FALSE(ec);
}

TEST(ReplyParser, RejectsMalformedReplies) {
  boost::system::error_code ec;
  EXPECT_EQ(kvresp::complete_reply_length("?what\r\n", ec), std::nullopt);
  EXPECT_EQ(ec, kvresp::error::invalid_reply_type);
  EXPECT_EQ(kvresp::complete_reply_length(":12x\r\n", ec), std::nullopt);
  EXPECT_EQ(ec, kvresp::error::invalid_reply_length);
  EXPECT_EQ(kvresp::complete_reply_length("$3\r\nabcd\r\n", ec), std::nullopt);
  EXPECT_EQ(ec, kvresp::error::invalid_reply_length);
  EXPECT_EQ(kvresp::complete_reply_length("$-2\r\n", ec), std::nullopt);
  EXPECT_EQ(ec, kvresp::error::invalid_reply_length);
}

TEST(ReplyParser, LimitsNestingDepth) {
  std::string deep;
  for (int i = 0; i < 65; ++i) deep += "*1\r\n";
  boost::system::error_code ec;
  EXPECT_EQ(kvresp::complete_reply_length(deep + ":1\r\n", ec), std::nullopt);
  EXPECT_EQ(ec, kvresp::error::reply_too_deep);
}

}  // namespace

#include "kvresp/request_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kvresp/error.hpp"

namespace {

using kvresp::request_parser;
using status = request_parser::status;
using testing::ElementsAre;

std::vector<std::string> args_of(const request_parser& parser) {
  return {parser.args().begin(), parser.args().end()};
}

// Feeds bytes, expects exactly one protocol error, and returns Redis's reply for it.
std::string error_reply_for(std::string_view bytes, bool authenticated = true) {
  request_parser parser;
  parser.set_authenticated(authenticated);
  parser.feed(bytes);
  boost::system::error_code ec;
  while (true) {
    const auto result = parser.next(ec);
    if (result == status::error) return parser.error_reply();
    if (result == status::need_more) return "<need more>";
  }
}

TEST(RequestParser, ParsesMultibulkCommand) {
  request_parser parser;
  parser.feed("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n");
  boost::system::error_code ec;
  ASSERT_EQ(parser.next(ec), status::command);
  EXPECT_THAT(args_of(parser), ElementsAre("GET", "key"));
  EXPECT_EQ(parser.next(ec), status::need_more);
  EXPECT_FALSE(ec);
}

TEST(RequestParser, ParsesPipelinedCommandsInOrder) {
  request_parser parser;
  parser.feed("*1\r\n$4\r\nPING\r\nECHO hi\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\n");
  boost::system::error_code ec;
  ASSERT_EQ(parser.next(ec), status::command);
  EXPECT_THAT(args_of(parser), ElementsAre("PING"));
  ASSERT_EQ(parser.next(ec), status::command);
  EXPECT_THAT(args_of(parser), ElementsAre("ECHO", "hi"));
  ASSERT_EQ(parser.next(ec), status::command);
  EXPECT_THAT(args_of(parser), ElementsAre("ECHO", ""));
  EXPECT_EQ(parser.next(ec), status::need_more);
}

TEST(RequestParser, KeepsBinaryBulkData) {
  request_parser parser;
  parser.feed(std::string("*1\r\n$5\r\na\0\r\nb\r\n", 15));
  boost::system::error_code ec;
  ASSERT_EQ(parser.next(ec), status::command);
  EXPECT_EQ(parser.args()[0], std::string_view("a\0\r\nb", 5));
}

TEST(RequestParser, WaitsForTheWholeBulk) {
  request_parser parser;
  boost::system::error_code ec;
  parser.feed("*1\r\n$5\r\nhel");
  EXPECT_EQ(parser.next(ec), status::need_more);
  parser.feed("lo\r");
  EXPECT_EQ(parser.next(ec), status::need_more);
  parser.feed("\n");
  ASSERT_EQ(parser.next(ec), status::command);
  EXPECT_THAT(args_of(parser), ElementsAre("hello"));
}

TEST(RequestParser, InlineCommandSplitsLikeRedis) {
  request_parser parser;
  parser.feed("set k \"a b\\x41\\n\" 'it\\'s'\r\n  ping  \n");
  boost::system::error_code ec;
  ASSERT_EQ(parser.next(ec), status::command);
  EXPECT_THAT(args_of(parser), ElementsAre("set", "k", "a bA\n", "it's"));
  ASSERT_EQ(parser.next(ec), status::command);
  EXPECT_THAT(args_of(parser), ElementsAre("ping"));
}

TEST(RequestParser, BlankLinesAndEmptyMultibulkAreEmptyCommands) {
  request_parser parser;
  parser.feed("\r\n*0\r\n*-1\r\n");
  boost::system::error_code ec;
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(parser.next(ec), status::command);
    EXPECT_TRUE(parser.args().empty());
  }
  EXPECT_EQ(parser.next(ec), status::need_more);
}

TEST(RequestParser, ProtocolErrorsMatchRedis) {
  EXPECT_EQ(error_reply_for("*abc\r\n"), "-ERR Protocol error: invalid multibulk length\r\n");
  EXPECT_EQ(error_reply_for("*01\r\n"), "-ERR Protocol error: invalid multibulk length\r\n");
  EXPECT_EQ(error_reply_for("*3000000000\r\n"),
            "-ERR Protocol error: invalid multibulk length\r\n");
  EXPECT_EQ(error_reply_for("*1\r\n$x\r\n"), "-ERR Protocol error: invalid bulk length\r\n");
  EXPECT_EQ(error_reply_for("*1\r\n$-5\r\n"), "-ERR Protocol error: invalid bulk length\r\n");
  EXPECT_EQ(error_reply_for("*1\r\n$536870913\r\n"),
            "-ERR Protocol error: invalid bulk length\r\n");
  EXPECT_EQ(error_reply_for("*1\r\nGET\r\n"), "-ERR Protocol error: expected '$', got 'G'\r\n");
  EXPECT_EQ(error_reply_for("set k \"open\r\n"),
            "-ERR Protocol error: unbalanced quotes in request\r\n");
  EXPECT_EQ(error_reply_for("set k \"a\"b\r\n"),
            "-ERR Protocol error: unbalanced quotes in request\r\n");
  EXPECT_EQ(error_reply_for(std::string(64 * 1024 + 1, 'a')),
            "-ERR Protocol error: too big inline request\r\n");
  EXPECT_EQ(error_reply_for("*" + std::string(64 * 1024 + 1, '1')),
            "-ERR Protocol error: too big mbulk count string\r\n");
  EXPECT_EQ(error_reply_for("*1\r\n$" + std::string(64 * 1024, '1')),
            "-ERR Protocol error: too big bulk count string\r\n");
}

TEST(RequestParser, InlineLineAtTheLimitIsStillAccepted) {
  EXPECT_EQ(error_reply_for(std::string(64 * 1024, 'a')), "<need more>");
}

TEST(RequestParser, UnauthenticatedClientsGetTighterLimits) {
  EXPECT_EQ(error_reply_for("*11\r\n", false),
            "-ERR Protocol error: unauthenticated multibulk length\r\n");
  EXPECT_EQ(error_reply_for("*1\r\n$16385\r\n", false),
            "-ERR Protocol error: unauthenticated bulk length\r\n");
  EXPECT_EQ(error_reply_for("*10\r\n$16384\r\n", false), "<need more>");
}

TEST(RequestParser, ErrorIsSticky) {
  request_parser parser;
  parser.feed("*x\r\n*1\r\n$4\r\nPING\r\n");
  boost::system::error_code ec;
  EXPECT_EQ(parser.next(ec), status::error);
  EXPECT_EQ(ec, kvresp::error::invalid_multibulk_length);
  EXPECT_EQ(parser.next(ec), status::error);
}

TEST(RequestParser, DeclaredLengthIsNotAllocatedUpFront) {
  request_parser parser;
  parser.feed("*1\r\n$536870912\r\nab");
  boost::system::error_code ec;
  EXPECT_EQ(parser.next(ec), status::need_more);
  // Only what arrived is held; asking for room for the next read stays small.
  EXPECT_LT(parser.prepare(16).size(), 1024u * 1024u);
}

TEST(RequestParser, QueryBufferLimitClosesSilently) {
  kvresp::request_limits limits;
  limits.max_query_buffer = 100;
  request_parser parser(limits);
  parser.feed("*1\r\n$200\r\n" + std::string(150, 'x'));
  boost::system::error_code ec;
  EXPECT_EQ(parser.next(ec), status::error);
  EXPECT_EQ(ec, kvresp::error::query_buffer_limit);
  EXPECT_EQ(parser.error_reply(), "");
}

TEST(RequestParser, ErrorCodesExplainThemselves) {
  const boost::system::error_code ec = kvresp::error::unbalanced_quotes;
  EXPECT_STREQ(ec.category().name(), "kvresp");
  EXPECT_THAT(ec.message(), testing::HasSubstr("close every quote"));
}

}  // namespace

namespace {

TEST(RequestParser, NulByteHidesTheLineEndAsRedisStrchrDoes) {
  using namespace std::string_literals;
  EXPECT_EQ(error_reply_for("PING\0\r\n"s), "<need more>");
  EXPECT_EQ(error_reply_for("*1\r\n\0\r\n"s), "<need more>");
  EXPECT_EQ(error_reply_for("PING\0"s + std::string(64 * 1024, '\n')),
            "-ERR Protocol error: too big inline request\r\n");
}

TEST(RequestParser, MultibulkCountUpToIntMaxIsAccepted) {
  EXPECT_EQ(error_reply_for("*2147483647\r\n"), "<need more>");
  EXPECT_EQ(error_reply_for("*2147483648\r\n"), "-ERR Protocol error: invalid multibulk length\r\n");
}

}  // namespace

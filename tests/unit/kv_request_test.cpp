// kvpool::request's encoding and kvpool::reply's value tree.

#include "kvpool/request.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "kvpool/reply.hpp"

namespace {

using namespace std::string_literals;
using kvpool::prefixed_key;
using kvpool::reply;
using kvpool::request;

TEST(KvRequest, EncodesEachCommandAsAnArrayOfBulkStrings) {
  request r;
  EXPECT_TRUE(r.empty());
  r.push("SET", "key", std::string("value"));
  r.push("GET", std::string_view("key"));
  EXPECT_EQ(r.size(), 2u);
  EXPECT_FALSE(r.empty());
  EXPECT_EQ(r.payload(),
            "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"
            "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n");
}

TEST(KvRequest, SendsIntegersInDecimal) {
  request r;
  r.push("INCRBY", "k", -42);
  r.push("X", LLONG_MIN, ULLONG_MAX, 0u, static_cast<short>(7));
  EXPECT_EQ(r.payload(),
            "*3\r\n$6\r\nINCRBY\r\n$1\r\nk\r\n$3\r\n-42\r\n"
            "*5\r\n$1\r\nX\r\n$20\r\n-9223372036854775808\r\n$20\r\n18446744073709551615\r\n"
            "$1\r\n0\r\n$1\r\n7\r\n");
}

TEST(KvRequest, KeepsBinaryArgumentsIntact) {
  request r;
  r.push("SET", std::string_view("a\0b", 3), std::string_view("\r\n", 2));
  r.push("SET", "", "");
  EXPECT_EQ(r.payload(),
            "*3\r\n$3\r\nSET\r\n$3\r\na\0b\r\n$2\r\n\r\n\r\n"
            "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n"s);
}

TEST(KvRequest, JoinsPrefixedKeysWithAColon) {
  request r;
  r.push("GET", prefixed_key{"cache", "user:1"});
  r.push("GET", prefixed_key{"", "plain"});
  EXPECT_EQ(r.payload(),
            "*2\r\n$3\r\nGET\r\n$12\r\ncache:user:1\r\n"
            "*2\r\n$3\r\nGET\r\n$5\r\nplain\r\n");
}

TEST(KvRequest, PushesRangesOfArgumentsAndOfPairs) {
  request r;
  const std::vector<std::string> keys{"a", "bb"};
  r.push_range("MGET", keys);
  const std::vector<std::pair<std::string, int>> pairs{{"x", 1}, {"y", 22}};
  r.push_range("MSET", pairs);
  const std::vector<std::string_view> none;
  r.push_range("PING", none);
  EXPECT_EQ(r.size(), 3u);
  EXPECT_EQ(r.payload(),
            "*3\r\n$4\r\nMGET\r\n$1\r\na\r\n$2\r\nbb\r\n"
            "*5\r\n$4\r\nMSET\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n22\r\n"
            "*1\r\n$4\r\nPING\r\n");
}

TEST(KvRequest, ClearKeepsTheBufferForTheNextPipeline) {
  request r;
  r.push("SET", "k", std::string(1000, 'v'));
  const auto* storage = r.payload().data();
  r.clear();
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.payload(), "");
  r.push("PING");
  EXPECT_EQ(r.payload(), "*1\r\n$4\r\nPING\r\n");
  EXPECT_EQ(r.payload().data(), storage);
}

TEST(KvReply, BuildsEachTypeAndReadsItBack) {
  EXPECT_EQ(reply::simple_string("OK").text(), "OK");
  EXPECT_EQ(reply::simple_string("OK").type(), kvpool::reply_type::simple_string);
  EXPECT_TRUE(reply::error("ERR no").is_error());
  EXPECT_EQ(reply::error("ERR no").text(), "ERR no");
  EXPECT_EQ(reply::integer(-3).as_integer(), -3);
  EXPECT_EQ(reply::bulk_string(std::string("a\0b", 3)).text(), std::string("a\0b", 3));
  EXPECT_TRUE(reply::null().is_null());
  const auto nested = reply::array({reply::integer(1), reply::array({reply::null()})});
  ASSERT_TRUE(nested.is_array());
  ASSERT_EQ(nested.elements().size(), 2u);
  EXPECT_EQ(nested.elements()[1].elements()[0], reply::null());
  EXPECT_TRUE(reply::bulk_string("x").is_text());
  EXPECT_TRUE(reply::simple_string("x").is_text());
  EXPECT_FALSE(reply::error("x").is_text());
}

TEST(KvReply, AskingForTheWrongTypeThrows) {
  EXPECT_THROW(reply::integer(1).text(), std::logic_error);
  EXPECT_THROW(reply::null().text(), std::logic_error);
  EXPECT_THROW(reply::bulk_string("1").as_integer(), std::logic_error);
  EXPECT_THROW(reply::null().elements(), std::logic_error);
  EXPECT_THROW(reply::array().as_integer(), std::logic_error);
}

TEST(KvReply, ComparesByTypeAndValue) {
  EXPECT_EQ(reply::bulk_string("a"), reply::bulk_string("a"));
  EXPECT_NE(reply::bulk_string("a"), reply::simple_string("a"));
  EXPECT_NE(reply::bulk_string("a"), reply::error("a"));
  EXPECT_NE(reply::integer(1), reply::integer(2));
  EXPECT_NE(reply::array(), reply::null());
  EXPECT_NE(reply::array({reply::integer(1)}), reply::array({reply::integer(2)}));
}

TEST(KvReply, PrintsLikeRedisCli) {
  std::ostringstream out;
  out << reply::array({reply::simple_string("OK"), reply::error("ERR x"), reply::integer(3),
                       reply::null(), reply::bulk_string("v"), reply::array()});
  EXPECT_EQ(out.str(), "[\"OK\", (error) ERR x, (integer) 3, nil, \"v\", []]");
}

}  // namespace

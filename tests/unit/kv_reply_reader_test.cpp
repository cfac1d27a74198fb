// The connection's receive buffer and reply assembly, fed by hand in arbitrary chunks.

#include "kv_reply_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "kvpool/reply.hpp"

namespace {

using kvpool::kv_reply_reader;
using kvpool::reply;

// Copies bytes into the reader as a socket would, in chunks of at most chunk bytes.
void receive(kv_reply_reader& reader, std::string_view bytes, std::size_t chunk,
             std::vector<reply>& replies, std::size_t wanted, boost::system::error_code& ec) {
  while (!bytes.empty()) {
    const auto space = reader.prepare();
    ASSERT_FALSE(space.empty());
    const auto size = std::min({chunk, space.size(), bytes.size()});
    std::memcpy(space.data(), bytes.data(), size);
    reader.commit(size);
    bytes.remove_prefix(size);
    reader.parse(replies, wanted, ec);
    if (ec) return;
  }
}

const std::string mixed =
    "+OK\r\n-ERR bad\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*-1\r\n*0\r\n"
    "*3\r\n:1\r\n*2\r\n$1\r\na\r\n*0\r\n+x\r\n";

std::vector<reply> expected_mixed() {
  return {reply::simple_string("OK"),
          reply::error("ERR bad"),
          reply::integer(42),
          reply::bulk_string("hello"),
          reply::null(),
          reply::null(),
          reply::array(),
          reply::array({reply::integer(1),
                        reply::array({reply::bulk_string("a"), reply::array()}),
                        reply::simple_string("x")})};
}

TEST(KvReplyReader, AssemblesTheSameRepliesWhateverTheChunking) {
  for (std::size_t chunk = 1; chunk <= mixed.size(); ++chunk) {
    kv_reply_reader reader({});
    std::vector<reply> replies;
    boost::system::error_code ec;
    receive(reader, mixed, chunk, replies, 100, ec);
    ASSERT_FALSE(ec) << "chunk " << chunk;
    EXPECT_EQ(replies, expected_mixed()) << "chunk " << chunk;
    EXPECT_EQ(reader.buffered(), 0u);
  }
}

TEST(KvReplyReader, StopsAtTheWantedNumberAndKeepsTheRest) {
  kv_reply_reader reader({});
  std::vector<reply> replies;
  boost::system::error_code ec;
  receive(reader, "+a\r\n+b\r\n+c\r\n", 64, replies, 2, ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(replies, (std::vector{reply::simple_string("a"), reply::simple_string("b")}));
  EXPECT_EQ(reader.buffered(), 4u);
  reader.parse(replies, 3, ec);
  EXPECT_EQ(replies.back(), reply::simple_string("c"));
  EXPECT_EQ(reader.buffered(), 0u);
}

TEST(KvReplyReader, ReceivesAReplyLargerThanItsBuffer) {
  const std::string value(3 * 1024 * 1024 + 17, 'v');
  const std::string bytes = "$" + std::to_string(value.size()) + "\r\n" + value + "\r\n+next\r\n";
  kv_reply_reader reader({});
  std::vector<reply> replies;
  boost::system::error_code ec;
  receive(reader, bytes, 64 * 1024, replies, 2, ec);
  ASSERT_FALSE(ec);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].text(), value);
  EXPECT_EQ(replies[1], reply::simple_string("next"));
}

TEST(KvReplyReader, MalformedBytesAreAnError) {
  for (const std::string_view bytes : {"?what\r\n", ":12x\r\n", "$3\r\nabcd\r\n", "$-2\r\n"}) {
    kv_reply_reader reader({});
    std::vector<reply> replies;
    boost::system::error_code ec;
    receive(reader, bytes, 64, replies, 1, ec);
    EXPECT_TRUE(ec) << bytes;
    EXPECT_TRUE(replies.empty()) << bytes;
  }
}

TEST(KvReplyReader, RefusesDeclaredLengthsBeyondItsLimitsBeforeTheBytesArrive) {
  kvresp::reply_limits limits;
  limits.max_bulk_length = 10;
  limits.max_array_length = 3;
  limits.max_depth = 2;
  for (const std::string_view bytes :
       {"$11\r\n", "$999999999999999\r\n", "*4\r\n", "*1\r\n*1\r\n*1\r\n:1\r\n"}) {
    kv_reply_reader reader(limits);
    std::vector<reply> replies;
    boost::system::error_code ec;
    receive(reader, bytes, 64, replies, 1, ec);
    EXPECT_TRUE(ec) << bytes;
  }
  kv_reply_reader reader(limits);
  std::vector<reply> replies;
  boost::system::error_code ec;
  receive(reader, "$10\r\n0123456789\r\n*3\r\n*1\r\n:1\r\n:2\r\n:3\r\n", 64, replies, 2, ec);
  EXPECT_FALSE(ec);
  EXPECT_EQ(replies.size(), 2u);
}

}  // namespace

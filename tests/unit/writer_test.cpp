#include "kvresp/writer.hpp"

#include <gtest/gtest.h>

#include <climits>

namespace {

TEST(Writer, EncodesEveryReplyType) {
  std::string out;
  kvresp::append_simple_string(out, "OK");
  kvresp::append_error(out, "ERR line\r\nbreak");
  kvresp::append_integer(out, LLONG_MIN);
  kvresp::append_bulk_string(out, std::string_view("a\0b", 3));
  kvresp::append_null_bulk(out);
  kvresp::append_null_array(out);
  kvresp::append_array_header(out, 2);
  using namespace std::string_literals;
  EXPECT_EQ(out, "+OK\r\n-ERR line  break\r\n:-9223372036854775808\r\n$3\r\na\0b\r\n"
                 "$-1\r\n*-1\r\n*2\r\n"s);
}

TEST(Writer, EncodesCommandsAsBulkArrays) {
  std::string out;
  kvresp::append_command(out, {"SET", "k", ""});
  EXPECT_EQ(out, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
}

}  // namespace

// The wire protocol, replies compared with a real redis-server: inline commands, pipelining,
// requests split across packets, and protocol errors (which Redis answers, then closes on).

#include <string>

#include "support/differential.hpp"

namespace {

using kvtest::encode;
using differential_protocol = kvtest::differential_test;
using differential_protocol_with_password = kvtest::differential_auth_test;

TEST_F(differential_protocol, inline_commands) {
  check_raw("PING\r\n", 1);
  check_raw("set a b\r\n", 1);
  check_raw("get a\r\n", 1);
  check_raw("GET a\n", 1);
  check_raw("   PING    \r\n", 1);
  check_raw("ECHO  several   spaces \r\n", 1);
  check_raw("ECHO\ttab\r\n", 1);
  check_raw("PING a b\r\n", 1);
  check_raw("NOSUCHCOMMAND x y\r\n", 1);
}

TEST_F(differential_protocol, inline_quoting) {
  check_raw("set k \"a b\"\r\n", 1);
  check({{"GET", "k"}});
  check_raw("set k \"\\x41\\x42\\x4a\"\r\n", 1);
  check({{"GET", "k"}});
  check_raw("set k 'single quoted'\r\n", 1);
  check({{"GET", "k"}});
  check_raw("set k 'it\\'s'\r\n", 1);
  check({{"GET", "k"}});
  check_raw("set k 'no \\x41 escapes \\n in single quotes'\r\n", 1);
  check({{"GET", "k"}});
  check_raw("ECHO \"\\t\\n\\r\\\\\\\"\\a\\b\"\r\n", 1);
  check_raw("ECHO \"\\xZZ\\x4\"\r\n", 1);
  check_raw("ECHO \"\"\r\n", 1);
  check_raw("ECHO ''\r\n", 1);
  check_raw("SET \"spaced key\" \"spaced value\"\r\nGET \"spaced key\"\r\n", 2);
}

TEST_F(differential_protocol, empty_lines_are_ignored) {
  check_raw("\r\nPING\r\n", 1);
  check_raw("\n\n\r\nECHO after-blank-lines\r\n", 1);
  check_raw("   \r\nPING\r\n", 1);
  check_raw("*0\r\n*-1\r\nPING\r\n", 1);
}

TEST_F(differential_protocol, multibulk_edge_cases) {
  check_raw("*1\r\n$0\r\n\r\n", 1);
  check_raw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n", 1);
  check_raw("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", 1);
  check_raw("*2\r\n$4\r\nECHO\r\n$4\r\na\r\nb\r\n", 1);
}

TEST_F(differential_protocol, pipelining) {
  check_raw(encode({"SET", "a", "1"}) + encode({"INCR", "a"}) + encode({"GET", "a"}) +
                encode({"NOSUCHCOMMAND"}) + encode({"GET"}) + encode({"PING"}),
            6);
  check_raw("SET b 2\r\nGET b\r\n" + encode({"DEL", "a", "b"}) + "PING\r\n", 4);
  check_raw(encode({"MULTI"}) + encode({"INCR", "c"}) + encode({"INCR", "c"}) + encode({"EXEC"}),
            4);
}

TEST_F(differential_protocol, long_pipeline) {
  std::string requests;
  for (int i = 0; i < 200; ++i) requests += encode({"INCR", "counter"});
  requests += "GET counter\r\n";
  check_raw(requests, 201);
}

TEST_F(differential_protocol, requests_split_across_packets) {
  check_raw("*2\r\n$4\r\nECHO\r\n$5\r\nhel", 0);
  check_raw("lo\r\n", 1);
  check_raw("*3\r\n$3\r\nSET\r\n$1", 0);
  check_raw("\r\nk\r\n$1\r\nv\r", 0);
  check_raw("\nGET k", 0);
  check_raw("\r\n", 2);
  check_raw("*", 0);
  check_raw("1\r\n$4\r\nPING\r\n", 1);
}

TEST_F(differential_protocol, protocol_errors_reply_then_close) {
  check_closing("*abc\r\n");
  check_closing("*1\r\n$x\r\n");
  check_closing("*1\r\nGET\r\n");
  check_closing("*1\r\n$-5\r\n");
  check_closing("*1\r\n$536870913\r\n");
  check_closing("*2147483648\r\n");
  check_closing("*1\r\n$\r\n");
  check_closing("*\r\n");
}

TEST_F(differential_protocol, unbalanced_quotes_reply_then_close) {
  check_closing("set k \"unterminated\r\n");
  check_closing("set k 'unterminated\r\n");
  check_closing("set k \"a\"b\r\n");
  check_closing("set k 'a'b\r\n");
}

TEST_F(differential_protocol, protocol_error_after_good_commands) {
  check_closing(encode({"SET", "k", "v"}) + encode({"GET", "k"}) + "*abc\r\n" + encode({"PING"}));
  check({{"GET", "k"}});
}

TEST_F(differential_protocol, requests_too_big_for_the_inline_limit) {
  // One byte over Redis's 64 KB limit: the server has read everything when it replies and closes.
  check_closing(std::string(64 * 1024 + 1, 'a'));
  check_closing("*" + std::string(64 * 1024, '1'));
  check_closing("*1\r\n$" + std::string(64 * 1024, '1'));
}

TEST_F(differential_protocol_with_password, unauthenticated_limits) {
  check_closing("*11\r\n");
  check_closing("*1\r\n$16385\r\n");
}

TEST_F(differential_protocol_with_password, authenticated_clients_get_the_usual_limits) {
  check_raw("AUTH secret\r\n", 1);
  check_raw("*11\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"
            "$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n",
            1);
  check({
      {"SET", "big", std::string(16385, 'v')},
      {"GET", "big"},
  });
}

TEST_F(differential_protocol_with_password, limits_before_auth_allow_small_requests) {
  check_raw("*10\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"
            "$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n",
            1);
  check_raw("*2\r\n$4\r\nECHO\r\n$16384\r\n" + std::string(16384, 'e') + "\r\n", 1);
}

}  // namespace

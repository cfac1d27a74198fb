// Connection commands, replies compared with a real redis-server: PING, ECHO, QUIT, AUTH (with
// and without a password), CLIENT and HELLO.

#include <string>

#include <kvmock/server.hpp>

#include "support/differential.hpp"
#include "support/raw_client.hpp"

namespace {

using kvtest::any_integer;
using kvtest::encode;
using kvtest::hello_except_id;
using differential_connection = kvtest::differential_test;
using differential_connection_with_password = kvtest::differential_auth_test;

TEST_F(differential_connection, ping) {
  check({
      {"PING"},
      {"PING", "hello"},
      {"PING", ""},
      {"PING", "two words"},
      {"PING", "a", "b"},
      {"PING", "a", "b", "c"},
      {"ping"},
      {"PiNg", "mixed"},
  });
}

TEST_F(differential_connection, echo) {
  check({
      {"ECHO", "hello"},
      {"ECHO", ""},
      {"ECHO", std::string_view("\0\r\n", 3)},
      {"ECHO"},
      {"ECHO", "a", "b"},
      {"echo", "lower"},
  });
}

TEST_F(differential_connection, quit_replies_then_closes) {
  check_closing(encode({"QUIT"}));
  check_closing(encode({"quit"}));
  check_closing(encode({"QUIT", "ignored", "arguments"}));
  // Nothing after QUIT is answered, even when it arrived in the same packet.
  check_closing(encode({"PING"}) + encode({"QUIT"}) + encode({"PING"}));
  check_closing("SET k v\r\nQUIT\r\nGET k\r\n");
  check({{"GET", "k"}});
}

TEST_F(differential_connection, quit_inside_multi) {
  check_closing(encode({"MULTI"}) + encode({"SET", "k", "v"}) + encode({"QUIT"}));
  check({{"EXISTS", "k"}});
}

TEST_F(differential_connection, auth_without_a_password_configured) {
  check({
      {"AUTH", "anything"},
      {"AUTH", "default", "anything"},
      {"AUTH", "other", "anything"},
      {"AUTH"},
      {"AUTH", "a", "b", "c"},
      {"PING"},
  });
}

TEST_F(differential_connection, client_setname_and_getname) {
  check({
      {"CLIENT", "GETNAME"},
      {"CLIENT", "SETNAME", "worker-1"},
      {"CLIENT", "GETNAME"},
      {"client", "setname", "worker_2"},
      {"client", "getname"},
      {"CLIENT", "SETNAME", "has space"},
      {"CLIENT", "SETNAME", "new\nline"},
      {"CLIENT", "SETNAME", std::string_view("nul\0", 4)},
      {"CLIENT", "SETNAME", "\x7f"},
      {"CLIENT", "GETNAME"},
      {"CLIENT", "SETNAME", ""},
      {"CLIENT", "GETNAME"},
      {"CLIENT", "SETNAME", "!#$%&()*+,-./:;<=>?@[]^_`{|}~"},
      {"CLIENT", "GETNAME"},
  });
}

TEST_F(differential_connection, client_names_belong_to_one_connection) {
  auto other = connect();
  check({{"CLIENT", "SETNAME", "first"}});
  check(other, {{"CLIENT", "GETNAME"}});
}

TEST_F(differential_connection, client_errors) {
  check({
      {"CLIENT"},
      {"CLIENT", "NOSUCHSUBCOMMAND"},
      {"CLIENT", "nosuch", "with", "args"},
      {"CLIENT", "SETNAME"},
      {"CLIENT", "SETNAME", "a", "b"},
      {"CLIENT", "GETNAME", "extra"},
      {"CLIENT", "ID", "extra"},
  });
}

TEST_F(differential_connection, client_id) {
  auto other = connect();
  check({
      {any_integer(), {"CLIENT", "ID"}},
      {any_integer(), {"client", "id"}},
  });
  check(other, {{any_integer(), {"CLIENT", "ID"}}});
}

TEST_F(differential_connection, hello_2) {
  check({
      {hello_except_id(), {"HELLO", "2"}},
      {hello_except_id(), {"HELLO"}},
      {hello_except_id(), {"hello", "2"}},
      {"PING"},
  });
}

TEST_F(differential_connection, hello_2_options) {
  check({
      {hello_except_id(), {"HELLO", "2", "SETNAME", "from-hello"}},
      {"CLIENT", "GETNAME"},
      {"HELLO", "2", "SETNAME", "bad name"},
      {"CLIENT", "GETNAME"},
      {"HELLO", "2", "SETNAME"},
      {hello_except_id(), {"HELLO", "2", "AUTH", "default", "anything"}},
      {"HELLO", "2", "AUTH", "default"},
      {"HELLO", "2", "AUTH", "other", "anything"},
      {"HELLO", "2", "NOSUCHOPTION"},
      {"HELLO", "2", "SETNAME", "x", "extra"},
  });
}

TEST_F(differential_connection, hello_with_unsupported_versions) {
  check({
      {"HELLO", "abc"},
      {"HELLO", ""},
      {"HELLO", "2.0"},
      {"HELLO", "99999999999999999999"},
      {"HELLO", "4"},
      {"HELLO", "1"},
      {"HELLO", "0"},
      {"HELLO", "-1"},
      {"HELLO", "4", "SETNAME", "x"},
      {"CLIENT", "GETNAME"},
      {"PING"},
  });
}

TEST_F(differential_connection, resp3_after_hello_3_and_back) {
  check({
      {"SET", "s", "v"},
      {"HSET", "h", "a", "1", "b", "2"},
      {"RPUSH", "l", "x"},
      {hello_except_id(), {"HELLO", "3"}},
      {"GET", "missing"},
      {"GET", "s"},
      {"MGET", "s", "missing"},
      {"HGETALL", "h"},
      {"HGETALL", "missing"},
      {"HKEYS", "h"},
      {"HGET", "h", "missing"},
      {"LPOP", "missing", "2"},
      {"LINDEX", "l", "5"},
      {"CLIENT", "GETNAME"},
      {"SET", "s", "w", "NX"},
      {"CONFIG", "GET", "maxmemory"},
      {kvtest::info_bulk(), {"INFO", "server"}},
      {"OBJECT", "ENCODING", "missing"},
      {"PING"},
      {"TTL", "s"},
      {"WATCH", "s"},
      {"SET", "s", "changed"},
      {"MULTI"},
      {"GET", "s"},
      {"EXEC"},
      {hello_except_id(), {"HELLO", "2"}},
      {"GET", "missing"},
      {"HGETALL", "h"},
  });
}

TEST_F(differential_connection, client_list_kill_pause_errors) {
  check({
      {"CLIENT", "LIST", "TYPE", "bogus"},
      {"CLIENT", "LIST", "ID", "x"},
      {"CLIENT", "LIST", "ID", "0"},
      {"CLIENT", "LIST", "BOGUS"},
      {"CLIENT", "LIST", "TYPE", "pubsub"},
      {"CLIENT", "KILL", "1.2.3.4:5"},
      {"CLIENT", "KILL", "ID", "0"},
      {"CLIENT", "KILL", "ID", "x"},
      {"CLIENT", "KILL", "ID", "999999"},
      {"CLIENT", "KILL", "ADDR", "1.2.3.4:5"},
      {"CLIENT", "KILL", "TYPE", "bogus"},
      {"CLIENT", "KILL", "TYPE", "master"},
      {"CLIENT", "KILL", "USER", "nobody"},
      {"CLIENT", "KILL", "SKIPME", "maybe"},
      {"CLIENT", "KILL", "BOGUS", "1"},
      {"CLIENT", "KILL", "ID"},
      {"CLIENT", "KILL"},
      {"CLIENT", "PAUSE"},
      {"CLIENT", "PAUSE", "x"},
      {"CLIENT", "PAUSE", "-1"},
      {"CLIENT", "PAUSE", "0", "BOGUS"},
      {"CLIENT", "PAUSE", "0", "WRITE", "extra"},
      {"CLIENT", "PAUSE", "0"},
      {"CLIENT", "UNPAUSE"},
      {"CLIENT", "UNPAUSE", "extra"},
      {"PING"},
  });
}

// RESET: the connection as it was opened: no transaction, no watch, database 0, RESP2, no name.
TEST_F(differential_connection, reset) {
  check({
      {"SELECT", "3"},
      {"SET", "k", "in 3"},
      {"CLIENT", "SETNAME", "someone"},
      {"WATCH", "k"},
      {"MULTI"},
      {"SET", "k", "queued"},
      {"RESET"},
      {"GET", "k"},
      {"CLIENT", "GETNAME"},
      {"EXEC"},
      {"SELECT", "3"},
      {"GET", "k"},
      {"RESET", "extra"},
      {"reset"},
  });
}

TEST_F(differential_connection_with_password, reset_deauthenticates) {
  check({
      {"RESET"},
      {"AUTH", "secret"},
      {"SET", "k", "v"},
      {"RESET"},
      {"GET", "k"},
      {"AUTH", "secret"},
      {"GET", "k"},
  });
}

TEST_F(differential_connection_with_password, commands_before_auth_are_refused) {
  check({
      {"PING"},
      {"GET", "k"},
      {"SET", "k", "v"},
      {"SELECT", "1"},
      {"CLIENT", "ID"},
      {"MULTI"},
      {"HELLO", "2"},
      {"HELLO"},
      {"get", "k"},
  });
}

TEST_F(differential_connection_with_password, arity_and_unknown_commands_come_before_auth) {
  check({
      {"ECHO"},
      {"GET"},
      {"NOSUCHCOMMAND", "arg"},
      {"AUTH"},
  });
}

TEST_F(differential_connection_with_password, wrong_passwords) {
  check({
      {"AUTH", "wrong"},
      {"AUTH", ""},
      {"AUTH", "default", "wrong"},
      {"AUTH", "other", "secret"},
      {"AUTH", "default", "secret", "extra"},
      {"AUTH", "SECRET"},
      {"HELLO", "2", "AUTH", "default", "wrong"},
      {"HELLO", "2", "AUTH", "other", "secret"},
      {"GET", "k"},
  });
}

TEST_F(differential_connection_with_password, auth_with_the_password) {
  check({
      {"AUTH", "secret"},
      {"SET", "k", "v"},
      {"GET", "k"},
      // A failed AUTH after a good one leaves the connection authenticated.
      {"AUTH", "wrong"},
      {"GET", "k"},
      {"AUTH", "secret"},
  });
}

TEST_F(differential_connection_with_password, auth_as_the_default_user) {
  check({
      {"AUTH", "default", "secret"},
      {"PING"},
      {"auth", "default", "secret"},
  });
}

TEST_F(differential_connection_with_password, hello_with_auth) {
  check({
      {hello_except_id(), {"HELLO", "2", "AUTH", "default", "secret"}},
      {"PING"},
      {hello_except_id(), {"HELLO", "2"}},
  });
  auto other = connect();
  check(other, {
                   {hello_except_id(), {"HELLO", "2", "AUTH", "default", "secret", "SETNAME", "n"}},
                   {"CLIENT", "GETNAME"},
               });
}

// CLIENT REPLY: SKIP silences the next command, OFF every command until ON, which answers.
TEST_F(differential_connection, client_reply_silences_replies) {
  check_raw(encode({"CLIENT", "REPLY", "SKIP"}) + encode({"PING", "a"}) + encode({"PING", "b"}) +
                encode({"CLIENT", "REPLY", "OFF"}) + encode({"PING", "c"}) + encode({"SET", "x", "1"}) +
                encode({"NOSUCH"}) + encode({"CLIENT", "REPLY", "SKIP"}) + encode({"CLIENT", "REPLY", "ON"}) +
                encode({"PING", "d"}) + encode({"CLIENT", "REPLY", "SKIP"}) + encode({"CLIENT", "REPLY", "ON"}) +
                encode({"PING", "e"}),
            4);
  check({
      {"GET", "x"},
      {"CLIENT", "REPLY", "MAYBE"},
      {"CLIENT", "REPLY"},
      {"CLIENT", "NO-EVICT", "on"},
      {"CLIENT", "NO-EVICT", "maybe"},
      {"CLIENT", "NO-EVICT", "off"},
  });
}

TEST_F(differential_connection_with_password, auth_belongs_to_one_connection) {
  auto other = connect();
  check({{"AUTH", "secret"}});
  check(other, {{"GET", "k"}});
}

TEST_F(differential_connection_with_password, quit_before_auth) {
  check_closing(encode({"QUIT"}));
  check_closing(encode({"GET", "k"}) + encode({"QUIT"}));
}

TEST_F(differential_connection_with_password, auth_inside_multi) {
  check({
      {"AUTH", "secret"},
      {"MULTI"},
      {"AUTH", "secret"},
      {"AUTH", "wrong"},
      {"SET", "k", "v"},
      {"EXEC"},
      {"GET", "k"},
  });
}

}  // namespace

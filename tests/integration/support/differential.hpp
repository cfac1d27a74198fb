#pragma once
// Differential testing, as in miniredis's integration/ folder: the same commands go to a real
// redis-server and to kvmock::server, and their replies are compared byte for byte, or by a named
// looser comparator where a reply legitimately differs between two servers (an id, a TTL counted
// from a slightly different instant, INFO's values).

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "raw_client.hpp"

namespace kvtest {

struct comparator {
  std::string name;
  std::function<bool(std::string_view redis_reply, std::string_view fake_reply)> agree;
  // What a failure message shows of each reply; empty: the reply's bytes, escaped.
  std::function<std::string(std::string_view reply)> show = {};
};

// Byte for byte: the default.
comparator exact();
// Integer replies within tolerance of each other (TTL: 1 s, PTTL: 1000 ms), as the two servers
// set the TTL a moment apart; negative replies (-1 no TTL, -2 no key) must be equal.
comparator ttl_within(long long tolerance);
// The same reply but for its integers, each within tolerance of the other side's (idle times
// in milliseconds: XPENDING, XINFO CONSUMERS).
comparator integers_within(long long tolerance);
// Any integer on both sides (CLIENT ID: each server numbers its own connections).
comparator any_integer();
// An array on both sides, or a map on both in RESP3 (COMMAND DOCS: the fake documents fewer
// commands).
comparator any_array();
// Bulk strings with the same "# Section" headers (INFO: the values differ).
comparator info_bulk();
// HELLO's map, byte for byte except the value of "id".
comparator hello_except_id();
// Arrays holding the same name/value pairs in any order (CONFIG GET with a pattern: Redis walks
// a hash table seeded at random, so even two redis-servers disagree on the order).
// values_ignored: names whose values may differ (CONFIG GET *: the port, the directory).
comparator unordered_pairs(std::vector<std::string> values_ignored = {});

// Arrays of the same bulk strings in any order (KEYS: Redis walks its hash table).
comparator unordered_elements();
// Replies of the same RESP type, and both null or both not (RANDOMKEY picks at random).
comparator same_reply_type();
// Replies whose first line is the same: an aggregate of as many elements, a bulk string as long
// (a random choice of members: HRANDFIELD, SRANDMEMBER with a count).
comparator same_header();
// COMMAND INFO of commands both describe: name, arity and key positions byte for byte, and every
// other field of the same type (sets under RESP3); the fake lists fewer flags and categories.
comparator command_info_head();

// One command of a script and how its replies are compared.
struct step {
  step(std::initializer_list<std::string_view> command);
  step(comparator compare, std::initializer_list<std::string_view> command);
  // For commands built at run time.
  explicit step(std::vector<std::string> command, comparator compare = exact());

  std::vector<std::string> args;
  comparator compare;
};
using script = std::vector<step>;

// A connection to each server; a test drives both the same way.
struct connection_pair {
  raw_client redis;
  raw_client fake;
};

// Bytes made readable in a failure message: CR, LF and other control bytes escaped.
std::string escape(std::string_view bytes);

// One redis-server and one kvmock::server per test suite, both empty and freshly connected to
// before each test.
class differential_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { start_servers(""); }
  static void TearDownTestSuite();
  void SetUp() override;

  // For suites whose servers both require a password (empty: none) or start with configuration
  // parameters (redis-server --name value; server_options::config).
  static void start_servers(const std::string& password,
                            const std::vector<std::pair<std::string, std::string>>& config = {});

  // New, unauthenticated connections to both servers.
  connection_pair connect();
  // New connections speaking the test's protocol (after HELLO 3 under KVTEST_RESP=3).
  connection_pair connect_in_protocol();
  // Runs each command on both servers, on the test's own connections or on pair.
  void check(const script& commands, std::source_location where = std::source_location::current());
  void check(connection_pair& pair, const script& commands,
             std::source_location where = std::source_location::current());
  // Sends the same bytes to both (inline commands, pipelines) and compares the next reply_count
  // replies byte for byte.
  void check_raw(std::string_view bytes, std::size_t reply_count,
                 std::source_location where = std::source_location::current());
  // Reads the next `count` replies each server sends on pair without a request (pub/sub
  // messages, pushes) and compares them, byte for byte unless told otherwise.
  void check_received(connection_pair& pair, std::size_t count, const comparator& compare = exact(),
                      std::source_location where = std::source_location::current());
  // Sends a blocking command on both servers without waiting for its answer, then waits until
  // both count `now_blocked` clients waiting (INFO's blocked_clients, asked again until it
  // shows), so that what another client does next happens after it on both.
  void block(connection_pair& waiter, std::initializer_list<std::string_view> command, int now_blocked);
  // Waits until both servers count `count` blocked clients.
  void wait_blocked(int count);
  // Sends the same bytes to both on new connections and compares everything each server sends
  // until it closes the connection (QUIT, protocol errors).
  void check_closing(std::string_view bytes,
                     std::source_location where = std::source_location::current());

  // Whether `command`, sent by another client, aborts this client's transaction WATCHing the
  // keys: WATCH, the command elsewhere, then MULTI, PING, EXEC, each reply compared.
  void check_watch(std::initializer_list<std::string_view> keys, const step& command,
                   std::source_location where = std::source_location::current());

  connection_pair& connections() { return *connections_; }
  // Whether the test's connections speak RESP3 (KVTEST_RESP=3).
  bool resp3() const { return resp3_; }

 private:
  std::optional<connection_pair> connections_;
  bool resp3_ = false;
};

// The same, with both servers requiring the password "secret" (requirepass).
class differential_auth_test : public differential_test {
 protected:
  static void SetUpTestSuite() { start_servers("secret"); }
};

// SCAN's reply: the next cursor and the keys (fails the test and gives {"0", {}} if malformed).
std::pair<std::string, std::vector<std::string>> parse_scan_reply(std::string_view reply);

// A RESP request as a client library would send it, for raw-byte tests.
std::string encode(std::initializer_list<std::string_view> command);

}  // namespace kvtest

#include "differential.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <set>
#include <tuple>
#include <utility>

#include <kvmock/server.hpp>
#include <kvresp/reply_parser.hpp>
#include <kvresp/writer.hpp>

#include "redis_process.hpp"

namespace kvtest {
namespace {

struct suite_servers {
  std::string password;
  std::unique_ptr<redis_process> redis;
  std::unique_ptr<kvmock::server> fake;
  std::string startup_error;
  std::size_t commands_compared = 0;
};
std::unique_ptr<suite_servers> servers;

std::optional<long long> integer_reply(std::string_view reply) {
  if (reply.size() < 4 || reply.front() != ':' || !reply.ends_with("\r\n")) return std::nullopt;
  const std::string_view digits = reply.substr(1, reply.size() - 3);
  long long value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<std::string_view> bulk_string_body(std::string_view reply) {
  // RESP2's bulk string, or RESP3's verbatim string (whose text follows "txt:").
  const auto header_end = reply.find("\r\n");
  if (reply.empty() || (reply.front() != '$' && reply.front() != '=') ||
      header_end == std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t length = 0;
  const auto [end, error] = std::from_chars(reply.data() + 1, reply.data() + header_end, length);
  if (error != std::errc{} || end != reply.data() + header_end ||
      reply.size() != header_end + 2 + length + 2) {
    return std::nullopt;
  }
  const std::string_view body = reply.substr(header_end + 2, length);
  if (reply.front() == '=') return body.size() >= 4 ? body.substr(4) : std::optional<std::string_view>{};
  return body;
}

std::optional<std::set<std::string>> info_sections(std::string_view reply) {
  const auto body = bulk_string_body(reply);
  if (!body) return std::nullopt;
  std::set<std::string> sections;
  std::string_view rest = *body;
  while (!rest.empty()) {
    const auto line_end = rest.find("\r\n");
    const std::string_view line = rest.substr(0, line_end);
    if (line.starts_with("# ")) sections.emplace(line.substr(2));
    rest = line_end == std::string_view::npos ? std::string_view{} : rest.substr(line_end + 2);
  }
  return sections;
}

// The elements of an array of bulk strings.
std::optional<std::vector<std::string>> bulk_string_array(std::string_view reply) {
  kvresp::reply_parser parser;
  boost::system::error_code ec;
  // An array, or RESP3's map (its keys and values in turn) or set.
  const auto header = parser.consume(reply, ec);
  if (!header || (header->type != kvresp::reply_type::array &&
                  header->type != kvresp::reply_type::map && header->type != kvresp::reply_type::set)) {
    return std::nullopt;
  }
  std::vector<std::string> elements;
  while (!parser.done()) {
    const auto element = parser.consume(reply, ec);
    if (!element || element->type != kvresp::reply_type::bulk_string) return std::nullopt;
    elements.emplace_back(element->value);
  }
  if (parser.consumed() != reply.size()) return std::nullopt;
  return elements;
}

// The elements of an array or RESP3 set, each as its own bytes.
std::optional<std::vector<std::string_view>> elements_of(std::string_view reply) {
  kvresp::reply_parser parser;
  boost::system::error_code ec;
  const auto header = parser.consume(reply, ec);
  if (!header || (header->type != kvresp::reply_type::array && header->type != kvresp::reply_type::set)) {
    return std::nullopt;
  }
  std::vector<std::string_view> elements;
  std::string_view rest = reply.substr(parser.consumed());
  for (std::size_t i = 0; i < header->aggregate_size; ++i) {
    const auto length = kvresp::complete_reply_length(rest, ec);
    if (!length) return std::nullopt;
    elements.push_back(rest.substr(0, *length));
    rest.remove_prefix(*length);
  }
  return elements;
}

// HELLO's reply with the value of its "id" field replaced by a placeholder.
std::optional<std::string> without_hello_id(std::string_view reply) {
  constexpr std::string_view id_field = "$2\r\nid\r\n:";
  const auto value_start = reply.find(id_field);
  if (reply.empty() || (reply.front() != '*' && reply.front() != '%') ||
      value_start == std::string_view::npos) {
    return std::nullopt;
  }
  const auto value_end = reply.find("\r\n", value_start + id_field.size());
  if (value_end == std::string_view::npos) return std::nullopt;
  std::string masked(reply.substr(0, value_start + id_field.size()));
  masked += "<id>";
  masked += reply.substr(value_end);
  return masked;
}

// A command as it reads in a failure message: arguments quoted when needed, long ones shortened.
std::string describe(const std::vector<std::string>& args) {
  constexpr std::size_t shown_prefix = 40;
  std::string text;
  for (const auto& arg : args) {
    if (!text.empty()) text += ' ';
    const bool quote = arg.empty() || std::any_of(arg.begin(), arg.end(), [](char c) {
                         return c == ' ' || c == '"' || c < 0x20 || c > 0x7e;
                       });
    std::string shown = escape(arg.size() > 2 * shown_prefix ? arg.substr(0, shown_prefix) : arg);
    if (quote) {
      std::string quoted;
      for (const char c : shown) {
        if (c == '"') quoted += '\\';
        quoted += c;
      }
      shown = '"' + quoted + '"';
    }
    if (arg.size() > 2 * shown_prefix) shown += "...(" + std::to_string(arg.size()) + " bytes)";
    text += shown;
  }
  return text;
}

// Bytes as they read in a failure message, escaped and shortened past shown_prefix.
std::string shorten(std::string_view bytes, std::size_t shown_prefix) {
  if (bytes.size() <= 2 * shown_prefix) return escape(bytes);
  return escape(bytes.substr(0, shown_prefix)) + "...(" + std::to_string(bytes.size()) + " bytes)";
}

std::string describe_bytes(std::string_view bytes) { return '"' + shorten(bytes, 80) + '"'; }

void report_mismatch(const std::string& what, const comparator& compare,
                     std::string_view redis_reply, std::string_view fake_reply,
                     std::source_location where) {
  const auto show = [&](std::string_view reply) {
    return compare.show ? compare.show(reply) : shorten(reply, 1000);
  };
  ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line()))
      << "replies differ for: " << what << "\n  compared by:  " << compare.name
      << "\n  redis-server: " << show(redis_reply) << "\n  kvmock:       " << show(fake_reply);
}

// Runs action against each server. A side that throws (closed connection, no reply) fails the
// test, and the result is then nullopt: the connections are no use to the rest of the script.
std::optional<std::pair<std::string, std::string>> on_both(
    connection_pair& pair, const std::string& what,
    const std::function<std::string(raw_client&)>& action, std::source_location where) {
  std::pair<std::string, std::string> replies;
  for (auto [client, side, reply] : {std::tuple{&pair.redis, "redis-server", &replies.first},
                                     std::tuple{&pair.fake, "kvmock", &replies.second}}) {
    try {
      *reply = action(*client);
    } catch (const std::exception& error) {
      ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line()))
          << side << " failed on: " << what << "\n  " << escape(error.what());
      return std::nullopt;
    }
  }
  return replies;
}

}  // namespace

comparator exact() {
  return {"exact bytes", [](std::string_view a, std::string_view b) { return a == b; }};
}

comparator ttl_within(long long tolerance) {
  return {"ttl_within(" + std::to_string(tolerance) + ")",
          [tolerance](std::string_view a, std::string_view b) {
            const auto ttl_a = integer_reply(a);
            const auto ttl_b = integer_reply(b);
            if (!ttl_a || !ttl_b || *ttl_a < 0 || *ttl_b < 0) return a == b;
            return std::max(*ttl_a, *ttl_b) - std::min(*ttl_a, *ttl_b) <= tolerance;
          }};
}

comparator integers_within(long long tolerance) {
  return {"integers_within(" + std::to_string(tolerance) + ")",
          [tolerance](std::string_view a, std::string_view b) {
            // Line by line: integer lines within the tolerance, every other line the same.
            while (!a.empty() || !b.empty()) {
              const auto end_a = a.find("\r\n");
              const auto end_b = b.find("\r\n");
              const std::string_view line_a = a.substr(0, end_a);
              const std::string_view line_b = b.substr(0, end_b);
              if (line_a != line_b) {
                const auto n_a = integer_reply(std::string(line_a) + "\r\n");
                const auto n_b = integer_reply(std::string(line_b) + "\r\n");
                if (!n_a || !n_b || std::max(*n_a, *n_b) - std::min(*n_a, *n_b) > tolerance) return false;
              }
              if (end_a == std::string_view::npos || end_b == std::string_view::npos) return end_a == end_b;
              a.remove_prefix(end_a + 2);
              b.remove_prefix(end_b + 2);
            }
            return true;
          }};
}

comparator any_integer() {
  return {"any_integer", [](std::string_view a, std::string_view b) {
            return integer_reply(a).has_value() && integer_reply(b).has_value();
          }};
}

comparator any_array() {
  // An array on both sides, or in RESP3 a map on both.
  return {"any_array", [](std::string_view a, std::string_view b) {
            return !a.empty() && !b.empty() && a.front() == b.front() &&
                   (a.front() == '*' || a.front() == '%');
          }};
}

comparator info_bulk() {
  return {"info_bulk (same section names)",
          [](std::string_view a, std::string_view b) {
            const auto sections_a = info_sections(a);
            return sections_a.has_value() && sections_a == info_sections(b);
          },
          [](std::string_view reply) {
            const auto sections = info_sections(reply);
            if (!sections) return "not a bulk string: " + shorten(reply, 1000);
            std::string shown = "sections";
            for (const auto& section : *sections) shown += " [" + section + ']';
            return shown;
          }};
}

comparator hello_except_id() {
  return {"hello_except_id", [](std::string_view a, std::string_view b) {
            const auto masked_a = without_hello_id(a);
            return masked_a.has_value() && masked_a == without_hello_id(b);
          }};
}

comparator unordered_pairs(std::vector<std::string> values_ignored) {
  return {"unordered_pairs", [values_ignored](std::string_view a, std::string_view b) {
            auto pairs = [&](std::string_view reply) -> std::optional<std::vector<std::string>> {
              auto elements = bulk_string_array(reply);
              if (!elements || elements->size() % 2 != 0) return std::nullopt;
              std::vector<std::string> joined;
              for (std::size_t i = 0; i < elements->size(); i += 2) {
                const bool ignored = std::find(values_ignored.begin(), values_ignored.end(),
                                               (*elements)[i]) != values_ignored.end();
                joined.push_back((*elements)[i] + '\0' + (ignored ? std::string() : (*elements)[i + 1]));
              }
              std::sort(joined.begin(), joined.end());
              return joined;
            };
            const auto pairs_a = pairs(a);
            return pairs_a.has_value() && pairs_a == pairs(b);
          }};
}

comparator unordered_elements() {
  return {"unordered_elements", [](std::string_view a, std::string_view b) {
            auto sorted = [](std::string_view reply) {
              auto elements = bulk_string_array(reply);
              if (elements) std::sort(elements->begin(), elements->end());
              return elements;
            };
            const auto sorted_a = sorted(a);
            return sorted_a.has_value() && sorted_a == sorted(b);
          }};
}

comparator same_reply_type() {
  return {"same_reply_type", [](std::string_view a, std::string_view b) {
            return !a.empty() && !b.empty() && a.front() == b.front() &&
                   (a.front() != '$' || (a == "$-1\r\n") == (b == "$-1\r\n"));
          }};
}

comparator same_header() {
  return {"same_header", [](std::string_view a, std::string_view b) {
            const auto a_end = a.find("\r\n");
            return a_end != std::string_view::npos && a.substr(0, a_end + 2) == b.substr(0, a_end + 2);
          }};
}

comparator command_info_head() {
  return {"command_info_head", [](std::string_view a, std::string_view b) {
            const auto outer_a = elements_of(a), outer_b = elements_of(b);
            if (!outer_a || !outer_b || outer_a->size() != outer_b->size()) return false;
            for (std::size_t i = 0; i < outer_a->size(); ++i) {
              const auto info_a = elements_of((*outer_a)[i]), info_b = elements_of((*outer_b)[i]);
              if (!info_a || !info_b || info_a->size() != 10 || info_b->size() != 10) return false;
              for (std::size_t field = 0; field < 10; ++field) {
                const bool exact_field = field <= 1 || (field >= 3 && field <= 5);
                const auto x = (*info_a)[field], y = (*info_b)[field];
                if (exact_field ? x != y : x.front() != y.front()) return false;
              }
            }
            return true;
          }};
}

std::pair<std::string, std::vector<std::string>> parse_scan_reply(std::string_view reply) {
  kvresp::reply_parser parser;
  boost::system::error_code ec;
  const auto outer = parser.consume(reply, ec);
  const auto cursor = parser.consume(reply, ec);
  const auto keys = parser.consume(reply, ec);
  if (!outer || outer->aggregate_size != 2 || !cursor || !keys ||
      keys->type != kvresp::reply_type::array) {
    ADD_FAILURE() << "not a SCAN reply: " << escape(reply);
    return {"0", {}};
  }
  std::pair<std::string, std::vector<std::string>> result{std::string(cursor->value), {}};
  for (std::size_t i = 0; i < keys->aggregate_size; ++i) {
    const auto key = parser.consume(reply, ec);
    if (!key) {
      ADD_FAILURE() << "not a SCAN reply: " << escape(reply);
      return {"0", {}};
    }
    result.second.emplace_back(key->value);
  }
  return result;
}

step::step(std::initializer_list<std::string_view> command)
    : step(exact(), command) {}

step::step(comparator compare_by, std::initializer_list<std::string_view> command)
    : args(command.begin(), command.end()), compare(std::move(compare_by)) {}

step::step(std::vector<std::string> command, comparator compare_by)
    : args(std::move(command)), compare(std::move(compare_by)) {}

std::string escape(std::string_view bytes) {
  std::string text;
  for (const char c : bytes) {
    switch (c) {
      case '\r': text += "\\r"; break;
      case '\n': text += "\\n"; break;
      case '\\': text += "\\\\"; break;
      default:
        if (c >= 0x20 && c <= 0x7e) {
          text += c;
        } else {
          char hex[5];
          std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
          text += hex;
        }
    }
  }
  return text;
}

std::string encode(std::initializer_list<std::string_view> command) {
  std::string bytes;
  kvresp::append_command(bytes, command);
  return bytes;
}

void differential_test::start_servers(const std::string& password,
                                      const std::vector<std::pair<std::string, std::string>>& config) {
  servers = std::make_unique<suite_servers>();
  servers->password = password;
  if (!find_redis_server()) return;  // SetUp() skips or fails each test
  try {
    std::vector<std::string> redis_args;
    if (!password.empty()) redis_args = {"--requirepass", password};
    for (const auto& [name, value] : config) {
      redis_args.push_back("--" + name);
      redis_args.push_back(value);
    }
    servers->redis = std::make_unique<redis_process>(redis_args);
    kvmock::server_options options;
    options.requirepass = password;
    options.config = config;
    servers->fake = std::make_unique<kvmock::server>(options);
  } catch (const std::exception& error) {
    servers->startup_error = error.what();
  }
}

void differential_test::TearDownTestSuite() {
  if (servers) RecordProperty("commands_compared", static_cast<int>(servers->commands_compared));
  servers.reset();
}

void differential_test::SetUp() {
  require_redis_server();
  if (IsSkipped() || HasFatalFailure()) return;
  ASSERT_TRUE(servers != nullptr && servers->startup_error.empty())
      << "the servers did not start: " << (servers ? servers->startup_error : "no suite set-up");
  // A blank slate: both servers empty, and connections with no state (db, name, MULTI, WATCH).
  raw_client admin(servers->redis->port());
  if (!servers->password.empty()) {
    ASSERT_EQ(admin.command({"AUTH", servers->password}), "+OK\r\n");
  }
  ASSERT_EQ(admin.command({"FLUSHALL"}), "+OK\r\n");
  servers->fake->flush_all();
  connections_.emplace(connect());
  // KVTEST_RESP=3 runs every script over RESP3 (but the password suites, whose tests begin
  // before AUTH).
  const char* resp = std::getenv("KVTEST_RESP");
  if (resp != nullptr && std::string_view(resp) == "3" && servers->password.empty()) {
    ASSERT_TRUE(connections_->redis.command({"HELLO", "3"}).starts_with("%7"));
    ASSERT_TRUE(connections_->fake.command({"HELLO", "3"}).starts_with("%7"));
    resp3_ = true;
  }
}

connection_pair differential_test::connect() {
  return {raw_client(servers->redis->port()), raw_client(servers->fake->port())};
}

connection_pair differential_test::connect_in_protocol() {
  auto pair = connect();
  if (resp3_) check(pair, {step(hello_except_id(), {"HELLO", "3"})});
  return pair;
}

namespace {

std::string blocked_clients(raw_client& client) {
  const std::string info = client.command({"INFO", "clients"});
  const auto at = info.find("blocked_clients:");
  return info.substr(at + 16, info.find("\r\n", at) - at - 16);
}

}  // namespace

void differential_test::block(connection_pair& waiter, std::initializer_list<std::string_view> command,
                              int now_blocked) {
  waiter.redis.send(encode(command));
  waiter.fake.send(encode(command));
  wait_blocked(now_blocked);
}

void differential_test::wait_blocked(int count) {
  const std::string expected = std::to_string(count);
  auto& control = connections();
  while (blocked_clients(control.redis) != expected || blocked_clients(control.fake) != expected) {
  }
}

void differential_test::check_received(connection_pair& pair, std::size_t count, const comparator& compare,
                                       std::source_location where) {
  for (std::size_t i = 1; i <= count; ++i) {
    const std::string what = "received message " + std::to_string(i) + " of " + std::to_string(count);
    ++servers->commands_compared;
    const auto replies = on_both(pair, what, [](raw_client& client) { return client.read_reply(); }, where);
    if (!replies) return;
    if (!compare.agree(replies->first, replies->second)) {
      report_mismatch(what, compare, replies->first, replies->second, where);
    }
  }
}

void differential_test::check(const script& commands, std::source_location where) {
  check(connections(), commands, where);
}

void differential_test::check(connection_pair& pair, const script& commands,
                              std::source_location where) {
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const auto& command = commands[i];
    const std::string what = "command " + std::to_string(i + 1) + " of " +
                             std::to_string(commands.size()) + ": " + describe(command.args);
    ++servers->commands_compared;
    const auto replies = on_both(
        pair, what, [&](raw_client& client) { return client.command(command.args); }, where);
    if (!replies) return;
    if (!command.compare.agree(replies->first, replies->second)) {
      report_mismatch(what, command.compare, replies->first, replies->second, where);
    }
  }
}

void differential_test::check_watch(std::initializer_list<std::string_view> keys, const step& command,
                                    std::source_location where) {
  std::vector<std::string> watch{"WATCH"};
  watch.insert(watch.end(), keys.begin(), keys.end());
  check({step(std::move(watch))}, where);
  auto other = connect();
  check(other, {command}, where);
  check({{"MULTI"}, {"PING"}, {"EXEC"}}, where);
}

void differential_test::check_raw(std::string_view bytes, std::size_t reply_count,
                                  std::source_location where) {
  auto& pair = connections();
  const std::string sent = "raw " + describe_bytes(bytes);
  if (!on_both(pair, sent, [&](raw_client& client) { client.send(bytes); return std::string(); },
               where)) {
    return;
  }
  for (std::size_t i = 1; i <= reply_count; ++i) {
    const std::string what = sent + ", reply " + std::to_string(i) + " of " +
                             std::to_string(reply_count);
    ++servers->commands_compared;
    const auto replies =
        on_both(pair, what, [](raw_client& client) { return client.read_reply(); }, where);
    if (!replies) return;
    if (replies->first != replies->second) {
      report_mismatch(what, exact(), replies->first, replies->second, where);
    }
  }
}

void differential_test::check_closing(std::string_view bytes, std::source_location where) {
  auto pair = connect();
  const std::string what = "raw " + describe_bytes(bytes) + " until the server closes";
  ++servers->commands_compared;
  const auto replies = on_both(
      pair, what,
      [&](raw_client& client) {
        client.send(bytes);
        return client.read_until_closed();
      },
      where);
  if (replies && replies->first != replies->second) {
    report_mismatch(what, exact(), replies->first, replies->second, where);
  }
}

}  // namespace kvtest

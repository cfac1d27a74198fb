#pragma once
// GoogleMock matchers for tests of code that uses kvpool and kvmock:
//
//   EXPECT_THAT(ec, kvtest::HasError(kvpool::error::timeout));
//   EXPECT_THAT(reply, kvtest::IsBulkString("alice"));          // a kvpool::reply
//   EXPECT_THAT(reply, kvtest::IsErrorReply(HasSubstr("LOADING")));
//   EXPECT_THAT(server(), kvtest::StringAt("user:1", "alice"));
//   EXPECT_THAT(server(), kvtest::ListAt("queue", ElementsAre("a", "b")));
//   EXPECT_THAT(server(), kvtest::SortedSetAt("board", Contains(Pair("ann", 12))));
//   EXPECT_THAT(server(), kvtest::TtlAt("session", Optional(Le(std::chrono::minutes(30)))));
//
// A failed match says what the key held (or that it was missing, or of which type).

#include <boost/system/error_code.hpp>
#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <gmock/gmock.h>

#include "kvmock/server.hpp"
#include "kvpool/reply.hpp"

namespace kvtest {

// An error_code equal to `expected` (an error enum of any category, or an error_code).
MATCHER_P(HasError, expected,
          std::string(negation ? "is not " : "is ") + boost::system::error_code(expected).message()) {
  const boost::system::error_code wanted(expected);
  *result_listener << "which is " << arg.category().name() << ":" << arg.value() << " (" << arg.message() << ")";
  return arg == wanted;
}

// kvpool::reply of one type, whose text (or integer) matches. A plain value matches an equal one.
MATCHER_P(IsBulkString, text, std::string(negation ? "is not" : "is") + " a bulk string that " +
                                  ::testing::DescribeMatcher<std::string>(text)) {
  if (arg.type() != kvpool::reply_type::bulk_string) {
    *result_listener << "which is " << arg;
    return false;
  }
  return ::testing::ExplainMatchResult(text, arg.text(), result_listener);
}
MATCHER_P(IsSimpleString, text, std::string(negation ? "is not" : "is") + " a simple string that " +
                                    ::testing::DescribeMatcher<std::string>(text)) {
  if (arg.type() != kvpool::reply_type::simple_string) {
    *result_listener << "which is " << arg;
    return false;
  }
  return ::testing::ExplainMatchResult(text, arg.text(), result_listener);
}
MATCHER_P(IsErrorReply, text, std::string(negation ? "is not" : "is") + " an error reply that " +
                                  ::testing::DescribeMatcher<std::string>(text)) {
  if (!arg.is_error()) {
    *result_listener << "which is " << arg;
    return false;
  }
  return ::testing::ExplainMatchResult(text, arg.text(), result_listener);
}
MATCHER_P(IsIntegerReply, value, std::string(negation ? "is not" : "is") + " an integer reply that " +
                                     ::testing::DescribeMatcher<long long>(value)) {
  if (arg.type() != kvpool::reply_type::integer) {
    *result_listener << "which is " << arg;
    return false;
  }
  return ::testing::ExplainMatchResult(value, arg.as_integer(), result_listener);
}
MATCHER(IsNullReply, negation ? "is not a null reply" : "is a null reply") {
  *result_listener << "which is " << arg;
  return arg.is_null();
}

namespace detail {

// The value a server holds at a key, read with `read`, matched by `inner`; what the key holds is
// printed when the match fails, including "missing" and "holds a <type>".
template <typename Read, typename Inner>
class key_matcher {
 public:
  using is_gtest_matcher = void;
  key_matcher(std::string key, Read read, Inner inner, const char* what)
      : key_(std::move(key)), read_(read), inner_(std::move(inner)), what_(what) {}

  bool MatchAndExplain(const kvmock::server& server, ::testing::MatchResultListener* listener) const {
    using value_type = std::decay_t<decltype(read_(server, key_))>;
    const ::testing::Matcher<const value_type&> inner = ::testing::SafeMatcherCast<const value_type&>(inner_);
    try {
      const value_type value = read_(server, key_);
      *listener << "whose " << what_ << " at \"" << key_ << "\" is " << ::testing::PrintToString(value);
      return inner.MatchAndExplain(value, listener);
    } catch (const std::invalid_argument& e) {
      *listener << "where " << e.what();
      return false;
    }
  }
  void DescribeTo(std::ostream* os) const {
    *os << "has a " << what_ << " at \"" << key_ << "\" that ";
    describe_inner(os);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "has no " << what_ << " at \"" << key_ << "\" that ";
    describe_inner(os);
  }

 private:
  void describe_inner(std::ostream* os) const {
    using value_type = std::decay_t<decltype(read_(std::declval<const kvmock::server&>(), key_))>;
    ::testing::SafeMatcherCast<const value_type&>(inner_).DescribeTo(os);
  }
  std::string key_;
  Read read_;
  Inner inner_;
  const char* what_;
};

template <typename Read, typename Inner>
key_matcher<Read, Inner> make_key_matcher(std::string key, Read read, Inner inner, const char* what) {
  return {std::move(key), read, std::move(inner), what};
}

}  // namespace detail

// The string at `key` (std::optional<std::string>: nullopt when missing); a plain value
// matches an existing string equal to it.
template <typename Inner>
auto StringAt(std::string key, Inner inner) {
  auto read = [](const kvmock::server& s, const std::string& k) { return s.get(k); };
  if constexpr (std::is_convertible_v<Inner, std::string_view>) {
    return detail::make_key_matcher(std::move(key), read, ::testing::Optional(::testing::Eq(std::string(inner))),
                                    "string");
  } else {
    return detail::make_key_matcher(std::move(key), read, std::move(inner), "string");
  }
}
// A list's elements, head first (std::vector<std::string>; empty when missing).
template <typename Inner>
auto ListAt(std::string key, Inner inner) {
  return detail::make_key_matcher(std::move(key), [](const kvmock::server& s, const std::string& k) { return s.list(k); },
                                  std::move(inner), "list");
}
// A hash's (field, value) pairs in HGETALL's order.
template <typename Inner>
auto HashAt(std::string key, Inner inner) {
  return detail::make_key_matcher(std::move(key), [](const kvmock::server& s, const std::string& k) { return s.hash(k); },
                                  std::move(inner), "hash");
}
// A set's members, sorted.
template <typename Inner>
auto MembersAt(std::string key, Inner inner) {
  return detail::make_key_matcher(std::move(key),
                                  [](const kvmock::server& s, const std::string& k) { return s.members(k); },
                                  std::move(inner), "set");
}
// A sorted set's (member, score) pairs, lowest score first.
template <typename Inner>
auto SortedSetAt(std::string key, Inner inner) {
  return detail::make_key_matcher(std::move(key),
                                  [](const kvmock::server& s, const std::string& k) { return s.sorted_set(k); },
                                  std::move(inner), "sorted set");
}
// The remaining time to live (std::optional<std::chrono::milliseconds>: nullopt when the key is
// missing or has none).
template <typename Inner>
auto TtlAt(std::string key, Inner inner) {
  return detail::make_key_matcher(std::move(key), [](const kvmock::server& s, const std::string& k) { return s.ttl(k); },
                                  std::move(inner), "TTL");
}

}  // namespace kvtest

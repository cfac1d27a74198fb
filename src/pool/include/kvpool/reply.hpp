#pragma once
// A RESP2 reply as a value: a simple string, an error, an integer, a bulk string, a null, or an
// array of replies. Replies own their bytes, so they outlive the connection's read buffer.

#include <iosfwd>
#include <string>
#include <vector>

#include <kvresp/reply_parser.hpp>

namespace kvpool {

using reply_type = kvresp::reply_type;

class reply {
 public:
  // A null reply.
  reply() noexcept : type_(reply_type::null) {}
  static reply simple_string(std::string text);
  static reply error(std::string message);
  static reply integer(long long value);
  static reply bulk_string(std::string bytes);
  static reply null();
  static reply array(std::vector<reply> elements = {});

  reply_type type() const noexcept { return type_; }
  bool is_error() const noexcept { return type_ == reply_type::error; }
  bool is_null() const noexcept { return type_ == reply_type::null; }
  bool is_array() const noexcept { return type_ == reply_type::array; }
  // Simple string or bulk string: the two ways a server sends text.
  bool is_text() const noexcept {
    return type_ == reply_type::simple_string || type_ == reply_type::bulk_string;
  }

  // The payload of a simple string, error (without the '-') or bulk string.
  // Throws std::logic_error for other types: asking is a bug in the caller.
  const std::string& text() const;
  std::string& text();
  // Throws std::logic_error unless type() is integer.
  long long as_integer() const;
  // Throws std::logic_error unless type() is array.
  const std::vector<reply>& elements() const;
  std::vector<reply>& elements();

  friend bool operator==(const reply&, const reply&) = default;

 private:
  explicit reply(reply_type type) noexcept : type_(type) {}

  reply_type type_;
  long long integer_ = 0;
  std::string text_;
  std::vector<reply> elements_;
};

// Redis-like rendering for messages and test failures, e.g. ["OK", (error) ERR x, (integer) 3, nil].
std::ostream& operator<<(std::ostream& out, const reply& value);

}  // namespace kvpool

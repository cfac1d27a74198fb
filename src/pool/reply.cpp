#include "kvpool/reply.hpp"

#include <ostream>
#include <stdexcept>
#include <utility>

namespace kvpool {
namespace {

[[noreturn]] void wrong_type(const char* wanted) {
  throw std::logic_error(std::string("kvpool::reply is not ") + wanted);
}

}  // namespace

reply reply::simple_string(std::string text) {
  reply value(reply_type::simple_string);
  value.text_ = std::move(text);
  return value;
}

reply reply::error(std::string message) {
  reply value(reply_type::error);
  value.text_ = std::move(message);
  return value;
}

reply reply::integer(long long number) {
  reply value(reply_type::integer);
  value.integer_ = number;
  return value;
}

reply reply::bulk_string(std::string bytes) {
  reply value(reply_type::bulk_string);
  value.text_ = std::move(bytes);
  return value;
}

reply reply::null() { return {}; }

reply reply::array(std::vector<reply> elements) {
  reply value(reply_type::array);
  value.elements_ = std::move(elements);
  return value;
}

const std::string& reply::text() const {
  if (!is_text() && !is_error()) wrong_type("a string or an error");
  return text_;
}

std::string& reply::text() {
  if (!is_text() && !is_error()) wrong_type("a string or an error");
  return text_;
}

long long reply::as_integer() const {
  if (type_ != reply_type::integer) wrong_type("an integer");
  return integer_;
}

const std::vector<reply>& reply::elements() const {
  if (!is_array()) wrong_type("an array");
  return elements_;
}

std::vector<reply>& reply::elements() {
  if (!is_array()) wrong_type("an array");
  return elements_;
}

std::ostream& operator<<(std::ostream& out, const reply& value) {
  switch (value.type()) {
    case reply_type::simple_string:
    case reply_type::bulk_string:
      return out << '"' << value.text() << '"';
    case reply_type::error:
      return out << "(error) " << value.text();
    case reply_type::integer:
      return out << "(integer) " << value.as_integer();
    case reply_type::null:
      return out << "nil";
    case reply_type::array: {
      out << '[';
      const char* separator = "";
      for (const auto& element : value.elements()) {
        out << separator << element;
        separator = ", ";
      }
      return out << ']';
    }
    default:  // a reply holds RESP2 types only
      return out;
  }
}

}  // namespace kvpool

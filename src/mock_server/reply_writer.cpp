#include "reply_writer.hpp"

#include <cmath>
#include <cstdio>

#include "kvresp/writer.hpp"
#include "numbers.hpp"

namespace kvmock {
namespace {

void header(std::string& out, char type, std::size_t size) {
  out += type;
  out += std::to_string(size);
  out += "\r\n";
}

}  // namespace

void reply_writer::ok() { *out_ += "+OK\r\n"; }

void reply_writer::boolean(bool value) {
  if (resp3()) {
    *out_ += value ? "#t\r\n" : "#f\r\n";
  } else {
    *out_ += value ? ":1\r\n" : ":0\r\n";
  }
}

void reply_writer::big_number(std::string_view digits) {
  if (!resp3()) return bulk(digits);
  *out_ += '(';
  *out_ += digits;
  *out_ += "\r\n";
}

void reply_writer::status(std::string_view text) { kvresp::append_simple_string(*out_, text); }

void reply_writer::error(std::string_view message) { kvresp::append_error(*out_, message); }

void reply_writer::integer(long long value) { kvresp::append_integer(*out_, value); }

void reply_writer::bulk(std::string_view bytes) { kvresp::append_bulk_string(*out_, bytes); }

void reply_writer::null() { *out_ += resp3() ? "_\r\n" : "$-1\r\n"; }

void reply_writer::null_array() { *out_ += resp3() ? "_\r\n" : "*-1\r\n"; }

void reply_writer::array(std::size_t elements) { kvresp::append_array_header(*out_, elements); }

void reply_writer::map(std::size_t pairs) {
  if (resp3()) {
    kvresp::append_map_header(*out_, pairs);
  } else {
    kvresp::append_array_header(*out_, pairs * 2);
  }
}

void reply_writer::set(std::size_t members) { header(*out_, resp3() ? '~' : '*', members); }

void reply_writer::push(std::size_t elements) { header(*out_, resp3() ? '>' : '*', elements); }

void reply_writer::double_value(double value) { double_text(format_double(value)); }

void reply_writer::human_double(long double value) { double_text(format_long_double(value)); }

void reply_writer::double_text(std::string_view formatted) {
  if (resp3()) {
    *out_ += ',';
    *out_ += formatted;
    *out_ += "\r\n";
  } else {
    kvresp::append_bulk_string(*out_, formatted);
  }
}

void reply_writer::verbatim(std::string_view text) {
  if (resp3()) {
    kvresp::append_verbatim_string(*out_, "txt", text);
  } else {
    kvresp::append_bulk_string(*out_, text);
  }
}

void reply_writer::raw(std::string_view encoded) { *out_ += encoded; }

}  // namespace kvmock

#include "kvresp/writer.hpp"

#include <charconv>

namespace kvresp {
namespace {

void append_line(std::string& out, char type, long long value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out += type;
  out.append(digits, end);
  out += "\r\n";
}

}  // namespace

void append_simple_string(std::string& out, std::string_view text) {
  out += '+';
  out += text;
  out += "\r\n";
}

void append_error(std::string& out, std::string_view message) {
  out += '-';
  const auto start = out.size();
  out += message;
  for (auto i = start; i < out.size(); ++i) {
    if (out[i] == '\r' || out[i] == '\n') out[i] = ' ';
  }
  out += "\r\n";
}

void append_integer(std::string& out, long long value) { append_line(out, ':', value); }

void append_bulk_string(std::string& out, std::string_view bytes) {
  append_line(out, '$', static_cast<long long>(bytes.size()));
  out += bytes;
  out += "\r\n";
}

void append_null_bulk(std::string& out) { out += "$-1\r\n"; }

void append_null_array(std::string& out) { out += "*-1\r\n"; }

void append_array_header(std::string& out, std::size_t size) {
  append_line(out, '*', static_cast<long long>(size));
}

void append_map_header(std::string& out, std::size_t pairs) {
  append_line(out, '%', static_cast<long long>(pairs));
}

void append_verbatim_string(std::string& out, std::string_view format, std::string_view text) {
  append_line(out, '=', static_cast<long long>(format.size() + 1 + text.size()));
  out += format;
  out += ':';
  out += text;
  out += "\r\n";
}

void append_command(std::string& out, std::span<const std::string_view> args) {
  append_array_header(out, args.size());
  for (const auto arg : args) append_bulk_string(out, arg);
}

void append_command(std::string& out, std::initializer_list<std::string_view> args) {
  append_command(out, std::span<const std::string_view>(args.begin(), args.size()));
}

}  // namespace kvresp

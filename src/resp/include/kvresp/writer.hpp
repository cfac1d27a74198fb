#pragma once
// RESP2 encoders: replies (server side) and commands (client side), appended to a byte string.

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace kvresp {

void append_simple_string(std::string& out, std::string_view text);
// message starts with the error code, e.g. "ERR syntax error"; CR and LF become spaces as in Redis.
void append_error(std::string& out, std::string_view message);
void append_integer(std::string& out, long long value);
void append_bulk_string(std::string& out, std::string_view bytes);
void append_null_bulk(std::string& out);
void append_null_array(std::string& out);
void append_array_header(std::string& out, std::size_t size);
// RESP3: a map of `pairs` key-value pairs, and a verbatim string ("=len\r\nfmt:text\r\n",
// fmt three characters such as "txt").
void append_map_header(std::string& out, std::size_t pairs);
void append_verbatim_string(std::string& out, std::string_view format, std::string_view text);

// A command as a RESP array of bulk strings.
void append_command(std::string& out, std::span<const std::string_view> args);
void append_command(std::string& out, std::initializer_list<std::string_view> args);

}  // namespace kvresp

#pragma once
// Replies Redis 7.0 shares between commands (server.c's shared objects), byte for byte.

#include <string>
#include <string_view>

namespace kvmock::replies {

inline constexpr std::string_view ok = "+OK\r\n";
inline constexpr std::string_view queued = "+QUEUED\r\n";
inline constexpr std::string_view zero = ":0\r\n";
inline constexpr std::string_view one = ":1\r\n";
inline constexpr std::string_view null_bulk = "$-1\r\n";
inline constexpr std::string_view null_array = "*-1\r\n";
inline constexpr std::string_view empty_array = "*0\r\n";
inline constexpr std::string_view syntax_error = "-ERR syntax error\r\n";
inline constexpr std::string_view not_an_integer = "-ERR value is not an integer or out of range\r\n";
inline constexpr std::string_view wrong_type =
    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
inline constexpr std::string_view no_such_key = "-ERR no such key\r\n";
inline constexpr std::string_view out_of_range_positive =
    "-ERR value is out of range, must be positive\r\n";
inline constexpr std::string_view overflow = "-ERR increment or decrement would overflow\r\n";
inline constexpr std::string_view no_auth = "-NOAUTH Authentication required.\r\n";
inline constexpr std::string_view wrong_pass =
    "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
inline constexpr std::string_view exec_abort =
    "-EXECABORT Transaction discarded because of previous errors.\r\n";

// "-ERR wrong number of arguments for 'get' command"
std::string arity_error(std::string_view full_name);
// "-ERR invalid expire time in 'set' command"
std::string invalid_expire_error(std::string_view full_name);

}  // namespace kvmock::replies

#pragma once
// Numbers as Redis reads and writes them in text, where its rules differ from the C library's:
// INCRBYFLOAT's and HINCRBYFLOAT's long doubles, scores.

#include <string>
#include <string_view>

namespace kvmock {

// As string2ld: no leading space, the whole text, no NaN, no overflow to infinity or underflow
// to zero; infinity itself is accepted (callers reject it where Redis does).
bool parse_long_double(std::string_view text, long double& value);
// As ld2string in its human mode: 17 decimals, never an exponent, trailing zeros dropped, and
// "-0" written "0".
std::string format_long_double(long double value);

// A double as addReplyDouble writes it: "%.17g", and "inf" or "-inf".
std::string format_double(double value);
// A score as a listpack holds it (d2string): an integral score within +-2^62 as an integer
// ("100000000000000000", where format_double writes "1e+17"), any other as format_double.
std::string format_listpack_score(double value);

}  // namespace kvmock

#include "numbers.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace kvmock {

namespace {
// Redis's MAX_LONG_DOUBLE_CHARS: longer texts are refused, and the longest finite long double
// printed with 17 decimals fits.
constexpr std::size_t max_long_double_chars = 5 * 1024;
}  // namespace

bool parse_long_double(std::string_view text, long double& value) {
  if (text.empty() || text.size() >= max_long_double_chars ||
      std::isspace(static_cast<unsigned char>(text[0])) != 0) {
    return false;
  }
  const std::string copy(text);  // strtold needs the terminating NUL
  char* end = nullptr;
  errno = 0;
  value = std::strtold(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return false;
  if (errno == ERANGE && (value == HUGE_VALL || value == -HUGE_VALL || std::fpclassify(value) == FP_ZERO)) {
    return false;
  }
  return !std::isnan(value);
}

std::string format_long_double(long double value) {
  char buffer[max_long_double_chars];
  int length = std::snprintf(buffer, sizeof buffer, "%.17Lf", value);
  if (length < 0 || static_cast<std::size_t>(length) + 1 > sizeof buffer) return "0";
  if (std::string_view(buffer, static_cast<std::size_t>(length)).find('.') != std::string_view::npos) {
    while (buffer[length - 1] == '0') --length;
    if (buffer[length - 1] == '.') --length;
  }
  if (length == 2 && buffer[0] == '-' && buffer[1] == '0') return "0";
  return std::string(buffer, static_cast<std::size_t>(length));
}

std::string format_double(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[64];
  const int length = std::snprintf(text, sizeof text, "%.17g", value);
  return std::string(text, static_cast<std::size_t>(length));
}

std::string format_listpack_score(double value) {
  // double2ll's bounds: (double)(LLONG_MAX / 2) is 2^62.
  constexpr double bound = 4611686018427387904.0;
  if (value >= -bound && value <= bound) {
    const auto integral = static_cast<long long>(value);
    if (static_cast<double>(integral) == value) return std::to_string(integral);
  }
  return format_double(value);
}

}  // namespace kvmock

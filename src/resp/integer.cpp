#include "kvresp/integer.hpp"

#include <climits>

namespace kvresp {

bool parse_integer(std::string_view text, long long& value) noexcept {
  constexpr std::size_t max_length = 20;  // "-9223372036854775808"
  if (text.empty() || text.size() > max_length) return false;
  if (text == "0") {
    value = 0;
    return true;
  }
  std::size_t i = 0;
  const bool negative = text[0] == '-';
  if (negative && ++i == text.size()) return false;
  if (text[i] < '1' || text[i] > '9') return false;
  unsigned long long magnitude = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    const unsigned digit = static_cast<unsigned>(c - '0');
    if (magnitude > (ULLONG_MAX - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  if (negative) {
    if (magnitude > static_cast<unsigned long long>(LLONG_MAX) + 1) return false;
    value = magnitude == static_cast<unsigned long long>(LLONG_MAX) + 1
                ? LLONG_MIN
                : -static_cast<long long>(magnitude);
  } else {
    if (magnitude > static_cast<unsigned long long>(LLONG_MAX)) return false;
    value = static_cast<long long>(magnitude);
  }
  return true;
}

}  // namespace kvresp

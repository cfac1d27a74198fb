// libFuzzer target: the client-side reply parser. The oracle: the incremental parser, fed the
// input in growing prefixes, completes a reply exactly where complete_reply_length() says the
// first reply ends (or both call it malformed), every node's payload lies inside the input, and
// nothing crashes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "kvresp/reply_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t step = 1 + data[0] % 8;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  boost::system::error_code whole_ec;
  const std::optional<std::size_t> whole = kvresp::complete_reply_length(input, whole_ec);

  kvresp::reply_limits limits;
  kvresp::reply_parser parser(limits);
  std::optional<std::size_t> incremental;
  bool malformed = false;
  for (std::size_t available = 0; !incremental && !malformed;) {
    available = std::min(input.size(), available + step);
    const std::string_view seen = input.substr(0, available);
    for (;;) {
      boost::system::error_code ec;
      const auto node = parser.consume(seen, ec);
      if (ec) {
        malformed = true;
        break;
      }
      if (!node) break;
      const char* begin = node->value.data();
      if (!node->value.empty() &&
          (begin < seen.data() || begin + node->value.size() > seen.data() + seen.size())) {
        __builtin_trap();  // a payload outside the bytes given
      }
      if (parser.done()) {
        incremental = parser.consumed();
        break;
      }
    }
    if (available == input.size()) break;
  }
  if (malformed != static_cast<bool>(whole_ec)) __builtin_trap();
  if (!malformed && incremental != whole) __builtin_trap();
  return 0;
}

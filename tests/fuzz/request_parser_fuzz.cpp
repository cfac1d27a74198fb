// libFuzzer target: the server-side request parser. The input is a byte stream fed in chunks
// whose size comes from the first byte; the oracle is that any chunking parses exactly as the
// whole stream at once (same commands, same error, same error reply), and nothing crashes.
// One difference is Redis's own: a line longer than the inline limit is refused ("too big")
// when it arrives without its line end, accepted when the line end comes in the same read.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kvresp/request_parser.hpp"

namespace {

struct outcome {
  std::vector<std::vector<std::string>> commands;
  bool failed = false;
  std::string error_reply;
  bool operator==(const outcome&) const = default;
};

void drain(kvresp::request_parser& parser, outcome& result) {
  while (!result.failed) {
    boost::system::error_code ec;
    const auto status = parser.next(ec);
    if (status == kvresp::request_parser::status::need_more) return;
    if (status == kvresp::request_parser::status::error) {
      result.failed = true;
      result.error_reply = parser.error_reply();
      return;
    }
    result.commands.emplace_back(parser.args().begin(), parser.args().end());
  }
}

outcome parse(std::string_view bytes, std::size_t chunk, bool authenticated) {
  kvresp::request_limits limits;
  limits.max_inline_length = 256;  // small limits, so the fuzzer reaches them
  limits.max_bulk_length = 1024;
  limits.max_multibulk_length = 64;
  kvresp::request_parser parser(limits);
  parser.set_authenticated(authenticated);
  outcome result;
  for (std::size_t at = 0; at < bytes.size() && !result.failed; at += chunk) {
    parser.feed(bytes.substr(at, chunk));
    drain(parser, result);
  }
  return result;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 16;
  const bool authenticated = (data[0] & 0x80) == 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const outcome whole = parse(bytes, bytes.size() + 1, authenticated);
  const outcome pieces = parse(bytes, chunk, authenticated);
  if (whole == pieces) return 0;
  const bool prefix = pieces.commands.size() <= whole.commands.size() &&
                      std::equal(pieces.commands.begin(), pieces.commands.end(), whole.commands.begin());
  const bool too_big_in_pieces = pieces.failed && pieces.error_reply.find("too big") != std::string::npos;
  if (!(prefix && too_big_in_pieces)) __builtin_trap();
  return 0;
}

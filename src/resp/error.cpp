#include "kvresp/error.hpp"

#include <string>

namespace kvresp {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "kvresp"; }

  std::string message(int value) const override {
    switch (static_cast<error>(value)) {
      case error::invalid_multibulk_length:
        return "invalid multibulk length: the request's '*' count is not an integer in range";
      case error::unauthenticated_multibulk_length:
        return "multibulk length over 10 before AUTH: authenticate first";
      case error::invalid_bulk_length:
        return "invalid bulk length: the '$' length is not an integer within proto-max-bulk-len";
      case error::unauthenticated_bulk_length:
        return "bulk length over 16384 before AUTH: authenticate first";
      case error::expected_dollar:
        return "expected '$' before a bulk string in a multibulk request";
      case error::too_big_inline_request:
        return "inline request over 64 KB without a newline: send RESP arrays for large commands";
      case error::too_big_multibulk_count:
        return "'*' count line over 64 KB without CR";
      case error::too_big_bulk_count:
        return "'$' length line over 64 KB without CR";
      case error::unbalanced_quotes:
        return "unbalanced quotes in an inline request: close every quote";
      case error::query_buffer_limit:
        return "client query buffer over its limit: the client sends faster than commands complete";
      case error::invalid_reply_type:
        return "reply starts with an unknown RESP type byte: the stream is out of sync, drop the connection";
      case error::invalid_reply_length:
        return "reply has a malformed integer or length: the stream is out of sync, drop the connection";
      case error::reply_too_deep:
        return "reply nests arrays deeper than the parser's limit";
    }
    return "unknown kvresp error";
  }
};

}  // namespace

const boost::system::error_category& resp_category() noexcept {
  static const category instance;
  return instance;
}

}  // namespace kvresp

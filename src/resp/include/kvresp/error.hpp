#pragma once
// Errors of the RESP codec, as boost::system::error_code values of the "kvresp" category.

#include <boost/system/error_code.hpp>

namespace kvresp {

enum class error {
  // Request (server side) parsing: each closes the connection after Redis's protocol error reply.
  invalid_multibulk_length = 1,
  unauthenticated_multibulk_length,
  invalid_bulk_length,
  unauthenticated_bulk_length,
  expected_dollar,
  too_big_inline_request,
  too_big_multibulk_count,
  too_big_bulk_count,
  unbalanced_quotes,
  query_buffer_limit,
  // Reply (client side) parsing.
  invalid_reply_type,
  invalid_reply_length,
  reply_too_deep,
};

const boost::system::error_category& resp_category() noexcept;

inline boost::system::error_code make_error_code(error e) noexcept {
  return {static_cast<int>(e), resp_category()};
}

}  // namespace kvresp

template <>
struct boost::system::is_error_code_enum<kvresp::error> : std::true_type {};

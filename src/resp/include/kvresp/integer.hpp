#pragma once
// Integers exactly as Redis reads them (string2ll): optional '-', no '+', no leading zeros, no
// spaces, at most 20 characters, within long long.

#include <string_view>

namespace kvresp {

bool parse_integer(std::string_view text, long long& value) noexcept;

}  // namespace kvresp

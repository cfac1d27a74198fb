#pragma once
// Text helpers of the command layer: command names and options compare without case, as Redis
// compares them (strcasecmp).

#include <string>
#include <string_view>

namespace kvmock {

bool equals_ignore_case(std::string_view a, std::string_view b) noexcept;
std::string to_lower(std::string_view text);
std::string to_upper(std::string_view text);

}  // namespace kvmock

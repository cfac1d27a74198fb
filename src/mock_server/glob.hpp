#pragma once
// Glob matching as Redis's stringmatchlen: * ? [abc] [^a-z] and backslash escapes.

#include <string_view>

namespace kvmock {

bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case);

}  // namespace kvmock

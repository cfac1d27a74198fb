#pragma once
// Splits an inline request line into arguments the way Redis's sdssplitargs does: whitespace
// separates, "double quotes" take \n \r \t \b \a \xHH escapes, 'single quotes' take \' only, and a
// closing quote must be followed by a space or the end.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kvresp::detail {

// Appends each argument's bytes to storage and its (offset, length) to offsets.
// Returns false on unbalanced quotes.
bool split_inline(std::string_view line, std::string& storage,
                  std::vector<std::pair<std::size_t, std::size_t>>& offsets);

}  // namespace kvresp::detail

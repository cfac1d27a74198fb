#include "glob.hpp"

#include <cctype>

namespace kvmock {
namespace {

char fold(char c, bool ignore_case) {
  return ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// Matches a [...] class at pattern[p] (just past '['); advances p past the closing ']'.
bool match_class(std::string_view pattern, std::size_t& p, char c, bool ignore_case) {
  const bool negate = p < pattern.size() && pattern[p] == '^';
  if (negate) ++p;
  bool matched = false;
  while (p < pattern.size() && pattern[p] != ']') {
    if (pattern[p] == '\\' && p + 1 < pattern.size()) {
      ++p;
      if (fold(pattern[p], ignore_case) == fold(c, ignore_case)) matched = true;
    } else if (p + 2 < pattern.size() && pattern[p + 1] == '-') {
      char low = fold(pattern[p], ignore_case);
      char high = fold(pattern[p + 2], ignore_case);
      if (low > high) std::swap(low, high);
      const char folded = fold(c, ignore_case);
      if (folded >= low && folded <= high) matched = true;
      p += 2;
    } else if (fold(pattern[p], ignore_case) == fold(c, ignore_case)) {
      matched = true;
    }
    ++p;
  }
  if (p < pattern.size()) ++p;  // the ']'
  return negate ? !matched : matched;
}

// Redis (since 7.0.9) bounds the work: once a '*' has tried every tail of the text, a longer
// skip by an outer '*' cannot match either; and nesting stops at 1000.
struct match_state {
  bool ignore_case;
  bool skip_longer_matches = false;
};

constexpr int max_nesting = 1000;

bool match_from(std::string_view pattern, std::size_t p, std::string_view text, std::size_t t,
                match_state& state, int nesting) {
  if (nesting > max_nesting) return false;
  const bool ignore_case = state.ignore_case;
  while (p < pattern.size()) {
    switch (pattern[p]) {
      case '*':
        while (p + 1 < pattern.size() && pattern[p + 1] == '*') ++p;
        if (p + 1 == pattern.size()) return true;
        for (std::size_t start = t; start < text.size(); ++start) {
          if (match_from(pattern, p + 1, text, start, state, nesting + 1)) return true;
          if (state.skip_longer_matches) return false;
        }
        state.skip_longer_matches = true;
        return false;
      case '?':
        if (t == text.size()) return false;
        ++t;
        ++p;
        break;
      case '[': {
        if (t == text.size()) return false;
        ++p;
        if (!match_class(pattern, p, text[t], ignore_case)) return false;
        ++t;
        break;
      }
      case '\\':
        if (p + 1 < pattern.size()) ++p;
        [[fallthrough]];
      default:
        if (t == text.size() || fold(pattern[p], ignore_case) != fold(text[t], ignore_case)) {
          return false;
        }
        ++t;
        ++p;
        break;
    }
  }
  return t == text.size();
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case) {
  match_state state{ignore_case};
  return match_from(pattern, 0, text, 0, state, 0);
}

}  // namespace kvmock

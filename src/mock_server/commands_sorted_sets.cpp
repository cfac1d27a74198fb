// Sorted set commands: ZADD (NX, XX, GT, LT, CH, INCR), ZCARD, ZSCORE, ZRANGE (by rank, BYSCORE
// or BYLEX, REV, LIMIT, WITHSCORES) and its older forms ZREVRANGE, Z[REV]RANGEBYSCORE and
// Z[REV]RANGEBYLEX, ZREM, ZPOPMIN. A sorted set that becomes empty is removed.

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "kvresp/integer.hpp"
#include "kvresp/writer.hpp"

namespace kvmock::commands {
namespace {

zset_value::iterator find_member(zset_value& zset, std::string_view member) {
  return std::find_if(zset.begin(), zset.end(), [&](const auto& m) { return m.second == member; });
}

void insert_sorted(zset_value& zset, double score, std::string member) {
  const auto at = std::lower_bound(zset.begin(), zset.end(), std::pair(score, member));
  zset.emplace(at, score, std::move(member));
}


// ZADD's options before the score-member pairs, as zaddGenericCommand reads them.
struct zadd_options {
  bool nx = false, xx = false, gt = false, lt = false, ch = false, incr = false;
};

}  // namespace

void reply_double(command_context& ctx, double value) {
  std::string text;
  if (std::isinf(value)) {
    text = value > 0 ? "inf" : "-inf";
  } else {
    char buffer[64];
    const int length = std::snprintf(buffer, sizeof buffer, "%.17g", value);
    text.assign(buffer, static_cast<std::size_t>(length));
  }
  if (ctx.client.protocol == 3) {
    ctx.out += ',' + text + "\r\n";
  } else {
    kvresp::append_bulk_string(ctx.out, text);
  }
}

bool parse_double_or_reply(command_context& ctx, std::string_view text, double& value) {
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  value = copy.empty() ? 0 : std::strtod(copy.c_str(), &end);
  if (copy.empty() || std::isspace(static_cast<unsigned char>(copy[0])) != 0 ||
      end != copy.c_str() + copy.size() || (errno == ERANGE && std::isinf(value)) ||
      std::isnan(value)) {
    ctx.out += "-ERR value is not a valid float\r\n";
    return false;
  }
  return true;
}

void zadd(command_context& ctx) {
  zadd_options options;
  std::size_t j = 2;
  for (; j < ctx.argv.size(); ++j) {
    const std::string_view option = ctx.argv[j];
    if (equals_ignore_case(option, "nx")) options.nx = true;
    else if (equals_ignore_case(option, "xx")) options.xx = true;
    else if (equals_ignore_case(option, "gt")) options.gt = true;
    else if (equals_ignore_case(option, "lt")) options.lt = true;
    else if (equals_ignore_case(option, "ch")) options.ch = true;
    else if (equals_ignore_case(option, "incr")) options.incr = true;
    else break;
  }
  const std::size_t elements = ctx.argv.size() - j;
  if (elements % 2 != 0 || elements == 0) {
    ctx.out += replies::syntax_error;
    return;
  }
  if (options.nx && options.xx) {
    ctx.out += "-ERR XX and NX options at the same time are not compatible\r\n";
    return;
  }
  if ((options.gt && options.nx) || (options.lt && options.nx) || (options.gt && options.lt)) {
    ctx.out += "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n";
    return;
  }
  if (options.incr && elements > 2) {
    ctx.out += "-ERR INCR option supports a single increment-element pair\r\n";
    return;
  }
  std::vector<double> scores;
  for (std::size_t i = j; i < ctx.argv.size(); i += 2) {
    double score = 0;
    if (!parse_double_or_reply(ctx, ctx.argv[i], score)) return;
    scores.push_back(score);
  }
  bool wrong_type = false;
  zset_value* zset = find_value<zset_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (zset == nullptr) {
    if (options.xx) {  // nothing may be added: the key is not created
      if (options.incr) {
        reply_null(ctx);
      } else {
        ctx.out += replies::zero;
      }
      return;
    }
    zset = &std::get<zset_value>(ctx.core.data().create(ctx.client.db, ctx.argv[1], zset_value{}).value);
  }
  long long added = 0, changed = 0;
  std::optional<double> incremented;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const std::string_view member = ctx.argv[j + 2 * i + 1];
    double score = scores[i];
    const auto existing = find_member(*zset, member);
    if (existing != zset->end()) {
      if (options.nx) continue;
      if (options.incr) {
        score += existing->first;
        if (std::isnan(score)) {
          ctx.out += "-ERR resulting score is not a number (NaN)\r\n";
          return;
        }
      }
      if ((options.gt && score <= existing->first) || (options.lt && score >= existing->first)) continue;
      if (options.incr) incremented = score;
      if (score != existing->first) {
        std::string name = std::move(existing->second);
        zset->erase(existing);
        insert_sorted(*zset, score, std::move(name));
        ++changed;
      }
    } else {
      if (options.xx) continue;
      insert_sorted(*zset, score, std::string(member));
      ++added;
      if (options.incr) incremented = score;
    }
  }
  if (zset->empty()) {
    ctx.core.data().erase(ctx.client.db, ctx.argv[1], ctx.now);
  } else if (added + changed > 0) {
    ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  }
  if (options.incr) {
    if (incremented) {
      reply_double(ctx, *incremented);
    } else {
      reply_null(ctx);
    }
    return;
  }
  kvresp::append_integer(ctx.out, options.ch ? added + changed : added);
}

void zcard(command_context& ctx) {
  bool wrong_type = false;
  const zset_value* zset = find_value<zset_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  kvresp::append_integer(ctx.out, zset == nullptr ? 0 : static_cast<long long>(zset->size()));
}

void zscore(command_context& ctx) {
  bool wrong_type = false;
  zset_value* zset = find_value<zset_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  const auto found = zset == nullptr ? zset_value::iterator{} : find_member(*zset, ctx.argv[2]);
  if (zset == nullptr || found == zset->end()) {
    reply_null(ctx);
    return;
  }
  reply_double(ctx, found->first);
}

namespace {

enum class range_kind { rank, score, lex };

// One end of a BYSCORE range, as zslParseRange reads it: "(" makes it exclusive, and strtod
// must take the whole rest (so "" is 0 and "inf" is infinity), never NaN.
struct score_bound {
  double value = 0;
  bool exclusive = false;
};

bool parse_score_bound(std::string_view text, score_bound& bound) {
  bound.exclusive = !text.empty() && text.front() == '(';
  if (bound.exclusive) text.remove_prefix(1);
  const std::string copy(text);
  char* end = nullptr;
  bound.value = std::strtod(copy.c_str(), &end);
  return *end == '\0' && !std::isnan(bound.value);
}

// One end of a BYLEX range, as zslParseLexRangeItem reads it: "-", "+", "(member" or "[member".
struct lex_bound {
  enum class kind : std::uint8_t { lowest, highest, member } what = kind::member;
  std::string_view member;
  bool exclusive = false;
};

bool parse_lex_bound(std::string_view text, lex_bound& bound) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '-':
    case '+':
      if (text.size() != 1) return false;
      bound.what = text.front() == '-' ? lex_bound::kind::lowest : lex_bound::kind::highest;
      bound.exclusive = true;
      return true;
    case '(':
    case '[':
      bound.exclusive = text.front() == '(';
      bound.member = text.substr(1);
      return true;
    default:
      return false;
  }
}

// sdscmplex: "-" sorts before every member and "+" after.
int compare_lex(const lex_bound& a, const lex_bound& b) {
  if (a.what == b.what && a.what != lex_bound::kind::member) return 0;
  if (a.what == lex_bound::kind::lowest || b.what == lex_bound::kind::highest) return -1;
  if (a.what == lex_bound::kind::highest || b.what == lex_bound::kind::lowest) return 1;
  return a.member.compare(b.member);
}

int three_way(double a, double b) { return (a > b) - (a < b); }

// Which positions of the set a BYSCORE or BYLEX range selects, walked as Redis walks a small
// (listpack) sorted set: the first element at or past the start of the range, `offset` skipped,
// then up to `limit` (negative: no limit) while the elements stay inside it. `compare` orders
// an element against an end of the range; `min_vs_max` orders the ends.
template <class Bound, class Compare>
std::vector<std::size_t> select_range(const zset_value& zset, const Bound& min, const Bound& max,
                                      int min_vs_max, Compare compare, bool reverse,
                                      long long offset, long long limit) {
  const auto at_least_min = [&](const auto& e) {
    const int c = compare(e, min);
    return min.exclusive ? c > 0 : c >= 0;
  };
  const auto at_most_max = [&](const auto& e) {
    const int c = compare(e, max);
    return max.exclusive ? c < 0 : c <= 0;
  };
  const bool empty_range = min_vs_max > 0 || (min_vs_max == 0 && (min.exclusive || max.exclusive));
  std::vector<std::size_t> selected;
  if (zset.empty() || empty_range || !at_least_min(zset.back()) || !at_most_max(zset.front())) {
    return selected;
  }
  if (offset < 0 || (offset > 0 && offset >= static_cast<long long>(zset.size()))) return selected;
  const auto size = static_cast<long long>(zset.size());
  long long i = 0;
  if (!reverse) {
    while (!at_least_min(zset[static_cast<std::size_t>(i)])) ++i;
    if (!at_most_max(zset[static_cast<std::size_t>(i)])) return selected;
  } else {
    i = size - 1;
    while (!at_most_max(zset[static_cast<std::size_t>(i)])) --i;
    if (!at_least_min(zset[static_cast<std::size_t>(i)])) return selected;
  }
  const long long step = reverse ? -1 : 1;
  for (i += step * offset; i >= 0 && i < size && limit != 0; i += step, --limit) {
    const auto& element = zset[static_cast<std::size_t>(i)];
    if (reverse ? !at_least_min(element) : !at_most_max(element)) break;
    selected.push_back(static_cast<std::size_t>(i));
  }
  return selected;
}

void reply_elements(command_context& ctx, const zset_value& zset,
                    const std::vector<std::size_t>& selected, bool with_scores) {
  const bool pairs = with_scores && ctx.client.protocol == 3;  // RESP3: [member, score] each
  kvresp::append_array_header(ctx.out, with_scores && !pairs ? 2 * selected.size() : selected.size());
  for (const std::size_t i : selected) {
    if (pairs) kvresp::append_array_header(ctx.out, 2);
    kvresp::append_bulk_string(ctx.out, zset[i].second);
    if (with_scores) reply_double(ctx, zset[i].first);
  }
}

// zrangeGenericCommand: options first, then conflicts, then the range, then the key. A kind or
// direction the command fixes cannot be given as an option.
void zrange_generic(command_context& ctx, std::optional<range_kind> fixed_kind,
                    std::optional<bool> fixed_reverse) {
  std::optional<range_kind> kind = fixed_kind;
  std::optional<bool> reverse = fixed_reverse;
  bool with_scores = false;
  long long offset = 0, limit = -1;
  for (std::size_t j = 4; j < ctx.argv.size(); ++j) {
    const std::string_view option = ctx.argv[j];
    const std::size_t left = ctx.argv.size() - j - 1;
    if (equals_ignore_case(option, "withscores")) {
      with_scores = true;
    } else if (equals_ignore_case(option, "limit") && left >= 2) {
      if (!parse_integer_or_reply(ctx, ctx.argv[j + 1], offset) ||
          !parse_integer_or_reply(ctx, ctx.argv[j + 2], limit)) {
        return;
      }
      j += 2;
    } else if (!reverse && equals_ignore_case(option, "rev")) {
      reverse = true;
    } else if (!kind && equals_ignore_case(option, "bylex")) {
      kind = range_kind::lex;
    } else if (!kind && equals_ignore_case(option, "byscore")) {
      kind = range_kind::score;
    } else {
      ctx.out += replies::syntax_error;
      return;
    }
  }
  const range_kind by = kind.value_or(range_kind::rank);
  const bool backwards = reverse.value_or(false);
  if (limit != -1 && by == range_kind::rank) {
    ctx.out += "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n";
    return;
  }
  if (with_scores && by == range_kind::lex) {
    ctx.out += "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n";
    return;
  }
  // Reversed score and lex ranges are given as max, min.
  const bool swapped = backwards && by != range_kind::rank;
  const std::string_view min_text = ctx.argv[swapped ? 3 : 2];
  const std::string_view max_text = ctx.argv[swapped ? 2 : 3];
  long long start = 0, stop = 0;
  score_bound min_score, max_score;
  lex_bound min_lex, max_lex;
  switch (by) {
    case range_kind::rank:
      if (!parse_integer_or_reply(ctx, min_text, start) || !parse_integer_or_reply(ctx, max_text, stop)) return;
      break;
    case range_kind::score:
      if (!parse_score_bound(min_text, min_score) || !parse_score_bound(max_text, max_score)) {
        ctx.out += "-ERR min or max is not a float\r\n";
        return;
      }
      break;
    case range_kind::lex:
      if (!parse_lex_bound(min_text, min_lex) || !parse_lex_bound(max_text, max_lex)) {
        ctx.out += "-ERR min or max not valid string range item\r\n";
        return;
      }
      break;
  }
  bool wrong_type = false;
  const zset_value* zset = find_value<zset_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (zset == nullptr) {
    ctx.out += replies::empty_array;
    return;
  }
  std::vector<std::size_t> selected;
  if (by == range_kind::rank) {
    const auto length = static_cast<long long>(zset->size());
    if (start < 0) start += length;
    if (stop < 0) stop += length;
    if (start < 0) start = 0;
    if (stop >= length) stop = length - 1;
    for (long long i = start; i <= stop && start < length; ++i) {
      selected.push_back(static_cast<std::size_t>(backwards ? length - 1 - i : i));
    }
  } else if (by == range_kind::score) {
    selected = select_range(
        *zset, min_score, max_score, three_way(min_score.value, max_score.value),
        [](const auto& e, const score_bound& end) { return three_way(e.first, end.value); },
        backwards, offset, limit);
  } else {
    selected = select_range(
        *zset, min_lex, max_lex, compare_lex(min_lex, max_lex),
        [](const auto& e, const lex_bound& end) {
          return compare_lex(lex_bound{lex_bound::kind::member, e.second, false}, end);
        },
        backwards, offset, limit);
  }
  reply_elements(ctx, *zset, selected, with_scores);
}

}  // namespace

void zrange(command_context& ctx) { zrange_generic(ctx, std::nullopt, std::nullopt); }
void zrevrange(command_context& ctx) { zrange_generic(ctx, range_kind::rank, true); }
void zrangebyscore(command_context& ctx) { zrange_generic(ctx, range_kind::score, false); }
void zrevrangebyscore(command_context& ctx) { zrange_generic(ctx, range_kind::score, true); }
void zrangebylex(command_context& ctx) { zrange_generic(ctx, range_kind::lex, false); }
void zrevrangebylex(command_context& ctx) { zrange_generic(ctx, range_kind::lex, true); }

void zrem(command_context& ctx) {
  bool wrong_type = false;
  zset_value* zset = find_value<zset_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  long long removed = 0;
  if (zset != nullptr) {
    for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
      const auto found = find_member(*zset, ctx.argv[i]);
      if (found != zset->end()) {
        zset->erase(found);
        ++removed;
      }
    }
    if (removed > 0) after_removal(ctx, zset->empty());
  }
  kvresp::append_integer(ctx.out, removed);
}

void zpopmin(command_context& ctx) {
  const bool with_count = ctx.argv.size() == 3;
  long long count = 1;
  if (!parse_pop_count(ctx, replies::syntax_error, count)) return;
  bool wrong_type = false;
  zset_value* zset = find_value<zset_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  if (zset == nullptr) {
    ctx.out += replies::empty_array;
    return;
  }
  const auto taken = static_cast<std::size_t>(std::min<long long>(count, static_cast<long long>(zset->size())));
  const bool pairs = with_count && ctx.client.protocol == 3;  // RESP3 with a count: pairs
  kvresp::append_array_header(ctx.out, pairs ? taken : 2 * taken);
  for (std::size_t i = 0; i < taken; ++i) {
    if (pairs) kvresp::append_array_header(ctx.out, 2);
    kvresp::append_bulk_string(ctx.out, zset->front().second);
    reply_double(ctx, zset->front().first);
    zset->erase(zset->begin());
  }
  if (taken > 0) after_removal(ctx, zset->empty());
}

}  // namespace kvmock::commands

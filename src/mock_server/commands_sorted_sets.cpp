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

#include "command_groups.hpp"
#include "command_support.hpp"
#include "kvresp/integer.hpp"

namespace kvmock::commands {
namespace {


// ZADD's options before the score-member pairs, as zaddGenericCommand reads them.
struct zadd_options {
  bool nx = false, xx = false, gt = false, lt = false, ch = false, incr = false;
};


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
    ctx.reply.error(errors::syntax);
    return;
  }
  if (options.nx && options.xx) {
    ctx.reply.error(errors::xx_and_nx);
    return;
  }
  if ((options.gt && options.nx) || (options.lt && options.nx) || (options.gt && options.lt)) {
    ctx.reply.error(errors::gt_lt_and_nx);
    return;
  }
  if (options.incr && elements > 2) {
    ctx.reply.error(errors::incr_single_pair);
    return;
  }
  std::vector<double> scores;
  for (std::size_t i = j; i < ctx.argv.size(); i += 2) {
    double score = 0;
    if (!parse_double_or_reply(ctx, ctx.argv[i], score)) return;
    scores.push_back(score);
  }
  const auto found = find_as<zset_value>(ctx, ctx.argv[1]);
  if (found.wrong_type()) return ctx.reply.error(errors::wrong_type);
  zset_value* zset = found;
  if (zset == nullptr) {
    if (options.xx) {  // nothing may be added: the key is not created
      if (options.incr) {
        ctx.reply.null();
      } else {
        ctx.reply.integer(0);
      }
      return;
    }
    zset = &ctx.core.data().create(ctx.client.db, ctx.argv[1], zset_value{}).value.as<zset_value>();
  }
  long long added = 0, changed = 0;
  std::optional<double> incremented;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const std::string_view member = ctx.argv[j + 2 * i + 1];
    double score = scores[i];
    const std::optional<double> existing = zset->score(member);
    if (existing) {
      if (options.nx) continue;
      if (options.incr) {
        score += *existing;
        if (std::isnan(score)) {
          ctx.reply.error(errors::score_nan);
          return;
        }
      }
      if ((options.gt && score <= *existing) || (options.lt && score >= *existing)) continue;
      if (options.incr) incremented = score;
      if (score != *existing) {
        zset->set(member, score);
        ++changed;
      }
    } else {
      if (options.xx) continue;
      zset->set(member, score);
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
      ctx.reply.double_value(*incremented);
    } else {
      ctx.reply.null();
    }
    return;
  }
  ctx.reply.integer(options.ch ? added + changed : added);
}

void zcard(command_context& ctx) {
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(zset == nullptr ? 0 : static_cast<long long>(zset->size()));
}

void zscore(command_context& ctx) {
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  const std::optional<double> score = zset == nullptr ? std::nullopt : zset->score(ctx.argv[2]);
  if (!score) return ctx.reply.null();
  ctx.reply.double_value(*score);
}


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
    const auto element = zset[static_cast<std::size_t>(i)];
    if (reverse ? !at_least_min(element) : !at_most_max(element)) break;
    selected.push_back(static_cast<std::size_t>(i));
  }
  return selected;
}

void reply_elements(command_context& ctx, const zset_value& zset,
                    const std::vector<std::size_t>& selected, bool with_scores) {
  const bool pairs = with_scores && ctx.client.protocol == 3;  // RESP3: [member, score] each
  ctx.reply.array(with_scores && !pairs ? 2 * selected.size() : selected.size());
  for (const std::size_t i : selected) {
    if (pairs) ctx.reply.array(2);
    const zset_value::element e = zset[i];
    ctx.reply.bulk(e.member);
    if (with_scores) ctx.reply.double_value(e.score);
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
      ctx.reply.error(errors::syntax);
      return;
    }
  }
  const range_kind by = kind.value_or(range_kind::rank);
  const bool backwards = reverse.value_or(false);
  if (limit != -1 && by == range_kind::rank) {
    ctx.reply.error(errors::limit_needs_by);
    return;
  }
  if (with_scores && by == range_kind::lex) {
    ctx.reply.error(errors::withscores_with_bylex);
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
        ctx.reply.error(errors::min_max_not_float);
        return;
      }
      break;
    case range_kind::lex:
      if (!parse_lex_bound(min_text, min_lex) || !parse_lex_bound(max_text, max_lex)) {
        ctx.reply.error(errors::min_max_not_string_range);
        return;
      }
      break;
  }
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (zset == nullptr) {
    ctx.reply.array(0);
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
        [](const auto& e, const score_bound& end) { return three_way(e.score, end.value); },
        backwards, offset, limit);
  } else {
    selected = select_range(
        *zset, min_lex, max_lex, compare_lex(min_lex, max_lex),
        [](const auto& e, const lex_bound& end) {
          return compare_lex(lex_bound{lex_bound::kind::member, e.member, false}, end);
        },
        backwards, offset, limit);
  }
  reply_elements(ctx, *zset, selected, with_scores);
}


void zrange(command_context& ctx) { zrange_generic(ctx, std::nullopt, std::nullopt); }
void zrevrange(command_context& ctx) { zrange_generic(ctx, range_kind::rank, true); }
void zrangebyscore(command_context& ctx) { zrange_generic(ctx, range_kind::score, false); }
void zrevrangebyscore(command_context& ctx) { zrange_generic(ctx, range_kind::score, true); }
void zrangebylex(command_context& ctx) { zrange_generic(ctx, range_kind::lex, false); }
void zrevrangebylex(command_context& ctx) { zrange_generic(ctx, range_kind::lex, true); }

void zrem(command_context& ctx) {
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  long long removed = 0;
  if (zset != nullptr) {
    for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
      if (zset->erase(ctx.argv[i])) ++removed;
    }
    if (removed > 0) after_removal(ctx, ctx.argv[1], zset->empty());
  }
  ctx.reply.integer(removed);
}

void zpopmin(command_context& ctx) {
  const bool with_count = ctx.argv.size() == 3;
  long long count = 1;
  if (!parse_pop_count_or_reply(ctx, errors::syntax, count)) return;
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (zset == nullptr) {
    ctx.reply.array(0);
    return;
  }
  const auto taken = static_cast<std::size_t>(std::min<long long>(count, static_cast<long long>(zset->size())));
  const bool pairs = with_count && ctx.client.protocol == 3;  // RESP3 with a count: pairs
  ctx.reply.array(pairs ? taken : 2 * taken);
  for (std::size_t i = 0; i < taken; ++i) {
    if (pairs) ctx.reply.array(2);
    const zset_value::element lowest = zset->front();
    ctx.reply.bulk(lowest.member);
    ctx.reply.double_value(lowest.score);
    zset->erase(std::string(lowest.member));
  }
  if (taken > 0) after_removal(ctx, ctx.argv[1], zset->empty());
}

}  // namespace

command_group sorted_set_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "zadd", .arity = -4, .flags = write | fast, .handler = zadd, .keys = one_key, .since = "1.2.0",
       .summary = "Adds one or more members to a sorted set, or updates their scores. Creates the key if it doesn't exist.",
       .complexity = "O(log(N)) for each item added, where N is the number of elements in the sorted set."},
      {.name = "zcard", .arity = 2, .flags = readonly | fast, .handler = zcard, .keys = one_key, .since = "1.2.0",
       .summary = "Returns the number of members in a sorted set.",
       .complexity = "O(1)"},
      {.name = "zpopmin", .arity = -2, .flags = write | fast, .handler = zpopmin, .keys = one_key, .since = "5.0.0",
       .summary = "Returns the lowest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped.",
       .complexity = "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped."},
      {.name = "zrange", .arity = -4, .flags = readonly, .handler = zrange, .keys = one_key, .since = "1.2.0",
       .summary = "Return a range of members in a sorted set",
       .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned."},
      {.name = "zrangebylex", .arity = -4, .flags = readonly, .handler = zrangebylex, .keys = one_key, .since = "2.8.9",
       .summary = "Return a range of members in a sorted set, by lexicographical range",
       .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
      {.name = "zrangebyscore", .arity = -4, .flags = readonly, .handler = zrangebyscore, .keys = one_key, .since = "1.0.5",
       .summary = "Return a range of members in a sorted set, by score",
       .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
      {.name = "zrem", .arity = -3, .flags = write | fast, .handler = zrem, .keys = one_key, .since = "1.2.0",
       .summary = "Removes one or more members from a sorted set. Deletes the sorted set if all members were removed.",
       .complexity = "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed."},
      {.name = "zrevrange", .arity = -4, .flags = readonly, .handler = zrevrange, .keys = one_key, .since = "1.2.0",
       .summary = "Return a range of members in a sorted set, by index, with scores ordered from high to low",
       .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned."},
      {.name = "zrevrangebylex", .arity = -4, .flags = readonly, .handler = zrevrangebylex, .keys = one_key, .since = "2.8.9",
       .summary = "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.",
       .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
      {.name = "zrevrangebyscore", .arity = -4, .flags = readonly, .handler = zrevrangebyscore, .keys = one_key, .since = "2.2.0",
       .summary = "Return a range of members in a sorted set, by score, with scores ordered from high to low",
       .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
      {.name = "zscore", .arity = 3, .flags = readonly | fast, .handler = zscore, .keys = one_key, .since = "1.2.0",
       .summary = "Returns the score of a member in a sorted set.",
       .complexity = "O(1)"},
  };
  return {"sorted-set", specs};
}

}  // namespace kvmock::commands

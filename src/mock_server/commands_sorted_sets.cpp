// Sorted set commands, every one of Redis 7.0: ZADD (NX, XX, GT, LT, CH,
// INCR), ZINCRBY, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT, ZRANGE (by rank,
// BYSCORE or BYLEX, REV, LIMIT, WITHSCORES) and its older forms ZREVRANGE, Z[REV]RANGEBYSCORE
// and Z[REV]RANGEBYLEX, ZRANGESTORE, ZREM, ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX,
// ZPOPMIN, ZPOPMAX, ZMPOP, ZRANDMEMBER, ZSCAN, ZUNION, ZINTER, ZDIFF and their STORE forms,
// ZINTERCARD, and the blocking BZPOPMIN, BZPOPMAX and BZMPOP (which wait as BLPOP does, see
// commands_lists.cpp). A sorted set that becomes empty is removed.

#include <algorithm>
#include <climits>
#include <cerrno>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "commands_sorted_sets.hpp"
#include "encodings.hpp"
#include "glob.hpp"
#include "kvresp/integer.hpp"
#include "numbers.hpp"

namespace kvmock::commands {
namespace {

// ZADD's options before the score-member pairs, as zaddGenericCommand reads them.
struct zadd_options {
  bool nx = false, xx = false, gt = false, lt = false, ch = false, incr = false;
};

}  // namespace

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
        zset_set(*zset, member, score, limits(ctx));
        ++changed;
      }
    } else {
      if (options.xx) continue;
      zset_set(*zset, member, score, limits(ctx));
      ++added;
      if (options.incr) incremented = score;
    }
  }
  if (zset->empty()) {
    ctx.core.data().erase(ctx.client.db, ctx.argv[1], ctx.now);
  } else if (added + changed > 0) {
    ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
    notify(ctx, keyspace_event::zset, options.incr ? "zincr" : "zadd", ctx.argv[1]);
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

long long store_zset(command_context& ctx, std::string_view key, zset_value result, std::string_view event) {
  const auto size = static_cast<long long>(result.size());
  kvmock::value stored(std::move(result));
  encode_afresh(stored, limits(ctx));
  const std::string name = event.empty() ? to_lower(ctx.argv[0]) : std::string(event);
  store_result(ctx, key, std::move(stored), size == 0, keyspace_event::zset, name);
  return size;
}

namespace {

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
// direction the command fixes cannot be given as an option. ZRANGESTORE (store) reads its
// source at argv[2] and takes no WITHSCORES.
void zrange_generic(command_context& ctx, std::optional<range_kind> fixed_kind,
                    std::optional<bool> fixed_reverse, bool store = false) {
  const std::size_t key_at = store ? 2 : 1;
  std::optional<range_kind> kind = fixed_kind;
  std::optional<bool> reverse = fixed_reverse;
  bool with_scores = false;
  long long offset = 0, limit = -1;
  for (std::size_t j = key_at + 3; j < ctx.argv.size(); ++j) {
    const std::string_view option = ctx.argv[j];
    const std::size_t left = ctx.argv.size() - j - 1;
    if (!store && equals_ignore_case(option, "withscores")) {
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
  const std::string_view min_text = ctx.argv[key_at + (swapped ? 2 : 1)];
  const std::string_view max_text = ctx.argv[key_at + (swapped ? 1 : 2)];
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
  const auto zset = find_as<zset_value>(ctx, ctx.argv[key_at]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (zset == nullptr) {
    if (store) return ctx.reply.integer(store_zset(ctx, ctx.argv[1], {}));
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
  if (store) {
    zset_value result;
    for (const std::size_t i : selected) result.set((*zset)[i].member, (*zset)[i].score);
    return ctx.reply.integer(store_zset(ctx, ctx.argv[1], std::move(result)));
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
    if (removed > 0) {
      notify(ctx, keyspace_event::zset, "zrem", ctx.argv[1]);
      after_removal(ctx, ctx.argv[1], zset->empty());
    }
  }
  ctx.reply.integer(removed);
}

// The ranks [first, last) a BYSCORE range holds (ranks are in score order).
std::pair<std::size_t, std::size_t> score_range(const zset_value& zset, const score_bound& min, const score_bound& max) {
  const std::size_t first = zset.partition_point([&](const zset_value::element& e) {
    return e.score < min.value || (min.exclusive && e.score == min.value);
  });
  const std::size_t last = zset.partition_point([&](const zset_value::element& e) {
    return e.score < max.value || (!max.exclusive && e.score == max.value);
  });
  return {first, std::max(first, last)};
}

// The positions a BYLEX range holds, walked as Redis walks a listpack (members compared only
// where every score is the same, as the command expects).
std::vector<std::size_t> lex_range(const zset_value& zset, const lex_bound& min, const lex_bound& max) {
  return select_range(
      zset, min, max, compare_lex(min, max),
      [](const auto& e, const lex_bound& end) {
        return compare_lex(lex_bound{lex_bound::kind::member, e.member, false}, end);
      },
      false, 0, -1);
}

bool parse_score_range_or_reply(command_context& ctx, score_bound& min, score_bound& max) {
  if (parse_score_bound(ctx.argv[2], min) && parse_score_bound(ctx.argv[3], max)) return true;
  ctx.reply.error(errors::min_max_not_float);
  return false;
}

bool parse_lex_range_or_reply(command_context& ctx, lex_bound& min, lex_bound& max) {
  if (parse_lex_bound(ctx.argv[2], min) && parse_lex_bound(ctx.argv[3], max)) return true;
  ctx.reply.error(errors::min_max_not_string_range);
  return false;
}

void zincrby(command_context& ctx) {
  double increment = 0;
  if (!parse_double_or_reply(ctx, ctx.argv[2], increment)) return;
  const auto found = find_as<zset_value>(ctx, ctx.argv[1]);
  if (found.wrong_type()) return ctx.reply.error(errors::wrong_type);
  const std::optional<double> current = found.get() == nullptr ? std::nullopt : found->score(ctx.argv[3]);
  const double score = current ? *current + increment : increment;  // a new member's -0 stays -0
  if (std::isnan(score)) return ctx.reply.error(errors::score_nan);
  zset_value* zset = found;
  if (zset == nullptr) zset = &ctx.core.data().create(ctx.client.db, ctx.argv[1], zset_value{}).value.as<zset_value>();
  else ctx.core.data().touch(ctx.client.db, ctx.argv[1]);
  zset_set(*zset, ctx.argv[3], score, limits(ctx));
  notify(ctx, keyspace_event::zset, "zincr", ctx.argv[1]);
  ctx.reply.double_value(score);  // as computed: a listpack's -0 still replies -0
}

void zcount(command_context& ctx) {
  score_bound min, max;
  if (!parse_score_range_or_reply(ctx, min, max)) return;
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (zset == nullptr) return ctx.reply.integer(0);
  const auto [first, last] = score_range(*zset, min, max);
  ctx.reply.integer(static_cast<long long>(last - first));
}

void zlexcount(command_context& ctx) {
  lex_bound min, max;
  if (!parse_lex_range_or_reply(ctx, min, max)) return;
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.integer(zset == nullptr ? 0 : static_cast<long long>(lex_range(*zset, min, max).size()));
}

void rank_of(command_context& ctx, bool reverse) {
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (zset == nullptr || !zset->score(ctx.argv[2])) return ctx.reply.null();
  const std::size_t rank = zset->rank(ctx.argv[2]);
  ctx.reply.integer(static_cast<long long>(reverse ? zset->size() - 1 - rank : rank));
}

void zrank(command_context& ctx) { rank_of(ctx, false); }
void zrevrank(command_context& ctx) { rank_of(ctx, true); }

// An array of doubles or nulls, in RESP3 too.
void zmscore(command_context& ctx) {
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.array(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const std::optional<double> score = zset == nullptr ? std::nullopt : zset->score(ctx.argv[i]);
    if (score) {
      ctx.reply.double_value(*score);
    } else {
      ctx.reply.null();
    }
  }
}

// Pops up to `count` elements from one end, replying each as ZPOPMIN does: a flat member, score
// list, or [member, score] pairs when `pairs`.
void pop_elements(command_context& ctx, std::string_view key, zset_value& zset, long long count, bool highest,
                  bool pairs) {
  const auto taken = static_cast<std::size_t>(std::min<long long>(count, static_cast<long long>(zset.size())));
  ctx.reply.array(pairs ? taken : 2 * taken);
  for (std::size_t i = 0; i < taken; ++i) {
    if (pairs) ctx.reply.array(2);
    const zset_value::element e = highest ? zset.back() : zset.front();
    ctx.reply.bulk(e.member);
    ctx.reply.double_value(e.score);
    zset.erase(std::string(e.member));
  }
  if (taken == 0) return;
  notify(ctx, keyspace_event::zset, highest ? "zpopmax" : "zpopmin", key);
  after_removal(ctx, key, zset.empty());
}

// ZPOPMIN and ZPOPMAX key [count]: with a count, RESP3 pairs each member with its score.
void pop(command_context& ctx, bool highest) {
  const bool with_count = ctx.argv.size() == 3;
  long long count = 1;
  if (!parse_pop_count_or_reply(ctx, errors::syntax, count)) return;
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (zset == nullptr) return ctx.reply.array(0);
  pop_elements(ctx, ctx.argv[1], *zset, count, highest, with_count && ctx.reply.resp3());
}

void zpopmin(command_context& ctx) { pop(ctx, false); }
void zpopmax(command_context& ctx) { pop(ctx, true); }

// ZMPOP's work from argv[numkeys_at] on (numkeys key [key ...] MIN|MAX [COUNT count]): the
// first key that exists is popped (and must be a sorted set), [key, [[member, score]...]].
// False, with nothing replied, when no key exists.
bool mpop_from(command_context& ctx, std::size_t numkeys_at, std::size_t& key_count) {
  const auto parsed = parse_mpop_or_reply(ctx, numkeys_at, "min", "max");
  if (!parsed) return true;
  for (std::size_t k = parsed->first_key; k < parsed->first_key + parsed->key_count; ++k) {
    const auto zset = find_as<zset_value>(ctx, ctx.argv[k]);
    if (zset.wrong_type()) {
      ctx.reply.error(errors::wrong_type);
      return true;
    }
    if (zset == nullptr) continue;
    ctx.reply.array(2);
    ctx.reply.bulk(ctx.argv[k]);
    pop_elements(ctx, ctx.argv[k], *zset, parsed->count, parsed->second_end, true);
    return true;
  }
  key_count = parsed->key_count;
  return false;
}

void zmpop(command_context& ctx) {
  std::size_t key_count = 0;
  if (!mpop_from(ctx, 1, key_count)) ctx.reply.null_array();
}

// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: the timeout is read first.
void bzmpop(command_context& ctx) {
  unix_ms deadline = 0;
  if (!parse_block_timeout_or_reply(ctx, ctx.argv[1], deadline)) return;
  std::size_t key_count = 0;
  if (!mpop_from(ctx, 2, key_count)) block_on_keys(ctx, 3, key_count, value_type::zset, deadline, true, 2);
}

// BZPOPMIN and BZPOPMAX key [key ...] timeout: the first sorted set gives [key, member, score].
void blocking_pop(command_context& ctx, bool highest) {
  unix_ms deadline = 0;
  if (!parse_block_timeout_or_reply(ctx, ctx.argv.back(), deadline)) return;
  const std::size_t keys_end = ctx.argv.size() - 1;
  for (std::size_t k = 1; k < keys_end; ++k) {
    const auto zset = find_as<zset_value>(ctx, ctx.argv[k]);
    if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
    if (zset == nullptr) continue;
    const zset_value::element e = highest ? zset->back() : zset->front();
    ctx.reply.array(3);
    ctx.reply.bulk(ctx.argv[k]);
    ctx.reply.bulk(e.member);
    ctx.reply.double_value(e.score);
    zset->erase(std::string(e.member));
    notify(ctx, keyspace_event::zset, highest ? "zpopmax" : "zpopmin", ctx.argv[k]);
    after_removal(ctx, ctx.argv[k], zset->empty());
    return;
  }
  block_on_keys(ctx, 1, keys_end - 1, value_type::zset, deadline, true);
}

void bzpopmin(command_context& ctx) { blocking_pop(ctx, false); }
void bzpopmax(command_context& ctx) { blocking_pop(ctx, true); }

// Removes the elements at the given ranks: how many went.
long long remove_ranks(command_context& ctx, zset_value& zset, std::vector<std::size_t> ranks) {
  std::vector<std::string> members;
  members.reserve(ranks.size());
  for (const std::size_t r : ranks) members.emplace_back(zset[r].member);
  for (const auto& member : members) zset.erase(member);
  if (!members.empty()) {
    notify(ctx, keyspace_event::zset, to_lower(ctx.argv[0]), ctx.argv[1]);
    after_removal(ctx, ctx.argv[1], zset.empty());
  }
  return static_cast<long long>(members.size());
}

void zremrangebyscore(command_context& ctx) {
  score_bound min, max;
  if (!parse_score_range_or_reply(ctx, min, max)) return;
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (zset == nullptr) return ctx.reply.integer(0);
  const auto [first, last] = score_range(*zset, min, max);
  std::vector<std::size_t> ranks;
  for (std::size_t r = first; r < last; ++r) ranks.push_back(r);
  ctx.reply.integer(remove_ranks(ctx, *zset, std::move(ranks)));
}

void zremrangebylex(command_context& ctx) {
  lex_bound min, max;
  if (!parse_lex_range_or_reply(ctx, min, max)) return;
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (zset == nullptr) return ctx.reply.integer(0);
  ctx.reply.integer(remove_ranks(ctx, *zset, lex_range(*zset, min, max)));
}

void zremrangebyrank(command_context& ctx) {
  long long start = 0, stop = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], start) || !parse_integer_or_reply(ctx, ctx.argv[3], stop)) return;
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (zset == nullptr) return ctx.reply.integer(0);
  const auto length = static_cast<long long>(zset->size());
  if (start < 0) start += length;
  if (stop < 0) stop += length;
  if (start < 0) start = 0;
  if (start > stop || start >= length) return ctx.reply.integer(0);
  if (stop >= length) stop = length - 1;
  std::vector<std::size_t> ranks;
  for (long long r = start; r <= stop; ++r) ranks.push_back(static_cast<std::size_t>(r));
  ctx.reply.integer(remove_ranks(ctx, *zset, std::move(ranks)));
}

// A listpack is listed whole, in order, whatever the cursor and COUNT say, with its scores as it
// stores them; scores are bulk strings in RESP3 too.
void zscan(command_context& ctx) {
  std::uint64_t cursor = 0;
  if (!parse_cursor_or_reply(ctx, ctx.argv[2], cursor)) return;
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (zset == nullptr) return reply_scan(ctx, 0, {});
  scan_options options;
  if (!parse_scan_options_or_reply(ctx, 3, false, options)) return;
  std::vector<std::string> scores;
  std::vector<std::string_view> items;
  std::uint64_t next = 0;
  std::vector<std::size_t> ranks;
  const bool small = is_small_zset(*zset);
  if (small) {
    for (std::size_t r = 0; r < zset->size(); ++r) ranks.push_back(r);
  } else {
    scan_page page = next_scan_page(cursor, options.count, zset->size(),
                                    [&](std::size_t r) { return (*zset)[r].member; });
    ranks = std::move(page.positions);
    next = page.next_cursor;
  }
  scores.reserve(ranks.size());
  for (const std::size_t r : ranks) {
    const zset_value::element e = (*zset)[r];
    if (options.pattern && !glob_match(*options.pattern, e.member, false)) continue;
    scores.push_back(small ? format_listpack_score(e.score) : format_double(e.score));
    items.push_back(e.member);
    items.push_back(scores.back());
  }
  reply_scan(ctx, next, items);
}

// ZRANDMEMBER key [count [WITHSCORES]]: a positive count gives distinct members (the whole set,
// highest first, when it asks for as many), a negative one independent draws.
void zrandmember(command_context& ctx) {
  if (ctx.argv.size() == 2) {
    const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
    if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
    if (zset == nullptr) return ctx.reply.null();
    return ctx.reply.bulk((*zset)[ctx.core.random_below(zset->size())].member);
  }
  long long count = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], count)) return;
  if (count == LLONG_MIN) return ctx.reply.error(errors::out_of_range_not_llong_min);
  const bool with_scores = ctx.argv.size() == 4;
  if (ctx.argv.size() > 4 || (with_scores && !equals_ignore_case(ctx.argv[3], "withscores"))) {
    return ctx.reply.error(errors::syntax);
  }
  if (with_scores && (count > LLONG_MAX / 2 || count < -(LLONG_MAX / 2))) return ctx.reply.error(errors::out_of_range);
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  if (zset == nullptr || count == 0) return ctx.reply.array(0);
  const std::size_t size = zset->size();
  std::vector<std::size_t> ranks;
  if (count < 0) {
    for (long long i = 0; i < -count; ++i) ranks.push_back(ctx.core.random_below(size));
  } else if (static_cast<unsigned long long>(count) >= size) {
    for (std::size_t r = size; r-- > 0;) ranks.push_back(r);
  } else {
    std::vector<std::size_t> all(size);
    for (std::size_t i = 0; i < size; ++i) all[i] = i;
    for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
      std::swap(all[i], all[i + ctx.core.random_below(size - i)]);
    }
    ranks.assign(all.begin(), all.begin() + count);
  }
  reply_elements(ctx, *zset, ranks, with_scores);
}

// ZUNION, ZINTER and ZDIFF, their STORE forms, and ZINTERCARD: one engine, as Redis's
// zunionInterDiffGenericCommand.
enum class zset_algebra { union_, inter, diff };
enum class aggregate { sum, min, max };

// An input: a sorted set, a set (every member scoring 1), or a missing key (empty).
struct algebra_input {
  const zset_value* zset = nullptr;
  const set_value* set = nullptr;
  double weight = 1;

  std::size_t size() const { return zset != nullptr ? zset->size() : set != nullptr ? set->size() : 0; }
  std::optional<double> score(std::string_view member) const {
    if (zset != nullptr) return zset->score(member);
    if (set != nullptr && set->contains(member)) return 1.0;
    return std::nullopt;
  }
  template <typename Visit>
  void for_each(Visit visit) const {
    if (zset != nullptr) {
      for (const auto e : *zset) visit(e.member, e.score);
    } else if (set != nullptr) {
      for (const auto& member : *set) visit(std::string_view(member), 1.0);
    }
  }
};

// Redis's zunionInterAggregate: a NaN sum becomes 0, and MIN and MAX ignore a NaN.
void aggregate_into(double& target, double value, aggregate how) {
  switch (how) {
    case aggregate::sum:
      target += value;
      if (std::isnan(target)) target = 0;
      break;
    case aggregate::min: target = value < target ? value : target; break;
    case aggregate::max: target = value > target ? value : target; break;
  }
}

// numkeys and the source keys, looked up (and type-checked) before any option is read.
bool algebra_inputs_or_reply(command_context& ctx, std::size_t numkeys_at, std::vector<algebra_input>& inputs) {
  long long numkeys = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[numkeys_at], numkeys)) return false;
  if (numkeys < 1) {
    ctx.reply.error(errors::at_least_one_key(to_lower(ctx.argv[0])));
    return false;
  }
  if (numkeys > static_cast<long long>(ctx.argv.size() - numkeys_at - 1)) {
    ctx.reply.error(errors::syntax);
    return false;
  }
  for (std::size_t i = numkeys_at + 1; i <= numkeys_at + static_cast<std::size_t>(numkeys); ++i) {
    kvmock::entry* found = ctx.core.data().find(ctx.client.db, ctx.argv[i], ctx.now);
    algebra_input input;
    if (found != nullptr) {
      if (auto* z = found->value.get_if<zset_value>()) {
        input.zset = z;
      } else if (auto* set = found->value.get_if<set_value>()) {
        input.set = set;
      } else {
        ctx.reply.error(errors::wrong_type);
        return false;
      }
    }
    inputs.push_back(input);
  }
  return true;
}

zset_value combine(const std::vector<algebra_input>& inputs, zset_algebra op, aggregate how) {
  zset_value result;
  const auto weighted = [](double score, double weight) {
    const double product = score * weight;
    return std::isnan(product) ? 0.0 : product;  // inf * 0
  };
  switch (op) {
    case zset_algebra::union_: {
      std::unordered_map<std::string, double> scores;
      std::vector<std::string> order;
      for (const auto& input : inputs) {
        input.for_each([&](std::string_view member, double score) {
          const double value = weighted(score, input.weight);
          const auto [it, added] = scores.try_emplace(std::string(member), value);
          if (added) {
            order.push_back(it->first);
          } else {
            aggregate_into(it->second, value, how);
          }
        });
      }
      for (const auto& member : order) result.set(member, scores[member]);
      break;
    }
    case zset_algebra::inter: {
      // The smallest input is walked; only its own products are cleared of NaN.
      std::vector<const algebra_input*> by_size;
      for (const auto& input : inputs) by_size.push_back(&input);
      std::stable_sort(by_size.begin(), by_size.end(),
                       [](const algebra_input* a, const algebra_input* b) { return a->size() < b->size(); });
      by_size.front()->for_each([&](std::string_view member, double score) {
        double total = weighted(score, by_size.front()->weight);
        for (std::size_t j = 1; j < by_size.size(); ++j) {
          const std::optional<double> other = by_size[j]->score(member);
          if (!other) return;
          aggregate_into(total, *other * by_size[j]->weight, how);
        }
        result.set(member, total);
      });
      break;
    }
    case zset_algebra::diff:
      inputs.front().for_each([&](std::string_view member, double score) {
        for (std::size_t j = 1; j < inputs.size(); ++j) {
          if (inputs[j].score(member)) return;
        }
        result.set(member, score);
      });
      break;
  }
  return result;
}

void zset_algebra_command(command_context& ctx, zset_algebra op, bool store) {
  const std::size_t numkeys_at = store ? 2 : 1;
  std::vector<algebra_input> inputs;
  if (!algebra_inputs_or_reply(ctx, numkeys_at, inputs)) return;
  aggregate how = aggregate::sum;
  bool with_scores = false;
  for (std::size_t j = numkeys_at + 1 + inputs.size(); j < ctx.argv.size(); ++j) {
    const std::string_view option = ctx.argv[j];
    const std::size_t left = ctx.argv.size() - j - 1;
    if (op != zset_algebra::diff && equals_ignore_case(option, "weights") && left >= inputs.size()) {
      for (auto& input : inputs) {
        double weight = 0;
        if (!parse_strict_double(ctx.argv[++j], weight)) return ctx.reply.error(errors::weight_not_float);
        input.weight = weight;
      }
    } else if (op != zset_algebra::diff && equals_ignore_case(option, "aggregate") && left >= 1) {
      const std::string_view name = ctx.argv[++j];
      if (equals_ignore_case(name, "sum")) {
        how = aggregate::sum;
      } else if (equals_ignore_case(name, "min")) {
        how = aggregate::min;
      } else if (equals_ignore_case(name, "max")) {
        how = aggregate::max;
      } else {
        return ctx.reply.error(errors::syntax);
      }
    } else if (!store && equals_ignore_case(option, "withscores")) {
      with_scores = true;
    } else {
      return ctx.reply.error(errors::syntax);
    }
  }
  zset_value result = combine(inputs, op, how);
  if (store) return ctx.reply.integer(store_zset(ctx, ctx.argv[1], std::move(result)));
  std::vector<std::size_t> ranks(result.size());
  for (std::size_t r = 0; r < ranks.size(); ++r) ranks[r] = r;
  reply_elements(ctx, result, ranks, with_scores);
}

void zunion(command_context& ctx) { zset_algebra_command(ctx, zset_algebra::union_, false); }
void zinter(command_context& ctx) { zset_algebra_command(ctx, zset_algebra::inter, false); }
void zdiff(command_context& ctx) { zset_algebra_command(ctx, zset_algebra::diff, false); }
void zunionstore(command_context& ctx) { zset_algebra_command(ctx, zset_algebra::union_, true); }
void zinterstore(command_context& ctx) { zset_algebra_command(ctx, zset_algebra::inter, true); }
void zdiffstore(command_context& ctx) { zset_algebra_command(ctx, zset_algebra::diff, true); }

// ZINTERCARD numkeys key [key ...] [LIMIT limit]: the keys are checked before LIMIT.
void zintercard(command_context& ctx) {
  std::vector<algebra_input> inputs;
  if (!algebra_inputs_or_reply(ctx, 1, inputs)) return;
  long long limit = 0;
  for (std::size_t j = 2 + inputs.size(); j < ctx.argv.size(); j += 2) {
    if (j + 1 >= ctx.argv.size() || !equals_ignore_case(ctx.argv[j], "limit")) return ctx.reply.error(errors::syntax);
    if (!kvresp::parse_integer(ctx.argv[j + 1], limit) || limit < 0) return ctx.reply.error(errors::limit_negative);
  }
  std::stable_sort(inputs.begin(), inputs.end(),
                   [](const algebra_input& a, const algebra_input& b) { return a.size() < b.size(); });
  long long found = 0;
  bool done = false;
  inputs.front().for_each([&](std::string_view member, double) {
    if (done) return;
    for (std::size_t j = 1; j < inputs.size(); ++j) {
      if (!inputs[j].score(member)) return;
    }
    if (++found == limit) done = true;
  });
  ctx.reply.integer(found);
}

void zrangestore(command_context& ctx) { zrange_generic(ctx, std::nullopt, std::nullopt, true); }

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
      {.name = "zcount", .arity = 4, .flags = readonly | fast, .handler = zcount, .keys = one_key, .since = "2.0.0",
       .summary = "Count the members in a sorted set with scores within the given values",
       .complexity = "O(log(N)) with N being the number of elements in the sorted set."},
      {.name = "zdiff", .arity = -3, .flags = readonly, .handler = zdiff, .keys = no_keys, .since = "6.2.0",
       .summary = "Subtract multiple sorted sets",
       .complexity = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set."},
      {.name = "zdiffstore", .arity = -4, .flags = write, .handler = zdiffstore, .keys = one_key, .since = "6.2.0",
       .summary = "Subtract multiple sorted sets and store the resulting sorted set in a new key",
       .complexity = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set."},
      {.name = "zincrby", .arity = 4, .flags = write | fast, .handler = zincrby, .keys = one_key, .since = "1.2.0",
       .summary = "Increment the score of a member in a sorted set",
       .complexity = "O(log(N)) where N is the number of elements in the sorted set."},
      {.name = "zinter", .arity = -3, .flags = readonly, .handler = zinter, .keys = no_keys, .since = "6.2.0",
       .summary = "Intersect multiple sorted sets",
       .complexity = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set."},
      {.name = "zintercard", .arity = -3, .flags = readonly, .handler = zintercard, .keys = no_keys, .since = "7.0.0",
       .summary = "Intersect multiple sorted sets and return the cardinality of the result",
       .complexity = "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets."},
      {.name = "zinterstore", .arity = -4, .flags = write, .handler = zinterstore, .keys = one_key, .since = "2.0.0",
       .summary = "Intersect multiple sorted sets and store the resulting sorted set in a new key",
       .complexity = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set."},
      {.name = "zlexcount", .arity = 4, .flags = readonly | fast, .handler = zlexcount, .keys = one_key, .since = "2.8.9",
       .summary = "Count the number of members in a sorted set between a given lexicographical range",
       .complexity = "O(log(N)) with N being the number of elements in the sorted set."},
      {.name = "bzmpop", .arity = -5, .flags = write | no_script, .handler = bzmpop, .keys = no_keys, .since = "7.0.0",
       .summary = "Removes and returns a member by score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped.",
       .complexity = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped."},
      {.name = "bzpopmax", .arity = -3, .flags = write | fast | no_script, .handler = bzpopmax, .keys = {1, -2, 1}, .since = "5.0.0",
       .summary = "Removes and returns the member with the highest score from one or more sorted sets. Blocks until a member available otherwise.  Deletes the sorted set if the last element was popped.",
       .complexity = "O(log(N)) with N being the number of elements in the sorted set."},
      {.name = "bzpopmin", .arity = -3, .flags = write | fast | no_script, .handler = bzpopmin, .keys = {1, -2, 1}, .since = "5.0.0",
       .summary = "Removes and returns the member with the lowest score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped.",
       .complexity = "O(log(N)) with N being the number of elements in the sorted set."},
      {.name = "zmpop", .arity = -4, .flags = write, .handler = zmpop, .keys = no_keys, .since = "7.0.0",
       .summary = "Remove and return members with scores in a sorted set",
       .complexity = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped."},
      {.name = "zmscore", .arity = -3, .flags = readonly | fast, .handler = zmscore, .keys = one_key, .since = "6.2.0",
       .summary = "Get the score associated with the given members in a sorted set",
       .complexity = "O(N) where N is the number of members being requested."},
      {.name = "zpopmax", .arity = -2, .flags = write | fast, .handler = zpopmax, .keys = one_key, .since = "5.0.0",
       .summary = "Remove and return members with the highest scores in a sorted set",
       .complexity = "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped."},
      {.name = "zrandmember", .arity = -2, .flags = readonly, .handler = zrandmember, .keys = one_key, .since = "6.2.0",
       .summary = "Get one or multiple random elements from a sorted set",
       .complexity = "O(N) where N is the number of elements returned"},
      {.name = "zrangestore", .arity = -5, .flags = write, .handler = zrangestore, .keys = two_keys, .since = "6.2.0",
       .summary = "Store a range of members from sorted set into another key",
       .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key."},
      {.name = "zrank", .arity = 3, .flags = readonly | fast, .handler = zrank, .keys = one_key, .since = "2.0.0",
       .summary = "Determine the index of a member in a sorted set",
       .complexity = "O(log(N))"},
      {.name = "zremrangebylex", .arity = 4, .flags = write, .handler = zremrangebylex, .keys = one_key, .since = "2.8.9",
       .summary = "Remove all members in a sorted set between the given lexicographical range",
       .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation."},
      {.name = "zremrangebyrank", .arity = 4, .flags = write, .handler = zremrangebyrank, .keys = one_key, .since = "2.0.0",
       .summary = "Remove all members in a sorted set within the given indexes",
       .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation."},
      {.name = "zremrangebyscore", .arity = 4, .flags = write, .handler = zremrangebyscore, .keys = one_key, .since = "1.2.0",
       .summary = "Remove all members in a sorted set within the given scores",
       .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation."},
      {.name = "zrevrank", .arity = 3, .flags = readonly | fast, .handler = zrevrank, .keys = one_key, .since = "2.0.0",
       .summary = "Determine the index of a member in a sorted set, with scores ordered from high to low",
       .complexity = "O(log(N))"},
      {.name = "zscan", .arity = -3, .flags = readonly, .handler = zscan, .keys = one_key, .since = "2.8.0",
       .summary = "Incrementally iterate sorted sets elements and associated scores",
       .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.."},
      {.name = "zunion", .arity = -3, .flags = readonly, .handler = zunion, .keys = no_keys, .since = "6.2.0",
       .summary = "Add multiple sorted sets",
       .complexity = "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set."},
      {.name = "zunionstore", .arity = -4, .flags = write, .handler = zunionstore, .keys = one_key, .since = "2.0.0",
       .summary = "Add multiple sorted sets and store the resulting sorted set in a new key",
       .complexity = "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set."},
  };
  return {"sorted-set", specs};
}

}  // namespace kvmock::commands

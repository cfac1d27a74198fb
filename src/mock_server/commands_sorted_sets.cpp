// Sorted set commands: ZADD (NX, XX, GT, LT, CH, INCR), ZCARD, ZSCORE, ZRANGE by index (with
// WITHSCORES), ZREM, ZPOPMIN. Enough for redis-benchmark's default tests and basic use. A sorted
// set that becomes empty is removed.

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <cmath>
#include <cstdio>
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
    zset = &std::get<zset_value>(ctx.server.data().create(ctx.client.db, ctx.argv[1], zset_value{}).value);
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
    ctx.server.data().erase(ctx.client.db, ctx.argv[1], ctx.now);
  } else if (added + changed > 0) {
    ctx.server.data().touch(ctx.client.db, ctx.argv[1]);
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

void zrange(command_context& ctx) {
  long long start = 0, stop = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], start) ||
      !parse_integer_or_reply(ctx, ctx.argv[3], stop)) {
    return;
  }
  bool with_scores = false;
  for (std::size_t j = 4; j < ctx.argv.size(); ++j) {
    if (!equals_ignore_case(ctx.argv[j], "withscores")) {
      ctx.out += replies::syntax_error;
      return;
    }
    with_scores = true;
  }
  bool wrong_type = false;
  const zset_value* zset = find_value<zset_value>(ctx, ctx.argv[1], wrong_type);
  if (wrong_type) return;
  const auto length = zset == nullptr ? 0LL : static_cast<long long>(zset->size());
  if (start < 0) start += length;
  if (stop < 0) stop += length;
  if (start < 0) start = 0;
  if (zset == nullptr || start > stop || start >= length) {
    ctx.out += replies::empty_array;
    return;
  }
  if (stop >= length) stop = length - 1;
  const auto count = static_cast<std::size_t>(stop - start + 1);
  const bool pairs = with_scores && ctx.client.protocol == 3;  // RESP3: [member, score] each
  kvresp::append_array_header(ctx.out, with_scores && !pairs ? 2 * count : count);
  for (auto i = static_cast<std::size_t>(start); i <= static_cast<std::size_t>(stop); ++i) {
    if (pairs) kvresp::append_array_header(ctx.out, 2);
    kvresp::append_bulk_string(ctx.out, (*zset)[i].second);
    if (with_scores) reply_double(ctx, (*zset)[i].first);
  }
}

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

// Geo commands: GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH, GEOSEARCHSTORE, GEORADIUS,
// GEORADIUSBYMEMBER and their _RO forms, over sorted sets whose scores are geohashes
// (geohash.hpp). The searches scan the same cells in the same order as Redis and sort as it does
// (a stable sort for the whole result, pqsort for a COUNT), so even equally distant members come
// back in redis-server's order.

#include <algorithm>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "commands_sorted_sets.hpp"
#include "geohash.hpp"
#include "kvresp/integer.hpp"
#include "partial_quicksort.hpp"

namespace kvmock::commands {
namespace {

std::string invalid_position(const geo::position& where) {
  char text[128];
  std::snprintf(text, sizeof text, "ERR invalid longitude,latitude pair %f,%f", where.longitude, where.latitude);
  return text;
}

// extractLongLatOrReply: two floats, then the range.
bool position_or_reply(command_context& ctx, std::size_t at, geo::position& where) {
  if (!parse_double_or_reply(ctx, ctx.argv[at], where.longitude)) return false;
  if (!parse_double_or_reply(ctx, ctx.argv[at + 1], where.latitude)) return false;
  if (!geo::valid(where)) {
    ctx.reply.error(invalid_position(where));
    return false;
  }
  return true;
}

// A unit's size in meters, or a negative value after replying the error.
double unit_or_reply(command_context& ctx, std::string_view unit) {
  if (equals_ignore_case(unit, "m")) return 1;
  if (equals_ignore_case(unit, "km")) return 1000;
  if (equals_ignore_case(unit, "ft")) return 0.3048;
  if (equals_ignore_case(unit, "mi")) return 1609.34;
  ctx.reply.error(errors::geo_unit);
  return -1;
}

// GEOADD key [NX|XX] [CH] longitude latitude member ...: ZADD with the positions' scores.
void geoadd(command_context& ctx) {
  std::size_t first = 2;
  bool nx = false, xx = false;
  for (; first < ctx.argv.size(); ++first) {
    const std::string_view option = ctx.argv[first];
    if (equals_ignore_case(option, "nx")) nx = true;
    else if (equals_ignore_case(option, "xx")) xx = true;
    else if (!equals_ignore_case(option, "ch")) break;
  }
  if ((ctx.argv.size() - first) % 3 != 0 || (xx && nx)) return ctx.reply.error(errors::syntax);
  std::vector<std::string> scores;
  for (std::size_t i = first; i < ctx.argv.size(); i += 3) {
    geo::position where;
    if (!position_or_reply(ctx, i, where)) return;
    scores.push_back(std::to_string(geo::score_of(where)));
  }
  std::vector<std::string_view> zadd_argv(ctx.argv.begin(), ctx.argv.begin() + static_cast<std::ptrdiff_t>(first));
  zadd_argv[0] = "zadd";
  for (std::size_t e = 0; e < scores.size(); ++e) {
    zadd_argv.push_back(scores[e]);
    zadd_argv.push_back(ctx.argv[first + 3 * e + 2]);
  }
  command_context as_zadd{ctx.core, ctx.client, zadd_argv, ctx.reply, ctx.now};
  zadd(as_zadd);
}

// The position of a member, as GEOPOS and the searches decode it.
std::optional<geo::position> position_of_member(const zset_value& zset, std::string_view member) {
  const std::optional<double> score = zset.score(member);
  if (!score) return std::nullopt;
  return geo::position_of(*score);
}

// GEOPOS and GEOHASH: a reply for each member, `missing` for one the set (or the key) lacks.
template <typename Reply>
void reply_per_member(command_context& ctx, void (reply_writer::*missing)(), Reply reply) {
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  ctx.reply.array(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const auto where = zset == nullptr ? std::nullopt : position_of_member(*zset, ctx.argv[i]);
    if (where) {
      reply(*where);
    } else {
      (ctx.reply.*missing)();
    }
  }
}

void geopos(command_context& ctx) {
  reply_per_member(ctx, &reply_writer::null_array, [&](const geo::position& where) {
    ctx.reply.array(2);
    ctx.reply.human_double(where.longitude);
    ctx.reply.human_double(where.latitude);
  });
}

void geohash(command_context& ctx) {
  reply_per_member(ctx, &reply_writer::null,
                   [&](const geo::position& where) { ctx.reply.bulk(geo::standard_geohash(where)); });
}

// Distances with four decimals, a bulk string in both protocols.
void reply_distance(command_context& ctx, double distance) {
  char text[128];
  const int length = std::snprintf(text, sizeof text, "%.4f", distance);
  ctx.reply.bulk(std::string_view(text, static_cast<std::size_t>(length)));
}

void geodist(command_context& ctx) {
  double meters_per_unit = 1;
  if (ctx.argv.size() == 5) {
    meters_per_unit = unit_or_reply(ctx, ctx.argv[4]);
    if (meters_per_unit < 0) return;
  } else if (ctx.argv.size() > 5) {
    return ctx.reply.error(errors::syntax);
  }
  const auto zset = find_as<zset_value>(ctx, ctx.argv[1]);
  if (zset == nullptr && !zset.wrong_type()) return ctx.reply.null();
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);
  const auto a = position_of_member(*zset, ctx.argv[2]);
  const auto b = position_of_member(*zset, ctx.argv[3]);
  if (!a || !b) return ctx.reply.null();
  reply_distance(ctx, geo::distance(*a, *b) / meters_per_unit);
}

// How a search command takes its arguments (georadiusGeneric's flags).
enum class search_form { radius, radius_by_member, geosearch, geosearchstore };

struct found_point {
  std::string member;
  geo::position where;
  double distance = 0;  // in meters while searching, then in the reply's unit
  double score = 0;
};

// The members with a score in [min, max) that lie in the shape, appended in the set's order
// until `limit` (0: none) points have been found in all.
void points_in_range(const zset_value& zset, double min, double max, const geo::shape& area,
                     std::vector<found_point>& found, std::size_t limit) {
  const std::size_t first = zset.partition_point([&](const zset_value::element& e) { return e.score < min; });
  for (std::size_t rank = first; rank < zset.size(); ++rank) {
    const zset_value::element e = zset[rank];
    if (!(e.score < max)) break;
    const geo::position where = *geo::position_of(e.score);
    if (const auto distance = geo::distance_if_within(area, where)) {
      found.push_back({std::string(e.member), where, *distance, e.score});
    }
    if (!found.empty() && limit != 0 && found.size() >= limit) break;
  }
}

// membersOfAllNeighbors: each cell once (huge areas make neighbours coincide).
std::vector<found_point> search(const zset_value& zset, const geo::shape& area, std::size_t limit) {
  const std::array<geo::cell, 9> cells = geo::cells_to_search(area);
  std::vector<found_point> found;
  std::size_t last_scanned = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].bits == 0 && cells[i].step == 0) continue;
    if (last_scanned != 0 && cells[i].bits == cells[last_scanned].bits && cells[i].step == cells[last_scanned].step) {
      continue;
    }
    if (!found.empty() && limit != 0 && found.size() >= limit) break;
    const auto [min, max] = geo::score_range(cells[i]);
    points_in_range(zset, static_cast<double>(min), static_cast<double>(max), area, found, limit);
    last_scanned = i;
  }
  return found;
}

struct search_options {
  bool with_distance = false, with_hash = false, with_coordinates = false, any = false;
  enum { unsorted, ascending, descending } sort = unsorted;
  long long count = 0;
  std::optional<std::string_view> store_key;
  bool store_distance = false;
  bool from_member = false, from_position = false, by_radius = false, by_box = false;
};

// georadiusGeneric, in Redis's order: the key's type, the centre and radius of the GEORADIUS
// forms, the options left to right (each FROM and BY read as it comes), then the conflicts.
void search_command(command_context& ctx, search_form form, bool read_only) {
  const std::size_t key_at = form == search_form::geosearchstore ? 2 : 1;
  const auto zset = find_as<zset_value>(ctx, ctx.argv[key_at]);
  if (zset.wrong_type()) return ctx.reply.error(errors::wrong_type);

  geo::shape area;
  search_options options;
  std::size_t base = 0;
  auto distance_or_reply = [&](std::size_t at) {
    double radius = 0;
    if (!parse_double_or_reply(ctx, ctx.argv[at], radius, errors::geo_need_radius)) return false;
    if (radius < 0) {
      ctx.reply.error(errors::geo_negative_radius);
      return false;
    }
    area.radius = radius;
    area.box = false;
    area.meters_per_unit = unit_or_reply(ctx, ctx.argv[at + 1]);
    return area.meters_per_unit >= 0;
  };
  switch (form) {
    case search_form::radius:
      base = 6;
      if (!position_or_reply(ctx, 2, area.centre) || !distance_or_reply(4)) return;
      break;
    case search_form::radius_by_member:
      base = 5;
      if (zset == nullptr) break;  // the options are still read, for the reply's form
      if (const auto where = position_of_member(*zset, ctx.argv[2])) {
        area.centre = *where;
      } else {
        return ctx.reply.error(errors::geo_member_not_found);
      }
      if (!distance_or_reply(3)) return;
      break;
    case search_form::geosearch: base = 2; break;
    case search_form::geosearchstore:
      base = 3;
      options.store_key = ctx.argv[1];
      break;
  }

  const bool geosearch = form == search_form::geosearch || form == search_form::geosearchstore;
  const std::size_t remaining = ctx.argv.size() - base;
  for (std::size_t i = 0; i < remaining; ++i) {
    const std::string_view option = ctx.argv[base + i];
    auto next = [&](std::size_t k) { return ctx.argv[base + i + k]; };
    if (equals_ignore_case(option, "withdist")) {
      options.with_distance = true;
    } else if (equals_ignore_case(option, "withhash")) {
      options.with_hash = true;
    } else if (equals_ignore_case(option, "withcoord")) {
      options.with_coordinates = true;
    } else if (equals_ignore_case(option, "any")) {
      options.any = true;
    } else if (equals_ignore_case(option, "asc")) {
      options.sort = search_options::ascending;
    } else if (equals_ignore_case(option, "desc")) {
      options.sort = search_options::descending;
    } else if (equals_ignore_case(option, "count") && i + 1 < remaining) {
      if (!parse_integer_or_reply(ctx, next(1), options.count)) return;
      if (options.count <= 0) return ctx.reply.error(errors::geo_count_positive);
      ++i;
    } else if ((equals_ignore_case(option, "store") || equals_ignore_case(option, "storedist")) &&
               i + 1 < remaining && !read_only && !geosearch) {
      options.store_key = next(1);
      options.store_distance = equals_ignore_case(option, "storedist");
      ++i;
    } else if (equals_ignore_case(option, "storedist") && form == search_form::geosearchstore) {
      options.store_distance = true;
    } else if (equals_ignore_case(option, "frommember") && i + 1 < remaining && geosearch &&
               !options.from_position) {
      if (zset != nullptr) {
        if (const auto where = position_of_member(*zset, next(1))) {
          area.centre = *where;
        } else {
          return ctx.reply.error(errors::geo_member_not_found);
        }
      }
      options.from_member = true;
      ++i;
    } else if (equals_ignore_case(option, "fromlonlat") && i + 2 < remaining && geosearch &&
               !options.from_member) {
      if (!position_or_reply(ctx, base + i + 1, area.centre)) return;
      options.from_position = true;
      i += 2;
    } else if (equals_ignore_case(option, "byradius") && i + 2 < remaining && geosearch && !options.by_box) {
      if (!distance_or_reply(base + i + 1)) return;
      options.by_radius = true;
      i += 2;
    } else if (equals_ignore_case(option, "bybox") && i + 3 < remaining && geosearch && !options.by_radius) {
      double width = 0, height = 0;
      if (!parse_double_or_reply(ctx, next(1), width, errors::geo_need_width) ||
          !parse_double_or_reply(ctx, next(2), height, errors::geo_need_height)) {
        return;
      }
      if (height < 0 || width < 0) return ctx.reply.error(errors::geo_negative_box);
      area.box = true;
      area.width = width;
      area.height = height;
      area.meters_per_unit = unit_or_reply(ctx, next(3));
      if (area.meters_per_unit < 0) return;
      options.by_box = true;
      i += 3;
    } else {
      return ctx.reply.error(errors::syntax);
    }
  }

  if (options.store_key && (options.with_distance || options.with_hash || options.with_coordinates)) {
    return ctx.reply.error(errors::geo_store_with_options(form == search_form::geosearchstore));
  }
  if (geosearch && !(options.from_member || options.from_position)) {
    return ctx.reply.error(errors::geo_exactly_one_from(ctx.argv[0]));
  }
  if (geosearch && !(options.by_radius || options.by_box)) {
    return ctx.reply.error(errors::geo_exactly_one_by(ctx.argv[0]));
  }
  if (options.any && options.count == 0) return ctx.reply.error(errors::geo_any_needs_count);

  if (zset == nullptr) {
    if (options.store_key) return ctx.reply.integer(store_zset(ctx, *options.store_key, {}, geosearch ? "geosearchstore" : "georadiusstore"));
    return ctx.reply.array(0);
  }
  // COUNT alone means the nearest ones.
  if (options.count != 0 && options.sort == search_options::unsorted && !options.any) {
    options.sort = search_options::ascending;
  }
  std::vector<found_point> found =
      search(*zset, area, options.any ? static_cast<std::size_t>(options.count) : 0);
  if (found.empty() && !options.store_key) return ctx.reply.array(0);

  const std::size_t returned = options.count == 0 || found.size() < static_cast<std::size_t>(options.count)
                                   ? found.size()
                                   : static_cast<std::size_t>(options.count);
  if (options.sort != search_options::unsorted) {
    const bool descending = options.sort == search_options::descending;
    if (returned == found.size()) {
      // glibc's qsort, which Redis calls here, is a merge sort: stable.
      std::stable_sort(found.begin(), found.end(), [&](const found_point& a, const found_point& b) {
        return descending ? a.distance > b.distance : a.distance < b.distance;
      });
    } else {
      partial_quicksort(std::span<found_point>(found), 0, returned - 1, [&](const found_point& a, const found_point& b) {
        const int ascending = a.distance > b.distance ? 1 : (a.distance == b.distance ? 0 : -1);
        return descending ? -ascending : ascending;
      });
    }
  }
  found.resize(returned);
  for (found_point& point : found) point.distance /= area.meters_per_unit;

  if (options.store_key) {
    zset_value result;
    for (const found_point& point : found) result.set(point.member, options.store_distance ? point.distance : point.score);
    return ctx.reply.integer(store_zset(ctx, *options.store_key, std::move(result), geosearch ? "geosearchstore" : "georadiusstore"));
  }
  const std::size_t extras = (options.with_distance ? 1 : 0) + (options.with_hash ? 1 : 0) +
                             (options.with_coordinates ? 1 : 0);
  ctx.reply.array(found.size());
  for (const found_point& point : found) {
    if (extras != 0) ctx.reply.array(extras + 1);
    ctx.reply.bulk(point.member);
    if (options.with_distance) reply_distance(ctx, point.distance);
    if (options.with_hash) ctx.reply.integer(static_cast<long long>(point.score));
    if (options.with_coordinates) {
      ctx.reply.array(2);
      ctx.reply.human_double(point.where.longitude);
      ctx.reply.human_double(point.where.latitude);
    }
  }
}

void georadius(command_context& ctx) { search_command(ctx, search_form::radius, false); }
void georadius_ro(command_context& ctx) { search_command(ctx, search_form::radius, true); }
void georadiusbymember(command_context& ctx) { search_command(ctx, search_form::radius_by_member, false); }
void georadiusbymember_ro(command_context& ctx) { search_command(ctx, search_form::radius_by_member, true); }
void geosearch(command_context& ctx) { search_command(ctx, search_form::geosearch, true); }
void geosearchstore(command_context& ctx) { search_command(ctx, search_form::geosearchstore, false); }

}  // namespace

command_group geo_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "geoadd", .arity = -5, .flags = write, .handler = geoadd, .keys = one_key, .since = "3.2.0",
       .summary = "Add one or more geospatial items in the geospatial index represented using a sorted set",
       .complexity = "O(log(N)) for each item added, where N is the number of elements in the sorted set."},
      {.name = "geodist", .arity = -4, .flags = readonly, .handler = geodist, .keys = one_key, .since = "3.2.0",
       .summary = "Returns the distance between two members of a geospatial index",
       .complexity = "O(log(N))"},
      {.name = "geohash", .arity = -2, .flags = readonly, .handler = geohash, .keys = one_key, .since = "3.2.0",
       .summary = "Returns members of a geospatial index as standard geohash strings",
       .complexity = "O(log(N)) for each member requested, where N is the number of elements in the sorted set."},
      {.name = "geopos", .arity = -2, .flags = readonly, .handler = geopos, .keys = one_key, .since = "3.2.0",
       .summary = "Returns longitude and latitude of members of a geospatial index",
       .complexity = "O(N) where N is the number of members requested."},
      {.name = "georadius", .arity = -6, .flags = write, .handler = georadius, .keys = one_key, .since = "3.2.0",
       .summary = "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point",
       .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index."},
      {.name = "georadius_ro", .arity = -6, .flags = readonly, .handler = georadius_ro, .keys = one_key, .since = "3.2.10",
       .summary = "A read-only variant for GEORADIUS",
       .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index."},
      {.name = "georadiusbymember", .arity = -5, .flags = write, .handler = georadiusbymember, .keys = one_key,
       .since = "3.2.0",
       .summary = "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member",
       .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index."},
      {.name = "georadiusbymember_ro", .arity = -5, .flags = readonly, .handler = georadiusbymember_ro,
       .keys = one_key, .since = "3.2.10",
       .summary = "A read-only variant for GEORADIUSBYMEMBER",
       .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index."},
      {.name = "geosearch", .arity = -7, .flags = readonly, .handler = geosearch, .keys = one_key, .since = "6.2.0",
       .summary = "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.",
       .complexity = "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape"},
      {.name = "geosearchstore", .arity = -8, .flags = write, .handler = geosearchstore, .keys = two_keys,
       .since = "6.2.0",
       .summary = "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.",
       .complexity = "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape"},
  };
  return {"geo", specs};
}

}  // namespace kvmock::commands

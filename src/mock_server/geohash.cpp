#include "geohash.hpp"

#include <cmath>
#include <initializer_list>
#include <numbers>

namespace kvmock::geo {
namespace {

constexpr std::uint8_t step_max = 26;
constexpr double earth_radius_meters = 6372797.560856;
constexpr double mercator_max = 20037726.37;
// Redis converts with M_PI / 180 (D_R), not its more precise DEG_TO_RAD constant: the same here,
// so that every distance rounds as redis-server's does.
constexpr double degrees_to_radians = std::numbers::pi / 180.0;

double radians(double degrees) { return degrees * degrees_to_radians; }
double degrees(double radians) { return radians / degrees_to_radians; }

struct range {
  double min;
  double max;
};
constexpr range mercator_longitudes{longitude_min, longitude_max};
constexpr range mercator_latitudes{latitude_min, latitude_max};

struct area {
  range longitude;
  range latitude;
};

// Bits of x in the even positions, of y in the odd ones.
std::uint64_t interleave(std::uint32_t x_low, std::uint32_t y_low) {
  static constexpr std::uint64_t masks[] = {0x5555555555555555ULL, 0x3333333333333333ULL, 0x0F0F0F0F0F0F0F0FULL,
                                            0x00FF00FF00FF00FFULL, 0x0000FFFF0000FFFFULL};
  std::uint64_t x = x_low;
  std::uint64_t y = y_low;
  for (int i = 4; i >= 0; --i) {
    const unsigned shift = 1u << i;
    x = (x | (x << shift)) & masks[i];
    y = (y | (y << shift)) & masks[i];
  }
  return x | (y << 1);
}

// The inverse: the even bits in the low half, the odd ones in the high half.
std::uint64_t deinterleave(std::uint64_t interleaved) {
  static constexpr std::uint64_t masks[] = {0x5555555555555555ULL, 0x3333333333333333ULL, 0x0F0F0F0F0F0F0F0FULL,
                                            0x00FF00FF00FF00FFULL, 0x0000FFFF0000FFFFULL, 0x00000000FFFFFFFFULL};
  std::uint64_t x = interleaved;
  std::uint64_t y = interleaved >> 1;
  for (int i = 0; i <= 5; ++i) {
    const unsigned shift = i == 0 ? 0u : 1u << (i - 1);
    x = (x | (x >> shift)) & masks[i];
    y = (y | (y >> shift)) & masks[i];
  }
  return x | (y << 32);
}

std::optional<cell> encode(const range& longitudes, const range& latitudes, const position& where,
                           std::uint8_t step) {
  if (!valid(where)) return std::nullopt;
  if (where.latitude < latitudes.min || where.latitude > latitudes.max || where.longitude < longitudes.min ||
      where.longitude > longitudes.max) {
    return std::nullopt;
  }
  double latitude_offset = (where.latitude - latitudes.min) / (latitudes.max - latitudes.min);
  double longitude_offset = (where.longitude - longitudes.min) / (longitudes.max - longitudes.min);
  latitude_offset *= static_cast<double>(1ULL << step);
  longitude_offset *= static_cast<double>(1ULL << step);
  return cell{interleave(static_cast<std::uint32_t>(latitude_offset), static_cast<std::uint32_t>(longitude_offset)),
              step};
}

area decode(const cell& c) {
  const std::uint64_t separated = deinterleave(c.bits);
  const double latitude_scale = mercator_latitudes.max - mercator_latitudes.min;
  const double longitude_scale = mercator_longitudes.max - mercator_longitudes.min;
  const auto latitude_cell = static_cast<std::uint32_t>(separated);
  const auto longitude_cell = static_cast<std::uint32_t>(separated >> 32);
  const auto cells = static_cast<double>(1ULL << c.step);
  area a{};
  a.latitude.min = mercator_latitudes.min + (latitude_cell * 1.0 / cells) * latitude_scale;
  a.latitude.max = mercator_latitudes.min + (static_cast<std::uint32_t>(latitude_cell + 1) * 1.0 / cells) * latitude_scale;
  a.longitude.min = mercator_longitudes.min + (longitude_cell * 1.0 / cells) * longitude_scale;
  a.longitude.max = mercator_longitudes.min + (static_cast<std::uint32_t>(longitude_cell + 1) * 1.0 / cells) * longitude_scale;
  return a;
}

// x86-64's double to uint64 conversion, which Redis applies to any score (a score no GEOADD
// made can be out of range): defined here for every double, as the hardware defines it.
std::uint64_t bits_of_score(double score) {
  constexpr double two_to_63 = 9223372036854775808.0;
  constexpr std::uint64_t indefinite = 1ULL << 63;
  if (score >= two_to_63) {
    const double reduced = score - two_to_63;
    const std::uint64_t low = reduced < two_to_63 ? static_cast<std::uint64_t>(static_cast<std::int64_t>(reduced))
                                                  : indefinite;
    return low ^ (1ULL << 63);
  }
  if (score >= -two_to_63) return static_cast<std::uint64_t>(static_cast<std::int64_t>(score));
  return indefinite;
}

void move_longitude(cell& c, int direction) {
  std::uint64_t x = c.bits & 0xaaaaaaaaaaaaaaaaULL;
  const std::uint64_t y = c.bits & 0x5555555555555555ULL;
  const std::uint64_t unused = 0x5555555555555555ULL >> (64 - c.step * 2);
  if (direction > 0) {
    x = x + (unused + 1);
  } else {
    x = x | unused;
    x = x - (unused + 1);
  }
  x &= (0xaaaaaaaaaaaaaaaaULL >> (64 - c.step * 2));
  c.bits = x | y;
}

void move_latitude(cell& c, int direction) {
  const std::uint64_t x = c.bits & 0xaaaaaaaaaaaaaaaaULL;
  std::uint64_t y = c.bits & 0x5555555555555555ULL;
  const std::uint64_t unused = 0xaaaaaaaaaaaaaaaaULL >> (64 - c.step * 2);
  if (direction > 0) {
    y = y + (unused + 1);
  } else {
    y = y | unused;
    y = y - (unused + 1);
  }
  y &= (0x5555555555555555ULL >> (64 - c.step * 2));
  c.bits = x | y;
}

cell moved(cell c, int east, int north) {
  if (east != 0) move_longitude(c, east);
  if (north != 0) move_latitude(c, north);
  return c;
}

// geohashEstimateStepsByRadius: coarser cells for larger areas and nearer the poles.
std::uint8_t steps_for(double range_meters, double latitude) {
  if (range_meters == 0) return step_max;
  int step = 1;
  while (range_meters < mercator_max) {
    range_meters *= 2;
    ++step;
  }
  step -= 2;
  if (latitude > 66 || latitude < -66) {
    --step;
    if (latitude > 80 || latitude < -80) --step;
  }
  if (step < 1) step = 1;
  if (step > step_max) step = step_max;
  return static_cast<std::uint8_t>(step);
}

// The shape's bounding box; on each hemisphere the wider edge is the one nearer the equator.
area bounding_box(const shape& s) {
  const double height = s.meters_per_unit * (s.box ? s.height / 2 : s.radius);
  const double width = s.meters_per_unit * (s.box ? s.width / 2 : s.radius);
  const double latitude_delta = degrees(height / earth_radius_meters);
  const double longitude_delta_top =
      degrees(width / earth_radius_meters / std::cos(radians(s.centre.latitude + latitude_delta)));
  const double longitude_delta_bottom =
      degrees(width / earth_radius_meters / std::cos(radians(s.centre.latitude - latitude_delta)));
  const bool southern = s.centre.latitude < 0;
  const double longitude_delta = southern ? longitude_delta_bottom : longitude_delta_top;
  return {{s.centre.longitude - longitude_delta, s.centre.longitude + longitude_delta},
          {s.centre.latitude - latitude_delta, s.centre.latitude + latitude_delta}};
}

}  // namespace

bool valid(const position& where) {
  return !(where.longitude > longitude_max || where.longitude < longitude_min || where.latitude > latitude_max ||
           where.latitude < latitude_min);
}

std::uint64_t score_of(const position& where) {
  const std::optional<cell> c = encode(mercator_longitudes, mercator_latitudes, where, step_max);
  return c ? c->bits : 0;
}

std::optional<position> position_of(double score) {
  const area a = decode(cell{bits_of_score(score), step_max});
  position centre{(a.longitude.min + a.longitude.max) / 2, (a.latitude.min + a.latitude.max) / 2};
  if (centre.longitude > longitude_max) centre.longitude = longitude_max;
  if (centre.longitude < longitude_min) centre.longitude = longitude_min;
  if (centre.latitude > latitude_max) centre.latitude = latitude_max;
  if (centre.latitude < latitude_min) centre.latitude = latitude_min;
  return centre;
}

std::string standard_geohash(const position& where) {
  static constexpr char alphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";
  const std::optional<cell> c = encode({-180, 180}, {-90, 90}, where, step_max);
  const std::uint64_t bits = c ? c->bits : 0;
  std::string text(11, '0');
  // 52 bits make ten characters; the eleventh, which older versions printed, is always '0'.
  for (int i = 0; i < 10; ++i) text[static_cast<std::size_t>(i)] = alphabet[(bits >> (52 - (i + 1) * 5)) & 0x1f];
  return text;
}

double distance(const position& a, const position& b) {
  const double latitude_a = radians(a.latitude);
  const double longitude_a = radians(a.longitude);
  const double latitude_b = radians(b.latitude);
  const double longitude_b = radians(b.longitude);
  const double u = std::sin((latitude_b - latitude_a) / 2);
  const double v = std::sin((longitude_b - longitude_a) / 2);
  return 2.0 * earth_radius_meters * std::asin(std::sqrt(u * u + std::cos(latitude_a) * std::cos(latitude_b) * v * v));
}

std::optional<double> distance_if_within(const shape& area, const position& point) {
  if (!area.box) {
    const double d = distance(area.centre, point);
    if (d > area.radius * area.meters_per_unit) return std::nullopt;
    return d;
  }
  const double width = area.width * area.meters_per_unit;
  const double height = area.height * area.meters_per_unit;
  const double longitude_distance = distance(point, {area.centre.longitude, point.latitude});
  const double latitude_distance = distance(point, {point.longitude, area.centre.latitude});
  if (longitude_distance > width / 2 || latitude_distance > height / 2) return std::nullopt;
  return distance(area.centre, point);
}

std::array<cell, 9> cells_to_search(const shape& s) {
  const area bounds = bounding_box(s);
  double radius_meters =
      s.box ? std::sqrt((s.width / 2) * (s.width / 2) + (s.height / 2) * (s.height / 2)) : s.radius;
  radius_meters *= s.meters_per_unit;
  std::uint8_t steps = steps_for(radius_meters, s.centre.latitude);

  auto around = [&](std::uint8_t step) {
    const cell centre = encode(mercator_longitudes, mercator_latitudes, s.centre, step).value_or(cell{0, step});
    return std::array<cell, 9>{centre,
                               moved(centre, 0, 1),   moved(centre, 0, -1),  moved(centre, 1, 0),
                               moved(centre, -1, 0),  moved(centre, 1, 1),   moved(centre, -1, 1),
                               moved(centre, 1, -1),  moved(centre, -1, -1)};
  };
  enum { centre, north, south, east, west, north_east, north_west, south_east, south_west };
  std::array<cell, 9> cells = around(steps);
  // A neighbour too near the search area to cover it: one step coarser.
  const bool too_fine = decode(cells[north]).latitude.max < bounds.latitude.max ||
                        decode(cells[south]).latitude.min > bounds.latitude.min ||
                        decode(cells[east]).longitude.max < bounds.longitude.max ||
                        decode(cells[west]).longitude.min > bounds.longitude.min;
  if (steps > 1 && too_fine) {
    --steps;
    cells = around(steps);
  }
  if (steps >= 2) {
    const area middle = decode(cells[centre]);
    auto drop = [&](std::initializer_list<int> which) {
      for (const int i : which) cells[static_cast<std::size_t>(i)] = cell{};
    };
    if (middle.latitude.min < bounds.latitude.min) drop({south, south_west, south_east});
    if (middle.latitude.max > bounds.latitude.max) drop({north, north_east, north_west});
    if (middle.longitude.min < bounds.longitude.min) drop({west, south_west, north_west});
    if (middle.longitude.max > bounds.longitude.max) drop({east, south_east, north_east});
  }
  return cells;
}

std::pair<std::uint64_t, std::uint64_t> score_range(const cell& c) {
  const unsigned shift = 52u - c.step * 2u;
  return {c.bits << shift, (c.bits + 1) << shift};
}

}  // namespace kvmock::geo

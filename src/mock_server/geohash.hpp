#pragma once
// Redis's geohash arithmetic (geohash.c and geohash_helper.c, 7.0): a position is a sorted-set
// score, the 52-bit interleave of its latitude and longitude cells at 26 steps, over latitudes
// clipped to +-85.05112878 (the Web Mercator square). Searches cover the shape with the cell
// around its centre and up to eight neighbours, at a step chosen from the shape's size, exactly
// as Redis does, so that the members examined, and so the order of equal distances, are Redis's.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace kvmock::geo {

inline constexpr double longitude_min = -180;
inline constexpr double longitude_max = 180;
inline constexpr double latitude_min = -85.05112878;
inline constexpr double latitude_max = 85.05112878;

struct position {
  double longitude = 0;
  double latitude = 0;
};

// Whether GEOADD and the searches accept it.
bool valid(const position& where);
// The score GEOADD gives a position (valid positions only).
std::uint64_t score_of(const position& where);
// The centre of the cell a score names, as GEOPOS reports it; nullopt for a score no GEOADD made.
std::optional<position> position_of(double score);
// The 11-character standard geohash (latitudes over +-90) GEOHASH reports.
std::string standard_geohash(const position& where);

// Great-circle distance in meters (haversine, Redis's earth radius).
double distance(const position& a, const position& b);

// A search area: a circle (radius) or a box (width x height) around `centre`, its sizes in a
// unit of `meters_per_unit` meters.
struct shape {
  bool box = false;
  position centre;
  double radius = 0;
  double width = 0;
  double height = 0;
  double meters_per_unit = 1;
};

// Whether a point is in the shape, and its distance from the centre in meters if it is.
std::optional<double> distance_if_within(const shape& area, const position& point);

// A cell: `step` bits of latitude interleaved with `step` of longitude. step 0 means none.
struct cell {
  std::uint64_t bits = 0;
  std::uint8_t step = 0;
};

// The cells to scan for a shape, in Redis's order: the centre's, then north, south, east, west,
// north-east, north-west, south-east, south-west; those that cannot hold a match have step 0.
std::array<cell, 9> cells_to_search(const shape& area);
// The scores of a cell's positions: [first, second).
std::pair<std::uint64_t, std::uint64_t> score_range(const cell& c);

}  // namespace kvmock::geo

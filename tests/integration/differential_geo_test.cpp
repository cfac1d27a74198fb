// Geo commands, replies compared with a real redis-server: GEOADD, GEOPOS, GEODIST, GEOHASH,
// GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER and the _RO forms. Random points and
// random searches are compared byte for byte, coordinates and distances included, and so are
// the orders of equally distant members that Redis's sorts give.

#include <random>
#include <string>
#include <vector>

#include "support/differential.hpp"

namespace {

using differential_geo = kvtest::differential_test;

std::string text(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6f", value);
  return buffer;
}

// GEOADD key with `count` random points within `spread` degrees of (longitude, latitude).
kvtest::step random_points(std::mt19937& random, const std::string& key, int count, double longitude,
                           double latitude, double spread) {
  std::uniform_real_distribution<double> offset(-spread, spread);
  std::vector<std::string> command{"GEOADD", key};
  for (int i = 0; i < count; ++i) {
    const double x = std::clamp(longitude + offset(random), -180.0, 180.0);
    const double y = std::clamp(latitude + offset(random), -85.0, 85.0);
    command.insert(command.end(), {text(x), text(y), "p" + std::to_string(i)});
  }
  return kvtest::step(std::move(command));
}

const kvtest::step sicily{"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669",
                          "Catania", "12.758489", "38.788135", "edge1", "17.241510", "38.788135", "edge2"};

TEST_F(differential_geo, geoadd_geopos_geohash_geodist) {
  check({
      sicily,
      {"ZRANGE", "Sicily", "0", "-1", "WITHSCORES"},
      {"OBJECT", "ENCODING", "Sicily"},
      {"GEOPOS", "Sicily", "Palermo", "nope", "Catania"},
      {"GEOPOS", "missing", "a", "b"},
      {"GEOPOS", "Sicily"},
      {"GEOHASH", "Sicily", "Palermo", "Catania", "nope"},
      {"GEOHASH", "missing", "a"},
      {"GEOHASH", "Sicily"},
      {"GEODIST", "Sicily", "Palermo", "Catania"},
      {"GEODIST", "Sicily", "Palermo", "Catania", "km"},
      {"GEODIST", "Sicily", "Palermo", "Catania", "MI"},
      {"GEODIST", "Sicily", "Palermo", "Catania", "ft"},
      {"GEODIST", "Sicily", "Palermo", "Catania", "M"},
      {"GEODIST", "Sicily", "Palermo", "Palermo"},
      {"GEODIST", "Sicily", "Palermo", "nope"},
      {"GEODIST", "missing", "a", "b"},
      {"GEODIST", "Sicily", "Palermo", "Catania", "yards"},
      {"GEODIST", "missing", "a", "b", "yards"},
      {"GEODIST", "Sicily", "Palermo", "Catania", "km", "extra"},
      {"GEOADD", "Sicily", "NX", "13.361389", "38.115556", "Palermo", "1", "1", "new"},
      {"GEOADD", "Sicily", "XX", "CH", "13.5", "38.1", "Palermo", "2", "2", "absent"},
      {"GEOADD", "Sicily", "CH", "13.5", "38.1", "Palermo", "13.5", "38.1", "other"},
      {"GEOADD", "Sicily", "XX", "NX", "1", "1", "x"},
      {"GEOADD", "Sicily", "1", "1"},
      {"GEOADD", "Sicily", "1", "1", "x", "2"},
      {"GEOADD", "Sicily", "CH", "CH", "CH"},
      {"GEOADD", "Sicily", "GT", "1", "1", "x"},
      {"GEOADD", "g", "200", "10", "a"},
      {"GEOADD", "g", "10", "86", "a"},
      {"GEOADD", "g", "10", "-85.06", "a"},
      {"GEOADD", "g", "inf", "1", "a"},
      {"GEOADD", "g", "nan", "1", "a"},
      {"GEOADD", "g", "x", "1", "a"},
      {"GEOADD", "g", "1", "1", "a", "x", "1", "b"},
      {"EXISTS", "g"},
      {"GEOADD", "g", "180", "85.05112878", "ne", "-180", "-85.05112878", "sw", "0", "0", "origin"},
      {"GEOPOS", "g", "ne", "sw", "origin"},
      {"GEOHASH", "g", "ne", "sw", "origin"},
      {"GEODIST", "g", "ne", "sw", "km"},
      {"SET", "s", "x"},
      {"GEOADD", "s", "1", "1", "a"},
      {"GEOPOS", "s", "a"},
      {"GEOHASH", "s", "a"},
      {"GEODIST", "s", "a", "b"},
      {"GEODIST", "s", "a", "b", "yards"},
      {"GEOADD"},
      {"GEOPOS"},
  });
}

TEST_F(differential_geo, scores_no_geoadd_made) {
  check({
      {"ZADD", "z", "-5", "negative", "0", "zero", "1e20", "huge", "4503599627370496", "two52", "inf", "inf",
       "-inf", "-inf", "123.75", "fraction"},
      {"GEOPOS", "z", "negative", "zero", "huge", "two52", "inf", "-inf", "fraction"},
      {"GEOHASH", "z", "negative", "zero", "huge", "two52", "inf", "-inf", "fraction"},
      {"GEODIST", "z", "zero", "fraction"},
      {"GEODIST", "z", "zero", "huge"},
      {"GEOSEARCH", "z", "FROMMEMBER", "zero", "BYRADIUS", "100", "km", "WITHCOORD", "WITHHASH"},
  });
}

TEST_F(differential_geo, georadius_and_georadiusbymember) {
  check({
      sicily,
      {"GEORADIUS", "Sicily", "15", "37", "200", "km"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH", "ASC"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "DESC", "WITHDIST"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "1"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "1", "DESC"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "1", "ANY"},
      {"GEORADIUS", "Sicily", "15", "37", "200000", "m", "withdist"},
      {"GEORADIUS", "Sicily", "15", "37", "124.27", "mi", "withdist"},
      {"GEORADIUS", "Sicily", "15", "37", "656168", "ft", "withdist"},
      {"GEORADIUS", "Sicily", "15", "37", "0", "km"},
      {"GEORADIUS", "Sicily", "15", "37", "1", "km"},
      {"GEORADIUS", "Sicily", "15", "37", "5000", "km", "WITHDIST"},
      {"GEORADIUS", "Sicily", "15", "37", "20000", "km", "WITHDIST"},
      {"GEORADIUSBYMEMBER", "Sicily", "Palermo", "200", "km", "WITHDIST", "WITHCOORD"},
      {"GEORADIUSBYMEMBER", "Sicily", "Palermo", "200", "km", "COUNT", "2", "ASC"},
      {"GEORADIUSBYMEMBER", "Sicily", "nope", "200", "km"},
      {"GEORADIUSBYMEMBER", "missing", "nope", "-5", "parsecs"},
      {"GEORADIUSBYMEMBER", "missing", "nope", "-5", "parsecs", "WITHDIST", "STORE", "d"},
      {"GEORADIUSBYMEMBER", "missing", "nope", "-5", "parsecs", "BOGUS"},
      {"GEORADIUSBYMEMBER_RO", "Sicily", "Palermo", "100", "km", "WITHDIST"},
      {"GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "WITHDIST"},
      {"GEORADIUS", "missing", "15", "37", "200", "km"},
      {"GEORADIUS", "Sicily", "15", "37", "-1", "km"},
      {"GEORADIUS", "Sicily", "15", "37", "x", "km"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "yards"},
      {"GEORADIUS", "Sicily", "200", "37", "200", "km"},
      {"GEORADIUS", "Sicily", "15", "x", "200", "km"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "0"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "-2"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "x"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "ANY"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "BYBOX", "1", "1", "km"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "FROMLONLAT", "1", "1"},
      {"GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "STORE", "d"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "d", "WITHDIST"},
      {"SET", "s", "x"},
      {"GEORADIUS", "s", "15", "37", "200", "km"},
      {"GEORADIUS", "s", "x", "x", "x", "x"},
      {"GEORADIUSBYMEMBER", "s", "a", "1", "km"},
      {"GEORADIUS", "Sicily", "15", "37", "200"},
  });
}

TEST_F(differential_geo, geosearch_options_and_errors) {
  check({
      sicily,
      {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"},
      {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "ASC", "WITHCOORD", "WITHDIST",
       "WITHHASH"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "200", "100", "km", "DESC", "WITHDIST"},
      {"GEOSEARCH", "Sicily", "BYRADIUS", "300", "km", "FROMMEMBER", "Catania", "COUNT", "2", "WITHDIST"},
      {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "300", "km", "COUNT", "2", "ANY", "DESC"},
      {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "0", "0", "km"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "nope", "BYRADIUS", "1", "km"},
      {"GEOSEARCH", "missing", "FROMMEMBER", "nope", "BYRADIUS", "1", "km"},
      {"GEOSEARCH", "missing", "FROMLONLAT", "500", "1", "BYRADIUS", "1", "km"},
      {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "BYBOX", "1", "1", "km"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "1", "1", "km", "BYRADIUS", "1", "km"},
      {"geosearch", "Sicily", "BYRADIUS", "1", "km", "ASC", "WITHDIST"},
      {"GeoSearch", "Sicily", "FROMMEMBER", "Palermo", "ASC", "WITHDIST"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "x", "1", "km"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "1", "x", "km"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "-1", "1", "km"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "1", "1", "au"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "1", "1"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "STORE", "d"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "STOREDIST"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "ANY"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "COUNT", "0"},
      {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1000", "km", "COUNT", "10"},
      {"SET", "s", "x"},
      {"GEOSEARCH", "s", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"},
      {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37"},
  });
}

TEST_F(differential_geo, store_forms) {
  check({
      sicily,
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "near"},
      {"ZRANGE", "near", "0", "-1", "WITHSCORES"},
      {"OBJECT", "ENCODING", "near"},
      {"GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "dist", "COUNT", "1"},
      {"ZRANGE", "dist", "0", "-1", "WITHSCORES"},
      {"GEORADIUSBYMEMBER", "Sicily", "Palermo", "300", "km", "STOREDIST", "dist"},
      {"ZRANGE", "dist", "0", "-1", "WITHSCORES"},
      {"GEOSEARCHSTORE", "box", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km"},
      {"ZRANGE", "box", "0", "-1", "WITHSCORES"},
      {"GEOSEARCHSTORE", "box", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "STOREDIST",
       "DESC", "COUNT", "2"},
      {"ZRANGE", "box", "0", "-1", "WITHSCORES"},
      {"GEOSEARCHSTORE", "box", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"},
      {"EXISTS", "box"},
      {"SET", "str", "x"},
      {"GEOSEARCHSTORE", "str", "missing", "FROMMEMBER", "a", "BYRADIUS", "1", "m"},
      {"EXISTS", "str"},
      {"SET", "str", "x"},
      {"GEOSEARCHSTORE", "str", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "m"},
      {"TYPE", "str"},
      {"GEOSEARCHSTORE", "str", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "10", "m"},
      {"TYPE", "str"},
      {"GEORADIUS", "missing", "15", "37", "200", "km", "STORE", "near"},
      {"EXISTS", "near"},
      {"GEOSEARCHSTORE", "box", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "WITHDIST"},
      {"GEOSEARCHSTORE", "box", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "STORE", "x"},
      {"GEOSEARCHSTORE", "Sicily", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "100", "km"},
      {"ZRANGE", "Sicily", "0", "-1"},
      {"GEOSEARCHSTORE", "box", "Sicily", "FROMLONLAT", "15", "37"},
  });
  check({{"CONFIG", "SET", "zset-max-listpack-entries", "1"}});
  check({
      sicily,
      {"GEORADIUS", "Sicily", "15", "37", "500", "km", "STORE", "big"},
      {"OBJECT", "ENCODING", "big"},
      {"CONFIG", "SET", "zset-max-listpack-entries", "128"},
  });
}

TEST_F(differential_geo, random_points_and_searches) {
  std::mt19937 random(2026);
  check({random_points(random, "r", 400, 2.35, 48.85, 3)});
  std::uniform_real_distribution<double> around(-3, 3);
  std::uniform_real_distribution<double> size(1, 300);
  const char* units[] = {"m", "km", "mi", "ft"};
  const double unit_scale[] = {1000, 1, 0.621371, 3280.84};
  kvtest::script searches;
  for (int i = 0; i < 60; ++i) {
    const std::string x = text(2.35 + around(random)), y = text(48.85 + around(random));
    const int unit = static_cast<int>(random() % 4);
    const std::string radius = text(size(random) * unit_scale[unit]);
    std::vector<std::string> command;
    switch (i % 4) {
      case 0: command = {"GEOSEARCH", "r", "FROMLONLAT", x, y, "BYRADIUS", radius, units[unit], "WITHDIST"}; break;
      case 1:
        command = {"GEOSEARCH", "r", "FROMLONLAT", x, y, "BYBOX", radius, text(size(random) * unit_scale[unit]),
                   units[unit], "WITHCOORD", "ASC"};
        break;
      case 2:
        command = {"GEORADIUSBYMEMBER", "r", "p" + std::to_string(random() % 400), radius, units[unit], "DESC",
                   "WITHHASH", "COUNT", std::to_string(1 + random() % 30)};
        break;
      default: command = {"GEORADIUS", "r", x, y, radius, units[unit], "COUNT", "5", "ANY"}; break;
    }
    searches.emplace_back(std::move(command));
  }
  check(searches);
  // Near the poles and across the antimeridian, where the cells are coarser or wrap around.
  check({random_points(random, "north", 100, 170, 80, 10), random_points(random, "south", 100, -179, -75, 2)});
  check({
      {"GEOSEARCH", "north", "FROMLONLAT", "179", "82", "BYRADIUS", "800", "km", "WITHDIST"},
      {"GEOSEARCH", "north", "FROMLONLAT", "-179", "82", "BYBOX", "2000", "900", "km", "ASC"},
      {"GEOSEARCH", "south", "FROMLONLAT", "179.9", "-75", "BYRADIUS", "300", "km", "WITHDIST"},
      {"GEOSEARCH", "south", "FROMLONLAT", "-180", "-76", "BYBOX", "400", "400", "km", "DESC"},
      {"GEORADIUS", "north", "170", "80", "20000", "km", "COUNT", "3"},
  });
}

TEST_F(differential_geo, equally_distant_members_in_redis_order) {
  // Members at one position tie: a whole-result sort keeps the scan order, COUNT's partial
  // quicksort shuffles them as Redis's does (fewer than 7, up to 40, and more than 40 points).
  for (const int points : {5, 20, 60}) {
    std::vector<std::string> add{"GEOADD", "same"};
    for (int i = 0; i < points; ++i) add.insert(add.end(), {"10", "20", "m" + std::to_string(points - i)});
    add.insert(add.end(), {"10.001", "20", "east", "9.999", "20", "west"});
    check({
        {"DEL", "same"},
        kvtest::step(add),
        {"GEOSEARCH", "same", "FROMLONLAT", "10", "20", "BYRADIUS", "1", "km"},
        {"GEOSEARCH", "same", "FROMLONLAT", "10", "20", "BYRADIUS", "1", "km", "ASC"},
        {"GEOSEARCH", "same", "FROMLONLAT", "10", "20", "BYRADIUS", "1", "km", "DESC"},
        {"GEOSEARCH", "same", "FROMLONLAT", "10", "20", "BYRADIUS", "1", "km", "COUNT", "3"},
        {"GEOSEARCH", "same", "FROMLONLAT", "10", "20", "BYRADIUS", "1", "km", "COUNT", "3", "DESC"},
        {"GEOSEARCH", "same", "FROMLONLAT", "10.001", "20", "BYRADIUS", "1", "km", "COUNT", "9"},
        {"GEOSEARCH", "same", "FROMLONLAT", "10", "20", "BYRADIUS", "1", "km", "COUNT", "4", "ANY"},
    });
  }
}

TEST_F(differential_geo, which_changes_abort_a_watch) {
  check({sicily});
  check_watch({"Sicily"}, {"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo"});
  check_watch({"Sicily"}, {"GEOADD", "Sicily", "1", "1", "new"});
  check_watch({"Sicily"}, {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km"});
  check_watch({"d"}, {"GEOSEARCHSTORE", "d", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km"});
  check_watch({"d"}, {"GEOSEARCHSTORE", "d", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "0", "km"});
  check_watch({"d"}, {"GEOSEARCHSTORE", "d", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "0", "km"});
}

}  // namespace

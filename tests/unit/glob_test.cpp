#include "glob.hpp"

#include <gtest/gtest.h>

namespace {

using kvmock::glob_match;

TEST(Glob, MatchesLikeRedis) {
  EXPECT_TRUE(glob_match("*", "", false));
  EXPECT_TRUE(glob_match("max*", "maxmemory", false));
  EXPECT_TRUE(glob_match("*max*-policy", "maxmemory-policy", false));
  EXPECT_TRUE(glob_match("h?llo", "hello", false));
  EXPECT_FALSE(glob_match("h?llo", "hllo", false));
  EXPECT_TRUE(glob_match("h[ae]llo", "hallo", false));
  EXPECT_FALSE(glob_match("h[^e]llo", "hello", false));
  EXPECT_TRUE(glob_match("h[a-c]llo", "hbllo", false));
  EXPECT_TRUE(glob_match("a\\*b", "a*b", false));
  EXPECT_FALSE(glob_match("a\\*b", "axb", false));
  EXPECT_TRUE(glob_match("MAX*", "maxclients", true));
  EXPECT_FALSE(glob_match("MAX*", "maxclients", false));
}

}  // namespace

namespace {

TEST(Glob, TrailingStarsMatchTheEmptyRest) {
  EXPECT_TRUE(glob_match("a*", "a", false));
  EXPECT_TRUE(glob_match("a**", "a", false));
  EXPECT_FALSE(glob_match("*b", "", false));
}

TEST(Glob, PathologicalPatternGivesUpInsteadOfBacktrackingForever) {
  // Exponential without Redis's skip-longer-matches rule; this must answer.
  EXPECT_FALSE(glob_match("*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?x",
                          "maxmemory-eviction-tenacity-maxmemory-eviction-tenacity", false));
}

}  // namespace

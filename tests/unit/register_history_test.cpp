// kvcheck::register_history, the storm's lost-data check: it accepts every read a correct
// server can give after acknowledged, refused and unconfirmed writes, and nothing else.

#include "kvcheck/register_history.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using kvcheck::register_history;
using kvcheck::write_outcome;

TEST(RegisterHistory, AFreshKeyReadsAsMissing) {
  register_history h;
  EXPECT_EQ(h.check_read("k", std::nullopt), std::nullopt);
  EXPECT_THAT(h.check_read("k", "ghost"), testing::Optional(testing::HasSubstr("read \"ghost\"")));
}

TEST(RegisterHistory, AnAcknowledgedWriteReplacesWhatCameBefore) {
  register_history h;
  h.wrote("k", "a", write_outcome::applied);
  h.wrote("k", "b", write_outcome::applied);
  EXPECT_EQ(h.check_read("k", "b"), std::nullopt);
  const auto lost = h.check_read("k", "a");
  ASSERT_TRUE(lost.has_value());
  EXPECT_THAT(*lost, testing::HasSubstr("last acknowledged write \"b\""));
  EXPECT_THAT(*lost, testing::HasSubstr("read \"a\""));
  EXPECT_NE(h.check_read("k", std::nullopt), std::nullopt);  // acknowledged data vanished
}

TEST(RegisterHistory, AnUnconfirmedWriteMayShowUpAtAnyTimeAfter) {
  register_history h;
  h.wrote("k", "a", write_outcome::applied);
  h.wrote("k", "maybe", write_outcome::unknown);
  EXPECT_EQ(h.check_read("k", "a"), std::nullopt);
  EXPECT_EQ(h.check_read("k", "maybe"), std::nullopt);
  h.wrote("k", "b", write_outcome::applied);
  EXPECT_EQ(h.check_read("k", "maybe"), std::nullopt);  // it may have landed after b
  EXPECT_NE(h.check_read("k", "a"), std::nullopt);
}

TEST(RegisterHistory, ARefusedWriteNeverShowsUp) {
  register_history h;
  h.wrote("k", "refused", write_outcome::not_applied);
  EXPECT_EQ(h.check_read("k", std::nullopt), std::nullopt);
  EXPECT_NE(h.check_read("k", "refused"), std::nullopt);
}

TEST(RegisterHistory, KeysAreIndependent) {
  register_history h;
  h.wrote("k1", "a", write_outcome::applied);
  EXPECT_EQ(h.check_read("k2", std::nullopt), std::nullopt);
  EXPECT_NE(h.check_read("k2", "a"), std::nullopt);
}

}  // namespace

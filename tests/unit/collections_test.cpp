// The fake server's collections against plain models: a sorted set against std::map (order,
// ranks, scores), a set and a hash against std::set and std::map, through thousands of random
// changes, so that the index, the chunks and their counts never disagree with the contents.

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "encodings.hpp"
#include "hash_value.hpp"
#include "list_value.hpp"
#include "set_value.hpp"
#include "zset_value.hpp"

namespace kvmock {
namespace {

std::string member(std::mt19937& random) { return "m" + std::to_string(random() % 2000); }

TEST(ZsetValue, MatchesAnOrderedModelThroughRandomChanges) {
  std::mt19937 random(7);
  zset_value zset;
  std::map<std::string, double> scores;
  for (int step = 0; step < 20000; ++step) {
    const std::string m = member(random);
    if (random() % 3 == 0) {
      EXPECT_EQ(zset.erase(m), scores.erase(m) == 1);
    } else {
      const double score = static_cast<double>(random() % 50);  // many ties: ordered by member
      EXPECT_EQ(zset.set(m, score), !scores.contains(m));
      scores[m] = score;
    }
    if (step % 997 == 0 || step == 19999) {
      std::vector<std::pair<double, std::string>> ordered;
      for (const auto& [name, score] : scores) ordered.emplace_back(score, name);
      std::sort(ordered.begin(), ordered.end());
      ASSERT_EQ(zset.size(), ordered.size());
      for (std::size_t rank = 0; rank < ordered.size(); ++rank) {
        const auto e = zset.at(rank);
        ASSERT_EQ(e.score, ordered[rank].first);
        ASSERT_EQ(e.member, ordered[rank].second);
        ASSERT_EQ(zset.rank(ordered[rank].second), rank);
      }
      for (std::size_t probe = 0; probe < 20; ++probe) {
        const double bound = static_cast<double>(random() % 50);
        const auto expected = std::partition_point(ordered.begin(), ordered.end(),
                                                   [&](const auto& e) { return e.first < bound; });
        EXPECT_EQ(zset.partition_point([&](const zset_value::element& e) { return e.score < bound; }),
                  static_cast<std::size_t>(expected - ordered.begin()));
      }
    }
  }
  const zset_value copy = zset;
  ASSERT_EQ(copy.size(), zset.size());
  for (std::size_t rank = 0; rank < zset.size(); ++rank) EXPECT_EQ(copy.at(rank).member, zset.at(rank).member);
}

TEST(SetValue, MatchesASetModelThroughRandomChanges) {
  std::mt19937 random(11);
  set_value set;
  std::set<std::string> model;
  for (int step = 0; step < 20000; ++step) {
    const std::string m = member(random);
    if (random() % 3 == 0) {
      EXPECT_EQ(set.erase(m), model.erase(m) == 1);
    } else if (random() % 5 == 0 && !set.empty()) {
      const std::string taken = set.take(random() % set.size());
      EXPECT_EQ(model.erase(taken), 1U);
    } else {
      EXPECT_EQ(set.insert(m), model.insert(m).second);
    }
    ASSERT_EQ(set.size(), model.size());
  }
  EXPECT_EQ(std::set<std::string>(set.begin(), set.end()), model);
  for (const auto& m : model) EXPECT_TRUE(set.contains(m));
  const set_value copy = set;
  for (const auto& m : model) EXPECT_TRUE(copy.contains(m));
}

TEST(HashValue, KeepsInsertionOrderWhileSmallAndFindsEveryFieldOnceLarge) {
  hash_value hash;
  hash.set("a", "1");
  hash.set("b", "2");
  hash.set("c", "3");
  hash.erase("b");
  hash.set("d", "4");
  std::vector<std::string> order;
  for (const auto& [name, value] : hash.fields()) order.push_back(name);
  EXPECT_EQ(order, (std::vector<std::string>{"a", "c", "d"}));
  std::mt19937 random(13);
  std::map<std::string, std::string> model{{"a", "1"}, {"c", "3"}, {"d", "4"}};
  for (int step = 0; step < 20000; ++step) {
    const std::string field = member(random);
    if (random() % 3 == 0) {
      EXPECT_EQ(hash.erase(field), model.erase(field) == 1);
    } else {
      const std::string value = std::to_string(step);
      EXPECT_EQ(kvmock::hash_set(hash, field, value, kvmock::config_values{}), !model.contains(field));
      model[field] = value;
    }
  }
  EXPECT_TRUE(hash.ever_large());
  ASSERT_EQ(hash.size(), model.size());
  for (const auto& [field, value] : model) {
    ASSERT_NE(hash.find(field), nullptr);
    EXPECT_EQ(*hash.find(field), value);
  }
}

// Elements long enough to fill chunks by bytes, short enough to fill them by count, and empty.
std::string element(std::mt19937& random) {
  switch (random() % 4) {
    case 0: return "";
    case 1: return std::string(random() % 300, 'x');
    default: return "e" + std::to_string(random() % 1000);
  }
}

TEST(ListValue, MatchesADequeThroughRandomChanges) {
  std::mt19937 random(17);
  list_value list;
  std::deque<std::string> model;
  for (int step = 0; step < 20000; ++step) {
    const std::string e = element(random);
    switch (random() % 9) {
      case 0: list.push_front(e); model.push_front(e); break;
      case 1: case 2: list.push_back(e); model.push_back(e); break;
      case 3: if (!model.empty()) { EXPECT_EQ(list.pop_front(), model.front()); model.pop_front(); } break;
      case 4: if (!model.empty()) { EXPECT_EQ(list.pop_back(), model.back()); model.pop_back(); } break;
      case 5:
        if (!model.empty()) {
          const std::size_t i = random() % model.size();
          list.set(i, e);
          model[i] = e;
        }
        break;
      case 6: {
        const std::size_t i = model.empty() ? 0 : random() % (model.size() + 1);
        list.insert(i, e);
        model.insert(model.begin() + static_cast<std::ptrdiff_t>(i), e);
        break;
      }
      case 7:
        if (!model.empty()) {
          const std::size_t i = random() % model.size();
          list.erase(i);
          model.erase(model.begin() + static_cast<std::ptrdiff_t>(i));
        }
        break;
      default:
        if (!model.empty()) {
          const std::size_t i = random() % model.size();
          ASSERT_EQ(list.at(i), model[i]);
        }
        break;
    }
    ASSERT_EQ(list.size(), model.size());
  }
  EXPECT_EQ(list.elements(), std::vector<std::string>(model.begin(), model.end()));
  if (model.size() > 10) {
    list.keep(3, model.size() - 4);
    EXPECT_EQ(list.elements(), std::vector<std::string>(model.begin() + 3, model.end() - 3));
  }
}

}  // namespace
}  // namespace kvmock

// DUMP's building blocks on their own: the CRC64, LZF and listpack round trips, and any value
// through dump_payload and restore_payload unchanged (the differential test checks the bytes
// against redis-server).

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crc64.hpp"
#include "encodings.hpp"
#include "listpack.hpp"
#include "lzf.hpp"
#include "rdb_payload.hpp"

namespace {

using namespace kvmock;

std::string random_text(std::mt19937& random, std::size_t max_length, int alphabet) {
  std::string text(1 + random() % max_length, '\0');
  for (auto& c : text) c = static_cast<char>(random() % static_cast<unsigned>(alphabet));
  return text;
}

TEST(Crc64, HasRedissCheckValue) { EXPECT_EQ(crc64(0, "123456789"), 0xe9c6d914c4b8d9caULL); }

TEST(Lzf, WhatCompressesExpandsBackExactly) {
  std::mt19937 random(11);
  int compressed = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::string text = random_text(random, 3000, i % 2 == 0 ? 4 : 256);
    const auto packed = lzf_compress(text, text.size() + 64);
    if (!packed) continue;
    ++compressed;
    EXPECT_EQ(lzf_decompress(*packed, text.size()), text);
    EXPECT_FALSE(lzf_decompress(*packed, text.size() + 1).has_value());
  }
  EXPECT_GT(compressed, 1000);
}

TEST(Listpack, DecodesWhatItEncodes) {
  std::mt19937 random(12);
  for (int i = 0; i < 500; ++i) {
    std::vector<std::string> texts;
    const std::size_t n = 1 + random() % 40;
    for (std::size_t j = 0; j < n; ++j) {
      switch (random() % 4) {
        case 0: texts.push_back(std::to_string(static_cast<long long>(random()) - 2147483648LL)); break;
        case 1: texts.push_back(std::to_string(static_cast<int>(random() % 300) - 150)); break;
        case 2: texts.push_back(random_text(random, 5000, 256)); break;
        default: texts.push_back(random_text(random, 70, 26)); break;
      }
    }
    const std::vector<listpack_entry> entries(texts.begin(), texts.end());
    const std::string blob = encode_listpack(entries);
    EXPECT_EQ(decode_listpack(blob), texts);
    // A damaged blob is refused or read, never read past its end (ASan watches).
    std::string broken = blob;
    broken[random() % broken.size()] = static_cast<char>(random());
    (void)decode_listpack(broken);
  }
}

TEST(RdbPayload, EveryTypeRestoresAsItWasDumped) {
  const config_values limits;
  std::mt19937 random(13);
  for (int i = 0; i < 300; ++i) {
    value original;
    switch (i % 5) {
      case 0: original = value(random_text(random, 200, 3 + i % 200)); break;
      case 1: {
        list_value list;
        for (int j = 0; j < 1 + i * 7; ++j) list.push_back(random_text(random, 30, 26));
        original = value(std::move(list));
        break;
      }
      case 2: {
        hash_value hash;
        for (int j = 0; j < 1 + i; ++j) hash_set(hash, random_text(random, 10, 26), random_text(random, 80, 26), limits);
        original = value(std::move(hash));
        break;
      }
      case 3: {
        set_value set;
        for (int j = 0; j < 1 + i * 3; ++j) {
          set_add(set, i % 2 == 0 ? std::to_string(random() % 100000) : random_text(random, 8, 26), limits);
        }
        original = value(std::move(set));
        break;
      }
      default: {
        zset_value zset;
        for (int j = 0; j < 1 + i; ++j) {
          zset_set(zset, random_text(random, 70, 26), static_cast<double>(random() % 1000) / 8 - 60, limits);
        }
        original = value(std::move(zset));
        break;
      }
    }
    payload_problem problem = payload_problem::none;
    const std::string payload = dump_payload(original, limits);
    const auto restored = restore_payload(payload, limits, problem);
    ASSERT_TRUE(restored.has_value()) << "case " << i;
    EXPECT_EQ(dump_payload(*restored, limits), payload) << "case " << i;
    std::string damaged = payload;
    damaged[0] = static_cast<char>(damaged[0] ^ 1);
    EXPECT_FALSE(restore_payload(damaged, limits, problem).has_value());
    EXPECT_EQ(problem, payload_problem::version_or_checksum);
  }
}

}  // namespace

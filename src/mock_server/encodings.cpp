#include "encodings.hpp"

#include <algorithm>
#include <climits>

#include "kvresp/integer.hpp"

namespace kvmock {

namespace {

bool is_integer(std::string_view member) {
  long long ignored = 0;
  return kvresp::parse_integer(member, ignored);
}

bool longer_than(std::string_view text, long long limit) { return static_cast<long long>(text.size()) > limit; }

bool over(std::size_t size, long long limit) { return static_cast<long long>(size) > limit; }

}  // namespace

std::vector<std::string_view> set_members_in_order(const set_value& set) {
  std::vector<std::string_view> members(set.begin(), set.end());
  if (is_intset(set)) {
    std::sort(members.begin(), members.end(), [](std::string_view a, std::string_view b) {
      long long x = 0, y = 0;
      kvresp::parse_integer(a, x);
      kvresp::parse_integer(b, y);
      return x < y;
    });
  }
  return members;
}

bool is_small_hash(const hash_value& hash) { return !hash.ever_large(); }

std::string_view encoding_name(const entry& e) {
  switch (e.type()) {
    case value_type::string: {
      if (e.origin == string_origin::grown) return "raw";
      const auto& text = e.value.as<std::string>();
      long long ignored = 0;
      if (e.origin == string_origin::encoded && text.size() <= 20 && kvresp::parse_integer(text, ignored)) {
        return "int";
      }
      return text.size() <= 44 ? "embstr" : "raw";  // OBJ_ENCODING_EMBSTR_SIZE_LIMIT
    }
    case value_type::list: return "quicklist";
    case value_type::hash: return is_small_hash(e.value.as<hash_value>()) ? "listpack" : "hashtable";
    case value_type::set: return is_intset(e.value.as<set_value>()) ? "intset" : "hashtable";
    case value_type::zset: return is_small_zset(e.value.as<zset_value>()) ? "listpack" : "skiplist";
    case value_type::stream: return "stream";
  }
  return "raw";
}

long long reference_count(const entry& e, const config_values& limits) {
  const bool sharing = limits.maxmemory == 0 || (!limits.lfu_policy && !limits.lru_policy);
  const std::string* text = e.value.get_if<std::string>();
  long long number = -1;
  const bool shared = sharing && text != nullptr && e.origin == string_origin::encoded && kvresp::parse_integer(*text, number) &&
                      number >= 0 && number < 10000;
  return shared ? INT_MAX : 1;
}

bool is_intset(const set_value& set) { return !set.ever_large(); }

bool is_small_zset(const zset_value& zset) { return !zset.ever_large(); }

bool hash_set(hash_value& hash, std::string_view field, std::string_view value, const config_values& limits) {
  const bool added = hash.set(field, value);
  if (longer_than(field, limits.hash_max_listpack_value) || longer_than(value, limits.hash_max_listpack_value) ||
      over(hash.size(), limits.hash_max_listpack_entries)) {
    hash.set_large(true);
  }
  return added;
}

bool set_add(set_value& set, std::string_view member, const config_values& limits) {
  if (!set.insert(member)) return false;
  if (!is_integer(member) || over(set.size(), limits.set_max_intset_entries)) set.set_large(true);
  return true;
}

bool zset_set(zset_value& zset, std::string_view member, double score, const config_values& limits) {
  const bool is_new = !zset.score(member).has_value();
  const bool large = zset.ever_large() || (is_new && (over(zset.size() + 1, limits.zset_max_listpack_entries) ||
                                                      longer_than(member, limits.zset_max_listpack_value)));
  if (!large && score == 0) score = 0.0;
  zset.set(member, score);
  if (large) zset.set_large(true);
  return is_new;
}

void encode_afresh(value& v, const config_values& limits) {
  if (auto* hash = v.get_if<hash_value>()) {
    hash->set_large(over(hash->size(), limits.hash_max_listpack_entries) ||
                    std::any_of(hash->fields().begin(), hash->fields().end(), [&](const auto& f) {
                      return longer_than(f.first, limits.hash_max_listpack_value) ||
                             longer_than(f.second, limits.hash_max_listpack_value);
                    }));
  } else if (auto* set = v.get_if<set_value>()) {
    set->set_large(over(set->size(), limits.set_max_intset_entries) ||
                   !std::all_of(set->begin(), set->end(), [](const std::string& m) { return is_integer(m); }));
  } else if (auto* zset = v.get_if<zset_value>()) {
    zset->set_large(over(zset->size(), limits.zset_max_listpack_entries) ||
                    std::any_of(zset->begin(), zset->end(), [&](const zset_value::element& e) {
                      return longer_than(e.member, limits.zset_max_listpack_value);
                    }));
  }
}

}  // namespace kvmock

#pragma once
// What a key holds: a string, kept inline (most keys hold a short one), or a collection, kept on
// the heap, so that a key costs the keyspace little more than its string. Copies are deep.
//
//   if (v.holds<list_value>()) v.as<list_value>().push_back("x");

#include <memory>
#include <string>
#include <variant>

#include "hash_value.hpp"
#include "list_value.hpp"
#include "set_value.hpp"
#include "stream_value.hpp"
#include "zset_value.hpp"

namespace kvmock {

// In the order of value's alternatives.
enum class value_type { string, list, hash, set, zset, stream };

class value {
 public:
  value(std::string text = {}) : held_(std::move(text)) {}  // NOLINT: a string is a value
  value(list_value list) : held_(std::make_unique<list_value>(std::move(list))) {}  // NOLINT
  value(hash_value hash) : held_(std::make_unique<hash_value>(std::move(hash))) {}  // NOLINT
  value(set_value set) : held_(std::make_unique<set_value>(std::move(set))) {}      // NOLINT
  value(zset_value zset) : held_(std::make_unique<zset_value>(std::move(zset))) {}  // NOLINT
  value(stream_value stream) : held_(std::make_unique<stream_value>(std::move(stream))) {}  // NOLINT
  value(const value& other);
  value& operator=(const value& other);
  value(value&&) noexcept = default;
  value& operator=(value&&) noexcept = default;

  value_type type() const noexcept { return static_cast<value_type>(held_.index()); }

  template <typename T>
  bool holds() const noexcept {
    if constexpr (std::is_same_v<T, std::string>) {
      return std::holds_alternative<std::string>(held_);
    } else {
      return std::holds_alternative<std::unique_ptr<T>>(held_);
    }
  }
  template <typename T>
  T& as() {
    if constexpr (std::is_same_v<T, std::string>) {
      return std::get<std::string>(held_);
    } else {
      return *std::get<std::unique_ptr<T>>(held_);
    }
  }
  template <typename T>
  const T& as() const {
    return const_cast<value*>(this)->as<T>();
  }
  // nullptr unless it holds a T.
  template <typename T>
  T* get_if() {
    return holds<T>() ? &as<T>() : nullptr;
  }
  template <typename T>
  const T* get_if() const {
    return holds<T>() ? &as<T>() : nullptr;
  }

 private:
  std::variant<std::string, std::unique_ptr<list_value>, std::unique_ptr<hash_value>,
               std::unique_ptr<set_value>, std::unique_ptr<zset_value>, std::unique_ptr<stream_value>>
      held_;
};

}  // namespace kvmock

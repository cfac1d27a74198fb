#include "value.hpp"

namespace kvmock {

value::value(const value& other)
    : held_(std::visit(
          [](const auto& held) -> decltype(held_) {
            using held_type = std::decay_t<decltype(held)>;
            if constexpr (std::is_same_v<held_type, std::string>) {
              return held;
            } else {
              return std::make_unique<typename held_type::element_type>(*held);
            }
          },
          other.held_)) {}

value& value::operator=(const value& other) {
  if (this != &other) *this = value(other);
  return *this;
}

}  // namespace kvmock

#pragma once
// A pipeline of commands, encoded as RESP as they are pushed, so that a connection writes the
// whole pipeline at once and reads exactly size() replies:
//
//   kvpool::request r;
//   r.push("SET", "user:1", "alice");
//   r.push("INCRBY", "visits", 5);
//   r.push_range("MGET", keys);
//
// Arguments are anything convertible to std::string_view, integers (sent in decimal), or a
// prefixed_key. They are encoded straight into one buffer: nothing is allocated per argument.

#include <charconv>
#include <concepts>
#include <cstddef>
#include <ranges>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <kvresp/writer.hpp>

namespace kvpool {

namespace detail {
// Whether a command (by its name) may change the connection's session (SELECT, MULTI, CLIENT,
// SUBSCRIBE...) or the number of its replies: the connection then follows it reply by reply.
bool may_change_session(std::string_view command) noexcept;
}  // namespace detail

// A key in a namespace, sent as "prefix:key" (just "key" when prefix is empty) without joining
// the two first.
struct prefixed_key {
  std::string_view prefix;
  std::string_view key;
};

template <typename T>
concept text_argument = std::convertible_to<const T&, std::string_view>;

// bool and the character types are integers to C++ but almost never meant as numbers here.
template <typename T>
concept integer_argument =
    std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char> &&
    !std::same_as<T, wchar_t> && !std::same_as<T, char8_t> && !std::same_as<T, char16_t> &&
    !std::same_as<T, char32_t>;

template <typename T>
concept command_argument =
    text_argument<T> || integer_argument<T> || std::same_as<T, prefixed_key>;

// A range element is one argument, or a pair of them (MSET's key and value).
template <typename T>
concept argument_pair = requires(const T& pair) {
  requires command_argument<std::remove_cvref_t<decltype(pair.first)>>;
  requires command_argument<std::remove_cvref_t<decltype(pair.second)>>;
};

class request {
 public:
  template <command_argument... Arguments>
  void push(std::string_view command, const Arguments&... arguments) {
    kvresp::append_array_header(payload_, 1 + sizeof...(Arguments));
    append_argument(command);
    (append_argument(arguments), ...);
    note_command(command);
  }

  // The command followed by every element of the range (each pair element gives two arguments).
  template <std::ranges::forward_range Range>
    requires command_argument<std::ranges::range_value_t<Range>> ||
             argument_pair<std::ranges::range_value_t<Range>>
  void push_range(std::string_view command, const Range& arguments) {
    using element = std::ranges::range_value_t<Range>;
    constexpr std::size_t per_element = argument_pair<element> ? 2 : 1;
    const auto count = static_cast<std::size_t>(std::ranges::distance(arguments));
    kvresp::append_array_header(payload_, 1 + per_element * count);
    append_argument(command);
    for (const auto& argument : arguments) {
      if constexpr (argument_pair<element>) {
        append_argument(argument.first);
        append_argument(argument.second);
      } else {
        append_argument(argument);
      }
    }
    note_command(command);
  }

  // Number of commands.
  std::size_t size() const noexcept { return commands_; }
  // Whether a command may change the connection's session (see detail::may_change_session).
  bool may_change_session() const noexcept { return may_change_session_; }
  bool empty() const noexcept { return commands_ == 0; }
  // The encoded commands, as written to the server.
  std::string_view payload() const noexcept { return payload_; }
  // Forgets the commands and keeps the buffer, to build the next pipeline without allocating.
  void clear() noexcept;
  void reserve(std::size_t bytes) { payload_.reserve(bytes); }

 private:
  void append_argument(std::string_view text);
  void append_argument(const prefixed_key& key);
  template <integer_argument Integer>
  void append_argument(Integer number) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    append_argument(std::string_view(digits, static_cast<std::size_t>(end - digits)));
  }
  template <text_argument Text>
    requires(!std::same_as<Text, std::string_view>)
  void append_argument(const Text& text) {
    append_argument(std::string_view(text));
  }

  void note_command(std::string_view command) noexcept {
    ++commands_;
    may_change_session_ = may_change_session_ || detail::may_change_session(command);
  }

  std::string payload_;
  std::size_t commands_ = 0;
  bool may_change_session_ = false;
};

}  // namespace kvpool

#include "kvpool/request.hpp"

#include <charconv>

namespace kvpool {

void request::clear() noexcept {
  payload_.clear();
  commands_ = 0;
  may_change_session_ = false;
}

void request::append_argument(std::string_view text) { kvresp::append_bulk_string(payload_, text); }

void request::append_argument(const prefixed_key& key) {
  if (key.prefix.empty()) return append_argument(key.key);
  char length[24];
  const auto end =
      std::to_chars(length, length + sizeof length, key.prefix.size() + 1 + key.key.size()).ptr;
  payload_ += '$';
  payload_.append(length, end);
  payload_ += "\r\n";
  payload_ += key.prefix;
  payload_ += ':';
  payload_ += key.key;
  payload_ += "\r\n";
}

}  // namespace kvpool

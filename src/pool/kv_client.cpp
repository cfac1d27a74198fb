#include "kvpool/kv_client.hpp"

#include <stdexcept>

#include "kvpool/error.hpp"

namespace kvpool {

using boost::system::error_code;

kv_client::kv_client(kv_connection& connection, std::string key_namespace)
    : connection_(&connection), namespace_(std::move(key_namespace)) {}

std::string kv_client::key(std::string_view name) const {
  if (namespace_.empty()) return std::string(name);
  std::string joined;
  joined.reserve(namespace_.size() + 1 + name.size());
  joined.append(namespace_).append(1, ':').append(name);
  return joined;
}

void kv_client::throw_empty_command() {
  throw std::invalid_argument("kvpool::kv_client::async_command needs at least the command name");
}

reply* kv_client::single_reply(std::vector<reply>& replies, std::string& server_error,
                               error_code& ec) {
  if (replies.size() != 1) {
    ec = error::unexpected_reply;
    return nullptr;
  }
  if (replies.front().is_error()) {
    server_error = std::move(replies.front().text());
    ec = error::server_error;
    return nullptr;
  }
  return &replies.front();
}

error_code kv_client::to_ok(reply& value) {
  if (value.type() == reply_type::simple_string && value.text() == "OK") return {};
  return error::unexpected_reply;
}

error_code kv_client::to_ok_or_null(reply& value, bool& set) {
  set = !value.is_null();
  return set ? to_ok(value) : error_code();
}

error_code kv_client::to_integer(reply& value, long long& number) {
  if (value.type() != reply_type::integer) return error::unexpected_reply;
  number = value.as_integer();
  return {};
}

error_code kv_client::to_flag(reply& value, bool& flag) {
  long long number = 0;
  if (const auto ec = to_integer(value, number)) return ec;
  flag = number > 0;
  return {};
}

error_code kv_client::to_text(reply& value, std::string& text) {
  if (!value.is_text()) return error::unexpected_reply;
  text = std::move(value.text());
  return {};
}

error_code kv_client::to_optional_text(reply& value, std::optional<std::string>& text) {
  if (value.is_null()) return {};
  return to_text(value, text.emplace());
}

error_code kv_client::to_optional_texts(reply& value,
                                        std::vector<std::optional<std::string>>& texts) {
  if (!value.is_array()) return error::unexpected_reply;
  texts.reserve(value.elements().size());
  for (auto& element : value.elements()) {
    if (const auto ec = to_optional_text(element, texts.emplace_back())) return ec;
  }
  return {};
}

error_code kv_client::to_key_ttl(reply& value, key_ttl& ttl) {
  long long milliseconds = 0;
  if (const auto ec = to_integer(value, milliseconds)) return ec;
  if (milliseconds == -2) {
    ttl = {key_ttl::state::no_key, {}};
  } else if (milliseconds == -1) {
    ttl = {key_ttl::state::no_expiry, {}};
  } else if (milliseconds >= 0) {
    ttl = {key_ttl::state::expires, std::chrono::milliseconds(milliseconds)};
  } else {
    return error::unexpected_reply;
  }
  return {};
}

error_code kv_client::to_reply(reply& value, reply& same) {
  same = std::move(value);
  return {};
}

request kv_client::watch_request(const owned_key& target) {
  request commands;
  commands.push("WATCH", target.key);
  commands.push("GET", target.key);
  return commands;
}

request kv_client::change_request(const owned_key& target) {
  request commands;
  commands.push("MULTI");
  if (target.ttl == std::chrono::milliseconds::zero()) {
    commands.push("DEL", target.key);
  } else {
    commands.push("PEXPIRE", target.key, target.ttl.count());
  }
  commands.push("EXEC");
  return commands;
}

request kv_client::unwatch_request() {
  request commands;
  commands.push("UNWATCH");
  return commands;
}

bool kv_client::owns(std::vector<reply>& replies, const owned_key& target,
                     std::string& server_error, error_code& outcome) {
  outcome.clear();
  if (replies.size() != 2) {
    outcome = error::unexpected_reply;
    return false;
  }
  for (auto& answer : replies) {
    if (answer.is_error()) {
      server_error = std::move(answer.text());
      outcome = error::server_error;
      return false;
    }
  }
  if (to_ok(replies[0])) {
    outcome = error::unexpected_reply;
    return false;
  }
  std::optional<std::string> holder;
  outcome = to_optional_text(replies[1], holder);
  return !outcome && holder == target.owner;
}

error_code kv_client::transaction_result(std::vector<reply>& replies, std::string& server_error,
                                         bool& changed) {
  changed = false;
  if (replies.size() != 3) return error::unexpected_reply;
  // MULTI and the queued command cannot fail without EXEC failing too (EXECABORT).
  auto& exec = replies[2];
  if (exec.is_error()) {
    server_error = std::move(exec.text());
    return error::server_error;
  }
  // A null EXEC: the key changed after GET, so it was no longer (only) ours to change.
  if (exec.is_null()) return {};
  if (!exec.is_array() || exec.elements().size() != 1) return error::unexpected_reply;
  auto& result = exec.elements().front();
  if (result.is_error()) {
    server_error = std::move(result.text());
    return error::server_error;
  }
  return to_flag(result, changed);
}

}  // namespace kvpool

#include "session_tracker.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>

namespace kvpool::detail {
namespace {

bool is(std::string_view text, std::string_view upper) noexcept {
  return text.size() == upper.size() &&
         std::equal(text.begin(), text.end(), upper.begin(), [](char a, char b) {
           return std::toupper(static_cast<unsigned char>(a)) == b;
         });
}

bool is_any(std::string_view text, std::initializer_list<std::string_view> uppers) noexcept {
  return std::any_of(uppers.begin(), uppers.end(), [&](std::string_view u) { return is(text, u); });
}

bool is_subscribe(std::string_view name) noexcept {
  return is_any(name, {"SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE"});
}
bool is_unsubscribe(std::string_view name) noexcept {
  return is_any(name, {"UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE"});
}

// CLIENT REPLY ON|OFF|SKIP, exactly as Redis accepts it: the mode, or empty.
std::string_view client_reply_mode(command_view command) noexcept {
  if (command.size() != 3 || !is(command[0], "CLIENT") || !is(command[1], "REPLY")) return {};
  if (is(command[2], "ON")) return "ON";
  if (is(command[2], "OFF")) return "OFF";
  if (is(command[2], "SKIP")) return "SKIP";
  return {};
}

bool is_status(const reply& value, std::string_view text) {
  return value.type() == reply_type::simple_string && value.text() == text;
}

bool is_monitor_line(const reply& value) {
  // "<seconds>.<micros> [<db> <client>] <command>"
  if (value.type() != reply_type::simple_string) return false;
  const std::string& text = value.text();
  const auto bracket = text.find(" [");
  return bracket != std::string::npos && bracket > 0 &&
         std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bracket),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
}

bool is_text(const reply& value, std::string_view text) { return value.is_text() && value.text() == text; }

}  // namespace

std::vector<std::vector<std::string_view>> decode_commands(std::string_view payload) {
  // The request's own encoding: "*<n>\r\n" then n times "$<length>\r\n<bytes>\r\n".
  std::vector<std::vector<std::string_view>> commands;
  const auto number = [&](std::size_t& at) {
    std::size_t value = 0;
    const auto end = payload.find('\r', at);
    std::from_chars(payload.data() + at + 1, payload.data() + end, value);
    at = end + 2;
    return value;
  };
  std::size_t at = 0;
  while (at < payload.size()) {
    std::vector<std::string_view>& arguments = commands.emplace_back();
    for (std::size_t n = number(at); n > 0; --n) {
      const std::size_t length = number(at);
      arguments.push_back(payload.substr(at, length));
      at += length + 2;
    }
  }
  return commands;
}

bool answers_per_channel(std::string_view command) noexcept {
  return is_subscribe(command) || is_unsubscribe(command);
}

bool may_change_session(std::string_view command) noexcept {
  switch (command.size()) {
    case 4: return is_any(command, {"AUTH", "EXEC", "QUIT"});
    case 5: return is_any(command, {"MULTI", "WATCH", "HELLO", "RESET"});
    case 6: return is_any(command, {"SELECT", "CLIENT", "ASKING"});
    case 7: return is_any(command, {"DISCARD", "UNWATCH", "MONITOR"});
    case 8: return is(command, "READONLY");
    case 9: return is_any(command, {"SUBSCRIBE", "READWRITE"});
    case 10: return is_any(command, {"PSUBSCRIBE", "SSUBSCRIBE"});
    case 11: return is(command, "UNSUBSCRIBE");
    case 12: return is_any(command, {"PUNSUBSCRIBE", "SUNSUBSCRIBE"});
    default: return false;
  }
}

std::size_t session_tracker::replies_to(command_view command) const {
  if (command.empty()) return 1;
  const std::string_view name = command[0];
  if (replies_ == reply_mode::skip_next) return 0;
  if (replies_ == reply_mode::off) return is(name, "RESET") || client_reply_mode(command) == "ON" ? 1 : 0;
  if (in_transaction_ && !is_any(name, {"EXEC", "DISCARD", "MULTI", "WATCH", "RESET", "QUIT"})) return 1;
  const std::string_view mode = client_reply_mode(command);
  if (mode == "OFF" || mode == "SKIP") return 0;
  if (is_subscribe(name)) return std::max<std::size_t>(1, command.size() - 1);
  if (is_unsubscribe(name)) {
    if (command.size() > 1) return command.size() - 1;
    const auto& subscribed = is(name, "UNSUBSCRIBE")    ? channels_
                             : is(name, "PUNSUBSCRIBE") ? patterns_
                                                        : shard_channels_;
    return std::max<std::size_t>(1, subscribed.size());
  }
  return 1;
}

void session_tracker::apply(command_view command, std::span<const reply> replies) {
  if (command.empty()) return;
  const std::string_view name = command[0];
  if (replies_ == reply_mode::skip_next) replies_ = reply_mode::on;  // this command's reply went
  if (const std::string_view mode = client_reply_mode(command); !mode.empty() && !in_transaction_) {
    if (mode == "ON") replies_ = reply_mode::on;
    if (mode == "OFF") replies_ = reply_mode::off;
    if (mode == "SKIP" && replies_ != reply_mode::off) replies_ = reply_mode::skip_next;
    return;
  }
  if (is(name, "RESET")) {
    // RESET cannot fail: a suppressed reply means it was done too.
    if (replies.empty() || is_status(replies.front(), "RESET")) reset_to_defaults();
    return;
  }
  if (is(name, "QUIT")) {
    quit_ = true;
    return;
  }
  if (replies.empty()) {
    // Its reply was suppressed: what it did is unknown.
    if (may_change_session(name)) other_modes_ = true;
    return;
  }
  if (is_subscribe(name) || is_unsubscribe(name)) {
    if (!in_transaction_) {
      apply_subscription(replies);
      return;
    }
  }
  apply_answered(command, replies.front());
}

void session_tracker::apply_answered(command_view command, const reply& answer) {
  const std::string_view name = command[0];
  const bool ok = !answer.is_error();
  if (in_transaction_ && !is_any(name, {"EXEC", "DISCARD", "MULTI", "WATCH"})) {
    if (!is_status(answer, "QUEUED")) return;  // rejected: EXEC will abort the transaction
    if (may_change_session(name)) {
      queued_session_commands_.push_back({queued_, std::vector<std::string>(command.begin(), command.end())});
    }
    ++queued_;
    return;
  }
  if (!ok) return;
  if (is(name, "SELECT") && command.size() == 2) {
    int database = 0;
    std::from_chars(command[1].data(), command[1].data() + command[1].size(), database);
    database_ = database;
  } else if (is(name, "MULTI")) {
    in_transaction_ = true;
    queued_ = 0;
    queued_session_commands_.clear();
  } else if (is(name, "EXEC")) {
    in_transaction_ = false;
    watching_ = false;
    auto queued = std::move(queued_session_commands_);
    queued_session_commands_.clear();
    if (answer.is_array()) {
      for (const queued_command& q : queued) {
        if (q.index >= answer.elements().size()) continue;
        const std::vector<std::string_view> arguments(q.arguments.begin(), q.arguments.end());
        apply(arguments, std::span<const reply>(&answer.elements()[q.index], 1));
      }
    }
  } else if (is(name, "DISCARD")) {
    in_transaction_ = false;
    watching_ = false;
    queued_session_commands_.clear();
  } else if (is(name, "WATCH")) {
    watching_ = true;
  } else if (is(name, "UNWATCH")) {
    watching_ = false;
  } else if (is(name, "AUTH")) {
    // AUTH password, or AUTH default password: as the handshake authenticated.
    const bool as_opened =
        !baseline_.password.empty() &&
        ((command.size() == 2 && command[1] == baseline_.password) ||
         (command.size() == 3 && command[1] == "default" && command[2] == baseline_.password));
    authenticated_as_opened_ = as_opened;
  } else if (is(name, "HELLO")) {
    apply_hello(command);
  } else if (is(name, "CLIENT") && command.size() >= 2) {
    if (is(command[1], "SETNAME") && command.size() == 3) {
      client_name_ = std::string(command[2]);
    } else if (is_any(command[1], {"TRACKING", "NO-EVICT", "CACHING", "NO-TOUCH"})) {
      other_modes_ = true;
    }
  } else if (is(name, "MONITOR")) {
    monitoring_ = true;
  } else if (is_any(name, {"READONLY", "ASKING"})) {
    other_modes_ = true;
  }
}

void session_tracker::apply_hello(command_view command) {
  if (command.size() < 2) return;  // HELLO alone only reports
  if (!is(command[1], "2")) {
    other_modes_ = true;  // RESP3 (this client reads RESP2 only: its reply breaks the connection)
    return;
  }
  for (std::size_t i = 2; i < command.size(); ++i) {
    if (is(command[i], "AUTH") && i + 2 < command.size()) {
      authenticated_as_opened_ = command[i + 1] == "default" && command[i + 2] == baseline_.password &&
                                 !baseline_.password.empty();
      i += 2;
    } else if (is(command[i], "SETNAME") && i + 1 < command.size()) {
      client_name_ = std::string(command[i + 1]);
      ++i;
    }
  }
}

void session_tracker::apply_subscription(std::span<const reply> confirmations) {
  for (const reply& confirmation : confirmations) {
    if (!confirmation.is_array() || confirmation.elements().size() != 3) continue;
    const reply& kind = confirmation.elements()[0];
    const reply& channel = confirmation.elements()[1];
    if (!kind.is_text()) continue;
    const std::string& k = kind.text();
    const std::string name = channel.is_text() ? channel.text() : std::string();
    if (k == "subscribe") channels_.insert(name);
    if (k == "psubscribe") patterns_.insert(name);
    if (k == "ssubscribe") shard_channels_.insert(name);
    if (k == "unsubscribe") channel.is_text() ? void(channels_.erase(name)) : channels_.clear();
    if (k == "punsubscribe") channel.is_text() ? void(patterns_.erase(name)) : patterns_.clear();
    if (k == "sunsubscribe") channel.is_text() ? void(shard_channels_.erase(name)) : shard_channels_.clear();
  }
}

void session_tracker::reset_to_defaults() {
  database_ = 0;
  client_name_.clear();
  authenticated_as_opened_ = baseline_.password.empty();  // RESET deauthenticates
  in_transaction_ = false;
  queued_ = 0;
  queued_session_commands_.clear();
  watching_ = false;
  monitoring_ = false;
  other_modes_ = false;
  replies_ = reply_mode::on;
  channels_.clear();
  patterns_.clear();
  shard_channels_.clear();
}

bool session_tracker::is_push(const reply& value) const {
  if (subscribed() && value.is_array()) {
    const auto& e = value.elements();
    return (e.size() == 3 && (is_text(e[0], "message") || is_text(e[0], "smessage"))) ||
           (e.size() == 4 && is_text(e[0], "pmessage"));
  }
  return monitoring_ && is_monitor_line(value);
}

bool session_tracker::needs_reset() const noexcept {
  return !authenticated_as_opened_ || client_name_ != baseline_.client_name || monitoring_ ||
         other_modes_ || replies_ != reply_mode::on || subscribed();
}

bool session_tracker::changed() const noexcept {
  return needs_reset() || in_transaction_ || watching_ || database_ != baseline_.database;
}

request session_tracker::restore() const {
  request commands;
  if (needs_reset()) {
    commands.push("RESET");
    if (!baseline_.password.empty()) commands.push("AUTH", baseline_.password);
    if (baseline_.database != 0) commands.push("SELECT", baseline_.database);
    if (!baseline_.client_name.empty()) commands.push("CLIENT", "SETNAME", baseline_.client_name);
    return commands;
  }
  if (in_transaction_) {
    commands.push("DISCARD");  // which unwatches too
  } else if (watching_) {
    commands.push("UNWATCH");
  }
  if (database_ != baseline_.database) commands.push("SELECT", baseline_.database);
  return commands;
}

}  // namespace kvpool::detail

// The fault grammar, KIND[:KEY=VALUE,...], in one place: parsing, the rules every fault obeys
// (also for faults built in code), the canonical text, and the builders. No Asio here.

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <span>

#include <boost/system/system_error.hpp>

#include "kvmock/fault.hpp"

namespace kvmock {
namespace {

using namespace std::chrono_literals;

class spec_category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "kvmock.fault"; }
  std::string message(int value) const override {
    switch (static_cast<fault_spec_error>(value)) {
      case fault_spec_error::empty: return "empty fault spec";
      case fault_spec_error::unknown_kind: return "unknown fault kind";
      case fault_spec_error::malformed_option: return "option is not KEY=VALUE";
      case fault_spec_error::unknown_key: return "unknown key for this fault kind";
      case fault_spec_error::duplicate_key: return "key given twice";
      case fault_spec_error::invalid_value: return "invalid value";
      case fault_spec_error::missing_key: return "required key missing";
      case fault_spec_error::conflicting_keys: return "keys that cannot go together";
    }
    return "unknown fault spec error";
  }
};

struct kind_info {
  fault_kind kind;
  std::string_view name;
  std::string_view keys;     // its own keys, space-separated
  std::string_view required; // keys it cannot do without
};

constexpr std::array kinds{
    kind_info{fault_kind::latency, "latency", "ms jitter dist", ""},
    kind_info{fault_kind::blackhole, "blackhole", "", ""},
    kind_info{fault_kind::drop, "drop", "at bytes", ""},
    kind_info{fault_kind::reset, "reset", "at bytes", ""},
    kind_info{fault_kind::refuse, "refuse", "mode", ""},
    kind_info{fault_kind::max_clients, "max_clients", "n", "n"},
    kind_info{fault_kind::error, "error", "reply", "reply"},
    kind_info{fault_kind::slice, "slice", "bytes delay_us", "bytes"},
    kind_info{fault_kind::bandwidth, "bandwidth", "kbps", "kbps"},
    kind_info{fault_kind::slow_close, "slow_close", "ms", "ms"},
    kind_info{fault_kind::stall_accept, "stall_accept", "", ""},
};

constexpr std::string_view targeting_keys = "p cmd conn every after times window";

const kind_info& info(fault_kind kind) { return kinds[static_cast<std::size_t>(kind)]; }

bool has_word(std::string_view words, std::string_view word) {
  while (!words.empty()) {
    const auto space = words.find(' ');
    if (words.substr(0, space) == word) return true;
    if (space == std::string_view::npos) break;
    words.remove_prefix(space + 1);
  }
  return false;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

// A failure with its message, carried out of the parser by value.
struct problem {
  fault_spec_error code;
  std::string message;
};

std::optional<problem> fail(fault_spec_error code, std::string message) {
  return problem{code, std::move(message)};
}

std::optional<std::uint64_t> to_unsigned(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<problem> bad_value(std::string_view key, std::string_view value,
                                 std::string_view expected) {
  return fail(fault_spec_error::invalid_value, std::string(key) + "='" + std::string(value) +
                                                   "' is not " + std::string(expected));
}

std::optional<problem> read_unsigned(std::string_view key, std::string_view value,
                                     std::uint64_t minimum, std::uint64_t& out) {
  const auto parsed = to_unsigned(value);
  if (!parsed || *parsed < minimum) {
    return bad_value(key, value, minimum == 0 ? "a whole number >= 0" : "a whole number >= 1");
  }
  out = *parsed;
  return std::nullopt;
}

std::optional<problem> read_choice(std::string_view key, std::string_view value,
                                   std::span<const std::string_view> names, std::size_t& out) {
  const auto wanted = lower(value);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == wanted) {
      out = i;
      return std::nullopt;
    }
  }
  std::string expected = "one of";
  for (const auto name : names) expected += " " + std::string(name);
  return bad_value(key, value, expected);
}

constexpr std::array<std::string_view, 4> close_point_names{"accept", "request", "reply",
                                                            "mid-reply"};
constexpr std::array<std::string_view, 3> refuse_mode_names{"unbound", "close", "reset"};
constexpr std::array<std::string_view, 2> distribution_names{"uniform", "pareto"};

std::optional<problem> apply_option(fault& f, std::string_view key, std::string_view value) {
  std::uint64_t number = 0;
  std::size_t choice = 0;
  std::optional<problem> trouble;
  if (key == "p") {
    double p = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), p);
    if (ec != std::errc() || end != value.data() + value.size() || !(p >= 0.0 && p <= 1.0)) {
      return bad_value(key, value, "a probability from 0 to 1");
    }
    f.probability = p;
  } else if (key == "cmd") {
    if (value.empty() || value.front() == '|' || value.back() == '|' ||
        value.find("||") != std::string_view::npos) {
      return bad_value(key, value, "command names separated by '|'");
    }
    f.on_commands(value);
  } else if (key == "window") {
    const auto dash = value.find('-');
    const auto from = to_unsigned(value.substr(0, dash));
    const auto to = dash == std::string_view::npos ? std::nullopt
                                                   : to_unsigned(value.substr(dash + 1));
    if (!from || !to || *from > *to) return bad_value(key, value, "FROM-TO in ms with FROM <= TO");
    f.during(std::chrono::milliseconds(*from), std::chrono::milliseconds(*to));
  } else if (key == "conn") {
    trouble = read_unsigned(key, value, 1, f.connection);
  } else if (key == "every") {
    trouble = read_unsigned(key, value, 1, f.every);
  } else if (key == "after") {
    trouble = read_unsigned(key, value, 0, f.skip);
  } else if (key == "times") {
    trouble = read_unsigned(key, value, 1, f.times);
  } else if (key == "ms") {
    trouble = read_unsigned(key, value, 0, number);
    f.delay = std::chrono::milliseconds(number);
  } else if (key == "jitter") {
    trouble = read_unsigned(key, value, 0, number);
    f.jitter = std::chrono::milliseconds(number);
  } else if (key == "dist") {
    trouble = read_choice(key, value, distribution_names, choice);
    f.distribution = static_cast<jitter_distribution>(choice);
  } else if (key == "at") {
    trouble = read_choice(key, value, close_point_names, choice);
    f.at = static_cast<close_point>(choice);
  } else if (key == "mode") {
    trouble = read_choice(key, value, refuse_mode_names, choice);
    f.mode = static_cast<refuse_mode>(choice);
  } else if (key == "bytes") {
    trouble = read_unsigned(key, value, 1, number);
    f.bytes = static_cast<std::size_t>(number);
  } else if (key == "delay_us") {
    trouble = read_unsigned(key, value, 0, number);
    f.slice_delay = std::chrono::microseconds(number);
  } else if (key == "kbps") {
    trouble = read_unsigned(key, value, 1, number);
    if (!trouble && number > UINT32_MAX) trouble = bad_value(key, value, "at most 4294967295");
    f.kbps = static_cast<std::uint32_t>(number);
  } else if (key == "n") {
    trouble = read_unsigned(key, value, 1, number);
    f.max_clients = static_cast<std::size_t>(number);
  } else if (key == "reply") {
    f.reply = std::string(value);
  }
  return trouble;
}

std::optional<problem> check(const fault& f) {
  const auto name = std::string(info(f.kind).name);
  if (!(f.probability >= 0.0 && f.probability <= 1.0)) {
    return fail(fault_spec_error::invalid_value, name + ": p must be from 0 to 1");
  }
  if (f.window && f.window->from > f.window->to) {
    return fail(fault_spec_error::invalid_value, name + ": window must be FROM-TO with FROM <= TO");
  }
  const bool closes = f.kind == fault_kind::drop || f.kind == fault_kind::reset;
  if (closes && f.at == close_point::mid_reply && f.bytes == 0) {
    return fail(fault_spec_error::missing_key, name + ": at=mid-reply needs bytes=N");
  }
  if (closes && f.at != close_point::mid_reply && f.bytes != 0) {
    return fail(fault_spec_error::conflicting_keys, name + ": bytes is only for at=mid-reply");
  }
  const bool before_commands = f.kind == fault_kind::refuse || f.kind == fault_kind::max_clients ||
                               f.kind == fault_kind::stall_accept ||
                               (closes && f.at == close_point::accept);
  if (before_commands && !f.commands.empty()) {
    return fail(fault_spec_error::conflicting_keys,
                name + ": cmd cannot apply, this fault acts at accept, before any command");
  }
  if (f.kind == fault_kind::refuse && f.mode == refuse_mode::unbound &&
      (f.probability != 1.0 || f.connection != 0 || f.every != 0 || f.skip != 0 ||
       f.times != 0 || f.window)) {
    return fail(fault_spec_error::conflicting_keys,
                "refuse: mode=unbound takes no targeting keys; it holds until removed");
  }
  if (f.kind == fault_kind::error &&
      (f.reply.empty() || f.reply.find_first_of("\r\n") != std::string::npos)) {
    return fail(fault_spec_error::invalid_value, "error: reply must be one non-empty line");
  }
  if ((f.kind == fault_kind::slice && f.bytes == 0) ||
      (f.kind == fault_kind::bandwidth && f.kbps == 0) ||
      (f.kind == fault_kind::max_clients && f.max_clients == 0)) {
    return fail(fault_spec_error::missing_key,
                name + ": needs " + std::string(info(f.kind).required) + " >= 1");
  }
  return std::nullopt;
}

std::optional<problem> parse_into(std::string_view spec, fault& f) {
  const auto colon = spec.find(':');
  const auto kind_name = lower(trimmed(spec.substr(0, colon)));
  if (kind_name.empty()) return fail(fault_spec_error::empty, "empty fault spec; expected KIND[:KEY=VALUE,...]");
  const auto known = std::find_if(kinds.begin(), kinds.end(),
                                  [&](const kind_info& k) { return k.name == kind_name; });
  if (known == kinds.end()) {
    std::string names;
    for (const auto& k : kinds) names += (names.empty() ? "" : ", ") + std::string(k.name);
    return fail(fault_spec_error::unknown_kind,
                "unknown fault kind '" + kind_name + "'; expected one of " + names);
  }
  f.kind = known->kind;
  std::vector<std::string> seen;
  auto rest = colon == std::string_view::npos ? std::string_view{} : spec.substr(colon + 1);
  while (colon != std::string_view::npos) {
    const auto comma = rest.find(',');
    const auto option = rest.substr(0, comma);
    const auto equals = option.find('=');
    if (equals == std::string_view::npos) {
      return fail(fault_spec_error::malformed_option,
                  kind_name + ": '" + std::string(option) + "' is not KEY=VALUE");
    }
    const auto key = lower(trimmed(option.substr(0, equals)));
    const auto value = trimmed(option.substr(equals + 1));
    if (!has_word(known->keys, key) && !has_word(targeting_keys, key)) {
      const auto own = known->keys.empty() ? std::string("none of its own")
                                           : std::string(known->keys);
      return fail(fault_spec_error::unknown_key,
                  kind_name + ": unknown key '" + key + "' (its keys: " + own +
                      "; targeting: " + std::string(targeting_keys) + ")");
    }
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      return fail(fault_spec_error::duplicate_key, kind_name + ": key '" + key + "' given twice");
    }
    seen.push_back(key);
    if (auto trouble = apply_option(f, key, value)) {
      trouble->message = kind_name + ": " + trouble->message;
      return trouble;
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (!known->required.empty() &&
      std::find(seen.begin(), seen.end(), known->required) == seen.end()) {
    return fail(fault_spec_error::missing_key,
                kind_name + ": needs " + std::string(known->required) + "=...");
  }
  return check(f);
}

void append_option(std::string& out, std::string_view key, std::string_view value) {
  out += out.find(':') == std::string::npos ? ':' : ',';
  out += key;
  out += '=';
  out += value;
}

std::string number(double value) {
  std::array<char, 32> text{};
  const auto end = std::to_chars(text.data(), text.data() + text.size(), value).ptr;
  return std::string(text.data(), end);
}

fault of_kind(fault_kind kind) {
  fault f;
  f.kind = kind;
  return f;
}

}  // namespace

const boost::system::error_category& fault_spec_category() noexcept {
  static const spec_category instance;
  return instance;
}

std::optional<fault> parse_fault(std::string_view spec, boost::system::error_code& ec,
                                 std::string& message) {
  fault f;
  if (auto trouble = parse_into(spec, f)) {
    ec = trouble->code;
    message = std::move(trouble->message);
    return std::nullopt;
  }
  ec.clear();
  message.clear();
  return f;
}

fault parse_fault(std::string_view spec) {
  boost::system::error_code ec;
  std::string message;
  auto parsed = parse_fault(spec, ec, message);
  if (!parsed) {
    throw boost::system::system_error(ec, "kvmock: bad fault spec '" + std::string(spec) + "': " +
                                              message);
  }
  return *std::move(parsed);
}

boost::system::error_code check_fault(const fault& f, std::string& message) {
  if (auto trouble = check(f)) {
    message = std::move(trouble->message);
    return trouble->code;
  }
  message.clear();
  return {};
}

std::string_view to_string(fault_kind kind) { return info(kind).name; }

std::string to_string(const fault& f) {
  const fault defaults = of_kind(f.kind);
  std::string out(info(f.kind).name);
  if (f.kind == fault_kind::latency || f.kind == fault_kind::slow_close) {
    if (f.delay != defaults.delay || f.kind == fault_kind::slow_close) {
      append_option(out, "ms", std::to_string(f.delay.count()));
    }
  }
  if (f.jitter != defaults.jitter) append_option(out, "jitter", std::to_string(f.jitter.count()));
  if (f.distribution != defaults.distribution) {
    append_option(out, "dist", distribution_names[static_cast<std::size_t>(f.distribution)]);
  }
  if (f.at != defaults.at) append_option(out, "at", close_point_names[static_cast<std::size_t>(f.at)]);
  if (f.mode != defaults.mode) append_option(out, "mode", refuse_mode_names[static_cast<std::size_t>(f.mode)]);
  if (f.bytes != defaults.bytes) append_option(out, "bytes", std::to_string(f.bytes));
  if (f.slice_delay != defaults.slice_delay) {
    append_option(out, "delay_us", std::to_string(f.slice_delay.count()));
  }
  if (f.kbps != defaults.kbps) append_option(out, "kbps", std::to_string(f.kbps));
  if (f.max_clients != defaults.max_clients) append_option(out, "n", std::to_string(f.max_clients));
  if (f.reply != defaults.reply) append_option(out, "reply", f.reply);
  if (f.probability != defaults.probability) append_option(out, "p", number(f.probability));
  if (!f.commands.empty()) {
    std::string names;
    for (const auto& name : f.commands) names += (names.empty() ? "" : "|") + name;
    append_option(out, "cmd", names);
  }
  if (f.connection != 0) append_option(out, "conn", std::to_string(f.connection));
  if (f.every != 0) append_option(out, "every", std::to_string(f.every));
  if (f.skip != 0) append_option(out, "after", std::to_string(f.skip));
  if (f.times != 0) append_option(out, "times", std::to_string(f.times));
  if (f.window) {
    append_option(out, "window", std::to_string(f.window->from.count()) + "-" +
                                     std::to_string(f.window->to.count()));
  }
  return out;
}

fault& fault::with_probability(double p) {
  probability = p;
  return *this;
}

fault& fault::on_commands(std::string_view names) {
  commands.clear();
  while (!names.empty()) {
    const auto bar = names.find('|');
    if (bar != 0) commands.push_back(lower(names.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    names.remove_prefix(bar + 1);
  }
  return *this;
}

fault& fault::on_connection(std::uint64_t n) {
  connection = n;
  return *this;
}

fault& fault::on_every_connection(std::uint64_t n) {
  every = n;
  return *this;
}

fault& fault::after_matches(std::uint64_t n) {
  skip = n;
  return *this;
}

fault& fault::at_most(std::uint64_t n) {
  times = n;
  return *this;
}

fault& fault::during(std::chrono::milliseconds from, std::chrono::milliseconds to) {
  window = fault_window{from, to};
  return *this;
}

namespace faults {

fault latency(std::chrono::milliseconds ms, std::chrono::milliseconds jitter,
              jitter_distribution distribution) {
  auto f = of_kind(fault_kind::latency);
  f.delay = ms;
  f.jitter = jitter;
  f.distribution = distribution;
  return f;
}

fault blackhole() { return of_kind(fault_kind::blackhole); }

fault drop(close_point at, std::size_t bytes) {
  auto f = of_kind(fault_kind::drop);
  f.at = at;
  f.bytes = bytes;
  return f;
}

fault reset(close_point at, std::size_t bytes) {
  auto f = drop(at, bytes);
  f.kind = fault_kind::reset;
  return f;
}

fault refuse(refuse_mode mode) {
  auto f = of_kind(fault_kind::refuse);
  f.mode = mode;
  return f;
}

fault max_clients(std::size_t n) {
  auto f = of_kind(fault_kind::max_clients);
  f.max_clients = n;
  return f;
}

fault error(std::string reply) {
  auto f = of_kind(fault_kind::error);
  f.reply = std::move(reply);
  return f;
}

fault slice(std::size_t bytes, std::chrono::microseconds delay) {
  auto f = of_kind(fault_kind::slice);
  f.bytes = bytes;
  f.slice_delay = delay;
  return f;
}

fault bandwidth(std::uint32_t kbps) {
  auto f = of_kind(fault_kind::bandwidth);
  f.kbps = kbps;
  return f;
}

fault slow_close(std::chrono::milliseconds ms) {
  auto f = of_kind(fault_kind::slow_close);
  f.delay = ms;
  return f;
}

fault stall_accept() { return of_kind(fault_kind::stall_accept); }

}  // namespace faults
}  // namespace kvmock

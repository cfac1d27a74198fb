#include "server_config.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "glob.hpp"
#include "kvresp/integer.hpp"
#include "text.hpp"

namespace kvmock {

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

std::vector<std::string_view> split_spaces(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::string join(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) {
    if (!text.empty()) text += ' ';
    text += word;
  }
  return text;
}

// As Redis's memtoull: digits, then an optional unit (b, k, kb, m, mb, g, gb); "" is 0.
bool parse_memory(std::string_view text, unsigned long long& bytes) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) ++digits;
  const std::string_view unit = text.substr(digits);
  unsigned long long multiplier = 1;
  if (unit.empty() || equals_ignore_case(unit, "b")) {
    multiplier = 1;
  } else if (equals_ignore_case(unit, "k")) {
    multiplier = 1000;
  } else if (equals_ignore_case(unit, "kb")) {
    multiplier = 1024;
  } else if (equals_ignore_case(unit, "m")) {
    multiplier = 1000 * 1000;
  } else if (equals_ignore_case(unit, "mb")) {
    multiplier = 1024 * 1024;
  } else if (equals_ignore_case(unit, "g")) {
    multiplier = 1000ULL * 1000 * 1000;
  } else if (equals_ignore_case(unit, "gb")) {
    multiplier = 1024ULL * 1024 * 1024;
  } else {
    return false;
  }
  const std::string number(text.substr(0, digits));
  errno = 0;
  const unsigned long long value = std::strtoull(number.c_str(), nullptr, 10);
  if (errno == ERANGE || value > ULLONG_MAX / multiplier) return false;
  bytes = value * multiplier;
  return true;
}

std::string between(long long min, unsigned long long max) {
  return "argument must be between " + std::to_string(min) + " and " + std::to_string(max) + " inclusive";
}

bool in_range(const config_parameter& p, long long value) {
  return value >= p.min && (value < 0 || static_cast<unsigned long long>(value) <= p.max);
}

// "%f" without its trailing zeros (trimDoubleString).
std::string trimmed_double(double value) {
  char buffer[128];
  int length = std::snprintf(buffer, sizeof buffer, "%f", value);
  std::string_view text(buffer, static_cast<std::size_t>(length));
  if (text.find('.') != std::string_view::npos) {
    while (text.back() == '0') text.remove_suffix(1);
    if (text.back() == '.') text.remove_suffix(1);
  }
  return std::string(text);
}

std::string keyspace_events_text(int flags) {
  using namespace keyspace_event;
  std::string text;
  if ((flags & all) == all) {
    text += 'A';
  } else {
    constexpr std::pair<int, char> classes[] = {{generic, 'g'}, {string, '$'}, {list, 'l'},   {set, 's'},
                                                {hash, 'h'},    {zset, 'z'},   {expired, 'x'}, {evicted, 'e'},
                                                {stream, 't'},  {module, 'd'}, {new_key, 'n'}};
    for (const auto& [bit, letter] : classes) {
      if ((flags & bit) != 0) text += letter;
    }
  }
  if ((flags & keyspace) != 0) text += 'K';
  if ((flags & keyevent) != 0) text += 'E';
  if ((flags & key_miss) != 0) text += 'm';
  return text;
}

bool parse_keyspace_events(std::string_view text, int& flags) {
  using namespace keyspace_event;
  flags = 0;
  for (const char c : text) {
    switch (c) {
      case 'A': flags |= all; break;
      case 'g': flags |= generic; break;
      case '$': flags |= string; break;
      case 'l': flags |= list; break;
      case 's': flags |= set; break;
      case 'h': flags |= hash; break;
      case 'z': flags |= zset; break;
      case 'x': flags |= expired; break;
      case 'e': flags |= evicted; break;
      case 'K': flags |= keyspace; break;
      case 'E': flags |= keyevent; break;
      case 't': flags |= stream; break;
      case 'm': flags |= key_miss; break;
      case 'd': flags |= module; break;
      case 'n': flags |= new_key; break;
      default: return false;
    }
  }
  return true;
}

// One choice of a comma-separated list, matched case-insensitively: its canonical spelling.
std::string_view find_choice(std::string_view choices, std::string_view wanted) {
  std::size_t start = 0;
  while (start <= choices.size()) {
    const std::size_t comma = std::min(choices.find(',', start), choices.size());
    const std::string_view choice = choices.substr(start, comma - start);
    if (equals_ignore_case(choice, wanted)) return choice;
    start = comma + 1;
  }
  return {};
}

std::string choices_error(std::string_view choices) {
  std::string listed;
  std::size_t start = 0;
  while (start <= choices.size()) {
    const std::size_t comma = std::min(choices.find(',', start), choices.size());
    if (!listed.empty()) listed += ", ";
    listed += choices.substr(start, comma - start);
    start = comma + 1;
  }
  return "argument(s) must be one of the following: " + listed;
}

// client-output-buffer-limit: the three classes' limits, updated by the classes given.
bool parse_output_buffer_limits(std::string_view text, std::string& canonical, std::string& error) {
  const auto words = split_spaces(text);
  if (words.size() % 4 != 0) {
    error = "Wrong number of arguments in buffer limit configuration.";
    return false;
  }
  // normal, slave, pubsub
  std::vector<std::string> limits[3];
  for (int c = 0; c < 3; ++c) {
    const auto current = split_spaces(canonical);
    for (int k = 0; k < 3; ++k) limits[c].emplace_back(current[static_cast<std::size_t>(c * 4 + 1 + k)]);
  }
  for (std::size_t i = 0; i < words.size(); i += 4) {
    int which = -1;
    if (equals_ignore_case(words[i], "normal")) which = 0;
    if (equals_ignore_case(words[i], "slave") || equals_ignore_case(words[i], "replica")) which = 1;
    if (equals_ignore_case(words[i], "pubsub")) which = 2;
    if (which < 0) {
      error = "Invalid client class specified in buffer limit configuration.";
      return false;
    }
    unsigned long long hard = 0, soft = 0;
    long long seconds = 0;
    const std::string seconds_text(words[i + 3]);
    char* end = nullptr;
    seconds = std::strtoll(seconds_text.c_str(), &end, 10);
    if (!parse_memory(words[i + 1], hard) || !parse_memory(words[i + 2], soft) || *end != '\0' || seconds < 0) {
      error = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
      return false;
    }
    limits[which] = {std::to_string(hard), std::to_string(soft), std::to_string(seconds)};
  }
  canonical = "normal " + join(limits[0]) + " slave " + join(limits[1]) + " pubsub " + join(limits[2]);
  return true;
}

// A new value for parameter p, checked and written as CONFIG GET will show it; `canonical`
// holds the current value on entry.
bool normalize(const config_parameter& p, std::string_view input, std::string& canonical, std::string& error) {
  switch (p.kind) {
    case config_kind::boolean:
      if (equals_ignore_case(input, "yes") || equals_ignore_case(input, "no")) {
        canonical = to_lower(input);
        return true;
      }
      error = "argument must be 'yes' or 'no'";
      return false;
    case config_kind::integer: {
      long long value = 0;
      if (!kvresp::parse_integer(input, value)) {
        error = "argument couldn't be parsed into an integer";
        return false;
      }
      if (!in_range(p, value)) {
        error = between(p.min, p.max);
        return false;
      }
      if (p.name == "hz") value = std::clamp(value, 1LL, 500LL);  // Redis clamps as it applies
      canonical = std::to_string(value);
      return true;
    }
    case config_kind::memory: {
      unsigned long long bytes = 0;
      if (!parse_memory(input, bytes)) {
        error = "argument must be a memory value";
        return false;
      }
      if (bytes > p.max || (p.min > 0 && bytes < static_cast<unsigned long long>(p.min))) {
        error = between(p.min, p.max);
        return false;
      }
      canonical = std::to_string(bytes);
      return true;
    }
    case config_kind::enumerated: {
      const std::string_view choice = find_choice(p.choices, input);
      if (choice.empty()) {
        error = choices_error(p.choices);
        return false;
      }
      canonical = choice;
      return true;
    }
    case config_kind::string:
    case config_kind::text:
    case config_kind::replica_of:
      canonical = input;
      return true;
    case config_kind::addresses: {
      const auto words = split_spaces(input);
      if (words.size() > 16) {
        error = "Too many bind addresses specified.";
        return false;
      }
      canonical = join(std::vector<std::string>(words.begin(), words.end()));
      return true;
    }
    case config_kind::output_buffer_limits:
      return parse_output_buffer_limits(input, canonical, error);
    case config_kind::percentiles: {
      std::vector<std::string> written;
      for (const auto word : split_spaces(input)) {
        const std::string copy(word);
        char* end = nullptr;
        const double value = std::strtod(copy.c_str(), &end);
        if (*end != '\0') {
          error = "Invalid latency-tracking-info-percentiles parameters";
          return false;
        }
        if (value < 0.0 || value > 100.0) {
          error = "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
          return false;
        }
        written.push_back(trimmed_double(value));
      }
      canonical = join(written);
      return true;
    }
    case config_kind::keyspace_events: {
      int flags = 0;
      if (!parse_keyspace_events(input, flags)) {
        error = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
        return false;
      }
      canonical = keyspace_events_text(flags);
      return true;
    }
    case config_kind::oom_score_values: {
      const auto words = split_spaces(input);
      if (words.size() != 3) {
        error = "wrong number of arguments";
        return false;
      }
      std::vector<std::string> written;
      for (const auto word : words) {
        long long value = 0;
        if (!kvresp::parse_integer(word, value) || value < -2000 || value > 2000) {
          error = "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
          return false;
        }
        written.push_back(std::to_string(value));
      }
      canonical = join(written);
      return true;
    }
    case config_kind::save_points: {
      const auto words = split_spaces(input);
      if (words.size() % 2 != 0) {
        error = "Invalid save parameters";
        return false;
      }
      std::vector<std::string> written;
      for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string copy(words[i]);
        char* end = nullptr;
        const long long value = std::strtoll(copy.c_str(), &end, 10);
        if (*end != '\0' || (i % 2 == 0 && value < 1) || (i % 2 == 1 && value < 0)) {
          error = "Invalid save parameters";
          return false;
        }
        written.push_back(std::to_string(value));
      }
      canonical = join(written);
      return true;
    }
    case config_kind::memory_or_percent: {
      if (input.size() > 1 && input.back() == '%') {
        long long percent = 0;
        if (!kvresp::parse_integer(input.substr(0, input.size() - 1), percent) || percent < 0) {
          error = "argument must be a memory or percent value";
          return false;
        }
        if (percent > 100) {
          error = "percentage argument must be less or equal to 100";
          return false;
        }
        canonical = std::to_string(percent) + "%";
        return true;
      }
      unsigned long long bytes = 0;
      if (!parse_memory(input, bytes)) {
        error = "argument must be a memory or percent value";
        return false;
      }
      canonical = std::to_string(bytes);
      return true;
    }
    case config_kind::shutdown_flags: {
      constexpr std::string_view flags[] = {"default", "save", "nosave", "now", "force"};
      bool chosen[std::size(flags)] = {};
      for (const auto word : split_spaces(input)) {
        const auto it = std::find_if(std::begin(flags), std::end(flags),
                                     [&](std::string_view f) { return equals_ignore_case(f, word); });
        if (it == std::end(flags)) {
          error = choices_error("default,save,nosave,now,force");
          return false;
        }
        chosen[it - std::begin(flags)] = true;
      }
      std::vector<std::string> written;
      for (std::size_t i = 1; i < std::size(flags); ++i) {
        if (chosen[i]) written.emplace_back(flags[i]);
      }
      canonical = written.empty() ? "default" : join(written);
      return true;
    }
    case config_kind::hostname:
      if (!std::all_of(input.begin(), input.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
          })) {
        error = "Hostnames may only contain alphanumeric characters, hyphens or dots";
        return false;
      }
      canonical = input;
      return true;
  }
  return false;
}

long long as_integer(const std::string& text) {
  long long value = 0;
  kvresp::parse_integer(text, value);
  return value;
}

}  // namespace

server_config::server_config(const startup& initial) {
  const auto parameters = config_parameters();
  current_.resize(parameters.size());
  for (std::size_t i = 0; i < parameters.size(); ++i) current_[i] = parameters[i].default_value;
  current_[index_of("bind")] = initial.bind_address;
  current_[index_of("port")] = std::to_string(initial.port);
  current_[index_of("requirepass")] = initial.requirepass;
  current_[index_of("dir")] = initial.dir;
  current_[index_of("save")] = "";  // the fake never persists, as redis-server --save ""
  for (const auto& [name, text] : initial.overrides) {
    const std::size_t i = index_of(name);
    if (i == npos) throw std::invalid_argument("unknown configuration parameter '" + name + "'");
    const std::size_t target = target_of(i);
    std::string error;
    if (!normalize(parameters[i], text, current_[target], error)) {
      throw std::invalid_argument("configuration parameter '" + name + "': " + error);
    }
    if (parameters[i].kind == config_kind::keyspace_events) parse_keyspace_events(text, values_.keyspace_events);
  }
  refresh_values();
}

std::size_t server_config::index_of(std::string_view name) const {
  const auto parameters = config_parameters();
  const std::string lower = to_lower(name);
  const auto it = std::lower_bound(parameters.begin(), parameters.end(), lower,
                                   [](const config_parameter& p, const std::string& n) { return p.name < n; });
  if (it == parameters.end() || it->name != lower) return npos;
  return static_cast<std::size_t>(it - parameters.begin());
}

std::size_t server_config::target_of(std::size_t index) const {
  const auto& p = config_parameters()[index];
  return p.alias_of.empty() ? index : index_of(p.alias_of);
}

const std::string& server_config::value(std::string_view name) const {
  return current_[target_of(index_of(name))];
}

void server_config::set_port(std::uint16_t port) { current_[index_of("port")] = std::to_string(port); }

std::vector<std::pair<std::string, std::string>> server_config::get(std::span<const std::string_view> patterns) const {
  const auto parameters = config_parameters();
  std::vector<std::pair<std::string, std::string>> found;
  std::vector<bool> listed(parameters.size(), false);
  for (const std::string_view pattern : patterns) {
    if (pattern.find_first_of("[*?") == std::string_view::npos) {
      // An exact name, hidden ones too, answered spelled as asked.
      const std::size_t i = index_of(pattern);
      if (i == npos || listed[i]) continue;
      listed[i] = true;
      found.emplace_back(std::string(pattern), current_[target_of(i)]);
      continue;
    }
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      if (listed[i] || (parameters[i].flags & config_flag::hidden) != 0) continue;
      if (!glob_match(pattern, parameters[i].name, true)) continue;
      listed[i] = true;
      found.emplace_back(std::string(parameters[i].name), current_[target_of(i)]);
    }
  }
  return found;
}

std::string server_config::set(std::span<const std::string_view> names_and_values) {
  const auto parameters = config_parameters();
  if (names_and_values.size() % 2 != 0) return "ERR syntax error";
  // Names first: the first problem in argument order is the one reported.
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < names_and_values.size(); i += 2) {
    const std::string_view name = names_and_values[i];
    const std::size_t index = index_of(name);
    const auto failed = [&](std::string_view why) {
      return "ERR CONFIG SET failed (possibly related to argument '" + std::string(name) + "') - " + std::string(why);
    };
    if (index == npos) return "ERR Unknown option or number of arguments for CONFIG SET - '" + std::string(name) + "'";
    const auto& p = parameters[index];
    if ((p.flags & config_flag::immutable) != 0) return failed("can't set immutable config");
    if ((p.flags & config_flag::protected_config) != 0 && value("enable-protected-configs") == "no") {
      return failed("can't set protected config");
    }
    if (std::find(chosen.begin(), chosen.end(), index) != chosen.end()) return failed("duplicate parameter");
    chosen.push_back(index);
  }
  // Then the values, in order, undone together if one fails.
  const std::vector<std::string> before = current_;
  const int events_before = values_.keyspace_events;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    const auto& p = parameters[chosen[k]];
    std::string& stored = current_[target_of(chosen[k])];
    const std::string old = stored;
    std::string error;
    bool ok = normalize(p, names_and_values[2 * k + 1], stored, error);
    // The fake cannot move its listening socket: a new port or address fails as Redis's
    // rebinding does when it cannot bind.
    if (ok && stored != old && p.name == "port") {
      ok = false;
      error = "Unable to listen on this port";
    }
    if (ok && stored != old && p.name == "bind") {
      ok = false;
      error = "Failed to bind to specified addresses.";
    }
    if (ok && p.kind == config_kind::keyspace_events) {
      parse_keyspace_events(names_and_values[2 * k + 1], values_.keyspace_events);
    }
    if (!ok) {
      current_ = before;
      values_.keyspace_events = events_before;
      return "ERR CONFIG SET failed (possibly related to argument '" + std::string(p.name) + "') - " + error;
    }
  }
  refresh_values();
  return {};
}

void server_config::refresh_values() {
  values_.hash_max_listpack_entries = as_integer(value("hash-max-listpack-entries"));
  values_.hash_max_listpack_value = as_integer(value("hash-max-listpack-value"));
  values_.set_max_intset_entries = as_integer(value("set-max-intset-entries"));
  values_.zset_max_listpack_entries = as_integer(value("zset-max-listpack-entries"));
  values_.zset_max_listpack_value = as_integer(value("zset-max-listpack-value"));
  values_.proto_max_bulk_len = as_integer(value("proto-max-bulk-len"));
  values_.requirepass = value("requirepass");
  // keyspace_events is kept as parsed from what was set: its shown form drops "n" next to "A",
  // as Redis's does, while the class stays on.
  values_.debug_command_enabled = value("enable-debug-command") != "no";
  const std::string& policy = value("maxmemory-policy");
  values_.lfu_policy = policy.ends_with("-lfu");
  values_.lru_policy = policy.ends_with("-lru");
  values_.maxmemory = as_integer(value("maxmemory"));
  values_.lfu_log_factor = static_cast<int>(as_integer(value("lfu-log-factor")));
  values_.lfu_decay_time = static_cast<int>(as_integer(value("lfu-decay-time")));
  values_.list_max_listpack_size = as_integer(value("list-max-listpack-size"));
  values_.rdbcompression = value("rdbcompression") == "yes";
  values_.hll_sparse_max_bytes = as_integer(value("hll-sparse-max-bytes"));
  values_.stream_node_max_bytes = as_integer(value("stream-node-max-bytes"));
  values_.stream_node_max_entries = as_integer(value("stream-node-max-entries"));
  values_.busy_reply_threshold = as_integer(value("busy-reply-threshold"));
  // Canonical: "normal H S T slave H S T pubsub H S T".
  const auto limits = split_spaces(value("client-output-buffer-limit"));
  const auto limit_at = [&](std::size_t at) {
    return output_limit{as_integer(std::string(limits[at])), as_integer(std::string(limits[at + 1])),
                        as_integer(std::string(limits[at + 2]))};
  };
  values_.normal_output = limit_at(1);
  values_.pubsub_output = limit_at(9);
}

}  // namespace kvmock

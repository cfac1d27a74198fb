#include "kvpool/kv_pool_config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include <boost/system/system_error.hpp>

#include "kvpool/error.hpp"

namespace kvpool {
namespace {

constexpr std::uint16_t redis_default_port = 6379;

[[noreturn]] void reject(std::string_view address, const std::string& what) {
  throw boost::system::system_error(make_error_code(error::invalid_config),
                                    "address '" + std::string(address) + "': " + what);
}

bool has_space_or_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isspace(c) != 0 || std::iscntrl(c) != 0;
  });
}

std::uint16_t parse_port(std::string_view address, std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0 ||
      value > 65535) {
    reject(address, "port '" + std::string(text) + "' is not a number from 1 to 65535");
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

kv_pool_config::kv_pool_config(std::string_view address) {
  std::string_view rest = address;
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    namespace_ = std::string(rest.substr(slash + 1));
    rest = rest.substr(0, slash);
    if (namespace_.empty()) reject(address, "the namespace after '/' is empty: drop the '/'");
    if (has_space_or_control(namespace_)) {
      reject(address, "the namespace must not hold spaces or control characters");
    }
  }
  std::string_view host = rest;
  std::string_view port;
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) reject(address, "an IPv6 address lacks its ']'");
    host = rest.substr(1, close - 1);
    const auto after = rest.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) reject(address, "expected ':PORT' after ']'");
      port = after.substr(1);
      if (port.empty()) reject(address, "the port after ':' is empty");
    }
  } else if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      reject(address, "an IPv6 address needs brackets, as in [::1]:6379");
    }
    if (port.empty()) reject(address, "the port after ':' is empty");
  }
  if (host.empty()) reject(address, "the host is empty");
  if (has_space_or_control(host)) reject(address, "the host must not hold spaces");
  connection_.host = std::string(host);
  connection_.port = port.empty() ? redis_default_port : parse_port(address, port);
}

kv_pool_config& kv_pool_config::backoff(duration initial, double multiplier, duration max) {
  pool_.backoff_initial = initial;
  pool_.backoff_multiplier = multiplier;
  pool_.backoff_max = max;
  return *this;
}

void kv_pool_config::validate() const {
  pool_.validate();
  const auto reject_option = [](const std::string& what) {
    throw boost::system::system_error(make_error_code(error::invalid_config), what);
  };
  if (connection_.database < 0) reject_option("database must not be negative");
  if (connection_.connect_timeout <= std::chrono::milliseconds::zero()) {
    reject_option("connect_timeout must be positive: the pool counts a connect in progress "
                  "towards max_size, so each must end");
  }
  if (connection_.command_timeout < std::chrono::milliseconds::zero()) {
    reject_option("command_timeout must not be negative (0: none)");
  }
  if (has_space_or_control(connection_.client_name)) {
    reject_option("client_name must not hold spaces or newlines (Redis rejects them)");
  }
}

}  // namespace kvpool

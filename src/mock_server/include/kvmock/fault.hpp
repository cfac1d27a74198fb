#pragma once
// Faults the fake server can inject, and the one grammar that names them:
//
//   KIND[:KEY=VALUE,...]      e.g.  latency:ms=50,jitter=10,p=0.3,cmd=GET|SET
//
// The same text works in server::add_fault, `kvmock serve --fault` and KVMOCK.FAULT ADD; the
// builders in kvmock::faults make the same values in code. parse_fault(to_string(f)) == f.
//
// Kinds and their keys (defaults in brackets):
//   latency       ms [0], jitter [0], dist=uniform|pareto [uniform]: delay the reply
//   blackhole     read the request, never answer (terminal)
//   drop          at=accept|request|reply|mid-reply [request], bytes (mid-reply): close (terminal)
//   reset         as drop, with a TCP RST instead of a FIN (terminal)
//   refuse        mode=unbound|close|reset [unbound]: refuse new connections
//   max_clients   n: beyond n open connections answer Redis's error and close
//   error         reply=TEXT: answer with -TEXT instead of running the command (terminal)
//   slice         bytes, delay_us [0]: write the reply in pieces
//   bandwidth     kbps: write the reply at this rate (kilobits per second)
//   slow_close    ms: wait before a fault closes the connection
//   stall_accept  accept the connection, never answer it (input is discarded unparsed)
// Targeting, any kind: p [1], cmd=NAME|NAME..., conn=N, every=N, after=N, times=N,
// window=FROM-TO (ms since the fault was added, on the server's clock).
// Values hold no ',' and no line break; names are case-insensitive.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/error_code.hpp>

namespace kvmock {

enum class fault_kind {
  latency,
  blackhole,
  drop,
  reset,
  refuse,
  max_clients,
  error,
  slice,
  bandwidth,
  slow_close,
  stall_accept,
};

enum class close_point { accept, request, reply, mid_reply };
enum class refuse_mode { unbound, close, reset };
enum class jitter_distribution { uniform, pareto };

struct fault_window {
  std::chrono::milliseconds from{0};
  std::chrono::milliseconds to{0};
  bool operator==(const fault_window&) const = default;
};

struct fault {
  fault_kind kind = fault_kind::latency;

  // Parameters; each kind reads only its own.
  std::chrono::milliseconds delay{0};   // latency: ms; slow_close: ms
  std::chrono::milliseconds jitter{0};  // latency
  jitter_distribution distribution = jitter_distribution::uniform;
  close_point at = close_point::request;  // drop, reset
  std::size_t bytes = 0;  // drop/reset at mid_reply: bytes sent first; slice: piece size
  std::chrono::microseconds slice_delay{0};
  std::uint32_t kbps = 0;
  refuse_mode mode = refuse_mode::unbound;
  std::size_t max_clients = 0;
  std::string reply;  // error: the error line without '-', e.g. "LOADING Redis is loading"

  // Targeting: which connections and commands it applies to.
  double probability = 1.0;
  std::vector<std::string> commands;  // lower case; empty: every command
  std::uint64_t connection = 0;       // 0: any; N: only the Nth connection (from 1)
  std::uint64_t every = 0;            // 0: any; N: connections N, 2N, 3N...
  std::uint64_t skip = 0;             // `after`: the first N matches pass untouched
  std::uint64_t times = 0;            // 0: no limit; N: at most N injections
  std::optional<fault_window> window;

  // Chainable targeting, e.g. faults::latency(50ms).with_probability(0.3).on_commands("GET|SET").
  fault& with_probability(double p);
  fault& on_commands(std::string_view names);  // '|'-separated, any case
  fault& on_connection(std::uint64_t n);
  fault& on_every_connection(std::uint64_t n);
  fault& after_matches(std::uint64_t n);
  fault& at_most(std::uint64_t n);
  fault& during(std::chrono::milliseconds from, std::chrono::milliseconds to);

  bool operator==(const fault&) const = default;
};

namespace faults {
fault latency(std::chrono::milliseconds ms, std::chrono::milliseconds jitter = {},
              jitter_distribution distribution = jitter_distribution::uniform);
fault blackhole();
fault drop(close_point at = close_point::request, std::size_t bytes = 0);
fault reset(close_point at = close_point::request, std::size_t bytes = 0);
fault refuse(refuse_mode mode = refuse_mode::unbound);
fault max_clients(std::size_t n);
fault error(std::string reply);
fault slice(std::size_t bytes, std::chrono::microseconds delay = {});
fault bandwidth(std::uint32_t kbps);
fault slow_close(std::chrono::milliseconds ms);
fault stall_accept();
}  // namespace faults

// What can be wrong with a fault spec, as boost::system::error_code values of "kvmock.fault".
enum class fault_spec_error {
  empty = 1,
  unknown_kind,
  malformed_option,  // not KEY=VALUE
  unknown_key,       // not a key of this kind or of targeting
  duplicate_key,
  invalid_value,
  missing_key,
  conflicting_keys,
};

const boost::system::error_category& fault_spec_category() noexcept;

inline boost::system::error_code make_error_code(fault_spec_error e) noexcept {
  return {static_cast<int>(e), fault_spec_category()};
}

// Parses a spec. On failure returns nullopt, sets ec and message (what is wrong, quoting it).
std::optional<fault> parse_fault(std::string_view spec, boost::system::error_code& ec,
                                 std::string& message);
// Throws boost::system::system_error whose what() says what is wrong.
fault parse_fault(std::string_view spec);
// Applies the spec's rules to a fault built in code; empty code when it is valid.
boost::system::error_code check_fault(const fault& f, std::string& message);
// The canonical spec: the kind, then only the keys that differ from their defaults.
std::string to_string(const fault& f);
std::string_view to_string(fault_kind kind);

// One injection, as the server's fault log records it.
struct fault_event {
  std::uint64_t fault_id = 0;
  fault_kind kind = fault_kind::latency;
  std::uint64_t connection = 0;     // from 1, in accept order on the main port
  std::uint64_t command_index = 0;  // from 1 on that connection; 0 at accept
  std::chrono::system_clock::time_point at;  // on the server's clock
  bool operator==(const fault_event&) const = default;
};

struct fault_entry {
  std::uint64_t id = 0;
  kvmock::fault fault;
};

}  // namespace kvmock

template <>
struct boost::system::is_error_code_enum<kvmock::fault_spec_error> : std::true_type {};

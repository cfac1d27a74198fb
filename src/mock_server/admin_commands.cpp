#include "admin_commands.hpp"

#include <charconv>
#include <chrono>

#include "errors.hpp"
#include "reply_writer.hpp"
#include "server_core.hpp"
#include "text.hpp"

namespace kvmock {
namespace {

constexpr std::string_view fault_command = "kvmock.fault";
constexpr std::string_view stats_command = "kvmock.stats";
constexpr std::string_view seed_command = "kvmock.seed";
static_assert(seed_command.size() == 11 && fault_command.size() >= 11 && stats_command.size() >= 11,
              "is_admin_command's length test");

std::optional<std::uint64_t> to_unsigned(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

long long millis(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

void fault_add(server_core& server, std::string_view spec, reply_writer& out) {
  boost::system::error_code ec;
  std::string message;
  auto parsed = parse_fault(spec, ec, message);
  if (!parsed) {
    out.error("ERR invalid fault spec: " + message);
    return;
  }
  out.integer(static_cast<long long>(server.add_fault(*std::move(parsed))));
}

void fault_list(const server_core& server, reply_writer& out) {
  const auto entries = server.faults().list();
  out.array(entries.size());
  for (const auto& entry : entries) {
    out.bulk(std::to_string(entry.id) + " " + to_string(entry.fault));
  }
}

// "fault=ID kind=KIND conn=N cmd=N at=UNIX_MS", one per injection, oldest first.
void fault_log(const server_core& server, reply_writer& out) {
  const auto& log = server.faults().log();
  out.array(log.size());
  for (const auto& event : log) {
    out.bulk("fault=" + std::to_string(event.fault_id) + " kind=" +
                 std::string(to_string(event.kind)) + " conn=" + std::to_string(event.connection) +
                 " cmd=" + std::to_string(event.command_index) +
                 " at=" + std::to_string(millis(event.at)));
  }
}

void run_fault(server_core& server, std::span<const std::string_view> argv, reply_writer& out) {
  if (argv.size() < 2) {
    out.error(errors::arity(fault_command));
    return;
  }
  const auto sub = argv[1];
  const auto arity = [&](std::size_t wanted, std::string_view name) {
    if (argv.size() == wanted) return true;
    out.error(errors::arity(std::string(fault_command) + "|" + std::string(name)));
    return false;
  };
  if (equals_ignore_case(sub, "add")) {
    if (arity(3, "add")) fault_add(server, argv[2], out);
  } else if (equals_ignore_case(sub, "del")) {
    if (!arity(3, "del")) return;
    const auto id = to_unsigned(argv[2]);
    if (!id) {
      out.error(errors::not_an_integer);
      return;
    }
    out.integer(server.remove_fault(*id) ? 1 : 0);
  } else if (equals_ignore_case(sub, "list")) {
    if (arity(2, "list")) fault_list(server, out);
  } else if (equals_ignore_case(sub, "clear")) {
    if (arity(2, "clear")) out.integer(static_cast<long long>(server.clear_faults()));
  } else if (equals_ignore_case(sub, "log")) {
    if (arity(2, "log")) fault_log(server, out);
  } else {
    out.error(errors::unknown_fault_subcommand(sub.substr(0, 128)));
  }
}

// INFO's format: "name:value" lines.
void run_stats(server_core& server, reply_writer& out) {
  const auto& s = server.stats();
  std::string text;
  const auto line = [&](std::string_view name, std::uint64_t value) {
    text += std::string(name) + ":" + std::to_string(value) + "\r\n";
  };
  line("open_connections", s.open_connections);
  line("peak_connections", s.peak_connections);
  line("accepted_connections", s.accepted_connections);
  line("refused_connections", s.refused_connections);
  line("closed_connections", s.closed_connections);
  line("closed_by_client", s.closed_by_client);
  line("closed_by_server", s.closed_by_server);
  line("closed_by_fault", s.closed_by_fault);
  line("commands_processed", s.commands_processed);
  line("faults", server.faults().list().size());
  line("fault_log_entries", server.faults().log().size());
  // Totals by kind since the server started (the log above rotates).
  for (const auto& [kind, count] : server.faults().injected_by_kind()) {
    line("injected_" + std::string(to_string(kind)), count);
  }
  out.bulk(text);
}

void run_seed(server_core& server, std::span<const std::string_view> argv, reply_writer& out) {
  if (argv.size() == 1) {
    out.bulk(std::to_string(server.faults().seed()));
    return;
  }
  if (argv.size() != 2) {
    out.error(errors::arity(seed_command));
    return;
  }
  const auto seed = to_unsigned(argv[1]);
  if (!seed) {
    out.error("ERR seed must be a whole number from 0 to 2^64-1");
    return;
  }
  server.set_seed(*seed);
  out.ok();
}

}  // namespace

bool is_admin_command_name(std::string_view name) {
  return equals_ignore_case(name, fault_command) || equals_ignore_case(name, stats_command) ||
         equals_ignore_case(name, seed_command);
}

void run_admin_command(server_core& server, std::span<const std::string_view> argv, reply_writer& out) {
  if (equals_ignore_case(argv[0], fault_command)) {
    run_fault(server, argv, out);
  } else if (equals_ignore_case(argv[0], stats_command)) {
    if (argv.size() == 1) {
      run_stats(server, out);
    } else if (argv.size() == 2 && equals_ignore_case(argv[1], "reset-peak")) {
      // The peak starts again from the connections open now (kvmock storm --target does this
      // before its run, so that its max_size check sees only its own connections).
      server.stats().peak_connections = server.stats().open_connections;
      out.ok();
    } else {
      out.error(errors::arity(stats_command));
    }
  } else {
    run_seed(server, argv, out);
  }
}

}  // namespace kvmock

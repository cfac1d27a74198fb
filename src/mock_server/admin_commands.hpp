#pragma once
// KVMOCK.FAULT ADD|DEL|LIST|CLEAR|LOG, KVMOCK.STATS and KVMOCK.SEED: the fake server's own
// commands, so a test in any language can drive faults with any Redis client. Faults never
// apply to them. Callers hold the server core's mutex.

#include <span>
#include <string>
#include <string_view>

namespace kvmock {

class reply_writer;
class server_core;

// KVMOCK.FAULT, KVMOCK.STATS or KVMOCK.SEED, in any case.
bool is_admin_command_name(std::string_view name);
// Inline, as every request asks: one length and first-letter test before any comparison.
inline bool is_admin_command(std::string_view name) {
  return name.size() >= 11 && (name[0] == 'k' || name[0] == 'K') && is_admin_command_name(name);
}
void run_admin_command(server_core& server, std::span<const std::string_view> argv, reply_writer& out);

}  // namespace kvmock

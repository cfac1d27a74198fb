#pragma once
// KVMOCK.FAULT ADD|DEL|LIST|CLEAR|LOG, KVMOCK.STATS and KVMOCK.SEED: the fake server's own
// commands, so a test in any language can drive faults with any Redis client. Faults never
// apply to them. Callers hold the engine's mutex.

#include <span>
#include <string>
#include <string_view>

namespace kvmock {

class engine;

bool is_admin_command(std::string_view name);
void run_admin_command(engine& server, std::span<const std::string_view> argv, std::string& out);

}  // namespace kvmock

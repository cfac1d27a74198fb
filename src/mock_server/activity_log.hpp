#pragma once
// Bounded records of what clients did on the main port: one record per connection and, when
// enabled, one per command. The newest are kept. Callers hold the server core's mutex.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string_view>

#include "keyspace.hpp"
#include "kvmock/server.hpp"

namespace kvmock {

class activity_log {
 public:
  activity_log(std::size_t connection_limit, std::size_t command_limit);

  void opened(std::uint64_t connection, std::uint16_t peer_port, unix_ms at);
  void closed(std::uint64_t connection, std::uint64_t commands, closed_by who, unix_ms at);
  bool logs_commands() const { return command_limit_ > 0; }
  void command(std::uint64_t connection, std::uint64_t index, std::string_view name, unix_ms at);

  const std::deque<connection_record>& connections() const { return connections_; }
  const std::deque<command_record>& commands() const { return commands_; }

 private:
  std::size_t connection_limit_;
  std::size_t command_limit_;
  std::deque<connection_record> connections_;  // by connection number, ascending
  std::deque<command_record> commands_;
};

}  // namespace kvmock

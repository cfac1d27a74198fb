#include "activity_log.hpp"

#include <algorithm>
#include <cctype>

namespace kvmock {
namespace {

std::chrono::system_clock::time_point time_at(unix_ms at) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(at));
}

template <typename Record>
void append_bounded(std::deque<Record>& records, std::size_t limit, Record record) {
  if (limit == 0) return;
  if (records.size() == limit) records.pop_front();
  records.push_back(std::move(record));
}

}  // namespace

activity_log::activity_log(std::size_t connection_limit, std::size_t command_limit)
    : connection_limit_(connection_limit), command_limit_(command_limit) {}

void activity_log::opened(std::uint64_t connection, std::uint16_t peer_port, unix_ms at) {
  append_bounded(connections_, connection_limit_,
                 connection_record{connection, peer_port, time_at(at), std::nullopt, 0,
                                   closed_by::still_open});
}

void activity_log::closed(std::uint64_t connection, std::uint64_t commands, closed_by who,
                          unix_ms at) {
  // Numbers ascend, so the record (unless already pushed out) is found by bisection.
  const auto found = std::lower_bound(
      connections_.begin(), connections_.end(), connection,
      [](const connection_record& record, std::uint64_t wanted) {
        return record.connection < wanted;
      });
  if (found == connections_.end() || found->connection != connection) return;
  found->closed_at = time_at(at);
  found->commands = commands;
  found->closed_by = who;
}

void activity_log::command(std::uint64_t connection, std::uint64_t index, std::string_view name,
                           unix_ms at) {
  std::string lowered(name);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  append_bounded(commands_, command_limit_,
                 command_record{connection, index, std::move(lowered), time_at(at)});
}

}  // namespace kvmock

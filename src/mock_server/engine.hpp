#pragma once
// Everything the fake server knows apart from its sockets: the keyspace, the clock, the sessions'
// shared tables and the counters. execute() runs one request as Redis's processCommand would.
// No Asio here: the command layer is tested without a network. Callers hold mutex().

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "kvmock/server.hpp"
#include "keyspace.hpp"
#include "session.hpp"
#include "watch_table.hpp"

namespace kvmock {

class engine {
 public:
  explicit engine(server_options options);

  std::mutex& mutex() const { return mutex_; }
  // Notified, under mutex(), whenever a connection opens or closes.
  std::condition_variable& connections_changed() const { return connections_changed_; }
  const server_options& options() const { return options_; }
  void set_port(std::uint16_t port) { port_ = port; }
  std::uint16_t port() const { return port_; }

  // Session lifetime, with the connection counters.
  void open_session(session& client);
  void close_session(session& client);

  // Runs one request and appends its reply (nothing for an empty request).
  void execute(session& client, std::span<const std::string_view> argv, std::string& out);
  // Leaves MULTI: drops the queue, the abort flag and every WATCH.
  void discard_transaction(session& client);
  // Runs a command that is already known to exist with a valid arity (EXEC's queue).
  void run(session& client, std::span<const std::string_view> argv, std::string& out);

  unix_ms now() const;
  void fast_forward(std::chrono::milliseconds by) { offset_ms_ += by.count(); }
  void set_clock(server::clock_function clock);

  keyspace& data() { return data_; }
  watch_table& watches() { return watches_; }
  bool requires_password() const { return !options_.requirepass.empty(); }
  server_stats& stats() { return stats_; }
  std::string_view run_id() const { return run_id_; }
  unix_ms started_at() const { return started_at_; }

 private:
  server_options options_;
  mutable std::mutex mutex_;
  mutable std::condition_variable connections_changed_;
  std::uint16_t port_ = 0;
  server::clock_function clock_;
  std::atomic<std::int64_t> offset_ms_{0};
  keyspace data_;
  watch_table watches_;
  server_stats stats_;
  std::uint64_t next_client_id_ = 1;
  std::string run_id_;
  unix_ms started_at_;
};

}  // namespace kvmock

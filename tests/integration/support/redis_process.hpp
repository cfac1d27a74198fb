#pragma once
// A real redis-server run as a child process, for differential tests against the fake.

#include <sys/types.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace kvtest {

// Full path of redis-server found on PATH, or nullopt.
std::optional<std::string> find_redis_server();

// Skips the current test when redis-server is missing, or fails it when CI=true, where a missing
// server means a broken setup rather than a developer's bare machine. Call it from SetUp() and
// return when IsSkipped() or HasFatalFailure() says so.
void require_redis_server();

class redis_process {
 public:
  // Starts redis-server on a free port of 127.0.0.1, without persistence, plus extra_args
  // (e.g. {"--requirepass", "secret"}), and returns once it is ready to accept connections.
  // Throws std::runtime_error, with redis-server's output, if it does not start.
  explicit redis_process(std::vector<std::string> extra_args = {});
  ~redis_process();
  redis_process(const redis_process&) = delete;
  redis_process& operator=(const redis_process&) = delete;

  std::uint16_t port() const { return port_; }
  // Everything redis-server logged so far, for failure messages.
  std::string log() const;

 private:
  // Spawns redis-server on port and reads its log until it is ready (true) or has exited (false).
  bool try_start(const std::string& executable, std::uint16_t port,
                 const std::vector<std::string>& extra_args);
  void stop();

  pid_t pid_ = -1;
  int log_fd_ = -1;
  std::uint16_t port_ = 0;
  mutable std::mutex log_mutex_;
  std::string log_;
  // Keeps reading the log after startup so that redis-server never blocks on a full pipe.
  std::thread log_drain_;
};

}  // namespace kvtest

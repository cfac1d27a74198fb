#include "redis_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include <gtest/gtest.h>

namespace kvtest {
namespace {

constexpr std::string_view ready_line = "Ready to accept connections";
constexpr int startup_timeout_ms = 10'000;  // a safety net against a hung start, not a delay
constexpr int port_attempts = 5;

std::runtime_error system_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

// A port that was free a moment ago. Another process may take it before redis-server binds it,
// which the caller handles by trying another.
std::uint16_t pick_free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw system_error("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const auto error = system_error("bind 127.0.0.1:0");
    ::close(fd);
    throw error;
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

std::optional<std::string> find_redis_server() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::string_view directories = path;
  while (!directories.empty()) {
    const auto colon = directories.find(':');
    std::string directory(directories.substr(0, colon));
    directories = colon == std::string_view::npos ? std::string_view{} : directories.substr(colon + 1);
    if (directory.empty()) directory = ".";
    const std::string candidate = directory + "/redis-server";
    struct stat status {};
    if (::stat(candidate.c_str(), &status) == 0 && S_ISREG(status.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

void require_redis_server() {
  if (find_redis_server()) return;
  constexpr const char* message = "redis-server not found; run scripts/setup.sh";
  const char* ci = std::getenv("CI");
  if (ci != nullptr && std::string_view(ci) == "true") {
    FAIL() << message;
  } else {
    GTEST_SKIP() << message;
  }
}

redis_process::redis_process(std::vector<std::string> extra_args) {
  const auto executable = find_redis_server();
  if (!executable) throw std::runtime_error("redis-server not found; run scripts/setup.sh");
  for (int attempt = 0; attempt < port_attempts; ++attempt) {
    const std::uint16_t port = pick_free_port();
    if (try_start(*executable, port, extra_args)) {
      port_ = port;
      log_drain_ = std::thread([this] {
        char buffer[4096];
        for (;;) {
          const ssize_t received = ::read(log_fd_, buffer, sizeof buffer);
          if (received < 0 && errno == EINTR) continue;
          if (received <= 0) return;
          const std::lock_guard lock(log_mutex_);
          log_.append(buffer, static_cast<std::size_t>(received));
        }
      });
      return;
    }
    // Only a lost race for the port is worth another try; anything else is reported as is.
    if (log().find("Address already in use") == std::string::npos) break;
  }
  throw std::runtime_error("redis-server did not start; its output:\n" + log());
}

redis_process::~redis_process() { stop(); }

std::string redis_process::log() const {
  const std::lock_guard lock(log_mutex_);
  return log_;
}

bool redis_process::try_start(const std::string& executable, std::uint16_t port,
                              const std::vector<std::string>& extra_args) {
  {
    const std::lock_guard lock(log_mutex_);
    log_.clear();  // each attempt is judged on its own output
  }
  std::vector<std::string> args = {executable,  "--port",       std::to_string(port),
                                   "--bind",    "127.0.0.1",    "--save",
                                   "",          "--appendonly", "no",
                                   "--daemonize", "no",         "--loglevel",
                                   "notice"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw system_error("pipe2");
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const auto error = system_error("fork");
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw error;
  }
  if (pid == 0) {
    // Only async-signal-safe calls here: the test process may have other threads.
    // Die with the test process, so that a crashed test leaves no server behind.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  pid_ = pid;
  log_fd_ = pipe_fds[0];

  // Read the log line by line until redis-server says it is ready, or exits (end of file).
  std::size_t line_start = 0;
  char buffer[4096];
  for (;;) {
    pollfd readable{log_fd_, POLLIN, 0};
    const int polled = ::poll(&readable, 1, startup_timeout_ms);
    if (polled < 0 && errno == EINTR) continue;
    if (polled == 0) {
      stop();
      throw std::runtime_error("redis-server was not ready after 10 s; its output:\n" + log());
    }
    const ssize_t received = ::read(log_fd_, buffer, sizeof buffer);
    if (received < 0 && errno == EINTR) continue;
    if (received <= 0) {
      stop();
      return false;
    }
    const std::lock_guard lock(log_mutex_);
    log_.append(buffer, static_cast<std::size_t>(received));
    for (auto newline = log_.find('\n', line_start); newline != std::string::npos;
         newline = log_.find('\n', line_start)) {
      const std::string_view line(log_.data() + line_start, newline - line_start);
      line_start = newline + 1;
      if (line.find(ready_line) != std::string_view::npos) return true;
    }
  }
}

void redis_process::stop() {
  if (pid_ > 0) {
    // No persistence to flush, so there is nothing a graceful shutdown would add.
    ::kill(pid_, SIGKILL);
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  // The pipe reaches end of file once the process is gone, which ends the drain thread.
  if (log_drain_.joinable()) log_drain_.join();
  if (log_fd_ >= 0) {
    ::close(log_fd_);
    log_fd_ = -1;
  }
}

}  // namespace kvtest

#pragma once
// Lua scripting as Redis 7.0 embeds it: Lua 5.1 (Debian's liblua5.1), with cjson and bit, the
// `redis` library (call, pcall, error_reply, status_reply, sha1hex, log, setresp, ...), globals
// that scripts can read but never create or change, math.random on Redis's generator, and
// Redis's conversions between Lua values and
// replies. Scripts are compiled once and kept by their SHA1 until SCRIPT FLUSH.
// Not served: Redis's `struct` and `cmsgpack` libraries (no Debian package has them for 5.1).

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

struct lua_State;

namespace kvmock {

struct command_context;

class script_runner {
 public:
  script_runner();
  ~script_runner();
  script_runner(const script_runner&) = delete;
  script_runner& operator=(const script_runner&) = delete;

  // SCRIPT LOAD and EVAL: compiles the body unless known. Returns its SHA1 (lower-case hex), or
  // empty with `error` set to Redis's compile error.
  std::string load(std::string_view body, std::string& error);
  bool exists(std::string_view sha) const;  // any case
  void flush();
  // The script or function running now, as SCRIPT KILL, FUNCTION KILL and FUNCTION STATS see
  // it. Past busy-reply-threshold it is "timed out": the server then serves its other clients
  // from the script's count hook (server_core::interrupt_script), answering BUSY to all but the
  // allow-busy commands, until the script ends or is killed.
  struct running_script {
    bool eval = false;  // EVAL family; else FCALL
    std::string_view name;  // the function's name (a script's SHA1)
    std::span<const std::string_view> command;  // as its client sent it
    std::chrono::steady_clock::time_point started;
    bool wrote = false;  // it ran a write command: it cannot be killed any more
    bool timed_out = false;
    bool killed = false;  // it raises Redis's error at its next count or line hook
  };
  running_script* running() { return running_.has_value() ? &*running_ : nullptr; }
  const running_script* running() const { return running_.has_value() ? &*running_ : nullptr; }
  // SCRIPT KILL (eval) or FUNCTION KILL: the running script is killed, or Redis's error reply
  // says why not.
  std::string_view kill(bool eval);

  // Runs a loaded script for ctx's client and writes its reply. read_only: EVAL_RO, EVALSHA_RO.
  void run(command_context& ctx, std::string_view sha, std::span<const std::string_view> keys,
           std::span<const std::string_view> args, bool read_only);

  static std::string sha1_hex(std::string_view bytes);

  // Functions (FUNCTION LOAD, FCALL): libraries whose code registers Lua functions with
  // redis.register_function when loaded. They share the scripts' Lua state (Redis gives them
  // one of their own); the globals they see at load time are Redis's load API only.
  struct function_entry {
    std::string name;  // as registered
    std::string library;
    std::optional<std::string> description;
    std::vector<std::string> flags;  // in Redis's order (no-writes, allow-oom...)
    bool no_writes = false;
  };
  struct library_entry {
    std::string code;  // as loaded, its "#!lua name=..." line included
    std::vector<std::string> functions;  // as registered, in order
  };
  // FUNCTION LOAD: the library's name, or empty with `error` set to Redis's error reply.
  std::string load_library(std::string_view code, bool replace, std::string& error);
  bool delete_library(std::string_view name);
  void flush_libraries();
  const std::map<std::string, library_entry>& libraries() const { return libraries_; }
  std::size_t function_count() const { return functions_.size(); }
  const function_entry* find_function(std::string_view name) const;  // any case
  // FCALL and FCALL_RO: runs the function with (keys, args) for ctx's client.
  void call_function(command_context& ctx, const function_entry& function, std::span<const std::string_view> keys,
                     std::span<const std::string_view> args, bool read_only);

 private:
  // Calls what push() put on the stack (the callable, then its arguments: their count) for
  // ctx's client, and writes its reply or its error (" script: <label>, on <where>.").
  template <typename Push>
  void execute(command_context& ctx, std::string_view label, bool eval, bool read_only, Push push);

  lua_State* lua_;
  std::optional<running_script> running_;
  std::unordered_set<std::string> loaded_;
  std::map<std::string, library_entry> libraries_;  // by name, case-sensitive
  std::map<std::string, function_entry> functions_;  // by lower-case name
};

}  // namespace kvmock

#pragma once
// Lua scripting as Redis 7.0 embeds it: Lua 5.1 (Debian's liblua5.1), with cjson and bit, the
// `redis` library (call, pcall, error_reply, status_reply, sha1hex, log, setresp, ...), globals
// that scripts can read but never create or change, math.random on Redis's generator, and
// Redis's conversions between Lua values and
// replies. Scripts are compiled once and kept by their SHA1 until SCRIPT FLUSH.
// Not served: Redis's `struct` and `cmsgpack` libraries (no Debian package has them for 5.1).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

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
  // Runs a loaded script for ctx's client and writes its reply. read_only: EVAL_RO, EVALSHA_RO.
  void run(command_context& ctx, std::string_view sha, std::span<const std::string_view> keys,
           std::span<const std::string_view> args, bool read_only);

  static std::string sha1_hex(std::string_view bytes);

 private:
  lua_State* lua_;
  std::unordered_set<std::string> loaded_;
};

}  // namespace kvmock

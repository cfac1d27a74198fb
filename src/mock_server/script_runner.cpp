#include "script_runner.hpp"

#include <boost/uuid/detail/sha1.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include <lua.hpp>
extern "C" {
#include <lua-bitop.h>
#include <lua-cjson.h>
}

#include "command_spec.hpp"
#include "errors.hpp"
#include "kvresp/writer.hpp"
#include "server_core.hpp"
#include "session.hpp"
#include "text.hpp"

// Lua raises errors with longjmp: a C function Lua calls must have no live C++ object with a
// destructor when it calls lua_error, and no C++ exception may cross a Lua frame. The
// functions below finish their C++ work in an inner scope, then raise.

namespace kvmock {
namespace {

constexpr const char* run_key = "kvmock_run";
constexpr const char* error_handler_key = "kvmock_error_handler";

// What redis.call needs while a script runs.
struct script_run {
  command_context* ctx = nullptr;
  session client;  // the script's own client: the caller's database, its own RESP version
  bool read_only = false;
};

script_run* current_run(lua_State* lua) {
  lua_getfield(lua, LUA_REGISTRYINDEX, run_key);
  auto* run = static_cast<script_run*>(lua_touserdata(lua, -1));
  lua_pop(lua, 1);
  return run;
}

constexpr const char* prng_key = "kvmock_prng";

// Redis's PRNG for scripts (rand.c): the 48-bit LCG of drand48. Its state lives in the Lua
// state's registry, so that servers on different threads never share it.
std::uint64_t& prng_state(lua_State* lua) {
  lua_getfield(lua, LUA_REGISTRYINDEX, prng_key);
  auto* state = static_cast<std::uint64_t*>(lua_touserdata(lua, -1));
  lua_pop(lua, 1);
  return *state;
}

void prng_seed(lua_State* lua, std::int32_t seed) {
  prng_state(lua) = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(seed)) << 16) | 0x330E;
}

std::int32_t prng_next(lua_State* lua) {
  std::uint64_t& state = prng_state(lua);
  state = (state * 0x5DEECE66DULL + 0xB) & ((1ULL << 48) - 1);
  return static_cast<std::int32_t>(state >> 17);
}

int math_random(lua_State* lua) {
  constexpr std::int32_t max = INT32_MAX;
  const lua_Number r = static_cast<lua_Number>(prng_next(lua) % max) / static_cast<lua_Number>(max);
  switch (lua_gettop(lua)) {
    case 0:
      lua_pushnumber(lua, r);
      break;
    case 1: {
      const int upper = luaL_checkint(lua, 1);
      luaL_argcheck(lua, 1 <= upper, 1, "interval is empty");
      lua_pushnumber(lua, std::floor(r * upper) + 1);
      break;
    }
    case 2: {
      const int lower = luaL_checkint(lua, 1);
      const int upper = luaL_checkint(lua, 2);
      luaL_argcheck(lua, lower <= upper, 2, "interval is empty");
      lua_pushnumber(lua, std::floor(r * (upper - lower + 1)) + lower);
      break;
    }
    default:
      return luaL_error(lua, "wrong number of arguments");
  }
  return 1;
}

int math_randomseed(lua_State* lua) {
  prng_seed(lua, luaL_checkint(lua, 1));
  return 0;
}

// An error as redis.pcall returns it: {err = "CODE message"}; `text` is "-CODE message\r\n" (a
// reply) or a bare message, which gets the code ERR.
void push_error_table(lua_State* lua, std::string_view text) {
  std::string code = "ERR";
  std::string message(text);
  if (!message.empty() && message.front() == '-') {
    const auto space = message.find(' ');
    if (space == std::string::npos) {
      message.erase(0, 1);
    } else {
      code = message.substr(1, space - 1);
      message.erase(0, space + 1);
    }
  }
  while (!message.empty() && (message.back() == '\r' || message.back() == '\n')) message.pop_back();
  const std::string full = code + " " + message;
  lua_newtable(lua);
  lua_pushstring(lua, "err");
  lua_pushlstring(lua, full.data(), full.size());
  lua_settable(lua, -3);
}

// Raises an error of the redis library as Redis does (luaPushError, luaError): a table
// {err = "ERR message"}, with no position in front of the message.
int raise_error(lua_State* lua, std::string_view message) {
  push_error_table(lua, message);
  return lua_error(lua);
}

// One reply the command wrote, from `at`, as a Lua value on the stack (Redis's
// redisProtocolToLuaType). Returns where the next reply starts.
std::size_t push_reply(lua_State* lua, std::string_view reply, std::size_t at) {
  lua_checkstack(lua, 4);
  const char type = reply[at];
  const std::size_t line_end = reply.find("\r\n", at);
  const std::string_view line = reply.substr(at + 1, line_end - at - 1);
  std::size_t next = line_end + 2;
  const auto number = [&] { return std::strtoll(std::string(line).c_str(), nullptr, 10); };
  switch (type) {
    case ':':
      lua_pushnumber(lua, static_cast<lua_Number>(number()));
      return next;
    case '+':
      lua_newtable(lua);
      lua_pushstring(lua, "ok");
      lua_pushlstring(lua, line.data(), line.size());
      lua_settable(lua, -3);
      return next;
    case '-':
      push_error_table(lua, std::string("-") + std::string(line));
      return next;
    case '$':
    case '=': {
      const long long length = number();
      if (length < 0) {
        lua_pushboolean(lua, 0);
        return next;
      }
      const std::string_view body = reply.substr(next, static_cast<std::size_t>(length));
      if (type == '$') {
        lua_pushlstring(lua, body.data(), body.size());
      } else {  // verbatim: {verbatim_string = {format = "txt", string = ...}}
        lua_newtable(lua);
        lua_pushstring(lua, "verbatim_string");
        lua_newtable(lua);
        lua_pushstring(lua, "string");
        lua_pushlstring(lua, body.data() + 4, body.size() - 4);
        lua_settable(lua, -3);
        lua_pushstring(lua, "format");
        lua_pushlstring(lua, body.data(), 3);
        lua_settable(lua, -3);
        lua_settable(lua, -3);
      }
      return next + static_cast<std::size_t>(length) + 2;
    }
    case '_':
      lua_pushnil(lua);
      return next;
    case '#':
      lua_pushboolean(lua, line == "t");
      return next;
    case ',':
      lua_newtable(lua);
      lua_pushstring(lua, "double");
      lua_pushnumber(lua, std::strtod(std::string(line).c_str(), nullptr));
      lua_settable(lua, -3);
      return next;
    case '(':
      lua_newtable(lua);
      lua_pushstring(lua, "big_number");
      lua_pushlstring(lua, line.data(), line.size());
      lua_settable(lua, -3);
      return next;
    case '*':
    case '>': {
      const long long count = number();
      if (count < 0) {
        lua_pushboolean(lua, 0);
        return next;
      }
      lua_newtable(lua);
      for (long long i = 1; i <= count; ++i) {
        lua_pushnumber(lua, static_cast<lua_Number>(i));
        next = push_reply(lua, reply, next);
        lua_settable(lua, -3);
      }
      return next;
    }
    case '%':
    case '~': {
      const long long count = number();
      lua_newtable(lua);
      lua_pushstring(lua, type == '%' ? "map" : "set");
      lua_newtable(lua);
      for (long long i = 0; i < count; ++i) {
        next = push_reply(lua, reply, next);
        if (type == '%') {
          next = push_reply(lua, reply, next);
        } else {
          lua_pushboolean(lua, 1);
        }
        lua_settable(lua, -3);
      }
      lua_settable(lua, -3);
      return next;
    }
    default:
      lua_pushboolean(lua, 0);
      return next;
  }
}

// redis.call and redis.pcall: the command's reply as a Lua value; an error reply raised (call)
// or returned as {err = ...} (pcall).
int redis_command(lua_State* lua, bool raise) {
  bool failed = false;
  {
    script_run* run = current_run(lua);
    const int argc = lua_gettop(lua);
    std::vector<std::string> args;
    bool bad_argument = false;
    for (int i = 1; i <= argc; ++i) {
      if (lua_type(lua, i) == LUA_TNUMBER) {
        // Not lua_tostring: its format loses precision.
        char text[64];
        const int n = std::snprintf(text, sizeof text, "%.17g", static_cast<double>(lua_tonumber(lua, i)));
        args.emplace_back(text, static_cast<std::size_t>(n));
      } else if (lua_type(lua, i) == LUA_TSTRING) {
        std::size_t length = 0;
        const char* text = lua_tolstring(lua, i, &length);
        args.emplace_back(text, length);
      } else {
        bad_argument = true;
        break;
      }
    }
    lua_pop(lua, argc);
    if (run == nullptr) {
      push_error_table(lua, "redis.call/pcall can only be called inside a script invocation");
      failed = true;
    } else if (argc == 0) {
      push_error_table(lua, "Please specify at least one argument for this redis lib call");
      failed = true;
    } else if (bad_argument) {
      push_error_table(lua, "Lua redis lib command arguments must be strings or integers");
      failed = true;
    } else {
      const std::vector<std::string_view> argv(args.begin(), args.end());
      std::string reply;
      const std::string_view refused = run->ctx->core.run_from_script(run->client, argv, reply, run->read_only);
      if (!refused.empty()) {
        push_error_table(lua, refused);
        failed = true;
      } else {
        push_reply(lua, reply, 0);
        failed = !reply.empty() && reply.front() == '-';
      }
    }
  }
  if (failed && raise) return lua_error(lua);
  return 1;
}

// A Lua array of the strings (KEYS, ARGV, a function's keys and args), pushed on the stack.
void push_strings(lua_State* lua, std::span<const std::string_view> values) {
  lua_createtable(lua, static_cast<int>(values.size()), 0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    lua_pushlstring(lua, values[i].data(), values[i].size());
    lua_rawseti(lua, -2, static_cast<int>(i + 1));
  }
}

// redis.LOG_*: in the scripts' redis library and in the load API of functions.
constexpr std::pair<const char*, int> log_levels[] = {
    {"LOG_DEBUG", 0}, {"LOG_VERBOSE", 1}, {"LOG_NOTICE", 2}, {"LOG_WARNING", 3}};

// Redis's interval between two count hooks, in Lua instructions.
constexpr int hook_interval = 100000;

// While a script runs: gives the server its chance to answer the other clients once the
// script is busy (server_core::interrupt_script). A killed script raises Redis's error, and
// the hook then fires at every line, so that a pcall in the script cannot catch it for good.
void interrupt_hook(lua_State* lua, lua_Debug*) {
  script_run* run = current_run(lua);
  if (run == nullptr || !run->ctx->core.interrupt_script()) return;
  lua_sethook(lua, interrupt_hook, LUA_MASKLINE, 0);
  raise_error(lua, errors::script_killed);
}

// Redis 7.0's pcall: as Lua's, but an error raised as a table with a string `err` (redis.call's,
// a killed script's) comes back as that string. The first slot holds the status.
int protected_call(lua_State* lua) {
  const int arguments = lua_gettop(lua) - 1;  // -1 with nothing to call: Lua then calls the status
  lua_pushboolean(lua, 1);
  lua_insert(lua, 1);
  if (lua_pcall(lua, arguments, LUA_MULTRET, 0) != 0) {
    if (lua_istable(lua, -1)) {
      lua_getfield(lua, -1, "err");
      if (lua_isstring(lua, -1)) {
        lua_replace(lua, -2);
      } else {
        lua_pop(lua, 1);
      }
    }
    lua_pushboolean(lua, 0);
    lua_replace(lua, 1);
  }
  return lua_gettop(lua);
}

int redis_call(lua_State* lua) { return redis_command(lua, true); }
int redis_pcall(lua_State* lua) { return redis_command(lua, false); }

int redis_error_reply(lua_State* lua) {
  if (lua_gettop(lua) != 1 || lua_type(lua, -1) != LUA_TSTRING) {
    return raise_error(lua, "wrong number or type of arguments");
  }
  {
    std::string text = lua_tostring(lua, -1);
    if (text.empty() || text.front() != '-') text.insert(0, "-");
    push_error_table(lua, text);
  }
  return 1;
}

int redis_status_reply(lua_State* lua) {
  if (lua_gettop(lua) != 1 || lua_type(lua, -1) != LUA_TSTRING) {
    return raise_error(lua, "wrong number or type of arguments");
  }
  lua_newtable(lua);
  lua_pushstring(lua, "ok");
  lua_pushvalue(lua, -3);
  lua_settable(lua, -3);
  return 1;
}

int redis_sha1hex(lua_State* lua) {
  if (lua_gettop(lua) != 1) return raise_error(lua, "wrong number of arguments");
  {
    std::size_t length = 0;
    const char* text = lua_tolstring(lua, 1, &length);
    const std::string hex = script_runner::sha1_hex(std::string_view(text == nullptr ? "" : text, length));
    lua_pushlstring(lua, hex.data(), hex.size());
  }
  return 1;
}

// redis.log(level, message...): kvmock keeps no log file; the levels are checked as Redis does.
int redis_log(lua_State* lua) {
  if (lua_gettop(lua) < 2) return raise_error(lua, "redis.log() requires two arguments or more.");
  if (!lua_isnumber(lua, 1)) return raise_error(lua, "First argument must be a number (log level).");
  const int level = static_cast<int>(lua_tonumber(lua, 1));
  if (level < 0 || level > 3) return raise_error(lua, "Invalid debug level.");
  return 0;
}

int redis_setresp(lua_State* lua) {
  if (lua_gettop(lua) != 1) return raise_error(lua, "redis.setresp() requires one argument.");
  const int resp = static_cast<int>(lua_tonumber(lua, 1));
  if (resp != 2 && resp != 3) return raise_error(lua, "RESP version must be 2 or 3.");
  if (script_run* run = current_run(lua)) run->client.protocol = resp;
  return 0;
}

int missing_global(lua_State* lua) {
  return luaL_error(lua, "Script attempted to access nonexistent global variable '%s'", luaL_checkstring(lua, 2));
}

int readonly_table(lua_State* lua) { return luaL_error(lua, "Attempt to modify a readonly table"); }

// Replaces the table on top of the stack with a proxy whose reads fall through to it and whose
// writes fail with Redis 7.0's message; its metatable is hidden.
void replace_with_readonly_proxy(lua_State* lua) {
  lua_newtable(lua);  // the proxy
  lua_newtable(lua);  // its metatable
  lua_pushvalue(lua, -3);
  lua_setfield(lua, -2, "__index");
  lua_pushcfunction(lua, readonly_table);
  lua_setfield(lua, -2, "__newindex");
  lua_pushboolean(lua, 0);
  lua_setfield(lua, -2, "__metatable");
  lua_setmetatable(lua, -2);
  lua_replace(lua, -2);
}

// setmetatable, refusing the globals as Redis's read-only tables do.
int guarded_setmetatable(lua_State* lua) {
  if (lua_rawequal(lua, 1, LUA_GLOBALSINDEX)) {
    lua_pushstring(lua, "Attempt to modify a readonly table");  // no position, as in Redis
    return lua_error(lua);
  }
  lua_getfield(lua, LUA_REGISTRYINDEX, "kvmock_setmetatable");
  lua_insert(lua, 1);
  lua_call(lua, lua_gettop(lua) - 1, LUA_MULTRET);
  return lua_gettop(lua);
}

int redis_true(lua_State* lua) {
  lua_pushboolean(lua, 1);
  return 1;
}

int redis_nothing(lua_State*) { return 0; }

// The script's return value (top of the stack) as a reply in the caller's protocol
// (luaReplyToRedisReply); pops it.
void write_reply(lua_State* lua, reply_writer& out, int script_resp) {
  lua_checkstack(lua, 4);
  switch (lua_type(lua, -1)) {
    case LUA_TSTRING: {
      std::size_t length = 0;
      const char* text = lua_tolstring(lua, -1, &length);
      out.bulk(std::string_view(text, length));
      break;
    }
    case LUA_TBOOLEAN:
      if (script_resp == 2) {
        if (lua_toboolean(lua, -1)) {
          out.integer(1);
        } else {
          out.null();
        }
      } else {
        out.boolean(lua_toboolean(lua, -1) != 0);
      }
      break;
    case LUA_TNUMBER:
      out.integer(static_cast<long long>(lua_tonumber(lua, -1)));
      break;
    case LUA_TTABLE: {
      const auto field = [&](const char* name, int type) {
        lua_pushstring(lua, name);
        lua_rawget(lua, -2);
        if (lua_type(lua, -1) == type) return true;
        lua_pop(lua, 1);
        return false;
      };
      const auto flat = [](std::string text) {
        for (char& c : text) {
          if (c == '\r' || c == '\n') c = ' ';
        }
        return text;
      };
      if (field("err", LUA_TSTRING)) {
        out.raw("-" + flat(lua_tostring(lua, -1)) + "\r\n");
        lua_pop(lua, 1);
      } else if (field("ok", LUA_TSTRING)) {
        out.status(flat(lua_tostring(lua, -1)));
        lua_pop(lua, 1);
      } else if (field("double", LUA_TNUMBER)) {
        out.double_value(lua_tonumber(lua, -1));
        lua_pop(lua, 1);
      } else if (field("big_number", LUA_TSTRING)) {
        out.big_number(flat(lua_tostring(lua, -1)));
        lua_pop(lua, 1);
      } else if (field("map", LUA_TTABLE)) {
        std::string body;
        std::size_t pairs = 0;
        reply_writer inner(body, out.protocol());
        lua_pushnil(lua);
        while (lua_next(lua, -2) != 0) {
          lua_pushvalue(lua, -2);
          write_reply(lua, inner, script_resp);  // the key
          write_reply(lua, inner, script_resp);  // the value
          ++pairs;
        }
        out.map(pairs);
        out.raw(body);
        lua_pop(lua, 1);
      } else if (field("set", LUA_TTABLE)) {
        std::string body;
        std::size_t members = 0;
        reply_writer inner(body, out.protocol());
        lua_pushnil(lua);
        while (lua_next(lua, -2) != 0) {
          lua_pop(lua, 1);
          lua_pushvalue(lua, -1);
          write_reply(lua, inner, script_resp);
          ++members;
        }
        out.set(members);
        out.raw(body);
        lua_pop(lua, 1);
      } else {
        // An array: elements 1, 2, ... up to the first nil.
        std::string body;
        std::size_t elements = 0;
        reply_writer inner(body, out.protocol());
        for (int i = 1;; ++i) {
          lua_rawgeti(lua, -1, i);
          if (lua_isnil(lua, -1)) {
            lua_pop(lua, 1);
            break;
          }
          write_reply(lua, inner, script_resp);
          ++elements;
        }
        out.array(elements);
        out.raw(body);
      }
      break;
    }
    default:
      out.null();
  }
  lua_pop(lua, 1);
}

// ---- Functions: what FUNCTION LOAD's code registers ----

constexpr const char* loading_key = "kvmock_loading";          // the load_context while loading
constexpr const char* load_api_key = "kvmock_load_api";        // the globals seen while loading
constexpr const char* function_env_key = "kvmock_function_env";  // the functions' globals table
constexpr const char* callbacks_key = "kvmock_callbacks";      // lower-case name -> callback

struct registered_function {
  std::string name;
  std::optional<std::string> description;
  std::vector<std::string> flags;
};

// What redis.register_function collects during one library's load; the callbacks wait in a
// registry table, by position.
struct load_context {
  std::vector<registered_function> functions;
};

constexpr const char* pending_key = "kvmock_pending_callbacks";

constexpr std::string_view function_flags[] = {"no-writes", "allow-oom", "allow-stale", "no-cluster",
                                               "allow-cross-slot-keys"};

bool valid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
         });
}

// Adds the function (its callback on top of the stack, popped) to the load; an error message,
// or empty.
std::string add_registered(lua_State* lua, load_context& load, registered_function function) {
  if (!valid_name(function.name)) {
    return "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";
  }
  for (const auto& existing : load.functions) {
    if (existing.name == function.name) return "Function already exists in the library";
  }
  lua_getfield(lua, LUA_REGISTRYINDEX, pending_key);
  lua_pushvalue(lua, -2);
  lua_rawseti(lua, -2, static_cast<int>(load.functions.size() + 1));
  lua_pop(lua, 2);
  load.functions.push_back(std::move(function));
  return {};
}

int register_function(lua_State* lua) {
  bool failed = false;
  {
    std::string error;
    lua_getfield(lua, LUA_REGISTRYINDEX, loading_key);
    auto* load = static_cast<load_context*>(lua_touserdata(lua, -1));
    lua_pop(lua, 1);
    const int argc = lua_gettop(lua);
    registered_function function;
    if (load == nullptr) {
      error = "redis.register_function can only be called on FUNCTION LOAD command";
    } else if (argc != 1 && argc != 2) {
      error = "wrong number of arguments to redis.register_function";
    } else if (argc == 2) {
      if (!lua_isstring(lua, 1)) {
        error = "first argument to redis.register_function must be a string";
      } else if (!lua_isfunction(lua, 2)) {
        error = "second argument to redis.register_function must be a function";
      } else {
        function.name = lua_tostring(lua, 1);
        lua_pushvalue(lua, 2);
        error = add_registered(lua, *load, std::move(function));
      }
    } else if (!lua_istable(lua, 1)) {
      error = "calling redis.register_function with a single argument is only applicable to Lua table (representing "
              "named arguments).";
    } else {
      bool named = false;
      bool has_callback = false;
      lua_pushnil(lua);
      while (error.empty() && lua_next(lua, 1) != 0) {
        // key at -2, value at -1
        if (!lua_isstring(lua, -2)) {
          error = "named argument key given to redis.register_function is not a string";
        } else {
          // A copy of the key: lua_tostring turns a number into a string in place, which would
          // derail lua_next.
          lua_pushvalue(lua, -2);
          const std::string key = to_lower(lua_tostring(lua, -1));
          lua_pop(lua, 1);
          if (key == "function_name") {
            if (lua_isstring(lua, -1)) {
              function.name = lua_tostring(lua, -1);
              named = true;
            } else {
              error = "function_name argument given to redis.register_function must be a string";
            }
          } else if (key == "description") {
            if (lua_isstring(lua, -1)) {
              function.description = lua_tostring(lua, -1);
            } else {
              error = "description argument given to redis.register_function must be a string";
            }
          } else if (key == "callback") {
            if (lua_isfunction(lua, -1)) {
              lua_pushvalue(lua, -1);
              lua_setfield(lua, LUA_REGISTRYINDEX, "kvmock_named_callback");
              has_callback = true;
            } else {
              error = "callback argument given to redis.register_function must be a function";
            }
          } else if (key == "flags") {
            if (!lua_istable(lua, -1)) {
              error = "flags argument to redis.register_function must be a table representing function flags";
            } else {
              std::vector<bool> given(std::size(function_flags), false);
              for (int j = 1;; ++j) {
                lua_rawgeti(lua, -1, j);
                if (lua_isnil(lua, -1)) {
                  lua_pop(lua, 1);
                  break;
                }
                const char* flag = lua_isstring(lua, -1) ? lua_tostring(lua, -1) : nullptr;
                std::size_t known = std::size(function_flags);
                for (std::size_t f = 0; flag != nullptr && f < std::size(function_flags); ++f) {
                  if (equals_ignore_case(flag, function_flags[f])) known = f;
                }
                lua_pop(lua, 1);
                if (known == std::size(function_flags)) {
                  error = "unknown flag given";
                  break;
                }
                given[known] = true;
              }
              for (std::size_t f = 0; f < given.size(); ++f) {
                if (given[f]) function.flags.emplace_back(function_flags[f]);
              }
            }
          } else {
            error = "unknown argument given to redis.register_function";
          }
        }
        lua_pop(lua, 1);
      }
      if (!error.empty()) {
        lua_pop(lua, 1);  // the key lua_next left
      } else if (!named) {
        error = "redis.register_function must get a function name argument";
      } else if (!has_callback) {
        error = "redis.register_function must get a callback argument";
      } else {
        lua_getfield(lua, LUA_REGISTRYINDEX, "kvmock_named_callback");
        error = add_registered(lua, *load, std::move(function));
      }
    }
    if (!error.empty()) {
      push_error_table(lua, error);
      failed = true;
    }
  }
  return failed ? lua_error(lua) : 0;
}

// The first line's "#!<engine> name=<library>": Redis's checks, in its order.
std::string parse_library_metadata(std::string_view code, std::string& name, std::string& error) {
  if (!code.starts_with("#!")) {
    error = "ERR Missing library metadata";
    return {};
  }
  const auto line_end = code.find('\n');
  if (line_end == std::string_view::npos) {
    error = "ERR Invalid library metadata";
    return {};
  }
  std::vector<std::string> parts;
  std::string_view line = code.substr(0, line_end);
  while (!line.empty()) {
    const auto space = line.find_first_of(" \t\r");
    if (space != 0) parts.emplace_back(line.substr(0, space));
    if (space == std::string_view::npos) break;
    line.remove_prefix(space + 1);
  }
  if (parts.empty()) {
    error = "ERR Invalid library metadata";
    return {};
  }
  bool named = false;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].size() >= 5 && equals_ignore_case(std::string_view(parts[i]).substr(0, 5), "name=")) {
      if (named) {
        error = "ERR Invalid metadata value, name argument was given multiple times";
        return {};
      }
      name = parts[i].substr(5);
      named = true;
    } else {
      error = "ERR Invalid metadata value given: " + parts[i];
      return {};
    }
  }
  if (!named) {
    error = "ERR Library name was not given";
    return {};
  }
  return parts[0].substr(2);  // the engine
}

// Lua code run once at start: the error handler that notes where an error came from (Redis's
// __redis__err__handler), and the globals made read-only.
constexpr const char* setup_code = R"lua(
local dbg = debug
local handler = function (err)
  local i = dbg.getinfo(2, 'nSl')
  if i and i.what == 'C' then
    i = dbg.getinfo(3, 'nSl')
  end
  if type(err) ~= 'table' then
    err = {err = 'ERR ' .. tostring(err)}
  end
  if i then
    err['source'] = i.source
    err['line'] = i.currentline
  end
  return err
end
return handler
)lua";

}  // namespace

std::string script_runner::sha1_hex(std::string_view bytes) {
  boost::uuids::detail::sha1 hash;
  hash.process_bytes(bytes.data(), bytes.size());
  unsigned int digest[5];
  hash.get_digest(digest);
  char hex[41];
  for (int i = 0; i < 5; ++i) std::snprintf(hex + i * 8, 9, "%08x", digest[i]);
  return std::string(hex, 40);
}

script_runner::script_runner() : lua_(luaL_newstate()) {
  lua_State* lua = lua_;
  const std::pair<const char*, lua_CFunction> libraries[] = {
      {"", luaopen_base},           {LUA_TABLIBNAME, luaopen_table}, {LUA_STRLIBNAME, luaopen_string},
      {LUA_MATHLIBNAME, luaopen_math}, {LUA_DBLIBNAME, luaopen_debug},
  };
  for (const auto& [name, open] : libraries) {
    lua_pushcfunction(lua, open);
    lua_pushstring(lua, name);
    lua_call(lua, 1, 0);
  }
  lua_pushcfunction(lua, luaopen_cjson);
  lua_call(lua, 0, 1);
  lua_setglobal(lua, "cjson");
  lua_pushcfunction(lua, luaopen_bit);
  lua_call(lua, 0, 0);
  // Redis removes these from the sandbox.
  for (const char* name : {"dofile", "loadfile", "print"}) {
    lua_pushnil(lua);
    lua_setglobal(lua, name);
  }
  // A full userdata: Lua owns (and frees) the generator's state.
  *static_cast<std::uint64_t*>(lua_newuserdata(lua, sizeof(std::uint64_t))) = 0;
  lua_setfield(lua, LUA_REGISTRYINDEX, prng_key);
  prng_seed(lua, 0);
  lua_getglobal(lua, "math");
  lua_pushcfunction(lua, math_random);
  lua_setfield(lua, -2, "random");
  lua_pushcfunction(lua, math_randomseed);
  lua_setfield(lua, -2, "randomseed");
  lua_pop(lua, 1);
  lua_pushcfunction(lua, protected_call);
  lua_setglobal(lua, "pcall");

  lua_newtable(lua);
  const std::pair<const char*, lua_CFunction> functions[] = {
      {"call", redis_call},           {"pcall", redis_pcall},
      {"error_reply", redis_error_reply}, {"status_reply", redis_status_reply},
      {"sha1hex", redis_sha1hex},     {"log", redis_log},
      {"setresp", redis_setresp},     {"replicate_commands", redis_true},
      {"set_repl", redis_nothing},
  };
  for (const auto& [name, function] : functions) {
    lua_pushcfunction(lua, function);
    lua_setfield(lua, -2, name);
  }
  const std::pair<const char*, int> replication[] = {
      {"REPL_NONE", 0}, {"REPL_AOF", 1}, {"REPL_SLAVE", 2}, {"REPL_REPLICA", 2}, {"REPL_ALL", 3},
  };
  using constant_table = std::span<const std::pair<const char*, int>>;
  for (const constant_table constants : {constant_table(log_levels), constant_table(replication)}) {
    for (const auto& [name, value] : constants) {
      lua_pushnumber(lua, value);
      lua_setfield(lua, -2, name);
    }
  }
  lua_setglobal(lua, "redis");

  luaL_loadstring(lua, setup_code);
  lua_call(lua, 0, 1);
  lua_setfield(lua, LUA_REGISTRYINDEX, error_handler_key);
  lua_pushnil(lua);
  lua_setglobal(lua, "debug");  // only the error handler keeps it

  // Read-only globals: scripts see a proxy whose reads fall through to the real table (and fail
  // for a name it lacks) and whose writes fail, with Redis 7.0's messages. The failing
  // metamethods are C functions, so that the error handler reports the script's line. The
  // libraries are read-only the same way, so no script can break them for the next one.
  for (const char* library : {"redis", "string", "table", "math", "cjson", "bit", "coroutine"}) {
    lua_getglobal(lua, library);
    replace_with_readonly_proxy(lua);
    lua_setglobal(lua, library);
  }
  lua_pushvalue(lua, LUA_GLOBALSINDEX);
  lua_setfield(lua, LUA_REGISTRYINDEX, "kvmock_globals");  // the real table, for KEYS and ARGV
  lua_newtable(lua);  // the real table's metatable
  lua_pushcfunction(lua, missing_global);
  lua_setfield(lua, -2, "__index");
  lua_setmetatable(lua, LUA_GLOBALSINDEX);
  lua_pushvalue(lua, LUA_GLOBALSINDEX);
  replace_with_readonly_proxy(lua);
  lua_getfield(lua, LUA_GLOBALSINDEX, "setmetatable");
  lua_setfield(lua, LUA_REGISTRYINDEX, "kvmock_setmetatable");
  lua_pushcfunction(lua, guarded_setmetatable);
  lua_setfield(lua, LUA_GLOBALSINDEX, "setmetatable");
  lua_pushvalue(lua, -1);
  lua_setfield(lua, LUA_GLOBALSINDEX, "_G");
  lua_replace(lua, LUA_GLOBALSINDEX);

  // Functions. While a library loads, its globals are Redis's load API alone: `redis` with
  // register_function, log and the constants; any other name fails as a missing global.
  lua_newtable(lua);  // the load API's globals
  lua_newtable(lua);  // its redis table
  lua_pushcfunction(lua, register_function);
  lua_setfield(lua, -2, "register_function");
  lua_pushcfunction(lua, redis_log);
  lua_setfield(lua, -2, "log");
  for (const auto& [name, value] : log_levels) {
    lua_pushnumber(lua, value);
    lua_setfield(lua, -2, name);
  }
  lua_pushstring(lua, "7.0.15");
  lua_setfield(lua, -2, "REDIS_VERSION");
  lua_pushnumber(lua, (7 << 16) | 15);
  lua_setfield(lua, -2, "REDIS_VERSION_NUM");
  for (int table = 0; table < 2; ++table) {  // redis, then the globals: a missing name fails
    lua_newtable(lua);
    lua_pushcfunction(lua, missing_global);
    lua_setfield(lua, -2, "__index");
    lua_setmetatable(lua, -2);
    replace_with_readonly_proxy(lua);
    if (table == 0) lua_setfield(lua, -2, "redis");
  }
  lua_setfield(lua, LUA_REGISTRYINDEX, load_api_key);
  // The functions' globals: reads go to the load API while loading, to the scripts' read-only
  // globals when called; writes fail.
  lua_newtable(lua);
  lua_newtable(lua);
  lua_pushvalue(lua, LUA_GLOBALSINDEX);
  lua_setfield(lua, -2, "__index");
  lua_pushcfunction(lua, readonly_table);
  lua_setfield(lua, -2, "__newindex");
  lua_setmetatable(lua, -2);
  lua_setfield(lua, LUA_REGISTRYINDEX, function_env_key);
  lua_newtable(lua);
  lua_setfield(lua, LUA_REGISTRYINDEX, callbacks_key);
}

namespace {

// Points the functions' globals at the load API (loading) or at the scripts' globals.
void function_globals(lua_State* lua, bool loading) {
  lua_getfield(lua, LUA_REGISTRYINDEX, function_env_key);
  lua_getmetatable(lua, -1);
  if (loading) {
    lua_getfield(lua, LUA_REGISTRYINDEX, load_api_key);
  } else {
    lua_pushvalue(lua, LUA_GLOBALSINDEX);
  }
  lua_setfield(lua, -2, "__index");
  lua_pop(lua, 2);
}

}  // namespace

std::string script_runner::load_library(std::string_view code, bool replace, std::string& error) {
  std::string name;
  const std::string engine = parse_library_metadata(code, name, error);
  if (!error.empty()) return {};
  if (!valid_name(name)) {
    error = "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one "
            "character long";
    return {};
  }
  if (!equals_ignore_case(engine, "lua")) {
    error = "ERR Engine '" + engine + "' not found";
    return {};
  }
  const auto existing = libraries_.find(name);
  if (existing != libraries_.end() && !replace) {
    error = "ERR Library '" + name + "' already exists";
    return {};
  }
  lua_State* lua = lua_;
  const std::string_view body = code.substr(code.find('\n'));  // line 1 stays line 1
  if (luaL_loadbuffer(lua, body.data(), body.size(), "@user_function") != 0) {
    error = std::string("ERR Error compiling function: ") + lua_tostring(lua, -1);
    lua_pop(lua, 1);
    return {};
  }
  lua_getfield(lua, LUA_REGISTRYINDEX, function_env_key);
  lua_setfenv(lua, -2);
  load_context load;
  lua_newtable(lua);
  lua_setfield(lua, LUA_REGISTRYINDEX, pending_key);
  lua_pushlightuserdata(lua, &load);
  lua_setfield(lua, LUA_REGISTRYINDEX, loading_key);
  function_globals(lua, true);
  const int status = lua_pcall(lua, 0, 0, 0);
  function_globals(lua, false);
  lua_pushnil(lua);
  lua_setfield(lua, LUA_REGISTRYINDEX, loading_key);
  if (status != 0) {
    std::string message;
    if (lua_istable(lua, -1)) {
      lua_getfield(lua, -1, "err");
      message = lua_isstring(lua, -1) ? lua_tostring(lua, -1) : "ERR unknown error";
      lua_pop(lua, 1);
    } else {
      const char* text = lua_tostring(lua, -1);
      message = std::string("ERR ") + (text == nullptr ? "unknown error" : text);
    }
    lua_pop(lua, 1);
    error = "ERR Error registering functions: " + message;
    return {};
  }
  if (load.functions.empty()) {
    error = "ERR No functions registered";
    return {};
  }
  for (const auto& function : load.functions) {
    const auto found = functions_.find(to_lower(function.name));
    if (found != functions_.end() && found->second.library != name) {
      error = "ERR Function " + function.name + " already exists";
      return {};
    }
  }
  if (existing != libraries_.end()) delete_library(name);
  library_entry library{std::string(code), {}};
  lua_getfield(lua, LUA_REGISTRYINDEX, callbacks_key);
  lua_getfield(lua, LUA_REGISTRYINDEX, pending_key);
  for (std::size_t i = 0; i < load.functions.size(); ++i) {
    auto& function = load.functions[i];
    const std::string lower = to_lower(function.name);
    lua_rawgeti(lua, -1, static_cast<int>(i + 1));
    lua_setfield(lua, -3, lower.c_str());
    const bool no_writes = std::find(function.flags.begin(), function.flags.end(), "no-writes") != function.flags.end();
    library.functions.push_back(function.name);
    functions_[lower] = function_entry{function.name, name, std::move(function.description), std::move(function.flags),
                                       no_writes};
  }
  lua_pop(lua, 2);
  lua_pushnil(lua);
  lua_setfield(lua, LUA_REGISTRYINDEX, pending_key);
  libraries_.emplace(name, std::move(library));
  return name;
}

bool script_runner::delete_library(std::string_view name) {
  const auto found = libraries_.find(std::string(name));
  if (found == libraries_.end()) return false;
  lua_getfield(lua_, LUA_REGISTRYINDEX, callbacks_key);
  for (const auto& function : found->second.functions) {
    const std::string lower = to_lower(function);
    lua_pushnil(lua_);
    lua_setfield(lua_, -2, lower.c_str());
    functions_.erase(lower);
  }
  lua_pop(lua_, 1);
  libraries_.erase(found);
  return true;
}

void script_runner::flush_libraries() {
  while (!libraries_.empty()) delete_library(std::string(libraries_.begin()->first));
  lua_gc(lua_, LUA_GCCOLLECT, 0);
}

const script_runner::function_entry* script_runner::find_function(std::string_view name) const {
  const auto found = functions_.find(to_lower(name));
  return found == functions_.end() ? nullptr : &found->second;
}

void script_runner::call_function(command_context& ctx, const function_entry& function,
                                  std::span<const std::string_view> keys, std::span<const std::string_view> args,
                                  bool read_only) {
  const std::string lower = to_lower(function.name);
  execute(ctx, function.name, false, read_only || function.no_writes, [&](lua_State* lua) {
    lua_getfield(lua, LUA_REGISTRYINDEX, callbacks_key);
    lua_getfield(lua, -1, lower.c_str());
    lua_remove(lua, -2);
    push_strings(lua, keys);
    push_strings(lua, args);
    return 2;
  });
}

script_runner::~script_runner() { lua_close(lua_); }

std::string_view script_runner::kill(bool eval) {
  if (!running_) return errors::no_script_running;
  if (running_->wrote) return errors::script_unkillable;
  if (eval != running_->eval) return running_->eval ? errors::busy_script : errors::busy_function;
  running_->killed = true;
  return {};
}

std::string script_runner::load(std::string_view body, std::string& error) {
  std::string sha = sha1_hex(body);
  if (loaded_.contains(sha)) return sha;
  if (luaL_loadbuffer(lua_, body.data(), body.size(), "@user_script") != 0) {
    error = std::string("ERR Error compiling script (new function): ") + lua_tostring(lua_, -1);
    lua_pop(lua_, 1);
    return {};
  }
  lua_setfield(lua_, LUA_REGISTRYINDEX, ("f_" + sha).c_str());
  loaded_.insert(sha);
  return sha;
}

bool script_runner::exists(std::string_view sha) const {
  return loaded_.contains(to_lower(sha));
}

void script_runner::flush() {
  for (const auto& sha : loaded_) {
    lua_pushnil(lua_);
    lua_setfield(lua_, LUA_REGISTRYINDEX, ("f_" + sha).c_str());
  }
  loaded_.clear();
  lua_gc(lua_, LUA_GCCOLLECT, 0);
}

void script_runner::run(command_context& ctx, std::string_view sha, std::span<const std::string_view> keys,
                        std::span<const std::string_view> args, bool read_only) {
  const std::string lower = to_lower(sha);
  execute(ctx, lower, true, read_only, [&](lua_State* lua) {
    // KEYS and ARGV, set in the real globals table (scripts cannot write globals).
    lua_getfield(lua, LUA_REGISTRYINDEX, "kvmock_globals");
    for (const auto& [name, values] : {std::pair{"KEYS", keys}, {"ARGV", args}}) {
      lua_pushstring(lua, name);
      push_strings(lua, values);
      lua_rawset(lua, -3);
    }
    lua_pop(lua, 1);
    lua_getfield(lua, LUA_REGISTRYINDEX, ("f_" + lower).c_str());
    return 0;
  });
}

template <typename Push>
void script_runner::execute(command_context& ctx, std::string_view label, bool eval, bool read_only, Push push) {
  lua_State* lua = lua_;
  script_run state;
  state.ctx = &ctx;
  state.client.id = ctx.client.id;
  state.client.db = ctx.client.db;
  state.client.authenticated = true;
  state.client.admin = ctx.client.admin;
  state.client.in_exec = true;  // nothing blocks inside a script
  state.client.in_script = true;
  state.read_only = read_only;
  lua_pushlightuserdata(lua, &state);
  lua_setfield(lua, LUA_REGISTRYINDEX, run_key);

  lua_getfield(lua, LUA_REGISTRYINDEX, error_handler_key);
  const int handler = lua_gettop(lua);
  const int arguments = push(lua);
  running_.emplace(running_script{
      .eval = eval, .name = label, .command = ctx.argv, .started = std::chrono::steady_clock::now()});
  // Always hooked, even with busy-reply-threshold 0: server::stop() must be able to end it.
  lua_sethook(lua, interrupt_hook, LUA_MASKCOUNT, hook_interval);
  const int status = lua_pcall(lua, arguments, 1, handler);
  lua_sethook(lua, nullptr, 0, 0);
  running_.reset();
  if (status == 0) {
    write_reply(lua, ctx.reply, state.client.protocol);
  } else if (lua_istable(lua, -1)) {
    lua_getfield(lua, -1, "err");
    std::string message = lua_isstring(lua, -1) ? lua_tostring(lua, -1) : "ERR unknown error";
    lua_pop(lua, 1);
    lua_getfield(lua, -1, "source");
    lua_getfield(lua, -2, "line");
    if (lua_isstring(lua, -2) && lua_isnumber(lua, -1)) {
      message += " script: " + std::string(label) + ", on " + lua_tostring(lua, -2) + ":" +
                 std::to_string(static_cast<long long>(lua_tonumber(lua, -1))) + ".";
    }
    lua_pop(lua, 3);
    for (char& c : message) {
      if (c == '\r' || c == '\n') c = ' ';
    }
    ctx.reply.raw("-" + message + "\r\n");
  } else {
    const char* text = lua_tostring(lua, -1);
    ctx.reply.error(std::string("ERR Error running script: ") + (text == nullptr ? "?" : text));
    lua_pop(lua, 1);
  }
  lua_pop(lua, 1);  // the handler
  lua_pushnil(lua);
  lua_setfield(lua, LUA_REGISTRYINDEX, run_key);
}

}  // namespace kvmock

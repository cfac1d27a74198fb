#include "script_runner.hpp"

#include <boost/uuid/detail/sha1.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <lua.hpp>
extern "C" {
#include <lua-bitop.h>
#include <lua-cjson.h>
}

#include "command_spec.hpp"
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
int raise_error(lua_State* lua, const char* message) {
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
  const std::pair<const char*, int> constants[] = {
      {"LOG_DEBUG", 0}, {"LOG_VERBOSE", 1}, {"LOG_NOTICE", 2}, {"LOG_WARNING", 3},
      {"REPL_NONE", 0}, {"REPL_AOF", 1},    {"REPL_SLAVE", 2}, {"REPL_REPLICA", 2}, {"REPL_ALL", 3},
  };
  for (const auto& [name, value] : constants) {
    lua_pushnumber(lua, value);
    lua_setfield(lua, -2, name);
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
}

script_runner::~script_runner() { lua_close(lua_); }

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

  // KEYS and ARGV, set in the real globals table (scripts cannot write globals).
  lua_getfield(lua, LUA_REGISTRYINDEX, "kvmock_globals");
  for (const auto& [name, values] : {std::pair{"KEYS", keys}, {"ARGV", args}}) {
    lua_pushstring(lua, name);
    lua_createtable(lua, static_cast<int>(values.size()), 0);
    for (std::size_t i = 0; i < values.size(); ++i) {
      lua_pushlstring(lua, values[i].data(), values[i].size());
      lua_rawseti(lua, -2, static_cast<int>(i + 1));
    }
    lua_rawset(lua, -3);
  }
  lua_pop(lua, 1);

  lua_getfield(lua, LUA_REGISTRYINDEX, error_handler_key);
  const int handler = lua_gettop(lua);
  lua_getfield(lua, LUA_REGISTRYINDEX, ("f_" + lower).c_str());
  const int status = lua_pcall(lua, 0, 1, handler);
  if (status == 0) {
    write_reply(lua, ctx.reply, state.client.protocol);
  } else if (lua_istable(lua, -1)) {
    lua_getfield(lua, -1, "err");
    std::string message = lua_isstring(lua, -1) ? lua_tostring(lua, -1) : "ERR unknown error";
    lua_pop(lua, 1);
    lua_getfield(lua, -1, "source");
    lua_getfield(lua, -2, "line");
    if (lua_isstring(lua, -2) && lua_isnumber(lua, -1)) {
      message += " script: " + lower + ", on " + lua_tostring(lua, -2) + ":" +
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

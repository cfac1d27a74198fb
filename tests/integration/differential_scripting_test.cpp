// Lua scripting, replies compared with a real redis-server: EVAL's conversions both ways (RESP2
// and, after redis.setresp(3), RESP3), errors from commands and from scripts with their line,
// the sandbox (read-only globals, no os or print), the script cache (EVALSHA, SCRIPT LOAD,
// EXISTS, FLUSH), read-only scripts, and scripts inside transactions.

#include "support/differential.hpp"

namespace {

using differential_scripting = kvtest::differential_test;

TEST_F(differential_scripting, values_convert_both_ways) {
  check({
      {"SET", "s", "text"},
      {"RPUSH", "l", "a", "b"},
      {"EVAL", "return redis.call('get', 's')", "0"},
      {"EVAL", "return redis.call('get', 'missing')", "0"},
      {"EVAL", "return redis.call('lrange', 'l', 0, -1)", "0"},
      {"EVAL", "return redis.call('incrby', 'n', 5)", "0"},
      {"EVAL", "return redis.call('set', 'k', 'v')", "0"},
      {"EVAL", "return {1, 2, {3, 'a'}, false, true, nil, 5}", "0"},
      {"EVAL", "return 3.99", "0"},
      {"EVAL", "return -7.5", "0"},
      {"EVAL", "return true", "0"},
      {"EVAL", "return false", "0"},
      {"EVAL", "return nil", "0"},
      {"EVAL", "return {}", "0"},
      {"EVAL", "return loadstring", "0"},
      {"EVAL", "return redis.status_reply('FINE')", "0"},
      {"EVAL", "return redis.error_reply('My Error')", "0"},
      {"EVAL", "return redis.error_reply('-CODE with code')", "0"},
      {"EVAL", "return {err = 'X bad'}", "0"},
      {"EVAL", "return {ok = 'fine'}", "0"},
      {"EVAL", "return redis.call('set', 'f', 3.5)", "0"},
      {"EVAL", "return redis.call('get', 'f')", "0"},
      {"EVAL", "return redis.call('set', 'big', 12345678901234567)", "0"},
      {"EVAL", "return redis.call('get', 'big')", "0"},
      {"EVAL", "return type(redis.call('get', 'missing'))", "0"},
      {"EVAL", "return redis.call('ping')['ok']", "0"},
      {"EVAL", "return redis.pcall('incr', 's')['err']", "0"},
      {"EVAL", "return KEYS[1] .. ARGV[1] .. #KEYS .. #ARGV", "1", "k", "a", "b"},
      {"EVAL", "return redis.sha1hex('')", "0"},
      {"EVAL", "return redis.sha1hex('abc')", "0"},
      {"EVAL", "return cjson.encode({1, 2, 'x'})", "0"},
      {"EVAL", "return cjson.decode('[1,2,3]')[3]", "0"},
      {"EVAL", "return bit.bxor(5, 3)", "0"},
      {"EVAL", "return bit.tohex(255)", "0"},
      {"EVAL", "return tostring(redis.LOG_WARNING)", "0"},
      {"EVAL", "redis.log(redis.LOG_NOTICE, 'hello'); return 1", "0"},
  });
}

TEST_F(differential_scripting, resp3_inside_the_script) {
  check({
      {"HSET", "h", "a", "1"},
      {"SADD", "set", "m"},
      {"EVAL", "redis.setresp(3); return redis.call('hgetall', 'h')", "0"},
      {"EVAL", "redis.setresp(3); return redis.call('smembers', 'set')", "0"},
      {"EVAL", "redis.setresp(3); return redis.call('get', 'missing') == nil", "0"},
      {"EVAL", "redis.setresp(3); return true", "0"},
      {"EVAL", "redis.setresp(3); return false", "0"},
      {"EVAL", "return {double = 1.5}", "0"},
      {"EVAL", "return {map = {a = 1}}", "0"},
      {"EVAL", "return {set = {a = true}}", "0"},
      {"EVAL", "return {big_number = '123456789012345678901234567890'}", "0"},
      {"EVAL", "redis.setresp(3); return redis.call('zscore', 'missing', 'x')", "0"},
      {"EVAL", "redis.setresp(4)", "0"},
  });
}

TEST_F(differential_scripting, errors_carry_the_script_and_line) {
  check({
      {"SET", "s", "x"},
      {"EVAL", "return redis.call('incr', 's')", "0"},
      {"EVAL", "local a = 1\nlocal b = 2\nreturn redis.call('lpush', 's', 'x')", "0"},
      {"EVAL", "error('boom')", "0"},
      {"EVAL", "error({err = 'MINE oops'})", "0"},
      {"EVAL", "\n\nerror('third line')", "0"},
      {"EVAL", "return redis.call('nosuch')", "0"},
      {"EVAL", "return redis.call('get')", "0"},
      {"EVAL", "return redis.call()", "0"},
      {"EVAL", "return redis.call('get', {})", "0"},
      {"EVAL", "return redis.call('blpop', 'q', 0)", "0"},
      {"EVAL", "return redis.call('subscribe', 'c')", "0"},
      {"EVAL", "return redis.call('multi')", "0"},
      {"EVAL", "return redis.call('eval', 'return 1', 0)", "0"},
      {"EVAL", "return (", "0"},
      {"EVAL", "return 1 +", "0"},
      {"EVAL", "return redis.pcall('nosuch')", "0"},
      // Lua's pcall returns a Redis error's message, not its table (Redis 7.0 replaces pcall).
      {"EVAL", "local ok, e = pcall(redis.call, 'nosuch') return {tostring(ok), type(e), e}", "0"},
      {"EVAL", "local ok, e = pcall(error, {err = 'x'}) return {type(e), e}", "0"},
      {"EVAL", "local ok, e = pcall(error, {other = 'x'}) return type(e)", "0"},
      {"EVAL", "return {pcall(function() return 1, 2 end)}", "0"},
      {"EVAL", "local ok, e = pcall() return {tostring(ok), e}", "0"},
      {"EVAL", "return 1", "-1"},
      {"EVAL", "return 1", "2", "a"},
      {"EVAL", "return 1", "x"},
      {"EVAL", "return 1"},
  });
}

TEST_F(differential_scripting, the_sandbox) {
  check({
      {"EVAL", "x = 1", "0"},
      {"EVAL", "return y", "0"},
      {"EVAL", "return os", "0"},
      {"EVAL", "return io", "0"},
      {"EVAL", "return print", "0"},
      {"EVAL", "return dofile", "0"},
      {"EVAL", "redis = nil", "0"},
      {"EVAL", "redis.call = nil", "0"},
      {"EVAL", "string.upper = nil", "0"},
      {"EVAL", "return redis.call('ping')", "0"},
      {"EVAL", "return string.upper('still here')", "0"},
      {"EVAL", "function f() end", "0"},
      {"EVAL", "local t = {} t.x = 1 return t.x", "0"},
      {"EVAL", "return type(_G)", "0"},
      {"EVAL", "return setmetatable(_G, {})", "0"},
  });
}

TEST_F(differential_scripting, the_script_cache) {
  check({
      {"SCRIPT", "LOAD", "return 'loaded'"},
      {"EVALSHA", "b534286061d4b9e4026607613b95c06c06015ae8", "0"},
      {"EVALSHA", "B534286061D4B9E4026607613B95C06C06015AE8", "0"},
      {"SCRIPT", "EXISTS", "b534286061d4b9e4026607613b95c06c06015ae8", "nope"},
      {"EVAL", "return 'evaluated'", "0"},
      {"SCRIPT", "EXISTS", "a0c38691e4f1cd6d4ab5d9f7e4ec6a9ab35d2d4b"},
      {"EVALSHA", "nope", "0"},
      {"SCRIPT", "LOAD", "return ("},
      {"SCRIPT", "FLUSH"},
      {"EVALSHA", "b534286061d4b9e4026607613b95c06c06015ae8", "0"},
      {"SCRIPT", "FLUSH", "ASYNC"},
      {"SCRIPT", "FLUSH", "NOW"},
      {"SCRIPT", "KILL"},
      {"SCRIPT", "HELP"},
      {"SCRIPT", "NOPE"},
  });
}

TEST_F(differential_scripting, read_only_scripts) {
  check({
      {"SET", "k", "v"},
      {"EVAL_RO", "return redis.call('get', KEYS[1])", "1", "k"},
      {"EVAL_RO", "return redis.call('set', KEYS[1], 'x')", "1", "k"},
      {"EVAL_RO", "return redis.pcall('del', KEYS[1])", "1", "k"},
      {"SCRIPT", "LOAD", "return redis.call('get', KEYS[1])"},
      {"EVALSHA_RO", "d3c21d0c2b9ca22f82737626a27bcaf5d288f99f", "1", "k"},
      {"GET", "k"},
  });
}

TEST_F(differential_scripting, scripts_in_transactions_and_watch) {
  check({
      {"MULTI"},
      {"EVAL", "return redis.call('incr', KEYS[1])", "1", "counter"},
      {"EVAL", "return redis.call('incr', KEYS[1])", "1", "counter"},
      {"EXEC"},
      {"WATCH", "w"},
  });
  auto other = connect();
  check(other, {{"EVAL", "return redis.call('set', KEYS[1], 'changed')", "1", "w"}});
  check({{"MULTI"}, {"GET", "w"}, {"EXEC"}});
}

// What lock libraries do: SET NX PX to take the lock, a script to release it only if it is
// still ours, another to extend it.
TEST_F(differential_scripting, the_lock_release_idiom) {
  constexpr std::string_view release =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
  check({
      {"SET", "lock", "token-1", "NX", "PX", "10000"},
      {"SET", "lock", "token-2", "NX", "PX", "10000"},
      {"EVAL", release, "1", "lock", "token-2"},
      {"EVAL", release, "1", "lock", "token-1"},
      {"EXISTS", "lock"},
  });
}

}  // namespace

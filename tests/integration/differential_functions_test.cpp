// Functions, replies compared with a real redis-server: FUNCTION LOAD (the library line, what a
// library may call while loading, register_function's forms, flags and errors), FCALL and
// FCALL_RO (keys and args, read-only functions, errors with the function's name and line),
// FUNCTION LIST, DELETE, FLUSH, STATS, KILL, HELP, and DUMP/RESTORE (byte for byte, each
// server's payload restored on the other's terms).
//
// Redis lists libraries and their functions in hash-table order: a LIST compared here holds one
// library of one function.
//
// Scripts and functions that run past busy-reply-threshold have a suite of their own (see
// differential_busy_scripts).

#include "support/differential.hpp"

#include <string>

namespace {

using differential_functions = kvtest::differential_test;

TEST_F(differential_functions, load_call_and_errors) {
  check({
      {"FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return redis.call('SET', keys[1], args[1]) end)\nredis.register_function{function_name='getit', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}, description='reads'}"},
      {"FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('x', function() return 1 end)"},
      {"FUNCTION", "LOAD", "no shebang"},
      {"FUNCTION", "LOAD", "#!lua"},
      {"FUNCTION", "LOAD", "#!lua name=a foo=bar\nreturn 1"},
      {"FUNCTION", "LOAD", "#!lua\nreturn 1"},
      {"FUNCTION", "LOAD", "#!lua name=bad-name\nreturn 1"},
      {"FUNCTION", "LOAD", "#!python name=x\nreturn 1"},
      {"FUNCTION", "LOAD", "#!lua name=empty\nlocal a = 1"},
      {"FUNCTION", "LOAD", "#!lua name=calls\nredis.call('ping')"},
      {"FUNCTION", "LOAD", "#!lua name=syntax\nthis is not lua"},
      {"FUNCTION", "LOAD", "#!lua name=glob\na = 1"},
      {"FUNCTION", "LOAD", "#!lua name=dup\nredis.register_function('myfunc', function() return 1 end)"},
      {"FUNCTION", "LOAD", "#!lua name=dup2\nredis.register_function('f', function() return 1 end)\nredis.register_function('f', function() return 1 end)"},
      {"FUNCTION", "LOAD", "#!lua name=args\nredis.register_function('f')"},
      {"FUNCTION", "LOAD", "#!lua name=args\nredis.register_function('f', 1)"},
      {"FUNCTION", "LOAD", "#!lua name=args\nredis.register_function{function_name='f'}"},
      {"FUNCTION", "LOAD", "#!lua name=args\nredis.register_function{callback=function() end}"},
      {"FUNCTION", "LOAD", "#!lua name=args\nredis.register_function{function_name='f', callback=function() end, flags={'bogus'}}"},
      {"FUNCTION", "LOAD", "#!lua name=args\nredis.register_function{function_name='f', callback=function() end, other=1}"},
      {"FUNCTION", "LOAD", "#!lua name=args\nredis.register_function('bad name', function() end)"},
      {"FUNCTION", "LOAD", "#!lua name=args\nredis.register_function{'f', function() end}"},
      {"FUNCTION", "LOAD", "BOGUS", "#!lua name=x\nreturn 1"},
      {"FCALL", "myfunc", "1", "k", "v"},
      {"FCALL", "getit", "1", "k"},
      {"FCALL_RO", "getit", "1", "k"},
      {"FCALL_RO", "myfunc", "1", "k", "v"},
      {"FCALL", "MYFUNC", "1", "k", "v2"},
      {"FCALL", "nothere", "0"},
      {"FCALL", "myfunc", "x"},
      {"FCALL", "myfunc", "3", "a"},
      {"FCALL", "myfunc", "-1"},
      {"FUNCTION", "LOAD", "#!lua name=errs\nredis.register_function('boom', function() error('boom') end)\nredis.register_function('wr', function(keys) return redis.call('INCR', 'k') end)\nredis.register_function{function_name='ro', callback=function() return redis.call('SET', 'x', 1) end, flags={'no-writes'}}\nredis.register_function('nested', function() return redis.call('FCALL', 'myfunc', 0) end)\nredis.register_function('glob', function() return KEYS end)"},
      {"FCALL", "boom", "0"},
      {"FCALL", "wr", "0"},
      {"FCALL", "ro", "0"},
      {"FCALL", "nested", "0"},
      {"FCALL", "glob", "0"},
      {"FUNCTION", "LIST", "LIBRARYNAME"},
      {"FUNCTION", "LIST", "BOGUS"},
      {"FUNCTION", "STATS"},
      {"FUNCTION", "KILL"},
      {"FUNCTION", "DELETE", "nothere"},
      {"FUNCTION", "DELETE", "errs"},
      {"FUNCTION", "FLUSH", "BOGUS"},
      {"FUNCTION", "LOAD", "REPLACE", "#!lua name=mylib\nredis.register_function('myfunc2', function(keys, args) return 2 end)"},
      {"FCALL", "myfunc", "0"},
      {"FCALL", "myfunc2", "0"},
      {"FUNCTION", "RESTORE", "bogus"},
      {"FUNCTION", "RESTORE", "x", "BADPOLICY"},
      {"FUNCTION", "FLUSH"},
      {"FUNCTION", "HELP"},
  });
}

TEST_F(differential_functions, list_dump_and_restore) {
  const std::string code = "#!lua name=lib\nredis.register_function{function_name='f', callback=function(keys, args) "
                           "return #keys + #args end, flags={'no-writes', 'allow-oom'}, description='counts'}";
  check({
      {"FUNCTION", "LOAD", code},
      {"FUNCTION", "LIST"},
      {"FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "L*"},
      {"FUNCTION", "LIST", "LIBRARYNAME", "x*"},
      {"FCALL_RO", "f", "2", "a", "b", "c"},
      {"FUNCTION", "DUMP"},
  });
  // The payload of each server, restored on both: conflicts, REPLACE, FLUSH.
  const std::string reply = connections().redis.command({"FUNCTION", "DUMP"});
  const std::string payload = reply.substr(reply.find("\r\n") + 2, reply.size() - reply.find("\r\n") - 4);
  check({
      {"FUNCTION", "RESTORE", payload},
      {"FUNCTION", "RESTORE", payload, "REPLACE"},
      {"FUNCTION", "RESTORE", payload, "BOGUS"},
      {"FUNCTION", "RESTORE", payload.substr(1)},
      {"FUNCTION", "FLUSH"},
      {"FUNCTION", "RESTORE", payload},
      {"FCALL", "f", "0", "x"},
      {"FUNCTION", "RESTORE", payload, "FLUSH"},
      {"FUNCTION", "STATS"},
      {"FUNCTION", "FLUSH"},  // functions outlive the FLUSHALL between tests
  });
}

// Scripts past busy-reply-threshold (10 ms here), with servers of their own: the other clients
// are answered BUSY but for the allow-busy commands, SCRIPT KILL and FUNCTION KILL end what they
// may, and the script's client gets Redis's error. The last step leaves a script that wrote
// running for good on both servers (no KILL ends it), until the suite's end kills redis-server
// and stops kvmock (which ends the script as SHUTDOWN NOSAVE would).
class differential_busy_scripts : public kvtest::differential_test {
 protected:
  // Sends a script on the runner's connections without waiting for its answer, then waits until
  // both servers are busy with it: a PING from the test's connection is then answered BUSY
  // (before that, it waits for the threshold, or gets PONG if the script was not read yet).
  void start(kvtest::connection_pair& runner, const std::string& bytes) {
    runner.redis.send(bytes);
    runner.fake.send(bytes);
    for (kvtest::raw_client* client : {&connections().redis, &connections().fake}) {
      while (!client->command({"PING"}).starts_with("-BUSY")) {
      }
    }
  }
};

TEST_F(differential_busy_scripts, busy_replies_and_kills) {
  check({
      {"CONFIG", "SET", "busy-reply-threshold", "10"},
      {"FUNCTION", "LOAD",
       "#!lua name=spinning\nredis.register_function('spin', function() local i = 0 while true do i = i + 1 end end)\n"
       "redis.register_function{function_name='spin_ro', callback=function() while true do end end, flags={'no-writes'}}"},
      {"FUNCTION", "STATS"},
  });
  auto runner = connect_in_protocol();
  // A script, with a request pipelined behind it on its own connection.
  start(runner, kvtest::encode({"EVAL", "local i = 0 while true do i = i + 1 end", "0"}) + kvtest::encode({"PING"}));
  check({
      {"PING"},
      {"GET", "x"},
      {"MULTI"},
      {"SET", "x", "1"},
      {"EXEC"},
      {"DISCARD"},
      {"WATCH", "x"},
      {"UNWATCH"},
      {"CLIENT", "LIST"},
      {"FUNCTION", "STATS"},
      {"FUNCTION", "KILL"},
      {"SCRIPT", "KILL"},
  });
  check_received(runner, 2);  // the killed script's error, then PONG
  check({{"SCRIPT", "KILL"}, {"FUNCTION", "KILL"}});
  // A function: FUNCTION STATS shows it, SCRIPT KILL does not end it.
  start(runner, kvtest::encode({"FCALL", "spin", "1", "key", "arg"}));
  check({
      {"PING"},
      {"EVAL", "return 1", "0"},
      {"SCRIPT", "KILL"},
      {kvtest::integers_within(60000), {"FUNCTION", "STATS"}},
      {"FUNCTION", "KILL"},
  });
  check_received(runner, 1);
  start(runner, kvtest::encode({"FCALL_RO", "spin_ro", "0"}));
  check({{"FUNCTION", "KILL"}});
  check_received(runner, 1);
  // Caught once by a pcall, which then returns the error's message.
  start(runner, kvtest::encode({"EVAL", "local ok, e = pcall(function() while true do end end) return e", "0"}));
  check({{"SCRIPT", "KILL"}});
  check_received(runner, 1);
  // A script that wrote cannot be killed.
  start(runner, kvtest::encode({"EVAL", "redis.call('SET', 'k', 'v') while true do end", "0"}));
  check({
      {"SCRIPT", "KILL"},
      {"FUNCTION", "KILL"},
      {"GET", "k"},
  });
}

}  // namespace

// A hiredis program (Debian's libhiredis, as applications use it) against a server on
// 127.0.0.1:PORT: every reply it gets must be the one Redis gives. Usage: hiredis_client PORT.
// Exit code 0 when all agree; each disagreement is printed.

#include <hiredis/hiredis.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace {

int failures = 0;

struct reply_deleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using reply_ptr = std::unique_ptr<redisReply, reply_deleter>;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "FAIL: %s\n", what.c_str());
    ++failures;
  }
}

bool is_status(const reply_ptr& r, const char* text) {
  return r && r->type == REDIS_REPLY_STATUS && std::string(r->str, r->len) == text;
}
bool is_string(const reply_ptr& r, const std::string& text) {
  return r && r->type == REDIS_REPLY_STRING && std::string(r->str, r->len) == text;
}
bool is_integer(const reply_ptr& r, long long value) {
  return r && r->type == REDIS_REPLY_INTEGER && r->integer == value;
}
bool is_error_starting(const reply_ptr& r, const char* prefix) {
  return r && r->type == REDIS_REPLY_ERROR && std::string(r->str, r->len).rfind(prefix, 0) == 0;
}

reply_ptr command(redisContext* context, const char* format, ...) {
  va_list arguments;
  va_start(arguments, format);
  auto* reply = static_cast<redisReply*>(redisvCommand(context, format, arguments));
  va_end(arguments);
  return reply_ptr(reply);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: hiredis_client PORT\n");
    return 2;
  }
  redisContext* context = redisConnect("127.0.0.1", std::atoi(argv[1]));
  if (context == nullptr || context->err != 0) {
    std::fprintf(stderr, "cannot connect: %s\n", context ? context->errstr : "no memory");
    return 1;
  }
  expect(is_status(command(context, "PING"), "PONG"), "PING");
  expect(is_status(command(context, "FLUSHALL"), "OK"), "FLUSHALL");
  expect(is_status(command(context, "SET %s %b", "binary", "a\0b", static_cast<size_t>(3)), "OK"), "SET binary");
  expect(is_string(command(context, "GET %s", "binary"), std::string("a\0b", 3)), "GET binary");
  auto missing = command(context, "GET %s", "missing");
  expect(missing && missing->type == REDIS_REPLY_NIL, "GET missing is nil");
  expect(is_integer(command(context, "INCRBY %s %d", "counter", 5), 5), "INCRBY");
  expect(is_error_starting(command(context, "INCR %s", "binary"), "ERR value is not an integer"), "INCR error");
  expect(is_error_starting(command(context, "LPUSH %s x", "binary"), "WRONGTYPE"), "WRONGTYPE");
  expect(is_integer(command(context, "RPUSH %s a b c", "list"), 3), "RPUSH");
  auto range = command(context, "LRANGE %s 0 -1", "list");
  expect(range && range->type == REDIS_REPLY_ARRAY && range->elements == 3 &&
             std::string(range->element[2]->str) == "c", "LRANGE");
  expect(is_integer(command(context, "HSET %s f1 v1 f2 v2", "hash"), 2), "HSET");
  auto all = command(context, "HGETALL %s", "hash");
  expect(all && all->type == REDIS_REPLY_ARRAY && all->elements == 4 &&
             std::string(all->element[0]->str) == "f1", "HGETALL");
  expect(is_integer(command(context, "SADD %s m1 m2", "set"), 2), "SADD");
  expect(is_integer(command(context, "ZADD %s 1 one 2 two", "zset"), 2), "ZADD");
  expect(is_string(command(context, "ZSCORE %s two", "zset"), "2"), "ZSCORE");

  // A pipeline: several commands written before any reply is read.
  for (int i = 0; i < 100; ++i) redisAppendCommand(context, "SET key:%d %d", i, i);
  redisAppendCommand(context, "MGET key:0 key:99 key:100");
  for (int i = 0; i < 100; ++i) {
    redisReply* reply = nullptr;
    redisGetReply(context, reinterpret_cast<void**>(&reply));
    expect(is_status(reply_ptr(reply), "OK"), "pipelined SET " + std::to_string(i));
  }
  redisReply* mget = nullptr;
  redisGetReply(context, reinterpret_cast<void**>(&mget));
  const reply_ptr values(mget);
  expect(values && values->type == REDIS_REPLY_ARRAY && values->elements == 3 &&
             std::string(values->element[1]->str) == "99" && values->element[2]->type == REDIS_REPLY_NIL,
         "pipelined MGET");

  expect(is_status(command(context, "MULTI"), "OK"), "MULTI");
  expect(is_status(command(context, "INCR %s", "counter"), "QUEUED"), "QUEUED");
  auto exec = command(context, "EXEC");
  expect(exec && exec->type == REDIS_REPLY_ARRAY && exec->elements == 1 &&
             exec->element[0]->integer == 6, "EXEC");
  expect(is_error_starting(command(context, "NOSUCHCOMMAND"), "ERR unknown command"), "unknown command");
  redisFree(context);
  if (failures == 0) std::printf("ok: hiredis against 127.0.0.1:%s\n", argv[1]);
  return failures == 0 ? 0 : 1;
}

#pragma once
// Command handlers, one per Redis command; grouped in files by Redis's command groups.

#include "command_table.hpp"

namespace kvmock::commands {

// Replies "value is not an integer or out of range" and returns false on failure.
bool parse_integer_or_reply(command_context& ctx, std::string_view text, long long& value);
// A HELP subcommand's reply: one simple string per line.
void append_help(std::string& out, std::span<const std::string_view> lines);

// connection
void ping(command_context&);
void echo(command_context&);
void quit(command_context&);
void select(command_context&);
void auth(command_context&);
void hello(command_context&);
void client_setname(command_context&);
void client_getname(command_context&);
void client_id(command_context&);
void client_help(command_context&);

// strings
void get(command_context&);
void set(command_context&);
void setnx(command_context&);
void mget(command_context&);
void mset(command_context&);
void incr(command_context&);
void decr(command_context&);
void incrby(command_context&);
void decrby(command_context&);

// keyspace
void del(command_context&);
void exists(command_context&);
void expire(command_context&);
void pexpire(command_context&);
void ttl(command_context&);
void pttl(command_context&);
void persist(command_context&);
void dbsize(command_context&);
void flushdb(command_context&);
void flushall(command_context&);

// transactions
void multi(command_context&);
void exec(command_context&);
void discard(command_context&);
void watch(command_context&);
void unwatch(command_context&);

// server
void info(command_context&);
void config_get(command_context&);
void config_help(command_context&);
void command(command_context&);
void command_count(command_context&);
void command_docs(command_context&);
void command_info(command_context&);
void command_list(command_context&);
void command_help(command_context&);

}  // namespace kvmock::commands

#include "command_table.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>

#include "commands.hpp"

namespace kvmock {
namespace {

using namespace command_flag;
namespace c = commands;

constexpr std::array client_subcommands{
    command_spec{"getname", "client|getname", 2, fast, c::client_getname, 0, 0, 0,
                 "connection", "2.6.9", "Returns the name of the connection.", "O(1)"},
    command_spec{"help", "client|help", 2, fast, c::client_help, 0, 0, 0, "connection",
                 "5.0.0", "Returns helpful text about the different subcommands.", "O(1)"},
    command_spec{"id", "client|id", 2, fast, c::client_id, 0, 0, 0, "connection",
                 "5.0.0", "Returns the unique client ID of the connection.", "O(1)"},
    command_spec{"kill", "client|kill", -3, admin, c::client_kill, 0, 0, 0, "connection",
                 "2.4.0", "Terminates open connections.",
                 "O(N) where N is the number of client connections"},
    command_spec{"list", "client|list", -2, admin, c::client_list, 0, 0, 0, "connection",
                 "2.4.0", "Lists open connections.", "O(N) where N is the number of client connections"},
    command_spec{"pause", "client|pause", -3, admin, c::client_pause, 0, 0, 0, "connection",
                 "3.0.0", "Suspends commands processing.", "O(1)"},
    command_spec{"setname", "client|setname", 3, fast, c::client_setname, 0, 0, 0,
                 "connection", "2.6.9", "Sets the connection name.", "O(1)"},
    command_spec{"unpause", "client|unpause", 2, admin, c::client_unpause, 0, 0, 0,
                 "connection", "6.2.0", "Resumes processing commands from paused clients.",
                 "O(N) Where N is the number of paused clients"},
};

constexpr std::array config_subcommands{
    command_spec{"get", "config|get", -3, admin, c::config_get, 0, 0, 0, "server", "2.0.0",
                 "Returns the effective values of configuration parameters.",
                 "O(N) when N is the number of configuration parameters provided"},
    command_spec{"help", "config|help", 2, fast, c::config_help, 0, 0, 0, "server", "5.0.0",
                 "Returns helpful text about the different subcommands.", "O(1)"},
};

constexpr std::array command_subcommands{
    command_spec{"count", "command|count", 2, 0, c::command_count, 0, 0, 0, "server", "2.8.13",
                 "Returns a count of commands.", "O(1)"},
    command_spec{"docs", "command|docs", -2, 0, c::command_docs, 0, 0, 0, "server", "7.0.0",
                 "Returns documentary information about one, multiple or all commands.",
                 "O(N) where N is the number of commands to look up"},
    command_spec{"help", "command|help", 2, 0, c::command_help, 0, 0, 0, "server", "5.0.0",
                 "Returns helpful text about the different subcommands.", "O(1)"},
    command_spec{"info", "command|info", -2, 0, c::command_info, 0, 0, 0, "server", "2.8.13",
                 "Returns information about one, multiple or all commands.",
                 "O(N) where N is the number of commands to look up"},
    command_spec{"list", "command|list", -2, 0, c::command_list, 0, 0, 0, "server", "7.0.0",
                 "Returns a list of command names.", "O(N) where N is the total number of Redis commands"},
};

constexpr std::array object_subcommands{
    command_spec{"encoding", "object|encoding", 3, readonly, c::object_encoding, 2, 2, 1, "generic",
                 "2.2.3", "Returns the internal encoding of a Redis object.", "O(1)"},
    command_spec{"help", "object|help", 2, readonly, c::object_help, 0, 0, 0, "generic", "6.2.0",
                 "Returns helpful text about the different subcommands.", "O(1)"},
};

// Sorted by name, the order COMMAND lists them in.
constexpr std::array command_specs{
    command_spec{"append", "append", 3, write, c::append, 1, 1, 1, "string", "2.0.0",
                 "Appends a string to the value of a key. Creates the key if it doesn't exist.",
                 "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation."},
    command_spec{"auth", "auth", -2, no_auth | fast, c::auth, 0, 0, 0,
                 "connection", "1.0.0", "Authenticates the connection.",
                 "O(N) where N is the number of passwords defined for the user"},
    command_spec{"client", "client", -2, 0, nullptr, 0, 0, 0, "connection", "2.4.0",
                 "A container for client connection commands.", "Depends on subcommand.",
                 client_subcommands},
    command_spec{"command", "command", -1, 0, c::command, 0, 0, 0, "server", "2.8.13",
                 "Returns detailed information about all commands.",
                 "O(N) where N is the total number of Redis commands", command_subcommands},
    command_spec{"config", "config", -2, 0, nullptr, 0, 0, 0, "server", "2.0.0",
                 "A container for server configuration commands.", "Depends on subcommand.",
                 config_subcommands},
    command_spec{"copy", "copy", -3, write, c::copy, 1, 2, 1, "generic", "6.2.0",
                 "Copies the value of a key to a new key.",
                 "O(N) worst case for collections, where N is the number of nested items. O(1) for string values."},
    command_spec{"dbsize", "dbsize", 1, readonly | fast, c::dbsize, 0, 0, 0, "server", "1.0.0",
                 "Returns the number of keys in the database.", "O(1)"},
    command_spec{"decr", "decr", 2, write | fast, c::decr, 1, 1, 1, "string", "1.0.0",
                 "Decrements the integer value of a key by one.", "O(1)"},
    command_spec{"decrby", "decrby", 3, write | fast, c::decrby, 1, 1, 1, "string", "1.0.0",
                 "Decrements a number from the integer value of a key.", "O(1)"},
    command_spec{"del", "del", -2, write, c::del, 1, -1, 1, "generic", "1.0.0",
                 "Deletes one or more keys.", "O(N) where N is the number of keys that will be removed."},
    command_spec{"discard", "discard", 1, fast | not_queued, c::discard, 0, 0, 0,
                 "transactions", "2.0.0", "Discards a transaction.",
                 "O(N), when N is the number of queued commands"},
    command_spec{"echo", "echo", 2, fast, c::echo, 0, 0, 0, "connection", "1.0.0",
                 "Returns the given string.", "O(1)"},
    command_spec{"exec", "exec", 1, not_queued, c::exec, 0, 0, 0, "transactions", "1.2.0",
                 "Executes all commands in a transaction.", "Depends on commands in the transaction"},
    command_spec{"exists", "exists", -2, readonly | fast, c::exists, 1, -1, 1, "generic",
                 "1.0.0", "Determines whether one or more keys exist.",
                 "O(N) where N is the number of keys to check."},
    command_spec{"expire", "expire", -3, write | fast, c::expire, 1, 1, 1, "generic", "1.0.0",
                 "Sets the expiration time of a key in seconds.", "O(1)"},
    command_spec{"expireat", "expireat", -3, write | fast, c::expireat, 1, 1, 1, "generic", "1.2.0",
                 "Sets the expiration time of a key to a Unix timestamp.", "O(1)"},
    command_spec{"expiretime", "expiretime", 2, readonly | fast, c::expiretime, 1, 1, 1, "generic",
                 "7.0.0", "Returns the expiration time of a key as a Unix timestamp.", "O(1)"},
    command_spec{"flushall", "flushall", -1, write, c::flushall, 0, 0, 0, "server", "1.0.0",
                 "Removes all keys from all databases.",
                 "O(N) where N is the total number of keys in all databases"},
    command_spec{"flushdb", "flushdb", -1, write, c::flushdb, 0, 0, 0, "server", "1.0.0",
                 "Remove all keys from the current database.",
                 "O(N) where N is the number of keys in the selected database"},
    command_spec{"get", "get", 2, readonly | fast, c::get, 1, 1, 1, "string", "1.0.0",
                 "Returns the string value of a key.", "O(1)"},
    command_spec{"getdel", "getdel", 2, write | fast, c::getdel, 1, 1, 1, "string", "6.2.0",
                 "Returns the string value of a key after deleting the key.", "O(1)"},
    command_spec{"getex", "getex", -2, write | fast, c::getex, 1, 1, 1, "string", "6.2.0",
                 "Returns the string value of a key after setting its expiration time.", "O(1)"},
    command_spec{"getset", "getset", 3, write | fast, c::getset, 1, 1, 1, "string", "1.0.0",
                 "Returns the previous string value of a key after setting it to a new value.", "O(1)"},
    command_spec{"hdel", "hdel", -3, write | fast, c::hdel, 1, 1, 1, "hash", "2.0.0",
                 "Deletes one or more fields and their values from a hash. Deletes the hash if no fields remain.",
                 "O(N) where N is the number of fields to be removed."},
    command_spec{"hello", "hello", -1, no_auth | fast, c::hello, 0, 0, 0, "connection", "6.0.0",
                 "Handshakes with the Redis server.", "O(1)"},
    command_spec{"hexists", "hexists", 3, readonly | fast, c::hexists, 1, 1, 1, "hash", "2.0.0",
                 "Determines whether a field exists in a hash.", "O(1)"},
    command_spec{"hget", "hget", 3, readonly | fast, c::hget, 1, 1, 1, "hash", "2.0.0",
                 "Returns the value of a field in a hash.", "O(1)"},
    command_spec{"hgetall", "hgetall", 2, readonly, c::hgetall, 1, 1, 1, "hash", "2.0.0",
                 "Returns all fields and values in a hash.", "O(N) where N is the size of the hash."},
    command_spec{"hincrby", "hincrby", 4, write | fast, c::hincrby, 1, 1, 1, "hash", "2.0.0",
                 "Increments the integer value of a field in a hash by a number. Uses 0 as initial value if the field doesn't exist.",
                 "O(1)"},
    command_spec{"hkeys", "hkeys", 2, readonly, c::hkeys, 1, 1, 1, "hash", "2.0.0",
                 "Returns all fields in a hash.", "O(N) where N is the size of the hash."},
    command_spec{"hlen", "hlen", 2, readonly | fast, c::hlen, 1, 1, 1, "hash", "2.0.0",
                 "Returns the number of fields in a hash.", "O(1)"},
    command_spec{"hmget", "hmget", -3, readonly | fast, c::hmget, 1, 1, 1, "hash", "2.0.0",
                 "Returns the values of all fields in a hash.",
                 "O(N) where N is the number of fields being requested."},
    command_spec{"hscan", "hscan", -3, readonly, c::hscan, 1, 1, 1, "hash", "2.8.0",
                 "Iterates over fields and values of a hash.",
                 "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection."},
    command_spec{"hset", "hset", -4, write | fast, c::hset, 1, 1, 1, "hash", "2.0.0",
                 "Creates or modifies the value of a field in a hash.",
                 "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs."},
    command_spec{"hsetnx", "hsetnx", 4, write | fast, c::hsetnx, 1, 1, 1, "hash", "2.0.0",
                 "Sets the value of a field in a hash only when the field doesn't exist.", "O(1)"},
    command_spec{"hvals", "hvals", 2, readonly, c::hvals, 1, 1, 1, "hash", "2.0.0",
                 "Returns all values in a hash.", "O(N) where N is the size of the hash."},
    command_spec{"incr", "incr", 2, write | fast, c::incr, 1, 1, 1, "string", "1.0.0",
                 "Increments the integer value of a key by one.", "O(1)"},
    command_spec{"incrby", "incrby", 3, write | fast, c::incrby, 1, 1, 1, "string", "1.0.0",
                 "Increments the integer value of a key by a number.", "O(1)"},
    command_spec{"incrbyfloat", "incrbyfloat", 3, write | fast, c::incrbyfloat, 1, 1, 1, "string",
                 "2.6.0", "Increment the floating point value of a key by a number. Uses 0 as initial value if the key doesn't exist.",
                 "O(1)"},
    command_spec{"info", "info", -1, 0, c::info, 0, 0, 0, "server", "1.0.0",
                 "Returns information and statistics about the server.", "O(1)"},
    command_spec{"keys", "keys", 2, readonly, c::keys, 0, 0, 0, "generic", "1.0.0",
                 "Returns all key names that match a pattern.",
                 "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length."},
    command_spec{"lindex", "lindex", 3, readonly, c::lindex, 1, 1, 1, "list", "1.0.0",
                 "Returns an element from a list by its index.",
                 "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1)."},
    command_spec{"llen", "llen", 2, readonly | fast, c::llen, 1, 1, 1, "list", "1.0.0",
                 "Returns the length of a list.", "O(1)"},
    command_spec{"lpop", "lpop", -2, write | fast, c::lpop, 1, 1, 1, "list", "1.0.0",
                 "Returns the first elements in a list after removing it. Deletes the list if the last element was popped.",
                 "O(N) where N is the number of elements returned"},
    command_spec{"lpush", "lpush", -3, write | fast, c::lpush, 1, 1, 1, "list", "1.0.0",
                 "Prepends one or more elements to a list. Creates the key if it doesn't exist.",
                 "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."},
    command_spec{"lrange", "lrange", 4, readonly, c::lrange, 1, 1, 1, "list", "1.0.0",
                 "Returns a range of elements from a list.",
                 "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range."},
    command_spec{"lrem", "lrem", 4, write, c::lrem, 1, 1, 1, "list", "1.0.0",
                 "Removes elements from a list. Deletes the list if the last element was removed.",
                 "O(N+M) where N is the length of the list and M is the number of elements removed."},
    command_spec{"ltrim", "ltrim", 4, write, c::ltrim, 1, 1, 1, "list", "1.0.0",
                 "Removes elements from both ends a list. Deletes the list if all elements were trimmed.",
                 "O(N) where N is the number of elements to be removed by the operation."},
    command_spec{"mget", "mget", -2, readonly | fast, c::mget, 1, -1, 1, "string", "1.0.0",
                 "Atomically returns the string values of one or more keys.",
                 "O(N) where N is the number of keys to retrieve."},
    command_spec{"mset", "mset", -3, write, c::mset, 1, -1, 2, "string", "1.0.1",
                 "Atomically creates or modifies the string values of one or more keys.",
                 "O(N) where N is the number of keys to set."},
    command_spec{"msetnx", "msetnx", -3, write, c::msetnx, 1, -1, 2, "string", "1.0.1",
                 "Atomically modifies the string values of one or more keys only when all keys don't exist.",
                 "O(N) where N is the number of keys to set."},
    command_spec{"multi", "multi", 1, fast | not_queued, c::multi, 0, 0, 0, "transactions",
                 "1.2.0", "Starts a transaction.", "O(1)"},
    command_spec{"object", "object", -2, 0, nullptr, 0, 0, 0, "generic", "2.2.3",
                 "A container for object introspection commands.", "Depends on subcommand.",
                 object_subcommands},
    command_spec{"persist", "persist", 2, write | fast, c::persist, 1, 1, 1, "generic", "2.2.0",
                 "Removes the expiration time of a key.", "O(1)"},
    command_spec{"pexpire", "pexpire", -3, write | fast, c::pexpire, 1, 1, 1, "generic", "2.6.0",
                 "Sets the expiration time of a key in milliseconds.", "O(1)"},
    command_spec{"pexpireat", "pexpireat", -3, write | fast, c::pexpireat, 1, 1, 1, "generic",
                 "2.6.0", "Sets the expiration time of a key to a Unix milliseconds timestamp.", "O(1)"},
    command_spec{"pexpiretime", "pexpiretime", 2, readonly | fast, c::pexpiretime, 1, 1, 1,
                 "generic", "7.0.0", "Returns the expiration time of a key as a Unix milliseconds timestamp.",
                 "O(1)"},
    command_spec{"ping", "ping", -1, fast, c::ping, 0, 0, 0, "connection", "1.0.0",
                 "Returns the server's liveliness response.", "O(1)"},
    command_spec{"psetex", "psetex", 4, write, c::psetex, 1, 1, 1, "string", "2.6.0",
                 "Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist.",
                 "O(1)"},
    command_spec{"pttl", "pttl", 2, readonly | fast, c::pttl, 1, 1, 1, "generic", "2.6.0",
                 "Returns the expiration time in milliseconds of a key.", "O(1)"},
    command_spec{"quit", "quit", -1, no_auth | fast | not_queued, c::quit, 0, 0, 0,
                 "connection", "1.0.0", "Closes the connection.", "O(1)"},
    command_spec{"randomkey", "randomkey", 1, readonly, c::randomkey, 0, 0, 0, "generic", "1.0.0",
                 "Returns a random key name from the database.", "O(1)"},
    command_spec{"rename", "rename", 3, write, c::rename, 1, 2, 1, "generic", "1.0.0",
                 "Renames a key and overwrites the destination.", "O(1)"},
    command_spec{"renamenx", "renamenx", 3, write | fast, c::renamenx, 1, 2, 1, "generic", "1.0.0",
                 "Renames a key only when the target key name doesn't exist.", "O(1)"},
    command_spec{"reset", "reset", 1, no_auth | fast | not_queued, c::reset, 0, 0, 0,
                 "connection", "6.2.0", "Resets the connection.", "O(1)"},
    command_spec{"rpop", "rpop", -2, write | fast, c::rpop, 1, 1, 1, "list", "1.0.0",
                 "Returns and removes the last elements of a list. Deletes the list if the last element was popped.",
                 "O(N) where N is the number of elements returned"},
    command_spec{"rpush", "rpush", -3, write | fast, c::rpush, 1, 1, 1, "list", "1.0.0",
                 "Appends one or more elements to a list. Creates the key if it doesn't exist.",
                 "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."},
    command_spec{"sadd", "sadd", -3, write | fast, c::sadd, 1, 1, 1, "set", "1.0.0",
                 "Adds one or more members to a set. Creates the key if it doesn't exist.",
                 "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."},
    command_spec{"scan", "scan", -2, readonly, c::scan, 0, 0, 0, "generic", "2.8.0",
                 "Iterates over the key names in the database.",
                 "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection."},
    command_spec{"scard", "scard", 2, readonly | fast, c::scard, 1, 1, 1, "set", "1.0.0",
                 "Returns the number of members in a set.",
                 "O(1)"},
    command_spec{"select", "select", 2, fast, c::select, 0, 0, 0, "connection", "1.0.0",
                 "Changes the selected database.", "O(1)"},
    command_spec{"set", "set", -3, write, c::set, 1, 1, 1, "string", "1.0.0",
                 "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.",
                 "O(1)"},
    command_spec{"setex", "setex", 4, write, c::setex, 1, 1, 1, "string", "2.0.0",
                 "Sets the string value and expiration time of a key. Creates the key if it doesn't exist.",
                 "O(1)"},
    command_spec{"setnx", "setnx", 3, write | fast, c::setnx, 1, 1, 1, "string", "1.0.0",
                 "Set the string value of a key only when the key doesn't exist.", "O(1)"},
    command_spec{"sismember", "sismember", 3, readonly | fast, c::sismember, 1, 1, 1, "set", "1.0.0",
                 "Determines whether a member belongs to a set.",
                 "O(1)"},
    command_spec{"smembers", "smembers", 2, readonly, c::smembers, 1, 1, 1, "set", "1.0.0",
                 "Returns all members of a set.",
                 "O(N) where N is the set cardinality."},
    command_spec{"spop", "spop", -2, write | fast, c::spop, 1, 1, 1, "set", "1.0.0",
                 "Returns one or more random members from a set after removing them. Deletes the set if the last member was popped.",
                 "Without the count argument O(1), otherwise O(N) where N is the value of the passed count."},
    command_spec{"srem", "srem", -3, write | fast, c::srem, 1, 1, 1, "set", "1.0.0",
                 "Removes one or more members from a set. Deletes the set if the last member was removed.",
                 "O(N) where N is the number of members to be removed."},
    command_spec{"strlen", "strlen", 2, readonly | fast, c::strlen, 1, 1, 1, "string", "2.2.0",
                 "Returns the length of a string value.", "O(1)"},
    command_spec{"touch", "touch", -2, readonly | fast, c::touch, 1, -1, 1, "generic", "3.2.1",
                 "Returns the number of existing keys out of those specified after updating the time they were last accessed.",
                 "O(N) where N is the number of keys that will be touched."},
    command_spec{"ttl", "ttl", 2, readonly | fast, c::ttl, 1, 1, 1, "generic", "1.0.0",
                 "Returns the expiration time in seconds of a key.", "O(1)"},
    command_spec{"type", "type", 2, readonly | fast, c::type, 1, 1, 1, "generic", "1.0.0",
                 "Determines the type of value stored at a key.", "O(1)"},
    command_spec{"unlink", "unlink", -2, write | fast, c::del, 1, -1, 1, "generic", "4.0.0",
                 "Asynchronously deletes one or more keys.",
                 "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of."},
    command_spec{"unwatch", "unwatch", 1, fast, c::unwatch, 0, 0, 0, "transactions", "2.2.0",
                 "Forgets about watched keys of a transaction.", "O(1)"},
    command_spec{"watch", "watch", -2, fast | not_queued, c::watch, 1, -1, 1, "transactions",
                 "2.2.0", "Monitors changes to keys to determine the execution of a transaction.",
                 "O(1) for every key."},
    command_spec{"zadd", "zadd", -4, write | fast, c::zadd, 1, 1, 1, "sorted-set", "1.2.0",
                 "Adds one or more members to a sorted set, or updates their scores. Creates the key if it doesn't exist.",
                 "O(log(N)) for each item added, where N is the number of elements in the sorted set."},
    command_spec{"zcard", "zcard", 2, readonly | fast, c::zcard, 1, 1, 1, "sorted-set", "1.2.0",
                 "Returns the number of members in a sorted set.",
                 "O(1)"},
    command_spec{"zpopmin", "zpopmin", -2, write | fast, c::zpopmin, 1, 1, 1, "sorted-set", "5.0.0",
                 "Returns the lowest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped.",
                 "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped."},
    command_spec{"zrange", "zrange", -4, readonly, c::zrange, 1, 1, 1, "sorted-set", "1.2.0",
                 "Return a range of members in a sorted set",
                 "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned."},
    command_spec{"zrangebylex", "zrangebylex", -4, readonly, c::zrangebylex, 1, 1, 1, "sorted-set", "2.8.9",
                 "Return a range of members in a sorted set, by lexicographical range",
                 "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
    command_spec{"zrangebyscore", "zrangebyscore", -4, readonly, c::zrangebyscore, 1, 1, 1, "sorted-set", "1.0.5",
                 "Return a range of members in a sorted set, by score",
                 "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
    command_spec{"zrem", "zrem", -3, write | fast, c::zrem, 1, 1, 1, "sorted-set", "1.2.0",
                 "Removes one or more members from a sorted set. Deletes the sorted set if all members were removed.",
                 "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed."},
    command_spec{"zrevrange", "zrevrange", -4, readonly, c::zrevrange, 1, 1, 1, "sorted-set", "1.2.0",
                 "Return a range of members in a sorted set, by index, with scores ordered from high to low",
                 "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned."},
    command_spec{"zrevrangebylex", "zrevrangebylex", -4, readonly, c::zrevrangebylex, 1, 1, 1, "sorted-set", "2.8.9",
                 "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.",
                 "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
    command_spec{"zrevrangebyscore", "zrevrangebyscore", -4, readonly, c::zrevrangebyscore, 1, 1, 1, "sorted-set", "2.2.0",
                 "Return a range of members in a sorted set, by score, with scores ordered from high to low",
                 "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
    command_spec{"zscore", "zscore", 3, readonly | fast, c::zscore, 1, 1, 1, "sorted-set", "1.2.0",
                 "Returns the score of a member in a sorted set.",
                 "O(1)"},
};

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Case-insensitive order of a spec's (lower-case) name against a name as the client wrote it.
bool precedes(const command_spec& spec, std::string_view name) {
  const std::size_t common = std::min(spec.name.size(), name.size());
  for (std::size_t i = 0; i < common; ++i) {
    const char a = spec.name[i];
    const char b = lower(name[i]);
    if (a != b) return a < b;
  }
  return spec.name.size() < name.size();
}

// Binary search: every request looks its command up, so this is on the hot path.
const command_spec* find_in(std::span<const command_spec> specs, std::string_view name) {
  const auto it = std::lower_bound(specs.begin(), specs.end(), name, precedes);
  return it != specs.end() && equals_ignore_case(it->name, name) ? &*it : nullptr;
}

constexpr bool sorted_by_name(std::span<const command_spec> specs) {
  for (std::size_t i = 1; i < specs.size(); ++i) {
    if (!(specs[i - 1].name < specs[i].name)) return false;
  }
  return true;
}
static_assert(sorted_by_name(command_specs), "command_specs must stay sorted by name");
static_assert(sorted_by_name(client_subcommands) && sorted_by_name(config_subcommands) &&
              sorted_by_name(command_subcommands) && sorted_by_name(object_subcommands));

}  // namespace

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

const command_spec* find_command(std::string_view name) { return find_in(command_specs, name); }

const command_spec* find_subcommand(const command_spec& container, std::string_view name) {
  return find_in(container.subcommands, name);
}

std::span<const command_spec> all_commands() { return command_specs; }

}  // namespace kvmock

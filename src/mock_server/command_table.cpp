#include "command_table.hpp"

#include <array>
#include <cctype>

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
    command_spec{"setname", "client|setname", 3, fast, c::client_setname, 0, 0, 0,
                 "connection", "2.6.9", "Sets the connection name.", "O(1)"},
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

// Sorted by name, the order COMMAND lists them in.
constexpr std::array command_specs{
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
    command_spec{"flushall", "flushall", -1, write, c::flushall, 0, 0, 0, "server", "1.0.0",
                 "Removes all keys from all databases.",
                 "O(N) where N is the total number of keys in all databases"},
    command_spec{"flushdb", "flushdb", -1, write, c::flushdb, 0, 0, 0, "server", "1.0.0",
                 "Remove all keys from the current database.",
                 "O(N) where N is the number of keys in the selected database"},
    command_spec{"get", "get", 2, readonly | fast, c::get, 1, 1, 1, "string", "1.0.0",
                 "Returns the string value of a key.", "O(1)"},
    command_spec{"hello", "hello", -1, no_auth | fast, c::hello, 0, 0, 0, "connection", "6.0.0",
                 "Handshakes with the Redis server.", "O(1)"},
    command_spec{"incr", "incr", 2, write | fast, c::incr, 1, 1, 1, "string", "1.0.0",
                 "Increments the integer value of a key by one.", "O(1)"},
    command_spec{"incrby", "incrby", 3, write | fast, c::incrby, 1, 1, 1, "string", "1.0.0",
                 "Increments the integer value of a key by a number.", "O(1)"},
    command_spec{"info", "info", -1, 0, c::info, 0, 0, 0, "server", "1.0.0",
                 "Returns information and statistics about the server.", "O(1)"},
    command_spec{"mget", "mget", -2, readonly | fast, c::mget, 1, -1, 1, "string", "1.0.0",
                 "Atomically returns the string values of one or more keys.",
                 "O(N) where N is the number of keys to retrieve."},
    command_spec{"mset", "mset", -3, write, c::mset, 1, -1, 2, "string", "1.0.1",
                 "Atomically creates or modifies the string values of one or more keys.",
                 "O(N) where N is the number of keys to set."},
    command_spec{"multi", "multi", 1, fast | not_queued, c::multi, 0, 0, 0, "transactions",
                 "1.2.0", "Starts a transaction.", "O(1)"},
    command_spec{"persist", "persist", 2, write | fast, c::persist, 1, 1, 1, "generic", "2.2.0",
                 "Removes the expiration time of a key.", "O(1)"},
    command_spec{"pexpire", "pexpire", -3, write | fast, c::pexpire, 1, 1, 1, "generic", "2.6.0",
                 "Sets the expiration time of a key in milliseconds.", "O(1)"},
    command_spec{"ping", "ping", -1, fast, c::ping, 0, 0, 0, "connection", "1.0.0",
                 "Returns the server's liveliness response.", "O(1)"},
    command_spec{"pttl", "pttl", 2, readonly | fast, c::pttl, 1, 1, 1, "generic", "2.6.0",
                 "Returns the expiration time in milliseconds of a key.", "O(1)"},
    command_spec{"quit", "quit", -1, no_auth | fast | not_queued, c::quit, 0, 0, 0,
                 "connection", "1.0.0", "Closes the connection.", "O(1)"},
    command_spec{"select", "select", 2, fast, c::select, 0, 0, 0, "connection", "1.0.0",
                 "Changes the selected database.", "O(1)"},
    command_spec{"set", "set", -3, write, c::set, 1, 1, 1, "string", "1.0.0",
                 "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.",
                 "O(1)"},
    command_spec{"setnx", "setnx", 3, write | fast, c::setnx, 1, 1, 1, "string", "1.0.0",
                 "Set the string value of a key only when the key doesn't exist.", "O(1)"},
    command_spec{"ttl", "ttl", 2, readonly | fast, c::ttl, 1, 1, 1, "generic", "1.0.0",
                 "Returns the expiration time in seconds of a key.", "O(1)"},
    command_spec{"unwatch", "unwatch", 1, fast, c::unwatch, 0, 0, 0, "transactions", "2.2.0",
                 "Forgets about watched keys of a transaction.", "O(1)"},
    command_spec{"watch", "watch", -2, fast | not_queued, c::watch, 1, -1, 1, "transactions",
                 "2.2.0", "Monitors changes to keys to determine the execution of a transaction.",
                 "O(1) for every key."},
};

template <std::size_t N>
const command_spec* find_in(const std::array<command_spec, N>& specs, std::string_view name) {
  for (const auto& spec : specs) {
    if (equals_ignore_case(spec.name, name)) return &spec;
  }
  return nullptr;
}

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
  for (const auto& spec : container.subcommands) {
    if (equals_ignore_case(spec.name, name)) return &spec;
  }
  return nullptr;
}

std::span<const command_spec> all_commands() { return command_specs; }

}  // namespace kvmock

#pragma once
// Every group of commands, each defined in its own commands_<group>.cpp. The command table
// gathers them; a new group is one line here and one in command_table.cpp.

#include "command_spec.hpp"

namespace kvmock::commands {

command_group connection_commands();  // PING, ECHO, QUIT, SELECT, RESET, AUTH, HELLO
command_group client_commands();      // CLIENT and its subcommands
command_group string_commands();
command_group bitmap_commands();
command_group hyperloglog_commands();
command_group list_commands();
command_group hash_commands();
command_group set_commands();
command_group sorted_set_commands();
command_group stream_commands();
command_group geo_commands();
command_group key_commands();
command_group dump_commands();  // DUMP, RESTORE, in the generic group
command_group transaction_commands();
command_group server_commands();
command_group debug_commands();  // DEBUG, in the server group
command_group pubsub_commands();
command_group scripting_commands();
command_group function_commands();  // FCALL, FCALL_RO, FUNCTION, in the scripting group

}  // namespace kvmock::commands

#include "errors.hpp"

#include "text.hpp"

namespace kvmock::errors {

std::string arity(std::string_view full_name) {
  return "ERR wrong number of arguments for '" + std::string(full_name) + "' command";
}

std::string prefix_overlaps_existing(std::string_view prefix, std::string_view existing) {
  return "ERR Prefix '" + std::string(prefix) + "' overlaps with an existing prefix '" + std::string(existing) +
         "'. Prefixes for a single client must not overlap.";
}

std::string prefix_overlaps_given(std::string_view prefix, std::string_view other) {
  return "ERR Prefix '" + std::string(prefix) + "' overlaps with another provided prefix '" + std::string(other) +
         "'. Prefixes for a single client must not overlap.";
}

std::string function_unknown_option(std::string_view option) { return "ERR Unknown option given: " + std::string(option); }

std::string function_list_unknown_argument(std::string_view argument) {
  return "ERR Unknown argument " + std::string(argument);
}

std::string library_exists_unquoted(std::string_view name) { return "ERR Library " + std::string(name) + " already exists"; }

std::string block_in_script(std::string_view name) {
  return "ERR " + std::string(name) + " command is not allowed with BLOCK option from scripts";
}

std::string xreadgroup_no_group(std::string_view key, std::string_view group) {
  return "NOGROUP No such key '" + std::string(key) + "' or consumer group '" + std::string(group) +
         "' in XREADGROUP with GROUP option";
}

std::string no_such_group(std::string_view group, std::string_view key) {
  return "NOGROUP No such consumer group '" + std::string(group) + "' for key name '" + std::string(key) + "'";
}

std::string no_such_key_or_group(std::string_view key, std::string_view group) {
  return "NOGROUP No such key '" + std::string(key) + "' or consumer group '" + std::string(group) + "'";
}

std::string xclaim_min_idle(std::string_view command) {
  return "ERR Invalid min-idle-time argument for " + std::string(command);
}

std::string xclaim_option(std::string_view option) {
  return "ERR Invalid " + std::string(option) + " option argument for XCLAIM";
}

std::string xclaim_unknown_option(std::string_view option) {
  return "ERR Unrecognized XCLAIM option '" + std::string(option) + "'";
}

std::string invalid_expire(std::string_view full_name) {
  return "ERR invalid expire time in '" + std::string(full_name) + "' command";
}

std::string unknown_command(std::string_view name, std::string_view quoted_arguments) {
  return "ERR unknown command '" + std::string(name) + "', with args beginning with: " +
         std::string(quoted_arguments);
}

std::string unknown_subcommand(std::string_view subcommand, std::string_view container) {
  return "ERR unknown subcommand '" + std::string(subcommand) + "'. Try " + to_upper(container) + " HELP.";
}

std::string unknown_subcommand_or_arity(std::string_view subcommand, std::string_view container) {
  return "ERR unknown subcommand or wrong number of arguments for '" + std::string(subcommand) + "'. Try " +
         to_upper(container) + " HELP.";
}

std::string not_in_subscribed_mode(std::string_view full_name) {
  return "ERR Can't execute '" + std::string(full_name) +
         "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
}

std::string unknown_client_type(std::string_view type) {
  return "ERR Unknown client type '" + std::string(type) + "'";
}

std::string no_such_user(std::string_view user) { return "ERR No such user '" + std::string(user) + "'"; }

std::string hello_option(std::string_view option) {
  return "ERR Syntax error in HELLO option '" + std::string(option) + "'";
}

std::string unsupported_option(std::string_view option) { return "ERR Unsupported option " + std::string(option); }

std::string unknown_fault_subcommand(std::string_view subcommand) {
  return "ERR unknown subcommand '" + std::string(subcommand) + "'. Try KVMOCK.FAULT ADD|DEL|LIST|CLEAR|LOG.";
}

std::string debug_not_in_kvmock(std::string_view subcommand) {
  return "ERR DEBUG " + to_upper(subcommand) + " is not supported by kvmock: it acts on Redis's internals";
}

std::string geo_store_with_options(bool geosearchstore) {
  return std::string("ERR ") + (geosearchstore ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS") +
         " is not compatible with WITHDIST, WITHHASH and WITHCOORD options";
}

std::string geo_exactly_one_from(std::string_view name) {
  return "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + std::string(name);
}

std::string geo_exactly_one_by(std::string_view name) {
  return "ERR exactly one of BYRADIUS and BYBOX can be specified for " + std::string(name);
}

std::string unknown_pfdebug_subcommand(std::string_view subcommand) {
  return "ERR Unknown PFDEBUG subcommand '" + std::string(subcommand) + "'";
}

std::string at_least_one_key(std::string_view full_name) {
  return "ERR at least 1 input key is needed for '" + std::string(full_name) + "' command";
}

std::string exec_abort_because(std::string_view reason) {
  // Redis quotes the refusal without its generic "ERR " code (execCommandAbort).
  if (reason.starts_with("ERR ")) reason.remove_prefix(4);
  return "EXECABORT Transaction discarded because of: " + std::string(reason);
}

}  // namespace kvmock::errors

// Connection commands: PING, ECHO, QUIT, SELECT, RESET, AUTH, HELLO, CLIENT.

#include "commands.hpp"
#include "server_core.hpp"
#include "kvresp/integer.hpp"
#include "kvresp/writer.hpp"
#include "replies.hpp"

namespace kvmock::commands {
namespace {

inline constexpr std::string_view redis_version = "7.0.15";

bool valid_client_name(std::string_view name) {
  for (const char c : name) {
    if (c < '!' || c > '~') return false;
  }
  return true;
}

inline constexpr std::string_view invalid_client_name =
    "-ERR Client names cannot contain spaces, newlines or special characters.\r\n";

// True when the pair is accepted; with no password configured, the default user takes any.
bool credentials_valid(const server_core& server, std::string_view user, std::string_view password) {
  if (user != "default") return false;
  return !server.requires_password() || password == server.options().requirepass;
}

}  // namespace

bool parse_integer_or_reply(command_context& ctx, std::string_view text, long long& value) {
  if (kvresp::parse_integer(text, value)) return true;
  ctx.out += replies::not_an_integer;
  return false;
}

void reply_map_header(command_context& ctx, std::size_t pairs) {
  if (ctx.client.protocol == 3) {
    kvresp::append_map_header(ctx.out, pairs);
  } else {
    kvresp::append_array_header(ctx.out, pairs * 2);
  }
}

void reply_set_header(command_context& ctx, std::size_t members) {
  if (ctx.client.protocol == 3) {
    ctx.out += '~' + std::to_string(members) + "\r\n";
  } else {
    kvresp::append_array_header(ctx.out, members);
  }
}

void reply_verbatim_text(command_context& ctx, std::string_view text) {
  if (ctx.client.protocol == 3) {
    kvresp::append_verbatim_string(ctx.out, "txt", text);
  } else {
    kvresp::append_bulk_string(ctx.out, text);
  }
}

void ping(command_context& ctx) {
  if (ctx.argv.size() > 2) {
    ctx.out += replies::arity_error("ping");
  } else if (ctx.argv.size() == 2) {
    kvresp::append_bulk_string(ctx.out, ctx.argv[1]);
  } else {
    ctx.out += "+PONG\r\n";
  }
}

void echo(command_context& ctx) { kvresp::append_bulk_string(ctx.out, ctx.argv[1]); }

void quit(command_context& ctx) {
  ctx.out += replies::ok;
  ctx.client.close_after_reply = true;
}

void select(command_context& ctx) {
  long long index = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[1], index)) return;
  if (index < INT32_MIN || index > INT32_MAX) {
    ctx.out += "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n";
    return;
  }
  if (index < 0 || index >= database_count) {
    ctx.out += "-ERR DB index is out of range\r\n";
    return;
  }
  ctx.client.db = static_cast<int>(index);
  ctx.out += replies::ok;
}

// A connection back to how it was opened (Redis 6.2): no transaction, no watched keys, database
// 0, RESP2, no name, not authenticated when a password is required.
void reset(command_context& ctx) {
  if (ctx.client.in_multi) ctx.core.discard_transaction(ctx.client);
  ctx.core.watches().unwatch_all(ctx.client);
  ctx.client.db = 0;
  ctx.client.protocol = 2;
  ctx.client.name.clear();
  ctx.client.authenticated = !ctx.core.requires_password();
  ctx.out += "+RESET\r\n";
}

void auth(command_context& ctx) {
  if (ctx.argv.size() > 3) {
    ctx.out += replies::syntax_error;
    return;
  }
  if (ctx.argv.size() == 2 && !ctx.core.requires_password()) {
    ctx.out +=
        "-ERR AUTH <password> called without any password configured for the default user. "
        "Are you sure your configuration is correct?\r\n";
    return;
  }
  const std::string_view user = ctx.argv.size() == 2 ? "default" : ctx.argv[1];
  const std::string_view password = ctx.argv.back();
  if (!credentials_valid(ctx.core, user, password)) {
    ctx.out += replies::wrong_pass;
    return;
  }
  ctx.client.authenticated = true;
  ctx.out += replies::ok;
}

void hello(command_context& ctx) {
  const auto& argv = ctx.argv;
  long long version = 0;
  std::size_t next = 1;
  if (argv.size() >= 2) {
    if (!kvresp::parse_integer(argv[next++], version)) {
      ctx.out += "-ERR Protocol version is not an integer or out of range\r\n";
      return;
    }
    if (version != 2 && version != 3) {
      ctx.out += "-NOPROTO unsupported protocol version\r\n";
      return;
    }
  }
  std::string_view user, password, name;
  bool has_credentials = false, has_name = false;
  for (std::size_t j = next; j < argv.size(); ++j) {
    const std::size_t more = argv.size() - 1 - j;
    if (equals_ignore_case(argv[j], "auth") && more >= 2) {
      user = argv[j + 1];
      password = argv[j + 2];
      has_credentials = true;
      j += 2;
    } else if (equals_ignore_case(argv[j], "setname") && more >= 1) {
      name = argv[j + 1];
      if (!valid_client_name(name)) {
        ctx.out += invalid_client_name;
        return;
      }
      has_name = true;
      ++j;
    } else {
      std::string message = "ERR Syntax error in HELLO option '";
      message += argv[j];
      message += '\'';
      kvresp::append_error(ctx.out, message);
      return;
    }
  }
  if (has_credentials) {
    if (!credentials_valid(ctx.core, user, password)) {
      ctx.out += replies::wrong_pass;
      return;
    }
    ctx.client.authenticated = true;
  }
  if (!ctx.client.authenticated) {
    ctx.out +=
        "-NOAUTH HELLO must be called with the client already authenticated, otherwise the "
        "HELLO AUTH <user> <pass> option can be used to authenticate the client and "
        "select the RESP protocol version at the same time\r\n";
    return;
  }
  if (has_name) ctx.client.name = name;
  if (version != 0) ctx.client.protocol = static_cast<int>(version);
  reply_map_header(ctx, 7);
  kvresp::append_bulk_string(ctx.out, "server");
  kvresp::append_bulk_string(ctx.out, "redis");
  kvresp::append_bulk_string(ctx.out, "version");
  kvresp::append_bulk_string(ctx.out, redis_version);
  kvresp::append_bulk_string(ctx.out, "proto");
  kvresp::append_integer(ctx.out, ctx.client.protocol);
  kvresp::append_bulk_string(ctx.out, "id");
  kvresp::append_integer(ctx.out, static_cast<long long>(ctx.client.id));
  kvresp::append_bulk_string(ctx.out, "mode");
  kvresp::append_bulk_string(ctx.out, "standalone");
  kvresp::append_bulk_string(ctx.out, "role");
  kvresp::append_bulk_string(ctx.out, "master");
  kvresp::append_bulk_string(ctx.out, "modules");
  ctx.out += replies::empty_array;
}

void client_setname(command_context& ctx) {
  if (!valid_client_name(ctx.argv[2])) {
    ctx.out += invalid_client_name;
    return;
  }
  ctx.client.name = ctx.argv[2];
  ctx.out += replies::ok;
}

void client_getname(command_context& ctx) {
  if (ctx.client.name.empty()) {
    reply_null(ctx);
  } else {
    kvresp::append_bulk_string(ctx.out, ctx.client.name);
  }
}

void client_id(command_context& ctx) {
  kvresp::append_integer(ctx.out, static_cast<long long>(ctx.client.id));
}

void client_help(command_context& ctx) {
  constexpr std::string_view lines[] = {
      "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GETNAME",
      "    Return the name of the current connection.",
      "ID",
      "    Return the ID of the current connection.",
      "KILL <ip:port>",
      "    Kill connection made from <ip:port>.",
      "KILL <option> <value> [<option> <value> [...]]",
      "    Kill connections. Options are:",
      "    * ADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made from the specified address",
      "    * LADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made to specified local address",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Kill connections by type.",
      "    * USER <username>",
      "      Kill connections authenticated by <username>.",
      "    * SKIPME (YES|NO)",
      "      Skip killing current connection (default: yes).",
      "LIST [options ...]",
      "    Return information about client connections. Options:",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Return clients of specified type.",
      "UNPAUSE",
      "    Stop the current client pause, resuming traffic.",
      "PAUSE <timeout> [WRITE|ALL]",
      "    Suspend all, or just write, clients for <timeout> milliseconds.",
      "SETNAME <name>",
      "    Assign the name <name> to the current connection.",
      "HELP",
      "    Print this help.",
  };
  append_help(ctx.out, lines);
}

}  // namespace kvmock::commands

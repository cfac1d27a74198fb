// CLIENT LIST, CLIENT KILL (the old ADDR form and the filter form), CLIENT PAUSE and CLIENT
// UNPAUSE, so tests can list, kill or pause connections as they would on a real Redis.

#include <algorithm>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "command_support.hpp"
#include "kvresp/integer.hpp"

#include <optional>

namespace kvmock::commands {
namespace {

// One line as Redis 7.0's clientInfoString writes it. The memory figures are the fake's own: it
// does not account buffers as Redis does.
std::string describe(const session& client, unix_ms now) {
  const long long age = (now - client.opened_at) / 1000;
  const long long idle = (now - client.last_command_at) / 1000;
  const long long multi = client.in_multi ? static_cast<long long>(client.queued.size()) : -1;
  std::string flags;
  if (client.subscribed()) flags += 'P';
  if (client.in_multi) flags += 'x';
  if (client.blocked) flags += 'b';
  if (client.no_evict) flags += 'e';
  if (flags.empty()) flags = "N";
  std::string line = "id=" + std::to_string(client.id) + " addr=" + client.address +
                     " laddr=" + client.local_address + " fd=" + std::to_string(client.fd) +
                     " name=" + client.name + " age=" + std::to_string(age) +
                     " idle=" + std::to_string(idle) + " flags=" + flags +
                     " db=" + std::to_string(client.db) + " sub=" + std::to_string(client.channels.size()) +
                     " psub=" + std::to_string(client.patterns.size()) +
                     " ssub=" + std::to_string(client.shard_channels.size()) + " multi=" +
                     std::to_string(multi) +
                     " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=16384 rbp=0 obl=0 oll=0 "
                     "omem=0 tot-mem=0 events=r cmd=" +
                     std::string(client.last_command) + " user=default redir=-1 resp=" +
                     std::to_string(client.protocol) + "\n";
  return line;
}

// The fake's clients are of type pubsub while subscribed (in either protocol), else normal.
bool of_type(const session& client, std::string_view type) {
  return equals_ignore_case(type, client.subscribed() ? "pubsub" : "normal");
}

bool is_client_type(std::string_view name) {
  return equals_ignore_case(name, "normal") || equals_ignore_case(name, "master") ||
         equals_ignore_case(name, "replica") || equals_ignore_case(name, "slave") ||
         equals_ignore_case(name, "pubsub");
}

// Closes `target`: at once for another client, after this reply for the caller itself.
void kill(command_context& ctx, session& target) {
  if (&target == &ctx.client) {
    ctx.client.close_after_reply = true;
  } else {
    ctx.core.kill(target.id);
  }
}


void client_list(command_context& ctx) {
  std::optional<std::string_view> type;
  std::vector<std::uint64_t> ids;
  for (std::size_t j = 2; j < ctx.argv.size(); ++j) {
    if (equals_ignore_case(ctx.argv[j], "type") && j + 1 < ctx.argv.size()) {
      type = ctx.argv[++j];
      if (!is_client_type(*type)) {
        ctx.reply.error(errors::unknown_client_type(*type));
        return;
      }
    } else if (equals_ignore_case(ctx.argv[j], "id") && j + 1 < ctx.argv.size()) {
      for (++j; j < ctx.argv.size(); ++j) {
        long long id = 0;
        if (!kvresp::parse_integer(ctx.argv[j], id)) {
          ctx.reply.error(errors::invalid_client_id);
          return;
        }
        ids.push_back(static_cast<std::uint64_t>(id));
      }
    } else {
      ctx.reply.error(errors::syntax);
      return;
    }
  }
  std::string text;
  for (const auto& [id, client] : ctx.core.sessions()) {
    if ((!type || of_type(*client, *type)) &&
        (ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end())) {
      text += describe(*client, ctx.now);
    }
  }
  ctx.reply.verbatim(text);
}

void client_kill(command_context& ctx) {
  const auto& clients = ctx.core.sessions();
  if (ctx.argv.size() == 3) {  // CLIENT KILL addr:port
    for (const auto& [id, client] : clients) {
      if (client->address == ctx.argv[2]) {
        kill(ctx, *client);
        ctx.reply.ok();
        return;
      }
    }
    ctx.reply.error(errors::no_such_client);
    return;
  }
  if (ctx.argv.size() % 2 != 0) {
    ctx.reply.error(errors::syntax);
    return;
  }
  std::uint64_t id_filter = 0;
  std::string_view address, local_address;
  std::optional<std::string_view> type;
  bool skip_me = true;
  for (std::size_t j = 2; j < ctx.argv.size(); j += 2) {
    const std::string_view option = ctx.argv[j];
    const std::string_view value = ctx.argv[j + 1];
    if (equals_ignore_case(option, "id")) {
      long long id = 0;
      if (!kvresp::parse_integer(value, id) || id <= 0) {
        ctx.reply.error(errors::client_id_positive);
        return;
      }
      id_filter = static_cast<std::uint64_t>(id);
    } else if (equals_ignore_case(option, "type")) {
      if (!is_client_type(value)) {
        ctx.reply.error(errors::unknown_client_type(value));
        return;
      }
      type = value;
    } else if (equals_ignore_case(option, "addr")) {
      address = value;
    } else if (equals_ignore_case(option, "laddr")) {
      local_address = value;
    } else if (equals_ignore_case(option, "user")) {
      if (value != "default") {
        ctx.reply.error(errors::no_such_user(value));
        return;
      }
    } else if (equals_ignore_case(option, "skipme")) {
      if (equals_ignore_case(value, "yes")) {
        skip_me = true;
      } else if (equals_ignore_case(value, "no")) {
        skip_me = false;
      } else {
        ctx.reply.error(errors::syntax);
        return;
      }
    } else {
      ctx.reply.error(errors::syntax);
      return;
    }
  }
  std::vector<session*> matching;
  for (const auto& [id, client] : clients) {
    if ((type && !of_type(*client, *type)) || (id_filter != 0 && id != id_filter) ||
        (!address.empty() && client->address != address) ||
        (!local_address.empty() && client->local_address != local_address) ||
        (skip_me && client == &ctx.client)) {
      continue;
    }
    matching.push_back(client);
  }
  for (session* client : matching) kill(ctx, *client);
  ctx.reply.integer(static_cast<long long>(matching.size()));
}

void client_pause(command_context& ctx) {
  long long timeout = 0;
  if (!parse_timeout_or_reply(ctx, ctx.argv[2], timeout)) return;
  bool writes_only = false;
  if (ctx.argv.size() == 4) {
    if (equals_ignore_case(ctx.argv[3], "write")) {
      writes_only = true;
    } else if (!equals_ignore_case(ctx.argv[3], "all")) {
      ctx.reply.error(errors::pause_mode);
      return;
    }
  } else if (ctx.argv.size() > 4) {
    ctx.reply.error(errors::unknown_subcommand_or_arity(ctx.argv[1], "client"));
    return;
  }
  ctx.core.pause(ctx.now + timeout, writes_only);
  ctx.reply.ok();
}

void client_unpause(command_context& ctx) {
  ctx.core.unpause();
  ctx.reply.ok();
}

void client_setname(command_context& ctx) {
  if (!valid_client_name(ctx.argv[2])) {
    ctx.reply.error(errors::invalid_client_name);
    return;
  }
  ctx.client.name = ctx.argv[2];
  ctx.reply.ok();
}

void client_getname(command_context& ctx) {
  if (ctx.client.name.empty()) {
    ctx.reply.null();
  } else {
    ctx.reply.bulk(ctx.client.name);
  }
}

void client_id(command_context& ctx) {
  ctx.reply.integer(static_cast<long long>(ctx.client.id));
}

void client_info(command_context& ctx) { ctx.reply.verbatim(describe(ctx.client, ctx.now)); }

// CLIENT REPLY ON|OFF|SKIP: OFF and SKIP answer nothing, ON answers OK whatever came before.
void client_reply(command_context& ctx) {
  if (equals_ignore_case(ctx.argv[2], "on")) {
    ctx.client.replies_off = false;
    ctx.client.skip_this_reply = false;
    ctx.reply.ok();
  } else if (equals_ignore_case(ctx.argv[2], "off")) {
    ctx.client.replies_off = true;
  } else if (equals_ignore_case(ctx.argv[2], "skip")) {
    if (!ctx.client.replies_off) ctx.client.skip_next_reply = true;
  } else {
    ctx.reply.error(errors::syntax);
  }
}

void client_no_evict(command_context& ctx) {
  if (equals_ignore_case(ctx.argv[2], "on")) {
    ctx.client.no_evict = true;
  } else if (equals_ignore_case(ctx.argv[2], "off")) {
    ctx.client.no_evict = false;
  } else {
    return ctx.reply.error(errors::syntax);
  }
  ctx.reply.ok();
}

// CLIENT UNBLOCK id [TIMEOUT|ERROR]: a client waiting in a blocking command is answered as on
// its timeout, or with the UNBLOCKED error; 1 if it was waiting, else 0.
void client_unblock(command_context& ctx) {
  if (ctx.argv.size() > 4) {
    ctx.reply.error(errors::unknown_subcommand_or_arity(ctx.argv[1], "client"));
    return;
  }
  bool with_error = false;
  if (ctx.argv.size() == 4) {
    if (equals_ignore_case(ctx.argv[3], "error")) {
      with_error = true;
    } else if (!equals_ignore_case(ctx.argv[3], "timeout")) {
      ctx.reply.error(errors::unblock_reason);
      return;
    }
  }
  long long id = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[2], id)) return;
  const auto& clients = ctx.core.sessions();
  const auto target = clients.find(static_cast<std::uint64_t>(id));
  ctx.reply.integer(target != clients.end() && ctx.core.unblock(*target->second, with_error) ? 1 : 0);
}

void client_help(command_context& ctx) {
  constexpr std::string_view lines[] = {
      "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GETNAME",
      "    Return the name of the current connection.",
      "ID",
      "    Return the ID of the current connection.",
      "INFO",
      "    Return information about the current client connection.",
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
      "REPLY (ON|OFF|SKIP)",
      "    Control the replies sent to the current connection.",
      "SETNAME <name>",
      "    Assign the name <name> to the current connection.",
      "UNBLOCK <clientid> [TIMEOUT|ERROR]",
      "    Unblock the specified blocked client.",
      "NO-EVICT (ON|OFF)",
      "    Protect current client connection from eviction.",
      "HELP",
      "    Prints this help.",
  };
  reply_help(ctx, lines);
}

}  // namespace

command_group client_commands() {
  using namespace command_flag;
  static constexpr command_spec client_subcommands[] = {
      {.name = "getname", .arity = 2, .flags = fast | no_script, .handler = client_getname, .since = "2.6.9",
       .summary = "Returns the name of the connection.",
       .complexity = "O(1)"},
      {.name = "help", .arity = 2, .flags = fast | no_script, .handler = client_help, .since = "5.0.0",
       .summary = "Returns helpful text about the different subcommands.",
       .complexity = "O(1)"},
      {.name = "id", .arity = 2, .flags = fast | no_script, .handler = client_id, .since = "5.0.0",
       .summary = "Returns the unique client ID of the connection.",
       .complexity = "O(1)"},
      {.name = "info", .arity = 2, .flags = no_script, .handler = client_info, .since = "6.2.0",
       .summary = "Returns information about the connection.",
       .complexity = "O(1)"},
      {.name = "kill", .arity = -3, .flags = admin | no_script, .handler = client_kill, .since = "2.4.0",
       .summary = "Terminates open connections.",
       .complexity = "O(N) where N is the number of client connections"},
      {.name = "list", .arity = -2, .flags = admin | no_script, .handler = client_list, .since = "2.4.0",
       .summary = "Lists open connections.",
       .complexity = "O(N) where N is the number of client connections"},
      {.name = "no-evict", .arity = 3, .flags = admin | no_script, .handler = client_no_evict, .since = "7.0.0",
       .summary = "Sets the client eviction mode of the connection.",
       .complexity = "O(1)"},
      {.name = "pause", .arity = -3, .flags = admin | no_script, .handler = client_pause, .since = "3.0.0",
       .summary = "Suspends commands processing.",
       .complexity = "O(1)"},
      {.name = "reply", .arity = 3, .flags = no_script, .handler = client_reply, .since = "3.2.0",
       .summary = "Instructs the server whether to reply to commands.",
       .complexity = "O(1)"},
      {.name = "setname", .arity = 3, .flags = fast | no_script, .handler = client_setname, .since = "2.6.9",
       .summary = "Sets the connection name.",
       .complexity = "O(1)"},
      {.name = "unblock", .arity = -3, .flags = admin | no_script, .handler = client_unblock, .since = "5.0.0",
       .summary = "Unblocks a client blocked by a blocking command from a different connection.",
       .complexity = "O(log N) where N is the number of client connections"},
      {.name = "unpause", .arity = 2, .flags = admin | no_script, .handler = client_unpause, .since = "6.2.0",
       .summary = "Resumes processing commands from paused clients.",
       .complexity = "O(N) Where N is the number of paused clients"},
  };
  static constexpr command_spec specs[] = {
      {.name = "client", .arity = -2, .since = "2.4.0",
       .summary = "A container for client connection commands.",
       .complexity = "Depends on subcommand.",
       .subcommands = client_subcommands},
  };
  return {"connection", specs};
}

}  // namespace kvmock::commands

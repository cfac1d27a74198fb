// CLIENT LIST, CLIENT KILL (the old ADDR form and the filter form), CLIENT PAUSE and CLIENT
// UNPAUSE, so tests can list, kill or pause connections as they would on a real Redis.

#include <algorithm>
#include <string>
#include <vector>

#include "commands.hpp"
#include "kvresp/integer.hpp"
#include "kvresp/writer.hpp"

namespace kvmock::commands {
namespace {

// One line as Redis 7.0's clientInfoString writes it. The memory figures are the fake's own: it
// does not account buffers as Redis does.
std::string describe(const session& client, unix_ms now) {
  const long long age = (now - client.opened_at) / 1000;
  const long long idle = (now - client.last_command_at) / 1000;
  const long long multi = client.in_multi ? static_cast<long long>(client.queued.size()) : -1;
  std::string line = "id=" + std::to_string(client.id) + " addr=" + client.address +
                     " laddr=" + client.local_address + " fd=" + std::to_string(client.fd) +
                     " name=" + client.name + " age=" + std::to_string(age) +
                     " idle=" + std::to_string(idle) + " flags=" + (client.in_multi ? "x" : "N") +
                     " db=" + std::to_string(client.db) + " sub=0 psub=0 ssub=0 multi=" +
                     std::to_string(multi) +
                     " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=16384 rbp=0 obl=0 oll=0 "
                     "omem=0 tot-mem=0 events=r cmd=" +
                     std::string(client.last_command) + " user=default redir=-1 resp=" +
                     std::to_string(client.protocol) + "\n";
  return line;
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

}  // namespace

void client_list(command_context& ctx) {
  bool normal_only = true;  // every client of the fake is of type normal
  std::vector<std::uint64_t> ids;
  for (std::size_t j = 2; j < ctx.argv.size(); ++j) {
    if (equals_ignore_case(ctx.argv[j], "type") && j + 1 < ctx.argv.size()) {
      const std::string_view type = ctx.argv[++j];
      if (!is_client_type(type)) {
        kvresp::append_error(ctx.out, "ERR Unknown client type '" + std::string(type) + "'");
        return;
      }
      normal_only = equals_ignore_case(type, "normal");
    } else if (equals_ignore_case(ctx.argv[j], "id") && j + 1 < ctx.argv.size()) {
      for (++j; j < ctx.argv.size(); ++j) {
        long long id = 0;
        if (!kvresp::parse_integer(ctx.argv[j], id)) {
          ctx.out += "-ERR Invalid client ID\r\n";
          return;
        }
        ids.push_back(static_cast<std::uint64_t>(id));
      }
    } else {
      ctx.out += replies::syntax_error;
      return;
    }
  }
  std::string text;
  if (normal_only) {
    for (const auto& [id, client] : ctx.core.sessions()) {
      if (ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end()) {
        text += describe(*client, ctx.now);
      }
    }
  }
  reply_verbatim_text(ctx, text);
}

void client_kill(command_context& ctx) {
  const auto& clients = ctx.core.sessions();
  if (ctx.argv.size() == 3) {  // CLIENT KILL addr:port
    for (const auto& [id, client] : clients) {
      if (client->address == ctx.argv[2]) {
        kill(ctx, *client);
        ctx.out += replies::ok;
        return;
      }
    }
    ctx.out += "-ERR No such client\r\n";
    return;
  }
  if (ctx.argv.size() % 2 != 0) {
    ctx.out += replies::syntax_error;
    return;
  }
  std::uint64_t id_filter = 0;
  std::string_view address, local_address;
  bool skip_me = true, none_match = false;
  for (std::size_t j = 2; j < ctx.argv.size(); j += 2) {
    const std::string_view option = ctx.argv[j];
    const std::string_view value = ctx.argv[j + 1];
    if (equals_ignore_case(option, "id")) {
      long long id = 0;
      if (!kvresp::parse_integer(value, id) || id <= 0) {
        ctx.out += "-ERR client-id should be greater than 0\r\n";
        return;
      }
      id_filter = static_cast<std::uint64_t>(id);
    } else if (equals_ignore_case(option, "type")) {
      if (!is_client_type(value)) {
        kvresp::append_error(ctx.out, "ERR Unknown client type '" + std::string(value) + "'");
        return;
      }
      none_match = none_match || !equals_ignore_case(value, "normal");
    } else if (equals_ignore_case(option, "addr")) {
      address = value;
    } else if (equals_ignore_case(option, "laddr")) {
      local_address = value;
    } else if (equals_ignore_case(option, "user")) {
      if (value != "default") {
        kvresp::append_error(ctx.out, "ERR No such user '" + std::string(value) + "'");
        return;
      }
    } else if (equals_ignore_case(option, "skipme")) {
      if (equals_ignore_case(value, "yes")) {
        skip_me = true;
      } else if (equals_ignore_case(value, "no")) {
        skip_me = false;
      } else {
        ctx.out += replies::syntax_error;
        return;
      }
    } else {
      ctx.out += replies::syntax_error;
      return;
    }
  }
  std::vector<session*> matching;
  for (const auto& [id, client] : clients) {
    if (none_match || (id_filter != 0 && id != id_filter) ||
        (!address.empty() && client->address != address) ||
        (!local_address.empty() && client->local_address != local_address) ||
        (skip_me && client == &ctx.client)) {
      continue;
    }
    matching.push_back(client);
  }
  for (session* client : matching) kill(ctx, *client);
  kvresp::append_integer(ctx.out, static_cast<long long>(matching.size()));
}

void client_pause(command_context& ctx) {
  long long timeout = 0;
  if (!kvresp::parse_integer(ctx.argv[2], timeout)) {
    ctx.out += "-ERR timeout is not an integer or out of range\r\n";
    return;
  }
  if (timeout < 0) {
    ctx.out += "-ERR timeout is negative\r\n";
    return;
  }
  bool writes_only = false;
  if (ctx.argv.size() == 4) {
    if (equals_ignore_case(ctx.argv[3], "write")) {
      writes_only = true;
    } else if (!equals_ignore_case(ctx.argv[3], "all")) {
      ctx.out += "-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n";
      return;
    }
  } else if (ctx.argv.size() > 4) {
    kvresp::append_error(ctx.out, "ERR unknown subcommand or wrong number of arguments for '" +
                                      std::string(ctx.argv[1]) + "'. Try CLIENT HELP.");
    return;
  }
  ctx.core.pause(ctx.now + timeout, writes_only);
  ctx.out += replies::ok;
}

void client_unpause(command_context& ctx) {
  ctx.core.unpause();
  ctx.out += replies::ok;
}

}  // namespace kvmock::commands

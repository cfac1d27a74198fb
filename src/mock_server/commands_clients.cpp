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
  if (client.tracking.on) flags += 't';
  if (client.tracking.broken_redirect) flags += 'R';
  if (client.tracking.bcast) flags += 'B';
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
                     std::string(client.last_command) + " user=default redir=" +
                     std::to_string(client.tracking.redirect_shown()) + " resp=" +
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

// Whether one of the prefixes starts with the other.
bool overlap(std::string_view a, std::string_view b) { return a.starts_with(b) || b.starts_with(a); }

// CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p]... [BCAST] [OPTIN] [OPTOUT] [NOLOOP], checked
// in Redis's order: the options, then their combination with each other and with the client's
// current mode.
void client_tracking_command(command_context& ctx) {
  const auto& argv = ctx.argv;
  client_tracking wanted;
  std::vector<std::string> prefixes;
  for (std::size_t j = 3; j < argv.size(); ++j) {
    const bool more = j + 1 < argv.size();
    if (equals_ignore_case(argv[j], "redirect") && more) {
      ++j;
      if (wanted.redirect != 0) return ctx.reply.error(errors::tracking_single_redirect);
      long long id = 0;
      if (!parse_integer_or_reply(ctx, argv[j], id)) return;
      if (!ctx.core.sessions().contains(static_cast<std::uint64_t>(id))) {
        return ctx.reply.error(errors::tracking_redirect_missing);
      }
      wanted.redirect = static_cast<std::uint64_t>(id);
    } else if (equals_ignore_case(argv[j], "bcast")) {
      wanted.bcast = true;
    } else if (equals_ignore_case(argv[j], "optin")) {
      wanted.optin = true;
    } else if (equals_ignore_case(argv[j], "optout")) {
      wanted.optout = true;
    } else if (equals_ignore_case(argv[j], "noloop")) {
      wanted.noloop = true;
    } else if (equals_ignore_case(argv[j], "prefix") && more) {
      prefixes.emplace_back(argv[++j]);
    } else {
      return ctx.reply.error(errors::syntax);
    }
  }
  client_tracking& current = ctx.client.tracking;
  if (equals_ignore_case(argv[2], "off")) {
    ctx.core.stop_tracking(ctx.client);
    return ctx.reply.ok();
  }
  if (!equals_ignore_case(argv[2], "on")) return ctx.reply.error(errors::syntax);
  if (!wanted.bcast && !prefixes.empty()) return ctx.reply.error(errors::tracking_prefix_needs_bcast);
  if (current.on && current.bcast != wanted.bcast) return ctx.reply.error(errors::tracking_bcast_switch);
  if (wanted.bcast && (wanted.optin || wanted.optout)) return ctx.reply.error(errors::tracking_opt_with_bcast);
  if (wanted.optin && wanted.optout) return ctx.reply.error(errors::tracking_optin_and_optout);
  if ((wanted.optin && current.optout) || (wanted.optout && current.optin)) {
    return ctx.reply.error(errors::tracking_opt_switch);
  }
  if (wanted.bcast) {
    for (std::size_t i = 0; i < prefixes.size(); ++i) {
      for (const auto& existing : current.prefixes) {
        if (overlap(existing, prefixes[i])) return ctx.reply.error(errors::prefix_overlaps_existing(prefixes[i], existing));
      }
      for (std::size_t j = i + 1; j < prefixes.size(); ++j) {
        if (overlap(prefixes[i], prefixes[j])) return ctx.reply.error(errors::prefix_overlaps_given(prefixes[i], prefixes[j]));
      }
    }
  }
  // Redis's enableTracking: the modes are replaced, BCAST prefixes are added to the ones kept.
  wanted.on = true;
  wanted.caching = current.caching;
  if (wanted.bcast) {
    wanted.prefixes = current.prefixes;
    if (prefixes.empty()) prefixes.emplace_back();
    for (auto& prefix : prefixes) {
      if (std::find(wanted.prefixes.begin(), wanted.prefixes.end(), prefix) == wanted.prefixes.end()) {
        wanted.prefixes.push_back(std::move(prefix));
      }
    }
    std::sort(wanted.prefixes.begin(), wanted.prefixes.end());
  }
  current = std::move(wanted);
  ctx.core.start_tracking(ctx.client);
  ctx.reply.ok();
}

void client_caching(command_context& ctx) {
  client_tracking& tracking = ctx.client.tracking;
  if (!tracking.on) return ctx.reply.error(errors::caching_without_tracking);
  if (equals_ignore_case(ctx.argv[2], "yes")) {
    if (!tracking.optin) return ctx.reply.error(errors::caching_yes_without_optin);
  } else if (equals_ignore_case(ctx.argv[2], "no")) {
    if (!tracking.optout) return ctx.reply.error(errors::caching_no_without_optout);
  } else {
    return ctx.reply.error(errors::syntax);
  }
  tracking.caching = true;
  ctx.reply.ok();
}

void client_getredir(command_context& ctx) {
  const client_tracking& tracking = ctx.client.tracking;
  ctx.reply.integer(tracking.redirect_shown());
}

void client_trackinginfo(command_context& ctx) {
  const client_tracking& tracking = ctx.client.tracking;
  std::vector<std::string_view> flags{tracking.on ? "on" : "off"};
  if (tracking.bcast) flags.emplace_back("bcast");
  if (tracking.optin) flags.emplace_back("optin");
  if (tracking.optin && tracking.caching) flags.emplace_back("caching-yes");
  if (tracking.optout) flags.emplace_back("optout");
  if (tracking.optout && tracking.caching) flags.emplace_back("caching-no");
  if (tracking.noloop) flags.emplace_back("noloop");
  if (tracking.broken_redirect) flags.emplace_back("broken_redirect");
  ctx.reply.map(3);
  ctx.reply.bulk("flags");
  ctx.reply.set(flags.size());
  for (const auto flag : flags) ctx.reply.bulk(flag);
  ctx.reply.bulk("redirect");
  ctx.reply.integer(tracking.redirect_shown());
  ctx.reply.bulk("prefixes");
  ctx.reply.array(tracking.prefixes.size());
  for (const auto& prefix : tracking.prefixes) ctx.reply.bulk(prefix);
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
      "CACHING (YES|NO)",
      "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
      "GETREDIR",
      "    Return the client ID we are redirecting to when tracking is enabled.",
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
      "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
      "         [OPTIN] [OPTOUT] [NOLOOP]",
      "    Control server assisted client side caching.",
      "TRACKINGINFO",
      "    Report tracking status for the current connection.",
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
      {.name = "caching", .arity = 3, .flags = fast | no_script, .handler = client_caching, .since = "6.0.0",
       .summary = "Instructs the server whether to track the keys in the next request.",
       .complexity = "O(1)"},
      {.name = "getname", .arity = 2, .flags = fast | no_script, .handler = client_getname, .since = "2.6.9",
       .summary = "Returns the name of the connection.",
       .complexity = "O(1)"},
      {.name = "getredir", .arity = 2, .flags = fast | no_script, .handler = client_getredir, .since = "6.0.0",
       .summary = "Returns the client ID to which the connection's tracking notifications are redirected.",
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
      {.name = "tracking", .arity = -3, .flags = fast | no_script, .handler = client_tracking_command, .since = "6.0.0",
       .summary = "Controls server-assisted client-side caching for the connection.",
       .complexity = "O(1). Some options may introduce additional complexity."},
      {.name = "trackinginfo", .arity = 2, .flags = fast | no_script, .handler = client_trackinginfo, .since = "6.2.0",
       .summary = "Returns information about server-assisted client-side caching for the connection.",
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

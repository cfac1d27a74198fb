// Connection commands: PING, ECHO, QUIT, SELECT, RESET, AUTH, HELLO, CLIENT.

#include "command_groups.hpp"
#include "command_support.hpp"
#include "server_core.hpp"
#include "kvresp/integer.hpp"

namespace kvmock::commands {
namespace {

inline constexpr std::string_view redis_version = "7.0.15";

// True when the pair is accepted; with no password configured, the default user takes any.
bool credentials_valid(const server_core& server, std::string_view user, std::string_view password) {
  if (user != "default") return false;
  return !server.requires_password() || password == server.config().values().requirepass;
}


void ping(command_context& ctx) {
  if (ctx.argv.size() > 2) {
    ctx.reply.error(errors::arity("ping"));
  } else if (ctx.client.subscribed() && !ctx.reply.resp3()) {
    // RESP2's pub/sub mode answers with an array, as a message would come.
    ctx.reply.array(2);
    ctx.reply.bulk("pong");
    ctx.reply.bulk(ctx.argv.size() == 2 ? ctx.argv[1] : "");
  } else if (ctx.argv.size() == 2) {
    ctx.reply.bulk(ctx.argv[1]);
  } else {
    ctx.reply.status("PONG");
  }
}

void echo(command_context& ctx) { ctx.reply.bulk(ctx.argv[1]); }

void quit(command_context& ctx) {
  ctx.reply.ok();
  ctx.client.close_after_reply = true;
}

void select(command_context& ctx) {
  long long index = 0;
  if (!parse_integer_or_reply(ctx, ctx.argv[1], index)) return;
  if (index < INT32_MIN || index > INT32_MAX) {
    ctx.reply.error(errors::db_index_not_int32);
    return;
  }
  if (index < 0 || index >= database_count) {
    ctx.reply.error(errors::db_index_out_of_range);
    return;
  }
  ctx.client.db = static_cast<int>(index);
  ctx.reply.ok();
}

// A connection back to how it was opened (Redis 6.2): no transaction, no watched keys, database
// 0, RESP2, no name, not authenticated when a password is required.
void reset(command_context& ctx) {
  if (ctx.client.in_multi) ctx.core.discard_transaction(ctx.client);
  ctx.core.watches().unwatch_all(ctx.client);
  ctx.core.pubsub().unsubscribe_all(ctx.client);
  ctx.core.stop_tracking(ctx.client);
  ctx.client.db = 0;
  ctx.client.protocol = 2;
  ctx.client.name.clear();
  ctx.client.authenticated = !ctx.core.requires_password();
  ctx.reply.status("RESET");
}

void auth(command_context& ctx) {
  if (ctx.argv.size() > 3) {
    ctx.reply.error(errors::syntax);
    return;
  }
  if (ctx.argv.size() == 2 && !ctx.core.requires_password()) {
    ctx.reply.error(errors::auth_without_password);
    return;
  }
  const std::string_view user = ctx.argv.size() == 2 ? "default" : ctx.argv[1];
  const std::string_view password = ctx.argv.back();
  if (!credentials_valid(ctx.core, user, password)) {
    ctx.reply.error(errors::wrong_pass);
    return;
  }
  ctx.client.authenticated = true;
  ctx.reply.ok();
}

void hello(command_context& ctx) {
  const auto& argv = ctx.argv;
  long long version = 0;
  std::size_t next = 1;
  if (argv.size() >= 2) {
    if (!kvresp::parse_integer(argv[next++], version)) {
      ctx.reply.error(errors::protocol_not_an_integer);
      return;
    }
    if (version != 2 && version != 3) {
      ctx.reply.error(errors::no_proto);
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
        ctx.reply.error(errors::invalid_client_name);
        return;
      }
      has_name = true;
      ++j;
    } else {
      ctx.reply.error(errors::hello_option(argv[j]));
      return;
    }
  }
  if (has_credentials) {
    if (!credentials_valid(ctx.core, user, password)) {
      ctx.reply.error(errors::wrong_pass);
      return;
    }
    ctx.client.authenticated = true;
  }
  if (!ctx.client.authenticated) {
    ctx.reply.error(errors::hello_needs_auth);
    return;
  }
  if (has_name) ctx.client.name = name;
  if (version != 0) ctx.client.protocol = static_cast<int>(version);
  ctx.reply.map(7);
  ctx.reply.bulk("server");
  ctx.reply.bulk("redis");
  ctx.reply.bulk("version");
  ctx.reply.bulk(redis_version);
  ctx.reply.bulk("proto");
  ctx.reply.integer(ctx.client.protocol);
  ctx.reply.bulk("id");
  ctx.reply.integer(static_cast<long long>(ctx.client.id));
  ctx.reply.bulk("mode");
  ctx.reply.bulk("standalone");
  ctx.reply.bulk("role");
  ctx.reply.bulk("master");
  ctx.reply.bulk("modules");
  ctx.reply.array(0);
}

}  // namespace

command_group connection_commands() {
  using namespace command_flag;
  static constexpr command_spec specs[] = {
      {.name = "auth", .arity = -2, .flags = no_auth | fast | no_script | allow_busy, .handler = auth, .since = "1.0.0",
       .summary = "Authenticates the connection.",
       .complexity = "O(N) where N is the number of passwords defined for the user"},
      {.name = "echo", .arity = 2, .flags = fast, .handler = echo, .since = "1.0.0",
       .summary = "Returns the given string.",
       .complexity = "O(1)"},
      {.name = "hello", .arity = -1, .flags = no_auth | fast | no_script | allow_busy, .handler = hello, .since = "6.0.0",
       .summary = "Handshakes with the Redis server.",
       .complexity = "O(1)"},
      {.name = "ping", .arity = -1, .flags = fast | subscribed_ok, .handler = ping, .since = "1.0.0",
       .summary = "Returns the server's liveliness response.",
       .complexity = "O(1)"},
      {.name = "quit", .arity = -1, .flags = no_auth | fast | not_queued | subscribed_ok | no_script | allow_busy, .handler = quit, .since = "1.0.0",
       .summary = "Closes the connection.",
       .complexity = "O(1)"},
      {.name = "reset", .arity = 1, .flags = no_auth | fast | not_queued | subscribed_ok | no_script | allow_busy, .handler = reset, .since = "6.2.0",
       .summary = "Resets the connection.",
       .complexity = "O(1)"},
      {.name = "select", .arity = 2, .flags = fast, .handler = select, .since = "1.0.0",
       .summary = "Changes the selected database.",
       .complexity = "O(1)"},
  };
  return {"connection", specs};
}

}  // namespace kvmock::commands

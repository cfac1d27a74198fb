#pragma once
// What the server remembers about one client connection between its commands.

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "keyspace.hpp"

namespace kvmock {

// A client waiting in a blocking command (BLPOP, BZPOPMIN, WAIT...): what would serve it and
// until when it waits.
struct blocked_state {
  enum class on_timeout { null_array, zero };  // BLPOP and the like answer a null array, WAIT 0
  int db = 0;
  std::vector<std::string> keys;  // none for WAIT
  value_type waits_for = value_type::list;
  // The command around one ready key: retried as before + key + after when that key changes.
  std::vector<std::string> before;
  std::vector<std::string> after;
  // XREAD and XREADGROUP: the ID each key waits past, retried after that key.
  std::vector<std::string> key_arguments;
  // XREADGROUP: the key deleted, or holding another type, ends the wait with an error.
  bool gone_key_unblocks = false;
  unix_ms deadline = 0;  // on the server's clock; 0: no timeout
  on_timeout timeout_reply = on_timeout::null_array;
};

// CLIENT TRACKING's state for one client (client-side caching).
struct client_tracking {
  bool on = false;
  bool bcast = false;
  bool optin = false;
  bool optout = false;
  bool noloop = false;
  bool caching = false;  // CLIENT CACHING YES|NO given, for the next command (or transaction)
  bool broken_redirect = false;  // the client it redirects to has gone
  std::uint64_t redirect = 0;  // 0: none
  std::vector<std::string> prefixes;  // BCAST's, in byte order

  // The redirection as CLIENT GETREDIR, TRACKINGINFO and LIST show it: -1 when not tracking.
  long long redirect_shown() const { return on ? static_cast<long long>(redirect) : -1; }
};

struct session {
  std::uint64_t id = 0;
  // The main port's connection number (what faults target), 0 on the admin port.
  std::uint64_t connection = 0;
  bool admin = false;         // on the admin port: no faults, no statistics
  std::uint64_t commands = 0;  // requests so far, admin commands aside
  int db = 0;
  bool authenticated = false;
  int protocol = 2;  // RESP version, switched by HELLO
  std::string name;
  // For CLIENT LIST and CLIENT KILL.
  std::string address;        // the peer, "ip:port"
  std::string local_address;  // ours, "ip:port"
  int fd = -1;
  std::int64_t opened_at = 0;       // Unix ms
  std::int64_t last_command_at = 0;
  std::string_view last_command = "NULL";  // a known command's full name, as "client|list"
  bool close_after_reply = false;
  // CLIENT REPLY: OFF, and SKIP (for the command after CLIENT REPLY SKIP).
  bool replies_off = false;
  bool skip_next_reply = false;
  bool skip_this_reply = false;
  bool no_evict = false;  // CLIENT NO-EVICT: kept and shown, kvmock never evicts clients

  // MULTI ... EXEC
  bool in_multi = false;
  bool multi_aborted = false;  // a command failed while queued: EXEC answers EXECABORT
  bool watch_dirty = false;    // a watched key changed: EXEC answers a null array
  bool in_exec = false;  // EXEC runs the queue: nothing blocks (Redis's DENY_BLOCKING)
  bool in_script = false;  // the client a script's redis.call runs as
  std::vector<std::vector<std::string>> queued;

  struct watched_key {
    int db;
    std::string key;
    bool expired_when_watched;
  };
  std::vector<watched_key> watched;

  // Set while the client waits in a blocking command: its connection reads no request meanwhile.
  std::optional<blocked_state> blocked;

  // Pub/sub: what this session listens to (pubsub_table knows the other direction).
  std::set<std::string, std::less<>> channels;
  std::set<std::string, std::less<>> patterns;
  std::set<std::string, std::less<>> shard_channels;
  client_tracking tracking;

  // Output queued for this session outside its own replies (messages other clients published),
  // in the session's protocol; the connection writes it out in order with its replies.
  std::string pushes;

  // What SUBSCRIBE and PSUBSCRIBE count in their replies.
  std::size_t subscriptions() const { return channels.size() + patterns.size(); }
  // In Redis's pub/sub mode (RESP2 allows only the pub/sub commands, PING, QUIT and RESET).
  bool subscribed() const { return subscriptions() + shard_channels.size() > 0; }
};

}  // namespace kvmock

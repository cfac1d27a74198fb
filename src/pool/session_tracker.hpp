#pragma once
// The server-side state of one connection that its commands change (the database SELECTed, an
// open MULTI, WATCHed keys, subscriptions, MONITOR, CLIENT REPLY, the client's name, who it is
// authenticated as...), followed command by command from what was sent and what came back. No
// I/O: kv_connection feeds it. It tells the connection how many replies each command gets (none
// while CLIENT REPLY is off; one per channel for the subscribe family), which replies are
// messages the server sent unasked (pub/sub messages, MONITOR lines), whether the session
// differs from the one the connection was opened with, and the commands that restore it.

#include <cstddef>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kvpool/reply.hpp"
#include "kvpool/request.hpp"

namespace kvpool::detail {

using command_view = std::span<const std::string_view>;

// The commands of an encoded request (request::payload()), each as its arguments.
std::vector<std::vector<std::string_view>> decode_commands(std::string_view payload);

// Whether a command is answered once per channel (the subscribe family): its reply, as the
// connection returns it, is the array of those answers.
bool answers_per_channel(std::string_view command) noexcept;

class session_tracker {
 public:
  // The session a connection is opened with: its handshake's password, database and name.
  struct baseline {
    std::string password;  // empty: no AUTH
    int database = 0;
    std::string client_name;
  };

  explicit session_tracker(baseline opened)
      : baseline_(std::move(opened)), database_(baseline_.database), client_name_(baseline_.client_name) {}

  // How many replies the server sends to this command, given the commands before it.
  std::size_t replies_to(command_view command) const;
  // The command's replies (replies_to() of them, none of them messages) have arrived.
  void apply(command_view command, std::span<const reply> replies);
  // Whether a reply is a message the server sent unasked, in the session as it is now.
  bool is_push(const reply& value) const;
  // Whether every command must be followed, whatever it is: inside MULTI (to count what is
  // queued), while replies are switched off, or while messages may come unasked.
  bool follows_every_command() const noexcept {
    return in_transaction_ || replies_ != reply_mode::on || receives_pushes();
  }
  // Whether the server may send messages unasked: subscribed, or in MONITOR.
  bool receives_pushes() const noexcept { return subscribed() || monitoring_; }
  bool subscribed() const noexcept {
    return !channels_.empty() || !patterns_.empty() || !shard_channels_.empty();
  }
  // The server closes the connection (QUIT was answered).
  bool quit() const noexcept { return quit_; }
  // Whether the session differs from the baseline: the next holder must not inherit it.
  bool changed() const noexcept;
  // The commands that bring the session back to the baseline, in one round trip: RESET and the
  // handshake again when it takes that, or just DISCARD, UNWATCH and SELECT where they suffice.
  request restore() const;

 private:
  enum class reply_mode { on, off, skip_next };
  // A command queued in a transaction that may change the session: applied at EXEC, with its
  // element of EXEC's reply.
  struct queued_command {
    std::size_t index;
    std::vector<std::string> arguments;
  };

  bool needs_reset() const noexcept;
  void apply_answered(command_view command, const reply& answer);
  void apply_subscription(std::span<const reply> confirmations);
  void apply_hello(command_view command);
  void reset_to_defaults();

  baseline baseline_;
  int database_;
  std::string client_name_;
  bool authenticated_as_opened_ = true;  // AUTH, HELLO ... AUTH and RESET change it
  bool in_transaction_ = false;
  std::size_t queued_ = 0;  // commands queued since MULTI
  std::vector<queued_command> queued_session_commands_;
  bool watching_ = false;
  bool monitoring_ = false;
  // CLIENT TRACKING, NO-EVICT, CACHING, READONLY, ASKING, HELLO 3, or a command that may have
  // changed the session with its reply suppressed: only RESET is sure to undo them.
  bool other_modes_ = false;
  bool quit_ = false;
  reply_mode replies_ = reply_mode::on;
  std::set<std::string, std::less<>> channels_;
  std::set<std::string, std::less<>> patterns_;
  std::set<std::string, std::less<>> shard_channels_;
};

}  // namespace kvpool::detail

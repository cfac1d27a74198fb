#pragma once
// Typed commands over one kv_connection, with an optional key namespace:
//
//   kvpool::kv_client client(*connection, "cache");  // keys become "cache:<key>"
//   auto [ec, value] = co_await client.async_get("user:1", as_tuple(use_awaitable));
//
// The namespace is applied to every key argument of the typed commands, never to values. Two
// calls send commands verbatim: async_command (any command, no prefixing) and async_pipeline
// (a request the caller built; prefix its keys with key("k")).
//
// Errors. Every command completes with the connection's errors (see kv_connection.hpp), or with
// error::server_error when the server answers an error reply: last_server_error() then holds its
// text (e.g. "WRONGTYPE Operation against a key holding the wrong kind of value") until the next
// server error of this client. A reply of a type the command cannot return gives
// error::unexpected_reply. On any error the value is empty (nullopt, 0, false...).
//
// Every command takes any completion token and supports cancellation, as kv_connection's
// operations do; like them, one command at a time per client.

#include <chrono>
#include <initializer_list>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/compose.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/cancellation_state.hpp>
#include <boost/system/error_code.hpp>

#include "kvpool/kv_connection.hpp"
#include "kvpool/reply.hpp"
#include "kvpool/request.hpp"

namespace kvpool {

// A key's time to live as PTTL reports it, with Redis's -2 and -1 made explicit.
struct key_ttl {
  enum class state {
    no_key,     // PTTL -2: the key does not exist
    no_expiry,  // PTTL -1: the key exists and never expires
    expires,    // the key expires after `remaining`
  };
  state status = state::no_key;
  std::chrono::milliseconds remaining{0};  // zero unless status is expires

  friend bool operator==(const key_ttl&, const key_ttl&) = default;
};

namespace detail {

// How a command's reply becomes its result: into an out-parameter, or only checked (void).
template <typename Result>
struct reply_conversion {
  using type = boost::system::error_code (*)(reply&, Result&);
};
template <>
struct reply_conversion<void> {
  using type = boost::system::error_code (*)(reply&);
};
template <typename Result>
using reply_conversion_t = typename reply_conversion<Result>::type;

template <typename Result>
struct command_signature {
  using type = void(boost::system::error_code, Result);
};
template <>
struct command_signature<void> {
  using type = void(boost::system::error_code);
};

}  // namespace detail

template <typename Range>
concept key_range = std::ranges::forward_range<Range> &&
                    text_argument<std::ranges::range_value_t<Range>>;

template <typename Range>
concept key_value_range = std::ranges::forward_range<Range> && requires(
    const std::ranges::range_value_t<Range>& pair) {
  requires text_argument<std::remove_cvref_t<decltype(pair.first)>>;
  requires text_argument<std::remove_cvref_t<decltype(pair.second)>>;
};

class kv_client {
 public:
  explicit kv_client(kv_connection& connection, std::string key_namespace = {});

  kv_connection& connection() const noexcept { return *connection_; }
  const std::string& key_namespace() const noexcept { return namespace_; }
  // The key as sent to the server: "<namespace>:<name>", or name without a namespace.
  std::string key(std::string_view name) const;
  const std::string& last_server_error() const noexcept { return last_server_error_; }

  // GET: the value, or nullopt if the key does not exist.
  template <typename Token>
  auto async_get(std::string_view key, Token&& token) {
    request commands;
    commands.push("GET", prefixed(key));
    return run<std::optional<std::string>, Token>(std::move(commands), &to_optional_text, token);
  }

  // SET, optionally with a time to live (SET ... PX).
  template <typename Token>
  auto async_set(std::string_view key, std::string_view value, Token&& token) {
    request commands;
    commands.push("SET", prefixed(key), value);
    return run<void, Token>(std::move(commands), &to_ok, token);
  }
  template <typename Token>
  auto async_set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl,
                 Token&& token) {
    request commands;
    commands.push("SET", prefixed(key), value, "PX", ttl.count());
    return run<void, Token>(std::move(commands), &to_ok, token);
  }

  // DEL: how many of the keys existed.
  template <key_range Keys, typename Token>
  auto async_del(const Keys& keys, Token&& token) {
    request commands;
    commands.push_range("DEL", prefixed_all(keys));
    return run<long long, Token>(std::move(commands), &to_integer, token);
  }
  template <typename Token>
  auto async_del(std::initializer_list<std::string_view> keys, Token&& token) {
    return async_del(std::ranges::subrange(keys.begin(), keys.end()), std::forward<Token>(token));
  }

  // EXISTS of one key.
  template <typename Token>
  auto async_exists(std::string_view key, Token&& token) {
    request commands;
    commands.push("EXISTS", prefixed(key));
    return run<bool, Token>(std::move(commands), &to_flag, token);
  }

  // INCR, DECR, INCRBY: the new value.
  template <typename Token>
  auto async_incr(std::string_view key, Token&& token) {
    request commands;
    commands.push("INCR", prefixed(key));
    return run<long long, Token>(std::move(commands), &to_integer, token);
  }
  template <typename Token>
  auto async_decr(std::string_view key, Token&& token) {
    request commands;
    commands.push("DECR", prefixed(key));
    return run<long long, Token>(std::move(commands), &to_integer, token);
  }
  template <typename Token>
  auto async_incrby(std::string_view key, long long increment, Token&& token) {
    request commands;
    commands.push("INCRBY", prefixed(key), increment);
    return run<long long, Token>(std::move(commands), &to_integer, token);
  }

  // Sets the key only if it does not exist (SETNX, or SET ... NX PX with a ttl): whether it did.
  template <typename Token>
  auto async_setnx(std::string_view key, std::string_view value, Token&& token) {
    request commands;
    commands.push("SETNX", prefixed(key), value);
    return run<bool, Token>(std::move(commands), &to_flag, token);
  }
  template <typename Token>
  auto async_setnx(std::string_view key, std::string_view value, std::chrono::milliseconds ttl,
                   Token&& token) {
    request commands;
    commands.push("SET", prefixed(key), value, "NX", "PX", ttl.count());
    return run<bool, Token>(std::move(commands), &to_ok_or_null, token);
  }

  // PEXPIRE: whether the key exists (and now expires after ttl).
  template <typename Token>
  auto async_expire(std::string_view key, std::chrono::milliseconds ttl, Token&& token) {
    request commands;
    commands.push("PEXPIRE", prefixed(key), ttl.count());
    return run<bool, Token>(std::move(commands), &to_flag, token);
  }

  // PTTL, in milliseconds.
  template <typename Token>
  auto async_ttl(std::string_view key, Token&& token) {
    request commands;
    commands.push("PTTL", prefixed(key));
    return run<key_ttl, Token>(std::move(commands), &to_key_ttl, token);
  }

  // MGET: one value per key, nullopt where a key does not exist.
  template <key_range Keys, typename Token>
  auto async_mget(const Keys& keys, Token&& token) {
    request commands;
    commands.push_range("MGET", prefixed_all(keys));
    return run<std::vector<std::optional<std::string>>, Token>(std::move(commands),
                                                        &to_optional_texts, token);
  }
  template <typename Token>
  auto async_mget(std::initializer_list<std::string_view> keys, Token&& token) {
    return async_mget(std::ranges::subrange(keys.begin(), keys.end()), std::forward<Token>(token));
  }

  // MSET of (key, value) pairs.
  template <key_value_range Pairs, typename Token>
  auto async_mset(const Pairs& pairs, Token&& token) {
    request commands;
    commands.push_range("MSET", pairs | std::views::transform([this](const auto& pair) {
                                  return std::pair<prefixed_key, std::string_view>(
                                      prefixed(std::string_view(pair.first)), pair.second);
                                }));
    return run<void, Token>(std::move(commands), &to_ok, token);
  }
  template <typename Token>
  auto async_mset(std::initializer_list<std::pair<std::string_view, std::string_view>> pairs,
                  Token&& token) {
    return async_mset(std::ranges::subrange(pairs.begin(), pairs.end()), std::forward<Token>(token));
  }

  // PING: "PONG", or the message when one is given.
  template <typename Token>
  auto async_ping(Token&& token) {
    request commands;
    commands.push("PING");
    return run<std::string, Token>(std::move(commands), &to_text, token);
  }
  template <typename Token>
  auto async_ping(std::string_view message, Token&& token) {
    request commands;
    commands.push("PING", message);
    return run<std::string, Token>(std::move(commands), &to_text, token);
  }

  // INFO, of every default section or of one.
  template <typename Token>
  auto async_info(Token&& token) {
    request commands;
    commands.push("INFO");
    return run<std::string, Token>(std::move(commands), &to_text, token);
  }
  template <typename Token>
  auto async_info(std::string_view section, Token&& token) {
    request commands;
    commands.push("INFO", section);
    return run<std::string, Token>(std::move(commands), &to_text, token);
  }

  // A lock is a key holding its owner's token, with a TTL so that a crashed owner cannot hold
  // it forever. lock: SET key owner NX PX ttl, whether it was taken. unlock and extend_lock act
  // only if the key still holds owner, checked and changed atomically with WATCH, GET and
  // MULTI/EXEC (so it works on servers without scripting): whether they did.
  template <typename Token>
  auto async_lock(std::string_view key, std::string_view owner, std::chrono::milliseconds ttl,
                  Token&& token) {
    return async_setnx(key, owner, ttl, std::forward<Token>(token));
  }
  template <typename Token>
  auto async_unlock(std::string_view key, std::string_view owner, Token&& token) {
    return run_owned<Token>({this->key(key), std::string(owner), std::chrono::milliseconds::zero()},
                     token);
  }
  template <typename Token>
  auto async_extend_lock(std::string_view key, std::string_view owner,
                         std::chrono::milliseconds ttl, Token&& token) {
    return run_owned<Token>({this->key(key), std::string(owner), ttl}, token);
  }

  // The commands as they are, replies included: an error reply is an element of the result,
  // not an error. The request must stay valid until the operation completes.
  template <typename Token>
  auto async_pipeline(const request& commands, Token&& token) {
    return connection_->async_execute(commands, std::forward<Token>(token));
  }

  // Any one command, sent verbatim: no namespace is applied. An error reply completes with
  // server_error, as for the typed commands. Throws std::invalid_argument without arguments
  // (Redis would not answer an empty command).
  template <key_range Arguments, typename Token>
  auto async_command(const Arguments& arguments, Token&& token) {
    if (std::ranges::empty(arguments)) throw_empty_command();
    request commands;
    commands.push_range(std::string_view(*std::ranges::begin(arguments)),
                        std::ranges::subrange(std::ranges::next(std::ranges::begin(arguments)),
                                              std::ranges::end(arguments)));
    return run<reply, Token>(std::move(commands), &to_reply, token);
  }
  template <typename Token>
  auto async_command(std::initializer_list<std::string_view> arguments, Token&& token) {
    return async_command(std::ranges::subrange(arguments.begin(), arguments.end()), std::forward<Token>(token));
  }

 private:
  // Runs a one-command request and converts its reply.
  template <typename Result>
  struct command_operation {
    kv_connection& connection;
    request commands;
    detail::reply_conversion_t<Result> convert;
    std::string& server_error;

    template <typename Self>
    void operator()(Self& self) {
      self.reset_cancellation_state(boost::asio::enable_total_cancellation());
      // The connection copies the request when the operation starts, and self moves away.
      const request pipeline = std::move(commands);
      connection.async_execute(pipeline, std::move(self));
    }

    template <typename Self>
    void operator()(Self& self, boost::system::error_code ec, std::vector<reply> replies) {
      reply* only = ec ? nullptr : single_reply(replies, server_error, ec);
      if constexpr (std::is_void_v<Result>) {
        if (only) ec = convert(*only);
        self.complete(ec);
      } else {
        Result result{};
        if (only) ec = convert(*only, result);
        if (ec) result = Result{};
        self.complete(ec, std::move(result));
      }
    }
  };

  // Token is the caller's deduced token type (maybe a reference), as async_compose expects.
  template <typename Result, typename Token>
  auto run(request commands, detail::reply_conversion_t<Result> convert, Token& token) {
    return boost::asio::async_compose<Token, typename detail::command_signature<Result>::type>(
        command_operation<Result>{*connection_, std::move(commands), convert,
                                  last_server_error_},
        token, connection_->get_executor());
  }

  // The check-and-act of unlock (ttl zero: DEL) and extend_lock (PEXPIRE ttl), one round trip
  // each: WATCH key + GET key; then MULTI + DEL/PEXPIRE + EXEC if the key holds owner, else
  // UNWATCH. An EXEC that aborts means the key changed in between: the lock is not ours.
  struct owned_key {
    std::string key;
    std::string owner;
    std::chrono::milliseconds ttl;
  };

  struct owned_operation {
    enum class step { checking, changing, releasing_watch };

    kv_connection& connection;
    owned_key target;
    std::string& server_error;
    step current = step::checking;
    boost::system::error_code outcome;  // of the check, reported after UNWATCH

    template <typename Self>
    void operator()(Self& self) {
      self.reset_cancellation_state(boost::asio::enable_total_cancellation());
      send(self, watch_request(target));
    }

    template <typename Self>
    void operator()(Self& self, boost::system::error_code ec, std::vector<reply> replies) {
      if (ec) return self.complete(ec, false);
      // A cancellation that came between two round trips: the WATCH may still be active, so
      // the connection must not be reused.
      if (current == step::checking && self.cancelled() != boost::asio::cancellation_type::none) {
        connection.close();
        return self.complete(boost::asio::error::operation_aborted, false);
      }
      switch (current) {
        case step::checking:
          if (owns(replies, target, server_error, outcome)) {
            current = step::changing;
            return send(self, change_request(target));
          }
          current = step::releasing_watch;
          return send(self, unwatch_request());
        case step::changing: {
          bool changed = false;
          ec = transaction_result(replies, server_error, changed);
          return self.complete(ec, changed);
        }
        case step::releasing_watch:
          return self.complete(outcome, false);
      }
    }

    template <typename Self>
    void send(Self& self, const request& commands) {
      connection.async_execute(commands, std::move(self));
    }
  };

  template <typename Token>
  auto run_owned(owned_key target, Token& token) {
    return boost::asio::async_compose<Token, void(boost::system::error_code, bool)>(
        owned_operation{*connection_, std::move(target), last_server_error_,
                        owned_operation::step::checking, {}},
        token, connection_->get_executor());
  }

  prefixed_key prefixed(std::string_view name) const noexcept { return {namespace_, name}; }
  template <typename Keys>
  auto prefixed_all(const Keys& names) const {
    return names | std::views::transform([this](const auto& name) {
             return prefixed(std::string_view(name));
           });
  }

  // The reply of a one-command request, or nullptr with ec set (server_error, unexpected_reply).
  static reply* single_reply(std::vector<reply>& replies, std::string& server_error,
                             boost::system::error_code& ec);
  static boost::system::error_code to_ok(reply& value);
  static boost::system::error_code to_ok_or_null(reply& value, bool& set);
  static boost::system::error_code to_integer(reply& value, long long& number);
  static boost::system::error_code to_flag(reply& value, bool& flag);
  static boost::system::error_code to_text(reply& value, std::string& text);
  static boost::system::error_code to_optional_text(reply& value,
                                                    std::optional<std::string>& text);
  static boost::system::error_code to_optional_texts(
      reply& value, std::vector<std::optional<std::string>>& texts);
  static boost::system::error_code to_key_ttl(reply& value, key_ttl& ttl);
  static boost::system::error_code to_reply(reply& value, reply& same);

  [[noreturn]] static void throw_empty_command();

  static request watch_request(const owned_key& target);
  static request change_request(const owned_key& target);
  static request unwatch_request();
  // Whether WATCH + GET found target's owner in the key; outcome says why not on an error.
  static bool owns(std::vector<reply>& replies, const owned_key& target,
                   std::string& server_error, boost::system::error_code& outcome);
  static boost::system::error_code transaction_result(std::vector<reply>& replies,
                                                      std::string& server_error, bool& changed);

  kv_connection* connection_;
  std::string namespace_;
  std::string last_server_error_;
};

}  // namespace kvpool

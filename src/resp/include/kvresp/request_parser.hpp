#pragma once
// Incremental parser of client requests as Redis 7.0 reads them: RESP arrays of bulk strings
// ("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n") and inline commands ("GET k\r\n", as telnet and redis-cli send).
// Bytes may arrive in any chunking; the parser keeps its place, never rescans, and never allocates
// from a declared length. Parsed arguments are views into its own buffer.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/error_code.hpp>

namespace kvresp {

// Limits as in Redis 7.0's defaults (networking.c, config.c).
struct request_limits {
  std::size_t max_bulk_length = 512ull * 1024 * 1024;       // proto-max-bulk-len
  std::size_t max_inline_length = 64 * 1024;                // PROTO_INLINE_MAX_SIZE
  std::size_t max_query_buffer = 1024ull * 1024 * 1024;     // client-query-buffer-limit
  std::size_t max_multibulk_length = 2147483647;            // INT_MAX
  // Before AUTH, when the server has a password, Redis is much stricter.
  std::size_t unauthenticated_max_multibulk_length = 10;
  std::size_t unauthenticated_max_bulk_length = 16384;
};

class request_parser {
 public:
  enum class status { command, need_more, error };

  explicit request_parser(request_limits limits = {});

  // Zero-copy input: write up to the returned span's size, then commit what was written.
  std::span<char> prepare(std::size_t at_least);
  void commit(std::size_t written);
  // Copying input, for tests and small buffers.
  void feed(std::string_view bytes);

  // Parses the next command. On status::command, args() holds it (possibly empty for a blank
  // inline line, which Redis ignores) until the next call of next(), feed() or prepare().
  // On status::error, ec says why and error_reply() is the exact reply Redis sends before closing;
  // the parser stays in the error state.
  status next(boost::system::error_code& ec);
  std::span<const std::string_view> args() const noexcept { return args_; }

  // Whether the client has authenticated, when the server requires a password (stricter limits).
  void set_authenticated(bool authenticated) noexcept { authenticated_ = authenticated; }

  // Redis's reply for the current error, e.g. "-ERR Protocol error: invalid bulk length\r\n";
  // empty for errors Redis answers by closing silently (query buffer limit).
  std::string error_reply() const;

  // Bytes received and not yet consumed by a completed command.
  std::size_t buffered() const noexcept { return end_ - begin_; }

 private:
  enum class line { complete, incomplete, too_long };
  line find_length_line(std::size_t& cr_at);
  status fail(boost::system::error_code& ec, int error_value);
  status parse_inline(boost::system::error_code& ec);
  status parse_multibulk(boost::system::error_code& ec);
  void finish_command();
  std::size_t max_multibulk() const noexcept;
  std::size_t max_bulk() const noexcept;

  request_limits limits_;
  bool authenticated_ = true;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // first byte of the command being parsed
  std::size_t pos_ = 0;    // parse position
  std::size_t end_ = 0;    // end of received bytes
  std::size_t scanned_ = 0;  // bytes before this hold no line end being searched for
  // Multibulk state: arguments still expected, and the pending bulk's length (-1: none yet).
  long long multibulk_remaining_ = 0;
  long long bulk_length_ = -1;
  // Arguments as offsets, stable across buffer growth; args_ views are built on completion.
  std::vector<std::pair<std::size_t, std::size_t>> arg_offsets_;
  std::vector<std::string_view> args_;
  std::string inline_storage_;  // unquoted inline arguments
  std::vector<std::pair<std::size_t, std::size_t>> inline_offsets_;
  int error_ = 0;
  char error_char_ = 0;
};

}  // namespace kvresp

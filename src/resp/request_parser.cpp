#include "kvresp/request_parser.hpp"

#include <algorithm>
#include <cstring>

#include "inline_split.hpp"
#include "kvresp/error.hpp"
#include "kvresp/integer.hpp"

namespace kvresp {
namespace {

// Redis finds line ends with strchr, which stops at a NUL byte: a NUL before the line end hides
// it. Returns the offset of `target`, or of the blocking NUL with `blocked` set, or npos.
std::size_t find_line_end(const char* data, std::size_t from, std::size_t end, char target,
                          bool& blocked) {
  const auto* start = data + from;
  const auto* found = static_cast<const char*>(std::memchr(start, target, end - from));
  // Only a NUL before the target matters: searching the whole rest of a pipelined buffer for one
  // would make every line cost as much as the buffer.
  const std::size_t limit = found != nullptr ? static_cast<std::size_t>(found - start) : end - from;
  const auto* nul = static_cast<const char*>(std::memchr(start, '\0', limit));
  blocked = nul != nullptr;
  if (nul != nullptr) return static_cast<std::size_t>(nul - data);
  if (found != nullptr) return static_cast<std::size_t>(found - data);
  return std::string_view::npos;
}

}  // namespace

request_parser::request_parser(request_limits limits) : limits_(limits) {}

std::span<char> request_parser::prepare(std::size_t at_least) {
  if (begin_ == end_) begin_ = pos_ = scanned_ = end_ = 0;  // all consumed: reuse from the start
  if (buffer_.size() - end_ < at_least && begin_ > 0) {
    // Slide the unfinished command to the front; offsets are relative to begin_, so they hold.
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    pos_ -= begin_;
    scanned_ = scanned_ > begin_ ? scanned_ - begin_ : 0;
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() - end_ < at_least) {
    buffer_.resize(std::max(buffer_.size() * 2, end_ + at_least));
  }
  return {buffer_.data() + end_, buffer_.size() - end_};
}

void request_parser::commit(std::size_t written) { end_ += written; }

void request_parser::feed(std::string_view bytes) {
  if (bytes.empty()) return;
  const auto space = prepare(bytes.size());
  std::memcpy(space.data(), bytes.data(), bytes.size());
  commit(bytes.size());
}

std::size_t request_parser::max_multibulk() const noexcept {
  return authenticated_ ? limits_.max_multibulk_length
                        : limits_.unauthenticated_max_multibulk_length;
}

std::size_t request_parser::max_bulk() const noexcept {
  return authenticated_ ? limits_.max_bulk_length : limits_.unauthenticated_max_bulk_length;
}

request_parser::status request_parser::fail(boost::system::error_code& ec, int error_value) {
  error_ = error_value;
  ec = make_error_code(static_cast<error>(error_value));
  return status::error;
}

request_parser::status request_parser::next(boost::system::error_code& ec) {
  ec.clear();
  if (error_ != 0) {
    ec = make_error_code(static_cast<error>(error_));
    return status::error;
  }
  if (begin_ == end_) return status::need_more;
  if (buffered() > limits_.max_query_buffer) {
    return fail(ec, static_cast<int>(error::query_buffer_limit));
  }
  // Redis decides the request type from the first byte of each command.
  return buffer_[begin_] == '*' ? parse_multibulk(ec) : parse_inline(ec);
}

request_parser::status request_parser::parse_inline(boost::system::error_code& ec) {
  const char* data = buffer_.data();
  bool blocked = false;
  const std::size_t newline_at =
      find_line_end(data, std::max(begin_, scanned_), end_, '\n', blocked);
  if (newline_at == std::string_view::npos || blocked) {
    if (end_ - begin_ > limits_.max_inline_length) {
      return fail(ec, static_cast<int>(error::too_big_inline_request));
    }
    // Scan a line arriving byte by byte once, not once per byte; a NUL blocks for good.
    scanned_ = blocked ? newline_at : end_;
    return status::need_more;
  }
  std::size_t line_end = newline_at;
  if (line_end != begin_ && data[line_end - 1] == '\r') --line_end;
  inline_storage_.clear();
  inline_offsets_.clear();
  if (!detail::split_inline({data + begin_, line_end - begin_}, inline_storage_,
                            inline_offsets_)) {
    return fail(ec, static_cast<int>(error::unbalanced_quotes));
  }
  args_.clear();
  for (const auto& [offset, length] : inline_offsets_) {
    args_.emplace_back(inline_storage_.data() + offset, length);
  }
  begin_ = pos_ = newline_at + 1;
  return status::command;
}

request_parser::line request_parser::find_length_line(std::size_t& cr_at) {
  bool blocked = false;
  cr_at = find_line_end(buffer_.data(), std::max(pos_, scanned_), end_, '\r', blocked);
  if (cr_at == std::string_view::npos || blocked) {
    scanned_ = blocked ? cr_at : end_;
    return end_ - pos_ > limits_.max_inline_length ? line::too_long : line::incomplete;
  }
  scanned_ = cr_at;
  // The LF must have arrived too, though Redis skips it without checking what it is.
  return cr_at + 1 < end_ ? line::complete : line::incomplete;
}

request_parser::status request_parser::parse_multibulk(boost::system::error_code& ec) {
  const char* data = buffer_.data();
  if (pos_ == begin_) {  // the '*' count line
    std::size_t cr_at = 0;
    switch (find_length_line(cr_at)) {
      case line::too_long: return fail(ec, static_cast<int>(error::too_big_multibulk_count));
      case line::incomplete: return status::need_more;
      case line::complete: break;
    }
    long long count = 0;
    if (!parse_integer({data + pos_ + 1, cr_at - pos_ - 1}, count) ||
        count > static_cast<long long>(limits_.max_multibulk_length)) {
      return fail(ec, static_cast<int>(error::invalid_multibulk_length));
    }
    if (count > static_cast<long long>(max_multibulk())) {
      return fail(ec, static_cast<int>(error::unauthenticated_multibulk_length));
    }
    pos_ = cr_at + 2;
    multibulk_remaining_ = count > 0 ? count : 0;
    bulk_length_ = -1;
    arg_offsets_.clear();
  }

  while (multibulk_remaining_ > 0) {
    if (bulk_length_ < 0) {  // the '$' length line
      std::size_t cr_at = 0;
      switch (find_length_line(cr_at)) {
        case line::too_long: return fail(ec, static_cast<int>(error::too_big_bulk_count));
        case line::incomplete: return status::need_more;
        case line::complete: break;
      }
      if (data[pos_] != '$') {
        error_char_ = data[pos_];
        return fail(ec, static_cast<int>(error::expected_dollar));
      }
      long long length = 0;
      if (!parse_integer({data + pos_ + 1, cr_at - pos_ - 1}, length) || length < 0 ||
          length > static_cast<long long>(limits_.max_bulk_length)) {
        return fail(ec, static_cast<int>(error::invalid_bulk_length));
      }
      if (length > static_cast<long long>(max_bulk())) {
        return fail(ec, static_cast<int>(error::unauthenticated_bulk_length));
      }
      pos_ = cr_at + 2;
      bulk_length_ = length;
    }
    const auto length = static_cast<std::size_t>(bulk_length_);
    if (end_ - pos_ < length + 2) return status::need_more;
    arg_offsets_.emplace_back(pos_ - begin_, length);
    pos_ += length + 2;  // the CRLF after the data is skipped unchecked, as Redis does
    bulk_length_ = -1;
    --multibulk_remaining_;
  }
  finish_command();
  return status::command;
}

void request_parser::finish_command() {
  args_.clear();
  for (const auto& [offset, length] : arg_offsets_) {
    args_.emplace_back(buffer_.data() + begin_ + offset, length);
  }
  arg_offsets_.clear();
  begin_ = pos_;
}

std::string request_parser::error_reply() const {
  const auto protocol_error = [](std::string_view what) {
    return "-ERR Protocol error: " + std::string(what) + "\r\n";
  };
  switch (static_cast<error>(error_)) {
    case error::invalid_multibulk_length: return protocol_error("invalid multibulk length");
    case error::unauthenticated_multibulk_length:
      return protocol_error("unauthenticated multibulk length");
    case error::invalid_bulk_length: return protocol_error("invalid bulk length");
    case error::unauthenticated_bulk_length: return protocol_error("unauthenticated bulk length");
    case error::expected_dollar: {
      // Redis formats the byte with %c and turns CR/LF into spaces.
      const char shown = (error_char_ == '\r' || error_char_ == '\n') ? ' ' : error_char_;
      return protocol_error(std::string("expected '$', got '") + shown + "'");
    }
    case error::too_big_inline_request: return protocol_error("too big inline request");
    case error::too_big_multibulk_count: return protocol_error("too big mbulk count string");
    case error::too_big_bulk_count: return protocol_error("too big bulk count string");
    case error::unbalanced_quotes: return protocol_error("unbalanced quotes in request");
    default: return {};
  }
}

}  // namespace kvresp

#include "kvresp/reply_parser.hpp"

#include <algorithm>
#include <cstring>

#include "kvresp/error.hpp"
#include "kvresp/integer.hpp"

namespace kvresp {

reply_parser::reply_parser(reply_limits limits) : limits_(limits) {
  limits_.max_depth = std::min(limits_.max_depth, deepest);
}

void reply_parser::reset() noexcept {
  consumed_ = 0;
  started_ = false;
  depth_ = 0;
}

void reply_parser::close_finished_aggregates() {
  while (depth_ > 0 && remaining_[depth_] == 0) --depth_;
}

std::optional<reply_node> reply_parser::consume(std::string_view data,
                                                boost::system::error_code& ec) {
  ec.clear();
  if (data.size() <= consumed_) return std::nullopt;
  const char* start = data.data() + consumed_;
  const std::size_t available = data.size() - consumed_;
  const void* cr = std::memchr(start, '\r', available);
  if (cr == nullptr) return std::nullopt;
  const auto line_length = static_cast<std::size_t>(static_cast<const char*>(cr) - start);
  if (line_length + 1 >= available) return std::nullopt;
  if (start[line_length + 1] != '\n' || line_length == 0) {
    ec = error::invalid_reply_type;
    return std::nullopt;
  }
  const std::string_view line(start + 1, line_length - 1);
  std::size_t node_length = line_length + 2;
  reply_node node{reply_type::null, 1, depth_, {}};
  long long length = 0;

  switch (start[0]) {
    case '+':
      node.type = reply_type::simple_string;
      node.value = line;
      break;
    case '-':
      node.type = reply_type::error;
      node.value = line;
      break;
    case ':':
      if (!parse_integer(line, length)) {
        ec = error::invalid_reply_length;
        return std::nullopt;
      }
      node.type = reply_type::integer;
      node.value = line;
      break;
    case '$':
    case '=':
    case '!': {
      // RESP2's null bulk string is "$-1"; RESP3's verbatim strings and blob errors have none.
      const long long lowest = start[0] == '$' ? -1 : 0;
      if (!parse_integer(line, length) || length < lowest ||
          length > static_cast<long long>(limits_.max_bulk_length)) {
        ec = error::invalid_reply_length;
        return std::nullopt;
      }
      if (length >= 0) {
        const auto size = static_cast<std::size_t>(length);
        if (available < node_length + size + 2) return std::nullopt;
        const char* payload = start + node_length;
        if (payload[size] != '\r' || payload[size + 1] != '\n' ||
            (start[0] == '=' && (size < 4 || payload[3] != ':'))) {
          ec = error::invalid_reply_length;
          return std::nullopt;
        }
        node.type = start[0] == '$'   ? reply_type::bulk_string
                    : start[0] == '=' ? reply_type::verbatim_string
                                      : reply_type::blob_error;
        node.value = {payload, size};
        node_length += size + 2;
      }
      break;
    }
    case '*':
    case '%':
    case '~':
    case '>': {
      // RESP2's null array is "*-1"; RESP3's aggregates have none.
      const long long lowest = start[0] == '*' ? -1 : 0;
      if (!parse_integer(line, length) || length < lowest ||
          length > static_cast<long long>(limits_.max_array_length)) {
        ec = error::invalid_reply_length;
        return std::nullopt;
      }
      if (length >= 0) {
        if (length > 0 && depth_ + 1 > limits_.max_depth) {
          ec = error::reply_too_deep;
          return std::nullopt;
        }
        node.type = start[0] == '*'   ? reply_type::array
                    : start[0] == '%' ? reply_type::map
                    : start[0] == '~' ? reply_type::set
                                      : reply_type::push;
        node.aggregate_size = static_cast<std::size_t>(length);
      }
      break;
    }
    case '_':
      if (!line.empty()) {
        ec = error::invalid_reply_length;
        return std::nullopt;
      }
      break;
    case '#':
      if (line != "t" && line != "f") {
        ec = error::invalid_reply_length;
        return std::nullopt;
      }
      node.type = reply_type::boolean;
      node.value = line;
      break;
    case ',':
      if (line.empty()) {
        ec = error::invalid_reply_length;
        return std::nullopt;
      }
      node.type = reply_type::double_number;
      node.value = line;
      break;
    case '(': {
      const std::string_view digits = line.starts_with('-') ? line.substr(1) : line;
      if (digits.empty() || !std::all_of(digits.begin(), digits.end(),
                                         [](char c) { return c >= '0' && c <= '9'; })) {
        ec = error::invalid_reply_length;
        return std::nullopt;
      }
      node.type = reply_type::big_number;
      node.value = line;
      break;
    }
    default:
      ec = error::invalid_reply_type;
      return std::nullopt;
  }

  consumed_ += node_length;
  started_ = true;
  if (depth_ > 0) --remaining_[depth_];
  if (is_aggregate(node.type) && node.aggregate_size > 0) {
    remaining_[++depth_] = node.type == reply_type::map ? 2 * node.aggregate_size : node.aggregate_size;
  }
  close_finished_aggregates();
  return node;
}

std::optional<std::size_t> complete_reply_length(std::string_view data,
                                                 boost::system::error_code& ec) {
  reply_parser parser;
  while (auto node = parser.consume(data, ec)) {
    if (parser.done()) return parser.consumed();
  }
  return std::nullopt;
}

}  // namespace kvresp

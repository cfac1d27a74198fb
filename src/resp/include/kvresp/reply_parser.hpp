#pragma once
// Incremental parser of RESP2 and RESP3 replies, one node at a time and without allocating: a
// node is a simple string, error, integer, bulk string, null, or an aggregate header (array, map,
// set, push) followed by its elements, or one of RESP3's other scalars (double, boolean, big
// number, verbatim string, blob error). RESP3 attributes ('|') are not accepted.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/system/error_code.hpp>

namespace kvresp {

enum class reply_type : std::uint8_t {
  simple_string, error, integer, bulk_string, null, array,
  // RESP3
  double_number, boolean, big_number, verbatim_string, blob_error, map, set, push,
};

// Whether RESP2 has this type (a client that never sent HELLO 3 expects nothing else).
constexpr bool is_resp2(reply_type type) noexcept { return type <= reply_type::array; }

// Whether a node of this type is followed by elements: aggregate_size of them, twice as many for
// a map (its key-value pairs).
constexpr bool is_aggregate(reply_type type) noexcept {
  return type == reply_type::array || type == reply_type::map || type == reply_type::set ||
         type == reply_type::push;
}

struct reply_node {
  reply_type type;
  std::size_t aggregate_size;  // elements of an aggregate (pairs of a map); 1 otherwise
  std::size_t depth;           // 0 for the top-level reply
  // Payload without type byte and CRLF ("txt:..." for a verbatim string, "t" or "f" for a
  // boolean); empty for aggregates and null.
  std::string_view value;
};

struct reply_limits {
  std::size_t max_bulk_length = 512ull * 1024 * 1024;
  std::size_t max_array_length = 1024ull * 1024 * 1024;
  std::size_t max_depth = 64;  // at most 64
};

class reply_parser {
 public:
  explicit reply_parser(reply_limits limits = {});

  // data starts at the first byte of the reply being parsed and grows between calls; the parser
  // remembers how much of it it consumed. Returns the next node, or nullopt when more bytes are
  // needed (ec clear) or the reply is malformed (ec set).
  std::optional<reply_node> consume(std::string_view data, boost::system::error_code& ec);

  // Whether the last node completed the top-level reply; consumed() is then its length.
  bool done() const noexcept { return depth_ == 0 && started_; }
  std::size_t consumed() const noexcept { return consumed_; }
  void reset() noexcept;

 private:
  void close_finished_aggregates();

  reply_limits limits_;
  std::size_t consumed_ = 0;
  bool started_ = false;
  std::size_t depth_ = 0;
  static constexpr std::size_t deepest = 64;
  // Elements still expected at each open array depth.
  std::size_t remaining_[deepest + 1] = {};
};

// Length in bytes of the first complete reply at the start of data, or nullopt if it is not yet
// complete (ec clear) or is malformed (ec set).
std::optional<std::size_t> complete_reply_length(std::string_view data,
                                                 boost::system::error_code& ec);

}  // namespace kvresp

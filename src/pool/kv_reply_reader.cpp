#include "kv_reply_reader.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include <kvresp/error.hpp>
#include <kvresp/integer.hpp>

namespace kvpool {
namespace {

constexpr std::size_t initial_capacity = 4096;
// A read gets at least this much space; below it the buffer is compacted or doubled.
constexpr std::size_t min_free = 1024;
// A buffer grown by a large reply is given back once it is empty, so idle connections stay small.
constexpr std::size_t idle_capacity_limit = 64 * 1024;
// An array's declared length reserves at most this many elements; the rest grow as they arrive.
constexpr std::size_t max_reserved_elements = 1024;

reply make_reply(const kvresp::reply_node& node) {
  switch (node.type) {
    case reply_type::simple_string:
      return reply::simple_string(std::string(node.value));
    case reply_type::error:
      return reply::error(std::string(node.value));
    case reply_type::integer: {
      long long value = 0;
      kvresp::parse_integer(node.value, value);  // the parser has validated it
      return reply::integer(value);
    }
    case reply_type::bulk_string:
      return reply::bulk_string(std::string(node.value));
    case reply_type::null:
      return reply::null();
    case reply_type::array: {
      auto value = reply::array();
      value.elements().reserve(std::min(node.aggregate_size, max_reserved_elements));
      return value;
    }
    default:  // RESP3: parse() refuses it before
      return reply::null();
  }
}

}  // namespace

kv_reply_reader::kv_reply_reader(kvresp::reply_limits limits) : parser_(limits) {}

std::span<char> kv_reply_reader::prepare() {
  if (capacity_ - end_ < min_free) make_room();
  return {buffer_.get() + end_, capacity_ - end_};
}

void kv_reply_reader::make_room() {
  // Only the reply in progress moves, and only after an earlier one completed: each byte is
  // moved at most once, and doubling keeps growth linear overall.
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (capacity_ - end_ >= min_free) return;
  const auto capacity = std::max({initial_capacity, capacity_ * 2, end_ + min_free});
  auto grown = std::make_unique_for_overwrite<char[]>(capacity);
  if (end_ > 0) std::memcpy(grown.get(), buffer_.get(), end_);
  buffer_ = std::move(grown);
  capacity_ = capacity;
}

void kv_reply_reader::parse(std::vector<reply>& replies, std::size_t wanted,
                            boost::system::error_code& ec) {
  ec.clear();
  while (replies.size() < wanted) {
    const std::string_view data(buffer_.get() + begin_, end_ - begin_);
    const auto node = parser_.consume(data, ec);
    if (!node) break;
    if (!kvresp::is_resp2(node->type)) {
      ec = kvresp::error::invalid_reply_type;  // this client speaks RESP2 only
      break;
    }
    add(*node);
    if (parser_.done()) {
      begin_ += parser_.consumed();
      parser_.reset();
      open_.clear();
      replies.push_back(std::exchange(partial_, reply()));
    }
  }
  if (begin_ == end_) {
    begin_ = end_ = 0;
    if (capacity_ > idle_capacity_limit) {
      buffer_.reset();
      capacity_ = 0;
    }
  }
}

void kv_reply_reader::add(const kvresp::reply_node& node) {
  // Arrays deeper than this node are complete.
  open_.resize(node.depth);
  reply* added = nullptr;
  if (node.depth == 0) {
    partial_ = make_reply(node);
    added = &partial_;
  } else {
    added = &open_.back()->elements().emplace_back(make_reply(node));
  }
  if (node.type == reply_type::array && node.aggregate_size > 0) open_.push_back(added);
}

}  // namespace kvpool

#pragma once
// The receiving side of a connection: socket bytes go into one buffer that grows geometrically
// (never sized from a declared length), and complete replies come out as reply trees. A reply
// split across reads is parsed once: the parser keeps its place and the tree built so far.

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include <boost/system/error_code.hpp>
#include <kvresp/reply_parser.hpp>

#include "kvpool/reply.hpp"

namespace kvpool {

class kv_reply_reader {
 public:
  explicit kv_reply_reader(kvresp::reply_limits limits);

  // Free space at the end of the buffer to receive into; never empty.
  std::span<char> prepare();
  void commit(std::size_t received) noexcept { end_ += received; }

  // Appends complete replies to replies until it holds wanted of them or the buffer runs out.
  // A malformed reply sets ec (kvresp category); the reader is then unusable.
  void parse(std::vector<reply>& replies, std::size_t wanted, boost::system::error_code& ec);

  // Bytes received and not yet handed out as part of a reply.
  std::size_t buffered() const noexcept { return end_ - begin_; }

 private:
  void add(const kvresp::reply_node& node);
  void make_room();

  kvresp::reply_parser parser_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;  // first byte of the reply being parsed
  std::size_t end_ = 0;    // end of received bytes
  reply partial_;             // the reply being parsed, as far as it arrived
  std::vector<reply*> open_;  // its arrays still missing elements, outermost first
};

}  // namespace kvpool

#pragma once
// How a command replies: each call appends one RESP element in the client's protocol (RESP2,
// or RESP3 after HELLO 3), so a handler never spells bytes. The forms that differ are chosen
// here: null, maps, sets, doubles, verbatim strings, pushes.

#include <cstddef>
#include <string>
#include <string_view>

namespace kvmock {

class reply_writer {
 public:
  // `protocol` is read at each call: HELLO switches it in the middle of its own reply.
  reply_writer(std::string& out, const int& protocol) noexcept : out_(&out), protocol_(&protocol) {}

  bool resp3() const noexcept { return *protocol_ == 3; }
  const int& protocol() const noexcept { return *protocol_; }

  void ok();
  void status(std::string_view text);  // a simple string: "+text"
  // An error reply, its message as Redis writes it ("ERR syntax error"; see errors.hpp).
  void error(std::string_view message);
  void integer(long long value);
  void bulk(std::string_view bytes);
  void null();        // a missing value: RESP3's null, RESP2's null bulk string
  void null_array();  // RESP3's null, RESP2's null array
  void array(std::size_t elements);
  void map(std::size_t pairs);       // RESP3's map, or an array of keys and values
  void set(std::size_t members);     // RESP3's set, or an array
  void push(std::size_t elements);   // RESP3's push, or an array
  // As addReplyDouble: "%.17g" ("inf", "-inf"), a bulk string in RESP2, a double in RESP3.
  void double_value(double value);
  // As addReplyHumanLongDouble: ld2string's human form (17 decimals, trailing zeros dropped), a
  // bulk string in RESP2, a double in RESP3 (GEOPOS).
  void human_double(long double value);
  void verbatim(std::string_view text);  // RESP3's verbatim "txt", or a bulk string
  // Bytes already encoded as RESP (a queued command's reply, a reply built for reuse).
  void raw(std::string_view encoded);
  void boolean(bool value);                // RESP3's #t/#f, or :1/:0
  void big_number(std::string_view digits);  // RESP3's big number, or a bulk string

  std::string& buffer() noexcept { return *out_; }

 private:
  // A double already formatted: a double in RESP3, a bulk string in RESP2.
  void double_text(std::string_view formatted);

  std::string* out_;
  const int* protocol_;
};

}  // namespace kvmock

// Property: however the bytes of a request or reply stream are split into reads, the parsers
// produce exactly what they produce from the whole stream at once.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "kvresp/reply_parser.hpp"
#include "kvresp/request_parser.hpp"
#include "kvresp/writer.hpp"

namespace {

using command = std::vector<std::string>;


struct request_stream {
  std::string bytes;
  std::vector<command> commands;
};

request_stream make_stream(const std::vector<command>& commands, const std::vector<bool>& inline_form) {
  request_stream stream;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const auto& args = commands[i];
    if (inline_form[i]) {
      for (std::size_t j = 0; j < args.size(); ++j) stream.bytes += (j ? " " : "") + args[j];
      stream.bytes += "\r\n";
    } else {
      std::vector<std::string_view> views(args.begin(), args.end());
      kvresp::append_command(stream.bytes, views);
    }
    stream.commands.push_back(args);
  }
  return stream;
}

std::vector<command> parse_requests(const std::string& bytes, const std::vector<std::size_t>& cuts) {
  kvresp::request_parser parser;
  std::vector<command> parsed;
  std::size_t from = 0;
  auto drain = [&] {
    boost::system::error_code ec;
    while (parser.next(ec) == kvresp::request_parser::status::command) {
      parsed.emplace_back(parser.args().begin(), parser.args().end());
    }
    RC_ASSERT(!ec);
  };
  for (const auto cut : cuts) {
    parser.feed(std::string_view(bytes).substr(from, cut - from));
    from = cut;
    drain();
  }
  parser.feed(std::string_view(bytes).substr(from));
  drain();
  return parsed;
}

std::vector<std::size_t> sorted_cuts(std::vector<std::size_t> cuts, std::size_t size) {
  for (auto& cut : cuts) cut = size == 0 ? 0 : cut % (size + 1);
  std::sort(cuts.begin(), cuts.end());
  return cuts;
}

const auto word = rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::inRange('a', 'z')));
const auto any_bytes = rc::gen::arbitrary<std::string>();

RC_GTEST_PROP(RespChunking, RequestsParseTheSameUnderAnySplit, ()) {
  const auto count = *rc::gen::inRange<std::size_t>(1, 8);
  std::vector<command> commands;
  std::vector<bool> inline_form;
  for (std::size_t i = 0; i < count; ++i) {
    const bool as_inline = *rc::gen::arbitrary<bool>();
    const auto args_count = *rc::gen::inRange<std::size_t>(1, 5);
    commands.push_back(as_inline ? *rc::gen::container<command>(args_count, word)
                                 : *rc::gen::container<command>(args_count, any_bytes));
    inline_form.push_back(as_inline);
  }
  const auto stream = make_stream(commands, inline_form);
  const auto cuts = sorted_cuts(*rc::gen::arbitrary<std::vector<std::size_t>>(), stream.bytes.size());
  RC_ASSERT(parse_requests(stream.bytes, cuts) == stream.commands);
}

RC_GTEST_PROP(RespChunking, EverySingleSplitPointOfARequestGivesTheSameCommands, ()) {
  const auto args = *rc::gen::container<command>(*rc::gen::inRange<std::size_t>(1, 4), any_bytes);
  const auto stream = make_stream({args}, {false});
  for (std::size_t cut = 0; cut <= stream.bytes.size(); ++cut) {
    RC_ASSERT(parse_requests(stream.bytes, {cut}) == stream.commands);
  }
}

// Replies: a generated tree of RESP2 values, encoded, then framed from arbitrary chunks.
std::string gen_reply(int depth) {
  const int kind = *rc::gen::inRange(0, depth > 0 ? 6 : 5);
  std::string out;
  switch (kind) {
    case 0: kvresp::append_simple_string(out, *word); break;
    case 1: kvresp::append_error(out, "ERR " + *word); break;
    case 2: kvresp::append_integer(out, *rc::gen::arbitrary<long long>()); break;
    case 3: kvresp::append_bulk_string(out, *any_bytes); break;
    case 4: kvresp::append_null_bulk(out); break;
    default: {
      const auto size = *rc::gen::inRange<std::size_t>(0, 4);
      kvresp::append_array_header(out, size);
      for (std::size_t i = 0; i < size; ++i) out += gen_reply(depth - 1);
    }
  }
  return out;
}

RC_GTEST_PROP(RespChunking, RepliesFrameTheSameUnderAnySplit, ()) {
  std::vector<std::string> replies(*rc::gen::inRange<std::size_t>(1, 6));
  std::string stream;
  for (auto& reply : replies) {
    reply = gen_reply(3);
    stream += reply;
  }
  const auto cuts = sorted_cuts(*rc::gen::arbitrary<std::vector<std::size_t>>(), stream.size());
  // A client reading in chunks: frame every complete reply in what has arrived so far.
  std::string received;
  std::vector<std::string> framed;
  std::size_t from = 0;
  auto frame = [&] {
    boost::system::error_code ec;
    while (auto length = kvresp::complete_reply_length(received, ec)) {
      framed.push_back(received.substr(0, *length));
      received.erase(0, *length);
    }
    RC_ASSERT(!ec);
  };
  for (const auto cut : cuts) {
    received += stream.substr(from, cut - from);
    from = cut;
    frame();
  }
  received += stream.substr(from);
  frame();
  RC_ASSERT(framed == replies);
  RC_ASSERT(received.empty());
}

}  // namespace

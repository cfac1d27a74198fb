#include "reply_delivery.hpp"

#include <algorithm>

namespace kvmock {
namespace {

// With a bandwidth limit and no slice size, the reply goes out in pieces of 10 ms each.
constexpr std::int64_t bandwidth_pieces_per_second = 100;

std::size_t piece_size(const request_decision& decision, std::size_t remaining) {
  if (decision.piece_bytes > 0) return std::min(decision.piece_bytes, remaining);
  if (decision.kbps > 0) {
    const auto bytes_per_piece = std::max<std::int64_t>(
        1, std::int64_t{decision.kbps} * 1000 / 8 / bandwidth_pieces_per_second);
    return std::min(static_cast<std::size_t>(bytes_per_piece), remaining);
  }
  return remaining;
}

// The pause after a piece: the slice's delay plus the piece's time at the bandwidth limit.
std::chrono::microseconds pause_after(const request_decision& decision, std::size_t piece) {
  auto pause = decision.piece_delay;
  if (decision.kbps > 0) {
    pause += std::chrono::microseconds(static_cast<std::int64_t>(piece) * 8 * 1000 /
                                       std::int64_t{decision.kbps});
  }
  return pause;
}

}  // namespace

reply_delivery::reply_delivery(request_decision decision, std::string reply)
    : decision_(std::move(decision)), reply_(std::move(reply)) {
  if (decision_.what == request_decision::outcome::close_mid_reply) {
    reply_.resize(std::min(reply_.size(), decision_.close_after_bytes));
  }
}

delivery_step reply_delivery::next() {
  using outcome = request_decision::outcome;
  using kind = delivery_step::kind;
  switch (stage_) {
    case stage::delay:
      stage_ = stage::body;
      if (decision_.delay.count() > 0) return delivery_step::wait_for(decision_.delay);
      return next();
    case stage::pause:
      stage_ = stage::body;
      if (const auto pause = pause_after(decision_, last_piece_); pause.count() > 0) {
        return delivery_step::wait_for(pause);
      }
      return next();
    case stage::body:
      if (decision_.what == outcome::blackhole) {
        stage_ = stage::finished;
        return delivery_step::of(kind::blackhole);
      }
      if (decision_.what != outcome::close_before && decision_.what != outcome::close_after &&
          sent_ < reply_.size()) {
        last_piece_ = piece_size(decision_, reply_.size() - sent_);
        const std::string_view piece(reply_.data() + sent_, last_piece_);
        sent_ += last_piece_;
        // No pause after the last piece: what follows is the close or the next request.
        if (sent_ < reply_.size()) stage_ = stage::pause;
        return delivery_step::write_of(piece);
      }
      if (!decision_.closes()) {
        stage_ = stage::finished;
        return delivery_step::of(kind::done);
      }
      stage_ = stage::close_wait;
      if (decision_.close_delay.count() > 0) {
        return delivery_step::wait_for(std::chrono::duration_cast<std::chrono::microseconds>(decision_.close_delay));
      }
      return next();
    case stage::close_wait:
      stage_ = stage::finished;
      return delivery_step::close_with(decision_.reset);
    case stage::finished:
      break;
  }
  return delivery_step::of(kind::done);
}

}  // namespace kvmock

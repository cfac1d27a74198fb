#include "fault_plan.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "text.hpp"

namespace kvmock {
namespace {

using namespace std::chrono_literals;

// Purposes of a draw, so that one decision's numbers are independent of another's.
constexpr std::uint64_t probability_draw = 1;
constexpr std::uint64_t jitter_draw = 2;

// Sebastiano Vigna's splitmix64 finaliser: a fast, well-mixed 64-bit hash step.
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Pareto (Lomax) shape: a long tail with a finite mean; the median draw is about 0.59 x jitter.
constexpr double pareto_shape = 1.5;
// One extreme draw must not hang a test: the tail stops at 100 x jitter.
constexpr double pareto_cap = 100.0;

bool acts_at_accept(const fault& f) {
  switch (f.kind) {
    case fault_kind::refuse:
    case fault_kind::max_clients:
    case fault_kind::stall_accept:
    case fault_kind::slow_close:
      return true;
    case fault_kind::drop:
    case fault_kind::reset:
      return f.at == close_point::accept;
    default:
      return false;
  }
}

bool names_command(const fault& f, std::string_view command) {
  if (f.commands.empty()) return true;
  return std::any_of(f.commands.begin(), f.commands.end(),
                     [&](const std::string& name) { return equals_ignore_case(name, command); });
}

}  // namespace

bool acts_on_requests(const fault& f) {
  switch (f.kind) {
    case fault_kind::latency:
    case fault_kind::blackhole:
    case fault_kind::error:
    case fault_kind::slice:
    case fault_kind::bandwidth:
    case fault_kind::slow_close:
      return true;
    case fault_kind::drop:
    case fault_kind::reset:
      return f.at != close_point::accept;
    default:
      return false;
  }
}

fault_plan::fault_plan(std::uint64_t seed, std::size_t log_limit)
    : seed_(seed), log_limit_(log_limit) {}

std::uint64_t fault_plan::add(fault f, unix_ms now) {
  const auto id = next_id_++;
  faults_.push_back(active{id, std::move(f), now});
  return id;
}

bool fault_plan::remove(std::uint64_t id) {
  const auto found = std::find_if(faults_.begin(), faults_.end(),
                                  [id](const active& each) { return each.id == id; });
  if (found == faults_.end()) return false;
  faults_.erase(found);
  return true;
}

std::size_t fault_plan::clear() { return std::exchange(faults_, {}).size(); }

std::vector<fault_entry> fault_plan::list() const {
  std::vector<fault_entry> entries;
  for (const auto& each : faults_) entries.push_back({each.id, each.fault});
  return entries;
}

bool fault_plan::refusing_unbound() const {
  return std::any_of(faults_.begin(), faults_.end(), [](const active& each) {
    return each.fault.kind == fault_kind::refuse && each.fault.mode == refuse_mode::unbound;
  });
}

double fault_plan::draw(const active& candidate, std::uint64_t connection,
                        std::uint64_t command_index, std::uint64_t purpose) const {
  std::uint64_t h = splitmix64(seed_);
  h = splitmix64(h ^ candidate.id);
  h = splitmix64(h ^ connection);
  h = splitmix64(h ^ command_index);
  h = splitmix64(h ^ purpose);
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

bool fault_plan::fires(active& candidate, std::uint64_t connection, std::uint64_t command_index,
                       std::string_view command, unix_ms now) {
  const auto& f = candidate.fault;
  if (!names_command(f, command)) return false;
  if (f.connection != 0 && connection != f.connection) return false;
  if (f.every != 0 && connection % f.every != 0) return false;
  if (f.window) {
    const auto since_added = std::chrono::milliseconds(now - candidate.added_at);
    if (since_added < f.window->from || since_added >= f.window->to) return false;
  }
  if (f.times != 0 && candidate.injected >= f.times) return false;
  if (++candidate.matches <= f.skip) return false;
  if (f.probability < 1.0 &&
      draw(candidate, connection, command_index, probability_draw) >= f.probability) {
    return false;
  }
  ++candidate.injected;
  log_event(candidate.id, f.kind, connection, command_index, now);
  return true;
}

void fault_plan::log_event(std::uint64_t id, fault_kind kind, std::uint64_t connection, std::uint64_t command_index,
                           unix_ms now) {
  ++injected_by_kind_[kind];
  if (log_limit_ == 0) return;
  if (log_.size() == log_limit_) log_.pop_front();
  log_.push_back({id, kind, connection, command_index, std::chrono::system_clock::time_point(std::chrono::milliseconds(now))});
}

std::chrono::microseconds fault_plan::latency(const active& candidate, std::uint64_t connection,
                                              std::uint64_t command_index) const {
  const auto& f = candidate.fault;
  const std::chrono::microseconds base = f.delay;
  if (f.jitter.count() == 0) return base;
  const double u = draw(candidate, connection, command_index, jitter_draw);
  const double jitter_us = static_cast<double>(std::chrono::microseconds(f.jitter).count());
  const double scale = f.distribution == jitter_distribution::uniform
                           ? u
                           : std::min(std::pow(1.0 - u, -1.0 / pareto_shape) - 1.0, pareto_cap);
  return base + std::chrono::microseconds(static_cast<std::int64_t>(jitter_us * scale));
}

accept_decision fault_plan::on_accept(std::uint64_t connection, std::size_t open_connections,
                                      unix_ms now) {
  accept_decision decision;
  using action = accept_decision::action;
  for (auto& candidate : faults_) {
    const auto& f = candidate.fault;
    if (!acts_at_accept(f)) continue;
    if (f.kind == fault_kind::refuse && f.mode == refuse_mode::unbound) continue;
    if (f.kind == fault_kind::max_clients && open_connections < f.max_clients) continue;
    if (!fires(candidate, connection, 0, {}, now)) continue;
    switch (f.kind) {
      case fault_kind::slow_close:
        decision.close_delay += f.delay;
        continue;
      case fault_kind::refuse:
        decision.what = f.mode == refuse_mode::close ? action::refuse_close : action::refuse_reset;
        break;
      case fault_kind::max_clients:
        decision.what = action::max_clients;
        break;
      case fault_kind::stall_accept:
        decision.what = action::stall;
        break;
      default:  // drop or reset at=accept
        decision.what = f.kind == fault_kind::drop ? action::close : action::reset;
        break;
    }
    return decision;  // terminal: the rest do not apply
  }
  return decision;
}

bool fault_plan::apply(const active& candidate, std::uint64_t connection, std::uint64_t command_index,
                       request_decision& decision) const {
  using outcome = request_decision::outcome;
  const auto& f = candidate.fault;
  switch (f.kind) {
    case fault_kind::latency:
      decision.delay += latency(candidate, connection, command_index);
      return false;
    case fault_kind::slice:
      decision.piece_bytes = f.bytes;
      decision.piece_delay = f.slice_delay;
      return false;
    case fault_kind::bandwidth:
      decision.kbps = f.kbps;
      return false;
    case fault_kind::slow_close:
      decision.close_delay += f.delay;
      return false;
    case fault_kind::blackhole:
      decision.what = outcome::blackhole;
      return true;
    case fault_kind::error:
      decision.what = outcome::canned;  // the delays of earlier faults still apply
      decision.canned_reply = "-" + f.reply + "\r\n";
      return true;
    default:  // drop or reset
      decision.reset = f.kind == fault_kind::reset;
      decision.what = f.at == close_point::request ? outcome::close_before
                      : f.at == close_point::reply ? outcome::close_after
                                                   : outcome::close_mid_reply;
      decision.close_after_bytes = f.bytes;
      return true;
  }
}

request_decision fault_plan::on_request(std::uint64_t connection, std::uint64_t command_index,
                                        std::string_view command, unix_ms now) {
  request_decision decision;
  for (auto& candidate : faults_) {
    if (!acts_on_requests(candidate.fault) || !fires(candidate, connection, command_index, command, now)) {
      continue;
    }
    if (apply(candidate, connection, command_index, decision)) break;
  }
  return decision;
}

request_decision fault_plan::once(const fault& f, std::uint64_t connection, std::uint64_t command_index,
                                  unix_ms now) {
  request_decision decision;
  const active candidate{0, f, now};
  apply(candidate, connection, command_index, decision);
  log_event(0, f.kind, connection, command_index, now);
  return decision;
}

}  // namespace kvmock

#include "kvpool/pool_action.hpp"

#include <chrono>

namespace kvpool {
namespace {

std::string name_of(error failure) {
  switch (failure) {
    case error::timeout: return "timeout";
    case error::connect_failed: return "connect_failed";
    case error::pool_closed: return "pool_closed";
    default: return "error " + std::to_string(static_cast<int>(failure));
  }
}

std::string millis(std::chrono::nanoseconds d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + "ms";
}

}  // namespace

std::string to_string(const pool_action& action) {
  const auto conn = [&] { return std::to_string(action.conn()); };
  switch (action.kind()) {
    case action_kind::connect: return "connect " + conn();
    case action_kind::check: return "check " + conn();
    case action_kind::close: return "close " + conn() + " " + std::string(to_string(action.reason()));
    case action_kind::grant: return "grant " + conn() + " to w" + std::to_string(action.waiter());
    case action_kind::fail: return "fail w" + std::to_string(action.waiter()) + " " + name_of(action.failure());
    case action_kind::warmed_up: return "warmed_up";
    case action_kind::closed: return "closed";
    case action_kind::leak_suspected: return "leak " + conn() + " held " + millis(action.elapsed());
    case action_kind::created: return "created " + conn();
    case action_kind::connect_failed: return "connect_failed (" + action.why().message() + ")";
    case action_kind::acquired: return "acquired " + conn();
    case action_kind::released: return "released " + conn();
  }
  return "unknown action";
}

std::string to_string(const pool_actions& actions) {
  std::string text;
  for (const pool_action& action : actions) {
    if (!text.empty()) text += ", ";
    text += to_string(action);
  }
  return text;
}

}  // namespace kvpool

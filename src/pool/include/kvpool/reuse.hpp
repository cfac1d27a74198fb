#pragma once
// What may happen to a connection its holder returns: what a connector's reusable() says.

#include <cstdint>

namespace kvpool {

enum class reuse : std::uint8_t {
  as_is,        // ready for the next holder
  after_check,  // its holder changed its session (a SELECT, an open MULTI...): health-checked,
                // which restores it, before anyone else gets it; closed if that fails
  never,        // broken (a command was interrupted, so a stale reply may still arrive): closed
};

}  // namespace kvpool

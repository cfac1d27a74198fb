#pragma once
// One connection, one pipeline, closed: what the storm uses to probe a target and to talk to a
// kvmock serve's admin port. Bounded in time by the options' connect and command timeouts.

#include <string>
#include <vector>

#include <boost/system/error_code.hpp>

#include "kvpool/kv_connection.hpp"

namespace kvmock::cli {

struct one_shot_result {
  boost::system::error_code ec;        // connecting, the handshake or the exchange
  std::vector<kvpool::reply> replies;  // one per command when ec is empty
};

one_shot_result run_commands(const kvpool::connection_options& options,
                             const std::vector<std::vector<std::string>>& commands);

}  // namespace kvmock::cli

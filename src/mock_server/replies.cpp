#include "replies.hpp"

namespace kvmock::replies {

std::string arity_error(std::string_view full_name) {
  return "-ERR wrong number of arguments for '" + std::string(full_name) + "' command\r\n";
}

std::string invalid_expire_error(std::string_view full_name) {
  return "-ERR invalid expire time in '" + std::string(full_name) + "' command\r\n";
}

}  // namespace kvmock::replies

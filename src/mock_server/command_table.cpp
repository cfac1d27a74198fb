#include "command_table.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <string>
#include <vector>

#include "command_groups.hpp"
#include "text.hpp"

namespace kvmock {
namespace {

// Case-insensitive order of a spec's (lower-case) name against a name as the client wrote it.
bool precedes(const command_spec& spec, std::string_view name) {
  const std::size_t common = std::min(spec.name.size(), name.size());
  for (std::size_t i = 0; i < common; ++i) {
    const char a = spec.name[i];
    const char b = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
    if (a != b) return a < b;
  }
  return spec.name.size() < name.size();
}

const command_spec* find_in(std::span<const command_spec> specs, std::string_view name) {
  const auto it = std::lower_bound(specs.begin(), specs.end(), name, precedes);
  return it != specs.end() && equals_ignore_case(it->name, name) ? &*it : nullptr;
}

// The groups' specs, copied once with their group and full names filled in, sorted by name;
// subcommands likewise, each container pointing at its own sorted copy.
class table {
 public:
  table() {
    const command_group groups[] = {
        commands::connection_commands(),  commands::client_commands(),
        commands::string_commands(),      commands::bitmap_commands(),
        commands::hyperloglog_commands(), commands::list_commands(),
        commands::hash_commands(),        commands::set_commands(),
        commands::sorted_set_commands(),  commands::stream_commands(),  commands::geo_commands(),
        commands::key_commands(),
        commands::transaction_commands(), commands::server_commands(),
        commands::debug_commands(),       commands::dump_commands(),
        commands::pubsub_commands(),      commands::scripting_commands(),
        commands::function_commands(),
    };
    for (const command_group& group : groups) {
      for (const command_spec& spec : group.commands) commands_.push_back(named(spec, group.name, {}));
    }
    sort(commands_);
  }

  std::span<const command_spec> commands() const noexcept { return commands_; }

 private:
  command_spec named(const command_spec& spec, std::string_view group, std::string_view container) {
    command_spec copy = spec;
    copy.group = group;
    copy.full_name = container.empty() ? spec.name : names_.emplace_back(std::string(container) + "|" + std::string(spec.name));
    if (!spec.subcommands.empty()) {
      std::vector<command_spec>& subs = subcommands_.emplace_back();
      for (const command_spec& sub : spec.subcommands) subs.push_back(named(sub, group, spec.name));
      sort(subs);
      copy.subcommands = subs;
    }
    return copy;
  }

  static void sort(std::vector<command_spec>& specs) {
    std::sort(specs.begin(), specs.end(),
              [](const command_spec& a, const command_spec& b) { return a.name < b.name; });
  }

  std::vector<command_spec> commands_;
  // Stable homes for what the copies point at.
  std::deque<std::vector<command_spec>> subcommands_;
  std::deque<std::string> names_;
};

const table& the_table() {
  static const table commands;
  return commands;
}

}  // namespace

const command_spec* find_command(std::string_view name) { return find_in(the_table().commands(), name); }

const command_spec* find_subcommand(const command_spec& container, std::string_view name) {
  return find_in(container.subcommands, name);
}

std::span<const command_spec> all_commands() { return the_table().commands(); }

}  // namespace kvmock

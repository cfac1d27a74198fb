// Where a storm runs: the in-process fake, or a server named by --target (a real Redis, or a
// kvmock serve whose admin port lets the storm add faults and read the server's counters).

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "kvpool/error.hpp"
#include "kvpool/kv_pool_config.hpp"
#include "one_shot.hpp"
#include "storm.hpp"

namespace kvmock::cli {
namespace {

using namespace std::chrono_literals;

// A storm a pool should ride out: slow replies, cut replies, resets, errors, refusals, hangs.
const std::vector<std::string> chaos_faults = {
    "latency:ms=1,jitter=8,p=0.3",
    "slice:bytes=3,delay_us=200,p=0.05",
    "error:reply=LOADING Redis is loading the dataset in memory,cmd=GET|SET,p=0.01",
    "drop:at=reply,p=0.003",
    "reset:at=mid-reply,bytes=4,p=0.003",
    "blackhole:p=0.001",
    "refuse:mode=reset,every=5",
    "stall_accept:every=13",
};
// A bad day short of an outage: slow and sometimes failing replies, no hangs, no refusals.
const std::vector<std::string> mild_faults = {
    "latency:ms=1,jitter=4,p=0.2",
    "error:reply=LOADING Redis is loading the dataset in memory,cmd=GET|SET,p=0.005",
    "drop:at=reply,p=0.001",
};

const kvmock::server_stats& subtract_baseline(kvmock::server_stats& stats, std::uint64_t open_before) {
  stats.peak_connections -= std::min(stats.peak_connections, open_before);
  stats.open_connections -= std::min(stats.open_connections, open_before);
  return stats;
}

class in_process : public storm_target {
 public:
  in_process(const storm_settings& settings, std::vector<kvmock::fault> faults) : server_(options(settings, faults)) {}

  std::string pool_address() const override { return "127.0.0.1:" + std::to_string(server_.port()); }
  std::string description() const override { return "the in-process kvmock server, " + pool_address(); }
  std::optional<std::uint64_t> faults_so_far() override {
    std::uint64_t total = 0;
    for (const auto& [kind, count] : server_.injected_faults()) total += count;
    return total;
  }

  server_view finish(const storm_settings&) override {
    server_view view;
    view.checked = true;
    // The counts once the server sees no connection left: a connection the pool closed while
    // it still waited in the server's accept queue may be accepted later, and closed at once.
    if (!server_.wait_for([&](const kvmock::server_stats& s) {
          view.stats = s;
          return s.open_connections == 0;
        }, 30s)) {
      view.stats = server_.stats();
    }
    for (const auto& [kind, count] : server_.injected_faults()) view.injected[std::string(to_string(kind))] = count;
    return view;
  }

 private:
  static kvmock::server_options options(const storm_settings& settings, std::vector<kvmock::fault>& faults) {
    kvmock::server_options o;
    o.seed = settings.seed;
    o.faults = std::move(faults);
    return o;
  }
  kvmock::server server_;
};

class remote : public storm_target {
 public:
  remote(const storm_settings& settings, const std::vector<std::string>& faults)
      : config_(address_with_namespace(settings.target)) {
    config_.password(settings.password).database(settings.database);
    main_ = config_.connection();
    main_.connect_timeout = std::chrono::milliseconds(settings.connect_timeout_ms);
    main_.command_timeout = std::chrono::milliseconds(std::max(settings.connect_timeout_ms, settings.command_timeout_ms));
    where_ = main_.host + ":" + std::to_string(main_.port);
    probe_main();
    if (settings.admin_port != 0) {
      admin_ = main_;
      admin_->port = settings.admin_port;  // the same password (a kvmock serve asks it there too)
      admin_->database = 0;
      probe_admin();
      open_before_ = stats().open_connections;
      injected_before_ = injected_by_kind();
      admin({{"KVMOCK.STATS", "RESET-PEAK"}});
      for (const auto& spec : faults) {
        const auto added = admin({{"KVMOCK.FAULT", "ADD", spec}}).front();
        if (added.is_error()) {
          remove_faults();
          throw storm_error("bad --fault '" + spec + "': " + added.text());
        }
        fault_ids_.push_back(std::to_string(added.as_integer()));
      }
    } else if (!faults.empty()) {
      throw storm_error("faults against --target need the target to be a kvmock serve and its --admin-port "
                        "(pass --admin-port, or --profile none)");
    }
    // Keys left by an interrupted run under the same namespace would read as lost data.
    delete_keys(settings);
  }

  // Whatever happened, the storm's faults do not outlive it on a server others use.
  ~remote() override { remove_faults(); }

  std::string pool_address() const override { return config_address_; }
  std::string description() const override {
    return where_ + ", keys under \"" + namespace_ + ":\"" +
           (admin_ ? ", kvmock admin port " + std::to_string(admin_->port) : "");
  }
  std::optional<std::uint64_t> faults_so_far() override {
    if (!admin_) return std::nullopt;
    try {
      std::uint64_t total = 0;
      for (const auto& [kind, count] : injected_since_start()) total += count;
      return total;
    } catch (const storm_error&) {
      return std::nullopt;  // the admin port did not answer this time: the report will say
    }
  }

  server_view finish(const storm_settings& settings) override {
    server_view view;
    try {
      // The storm's faults go first, so that they cannot refuse or cut the deletion of its keys.
      remove_faults();
      delete_keys(settings);
      if (!admin_) {
        view.not_checked_reason = "the target is not a kvmock serve with --admin-port: server-side counts not checked";
        return view;
      }
      const auto deadline = std::chrono::steady_clock::now() + 30s;
      do {
        view.stats = stats();
        if (view.stats.open_connections <= open_before_) break;
        std::this_thread::sleep_for(20ms);  // polling another process: there is nothing to wait on
      } while (std::chrono::steady_clock::now() < deadline);
      subtract_baseline(view.stats, open_before_);
      view.injected = injected_since_start();
      view.checked = true;
    } catch (const storm_error& e) {
      view = {};
      view.not_checked_reason = std::string("the server stopped answering after the run: ") + e.what();
    }
    return view;
  }

 private:
  void remove_faults() noexcept {
    if (!admin_) return;
    for (const auto& id : fault_ids_) run_commands(*admin_, {{"KVMOCK.FAULT", "DEL", id}});
    fault_ids_.clear();
  }

  std::map<std::string, std::uint64_t> injected_by_kind() {
    std::map<std::string, std::uint64_t> counts;
    for (const auto& [name, value] : stats_lines()) {
      if (name.rfind("injected_", 0) == 0) counts[name.substr(9)] = value;
    }
    return counts;
  }

  std::map<std::string, std::uint64_t> injected_since_start() {
    auto counts = injected_by_kind();
    for (auto& [kind, count] : counts) {
      const auto before = injected_before_.find(kind);
      if (before != injected_before_.end()) count -= std::min(count, before->second);
    }
    std::erase_if(counts, [](const auto& entry) { return entry.second == 0; });
    return counts;
  }

  // The storm's keys live under a namespace of its own: the one given, or one made for the run.
  kvpool::kv_pool_config address_with_namespace(const std::string& target) {
    try {
      kvpool::kv_pool_config{target};  // the address as given, for an error that quotes it
    } catch (const std::exception& e) {
      throw storm_error("bad --target '" + target + "' (HOST:PORT[/NAMESPACE]): " + e.what());
    }
    std::string address = target;
    if (address.find('/') == std::string::npos) {
      // Unique across machines sharing one server (containers often share pids).
      address += "/kvmock-storm-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}() % 1000000);
    }
    namespace_ = address.substr(address.find('/') + 1);
    config_address_ = address;
    return kvpool::kv_pool_config(address);
  }

  void probe_main() {
    const auto probe = run_commands(main_, {{"PING"}});
    const auto timeout = std::to_string(main_.connect_timeout.count()) + " ms";
    if (probe.ec == boost::asio::error::connection_refused) {
      throw storm_error("nothing listens on " + where_ + " (connection refused)");
    }
    if (probe.ec == kvpool::error::connect_timeout) {
      throw storm_error(where_ + " did not accept a connection within " + timeout + " (--connect-timeout-ms)");
    }
    if (probe.ec == kvpool::error::auth_failed) {
      throw storm_error(where_ + " refused the password: check --password");
    }
    if (probe.ec == kvpool::error::select_failed) {
      throw storm_error(where_ + " refused SELECT " + std::to_string(main_.database) + ": check --database");
    }
    if (probe.ec == kvpool::error::protocol_error || probe.ec == kvpool::error::command_timeout) {
      throw storm_error(where_ + " does not speak RESP (no valid reply to PING within " + timeout + ")");
    }
    if (probe.ec == boost::asio::error::eof || probe.ec == boost::asio::error::connection_reset) {
      throw storm_error(where_ + " does not speak RESP (it closed the connection instead of answering PING)");
    }
    if (probe.ec) throw storm_error("cannot use " + where_ + ": " + probe.ec.message());
    const kvpool::reply& pong = probe.replies.front();
    if (pong.is_error()) {
      throw storm_error(where_ + " answered PING with \"" + pong.text() + "\"" +
                        (pong.text().rfind("NOAUTH", 0) == 0 ? ": it needs --password" : ""));
    }
  }

  void probe_admin() {
    const auto probe = run_commands(*admin_, {{"KVMOCK.STATS"}});
    const std::string where = admin_->host + ":" + std::to_string(admin_->port);
    if (probe.ec) throw storm_error("cannot use the admin port " + where + ": " + probe.ec.message());
    if (probe.replies.front().is_error()) {
      throw storm_error(where + " is not a kvmock admin port (KVMOCK.STATS: " + probe.replies.front().text() + ")");
    }
  }

  std::vector<kvpool::reply> admin(const std::vector<std::vector<std::string>>& commands) {
    auto result = run_commands(*admin_, commands);
    if (result.ec) throw storm_error("the admin port stopped answering: " + result.ec.message());
    return std::move(result.replies);
  }

  std::vector<std::pair<std::string, std::uint64_t>> stats_lines() {
    std::vector<std::pair<std::string, std::uint64_t>> lines;
    std::istringstream text(admin({{"KVMOCK.STATS"}}).front().text());
    std::string line;
    while (std::getline(text, line)) {
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      lines.emplace_back(line.substr(0, colon), std::stoull(line.substr(colon + 1)));
    }
    return lines;
  }

  kvmock::server_stats stats() {
    kvmock::server_stats s;
    for (const auto& [name, value] : stats_lines()) {
      if (name == "open_connections") s.open_connections = value;
      else if (name == "peak_connections") s.peak_connections = value;
      else if (name == "accepted_connections") s.accepted_connections = value;
      else if (name == "refused_connections") s.refused_connections = value;
      else if (name == "closed_connections") s.closed_connections = value;
      else if (name == "closed_by_client") s.closed_by_client = value;
      else if (name == "closed_by_server") s.closed_by_server = value;
      else if (name == "closed_by_fault") s.closed_by_fault = value;
      else if (name == "commands_processed") s.commands_processed = value;
    }
    return s;
  }

  // The workload writes one key per worker (key-w<N>) under the namespace: deleted at the end.
  void delete_keys(const storm_settings& settings) {
    std::vector<std::string> del{"DEL"};
    for (int w = 0; w < settings.workers; ++w) del.push_back(namespace_ + ":key-w" + std::to_string(w));
    const auto deleted = run_commands(main_, {del});
    if (deleted.ec || deleted.replies.front().is_error()) {
      std::cerr << "kvmock storm: could not delete the workload's keys under \"" << namespace_ << ":\" ("
                << (deleted.ec ? deleted.ec.message() : deleted.replies.front().text()) << ")\n";
    }
  }

  std::string namespace_;
  std::string config_address_;
  kvpool::kv_pool_config config_;
  kvpool::connection_options main_;
  std::string where_;
  std::optional<kvpool::connection_options> admin_;
  std::uint64_t open_before_ = 0;
  std::map<std::string, std::uint64_t> injected_before_;
  std::vector<std::string> fault_ids_;
};

}  // namespace

std::vector<std::string> chosen_faults(const storm_settings& settings) {
  const bool listed = !settings.fault_specs.empty();
  if (listed && (!settings.profile.empty() || settings.no_faults)) {
    throw storm_error("choose either --fault or --profile/--no-faults");
  }
  if (listed) return settings.fault_specs;
  const std::string profile =
      settings.no_faults ? "none" : !settings.profile.empty() ? settings.profile : settings.target.empty() ? "chaos" : "none";
  if (profile == "none") return {};
  if (profile == "mild") return mild_faults;
  if (profile == "chaos") return chaos_faults;
  throw storm_error("unknown --profile '" + profile + "': use none, mild or chaos");
}

std::unique_ptr<storm_target> in_process_target(const storm_settings& settings, std::vector<kvmock::fault> faults) {
  return std::make_unique<in_process>(settings, std::move(faults));
}

std::unique_ptr<storm_target> remote_target(const storm_settings& settings, const std::vector<std::string>& faults) {
  return std::make_unique<remote>(settings, faults);
}

}  // namespace kvmock::cli

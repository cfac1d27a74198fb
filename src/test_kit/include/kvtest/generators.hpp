#pragma once
// rapidcheck generators for properties over a pool, a client or anything that talks to a fake
// server: fault schedules (every kind, in the spec grammar), pool shapes (sizes and times that
// stress the pool's edges) and workloads (kvcheck operations per worker). Header-only: link
// rapidcheck in the suite that uses them.
//
//   RC_GTEST_PROP(MyPool, SurvivesFaults, ()) {
//     const auto faults = *kvtest::gen::fault_schedule();
//     const kvtest::pool_shape shape = *kvtest::gen::pool_shape();
//     kvmock::server_options options;
//     for (const auto& spec : faults) options.faults.push_back(kvmock::parse_fault(spec));
//     ...  // run the code under test, then check with kvcheck (check_bounded, holder_tracker...)
//   }

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "kvcheck/workload.hpp"
#include "kvpool/kv_pool_config.hpp"

namespace kvtest {

// Sizes and times of a pool, small enough that waits, timeouts, health checks and lifetimes
// all happen within a short test.
struct pool_shape {
  std::size_t max_size = 1;
  std::size_t min_size = 0;
  std::chrono::nanoseconds acquire_timeout{};
  std::chrono::nanoseconds backoff{};
  std::chrono::nanoseconds check_after_idle{};
  std::chrono::nanoseconds check_timeout{};
  std::chrono::nanoseconds max_lifetime{};

  // The shape on a configuration (connect and command timeouts of 100 ms).
  kvpool::kv_pool_config applied_to(kvpool::kv_pool_config config) const {
    using namespace std::chrono_literals;
    return config.max_size(max_size)
        .min_size(min_size)
        .acquire_timeout(acquire_timeout)
        .connect_timeout(100ms)
        .command_timeout(100ms)
        .backoff(backoff, 2.0, 40ms)
        .check_after_idle(check_after_idle)
        .check_timeout(check_timeout)
        .max_lifetime(max_lifetime);
  }
};

namespace gen {

namespace detail {
inline std::string number(int low, int high) { return std::to_string(*rc::gen::inRange(low, high)); }
}  // namespace detail

// One fault of any kind with generated parameters, as a spec ("latency:ms=3,jitter=7,p=0.3").
// Refusals are bounded by a window, so that a schedule never refuses for good.
inline rc::Gen<std::string> fault_spec() {
  return rc::gen::exec([] {
    using detail::number;
    const std::string p = ",p=" + *rc::gen::element<std::string>("0.1", "0.3", "0.6");
    const std::string at = *rc::gen::element<std::string>("accept", "request", "reply", "mid-reply");
    const std::string cut = "at=" + at + (at == "mid-reply" ? ",bytes=" + number(1, 6) : "");
    switch (*rc::gen::inRange(0, 11)) {
      case 0: return "latency:ms=" + number(0, 15) + ",jitter=" + number(0, 10) + p;
      case 1: return "blackhole:cmd=ECHO|GET" + p;
      case 2: return "drop:" + cut + p;
      case 3: return "reset:" + cut + p;
      case 4:
        return "refuse:mode=" + *rc::gen::element<std::string>("close", "reset") + ",window=0-" + number(1, 60);
      case 5: return "max_clients:n=" + number(1, 4);
      case 6: return "error:reply=LOADING Redis is loading the dataset in memory,cmd=GET|SET" + p;
      case 7: return "slice:bytes=" + number(1, 8) + ",delay_us=" + number(0, 500);
      case 8: return "bandwidth:kbps=" + number(200, 2000);
      case 9: return "slow_close:ms=" + number(0, 15);
      default: return "stall_accept:times=" + number(1, 3) + p;
    }
  });
}

// Between `least` and `most` faults, applied in order.
inline rc::Gen<std::vector<std::string>> fault_schedule(std::size_t least = 1, std::size_t most = 4) {
  return rc::gen::exec([=] {
    return *rc::gen::container<std::vector<std::string>>(*rc::gen::inRange(least, most + 1), fault_spec());
  });
}

inline rc::Gen<kvtest::pool_shape> pool_shape() {
  return rc::gen::exec([] {
    using namespace std::chrono_literals;
    using ns = std::chrono::nanoseconds;
    kvtest::pool_shape s;
    s.max_size = *rc::gen::inRange<std::size_t>(1, 5);
    s.min_size = *rc::gen::inRange<std::size_t>(0, s.max_size + 1);
    s.acquire_timeout = *rc::gen::element<ns>(50ms, 200ms);
    s.backoff = *rc::gen::element<ns>(2ms, 10ms);
    s.check_after_idle = *rc::gen::element<ns>(0s, 1ns);
    s.check_timeout = *rc::gen::element<ns>(20ms, 1s);
    s.max_lifetime = *rc::gen::element<ns>(0s, 20ms, 200ms);
    return s;
  });
}

// For each of 1 to `most_workers` workers, 1 to 5 operations: mostly ECHO and SET-then-GET,
// some cancelled commands and acquires, some connections released as broken.
inline rc::Gen<std::vector<std::vector<kvcheck::operation>>> workload(std::size_t most_workers = 6) {
  return rc::gen::exec([=] {
    using kvcheck::operation;
    const auto operations = rc::gen::container<std::vector<operation>>(
        *rc::gen::inRange<std::size_t>(1, 6), rc::gen::weightedElement<operation>({{4, operation::echo},
                                                                                  {4, operation::set_then_get},
                                                                                  {1, operation::cancelled_echo},
                                                                                  {1, operation::broken},
                                                                                  {2, operation::cancelled_acquire}}));
    return *rc::gen::container<std::vector<std::vector<operation>>>(*rc::gen::inRange<std::size_t>(1, most_workers + 1),
                                                                    operations);
  });
}

}  // namespace gen
}  // namespace kvtest

// The fault grammar, KIND[:KEY=VALUE,...]: what parses to what, what is rejected and why, and
// that the canonical text parses back to the same fault.

#include "kvmock/fault.hpp"

#include <gtest/gtest.h>

#include <boost/system/system_error.hpp>

namespace {

using namespace std::chrono_literals;
using kvmock::fault_spec_error;

struct rejection {
  boost::system::error_code code;
  std::string message;
};

rejection rejected(std::string_view spec) {
  rejection result;
  EXPECT_FALSE(kvmock::parse_fault(spec, result.code, result.message).has_value()) << spec;
  return result;
}

TEST(FaultSpec, ParsesLatencyWithEveryTargetingKey) {
  const auto f = kvmock::parse_fault(
      "latency:ms=50,jitter=10,dist=pareto,p=0.3,cmd=GET|set,conn=2,every=3,after=4,times=5,"
      "window=100-200");
  EXPECT_EQ(f.kind, kvmock::fault_kind::latency);
  EXPECT_EQ(f.delay, 50ms);
  EXPECT_EQ(f.jitter, 10ms);
  EXPECT_EQ(f.distribution, kvmock::jitter_distribution::pareto);
  EXPECT_DOUBLE_EQ(f.probability, 0.3);
  EXPECT_EQ(f.commands, (std::vector<std::string>{"get", "set"}));
  EXPECT_EQ(f.connection, 2u);
  EXPECT_EQ(f.every, 3u);
  EXPECT_EQ(f.skip, 4u);
  EXPECT_EQ(f.times, 5u);
  ASSERT_TRUE(f.window);
  EXPECT_EQ(f.window->from, 100ms);
  EXPECT_EQ(f.window->to, 200ms);
}

TEST(FaultSpec, EveryKindParsesAndMatchesItsBuilder) {
  const std::vector<std::pair<std::string, kvmock::fault>> cases{
      {"latency:ms=5", kvmock::faults::latency(5ms)},
      {"blackhole", kvmock::faults::blackhole()},
      {"drop:at=reply", kvmock::faults::drop(kvmock::close_point::reply)},
      {"reset:at=mid-reply,bytes=3", kvmock::faults::reset(kvmock::close_point::mid_reply, 3)},
      {"refuse:mode=close", kvmock::faults::refuse(kvmock::refuse_mode::close)},
      {"max_clients:n=2", kvmock::faults::max_clients(2)},
      {"error:reply=LOADING Redis is loading", kvmock::faults::error("LOADING Redis is loading")},
      {"slice:bytes=1,delay_us=200", kvmock::faults::slice(1, 200us)},
      {"bandwidth:kbps=64", kvmock::faults::bandwidth(64)},
      {"slow_close:ms=30", kvmock::faults::slow_close(30ms)},
      {"stall_accept", kvmock::faults::stall_accept()},
  };
  for (const auto& [spec, built] : cases) {
    EXPECT_EQ(kvmock::parse_fault(spec), built) << spec;
    EXPECT_EQ(kvmock::to_string(built), spec);
  }
}

TEST(FaultSpec, CanonicalTextRoundTrips) {
  const auto f = kvmock::faults::latency(7ms, 3ms, kvmock::jitter_distribution::pareto)
                     .with_probability(0.125)
                     .on_commands("Get|MSET")
                     .on_connection(4)
                     .on_every_connection(2)
                     .after_matches(1)
                     .at_most(9)
                     .during(5ms, 6ms);
  const auto text = kvmock::to_string(f);
  EXPECT_EQ(text,
            "latency:ms=7,jitter=3,dist=pareto,p=0.125,cmd=get|mset,conn=4,every=2,after=1,"
            "times=9,window=5-6");
  EXPECT_EQ(kvmock::parse_fault(text), f);
}

TEST(FaultSpec, NamesAndKeysIgnoreCaseAndSpaces) {
  EXPECT_EQ(kvmock::parse_fault(" DROP : AT = Mid-Reply , Bytes = 2 "),
            kvmock::faults::drop(kvmock::close_point::mid_reply, 2));
}

TEST(FaultSpec, RejectsWhatIsWrongAndSaysWhat) {
  struct bad {
    std::string_view spec;
    fault_spec_error code;
    std::string_view says;
  };
  const std::vector<bad> cases{
      {"", fault_spec_error::empty, "empty fault spec"},
      {"slowness:ms=3", fault_spec_error::unknown_kind, "unknown fault kind 'slowness'"},
      {"latency:ms", fault_spec_error::malformed_option, "'ms' is not KEY=VALUE"},
      {"latency:ms=1,", fault_spec_error::malformed_option, "'' is not KEY=VALUE"},
      {"latency:bytes=3", fault_spec_error::unknown_key, "unknown key 'bytes'"},
      {"latency:ms=1,ms=2", fault_spec_error::duplicate_key, "key 'ms' given twice"},
      {"latency:ms=-1", fault_spec_error::invalid_value, "ms='-1' is not a whole number >= 0"},
      {"latency:ms=5x", fault_spec_error::invalid_value, "ms='5x'"},
      {"latency:p=1.5", fault_spec_error::invalid_value, "p='1.5' is not a probability"},
      {"latency:dist=normal", fault_spec_error::invalid_value, "one of uniform pareto"},
      {"latency:cmd=GET||SET", fault_spec_error::invalid_value, "separated by '|'"},
      {"latency:conn=0", fault_spec_error::invalid_value, "conn='0' is not a whole number >= 1"},
      {"latency:window=20-10", fault_spec_error::invalid_value, "FROM <= TO"},
      {"latency:window=20", fault_spec_error::invalid_value, "window='20'"},
      {"drop:at=later", fault_spec_error::invalid_value, "one of accept request reply mid-reply"},
      {"drop:at=mid-reply", fault_spec_error::missing_key, "at=mid-reply needs bytes=N"},
      {"drop:bytes=3", fault_spec_error::conflicting_keys, "bytes is only for at=mid-reply"},
      {"drop:at=accept,cmd=GET", fault_spec_error::conflicting_keys, "acts at accept"},
      {"refuse:p=0.5", fault_spec_error::conflicting_keys, "mode=unbound takes no targeting"},
      {"max_clients", fault_spec_error::missing_key, "max_clients: needs n="},
      {"error", fault_spec_error::missing_key, "error: needs reply="},
      {"slice:delay_us=3", fault_spec_error::missing_key, "slice: needs bytes="},
      {"bandwidth:kbps=0", fault_spec_error::invalid_value, "kbps='0'"},
      {"slow_close", fault_spec_error::missing_key, "slow_close: needs ms="},
  };
  for (const auto& each : cases) {
    const auto result = rejected(each.spec);
    EXPECT_EQ(result.code, each.code) << each.spec << ": " << result.message;
    EXPECT_NE(result.message.find(each.says), std::string::npos)
        << each.spec << " said: " << result.message;
  }
}

TEST(FaultSpec, ThrowingParseCarriesTheCodeAndMessage) {
  try {
    kvmock::parse_fault("latency:speed=3");
    FAIL() << "no exception";
  } catch (const boost::system::system_error& e) {
    EXPECT_EQ(e.code(), fault_spec_error::unknown_key);
    EXPECT_NE(std::string(e.what()).find("unknown key 'speed'"), std::string::npos) << e.what();
    EXPECT_EQ(e.code().category().name(), std::string("kvmock.fault"));
  }
}

TEST(FaultSpec, CheckAppliesTheSameRulesToBuiltFaults) {
  std::string message;
  EXPECT_FALSE(kvmock::check_fault(kvmock::faults::latency(1ms).with_probability(0.5), message));
  EXPECT_EQ(kvmock::check_fault(kvmock::faults::latency(1ms).with_probability(2), message),
            fault_spec_error::invalid_value);
  EXPECT_EQ(kvmock::check_fault(kvmock::faults::error("two\r\nlines"), message),
            fault_spec_error::invalid_value);
  EXPECT_EQ(kvmock::check_fault(kvmock::faults::refuse().on_connection(1), message),
            fault_spec_error::conflicting_keys);
  EXPECT_EQ(kvmock::check_fault(kvmock::faults::max_clients(0), message),
            fault_spec_error::missing_key);
}

}  // namespace

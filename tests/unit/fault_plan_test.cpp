// Fault decisions without sockets: order, terminal faults, every targeting key, and that each
// draw depends only on (seed, fault, connection, command index).

#include "fault_plan.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using kvmock::fault_plan;
using outcome = kvmock::request_decision::outcome;
using action = kvmock::accept_decision::action;

constexpr kvmock::unix_ms t0 = 1'700'000'000'000;

// How many of connection 1's commands 1..n a fresh plan with f injects into.
int injected_in(const kvmock::fault& f, int n, std::uint64_t seed = 1) {
  fault_plan plan(seed, 1000);
  plan.add(f, t0);
  int count = 0;
  for (int i = 1; i <= n; ++i) {
    count += plan.on_request(1, static_cast<std::uint64_t>(i), "GET", t0).shapes_reply();
  }
  return count;
}

TEST(FaultPlan, NoFaultShapesNothing) {
  fault_plan plan(0, 10);
  EXPECT_TRUE(plan.empty());
  EXPECT_FALSE(plan.on_request(1, 1, "GET", t0).shapes_reply());
  EXPECT_EQ(plan.on_accept(1, 0, t0).what, action::serve);
}

TEST(FaultPlan, LatenciesAddUpAndATerminalFaultStopsTheRest) {
  fault_plan plan(0, 10);
  plan.add(kvmock::faults::latency(5ms), t0);
  plan.add(kvmock::faults::slow_close(7ms), t0);
  plan.add(kvmock::faults::latency(3ms), t0);
  plan.add(kvmock::faults::reset(kvmock::close_point::reply), t0);
  plan.add(kvmock::faults::latency(100ms), t0);  // after a terminal fault: never applies
  const auto decision = plan.on_request(1, 1, "get", t0);
  EXPECT_EQ(decision.delay, 8ms);
  EXPECT_EQ(decision.close_delay, 7ms);
  EXPECT_EQ(decision.what, outcome::close_after);
  EXPECT_TRUE(decision.reset);
  EXPECT_EQ(plan.log().size(), 4u);
}

TEST(FaultPlan, EachTerminalOutcome) {
  const auto first = [](const kvmock::fault& f) {
    fault_plan plan(0, 10);
    plan.add(f, t0);
    return plan.on_request(1, 1, "GET", t0);
  };
  EXPECT_EQ(first(kvmock::faults::blackhole()).what, outcome::blackhole);
  EXPECT_EQ(first(kvmock::faults::drop()).what, outcome::close_before);
  EXPECT_EQ(first(kvmock::faults::drop(kvmock::close_point::reply)).what, outcome::close_after);
  const auto mid = first(kvmock::faults::drop(kvmock::close_point::mid_reply, 2));
  EXPECT_EQ(mid.what, outcome::close_mid_reply);
  EXPECT_EQ(mid.close_after_bytes, 2u);
  EXPECT_FALSE(mid.reset);
  const auto error = first(kvmock::faults::error("BUSY script"));
  EXPECT_EQ(error.what, outcome::canned);
  EXPECT_EQ(error.canned_reply, "-BUSY script\r\n");
  EXPECT_FALSE(error.runs_command());
  const auto sliced = first(kvmock::faults::slice(3, 10us));
  EXPECT_EQ(sliced.what, outcome::reply);
  EXPECT_EQ(sliced.piece_bytes, 3u);
  EXPECT_EQ(first(kvmock::faults::bandwidth(8)).kbps, 8u);
}

TEST(FaultPlan, AcceptFaults) {
  const auto at_accept = [](const kvmock::fault& f, std::size_t open = 0) {
    fault_plan plan(0, 10);
    plan.add(kvmock::faults::slow_close(4ms), t0);
    plan.add(f, t0);
    return plan.on_accept(1, open, t0);
  };
  EXPECT_EQ(at_accept(kvmock::faults::refuse(kvmock::refuse_mode::close)).what,
            action::refuse_close);
  EXPECT_EQ(at_accept(kvmock::faults::refuse(kvmock::refuse_mode::reset)).what,
            action::refuse_reset);
  EXPECT_EQ(at_accept(kvmock::faults::stall_accept()).what, action::stall);
  EXPECT_EQ(at_accept(kvmock::faults::drop(kvmock::close_point::accept)).what, action::close);
  const auto reset = at_accept(kvmock::faults::reset(kvmock::close_point::accept));
  EXPECT_EQ(reset.what, action::reset);
  EXPECT_EQ(reset.close_delay, 4ms);
  EXPECT_EQ(at_accept(kvmock::faults::max_clients(2), 1).what, action::serve);
  EXPECT_EQ(at_accept(kvmock::faults::max_clients(2), 2).what, action::max_clients);
  // Request faults do nothing at accept, accept faults nothing to requests.
  EXPECT_EQ(at_accept(kvmock::faults::blackhole()).what, action::serve);
  fault_plan plan(0, 10);
  plan.add(kvmock::faults::stall_accept(), t0);
  EXPECT_FALSE(plan.on_request(1, 1, "GET", t0).shapes_reply());
}

TEST(FaultPlan, RefuseUnboundIsAListenerStateNotAnAcceptDecision) {
  fault_plan plan(0, 10);
  const auto id = plan.add(kvmock::faults::refuse(), t0);
  EXPECT_TRUE(plan.refusing_unbound());
  EXPECT_EQ(plan.on_accept(1, 0, t0).what, action::serve);
  EXPECT_TRUE(plan.remove(id));
  EXPECT_FALSE(plan.refusing_unbound());
  EXPECT_FALSE(plan.remove(id));
}

TEST(FaultPlan, CmdMatchesNamesCaseInsensitively) {
  fault_plan plan(0, 10);
  plan.add(kvmock::faults::blackhole().on_commands("GET|Set"), t0);
  EXPECT_TRUE(plan.on_request(1, 1, "get", t0).shapes_reply());
  EXPECT_TRUE(plan.on_request(1, 2, "SET", t0).shapes_reply());
  EXPECT_FALSE(plan.on_request(1, 3, "PING", t0).shapes_reply());
}

TEST(FaultPlan, ConnAndEveryChooseConnections) {
  fault_plan plan(0, 100);
  plan.add(kvmock::faults::blackhole().on_connection(2), t0);
  plan.add(kvmock::faults::error("ERR x").on_every_connection(3), t0);
  EXPECT_EQ(plan.on_request(1, 1, "GET", t0).what, outcome::reply);
  EXPECT_EQ(plan.on_request(2, 1, "GET", t0).what, outcome::blackhole);
  EXPECT_EQ(plan.on_request(3, 1, "GET", t0).what, outcome::canned);
  EXPECT_EQ(plan.on_request(4, 1, "GET", t0).what, outcome::reply);
  EXPECT_EQ(plan.on_request(6, 1, "GET", t0).what, outcome::canned);
}

TEST(FaultPlan, AfterSkipsMatchesAndTimesCapsInjections) {
  fault_plan plan(0, 100);
  plan.add(kvmock::faults::blackhole().on_commands("GET").after_matches(2).at_most(2), t0);
  std::vector<bool> hit;
  for (std::uint64_t i = 1; i <= 6; ++i) {
    hit.push_back(plan.on_request(1, i, "GET", t0).shapes_reply());
    plan.on_request(1, i, "SET", t0);  // not a match: does not count
  }
  EXPECT_EQ(hit, (std::vector<bool>{false, false, true, true, false, false}));
}

TEST(FaultPlan, WindowCountsFromWhenTheFaultWasAdded) {
  fault_plan plan(0, 100);
  plan.add(kvmock::faults::blackhole().during(100ms, 200ms), t0);
  EXPECT_FALSE(plan.on_request(1, 1, "GET", t0 + 99).shapes_reply());
  EXPECT_TRUE(plan.on_request(1, 2, "GET", t0 + 100).shapes_reply());
  EXPECT_TRUE(plan.on_request(1, 3, "GET", t0 + 199).shapes_reply());
  EXPECT_FALSE(plan.on_request(1, 4, "GET", t0 + 200).shapes_reply());
}

TEST(FaultPlan, ProbabilityInjectsAboutThatShare) {
  EXPECT_EQ(injected_in(kvmock::faults::blackhole().with_probability(0), 1000), 0);
  EXPECT_EQ(injected_in(kvmock::faults::blackhole().with_probability(1), 1000), 1000);
  const int share = injected_in(kvmock::faults::blackhole().with_probability(0.3), 10000);
  EXPECT_GT(share, 2700);
  EXPECT_LT(share, 3300);
}

TEST(FaultPlan, DrawsDependOnTheSeedNotOnWhatCameBefore) {
  const auto f = kvmock::faults::latency(0ms, 50ms).with_probability(0.5);
  // The same (connection, command) gets the same decision whatever was asked before it.
  fault_plan forward(42, 100);
  fault_plan backward(42, 100);
  forward.add(f, t0);
  backward.add(f, t0);
  std::vector<std::chrono::microseconds> ahead(20);
  std::vector<std::chrono::microseconds> behind(20);
  for (std::uint64_t i = 0; i < 20; ++i) ahead[i] = forward.on_request(1 + i % 3, i, "GET", t0).delay;
  for (std::uint64_t i = 20; i-- > 0;) behind[i] = backward.on_request(1 + i % 3, i, "GET", t0).delay;
  EXPECT_EQ(ahead, behind);
  // Another seed decides otherwise.
  fault_plan other(43, 100);
  other.add(f, t0);
  std::vector<std::chrono::microseconds> elsewhere(20);
  for (std::uint64_t i = 0; i < 20; ++i) elsewhere[i] = other.on_request(1 + i % 3, i, "GET", t0).delay;
  EXPECT_NE(ahead, elsewhere);
}

TEST(FaultPlan, JitterStaysWithinItsDistribution) {
  fault_plan uniform(7, 0);
  uniform.add(kvmock::faults::latency(10ms, 5ms), t0);
  fault_plan pareto(7, 0);
  pareto.add(kvmock::faults::latency(10ms, 5ms, kvmock::jitter_distribution::pareto), t0);
  std::chrono::microseconds longest_pareto{0};
  for (std::uint64_t i = 1; i <= 2000; ++i) {
    const auto u = uniform.on_request(1, i, "GET", t0).delay;
    EXPECT_GE(u, 10ms);
    EXPECT_LE(u, 15ms);
    const auto p = pareto.on_request(1, i, "GET", t0).delay;
    EXPECT_GE(p, 10ms);
    EXPECT_LE(p, 10ms + 100 * 5ms);
    longest_pareto = std::max(longest_pareto, p);
  }
  EXPECT_GT(longest_pareto, 15ms);  // the long tail shows within 2000 draws
}

TEST(FaultPlan, TheLogIsBoundedAndKeepsTheNewest) {
  fault_plan plan(0, 3);
  const auto id = plan.add(kvmock::faults::latency(1ms), t0);
  for (std::uint64_t i = 1; i <= 5; ++i) plan.on_request(2, i, "GET", t0 + static_cast<int>(i));
  ASSERT_EQ(plan.log().size(), 3u);
  const auto& first = plan.log().front();
  EXPECT_EQ(first.fault_id, id);
  EXPECT_EQ(first.kind, kvmock::fault_kind::latency);
  EXPECT_EQ(first.connection, 2u);
  EXPECT_EQ(first.command_index, 3u);
  EXPECT_EQ(first.at, std::chrono::system_clock::time_point(std::chrono::milliseconds(t0 + 3)));
}

TEST(FaultPlan, ListAndClear) {
  fault_plan plan(0, 3);
  plan.add(kvmock::faults::latency(1ms), t0);
  const auto second = plan.add(kvmock::faults::blackhole(), t0);
  const auto listed = plan.list();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1].id, second);
  EXPECT_EQ(listed[1].fault, kvmock::faults::blackhole());
  EXPECT_EQ(plan.clear(), 2u);
  EXPECT_TRUE(plan.empty());
  EXPECT_GT(plan.add(kvmock::faults::blackhole(), t0), second);  // ids are never reused
}

}  // namespace

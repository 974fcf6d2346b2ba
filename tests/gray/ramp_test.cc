// Staged ramps driven by simulated report streams, end to end through
// ReleaseSet::Evaluate on a simulated fleet.
#include "suture/gray/ramp.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "suture/gray/engine.h"

namespace suture::gray {
namespace {

const Timestamp kT0 = 1767225600;
const int64_t kHour = 3600;

Release RampedRelease() {
  Release r;
  r.id = "ramp-1";
  r.app_id = "com.example";
  r.base_builds = {"b1"};
  r.patch_id = "p1";
  r.ramp.steps = {
      {100, kHour, RampGate{50, 0.05}},     // 1%
      {500, kHour, RampGate{200, 0.05}},    // 5%
      {2000, kHour, RampGate{1000, 0.05}},  // 20%
      {5000, kHour, RampGate{3000, 0.05}},  // 50%
      {10000, 0, std::nullopt},             // 100%
  };
  StartRamp(&r, kT0);
  return r;
}

struct Fleet {
  std::vector<std::string> ids;
  std::vector<uint8_t> installed;
};

Fleet MakeFleet(int n) {
  Fleet f;
  for (int i = 0; i < n; ++i) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "fleet-%06d", i);
    f.ids.push_back(buf);
  }
  f.installed.assign(n, 0);
  return f;
}

// One simulated hour: every device checks in with probability 1/2; offered
// patches apply with probability 1 - failure_rate. Returns patched count.
int SimulateHour(const ReleaseSet& set, Timestamp now, double failure_rate, std::mt19937_64& rng,
                 Fleet* fleet, ReleaseAggregates* agg) {
  std::bernoulli_distribution checks(0.5), fails(failure_rate);
  DeviceContext d;
  d.app_id = "com.example";
  d.base_build = "b1";
  int patched = 0;
  for (size_t i = 0; i < fleet->ids.size(); ++i) {
    if (!checks(rng)) {
      patched += fleet->installed[i];
      continue;
    }
    d.device_id = fleet->ids[i];
    d.installed_patch = fleet->installed[i] ? "p1" : "";
    Decision dec = set.Evaluate(d, now, {.explain = false});
    if (fleet->installed[i]) {
      // Raising the percentage never removes a device.
      EXPECT_EQ(dec.kind, DecisionKind::kPatch) << d.device_id;
      EXPECT_TRUE(dec.already_installed);
    } else if (dec.kind == DecisionKind::kPatch) {
      if (fails(rng)) {
        ++agg->apply_failures;
      } else {
        ++agg->installs;
        fleet->installed[i] = 1;
      }
    }
    patched += fleet->installed[i];
  }
  return patched;
}

TEST(RampTest, HealthyStreamRampsToHundredPercent) {
  std::mt19937_64 rng(1);
  Fleet fleet = MakeFleet(40000);
  Release r = RampedRelease();
  ReleaseAggregates agg;
  std::vector<uint32_t> steps_by_hour;
  int patched = 0;
  for (int hour = 0; hour < 24; ++hour) {
    Timestamp now = kT0 + hour * kHour;
    auto set = ReleaseSet::Build({r});
    ASSERT_TRUE(set.ok());
    patched = SimulateHour(*set, now, 0.01, rng, &fleet, &agg);
    ReleaseUpdate u = UpdateRelease(r, agg, now + kHour);
    ASSERT_EQ(u.release.state, ReleaseState::kActive) << u.reason;
    r = u.release;
    steps_by_hour.push_back(r.ramp.current_step);
  }
  // One step per hour at most, never backwards, ending at 100%.
  for (size_t i = 1; i < steps_by_hour.size(); ++i) {
    EXPECT_LE(steps_by_hour[i - 1], steps_by_hour[i]);
    EXPECT_LE(steps_by_hour[i] - steps_by_hour[i - 1], 1u);
  }
  EXPECT_EQ(r.ramp.current_step, 4u);
  EXPECT_EQ(r.CurrentBasisPoints(), 10000u);
  // After many hours at 100% nearly the whole fleet has it (1% apply failures retry).
  EXPECT_GT(patched, 39000);
}

TEST(RampTest, FailingGateHoldsTheRamp) {
  std::mt19937_64 rng(2);
  Fleet fleet = MakeFleet(40000);
  Release r = RampedRelease();
  r.auto_halt.enabled = false;  // show the gate alone holds it
  ReleaseAggregates agg;
  std::string last_reason;
  for (int hour = 0; hour < 12; ++hour) {
    Timestamp now = kT0 + hour * kHour;
    auto set = ReleaseSet::Build({r});
    ASSERT_TRUE(set.ok());
    SimulateHour(*set, now, 0.10, rng, &fleet, &agg);  // 10% apply failures > 5% gate
    ReleaseUpdate u = UpdateRelease(r, agg, now + kHour);
    r = u.release;
    last_reason = u.reason;
  }
  EXPECT_EQ(r.ramp.current_step, 0u);
  EXPECT_EQ(r.CurrentBasisPoints(), 100u);
  EXPECT_TRUE(last_reason.starts_with("gate: failure rate")) << last_reason;
}

TEST(RampTest, GateWaitsForEnoughInstalls) {
  Release r = RampedRelease();
  ReleaseAggregates agg;
  agg.installs = 49;
  RampAdvance a = AdvanceRamp(r, agg, kT0 + 2 * kHour);
  EXPECT_FALSE(a.advanced);
  EXPECT_EQ(a.reason, "gate: 49 installs < 50");
  agg.installs = 50;
  a = AdvanceRamp(r, agg, kT0 + 2 * kHour);
  EXPECT_TRUE(a.advanced);
  EXPECT_EQ(a.new_step, 1u);
  EXPECT_EQ(a.basis_points, 500u);
  EXPECT_EQ(a.reason,
            "step 0 -> 1 (1.00% -> 5.00%) after 7200s, gate passed (50 installs, 0 failures)");
}

TEST(RampTest, TimeScheduleAdvancesOneStepPerElapsedDuration) {
  Release r;
  r.id = "timed";
  r.app_id = "a";
  r.base_builds = {"b"};
  r.patch_id = "p";
  r.ramp.steps = {{100, 86400, {}}, {1000, 86400, {}}, {5000, 86400, {}}, {10000, 0, {}}};
  StartRamp(&r, kT0);
  ReleaseAggregates none;
  std::vector<int> advanced_at;
  for (int hour = 1; hour <= 24 * 5; ++hour) {
    ReleaseUpdate u = UpdateRelease(r, none, kT0 + hour * kHour);
    if (u.changed) advanced_at.push_back(hour);
    r = u.release;
  }
  EXPECT_EQ(advanced_at, (std::vector<int>{24, 48, 72}));
  EXPECT_EQ(r.CurrentBasisPoints(), 10000u);
  // A server that was down for a week still moves one step per call.
  Release late = r;
  StartRamp(&late, kT0);
  RampAdvance a = AdvanceRamp(late, none, kT0 + 7 * 86400);
  EXPECT_EQ(a.new_step, 1u);
}

TEST(RampTest, PausedOrHaltedOrLastStepDoesNotMove) {
  Release r = RampedRelease();
  ReleaseAggregates agg;
  agg.installs = 1000000;
  r.state = ReleaseState::kPaused;
  EXPECT_FALSE(AdvanceRamp(r, agg, kT0 + 100 * kHour).advanced);
  EXPECT_EQ(AdvanceRamp(r, agg, kT0 + 100 * kHour).reason, "release is paused");
  r.state = ReleaseState::kHalted;
  EXPECT_FALSE(UpdateRelease(r, agg, kT0 + 100 * kHour).changed);
  r.state = ReleaseState::kActive;
  r.ramp.current_step = 4;
  RampAdvance a = AdvanceRamp(r, agg, kT0 + 100 * kHour);
  EXPECT_FALSE(a.advanced);
  EXPECT_EQ(a.reason, "at the last step (100.00%)");
  // Not yet held long enough.
  r.ramp.current_step = 1;
  r.ramp.step_started_at = kT0;
  EXPECT_EQ(AdvanceRamp(r, agg, kT0 + 60).reason, "step 1 held 60s of 3600s");
}

TEST(RampTest, CrashRegressionHaltsMidRamp) {
  std::mt19937_64 rng(3);
  Fleet fleet = MakeFleet(40000);
  Release r = RampedRelease();
  ReleaseAggregates agg;
  int halted_hour = -1;
  for (int hour = 0; hour < 24 && halted_hour < 0; ++hour) {
    Timestamp now = kT0 + hour * kHour;
    auto set = ReleaseSet::Build({r});
    ASSERT_TRUE(set.ok());
    int patched = SimulateHour(*set, now, 0.01, rng, &fleet, &agg);
    // Crash reports: patched devices crash at 3%, unpatched at 1%.
    agg.patched_devices = static_cast<uint64_t>(patched);
    agg.patched_crashed = std::binomial_distribution<uint64_t>(patched, 0.03)(rng);
    agg.base_devices = fleet.ids.size() - patched;
    agg.base_crashed = std::binomial_distribution<uint64_t>(agg.base_devices, 0.01)(rng);
    ReleaseUpdate u = UpdateRelease(r, agg, now + kHour);
    r = u.release;
    if (r.state == ReleaseState::kHalted) {
      halted_hour = hour;
      EXPECT_TRUE(r.state_reason.starts_with("auto-halt: patched crash rate")) << r.state_reason;
    }
  }
  ASSERT_GE(halted_hour, 0);
  EXPECT_LT(r.CurrentBasisPoints(), 10000u);  // stopped before full rollout
  // A halted release offers nothing to new devices; installed ones keep it.
  auto set = ReleaseSet::Build({r});
  ASSERT_TRUE(set.ok());
  DeviceContext d;
  d.app_id = "com.example";
  d.base_build = "b1";
  d.device_id = "fresh";
  EXPECT_EQ(set->Evaluate(d, kT0).kind, DecisionKind::kNone);
}

}  // namespace
}  // namespace suture::gray

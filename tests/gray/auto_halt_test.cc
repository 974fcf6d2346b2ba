// Auto-halt: the one-sided two-proportion test, its guards, and simulated
// report streams showing it catches regressions and ignores noise.
#include "suture/gray/auto_halt.h"

#include <gtest/gtest.h>

#include <random>

namespace suture::gray {
namespace {

ReleaseAggregates Crash(uint64_t n1, uint64_t x1, uint64_t n0, uint64_t x0) {
  ReleaseAggregates a;
  a.patched_devices = n1;
  a.patched_crashed = x1;
  a.base_devices = n0;
  a.base_crashed = x0;
  return a;
}

TEST(AutoHaltTest, Table) {
  struct Case {
    const char* name;
    ReleaseAggregates agg;
    bool halt;
    const char* reason_prefix;
  };
  const Case cases[] = {
      {"too few patched devices", Crash(999, 500, 100000, 1000), false, "not enough devices"},
      {"too few base devices", Crash(5000, 500, 999, 10), false, "not enough devices"},
      {"too few crashes", Crash(5000, 9, 100000, 0), false, "patched crash rate 0.18% (9/5000)"},
      {"equal rates", Crash(20000, 200, 200000, 2000), false, "patched crash rate 1.00%"},
      {"inside margin", Crash(20000, 230, 200000, 2000), false, "patched crash rate 1.15%"},
      {"clear regression", Crash(20000, 400, 200000, 2000), true,
       "patched crash rate 2.00% (400/20000) vs base 1.00% (2000/200000) exceeds base x1.10 + "
       "0.10%"},
      {"patched better", Crash(20000, 100, 200000, 2000), false, "patched crash rate 0.50%"},
      {"all crash vs none", Crash(1000, 1000, 1000, 0), true, "patched crash rate 100.00%"},
      {"counts above n are clamped", Crash(1000, 5000, 1000, 0), true,
       "patched crash rate 100.00% (1000/1000)"},
      {"no crashes anywhere", Crash(100000, 0, 100000, 0), false, "patched crash rate 0.00%"},
  };
  AutoHaltPolicy p;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    AutoHaltVerdict v = CheckAutoHalt(p, c.agg);
    EXPECT_EQ(v.halt, c.halt) << v.reason;
    EXPECT_TRUE(v.reason.starts_with(c.reason_prefix)) << v.reason;
  }
}

TEST(AutoHaltTest, DisabledNeverHalts) {
  AutoHaltPolicy p;
  p.enabled = false;
  AutoHaltVerdict v = CheckAutoHalt(p, Crash(1000, 1000, 1000, 0));
  EXPECT_FALSE(v.halt);
  EXPECT_EQ(v.reason, "auto-halt disabled");
}

TEST(AutoHaltTest, ZStatisticMatchesHandComputation) {
  AutoHaltPolicy p;
  p.relative_margin = 0;
  p.absolute_margin = 0;
  // p1 = 0.02, p0 = 0.01: se = sqrt(.02*.98/10000 + .01*.99/10000) = 0.0017176
  AutoHaltVerdict v = CheckAutoHalt(p, Crash(10000, 200, 10000, 100));
  EXPECT_NEAR(v.z, 0.01 / 0.0017175564, 1e-6);
  EXPECT_TRUE(v.halt);
}

TEST(AutoHaltTest, ApplyFailureCeiling) {
  AutoHaltPolicy p;  // ceiling 5%, min 500 attempts
  ReleaseAggregates a;
  a.installs = 380;
  a.apply_failures = 100;  // 20.8% but only 480 attempts
  EXPECT_FALSE(CheckAutoHalt(p, a).halt);
  a.installs = 900;
  a.apply_failures = 100;  // 10% of 1000: z = 0.05/sqrt(.05*.95/1000) = 7.25
  AutoHaltVerdict v = CheckAutoHalt(p, a);
  EXPECT_TRUE(v.halt);
  EXPECT_EQ(v.reason, "apply failure rate 10.00% (100/1000) exceeds 5.00% (z=7.25 > 3.29)");
  a.installs = 9400;
  a.apply_failures = 560;  // 5.6% of 10000: z = 2.75, not significant
  EXPECT_FALSE(CheckAutoHalt(p, a).halt);
}

struct StreamResult {
  int halted = 0;
  int first_batch_sum = 0;
};

// Simulates `releases` independent releases, each receiving `batches`
// cumulative report batches of `per_batch` devices per arm, with true crash
// probabilities p_patched and p_base; CheckAutoHalt runs after every batch.
StreamResult Simulate(uint64_t seed, int releases, int batches, uint64_t per_batch,
                      double p_patched, double p_base) {
  std::mt19937_64 rng(seed);
  std::binomial_distribution<uint64_t> patched(per_batch, p_patched), base(per_batch * 10, p_base);
  AutoHaltPolicy policy;
  StreamResult out;
  for (int r = 0; r < releases; ++r) {
    ReleaseAggregates agg;
    for (int b = 0; b < batches; ++b) {
      agg.patched_devices += per_batch;
      agg.patched_crashed += patched(rng);
      agg.base_devices += per_batch * 10;
      agg.base_crashed += base(rng);
      if (CheckAutoHalt(policy, agg).halt) {
        ++out.halted;
        out.first_batch_sum += b;
        break;
      }
    }
  }
  return out;
}

TEST(AutoHaltStreamTest, DoesNotTriggerOnNoise) {
  // 400 releases x 30 looks each, patched and base crash at the same 1%.
  StreamResult same = Simulate(11, 400, 30, 2000, 0.01, 0.01);
  EXPECT_EQ(same.halted, 0);
  // Even with no margin at all the low alpha keeps repeated looks quiet.
  StreamResult rare = Simulate(12, 400, 30, 2000, 0.002, 0.002);
  EXPECT_EQ(rare.halted, 0);
  // A regression smaller than the configured margin (+5% relative) is tolerated.
  StreamResult small = Simulate(13, 400, 30, 2000, 0.0105, 0.01);
  EXPECT_LE(small.halted, 2);
}

TEST(AutoHaltStreamTest, CatchesRealRegressionsQuickly) {
  // Doubling the crash rate (1% -> 2%) is caught in every release, early.
  StreamResult doubled = Simulate(21, 200, 30, 2000, 0.02, 0.01);
  EXPECT_EQ(doubled.halted, 200);
  EXPECT_LT(doubled.first_batch_sum / 200.0, 6.0);  // mean batches (of 2000 devices) to halt
  // A +50% regression is caught too, given enough devices.
  StreamResult half = Simulate(22, 200, 30, 2000, 0.015, 0.01);
  EXPECT_GE(half.halted, 190);
}

}  // namespace
}  // namespace suture::gray

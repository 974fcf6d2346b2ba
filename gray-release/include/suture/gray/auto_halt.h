// Auto-halt: a release stops itself when patched devices crash more than
// unpatched devices on the same base build, or when patch application fails
// too often. The statistics are documented in docs/gray-release.md.
//
// Crash test (one-sided, two proportions, unpooled standard error):
//   p1 = patched_crashed / patched_devices,  p0 = base_crashed / base_devices
//   d  = p1 - (1 + relative_margin) * p0 - absolute_margin
//   se = sqrt(p1(1-p1)/n1 + (1+relative_margin)^2 * p0(1-p0)/n0)
//   halt when n1 >= min_devices, n0 >= min_devices,
//             patched_crashed >= min_crashes and d / se > z_critical
// (se == 0 with d > 0 counts as z = +inf). H0 is "p1 <= (1+r) p0 + a".
//
// Apply-failure test (one-sided, one proportion against a ceiling):
//   q = apply_failures / (installs + apply_failures), n = installs + failures
//   halt when n >= min_attempts and (q - max_apply_failure_rate) /
//             sqrt(c(1-c)/n) > z_critical, c = max_apply_failure_rate.
//
// Thread-safety: pure functions.
#ifndef SUTURE_GRAY_AUTO_HALT_H_
#define SUTURE_GRAY_AUTO_HALT_H_

#include <cstdint>
#include <string>

namespace suture::gray {

struct AutoHaltPolicy {
  bool enabled = true;
  // Crash-rate test.
  double absolute_margin = 0.001;   // 0.1 percentage point
  double relative_margin = 0.10;    // and 10% of the base rate
  uint64_t min_devices = 1000;      // per arm
  uint64_t min_crashes = 10;        // crashed patched devices
  // 3.29 = one-sided alpha 0.0005: the check is repeated on every report
  // batch, so a single-test alpha must be small to keep false halts rare.
  double z_critical = 3.29;
  // Apply-failure test; max_apply_failure_rate >= 1 disables it.
  double max_apply_failure_rate = 0.05;
  uint64_t min_attempts = 500;
  friend bool operator==(const AutoHaltPolicy&, const AutoHaltPolicy&) = default;
};

// Aggregated reports for one release (and, for the base arm, unpatched
// devices on the same base builds over the same period). Counts are devices,
// not events: a device that crashed three times counts once.
struct ReleaseAggregates {
  uint64_t downloads_ok = 0;
  uint64_t download_failures = 0;
  uint64_t installs = 0;          // patch applied and verified
  uint64_t apply_failures = 0;    // merge/verify/install failed
  uint64_t patched_devices = 0;   // patched devices that reported sessions
  uint64_t patched_crashed = 0;   // of which had >= 1 crash
  uint64_t base_devices = 0;      // unpatched devices on the same base build
  uint64_t base_crashed = 0;
};

struct AutoHaltVerdict {
  bool halt = false;
  double z = 0;          // statistic of the test that decided (crash test otherwise)
  std::string reason;    // one line, for logs and the admin console
};

// Applies `policy` to `agg`. Never halts when the policy is disabled or
// the minimum samples are not reached (reason says which).
AutoHaltVerdict CheckAutoHalt(const AutoHaltPolicy& policy, const ReleaseAggregates& agg);

}  // namespace suture::gray

#endif  // SUTURE_GRAY_AUTO_HALT_H_

#include "suture/gray/auto_halt.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace suture::gray {
namespace {

std::string Pct(double p) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f%%", p * 100);
  return buf;
}

std::string Num(double v) {
  char buf[32];
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

// Apply-failure test: one proportion against the policy ceiling.
AutoHaltVerdict CheckApplyFailures(const AutoHaltPolicy& p, const ReleaseAggregates& a) {
  AutoHaltVerdict v;
  if (p.max_apply_failure_rate >= 1) return v;
  uint64_t n = a.installs + a.apply_failures;
  if (n < p.min_attempts || n == 0) return v;
  double q = static_cast<double>(a.apply_failures) / static_cast<double>(n);
  double c = p.max_apply_failure_rate;
  double se = std::sqrt(c * (1 - c) / static_cast<double>(n));
  double d = q - c;
  double z = se > 0 ? d / se : (d > 0 ? std::numeric_limits<double>::infinity() : 0);
  if (z > p.z_critical) {
    v.halt = true;
    v.z = z;
    v.reason = "apply failure rate " + Pct(q) + " (" + std::to_string(a.apply_failures) + "/" +
               std::to_string(n) + ") exceeds " + Pct(c) + " (z=" + Num(z) + " > " +
               Num(p.z_critical) + ")";
  }
  return v;
}

}  // namespace

AutoHaltVerdict CheckAutoHalt(const AutoHaltPolicy& p, const ReleaseAggregates& a) {
  AutoHaltVerdict v;
  if (!p.enabled) {
    v.reason = "auto-halt disabled";
    return v;
  }
  AutoHaltVerdict apply = CheckApplyFailures(p, a);
  if (apply.halt) return apply;

  const uint64_t n1 = a.patched_devices, n0 = a.base_devices;
  const uint64_t x1 = std::min(a.patched_crashed, n1), x0 = std::min(a.base_crashed, n0);
  if (n1 < p.min_devices || n0 < p.min_devices || n1 == 0 || n0 == 0) {
    v.reason = "not enough devices (patched " + std::to_string(n1) + ", base " +
               std::to_string(n0) + ", need " + std::to_string(p.min_devices) + " each)";
    return v;
  }
  const double p1 = static_cast<double>(x1) / static_cast<double>(n1);
  const double p0 = static_cast<double>(x0) / static_cast<double>(n0);
  const double k = 1 + p.relative_margin;
  const double d = p1 - k * p0 - p.absolute_margin;
  const double var = p1 * (1 - p1) / static_cast<double>(n1) +
                     k * k * p0 * (1 - p0) / static_cast<double>(n0);
  const double se = std::sqrt(var);
  double z = se > 0 ? d / se : (d > 0 ? std::numeric_limits<double>::infinity() : 0);
  v.z = z;
  std::string rates = "patched crash rate " + Pct(p1) + " (" + std::to_string(x1) + "/" +
                      std::to_string(n1) + ") vs base " + Pct(p0) + " (" + std::to_string(x0) +
                      "/" + std::to_string(n0) + ")";
  if (x1 < p.min_crashes) {
    v.reason = rates + ": fewer than " + std::to_string(p.min_crashes) + " crashed patched devices";
    return v;
  }
  if (z > p.z_critical) {
    v.halt = true;
    v.reason = rates + " exceeds base x" + Num(k) + " + " + Pct(p.absolute_margin) +
               " (z=" + Num(z) + " > " + Num(p.z_critical) + ")";
  } else {
    v.reason = rates + ": within margin (z=" + Num(z) + " <= " + Num(p.z_critical) + ")";
  }
  return v;
}

}  // namespace suture::gray

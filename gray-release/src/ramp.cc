#include "suture/gray/ramp.h"

#include <string>

namespace suture::gray {

void StartRamp(Release* release, Timestamp now) {
  release->ramp.current_step = 0;
  release->ramp.step_started_at = now;
}

RampAdvance AdvanceRamp(const Release& r, const ReleaseAggregates& agg, Timestamp now) {
  RampAdvance out;
  out.new_step = r.ramp.current_step;
  out.basis_points = r.CurrentBasisPoints();
  const auto& steps = r.ramp.steps;
  if (steps.empty()) {
    out.reason = "no ramp schedule";
    return out;
  }
  if (r.state != ReleaseState::kActive) {
    out.reason = "release is " + std::string(ReleaseStateName(r.state));
    return out;
  }
  const uint32_t i = r.ramp.current_step;
  if (i + 1 >= steps.size()) {
    out.reason = "at the last step (" + FormatBasisPoints(out.basis_points) + ")";
    return out;
  }
  const RampStep& step = steps[i];
  const int64_t held = now - r.ramp.step_started_at;
  if (held < step.min_duration_s) {
    out.reason = "step " + std::to_string(i) + " held " + std::to_string(held) + "s of " +
                 std::to_string(step.min_duration_s) + "s";
    return out;
  }
  std::string gate_text;
  if (step.gate) {
    const RampGate& g = *step.gate;
    if (agg.installs < g.min_installs) {
      out.reason = "gate: " + std::to_string(agg.installs) + " installs < " +
                   std::to_string(g.min_installs);
      return out;
    }
    const uint64_t attempts = agg.installs + agg.apply_failures;
    const double rate =
        attempts == 0 ? 0.0 : static_cast<double>(agg.apply_failures) / static_cast<double>(attempts);
    if (!(rate < g.max_failure_rate)) {
      out.reason = "gate: failure rate " + std::to_string(agg.apply_failures) + "/" +
                   std::to_string(attempts) + " not below " +
                   std::to_string(g.max_failure_rate * 100) + "%";
      return out;
    }
    gate_text = ", gate passed (" + std::to_string(agg.installs) + " installs, " +
                std::to_string(agg.apply_failures) + " failures)";
  }
  out.advanced = true;
  out.new_step = i + 1;
  out.basis_points = steps[i + 1].basis_points;
  out.reason = "step " + std::to_string(i) + " -> " + std::to_string(i + 1) + " (" +
               FormatBasisPoints(step.basis_points) + " -> " +
               FormatBasisPoints(out.basis_points) + ") after " + std::to_string(held) + "s" +
               gate_text;
  return out;
}

ReleaseUpdate UpdateRelease(const Release& release, const ReleaseAggregates& agg, Timestamp now) {
  ReleaseUpdate u;
  u.release = release;
  if (release.state != ReleaseState::kActive) {
    u.reason = "release is " + std::string(ReleaseStateName(release.state));
    return u;
  }
  AutoHaltVerdict halt = CheckAutoHalt(release.auto_halt, agg);
  if (halt.halt) {
    u.changed = true;
    u.release.state = ReleaseState::kHalted;
    u.release.state_reason = "auto-halt: " + halt.reason;
    u.reason = u.release.state_reason;
    return u;
  }
  RampAdvance adv = AdvanceRamp(release, agg, now);
  u.reason = adv.reason;
  if (adv.advanced) {
    u.changed = true;
    u.release.ramp.current_step = adv.new_step;
    u.release.ramp.step_started_at = now;
  }
  return u;
}

}  // namespace suture::gray

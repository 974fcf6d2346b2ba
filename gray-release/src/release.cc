#include "suture/gray/release.h"

#include <cstdio>
#include <string>

namespace suture::gray {

std::string_view ReleaseStateName(ReleaseState s) {
  switch (s) {
    case ReleaseState::kActive: return "active";
    case ReleaseState::kPaused: return "paused";
    case ReleaseState::kRolledBack: return "rolled_back";
    case ReleaseState::kHalted: return "halted";
    case ReleaseState::kSuperseded: return "superseded";
  }
  return "?";
}

StatusOr<ReleaseState> ParseReleaseState(std::string_view name) {
  for (ReleaseState s : {ReleaseState::kActive, ReleaseState::kPaused, ReleaseState::kRolledBack,
                         ReleaseState::kHalted, ReleaseState::kSuperseded}) {
    if (ReleaseStateName(s) == name) return s;
  }
  return Status::InvalidArgument("unknown release state \"" + std::string(name) + "\"");
}

// CheckTransition is derived from the action table in transitions.cc.

uint32_t Release::CurrentBasisPoints() const {
  if (ramp.steps.empty()) return basis_points;
  uint32_t i = ramp.current_step < ramp.steps.size()
                   ? ramp.current_step
                   : static_cast<uint32_t>(ramp.steps.size() - 1);
  return ramp.steps[i].basis_points;
}

std::string FormatBasisPoints(uint32_t bp) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%u.%02u%%", bp / 100, bp % 100);
  return buf;
}

namespace {
// Latest time FormatRfc3339 can write with a 4-digit year (9999-12-31T23:59:59Z).
constexpr Timestamp kMaxTime = 253402300799;
}  // namespace

Status ValidateRelease(const Release& r) {
  std::string where = "release \"" + r.id + "\": ";
  auto err = [&](std::string m) { return Status::InvalidArgument(where + m); };
  if (r.id.empty()) return Status::InvalidArgument("release: empty id");
  if (r.app_id.empty()) return err("app_id: empty");
  if (r.patch_id.empty()) return err("patch_id: empty");
  if (r.base_builds.empty()) return err("base_builds: empty");
  for (size_t i = 0; i < r.base_builds.size(); ++i) {
    if (r.base_builds[i].empty()) return err("base_builds[" + std::to_string(i) + "]: empty");
  }
  if (r.effective_salt().find('\0') != std::string_view::npos) return err("salt: contains NUL");
  if (r.range.begin >= r.range.end || r.range.end > kBucketCount) {
    return err("bucket_range: [" + std::to_string(r.range.begin) + ", " +
               std::to_string(r.range.end) + ") is not a non-empty part of [0, 10000)");
  }
  if (r.basis_points > kBucketCount) return err("percent: above 100%");
  const auto& steps = r.ramp.steps;
  for (size_t i = 0; i < steps.size(); ++i) {
    std::string p = "ramp.steps[" + std::to_string(i) + "]";
    if (steps[i].basis_points > kBucketCount) return err(p + ".percent: above 100%");
    if (i > 0 && steps[i].basis_points < steps[i - 1].basis_points) {
      return err(p + ".percent: " + FormatBasisPoints(steps[i].basis_points) +
                 " is below the previous step's " + FormatBasisPoints(steps[i - 1].basis_points));
    }
    if (steps[i].min_duration_s < 0) return err(p + ".min_duration_s: negative");
    if (steps[i].gate && !(steps[i].gate->max_failure_rate >= 0 &&
                           steps[i].gate->max_failure_rate <= 1)) {
      return err(p + ".gate.max_failure_rate: outside [0, 1]");
    }
  }
  if (!steps.empty() && r.ramp.current_step >= steps.size()) {
    return err("ramp.current_step: " + std::to_string(r.ramp.current_step) + " but only " +
               std::to_string(steps.size()) + " steps");
  }
  if (r.ramp.step_started_at < 0 || r.ramp.step_started_at > kMaxTime) {
    return err("ramp.step_started_at: outside 1970..9999");
  }
  const AutoHaltPolicy& a = r.auto_halt;
  if (!(a.absolute_margin >= 0 && a.absolute_margin <= 1) ||
      !(a.relative_margin >= 0 && a.relative_margin <= 100) ||
      !(a.z_critical > 0 && a.z_critical <= 40) ||
      !(a.max_apply_failure_rate >= 0 && a.max_apply_failure_rate <= 1)) {
    return err("auto_halt: parameter out of range");
  }
  for (size_t i = 0; i < r.supersedes.size(); ++i) {
    if (r.supersedes[i] == r.id) return err("supersedes[" + std::to_string(i) + "]: itself");
  }
  return Status::Ok();
}

}  // namespace suture::gray

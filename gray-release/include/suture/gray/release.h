// Release: one patch offered to the devices of one app's base builds, with
// targeting rules, allow/deny lists, a percentage ramp, a state and an
// auto-halt policy. Plain data: the server stores it (as JSON, see json.h),
// changes its state and ramp through the functions here and in ramp.h, and
// hands the current set to ReleaseSet::Build for evaluation.
//
// Thread-safety: a plain value.
#ifndef SUTURE_GRAY_RELEASE_H_
#define SUTURE_GRAY_RELEASE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "suture/core/status.h"
#include "suture/gray/auto_halt.h"
#include "suture/gray/bucket.h"
#include "suture/gray/condition.h"
#include "suture/gray/device.h"

namespace suture::gray {

// Names are stable: they are the JSON/database spelling.
enum class ReleaseState : uint8_t {
  kActive = 0,      // delivering to its cohort
  kPaused = 1,      // no new installs; installed devices keep the patch
  kRolledBack = 2,  // devices that have the patch are told to remove it
  kHalted = 3,      // stopped by auto-halt; like paused until an admin acts
  kSuperseded = 4,  // replaced by a newer release; no new installs
};
std::string_view ReleaseStateName(ReleaseState s);  // "active", "paused", ...
StatusOr<ReleaseState> ParseReleaseState(std::string_view name);

// Allowed transitions (anything else is kFailedPrecondition), derived from the
// action table of transitions.h (ApplyAction):
//   active -> paused | halted | rolled_back | superseded
//   paused -> active | halted | rolled_back | superseded
//   halted -> active | paused | rolled_back | superseded
//   superseded -> rolled_back
//   rolled_back: final.
Status CheckTransition(ReleaseState from, ReleaseState to);

// Leaving a ramp step requires its time AND its gate (when present).
struct RampGate {
  uint64_t min_installs = 0;        // installs of this release so far
  double max_failure_rate = 1.0;    // failures/(installs+failures) must be <
  friend bool operator==(const RampGate&, const RampGate&) = default;
};

struct RampStep {
  uint32_t basis_points = 0;        // 0..10000 (1 bp = 0.01%)
  int64_t min_duration_s = 0;       // time to stay on this step at least
  std::optional<RampGate> gate;
  friend bool operator==(const RampStep&, const RampStep&) = default;
};

struct Ramp {
  std::vector<RampStep> steps;      // non-decreasing basis_points
  uint32_t current_step = 0;
  Timestamp step_started_at = 0;
  friend bool operator==(const Ramp&, const Ramp&) = default;
};

struct TargetList {
  std::vector<std::string> devices;
  std::vector<std::string> users;
  friend bool operator==(const TargetList&, const TargetList&) = default;
};

struct Release {
  std::string id;                     // unique in a ReleaseSet
  std::string app_id;
  std::vector<std::string> base_builds;  // at least one
  std::string patch_id;
  std::string salt;                   // "" = use id
  int32_t priority = 0;               // higher is evaluated first
  ReleaseState state = ReleaseState::kActive;
  std::vector<Condition> rules;       // all must match
  TargetList allow;                   // bypass rules and percentage
  TargetList deny;                    // never offered (wins over allow)
  BucketRange range;                  // A/B: the slice of buckets it owns
  uint32_t basis_points = 0;          // used when ramp.steps is empty
  Ramp ramp;
  std::vector<std::string> supersedes;  // release ids this one replaces
  AutoHaltPolicy auto_halt;
  std::string state_reason;           // why the state last changed (free text)

  // The salt actually used for bucketing.
  std::string_view effective_salt() const { return salt.empty() ? id : salt; }
  // The live percentage: the current ramp step's, or basis_points.
  uint32_t CurrentBasisPoints() const;
};

// Checks one release on its own (ids present, no NUL in salt, bucket range
// and percentages within bounds, ramp ordered and current step valid).
// Errors name the field: `release "r1": ramp.steps[2].percent: 30.00% is below
// the previous step's 50.00%`.
Status ValidateRelease(const Release& r);

// "12.34%" for 1234 basis points.
std::string FormatBasisPoints(uint32_t bp);

}  // namespace suture::gray

#endif  // SUTURE_GRAY_RELEASE_H_

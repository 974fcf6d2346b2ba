// Staged ramps: moving a release along its schedule (1% -> 5% -> 20% -> ...)
// by time and by gates, and the periodic update that also runs auto-halt.
//
// The server calls UpdateRelease for every active release whenever fresh
// aggregates arrive (or on a timer) and stores the result. A ramp moves at
// most one step per call; the step's clock starts at the call that entered it.
//
// Thread-safety: pure functions.
#ifndef SUTURE_GRAY_RAMP_H_
#define SUTURE_GRAY_RAMP_H_

#include <cstdint>
#include <string>

#include "suture/gray/auto_halt.h"
#include "suture/gray/release.h"

namespace suture::gray {

struct RampAdvance {
  bool advanced = false;
  uint32_t new_step = 0;
  uint32_t basis_points = 0;   // live percentage after the call
  std::string reason;          // "step 1 -> 2 (5.00% -> 20.00%): ..." or why not
};

// Decides whether `release` leaves its current ramp step at `now`, given
// `agg` (cumulative counts for the release). Only active releases move; the
// last step never moves. Leaving step i requires
//   now - step_started_at >= steps[i].min_duration_s, and, with a gate,
//   installs >= gate.min_installs and
//   apply_failures / (installs + apply_failures) < gate.max_failure_rate.
RampAdvance AdvanceRamp(const Release& release, const ReleaseAggregates& agg, Timestamp now);

struct ReleaseUpdate {
  bool changed = false;
  Release release;             // the updated release (copy of the input if unchanged)
  std::string reason;
};

// One periodic tick: an active release is first checked by CheckAutoHalt
// (-> kHalted with state_reason) and otherwise advanced by AdvanceRamp
// (current_step, step_started_at updated).
ReleaseUpdate UpdateRelease(const Release& release, const ReleaseAggregates& agg, Timestamp now);

// Starts the ramp at step 0 at `now` (a new release, or a restart).
void StartRamp(Release* release, Timestamp now);

}  // namespace suture::gray

#endif  // SUTURE_GRAY_RAMP_H_

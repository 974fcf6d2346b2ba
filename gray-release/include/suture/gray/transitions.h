// The release state machine: ONE table of what every action that changes a
// release (an admin's edit, ramp, pause, resume, rollback; the server's
// auto-halt and ramp advancement; a supersede) may do in every state, and the
// state it leaves the release in. Every caller that changes a release asks
// ApplyAction first; CheckTransition (release.h) is derived from the same
// table.
//
// States (docs/gray-release.md): `paused` and `halted` stop new installs
// (`halted` is set by auto-halt and waits for an admin: resume, pause,
// rollback, or an edit/ramp that keeps it halted); `superseded` only allows a
// rollback; `rolled_back` is final: nothing changes it any more.
//
// Thread-safety: pure functions.
#ifndef SUTURE_GRAY_TRANSITIONS_H_
#define SUTURE_GRAY_TRANSITIONS_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "suture/core/status.h"
#include "suture/gray/release.h"

namespace suture::gray {

enum class ReleaseAction : uint8_t {
  kEdit,  // replace rules, lists, percentage, ramp, policy (PUT)
  kRamp,  // manual percentage
  kPause,
  kResume,
  kRollback,
  kAutoHalt,     // the server's tick: auto-halt verdict
  kAdvanceRamp,  // the server's tick: next ramp step
  kSupersede,    // replaced by a newer release
};
inline constexpr std::array<ReleaseAction, 8> kAllReleaseActions = {
    ReleaseAction::kEdit,        ReleaseAction::kRamp,     ReleaseAction::kPause,
    ReleaseAction::kResume,      ReleaseAction::kRollback, ReleaseAction::kAutoHalt,
    ReleaseAction::kAdvanceRamp, ReleaseAction::kSupersede};
inline constexpr std::array<ReleaseState, 5> kAllReleaseStates = {
    ReleaseState::kActive, ReleaseState::kPaused, ReleaseState::kRolledBack, ReleaseState::kHalted,
    ReleaseState::kSuperseded};

// "edit", "ramp", "pause", "resume", "rollback", "auto_halt", "advance_ramp",
// "supersede".
std::string_view ReleaseActionName(ReleaseAction a);

// The state a release in `from` is left in by `action`, or
// kFailedPrecondition naming the release (`what`, e.g. "release 7"), its
// state and the action: `release 7 is rolled_back, which is final: cannot
// edit it`.
StatusOr<ReleaseState> ApplyAction(ReleaseState from, ReleaseAction action, std::string_view what);

}  // namespace suture::gray

#endif  // SUTURE_GRAY_TRANSITIONS_H_

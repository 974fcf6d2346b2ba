#include "suture/gray/transitions.h"

#include <optional>
#include <string>

namespace suture::gray {
namespace {

using S = ReleaseState;
using A = ReleaseAction;

// THE table: the state `action` leaves a release of state `from` in, or
// nullopt when the action is refused there.
std::optional<ReleaseState> Next(S from, A action) {
  switch (action) {
    case A::kEdit:
    case A::kRamp:  // the percentage or rules change, the state does not
      if (from == S::kActive || from == S::kPaused || from == S::kHalted) return from;
      return std::nullopt;
    case A::kPause:
      if (from == S::kActive || from == S::kHalted) return S::kPaused;
      return std::nullopt;
    case A::kResume:
      if (from == S::kPaused || from == S::kHalted) return S::kActive;
      return std::nullopt;
    case A::kRollback:
      if (from == S::kRolledBack) return std::nullopt;
      return S::kRolledBack;
    case A::kAutoHalt:
      if (from == S::kActive || from == S::kPaused) return S::kHalted;
      return std::nullopt;
    case A::kAdvanceRamp:
      if (from == S::kActive) return S::kActive;
      return std::nullopt;
    case A::kSupersede:
      if (from == S::kActive || from == S::kPaused || from == S::kHalted) return S::kSuperseded;
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ReleaseActionName(ReleaseAction a) {
  switch (a) {
    case A::kEdit:
      return "edit";
    case A::kRamp:
      return "ramp";
    case A::kPause:
      return "pause";
    case A::kResume:
      return "resume";
    case A::kRollback:
      return "rollback";
    case A::kAutoHalt:
      return "auto_halt";
    case A::kAdvanceRamp:
      return "advance_ramp";
    case A::kSupersede:
      return "supersede";
  }
  return "?";
}

StatusOr<ReleaseState> ApplyAction(ReleaseState from, ReleaseAction action, std::string_view what) {
  if (std::optional<ReleaseState> to = Next(from, action)) return *to;
  std::string msg = std::string(what) + " is " + std::string(ReleaseStateName(from));
  if (from == S::kRolledBack) {
    msg += ", which is final";
  } else if (from == S::kSuperseded) {
    msg += " (only a rollback is allowed)";
  }
  msg += ": cannot " + std::string(ReleaseActionName(action)) + " it";
  return Status::FailedPrecondition(std::move(msg));
}

Status CheckTransition(ReleaseState from, ReleaseState to) {
  if (from != to) {
    for (ReleaseAction a : kAllReleaseActions) {
      if (Next(from, a) == to) return Status::Ok();
    }
  }
  return Status::FailedPrecondition("release state " + std::string(ReleaseStateName(from)) +
                                    " cannot change to " + std::string(ReleaseStateName(to)));
}

}  // namespace suture::gray

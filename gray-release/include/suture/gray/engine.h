// ReleaseSet and Evaluate: the per-check decision.
//
// ReleaseSet::Build validates a list of releases and indexes them by
// (app id, base build) so that a check only looks at the few releases for the
// device's own base build. Evaluate is then a pure function of
// (device, set, now): any server instance gives the same answer.
//
// Decision procedure for one device (docs/gray-release.md has the full text):
//  1. Candidates: releases of device.app_id listing device.base_build, in
//     priority order (higher first, then input order).
//  2. The first candidate that offers itself wins. A candidate offers itself
//     when it is not denylisted for the device/user and either
//       - it is active or paused and the device/user is allowlisted, or
//       - it is active, its rules match and either it supersedes the release
//         whose patch is installed, or the device's bucket is in its rollout.
//     -> kPatch (already_installed tells whether the device has it).
//  3. Otherwise, when the installed patch belongs only to rolled-back
//     candidates -> kRollback. Otherwise -> kNone.
//
// Thread-safety: a built ReleaseSet is immutable; Evaluate may run on any
// number of threads at once. Decisions point into the set: keep the set alive
// while using them (the server keeps a shared_ptr<const ReleaseSet> snapshot).
#ifndef SUTURE_GRAY_ENGINE_H_
#define SUTURE_GRAY_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "suture/core/status.h"
#include "suture/gray/device.h"
#include "suture/gray/release.h"

namespace suture::gray {

enum class DecisionKind : uint8_t {
  kNone = 0,      // nothing to do
  kPatch = 1,     // install (or keep) release->patch_id
  kRollback = 2,  // remove the installed patch (release is the rolled-back one)
};
std::string_view DecisionKindName(DecisionKind k);  // "none", "patch", "rollback"

// Why a decision came out as it did, without allocating. Values are stable.
enum class ReasonCode : uint8_t {
  kNoCandidates = 0,   // no release for this app/base build
  kBucketIn,           // bucket inside the rollout
  kAllowlisted,
  kSupersedes,         // replaces the installed patch of a superseded release
  kRolledBack,
  kBucketOut,          // best candidate: bucket outside the rollout
  kRuleFailed,         // best candidate: a rule did not match
  kDenylisted,         // best candidate: device/user denylisted
  kNotActive,          // every candidate paused/halted/superseded/rolled back
  kNoDeviceId,         // best candidate: percentage rollout needs a device id
};

// Stable snake_case name ("bucket_in", "rule_failed", ...) for logs, metrics
// and JSON; never renamed.
std::string_view ReasonCodeName(ReasonCode c);

struct Decision {
  DecisionKind kind = DecisionKind::kNone;
  ReasonCode code = ReasonCode::kNoCandidates;
  bool already_installed = false;  // kPatch: the device has this patch
  // The deciding release (kPatch, kRollback), or for kNone the first
  // candidate, whose failure the reason describes; null when no candidates.
  const Release* release = nullptr;
  uint32_t bucket = 0;             // valid for kBucketIn / kBucketOut
  uint32_t live_end = 0;           // rollout bucket limit used
  uint32_t candidates = 0;         // releases for the device's base build
  // One line, e.g. "r7: bucket 4312 >= 1000 (10.00%)"; filled only when
  // EvalOptions::explain is set.
  std::string reason;

  std::string_view release_id() const;  // "" when no release
  std::string_view patch_id() const;
};

struct EvalOptions {
  // Build Decision::reason. Costs an allocation and formatting per check.
  bool explain = true;
};

namespace internal {
struct IndexedSet;
}  // namespace internal

class ReleaseSet {
 public:
  ReleaseSet();
  ~ReleaseSet();
  ReleaseSet(ReleaseSet&&) noexcept;
  ReleaseSet& operator=(ReleaseSet&&) noexcept;

  // Validates every release (ValidateRelease), rejects duplicate ids and
  // supersede cycles, and builds the index. kInvalidArgument names the
  // release: `release "r9": duplicate id`.
  static StatusOr<ReleaseSet> Build(std::vector<Release> releases);

  // The decision for `device` at `now`. Never fails.
  Decision Evaluate(const DeviceContext& device, Timestamp now,
                    const EvalOptions& options = {}) const;

  const std::vector<Release>& releases() const;
  const Release* Find(std::string_view release_id) const;

 private:
  std::unique_ptr<internal::IndexedSet> set_;
};

}  // namespace suture::gray

#endif  // SUTURE_GRAY_ENGINE_H_

// The DEX-aware differ (build-server half, target suture::dex_diff).
//
// DexDiff matches the items of two DEX files by content (strings by value,
// types by descriptor, protos/fields/methods by their resolved names, classes
// by type, with renamed classes paired by shape), derives old->new index maps
// and a piecewise offset shift, projects the old DEX into the new DEX's index
// space (suture/apply/dex_projection.h) and encodes the new DEX as a delta
// against that projection. The patch (suture/apply/dex_apply.h) is verified by
// applying it before it is returned, so its output is byte-identical to NEW.
//
// When a DEX cannot be parsed, DexDiff fails with the reader's kCorrupt /
// kUnsupported status prefixed "old dex: " or "new dex: "; the caller falls
// back to the generic engine and records the message.
//
// Thread-safety: reentrant, no global state.
#ifndef SUTURE_CREATE_DEX_DIFF_H_
#define SUTURE_CREATE_DEX_DIFF_H_

#include <span>

#include "suture/apply/dex_projection.h"
#include "suture/apply/dex_reader.h"
#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::dex {

struct DexDiffOptions {
  int zstd_level = 19;
  // Also try a zstd frame with the projection as prefix and keep the smaller
  // delta. Saves a few percent on one-edit pairs but costs a long-window
  // zstd pass (several seconds on a 10 MB DEX); off by default.
  bool try_all_methods = false;
  // ... but always try it when NEW is at most this big (cheap there).
  uint64_t always_try_zstd_below = 1u << 20;
  // Apply the finished patch and compare with NEW before returning it.
  bool verify = true;
  // Write the compact header (format version 3: varint sizes) instead of the
  // fixed 112-byte header of versions 1 and 2.
  bool compact_header = false;
  // Version 3 only: carry the SHA-256 of old and new. A patch stored in a
  // bundle leaves them out, since the bundle entry holds and checks both.
  bool digests = true;
  // Version 3 only: a generic delta inside may be generic version 3 (one
  // block; GenericDiffOptions::one_block). Bundles of format v3 allow it.
  bool one_block = false;
};

// Statistics of the last diff, for inspect output and benchmarks.
struct DexDiffStats {
  uint32_t matched[kNumIndexKinds] = {};
  uint32_t renamed_classes = 0;
  uint32_t shifts = 0;
  uint64_t projected_size = 0;
  uint64_t maps_size = 0;  // compressed
  uint64_t delta_size = 0;
  int method = 0;  // DexDeltaMethod value
  // Donors (see DexDiff): how many supply a class missing from old, how many
  // the patch uses, and the patch size without donors (0 = not tried).
  uint32_t donor_candidates = 0;
  uint32_t donors_used = 0;
  uint32_t moved_classes = 0;  // new classes found in a donor, not in old
  uint64_t size_without_donors = 0;
  uint64_t size_with_donors = 0;  // the donor patch tried (0 = not tried)
};

// Derives the projection maps from two parsed DEX files. With
// `guess_unmatched`, an old item without a counterpart is mapped to the index
// after its matched predecessor (good for OLD, which mostly resembles NEW);
// without it such items stay unmapped (cheaper maps for donors, most of whose
// items have no counterpart in NEW).
ProjectionMaps MatchDex(const DexFile& old_dex, const DexFile& new_dex,
                        DexDiffStats* stats = nullptr, bool guess_unmatched = true);

// `donors`: the other classesN.dex members of the old APK, in a deterministic
// order the applier will repeat. A donor that defines a class of NEW which OLD
// lacks (a class moved between DEX files) is matched against NEW, projected,
// and appended to the delta's reference; the patch (format version 2) records
// the donor's position, size and SHA-256. Donors are used only when that makes
// the patch smaller; a donor that does not parse is ignored.
StatusOr<Bytes> DexDiff(ByteView old_dex, ByteView new_dex, const DexDiffOptions& options = {},
                        DexDiffStats* stats = nullptr, std::span<const ByteView> donors = {});

}  // namespace suture::dex

#endif  // SUTURE_CREATE_DEX_DIFF_H_

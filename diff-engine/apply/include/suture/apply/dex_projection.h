// The DEX projection: the old DEX rewritten into the new DEX's index and
// offset space, the base the generic delta is computed against.
//
// A ProjectionMaps says, for every index kind, which new index each old index
// became (kNoIndex: no counterpart, the old value is kept), and, for file
// offsets, a piecewise-constant shift (offsets at or after `start` move by
// `delta`, up to the next breakpoint). Project() rewrites every reference the
// DexFile walker reports: fixed-width fields in place, uleb128 / encoded_value
// fields re-encoded (their length may change, so later bytes move). The result
// need not be a valid DEX; it only has to look as much like the new DEX as the
// maps allow. The maps travel in the patch (EncodeMaps/DecodeMaps), so both
// the build server and the phone compute the same projection.
//
// Thread-safety: plain values and pure functions.
#ifndef SUTURE_APPLY_DEX_PROJECTION_H_
#define SUTURE_APPLY_DEX_PROJECTION_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "suture/apply/dex_reader.h"
#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::dex {

struct OffsetShift {
  uint32_t start;  // old file offset where this shift begins
  int32_t delta;   // new offset = old offset + delta
};

struct ProjectionMaps {
  // index[k][old] = new index of kind k, or kNoIndex. index[k].size() equals
  // the old DEX's count of kind k.
  std::vector<uint32_t> index[kNumIndexKinds];
  // New DEX counts per kind (used to validate decoded maps).
  uint32_t new_count[kNumIndexKinds] = {};
  // Sorted by start, strictly increasing.
  std::vector<OffsetShift> shifts;

  uint32_t MapIndex(RefKind kind, uint32_t old_idx) const;
  uint32_t MapOffset(uint32_t old_off) const;
};

// Serializes the maps compactly (runs and deltas, uncompressed; the patch
// compresses them). Deterministic.
// `compact` (DEX patch v3) leaves out each kind's old count (the old DEX
// has it) and the length of each kind's last run (the rest), which halves
// near-identity maps.
Bytes EncodeMaps(const ProjectionMaps& maps, bool compact = false);
// Parses maps for the old DEX `old`: every count must equal old's, every
// mapped index must be below the declared new count. kCorrupt otherwise.
StatusOr<ProjectionMaps> DecodeMaps(ByteView encoded, const DexFile& old, bool compact = false);

// Rewrites `old` (already validated or not: the walk validates) into the new
// index/offset space described by `maps`.
StatusOr<Bytes> Project(const DexFile& old, const ProjectionMaps& maps);

}  // namespace suture::dex

#endif  // SUTURE_APPLY_DEX_PROJECTION_H_

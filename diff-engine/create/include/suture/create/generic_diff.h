// Creating Suture's generic binary delta (PatchMethod::kGeneric; spec:
// docs/generic-format.md): the diff half, target suture::generic_diff (what a
// build pipeline links). The applier is suture/apply/generic_apply.h.
//
// GenericDiff matches NEW against a suffix array of OLD (libdivsufsort) and
// extends matches approximately, in the bsdiff family, then compresses the
// control, diff and literal streams with zstd (optionally the literal stream
// with OLD as a zstd prefix). Everything works on buffers: no file I/O.
//
// Thread-safety: reentrant, no global state; concurrent calls are safe.
#ifndef SUTURE_CREATE_GENERIC_DIFF_H_
#define SUTURE_CREATE_GENERIC_DIFF_H_

#include "suture/apply/generic_apply.h"
#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::diff {

struct GenericDiffOptions {
  // zstd level for all streams (1..22). Higher: smaller, slower diff.
  int zstd_level = 19;
  // zstd window log (bytes = 2^window_log) for the control and diff streams.
  // Bounds the applier's memory; the diff stream has mostly local matches,
  // so a small window costs almost nothing.
  int window_log = 21;
  // Upper bound for the extra stream's window when it uses OLD as its zstd
  // prefix (the window must span OLD to reach it all). The applier must
  // accept this (ApplyLimits::max_window_log).
  int max_prefix_window_log = 27;
  // Compress the extra stream with OLD as prefix (flag kGenericFlagExtraOldPrefix).
  // Off by default: on DEX pairs it saved <0.2% of the patch for 10x the
  // compression time (see docs/generic-format.md).
  bool extra_uses_old_prefix = false;
  // A new match is taken when it beats the current alignment by more than
  // this many bytes (bsdiff uses 8). 0 = automatic: scan with several values
  // (4, 6, 8 for NEW up to 4 MiB, else 4 and 8), rank the candidates by a fast
  // zstd level-3 size, and keep the smallest. Deterministic either way.
  int min_match_gain = 0;
  // Write format version 2 (varint header, ~60 bytes smaller); what bundles
  // carry since bundle format v2. Off: version 1 (docs/generic-format.md).
  bool compact_header = false;
  // With compact_header: also try version 3 (the four streams in one block,
  // one zstd frame or stored; docs/generic-format.md) when their raw bytes
  // total at most kGenericBlockMaxRaw, and keep the smaller patch. What
  // bundles carry since bundle format v3.
  bool one_block = false;
};

// Computes a generic patch turning `old_data` into `new_data`.
// Deterministic: the same inputs and options give the same bytes (for a given
// zstd version, see docs/generic-format.md). Fails with kInvalidArgument on
// bad options, kInternal when zstd fails. Memory: about 5x old + 2x new.
StatusOr<Bytes> GenericDiff(ByteView old_data, ByteView new_data,
                            const GenericDiffOptions& options = {});

}  // namespace suture::diff

#endif  // SUTURE_CREATE_GENERIC_DIFF_H_

// BSDIFF40 interop: the classic bsdiff 4.x patch format, as written by
// Debian's `bsdiff` and read by its `bspatch` (spec summary in
// docs/generic-format.md, "BSDIFF40").
//
// Layout: 32-byte header ("BSDIFF40", then three 8-byte sign-magnitude
// little-endian integers: control block length, diff block length, new size),
// then three bzip2 streams: control triples, byte-wise differences, and
// literal bytes (the last one runs to the end of the file).
//
// Bsdiff40Apply (target suture::generic_apply, the apply half) streams like
// GenericApply: bounded memory (three bzip2 decoders and fixed buffers), NEW
// handed to a ByteSink in order. The writer, Bsdiff40Diff, is in
// suture/create/bsdiff40_diff.h.
//
// Thread-safety: reentrant, no global state.
#ifndef SUTURE_APPLY_BSDIFF40_APPLY_H_
#define SUTURE_APPLY_BSDIFF40_APPLY_H_

#include <cstdint>

#include "suture/apply/byte_sink.h"
#include "suture/apply/generic_apply.h"
#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::diff {

inline constexpr char kBsdiff40Magic[8] = {'B', 'S', 'D', 'I', 'F', 'F', '4', '0'};
inline constexpr size_t kBsdiff40HeaderSize = 32;

// Applies a BSDIFF40 patch. Validates the header (magic, non-negative
// lengths, blocks inside the patch, new size under limits.max_new_size)
// before the first Write(); later failures (kCorrupt) name the control entry
// and offsets, and `out` may hold a prefix of NEW by then. As in bspatch,
// OLD bytes addressed outside OLD read as zero.
Status Bsdiff40Apply(ByteView old_data, ByteView patch, ByteSink& out,
                     const ApplyLimits& limits = {});

StatusOr<Bytes> Bsdiff40ApplyToBytes(ByteView old_data, ByteView patch,
                                     const ApplyLimits& limits = {});

// True when `patch` starts with the BSDIFF40 magic.
bool LooksLikeBsdiff40(ByteView patch);

}  // namespace suture::diff

#endif  // SUTURE_APPLY_BSDIFF40_APPLY_H_

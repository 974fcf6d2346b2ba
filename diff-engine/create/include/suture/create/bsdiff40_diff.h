// Writing BSDIFF40 patches (the classic bsdiff 4.x format, readable by
// Debian's `bspatch`; the reader is suture/apply/bsdiff40_apply.h). Target
// suture::generic_diff: the same suffix-array matcher as GenericDiff.
//
// Thread-safety: reentrant, no global state.
#ifndef SUTURE_CREATE_BSDIFF40_DIFF_H_
#define SUTURE_CREATE_BSDIFF40_DIFF_H_

#include "suture/apply/bsdiff40_apply.h"
#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::diff {

// Writes a BSDIFF40 patch (bzip2 block size 9). Deterministic.
// Fails with kInternal when bzip2 fails.
StatusOr<Bytes> Bsdiff40Diff(ByteView old_data, ByteView new_data);

}  // namespace suture::diff

#endif  // SUTURE_CREATE_BSDIFF40_DIFF_H_

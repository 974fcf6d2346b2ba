// Applying Suture's generic binary delta (PatchMethod::kGeneric; spec:
// docs/generic-format.md): the apply half, target suture::generic_apply (what
// a phone links). The diff half is suture/create/generic_diff.h.
//
// A generic patch is a list of control entries (add N bytes of NEW - OLD,
// then insert M literal bytes, then move in OLD), plus the byte-wise
// differences and the literal bytes, each in its own zstd stream; the literal
// ("extra") stream may be a zstd frame with OLD as its prefix.
//
// GenericApply streams: it reads OLD through a view (an mmap is fine),
// decompresses the streams with bounded zstd windows, and hands NEW to a
// ByteSink in pieces of at most kGenericApplyChunk bytes. Its working set does
// not grow with the file size: at most four zstd windows, each at most
// min(stream size, 2^ApplyLimits::max_window_log) bytes, plus fixed buffers.
//
// Everything here works on buffers: no file I/O.
//
// Thread-safety: the functions are reentrant and keep no global state;
// concurrent calls on distinct sinks are safe.
#ifndef SUTURE_APPLY_GENERIC_APPLY_H_
#define SUTURE_APPLY_GENERIC_APPLY_H_

#include <cstddef>
#include <cstdint>

#include "suture/apply/byte_sink.h"
#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::diff {

inline constexpr char kGenericMagic[8] = {'S', 'U', 'T', 'G', 'D', 'E', 'L', 'T'};
inline constexpr uint16_t kGenericFormatVersion = 1;
inline constexpr size_t kGenericHeaderSize = 92;  // format version 1
// Version 2 (compact): the ten sizes after the flags are minimal varints
// (suture/apply/varint.h), so the header is 22..112 bytes, typically ~30.
// Written inside bundles since bundle format v2; everything else as v1.
inline constexpr uint16_t kGenericFormatVersionCompact = 2;
// Version 3 (one block, for small deltas): u8 flags, six varints (old and new
// size, raw size of control, diff, extra, runs), then one block holding the
// four raw streams back to back: one zstd frame, or the bytes themselves
// (kGenericFlagBlockStored). Saves three frame headers and the stored sizes;
// the applier holds the decoded block (at most kGenericBlockMaxRaw bytes).
// Written inside bundles since bundle format v3 when it is the smaller form.
inline constexpr uint16_t kGenericFormatVersionBlock = 3;
inline constexpr uint64_t kGenericBlockMaxRaw = 1u << 20;
// Version 3 flag: the block is stored without compression.
inline constexpr uint16_t kGenericFlagBlockStored = 4;
// Header flag: the extra stream is a zstd frame made with OLD as its prefix.
inline constexpr uint16_t kGenericFlagExtraOldPrefix = 1;
// Header flag: the add bytes are stored as (zero run, literal run) pairs in
// the runs stream with only the literal bytes in the diff stream (wins when
// the add bytes are mostly zero, e.g. after DEX projection).
inline constexpr uint16_t kGenericFlagDiffRuns = 2;
// Size of the pieces GenericApply hands to its sink (and of its buffers).
inline constexpr size_t kGenericApplyChunk = 64 * 1024;

struct ApplyLimits {
  // The patch's declared new size must not exceed this (checked before any
  // output or allocation).
  uint64_t max_new_size = 4ull << 30;
  // Largest zstd window the applier accepts (memory bound per stream).
  int max_window_log = 27;
};

// Applies `patch` to `old_data`, writing NEW to `out` in order.
// Validates the whole header, the stream framing and every declared size
// against `limits` before the first Write(). Every later check (control
// entries against OLD and NEW bounds, stream lengths) fails with kCorrupt and
// a message naming the entry and offsets; by then `out` may have received a
// prefix of the output, so callers writing files must discard it on error.
// kLimitExceeded when a declared size or window is over `limits`;
// kInvalidArgument when OLD is not the size the patch was made for.
Status GenericApply(ByteView old_data, ByteView patch, ByteSink& out,
                    const ApplyLimits& limits = {});

// GenericApply into memory (allocates the declared new size after the limit check).
StatusOr<Bytes> GenericApplyToBytes(ByteView old_data, ByteView patch,
                                    const ApplyLimits& limits = {});

// The declared sizes of a generic patch, from its validated header.
struct GenericPatchInfo {
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  uint16_t flags = 0;
  uint16_t version = kGenericFormatVersion;
  uint32_t header_size = kGenericHeaderSize;
  uint64_t stored[4] = {};  // control, diff, extra, runs: bytes in the patch (v1, v2)
  uint64_t raw[4] = {};     // control, diff, extra, runs: decoded sizes
  uint64_t block_stored = 0;  // v3: bytes of the one block (frame or stored)
};
StatusOr<GenericPatchInfo> ReadGenericPatchInfo(ByteView patch);

}  // namespace suture::diff

#endif  // SUTURE_APPLY_GENERIC_APPLY_H_

// Suture's generic binary delta (PatchMethod::kGeneric; spec:
// docs/generic-format.md).
//
// The diff side (GenericDiff, target suture::generic_diff) matches NEW against
// a suffix array of OLD (libdivsufsort) and extends matches approximately, in
// the bsdiff family: the patch is a list of control entries (add N bytes of
// NEW - OLD, then insert M literal bytes, then move in OLD), plus the byte-wise
// differences and the literal bytes, each in its own zstd stream. Optionally
// the literal ("extra") stream is compressed with OLD as a zstd prefix.
//
// The apply side (GenericApply, target suture::generic_apply: what a phone
// links) streams: it reads OLD through a view (an mmap is fine), decompresses
// the streams with bounded zstd windows, and hands NEW to a ByteSink in
// pieces of at most kGenericApplyChunk bytes. Its working set does not grow
// with the file size: at most four zstd windows, each at most
// min(stream size, 2^ApplyLimits::max_window_log) bytes, plus fixed buffers.
//
// Everything here works on buffers: no file I/O.
//
// Thread-safety: the functions are reentrant and keep no global state;
// concurrent calls on distinct sinks are safe.
#ifndef SUTURE_DIFF_GENERIC_H_
#define SUTURE_DIFF_GENERIC_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>

#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::diff {

// Where the applier writes NEW. Write() receives consecutive pieces of the
// output; a non-OK return aborts the apply and is returned unchanged.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status Write(ByteView data) = 0;
};

// A sink that appends to a caller-owned vector.
class BytesSink : public ByteSink {
 public:
  // REQUIRES: `out` outlives the sink.
  explicit BytesSink(Bytes* out) : out_(out) {}
  Status Write(ByteView data) override {
    out_->insert(out_->end(), data.begin(), data.end());
    return Status::Ok();
  }

 private:
  Bytes* out_;
};

// Forwards to another sink and calls `release` after every `interval` bytes.
// For callers that mmap OLD: pass a release that drops OLD's pages from the
// process (MappedFile::DontNeed(0, size)); touched pages come back from the
// page cache on demand, so peak RSS stops growing with OLD's size.
class PeriodicReleaseSink : public ByteSink {
 public:
  // REQUIRES: `inner` outlives this sink.
  PeriodicReleaseSink(ByteSink& inner, uint64_t interval, std::function<void()> release)
      : inner_(inner), interval_(interval), release_(std::move(release)) {}
  Status Write(ByteView data) override {
    SUTURE_RETURN_IF_ERROR(inner_.Write(data));
    since_release_ += data.size();
    if (since_release_ >= interval_) {
      since_release_ = 0;
      release_();
    }
    return Status::Ok();
  }

 private:
  ByteSink& inner_;
  uint64_t interval_;
  std::function<void()> release_;
  uint64_t since_release_ = 0;
};

inline constexpr char kGenericMagic[8] = {'S', 'U', 'T', 'G', 'D', 'E', 'L', 'T'};
inline constexpr uint16_t kGenericFormatVersion = 1;
inline constexpr size_t kGenericHeaderSize = 92;
// Header flag: the extra stream is a zstd frame made with OLD as its prefix.
inline constexpr uint16_t kGenericFlagExtraOldPrefix = 1;
// Header flag: the add bytes are stored as (zero run, literal run) pairs in
// the runs stream with only the literal bytes in the diff stream (wins when
// the add bytes are mostly zero, e.g. after DEX projection).
inline constexpr uint16_t kGenericFlagDiffRuns = 2;
// Size of the pieces GenericApply hands to its sink (and of its buffers).
inline constexpr size_t kGenericApplyChunk = 64 * 1024;

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
};

struct ApplyLimits {
  // The patch's declared new size must not exceed this (checked before any
  // output or allocation).
  uint64_t max_new_size = 4ull << 30;
  // Largest zstd window the applier accepts (memory bound per stream).
  int max_window_log = 27;
};

// Computes a generic patch turning `old_data` into `new_data`.
// Deterministic: the same inputs and options give the same bytes (for a given
// zstd version, see docs/generic-format.md). Fails with kInvalidArgument on
// bad options, kInternal when zstd fails. Memory: about 5x old + 2x new.
StatusOr<Bytes> GenericDiff(ByteView old_data, ByteView new_data,
                            const GenericDiffOptions& options = {});

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
};
StatusOr<GenericPatchInfo> ReadGenericPatchInfo(ByteView patch);

}  // namespace suture::diff

#endif  // SUTURE_DIFF_GENERIC_H_

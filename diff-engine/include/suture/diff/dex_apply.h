// Applying a DEX patch (PatchMethod::kDex; spec: docs/dex.md): the phone half
// of the DEX-aware diff (target suture::dex_apply).
//
// A DEX patch is self-contained: a fixed header (sizes and SHA-256 of old and
// new), the projection maps (zstd), and a delta from the projected old DEX to
// the new DEX. DexApply verifies the old input's hash, parses the old DEX,
// re-computes the projection from the maps, applies the delta and verifies
// the output's SHA-256.
//
// Thread-safety: reentrant, no global state.
#ifndef SUTURE_DIFF_DEX_APPLY_H_
#define SUTURE_DIFF_DEX_APPLY_H_

#include <cstdint>

#include "suture/core/byte_io.h"
#include "suture/core/crypto.h"
#include "suture/core/status.h"
#include "suture/diff/generic.h"

namespace suture::dex {

inline constexpr char kDexPatchMagic[8] = {'S', 'U', 'T', 'D', 'E', 'X', 'P', 'T'};
inline constexpr uint16_t kDexPatchFormatVersion = 1;
inline constexpr size_t kDexPatchHeaderSize = 112;
// Header flag (byte 11): the maps are stored uncompressed (smaller than their
// zstd frame, which happens for near-identity maps of small files).
inline constexpr uint8_t kDexPatchFlagRawMaps = 1;

// How the delta from projected-old to new is encoded.
enum class DexDeltaMethod : uint8_t {
  kZstdPrefix = 1,  // one zstd frame compressed with the projection as prefix
  kGeneric = 2,     // a Suture generic delta (suture/diff/generic.h)
  kSparse = 3,      // same size as the projection: a zstd frame of
                    // (uleb gap, uleb length, length new bytes) records
};

struct DexApplyLimits {
  uint64_t max_new_size = 256u << 20;
  uint64_t max_maps_size = 64u << 20;  // decompressed projection maps
  int max_window_log = 27;
};

struct DexPatchInfo {
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  Sha256Digest old_sha256{};
  Sha256Digest new_sha256{};
  DexDeltaMethod method = DexDeltaMethod::kGeneric;
  uint8_t flags = 0;
  uint32_t maps_raw_size = 0;
  uint32_t maps_size = 0;  // compressed
  uint64_t delta_size = 0;
};

// Validates and returns the header of a DEX patch (kCorrupt / kUnsupported).
StatusOr<DexPatchInfo> ReadDexPatchInfo(ByteView patch);

// Applies `patch` to `old_dex`, writing the new DEX to `out`.
// Fails before any output with kInvalidArgument when old_dex is not the DEX
// the patch was made for (size or SHA-256), kCorrupt for a malformed patch or
// old DEX, kLimitExceeded when a declared size is over `limits`. A failure of
// the final output hash check (kVerifyFailed) happens after `out` received
// bytes: callers writing files must discard them on any error.
Status DexApply(ByteView old_dex, ByteView patch, diff::ByteSink& out,
                const DexApplyLimits& limits = {});
StatusOr<Bytes> DexApplyToBytes(ByteView old_dex, ByteView patch,
                                const DexApplyLimits& limits = {});

}  // namespace suture::dex

#endif  // SUTURE_DIFF_DEX_APPLY_H_

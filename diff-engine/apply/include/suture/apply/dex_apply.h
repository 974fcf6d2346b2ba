// Applying a DEX patch (PatchMethod::kDex; spec: docs/dex.md): the phone half
// of the DEX-aware diff (target suture::dex_apply).
//
// A DEX patch is self-contained: a fixed header (sizes and SHA-256 of old and
// new), the projection maps (zstd), and a delta from the projected old DEX to
// the new DEX. DexApply verifies the old input's hash, parses the old DEX,
// re-computes the projection from the maps, applies the delta and verifies
// the output's SHA-256 (a version-3 patch may leave both hash checks to its
// container, see kDexPatchFormatVersionCompact). A version-2 patch also names "donor" DEX files
// (other classesN.dex of the old APK, for classes that moved between DEX files) whose projections
// extend the delta's reference; see DexApply.
//
// Thread-safety: reentrant, no global state.
#ifndef SUTURE_APPLY_DEX_APPLY_H_
#define SUTURE_APPLY_DEX_APPLY_H_

#include <cstdint>
#include <span>
#include <vector>

#include "suture/apply/generic_apply.h"
#include "suture/core/byte_io.h"
#include "suture/core/crypto.h"
#include "suture/core/status.h"

namespace suture::dex {

inline constexpr char kDexPatchMagic[8] = {'S', 'U', 'T', 'D', 'E', 'X', 'P', 'T'};
// Version 1: no donors. Version 2: the header's u32 at offset 108 is the size
// of a donor table that follows the header (docs/dex.md). DexDiff writes
// version 1 whenever it uses no donor, so such patches stay readable by
// version-1 appliers.
inline constexpr uint16_t kDexPatchFormatVersion = 1;
inline constexpr uint16_t kDexPatchFormatVersionDonors = 2;
// Version 3 (compact): after the 12 fixed bytes, the sizes are varints and
// the two SHA-256 digests are present only with kDexPatchFlagDigests. A
// patch inside a bundle omits them: the bundle entry already carries (and
// its applier checks) the old and new SHA-256. Donors work as in version 2.
inline constexpr uint16_t kDexPatchFormatVersionCompact = 3;
inline constexpr size_t kDexPatchHeaderSize = 112;  // versions 1 and 2
// Header flag (byte 11): the maps are stored uncompressed (smaller than their
// zstd frame, which happens for near-identity maps of small files).
inline constexpr uint8_t kDexPatchFlagRawMaps = 1;
// Header flag, version 3 only: the old and new SHA-256 follow the sizes.
inline constexpr uint8_t kDexPatchFlagDigests = 2;
// Header flag, version 3 with a sparse delta only: the delta leaves the DEX
// header's checksum and signature (bytes 8..32) as in the projection; the
// applier recomputes them (SHA-1 of bytes 32.., then Adler-32 of bytes 12..)
// once the rest of the file is in place. Saves the 20 + 4 bytes that change
// with every edit.
inline constexpr uint8_t kDexPatchFlagFixHeader = 4;

// How the delta from projected-old to new is encoded.
enum class DexDeltaMethod : uint8_t {
  kZstdPrefix = 1,  // one zstd frame compressed with the projection as prefix
  kGeneric = 2,     // a Suture generic delta (suture/apply/generic_apply.h)
  kSparse = 3,      // same size as the projection: a zstd frame of
                    // (uleb gap, uleb length, length new bytes) records
  kSparseRaw = 4,   // version 3 only: the kSparse records uncompressed (a
                    // few changed bytes do not pay for a zstd frame)
};

struct DexApplyLimits {
  uint64_t max_new_size = 256u << 20;
  uint64_t max_maps_size = 64u << 20;  // decompressed projection maps
  int max_window_log = 27;
};

struct DexPatchInfo {
  uint16_t version = kDexPatchFormatVersion;
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  Sha256Digest old_sha256{};
  Sha256Digest new_sha256{};
  DexDeltaMethod method = DexDeltaMethod::kGeneric;
  uint8_t flags = 0;
  uint32_t maps_raw_size = 0;
  uint32_t maps_size = 0;  // compressed
  uint64_t delta_size = 0;
  uint32_t donor_table_size = 0;               // versions 2 and 3
  uint32_t header_size = kDexPatchHeaderSize;  // where the donor table starts
  // False for a version-3 patch without digests: DexApply then checks sizes
  // only and the caller (the bundle applier) must check both SHA-256.
  bool has_digests = true;
};

// One donor DEX a version-2 patch uses: another classesN.dex of the same old
// APK, projected into the new DEX's index space and appended to the
// reference the delta is decoded against.
struct DexPatchDonor {
  uint32_t index = 0;  // position in the caller's donor span
  uint64_t size = 0;
  Sha256Digest sha256{};
  uint32_t maps_raw_size = 0;
  ByteView maps;  // zstd frame, or raw when maps.size() == maps_raw_size
};

// Rewrites a DEX file's header signature (SHA-1 of bytes 32..) and then its
// checksum (Adler-32 of bytes 12..) from the rest of the file, as dx/d8 and
// smali compute them. REQUIRES: dex.size() >= 32.
void RecomputeDexHeaderChecksums(std::span<uint8_t> dex);

// The donors a patch needs, in reference order (empty for version 1).
// Indices strictly increase. Views point into `patch`. kCorrupt when malformed.
StatusOr<std::vector<DexPatchDonor>> ReadDexPatchDonors(ByteView patch);

// Validates and returns the header of a DEX patch (kCorrupt / kUnsupported).
StatusOr<DexPatchInfo> ReadDexPatchInfo(ByteView patch);

// Bundle format v3 stores a DEX patch of version 3 without what its bundle
// entry already says (docs/format.md): the magic and version (10 bytes) and
// the old and new size varints. BundledDexPatch drops them (kInvalidArgument
// unless `patch` is version 3 made for exactly these sizes);
// UnbundledDexPatch puts them back (a copy of the patch plus at most 30
// bytes; kCorrupt when fewer than the two leading bytes are there).
StatusOr<Bytes> BundledDexPatch(ByteView patch, uint64_t old_size, uint64_t new_size);
StatusOr<Bytes> UnbundledDexPatch(ByteView bundled, uint64_t old_size, uint64_t new_size);

// Applies `patch` to `old_dex`, writing the new DEX to `out`. `donors` are the
// other classesN.dex members of the old APK in the order DexDiff was given
// them (only needed for version-2 patches; extra donors are ignored). A used
// donor that is missing or has the wrong size / SHA-256 is kInvalidArgument
// ("dex patch: donor 1 ...") before any output.
// Fails before any output with kInvalidArgument when old_dex is not the DEX
// the patch was made for (size or SHA-256), kCorrupt for a malformed patch or
// old DEX, kLimitExceeded when a declared size is over `limits`. A failure of
// the final output hash check (kVerifyFailed) happens after `out` received
// bytes: callers writing files must discard them on any error.
Status DexApply(ByteView old_dex, ByteView patch, diff::ByteSink& out,
                const DexApplyLimits& limits = {}, std::span<const ByteView> donors = {});
StatusOr<Bytes> DexApplyToBytes(ByteView old_dex, ByteView patch, const DexApplyLimits& limits = {},
                                std::span<const ByteView> donors = {});

}  // namespace suture::dex

#endif  // SUTURE_APPLY_DEX_APPLY_H_

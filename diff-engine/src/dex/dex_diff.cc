// DexDiff: parse, match, project, delta, verify.
#include "suture/diff/dex_diff.h"

#include <zstd.h>

#include <cmath>
#include <memory>
#include <string>

#include "suture/core/crypto.h"
#include "suture/diff/dex_apply.h"
#include "suture/diff/generic.h"

namespace suture::dex {
namespace {

struct CctxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};

StatusOr<Bytes> ZstdCompress(ByteView src, ByteView prefix, int level, int window_log) {
  std::unique_ptr<ZSTD_CCtx, CctxFree> cctx(ZSTD_createCCtx());
  if (!cctx) return Status::Internal("dex diff: ZSTD_createCCtx failed");
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 0);
  if (!prefix.empty()) {
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_windowLog, window_log);
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_enableLongDistanceMatching, 1);
    ZSTD_CCtx_refPrefix(cctx.get(), prefix.data(), prefix.size());
  }
  Bytes out(ZSTD_compressBound(src.size()));
  size_t n = ZSTD_compress2(cctx.get(), out.data(), out.size(), src.data(), src.size());
  if (ZSTD_isError(n))
    return Status::Internal(std::string("dex diff: zstd: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

// Smallest window log that spans prefix + output (zstd minimum 10).
int WindowLogFor(uint64_t bytes) {
  int log = 10;
  while (log < 31 && (uint64_t{1} << log) < bytes) ++log;
  return log;
}

// kSparse records (before compression): runs of differing bytes, merged when
// fewer than 8 equal bytes separate them. Empty when the sizes differ.
Bytes SparseRecords(ByteView proj, ByteView new_bytes) {
  ByteWriter w;
  if (proj.size() != new_bytes.size()) return w.Release();
  size_t pos = 0, i = 0, n = proj.size();
  while (i < n) {
    if (proj[i] == new_bytes[i]) {
      ++i;
      continue;
    }
    size_t start = i, end = i + 1, equal = 0;
    for (size_t j = end; j < n && equal < 8; ++j) {
      if (proj[j] != new_bytes[j]) {
        end = j + 1;
        equal = 0;
      } else {
        ++equal;
      }
    }
    w.WriteUleb128(static_cast<uint32_t>(start - pos));
    w.WriteUleb128(static_cast<uint32_t>(end - start));
    w.WriteBytes(new_bytes.subspan(start, end - start));
    pos = i = end;
  }
  return w.Release();
}

}  // namespace

StatusOr<Bytes> DexDiff(ByteView old_bytes, ByteView new_bytes, const DexDiffOptions& options,
                        DexDiffStats* stats) {
  DexDiffStats local;
  if (stats == nullptr) stats = &local;
  auto old_parsed = DexFile::Parse(old_bytes);
  if (!old_parsed.ok()) return old_parsed.status().WithContext("old dex");
  const DexFile& old_dex = *old_parsed;
  SUTURE_RETURN_IF_ERROR(old_dex.Validate().WithContext("old dex"));
  auto new_parsed = DexFile::Parse(new_bytes);
  if (!new_parsed.ok()) return new_parsed.status().WithContext("new dex");
  const DexFile& new_dex = *new_parsed;
  SUTURE_RETURN_IF_ERROR(new_dex.Validate().WithContext("new dex"));

  ProjectionMaps maps = MatchDex(old_dex, new_dex, stats);
  Bytes maps_raw = EncodeMaps(maps);
  SUTURE_ASSIGN_OR_RETURN(Bytes maps_z, ZstdCompress(maps_raw, {}, options.zstd_level, 0));
  uint8_t flags = 0;
  if (maps_raw.size() <= maps_z.size()) {
    maps_z = maps_raw;
    flags |= kDexPatchFlagRawMaps;
  }
  SUTURE_ASSIGN_OR_RETURN(Bytes proj, Project(old_dex, maps));
  stats->projected_size = proj.size();
  stats->maps_size = maps_z.size();

  const DexApplyLimits limits;
  const int window_log = WindowLogFor(proj.size() + new_bytes.size());
  Bytes delta;
  DexDeltaMethod method = DexDeltaMethod::kGeneric;
  {
    diff::GenericDiffOptions g;
    g.zstd_level = options.zstd_level;
    g.max_prefix_window_log = limits.max_window_log;
    SUTURE_ASSIGN_OR_RETURN(delta, diff::GenericDiff(proj, new_bytes, g));
  }
  if (proj.size() == new_bytes.size() && proj.size() < (uint64_t{1} << 32)) {
    Bytes records = SparseRecords(proj, new_bytes);
    // Only worth it when few bytes differ: records are at most ~1/8 of the file.
    if (records.size() < new_bytes.size() / 8) {
      SUTURE_ASSIGN_OR_RETURN(Bytes z, ZstdCompress(records, {}, options.zstd_level, 0));
      if (z.size() < delta.size()) {
        delta = std::move(z);
        method = DexDeltaMethod::kSparse;
      }
    }
  }
  // The zstd-prefix delta is cheap on small files and often wins there.
  const bool try_zstd =
      options.try_all_methods || new_bytes.size() <= options.always_try_zstd_below;
  if (try_zstd && window_log <= limits.max_window_log) {
    SUTURE_ASSIGN_OR_RETURN(Bytes z, ZstdCompress(new_bytes, proj, options.zstd_level, window_log));
    if (z.size() < delta.size()) {
      delta = std::move(z);
      method = DexDeltaMethod::kZstdPrefix;
    }
  }
  stats->delta_size = delta.size();
  stats->method = static_cast<int>(method);

  ByteWriter w;
  w.WriteBytes(ByteView(reinterpret_cast<const uint8_t*>(kDexPatchMagic), 8));
  w.WriteU16(kDexPatchFormatVersion);
  w.WriteU8(static_cast<uint8_t>(method));
  w.WriteU8(flags);
  w.WriteU64(old_bytes.size());
  w.WriteU64(new_bytes.size());
  w.WriteBytes(Sha256(old_bytes));
  w.WriteBytes(Sha256(new_bytes));
  w.WriteU32(static_cast<uint32_t>(maps_raw.size()));
  w.WriteU32(static_cast<uint32_t>(maps_z.size()));
  w.WriteU64(delta.size());
  w.WriteU32(0);
  w.WriteBytes(maps_z);
  w.WriteBytes(delta);
  Bytes patch = w.Release();

  if (options.verify) {
    SUTURE_ASSIGN_OR_RETURN(Bytes check, DexApplyToBytes(old_bytes, patch));
    if (check.size() != new_bytes.size() ||
        !std::equal(check.begin(), check.end(), new_bytes.begin()))
      return Status::Internal("dex diff: verification apply did not reproduce the new dex");
  }
  return patch;
}

}  // namespace suture::dex

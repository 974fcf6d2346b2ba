// DexDiff: parse, match, project, delta, verify.
#include "suture/create/dex_diff.h"

#include <cmath>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "suture/apply/dex_apply.h"
#include "suture/apply/varint.h"
#include "suture/core/crypto.h"
#include "suture/core/zstd_frame.h"
#include "suture/create/generic_diff.h"

namespace suture::dex {
namespace {

// One zstd frame of `src`; with a prefix, a window of 2^window_log and
// long-distance matching so the whole projection is reachable.
StatusOr<Bytes> CompressFrame(ByteView src, ByteView prefix, int level, int window_log) {
  ZstdCompressOptions o{.level = level};
  if (!prefix.empty()) {
    o.window_log = window_log;
    o.long_distance = true;
    o.prefix = prefix;
  }
  auto out = ZstdCompress(src, o);
  if (!out.ok()) return out.status().WithContext("dex diff");
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

struct Delta {
  Bytes bytes;
  DexDeltaMethod method = DexDeltaMethod::kGeneric;
  bool fix_header = false;  // kDexPatchFlagFixHeader
};

// Version 3: NEW with the projection's checksum and signature (header bytes
// 8..32), when recomputing them gives NEW's own; the applier recomputes them
// so the sparse records need not carry 24 bytes that every edit changes.
// Empty when not applicable.
Bytes WithProjectionChecksums(ByteView proj, ByteView new_bytes) {
  if (proj.size() != new_bytes.size() || new_bytes.size() < 32) return {};
  Bytes out(new_bytes.begin(), new_bytes.end());
  std::copy(proj.begin() + 8, proj.begin() + 32, out.begin() + 8);
  Bytes check = out;
  RecomputeDexHeaderChecksums(check);
  if (!std::equal(check.begin(), check.end(), new_bytes.begin())) return {};
  return out;
}

// The smallest delta from `ref` to `new_bytes` among the methods allowed.
StatusOr<Delta> EncodeDelta(ByteView ref, ByteView new_bytes, const DexDiffOptions& options) {
  const DexApplyLimits limits;
  const int window_log = WindowLogFor(ref.size() + new_bytes.size());
  Delta d;
  {
    diff::GenericDiffOptions g;
    g.zstd_level = options.zstd_level;
    g.max_prefix_window_log = limits.max_window_log;
    g.compact_header = options.compact_header;  // DEX v3 carries generic v2
    g.one_block = options.compact_header && options.one_block;  // ... or v3
    SUTURE_ASSIGN_OR_RETURN(d.bytes, diff::GenericDiff(ref, new_bytes, g));
  }
  if (ref.size() == new_bytes.size() && ref.size() < (uint64_t{1} << 32)) {
    Bytes records = SparseRecords(ref, new_bytes);
    // Only worth it when few bytes differ: records are at most ~1/8 of the file.
    if (records.size() < new_bytes.size() / 8) {
      SUTURE_ASSIGN_OR_RETURN(Bytes z, CompressFrame(records, {}, options.zstd_level, 0));
      if (z.size() < d.bytes.size()) {
        d.bytes = std::move(z);
        d.method = DexDeltaMethod::kSparse;
      }
      // Version 3: a few changed bytes are cheaper without a zstd frame,
      // and cheaper still without the header checksums.
      if (options.compact_header && records.size() < d.bytes.size()) {
        d.bytes = std::move(records);
        d.method = DexDeltaMethod::kSparseRaw;
      }
      const Bytes fixed =
          options.compact_header ? WithProjectionChecksums(ref, new_bytes) : Bytes{};
      if (!fixed.empty()) {
        Bytes fr = SparseRecords(ref, fixed);
        SUTURE_ASSIGN_OR_RETURN(Bytes fz, CompressFrame(fr, {}, options.zstd_level, 0));
        const bool raw = fr.size() <= fz.size();
        Bytes& best = raw ? fr : fz;
        if (best.size() < d.bytes.size()) {
          d.bytes = std::move(best);
          d.method = raw ? DexDeltaMethod::kSparseRaw : DexDeltaMethod::kSparse;
          d.fix_header = true;
        }
      }
    }
  }
  // The zstd-prefix delta is cheap on small files and often wins there.
  const bool try_zstd =
      options.try_all_methods || new_bytes.size() <= options.always_try_zstd_below;
  if (try_zstd && window_log <= limits.max_window_log) {
    SUTURE_ASSIGN_OR_RETURN(Bytes z, CompressFrame(new_bytes, ref, options.zstd_level, window_log));
    if (z.size() < d.bytes.size()) {
      d.bytes = std::move(z);
      d.method = DexDeltaMethod::kZstdPrefix;
      d.fix_header = false;
    }
  }
  return d;
}

// Maps stored raw when that is not bigger than their zstd frame.
StatusOr<Bytes> StoreMaps(const Bytes& raw, int level, bool* stored_raw) {
  SUTURE_ASSIGN_OR_RETURN(Bytes z, CompressFrame(raw, {}, level, 0));
  *stored_raw = raw.size() <= z.size();
  return *stored_raw ? raw : z;
}

// A donor the patch uses, ready for the donor table.
struct UsedDonor {
  uint32_t index;
  uint64_t size;
  Sha256Digest sha256;
  uint32_t maps_raw_size;
  Bytes maps;  // stored form
};

Bytes AssemblePatch(ByteView old_bytes, ByteView new_bytes, const Delta& delta, uint8_t flags,
                    uint32_t maps_raw_size, const Bytes& maps, const std::vector<UsedDonor>& used,
                    const DexDiffOptions& options) {
  ByteWriter table;
  if (!used.empty()) {
    table.WriteU32(static_cast<uint32_t>(used.size()));
    for (const UsedDonor& d : used) {
      table.WriteU32(d.index);
      table.WriteU64(d.size);
      table.WriteBytes(d.sha256);
      table.WriteU32(d.maps_raw_size);
      table.WriteU32(static_cast<uint32_t>(d.maps.size()));
      table.WriteBytes(d.maps);
    }
  }
  ByteWriter w;
  w.WriteBytes(ByteView(reinterpret_cast<const uint8_t*>(kDexPatchMagic), 8));
  if (options.compact_header) {
    w.WriteU16(kDexPatchFormatVersionCompact);
    w.WriteU8(static_cast<uint8_t>(delta.method));
    w.WriteU8(flags | (options.digests ? kDexPatchFlagDigests : 0) |
              (delta.fix_header ? kDexPatchFlagFixHeader : 0));
    diff::WriteVarint(w, old_bytes.size());
    diff::WriteVarint(w, new_bytes.size());
    diff::WriteVarint(w, maps_raw_size);
    diff::WriteVarint(w, maps.size());
    diff::WriteVarint(w, delta.bytes.size());
    diff::WriteVarint(w, table.size());
    if (options.digests) {
      w.WriteBytes(Sha256(old_bytes));
      w.WriteBytes(Sha256(new_bytes));
    }
    w.WriteBytes(table.bytes());
    w.WriteBytes(maps);
    w.WriteBytes(delta.bytes);
    return w.Release();
  }
  w.WriteU16(used.empty() ? kDexPatchFormatVersion : kDexPatchFormatVersionDonors);
  w.WriteU8(static_cast<uint8_t>(delta.method));
  w.WriteU8(flags);
  w.WriteU64(old_bytes.size());
  w.WriteU64(new_bytes.size());
  w.WriteBytes(Sha256(old_bytes));
  w.WriteBytes(Sha256(new_bytes));
  w.WriteU32(maps_raw_size);
  w.WriteU32(static_cast<uint32_t>(maps.size()));
  w.WriteU64(delta.bytes.size());
  w.WriteU32(static_cast<uint32_t>(table.size()));
  w.WriteBytes(table.bytes());
  w.WriteBytes(maps);
  w.WriteBytes(delta.bytes);
  return w.Release();
}

// Descriptors of the classes `f` defines.
std::unordered_set<std::string_view> ClassDescriptors(const DexFile& f) {
  std::unordered_set<std::string_view> out;
  for (uint32_t i = 0; i < f.class_defs().size; ++i) {
    auto s = f.String(f.TypeDescriptorIdx(f.Class(i).class_idx));
    if (s.ok()) out.insert(*s);
  }
  return out;
}

}  // namespace

StatusOr<Bytes> DexDiff(ByteView old_bytes, ByteView new_bytes, const DexDiffOptions& options,
                        DexDiffStats* stats, std::span<const ByteView> donors) {
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
  Bytes maps_raw = EncodeMaps(maps, options.compact_header);
  bool stored_raw = false;
  SUTURE_ASSIGN_OR_RETURN(Bytes maps_z, StoreMaps(maps_raw, options.zstd_level, &stored_raw));
  const uint8_t flags = stored_raw ? kDexPatchFlagRawMaps : 0;
  SUTURE_ASSIGN_OR_RETURN(Bytes proj, Project(old_dex, maps));
  maps = ProjectionMaps();
  stats->projected_size = proj.size();
  stats->maps_size = maps_z.size();

  SUTURE_ASSIGN_OR_RETURN(Delta delta, EncodeDelta(proj, new_bytes, options));
  stats->delta_size = delta.bytes.size();
  stats->method = static_cast<int>(delta.method);
  Bytes patch = AssemblePatch(old_bytes, new_bytes, delta, flags,
                              static_cast<uint32_t>(maps_raw.size()), maps_z, {}, options);

  // Donors: classes of NEW that OLD does not define but another old DEX does.
  std::vector<UsedDonor> used;
  if (!donors.empty()) {
    std::unordered_set<std::string_view> in_old = ClassDescriptors(old_dex);
    std::unordered_set<std::string_view> missing;
    for (std::string_view d : ClassDescriptors(new_dex))
      if (!in_old.count(d)) missing.insert(d);
    Bytes ref = proj;
    const uint64_t donor_budget = DexApplyLimits{}.max_new_size;  // what the applier accepts
    uint64_t donor_total = 0;
    for (size_t k = 0; k < donors.size() && !missing.empty(); ++k) {
      if (donor_total + donors[k].size() > donor_budget) continue;
      auto donor = DexFile::Parse(donors[k]);
      if (!donor.ok() || !donor->Validate().ok()) continue;  // optional: ignore
      uint32_t supplies = 0;
      for (std::string_view d : ClassDescriptors(*donor))
        if (missing.erase(d)) ++supplies;
      if (supplies == 0) continue;
      ++stats->donor_candidates;
      stats->moved_classes += supplies;
      ProjectionMaps dmaps = MatchDex(*donor, new_dex, nullptr, /*guess_unmatched=*/false);
      Bytes draw = EncodeMaps(dmaps, options.compact_header);
      bool draw_raw = false;
      SUTURE_ASSIGN_OR_RETURN(Bytes dstored, StoreMaps(draw, options.zstd_level, &draw_raw));
      // The applier reads "stored size == raw size" as raw; StoreMaps keeps
      // the raw form whenever it is not bigger, so the sizes differ otherwise.
      SUTURE_ASSIGN_OR_RETURN(Bytes dproj, Project(*donor, dmaps));
      ref.insert(ref.end(), dproj.begin(), dproj.end());
      donor_total += donors[k].size();
      used.push_back({static_cast<uint32_t>(k), donors[k].size(), Sha256(donors[k]),
                      static_cast<uint32_t>(draw.size()), std::move(dstored)});
    }
    if (!used.empty()) {
      stats->size_without_donors = patch.size();
      SUTURE_ASSIGN_OR_RETURN(Delta ddelta, EncodeDelta(ref, new_bytes, options));
      Bytes with = AssemblePatch(old_bytes, new_bytes, ddelta, flags,
                                 static_cast<uint32_t>(maps_raw.size()), maps_z, used, options);
      stats->size_with_donors = with.size();
      if (with.size() < patch.size()) {
        patch = std::move(with);
        stats->donors_used = static_cast<uint32_t>(used.size());
        stats->delta_size = ddelta.bytes.size();
        stats->method = static_cast<int>(ddelta.method);
      } else {
        used.clear();
      }
    }
  }

  if (options.verify) {
    SUTURE_ASSIGN_OR_RETURN(Bytes check, DexApplyToBytes(old_bytes, patch, {}, donors));
    // Compared in full: a patch without digests is checked by its container.
    if (check.size() != new_bytes.size() ||
        !std::equal(check.begin(), check.end(), new_bytes.begin()))
      return Status::Internal("dex diff: verification apply did not reproduce the new dex");
  }
  return patch;
}

}  // namespace suture::dex

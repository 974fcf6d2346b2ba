// DexApply: verify old, re-project, apply the delta, verify new.
#include "suture/apply/dex_apply.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <string>

#include "dex_sha1.h"
#include "suture/apply/dex_projection.h"
#include "suture/apply/dex_reader.h"
#include "suture/apply/varint.h"
#include "suture/core/zstd_frame.h"

namespace suture::dex {
namespace {

class HashingSink : public diff::ByteSink {
 public:
  explicit HashingSink(diff::ByteSink& inner) : inner_(inner) {}
  Status Write(ByteView data) override {
    hasher_.Update(data);
    written_ += data.size();
    return inner_.Write(data);
  }
  Sha256Digest Finish() { return hasher_.Finish(); }
  uint64_t written() const { return written_; }

 private:
  diff::ByteSink& inner_;
  Sha256Hasher hasher_;
  uint64_t written_ = 0;
};

// kSparse / kSparseRaw: NEW has the projection's size and differs from it in
// a few runs. With `fix_header` the runs are written into `proj` itself, the
// header is recomputed and the whole buffer goes out at the end; otherwise
// output streams run by run.
Status ApplySparse(Bytes& proj, ByteView delta, bool raw_records, bool fix_header,
                   uint64_t new_size, int max_window_log, diff::ByteSink& sink) {
  if (proj.size() != new_size)
    return Status::Corrupt("dex patch: sparse delta needs projection size " +
                           std::to_string(proj.size()) + " == new size " +
                           std::to_string(new_size));
  if (fix_header && proj.size() < 32)
    return Status::Corrupt("dex patch: header fix-up on a " + std::to_string(proj.size()) +
                           "-byte file");
  // Records hold at most every byte of NEW plus two short varints per run.
  const uint64_t max_records = 2 * new_size + 64;
  Bytes decoded;
  if (!raw_records) {
    StatusOr<uint64_t> raw_size = ZstdFrameContentSize(delta);
    if (!raw_size.ok() || *raw_size > max_records)
      return Status::Corrupt("dex patch: sparse delta frame size invalid");
    auto d = ZstdDecompress(delta, *raw_size,
                            {.max_output = max_records, .max_window_log = max_window_log});
    if (!d.ok()) return d.status().WithContext("dex patch: sparse delta");
    decoded = std::move(*d);
  }
  ByteReader r(raw_records ? delta : ByteView(decoded));
  const ByteView view(proj);
  uint64_t pos = 0;
  int record = 0;
  while (!r.at_end()) {
    const std::string where = "dex patch: sparse record " + std::to_string(record);
    uint32_t gap, len;
    SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&gap).WithContext(where));
    SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&len).WithContext(where));
    if (!RangeFits(pos, uint64_t{gap} + len, new_size))
      return Status::Corrupt(where + " at " + std::to_string(pos) + " runs past the end");
    ByteView bytes;
    SUTURE_RETURN_IF_ERROR(r.ReadBytes(len, &bytes).WithContext(where));
    if (fix_header) {
      std::copy(bytes.begin(), bytes.end(), proj.begin() + static_cast<ptrdiff_t>(pos + gap));
    } else {
      SUTURE_RETURN_IF_ERROR(sink.Write(view.subspan(pos, gap)));
      SUTURE_RETURN_IF_ERROR(sink.Write(bytes));
    }
    pos += uint64_t{gap} + len;
    ++record;
  }
  if (!fix_header) return sink.Write(view.subspan(pos));
  RecomputeDexHeaderChecksums(proj);
  return sink.Write(proj);
}

// The raw projection maps from their stored form (raw or one zstd frame).
// REQUIRES: raw_size <= limits.max_maps_size (checked from the header).
StatusOr<Bytes> LoadMaps(ByteView stored, uint32_t raw_size, bool raw, const DexApplyLimits& limits,
                         const std::string& where) {
  if (raw) {
    if (stored.size() != raw_size)
      return Status::Corrupt(where + ": raw maps size " + std::to_string(stored.size()) +
                             " != declared " + std::to_string(raw_size));
    return Bytes(stored.begin(), stored.end());
  }
  auto maps =
      ZstdDecompress(stored, raw_size,
                     {.max_output = limits.max_maps_size, .max_window_log = limits.max_window_log});
  if (!maps.ok()) return maps.status().WithContext(where + ": maps stream");
  return maps;
}

// Versions 1 and 2: fixed 112-byte header after the first 12 bytes.
Status ReadFixedHeader(ByteReader& r, uint16_t version, DexPatchInfo* info) {
  SUTURE_RETURN_IF_ERROR(r.ReadU64(&info->old_size));
  SUTURE_RETURN_IF_ERROR(r.ReadU64(&info->new_size));
  SUTURE_RETURN_IF_ERROR(r.ReadInto(info->old_sha256));
  SUTURE_RETURN_IF_ERROR(r.ReadInto(info->new_sha256));
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&info->maps_raw_size));
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&info->maps_size));
  SUTURE_RETURN_IF_ERROR(r.ReadU64(&info->delta_size));
  uint32_t reserved2;
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&reserved2));
  if (version == kDexPatchFormatVersionDonors) {
    if (reserved2 == 0) return Status::Corrupt("dex patch: version 2 with an empty donor table");
    info->donor_table_size = reserved2;
  }
  return Status::Ok();
}

// Version 3: varint sizes, digests only with kDexPatchFlagDigests.
Status ReadCompactHeader(ByteReader& r, DexPatchInfo* info) {
  SUTURE_RETURN_IF_ERROR(diff::ReadVarint(r, "dex patch: old size", &info->old_size));
  SUTURE_RETURN_IF_ERROR(diff::ReadVarint(r, "dex patch: new size", &info->new_size));
  SUTURE_RETURN_IF_ERROR(diff::ReadVarint32(r, "dex patch: maps raw size", &info->maps_raw_size));
  SUTURE_RETURN_IF_ERROR(diff::ReadVarint32(r, "dex patch: maps size", &info->maps_size));
  SUTURE_RETURN_IF_ERROR(diff::ReadVarint(r, "dex patch: delta size", &info->delta_size));
  SUTURE_RETURN_IF_ERROR(
      diff::ReadVarint32(r, "dex patch: donor table size", &info->donor_table_size));
  info->has_digests = (info->flags & kDexPatchFlagDigests) != 0;
  if (info->has_digests) {
    SUTURE_RETURN_IF_ERROR(r.ReadInto(info->old_sha256).WithContext("dex patch: old SHA-256"));
    SUTURE_RETURN_IF_ERROR(r.ReadInto(info->new_sha256).WithContext("dex patch: new SHA-256"));
  }
  return Status::Ok();
}

}  // namespace

void RecomputeDexHeaderChecksums(std::span<uint8_t> dex) {
  const std::array<uint8_t, 20> sha1 = DexSha1(ByteView(dex.data() + 32, dex.size() - 32));
  std::copy(sha1.begin(), sha1.end(), dex.begin() + 12);
  uint32_t a = 1, b = 0;
  for (size_t i = 12; i < dex.size(); ++i) {
    a = (a + dex[i]) % 65521;
    b = (b + a) % 65521;
  }
  const uint32_t adler = (b << 16) | a;
  for (int i = 0; i < 4; ++i) dex[8 + i] = static_cast<uint8_t>(adler >> (8 * i));
}

StatusOr<Bytes> BundledDexPatch(ByteView patch, uint64_t old_size, uint64_t new_size) {
  ByteReader r(patch);
  ByteView magic;
  uint16_t version = 0;
  uint8_t method = 0, flags = 0;
  uint64_t o = 0, n = 0;
  if (!r.ReadBytes(8, &magic).ok() || std::memcmp(magic.data(), kDexPatchMagic, 8) != 0 ||
      !r.ReadU16(&version).ok() || version != kDexPatchFormatVersionCompact ||
      !r.ReadU8(&method).ok() || !r.ReadU8(&flags).ok() ||
      !diff::ReadVarint(r, "dex patch: old size", &o).ok() ||
      !diff::ReadVarint(r, "dex patch: new size", &n).ok() || o != old_size || n != new_size) {
    return Status::InvalidArgument(
        "dex patch: only a version 3 patch for these sizes can go into a bundle of format v3");
  }
  Bytes out{method, flags};
  out.insert(out.end(), patch.begin() + static_cast<ptrdiff_t>(r.offset()), patch.end());
  return out;
}

StatusOr<Bytes> UnbundledDexPatch(ByteView bundled, uint64_t old_size, uint64_t new_size) {
  if (bundled.size() < 2) {
    return Status::Corrupt("dex patch: " + std::to_string(bundled.size()) +
                           " bytes, need at least 2 (delta method, flags)");
  }
  ByteWriter w;
  w.WriteBytes(ByteView(reinterpret_cast<const uint8_t*>(kDexPatchMagic), 8));
  w.WriteU16(kDexPatchFormatVersionCompact);
  w.WriteBytes(bundled.first(2));
  diff::WriteVarint(w, old_size);
  diff::WriteVarint(w, new_size);
  w.WriteBytes(bundled.subspan(2));
  return w.Release();
}

StatusOr<DexPatchInfo> ReadDexPatchInfo(ByteView patch) {
  ByteReader r(patch);
  ByteView magic;
  if (patch.size() < 12)
    return Status::Corrupt("dex patch: " + std::to_string(patch.size()) +
                           " bytes is shorter than the 12-byte header start");
  SUTURE_RETURN_IF_ERROR(r.ReadBytes(8, &magic));
  if (std::memcmp(magic.data(), kDexPatchMagic, 8) != 0)
    return Status::Corrupt("dex patch: bad magic at offset 0");
  uint16_t version;
  uint8_t method, flags;
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&version));
  if (version != kDexPatchFormatVersion && version != kDexPatchFormatVersionDonors &&
      version != kDexPatchFormatVersionCompact)
    return Status::Unsupported("dex patch: format version " + std::to_string(version) +
                               " (supported: 1, 2, 3)");
  SUTURE_RETURN_IF_ERROR(r.ReadU8(&method));
  SUTURE_RETURN_IF_ERROR(r.ReadU8(&flags));
  const uint8_t known = version == kDexPatchFormatVersionCompact
                            ? (kDexPatchFlagRawMaps | kDexPatchFlagDigests | kDexPatchFlagFixHeader)
                            : kDexPatchFlagRawMaps;
  if ((flags & ~known) != 0)
    return Status::Unsupported("dex patch: unknown flags " + std::to_string(flags));
  const uint8_t max_method = version == kDexPatchFormatVersionCompact ? 4 : 3;
  if (method < 1 || method > max_method)
    return Status::Unsupported("dex patch: delta method " + std::to_string(method) + " unknown");
  if ((flags & kDexPatchFlagFixHeader) != 0 && method != 3 && method != 4)
    return Status::Corrupt("dex patch: header fix-up needs a sparse delta, method is " +
                           std::to_string(method));
  DexPatchInfo info;
  info.version = version;
  info.method = static_cast<DexDeltaMethod>(method);
  info.flags = flags;
  if (version == kDexPatchFormatVersionCompact) {
    SUTURE_RETURN_IF_ERROR(ReadCompactHeader(r, &info));
  } else {
    if (patch.size() < kDexPatchHeaderSize)
      return Status::Corrupt("dex patch: " + std::to_string(patch.size()) +
                             " bytes is shorter than the " + std::to_string(kDexPatchHeaderSize) +
                             "-byte header");
    SUTURE_RETURN_IF_ERROR(ReadFixedHeader(r, version, &info));
    if (r.offset() != kDexPatchHeaderSize)
      return Status::Internal("dex patch: header size mismatch");
  }
  info.header_size = static_cast<uint32_t>(r.offset());
  const uint64_t body = patch.size() - info.header_size;
  if (info.maps_size > body || info.delta_size > body ||
      uint64_t{info.donor_table_size} + info.maps_size + info.delta_size != body)
    return Status::Corrupt("dex patch: donor table (" + std::to_string(info.donor_table_size) +
                           ") + maps (" + std::to_string(info.maps_size) + ") + delta (" +
                           std::to_string(info.delta_size) + ") != payload size " +
                           std::to_string(body));
  return info;
}

StatusOr<std::vector<DexPatchDonor>> ReadDexPatchDonors(ByteView patch) {
  SUTURE_ASSIGN_OR_RETURN(DexPatchInfo info, ReadDexPatchInfo(patch));
  std::vector<DexPatchDonor> out;
  if (info.donor_table_size == 0) return out;
  ByteReader r(patch.subspan(info.header_size, info.donor_table_size));
  const std::string where = "dex patch: donor table";
  uint32_t count;
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&count).WithContext(where));
  // Each entry takes at least 52 bytes.
  if (count == 0 || count > r.remaining() / 52)
    return Status::Corrupt(where + ": donor count " + std::to_string(count) + " invalid");
  for (uint32_t i = 0; i < count; ++i) {
    DexPatchDonor d;
    uint32_t maps_size;
    const std::string entry = where + " entry " + std::to_string(i);
    SUTURE_RETURN_IF_ERROR(r.ReadU32(&d.index).WithContext(entry));
    SUTURE_RETURN_IF_ERROR(r.ReadU64(&d.size).WithContext(entry));
    SUTURE_RETURN_IF_ERROR(r.ReadInto(d.sha256).WithContext(entry));
    SUTURE_RETURN_IF_ERROR(r.ReadU32(&d.maps_raw_size).WithContext(entry));
    SUTURE_RETURN_IF_ERROR(r.ReadU32(&maps_size).WithContext(entry));
    SUTURE_RETURN_IF_ERROR(r.ReadBytes(maps_size, &d.maps).WithContext(entry));
    if (!out.empty() && d.index <= out.back().index)
      return Status::Corrupt(entry + ": donor index " + std::to_string(d.index) +
                             " does not increase");
    out.push_back(d);
  }
  if (!r.at_end())
    return Status::Corrupt(where + ": " + std::to_string(r.remaining()) + " trailing bytes");
  return out;
}

Status DexApply(ByteView old_dex, ByteView patch, diff::ByteSink& out, const DexApplyLimits& limits,
                std::span<const ByteView> donors) {
  SUTURE_ASSIGN_OR_RETURN(DexPatchInfo info, ReadDexPatchInfo(patch));
  if (info.new_size > limits.max_new_size)
    return Status::LimitExceeded("dex patch: new size " + std::to_string(info.new_size) +
                                 " exceeds limit " + std::to_string(limits.max_new_size));
  if (info.maps_raw_size > limits.max_maps_size)
    return Status::LimitExceeded("dex patch: maps size " + std::to_string(info.maps_raw_size) +
                                 " exceeds limit " + std::to_string(limits.max_maps_size));
  if (old_dex.size() != info.old_size)
    return Status::InvalidArgument("dex patch: old dex is " + std::to_string(old_dex.size()) +
                                   " bytes, patch was made for " + std::to_string(info.old_size));
  if (info.has_digests && !ConstantTimeEquals(Sha256(old_dex), info.old_sha256))
    return Status::InvalidArgument("dex patch: old dex SHA-256 does not match the patch's base");
  SUTURE_ASSIGN_OR_RETURN(std::vector<DexPatchDonor> used, ReadDexPatchDonors(patch));
  uint64_t donor_bytes = 0;
  for (const DexPatchDonor& d : used) {
    const std::string name = "dex patch: donor " + std::to_string(d.index);
    if (d.index >= donors.size())
      return Status::InvalidArgument(name + " is required but " + std::to_string(donors.size()) +
                                     " donors were given");
    if (donors[d.index].size() != d.size)
      return Status::InvalidArgument(name + " is " + std::to_string(donors[d.index].size()) +
                                     " bytes, patch was made for " + std::to_string(d.size));
    if (!ConstantTimeEquals(Sha256(donors[d.index]), d.sha256))
      return Status::InvalidArgument(name + " SHA-256 does not match the patch's donor");
    if (d.maps_raw_size > limits.max_maps_size)
      return Status::LimitExceeded(name + ": maps size " + std::to_string(d.maps_raw_size) +
                                   " exceeds limit " + std::to_string(limits.max_maps_size));
    donor_bytes += d.size;
  }
  // A projection is at most ~1.25x its input (re-encoded references grow by at
  // most one byte per few input bytes); bound the reference like NEW.
  if (donor_bytes > limits.max_new_size)
    return Status::LimitExceeded("dex patch: donors total " + std::to_string(donor_bytes) +
                                 " bytes, exceeds limit " + std::to_string(limits.max_new_size));
  SUTURE_ASSIGN_OR_RETURN(DexFile old, DexFile::Parse(old_dex));
  const bool compact_maps = info.version == kDexPatchFormatVersionCompact;

  const uint64_t maps_off = info.header_size + uint64_t{info.donor_table_size};
  ByteView maps_z = patch.subspan(maps_off, info.maps_size);
  ByteView delta = patch.subspan(maps_off + info.maps_size);
  Bytes proj;
  {
    SUTURE_ASSIGN_OR_RETURN(
        Bytes maps_raw, LoadMaps(maps_z, info.maps_raw_size,
                                 (info.flags & kDexPatchFlagRawMaps) != 0, limits, "dex patch"));
    SUTURE_ASSIGN_OR_RETURN(ProjectionMaps maps, DecodeMaps(maps_raw, old, compact_maps));
    SUTURE_ASSIGN_OR_RETURN(proj, Project(old, maps));
  }
  // The reference: projection(old) followed by each used donor's projection.
  for (const DexPatchDonor& d : used) {
    const std::string name = "dex patch: donor " + std::to_string(d.index);
    auto donor = DexFile::Parse(donors[d.index]);
    if (!donor.ok()) return donor.status().WithContext(name);
    SUTURE_ASSIGN_OR_RETURN(
        Bytes maps_raw,
        LoadMaps(d.maps, d.maps_raw_size, d.maps.size() == d.maps_raw_size, limits, name));
    auto maps = DecodeMaps(maps_raw, *donor, compact_maps);
    if (!maps.ok()) return maps.status().WithContext(name);
    auto dproj = Project(*donor, *maps);
    if (!dproj.ok()) return dproj.status().WithContext(name);
    proj.insert(proj.end(), dproj->begin(), dproj->end());
  }

  HashingSink sink(out);
  if (info.method == DexDeltaMethod::kGeneric) {
    diff::ApplyLimits gl;
    gl.max_new_size = info.new_size;
    gl.max_window_log = limits.max_window_log;
    SUTURE_ASSIGN_OR_RETURN(diff::GenericPatchInfo gi, diff::ReadGenericPatchInfo(delta));
    if (gi.new_size != info.new_size || gi.old_size != proj.size())
      return Status::Corrupt("dex patch: generic delta sizes (" + std::to_string(gi.old_size) +
                             " -> " + std::to_string(gi.new_size) + ") do not match projection " +
                             std::to_string(proj.size()) + " -> " + std::to_string(info.new_size));
    SUTURE_RETURN_IF_ERROR(
        diff::GenericApply(proj, delta, sink, gl).WithContext("dex patch: delta"));
  } else if (info.method == DexDeltaMethod::kSparse || info.method == DexDeltaMethod::kSparseRaw) {
    SUTURE_RETURN_IF_ERROR(ApplySparse(proj, delta, info.method == DexDeltaMethod::kSparseRaw,
                                       (info.flags & kDexPatchFlagFixHeader) != 0, info.new_size,
                                       limits.max_window_log, sink));
  } else {
    // kZstdPrefix: one frame against the projection; new_size is under the limit.
    auto buf = ZstdDecompress(
        delta, info.new_size,
        {.max_output = limits.max_new_size, .max_window_log = limits.max_window_log}, proj);
    if (!buf.ok()) return buf.status().WithContext("dex patch: delta");
    SUTURE_RETURN_IF_ERROR(sink.Write(*buf));
  }
  if (sink.written() != info.new_size)
    return Status::Corrupt("dex patch: output is " + std::to_string(sink.written()) +
                           " bytes, expected " + std::to_string(info.new_size));
  if (info.has_digests && !ConstantTimeEquals(sink.Finish(), info.new_sha256))
    return Status::VerifyFailed("dex patch: output SHA-256 does not match the patch's target");
  return Status::Ok();
}

StatusOr<Bytes> DexApplyToBytes(ByteView old_dex, ByteView patch, const DexApplyLimits& limits,
                                std::span<const ByteView> donors) {
  Bytes out;
  diff::BytesSink sink(&out);
  SUTURE_RETURN_IF_ERROR(DexApply(old_dex, patch, sink, limits, donors));
  return out;
}

}  // namespace suture::dex

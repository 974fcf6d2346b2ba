// Patch bundle format v2/v3/v4 writer: the compact manifest (docs/format.md,
// "Format v2" and "Format v4"). The reader is diff-engine/apply/src/bundle/bundle_reader_v2.cc.
#include <string>

#include "bundle_writer_internal.h"
#include "suture/apply/varint.h"

namespace suture::diff {
namespace {

constexpr uint8_t kEntryOldPathIsPath = 1;

void WriteStringV2(ByteWriter& w, const std::string& s) {
  WriteVarint(w, s.size());
  w.WriteString(s);
}

// Fields v2 leaves out must hold what the reader puts back, or the bundle
// would not say what the caller's manifest says.
Status CheckOmittedFields(const Manifest& m, size_t i, const BundleEntry& e) {
  const std::string where = "entry " + std::to_string(i);
  if (m.kind == ContainerKind::kFile) {
    if (e.old_size != m.base_size || e.old_sha256 != m.base_fingerprint ||
        e.new_size != m.target_size || e.new_sha256 != m.target_sha256) {
      return Status::InvalidArgument(where + ": file entry sizes/digests differ from base/target");
    }
    return Status::Ok();
  }
  if (e.op == EntryOp::kAdd && (e.old_size != 0 || e.old_sha256 != Sha256Digest{})) {
    return Status::InvalidArgument(where + ": add entry with an old size or digest");
  }
  if (e.op == EntryOp::kRemove && (e.new_size != 0 || e.new_sha256 != Sha256Digest{})) {
    return Status::InvalidArgument(where + ": remove entry with a new size or digest");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<Bytes> EncodeManifestV2(const Manifest& m, uint16_t version, const PayloadCheck& check) {
  const bool stream_digests = version < kBundleFormatVersionV4;
  ByteWriter w;
  WriteStringV2(w, m.app_id);
  WriteStringV2(w, m.target_build_id);
  WriteVarint(w, m.patch_version);
  w.WriteU8(static_cast<uint8_t>(m.kind));
  WriteVarint(w, m.base_size);
  w.WriteBytes(m.base_fingerprint);
  WriteVarint(w, m.target_size);
  w.WriteBytes(m.target_sha256);
  WriteVarint(w, m.layout_stream == kNoStream ? 0 : uint64_t{m.layout_stream} + 1);
  WriteVarint(w, m.entries.size());
  for (size_t i = 0; i < m.entries.size(); ++i) {
    const BundleEntry& e = m.entries[i];
    SUTURE_RETURN_IF_ERROR(CheckOmittedFields(m, i, e));
    const bool same_path = e.old_path == e.path;
    w.WriteU8(static_cast<uint8_t>(e.op));
    w.WriteU8(static_cast<uint8_t>(e.method));
    w.WriteU8(same_path ? kEntryOldPathIsPath : 0);
    WriteStringV2(w, e.path);
    if (!same_path) WriteStringV2(w, e.old_path);
    if (m.kind != ContainerKind::kFile) {
      if (e.op != EntryOp::kAdd) {
        WriteVarint(w, e.old_size);
        w.WriteBytes(e.old_sha256);
      }
      if (e.op != EntryOp::kRemove) {
        WriteVarint(w, e.new_size);
        w.WriteBytes(e.new_sha256);
      }
    }
    WriteVarint(w, e.stream == kNoStream ? 0 : uint64_t{e.stream} + 1);
    WriteStringV2(w, e.note);
  }
  WriteVarint(w, m.streams.size());
  for (const StreamInfo& s : m.streams) {
    w.WriteU8(static_cast<uint8_t>(s.codec));
    WriteVarint(w, s.stored_size);
    if (s.codec != StreamCodec::kRaw) WriteVarint(w, s.raw_size);
    if (stream_digests) w.WriteBytes(s.sha256);
  }
  if (!stream_digests) w.WriteBytes(check);
  return w.Release();
}

}  // namespace suture::diff

// Patch bundle formats v2, v3 and v4 (compact: varint sizes, digests only
// where they carry information; v4 without a digest per stream): header and
// manifest decoding. Byte layout:
// docs/format.md; the writer is diff-engine/create/src/bundle/bundle_writer_v2.cc.
#include <string>

#include "bundle_internal.h"
#include "suture/apply/varint.h"

namespace suture::diff {
namespace {

constexpr uint8_t kKnownFlagsV2 = kBundleFlagSigned;
// Entry flag: old_path equals path and is not stored.
constexpr uint8_t kEntryOldPathIsPath = 1;
// Smallest encoded entry (op, method, flags, empty path, stream, empty
// note) and stream record (codec, stored size, digest): bounds the counts.
constexpr uint64_t kMinEntryBytesV2 = 6;
constexpr uint64_t kMinStreamBytesV2 = 1 + 1 + 32;
constexpr uint64_t kMinStreamBytesV4 = 1 + 1;

Status ReadStringV2(ByteReader& r, uint32_t max_len, const char* field, std::string* out) {
  uint64_t len = 0;
  SUTURE_RETURN_IF_ERROR(ReadVarint(r, field, &len));
  return TakeString(r, len, max_len, field, out);
}

Status ReadDigestV2(ByteReader& r, const char* field, Sha256Digest* out) {
  return r.ReadInto(std::span<uint8_t>(out->data(), out->size())).WithContext(field);
}

// Stream index + 1, 0 for none.
Status ReadStreamRef(ByteReader& r, const char* field, uint32_t* out) {
  uint32_t v = 0;
  SUTURE_RETURN_IF_ERROR(ReadVarint32(r, field, &v));
  *out = v == 0 ? kNoStream : v - 1;
  return Status::Ok();
}

Status DecodeEntryV2(ByteReader& r, const BundleLimits& limits, const Manifest& m, BundleEntry* e) {
  uint8_t op = 0, method = 0, flags = 0;
  SUTURE_RETURN_IF_ERROR(r.ReadU8(&op).WithContext("op"));
  SUTURE_RETURN_IF_ERROR(r.ReadU8(&method).WithContext("method"));
  SUTURE_RETURN_IF_ERROR(r.ReadU8(&flags).WithContext("flags"));
  if ((flags & ~kEntryOldPathIsPath) != 0) {
    return Status::Corrupt("unknown entry flags " + std::to_string(flags));
  }
  e->op = static_cast<EntryOp>(op);
  e->method = static_cast<PatchMethod>(method);
  SUTURE_RETURN_IF_ERROR(ReadStringV2(r, limits.max_string, "path", &e->path));
  if ((flags & kEntryOldPathIsPath) != 0) {
    e->old_path = e->path;
  } else {
    SUTURE_RETURN_IF_ERROR(ReadStringV2(r, limits.max_string, "old path", &e->old_path));
  }
  if (m.kind == ContainerKind::kFile) {
    // The plain file's entry is the whole input: sizes and digests are the
    // manifest's base and target, not repeated.
    e->old_size = m.base_size;
    e->old_sha256 = m.base_fingerprint;
    e->new_size = m.target_size;
    e->new_sha256 = m.target_sha256;
  } else {
    if (e->op != EntryOp::kAdd) {
      SUTURE_RETURN_IF_ERROR(ReadVarint(r, "old size", &e->old_size));
      SUTURE_RETURN_IF_ERROR(ReadDigestV2(r, "old sha256", &e->old_sha256));
    }
    if (e->op != EntryOp::kRemove) {
      SUTURE_RETURN_IF_ERROR(ReadVarint(r, "new size", &e->new_size));
      SUTURE_RETURN_IF_ERROR(ReadDigestV2(r, "new sha256", &e->new_sha256));
    }
  }
  SUTURE_RETURN_IF_ERROR(ReadStreamRef(r, "stream", &e->stream));
  return ReadStringV2(r, limits.max_string, "note", &e->note);
}

}  // namespace

Status CheckManifestCount(const char* what, uint64_t count, uint64_t limit, uint64_t min_bytes,
                          uint64_t remaining) {
  if (count > limit) {
    return Status::LimitExceeded(std::string(what) + " " + std::to_string(count) +
                                 " exceeds limit " + std::to_string(limit));
  }
  if (count * min_bytes > remaining) {
    return Status::Corrupt(std::string(what) + " " + std::to_string(count) + " cannot fit in " +
                           std::to_string(remaining) + " remaining manifest bytes");
  }
  return Status::Ok();
}

StatusOr<BundleHeaderFields> ReadHeaderV2(ByteView bytes, const BundleLimits& limits) {
  ByteReader r(bytes);
  BundleHeaderFields h;
  uint8_t flags = 0;
  uint64_t manifest_size = 0;
  if (!r.Skip(10).ok() || !r.ReadU8(&flags).ok()) {
    return Status::Corrupt("header: file is " + std::to_string(bytes.size()) +
                           " bytes, shorter than the header");
  }
  if ((flags & ~kKnownFlagsV2) != 0) {
    return Status::Corrupt("header: unknown flags 0x" + ToHex(ByteView(&flags, 1)));
  }
  h.is_signed = (flags & kBundleFlagSigned) != 0;
  SUTURE_RETURN_IF_ERROR(ReadVarint(r, "header: manifest size", &manifest_size));
  SUTURE_RETURN_IF_ERROR(ReadVarint(r, "header: payload size", &h.payload_size));
  if (manifest_size > limits.max_manifest_size) {
    return Status::LimitExceeded("header: manifest size " + std::to_string(manifest_size) +
                                 " exceeds limit " + std::to_string(limits.max_manifest_size));
  }
  if (h.payload_size > limits.max_payload_size) {
    return Status::LimitExceeded("header: payload size " + std::to_string(h.payload_size) +
                                 " exceeds limit " + std::to_string(limits.max_payload_size));
  }
  h.manifest_size = static_cast<uint32_t>(manifest_size);
  h.header_size = static_cast<uint32_t>(r.offset());
  return h;
}

Status DecodeManifestV2(ByteView bytes, const BundleLimits& limits, uint16_t version,
                        Manifest* m) {
  const bool stream_digests = version < kBundleFormatVersionV4;
  ByteReader r(bytes);
  SUTURE_RETURN_IF_ERROR(ReadStringV2(r, limits.max_string, "app id", &m->app_id));
  SUTURE_RETURN_IF_ERROR(
      ReadStringV2(r, limits.max_string, "target build id", &m->target_build_id));
  SUTURE_RETURN_IF_ERROR(ReadVarint(r, "patch version", &m->patch_version));
  uint8_t kind = 0;
  SUTURE_RETURN_IF_ERROR(r.ReadU8(&kind).WithContext("container kind"));
  m->kind = static_cast<ContainerKind>(kind);
  SUTURE_RETURN_IF_ERROR(ReadVarint(r, "base size", &m->base_size));
  SUTURE_RETURN_IF_ERROR(ReadDigestV2(r, "base fingerprint", &m->base_fingerprint));
  SUTURE_RETURN_IF_ERROR(ReadVarint(r, "target size", &m->target_size));
  SUTURE_RETURN_IF_ERROR(ReadDigestV2(r, "target sha256", &m->target_sha256));
  SUTURE_RETURN_IF_ERROR(ReadStreamRef(r, "layout stream", &m->layout_stream));

  uint32_t count = 0;
  SUTURE_RETURN_IF_ERROR(ReadVarint32(r, "entry count", &count));
  SUTURE_RETURN_IF_ERROR(CheckManifestCount("entry count", count, limits.max_entries,
                                            kMinEntryBytesV2, r.remaining()));
  m->entries.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    SUTURE_RETURN_IF_ERROR(
        DecodeEntryV2(r, limits, *m, &m->entries[i]).WithContext("entry " + std::to_string(i)));
  }

  SUTURE_RETURN_IF_ERROR(ReadVarint32(r, "stream count", &count));
  SUTURE_RETURN_IF_ERROR(CheckManifestCount(
      "stream count", count, limits.max_streams,
      stream_digests ? kMinStreamBytesV2 : kMinStreamBytesV4, r.remaining()));
  m->streams.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    StreamInfo& s = m->streams[i];
    const std::string where = "stream " + std::to_string(i);
    uint8_t codec = 0;
    SUTURE_RETURN_IF_ERROR(r.ReadU8(&codec).WithContext(where));
    s.codec = static_cast<StreamCodec>(codec);
    SUTURE_RETURN_IF_ERROR(ReadVarint(r, "stored size", &s.stored_size).WithContext(where));
    s.raw_size = s.stored_size;
    if (s.codec != StreamCodec::kRaw) {
      SUTURE_RETURN_IF_ERROR(ReadVarint(r, "raw size", &s.raw_size).WithContext(where));
    }
    if (stream_digests) {
      SUTURE_RETURN_IF_ERROR(ReadDigestV2(r, "sha256", &s.sha256).WithContext(where));
    }
  }
  if (!stream_digests) {
    SUTURE_RETURN_IF_ERROR(r.ReadInto(std::span<uint8_t>(m->payload_check.data(),
                                                         m->payload_check.size()))
                               .WithContext("payload check"));
  }
  if (!r.at_end()) {
    return Status::Corrupt(std::to_string(r.remaining()) + " unexpected bytes at end of manifest");
  }
  return ValidateManifest(*m, limits);
}

}  // namespace suture::diff

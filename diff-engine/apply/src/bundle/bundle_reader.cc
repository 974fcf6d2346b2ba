// Patch bundle reader and verifier (formats v1 and v2; v2's own decoding is
// in bundle_reader_v2.cc): header, manifest decoding and
// validation, signature and stream checks. Byte layout: docs/format.md. The
// writer is diff-engine/create/src/bundle/.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "bundle_internal.h"
#include "suture/apply/bundle.h"
#include "suture/core/path_names.h"
#include "suture/core/utf8.h"
#include "suture/core/zstd_frame.h"

namespace suture::diff {

Status TakeString(ByteReader& r, uint64_t len, uint32_t max_len, const char* field,
                  std::string* out) {
  if (len > max_len) {
    return Status::LimitExceeded(std::string(field) + ": length " + std::to_string(len) +
                                 " exceeds limit " + std::to_string(max_len));
  }
  ByteView b;
  SUTURE_RETURN_IF_ERROR(r.ReadBytes(static_cast<size_t>(len), &b).WithContext(field));
  if (std::memchr(b.data(), 0, b.size()) != nullptr) {
    return Status::Corrupt(std::string(field) + ": contains a NUL byte");
  }
  out->assign(reinterpret_cast<const char*>(b.data()), b.size());
  return Status::Ok();
}

namespace {

constexpr uint32_t kKnownFlags = kBundleFlagSigned;
// Smallest possible encoded entry / stream record: lets the reader reject an
// impossible count before reserving memory for it.
constexpr uint64_t kMinEntryBytes = 1 + 1 + 2 + 4 + 4 + 8 + 32 + 8 + 32 + 4 + 4;
constexpr uint64_t kMinStreamBytes = 1 + 8 + 8 + 32;

std::string EntryWhere(size_t i, const std::string& path) {
  std::string w = "entry " + std::to_string(i);
  if (!path.empty()) w += " (" + path + ")";
  return w;
}

Status ReadString(ByteReader& r, uint32_t max_len, const char* field, std::string* out) {
  uint32_t len = 0;
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&len).WithContext(field));
  return TakeString(r, len, max_len, field, out);
}

Status ReadDigest(ByteReader& r, const char* field, Sha256Digest* out) {
  return r.ReadInto(std::span<uint8_t>(out->data(), out->size())).WithContext(field);
}

// Every str field is UTF-8 (docs/format.md): it ends up in JSON, file names
// and the server's database, where other bytes cannot go.
Status CheckUtf8(std::string_view text, const std::string& field) {
  const std::optional<size_t> bad = FindInvalidUtf8(text);
  if (!bad) return Status::Ok();
  const auto byte = static_cast<uint8_t>(text[*bad]);
  return Status::Corrupt(field + ": not UTF-8 (byte 0x" + ToHex(ByteView(&byte, 1)) +
                         " at offset " + std::to_string(*bad) + ")");
}

// Archive member paths: relative, no "..", no backslashes or drive letters.
Status ValidateEntryPath(const std::string& path) {
  if (path.empty()) return Status::Corrupt("empty path");
  if (path.front() == '/' || path.front() == '\\')
    return Status::Corrupt("absolute path \"" + path + "\"");
  if (path.size() >= 2 && path[1] == ':')
    return Status::Corrupt("drive-letter path \"" + path + "\"");
  if (path.find('\\') != std::string::npos)
    return Status::Corrupt("backslash in path \"" + path + "\"");
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view part(path.data() + start, end - start);
    if (part == "..") return Status::Corrupt("path \"" + path + "\" escapes with ..");
    start = end + 1;
  }
  return Status::Ok();
}

}  // namespace

const char* EntryOpName(EntryOp op) {
  switch (op) {
    case EntryOp::kAdd:
      return "add";
    case EntryOp::kPatch:
      return "patch";
    case EntryOp::kRemove:
      return "remove";
    case EntryOp::kCopy:
      return "copy";
  }
  return "?";
}

const char* PatchMethodName(PatchMethod m) {
  switch (m) {
    case PatchMethod::kNone:
      return "none";
    case PatchMethod::kRaw:
      return "raw";
    case PatchMethod::kGeneric:
      return "generic";
    case PatchMethod::kDex:
      return "dex";
    case PatchMethod::kBsdiff40:
      return "bsdiff40";
  }
  return "?";
}

Status ValidateManifest(const Manifest& m, const BundleLimits& limits) {
  if (m.app_id.empty()) return Status::Corrupt("app id is empty");
  SUTURE_RETURN_IF_ERROR(CheckUtf8(m.app_id, "app id"));
  SUTURE_RETURN_IF_ERROR(CheckUtf8(m.target_build_id, "target build id"));
  // Before any message quotes a path.
  for (size_t i = 0; i < m.entries.size(); ++i) {
    const BundleEntry& e = m.entries[i];
    const std::string where = "entry " + std::to_string(i) + ": ";
    SUTURE_RETURN_IF_ERROR(CheckUtf8(e.path, where + "path"));
    SUTURE_RETURN_IF_ERROR(CheckUtf8(e.old_path, where + "old path"));
    SUTURE_RETURN_IF_ERROR(CheckUtf8(e.note, where + "note"));
  }
  if (m.app_id.size() > limits.max_string || m.target_build_id.size() > limits.max_string) {
    return Status::LimitExceeded("app id or target build id longer than " +
                                 std::to_string(limits.max_string));
  }
  if (m.kind != ContainerKind::kFile && m.kind != ContainerKind::kZip) {
    return Status::Corrupt("unknown container kind " + std::to_string(static_cast<int>(m.kind)));
  }
  if (m.entries.size() > limits.max_entries) {
    return Status::LimitExceeded("entry count " + std::to_string(m.entries.size()) +
                                 " exceeds limit " + std::to_string(limits.max_entries));
  }
  if (m.streams.size() > limits.max_streams) {
    return Status::LimitExceeded("stream count " + std::to_string(m.streams.size()) +
                                 " exceeds limit " + std::to_string(limits.max_streams));
  }
  if (m.kind == ContainerKind::kFile) {
    if (m.entries.size() != 1) {
      return Status::Corrupt("file bundle must have exactly 1 entry, has " +
                             std::to_string(m.entries.size()));
    }
    const BundleEntry& e = m.entries[0];
    if (e.op != EntryOp::kPatch || !e.path.empty()) {
      return Status::Corrupt("entry 0: file bundle entry must be a patch with an empty path");
    }
  }
  if (m.layout_stream != kNoStream) {
    if (m.kind != ContainerKind::kZip) return Status::Corrupt("layout stream in a file bundle");
    if (m.layout_stream >= m.streams.size()) {
      return Status::Corrupt("layout stream index " + std::to_string(m.layout_stream) +
                             " out of range (" + std::to_string(m.streams.size()) + " streams)");
    }
  }
  for (size_t i = 0; i < m.streams.size(); ++i) {
    const StreamInfo& s = m.streams[i];
    std::string where = "stream " + std::to_string(i);
    if (s.codec != StreamCodec::kRaw && s.codec != StreamCodec::kZstd) {
      return Status::Corrupt(where + ": unknown codec " +
                             std::to_string(static_cast<int>(s.codec)));
    }
    if (s.raw_size > limits.max_entry_size) {
      return Status::LimitExceeded(where + ": raw size " + std::to_string(s.raw_size) +
                                   " exceeds limit " + std::to_string(limits.max_entry_size));
    }
    if (s.codec == StreamCodec::kRaw && s.raw_size != s.stored_size) {
      return Status::Corrupt(where + ": raw stream with stored size " +
                             std::to_string(s.stored_size) + " != raw size " +
                             std::to_string(s.raw_size));
    }
  }
  for (size_t i = 0; i < m.entries.size(); ++i) {
    const BundleEntry& e = m.entries[i];
    const std::string where = EntryWhere(i, e.path);
    if (e.old_size > limits.max_entry_size || e.new_size > limits.max_entry_size) {
      return Status::LimitExceeded(where + ": declared size " +
                                   std::to_string(std::max(e.old_size, e.new_size)) +
                                   " exceeds limit " + std::to_string(limits.max_entry_size));
    }
    if (m.kind == ContainerKind::kZip) {
      const std::string& check = e.op == EntryOp::kRemove ? e.old_path : e.path;
      SUTURE_RETURN_IF_ERROR(ValidateEntryPath(check).WithContext(where));
      if (e.op == EntryOp::kPatch || e.op == EntryOp::kCopy) {
        SUTURE_RETURN_IF_ERROR(ValidateEntryPath(e.old_path).WithContext(where + ": old path"));
      }
    }
    bool has_stream = e.stream != kNoStream;
    if (has_stream && e.stream >= m.streams.size()) {
      return Status::Corrupt(where + ": stream index " + std::to_string(e.stream) +
                             " out of range (" + std::to_string(m.streams.size()) + " streams)");
    }
    switch (e.op) {
      case EntryOp::kAdd:
        if (e.method != PatchMethod::kRaw || !has_stream) {
          return Status::Corrupt(where + ": add needs method raw and a stream");
        }
        break;
      case EntryOp::kPatch:
        if (e.method != PatchMethod::kRaw && e.method != PatchMethod::kGeneric &&
            e.method != PatchMethod::kDex && e.method != PatchMethod::kBsdiff40) {
          return Status::Corrupt(where + ": unknown patch method " +
                                 std::to_string(static_cast<int>(e.method)));
        }
        if (!has_stream) return Status::Corrupt(where + ": patch entry without a stream");
        break;
      case EntryOp::kRemove:
      case EntryOp::kCopy:
        if (e.method != PatchMethod::kNone || has_stream) {
          return Status::Corrupt(where + ": remove/copy entries carry no stream");
        }
        break;
      default:
        return Status::Corrupt(where + ": unknown operation " +
                               std::to_string(static_cast<int>(e.op)));
    }
    if (e.method == PatchMethod::kRaw && m.streams[e.stream].raw_size != e.new_size) {
      return Status::Corrupt(where + ": raw stream size " +
                             std::to_string(m.streams[e.stream].raw_size) + " != new size " +
                             std::to_string(e.new_size));
    }
  }
  if (m.kind == ContainerKind::kZip) {
    // The members of the new archive (every entry but removals) become files
    // of a patch folder: no duplicate, and no file that another needs as a
    // folder ("a" beside "a/b").
    std::vector<std::string_view> names;
    std::vector<size_t> entry_of;
    for (size_t i = 0; i < m.entries.size(); ++i) {
      if (m.entries[i].op == EntryOp::kRemove) continue;
      names.push_back(m.entries[i].path);
      entry_of.push_back(i);
    }
    if (const std::optional<PathClash> c = FindPathClash(names)) {
      const size_t a = entry_of[c->a], b = entry_of[c->b];
      if (c->kind == PathClash::Kind::kDuplicate) {
        return Status::Corrupt(EntryWhere(b, m.entries[b].path) + ": duplicate path (also entry " +
                               std::to_string(a) + ")");
      }
      return Status::Corrupt(
          EntryWhere(std::max(a, b), m.entries[std::max(a, b)].path) + ": path clashes with " +
          EntryWhere(std::min(a, b), m.entries[std::min(a, b)].path) + ": \"" + m.entries[b].path +
          "\" needs \"" + m.entries[a].path + "\" as a folder, but it is a file");
    }
  }
  return Status::Ok();
}

namespace {

Status DecodeManifest(ByteView bytes, const BundleLimits& limits, Manifest* m) {
  ByteReader r(bytes);
  SUTURE_RETURN_IF_ERROR(ReadString(r, limits.max_string, "app id", &m->app_id));
  SUTURE_RETURN_IF_ERROR(ReadString(r, limits.max_string, "target build id", &m->target_build_id));
  SUTURE_RETURN_IF_ERROR(r.ReadU64(&m->patch_version).WithContext("patch version"));
  uint8_t kind = 0, pad8 = 0;
  uint16_t pad16 = 0;
  SUTURE_RETURN_IF_ERROR(r.ReadU8(&kind).WithContext("container kind"));
  SUTURE_RETURN_IF_ERROR(r.ReadU8(&pad8).WithContext("reserved"));
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&pad16).WithContext("reserved"));
  if (pad8 != 0 || pad16 != 0) return Status::Corrupt("manifest reserved bytes are not zero");
  m->kind = static_cast<ContainerKind>(kind);
  SUTURE_RETURN_IF_ERROR(r.ReadU64(&m->base_size).WithContext("base size"));
  SUTURE_RETURN_IF_ERROR(ReadDigest(r, "base fingerprint", &m->base_fingerprint));
  SUTURE_RETURN_IF_ERROR(r.ReadU64(&m->target_size).WithContext("target size"));
  SUTURE_RETURN_IF_ERROR(ReadDigest(r, "target sha256", &m->target_sha256));
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&m->layout_stream).WithContext("layout stream"));

  uint32_t count = 0;
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&count).WithContext("entry count"));
  SUTURE_RETURN_IF_ERROR(
      CheckManifestCount("entry count", count, limits.max_entries, kMinEntryBytes, r.remaining()));
  m->entries.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    BundleEntry& e = m->entries[i];
    const std::string where = "entry " + std::to_string(i);
    uint8_t op = 0, method = 0;
    uint16_t reserved = 0;
    SUTURE_RETURN_IF_ERROR(r.ReadU8(&op).WithContext(where));
    SUTURE_RETURN_IF_ERROR(r.ReadU8(&method).WithContext(where));
    SUTURE_RETURN_IF_ERROR(r.ReadU16(&reserved).WithContext(where));
    if (reserved != 0) return Status::Corrupt(where + ": reserved bytes are not zero");
    e.op = static_cast<EntryOp>(op);
    e.method = static_cast<PatchMethod>(method);
    SUTURE_RETURN_IF_ERROR(ReadString(r, limits.max_string, "path", &e.path).WithContext(where));
    SUTURE_RETURN_IF_ERROR(
        ReadString(r, limits.max_string, "old path", &e.old_path).WithContext(where));
    SUTURE_RETURN_IF_ERROR(r.ReadU64(&e.old_size).WithContext(where));
    SUTURE_RETURN_IF_ERROR(ReadDigest(r, "old sha256", &e.old_sha256).WithContext(where));
    SUTURE_RETURN_IF_ERROR(r.ReadU64(&e.new_size).WithContext(where));
    SUTURE_RETURN_IF_ERROR(ReadDigest(r, "new sha256", &e.new_sha256).WithContext(where));
    SUTURE_RETURN_IF_ERROR(r.ReadU32(&e.stream).WithContext(where));
    SUTURE_RETURN_IF_ERROR(ReadString(r, limits.max_string, "note", &e.note).WithContext(where));
  }

  SUTURE_RETURN_IF_ERROR(r.ReadU32(&count).WithContext("stream count"));
  SUTURE_RETURN_IF_ERROR(CheckManifestCount("stream count", count, limits.max_streams,
                                            kMinStreamBytes, r.remaining()));
  m->streams.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    StreamInfo& s = m->streams[i];
    const std::string where = "stream " + std::to_string(i);
    uint8_t codec = 0;
    SUTURE_RETURN_IF_ERROR(r.ReadU8(&codec).WithContext(where));
    s.codec = static_cast<StreamCodec>(codec);
    SUTURE_RETURN_IF_ERROR(r.ReadU64(&s.stored_size).WithContext(where));
    SUTURE_RETURN_IF_ERROR(r.ReadU64(&s.raw_size).WithContext(where));
    SUTURE_RETURN_IF_ERROR(ReadDigest(r, "sha256", &s.sha256).WithContext(where));
  }
  if (!r.at_end()) {
    return Status::Corrupt(std::to_string(r.remaining()) + " unexpected bytes at end of manifest");
  }
  return ValidateManifest(*m, limits);
}

}  // namespace

Bytes BundleSignedMessage(ByteView header_and_manifest) {
  static constexpr char kContext[] = "suture-bundle-v1-signature";
  Bytes msg(kContext, kContext + sizeof(kContext));  // includes the NUL separator
  msg.insert(msg.end(), header_and_manifest.begin(), header_and_manifest.end());
  return msg;
}

Bytes BundleSignedMessageV4(ByteView header_and_manifest, const Sha256Digest& payload_sha256) {
  static constexpr char kContext[] = "suture-bundle-v4-signature";
  Bytes msg(kContext, kContext + sizeof(kContext));  // includes the NUL separator
  msg.insert(msg.end(), header_and_manifest.begin(), header_and_manifest.end());
  msg.insert(msg.end(), payload_sha256.begin(), payload_sha256.end());
  return msg;
}

namespace {

// Format v1: the fixed 32-byte header (magic and version already matched).
StatusOr<BundleHeaderFields> ReadHeaderV1(ByteView bytes, const BundleLimits& limits) {
  ByteReader r(bytes);
  BundleHeaderFields h;
  h.header_size = kBundleHeaderSize;
  uint16_t version = 0, header_size = 0;
  uint32_t flags = 0, reserved = 0;
  if (!r.Skip(8).ok() || !r.ReadU16(&version).ok() || !r.ReadU16(&header_size).ok() ||
      !r.ReadU32(&flags).ok() || !r.ReadU32(&h.manifest_size).ok() || !r.ReadU32(&reserved).ok() ||
      !r.ReadU64(&h.payload_size).ok()) {
    return Status::Corrupt("header: file is " + std::to_string(bytes.size()) +
                           " bytes, shorter than the 32-byte header");
  }
  if (header_size != kBundleHeaderSize) {
    return Status::Corrupt("header: header size " + std::to_string(header_size) + " != 32");
  }
  if ((flags & ~kKnownFlags) != 0) {
    return Status::Corrupt(
        "header: unknown flags 0x" +
        ToHex(AsBytes(std::string_view(reinterpret_cast<const char*>(&flags), 4))));
  }
  if (reserved != 0) return Status::Corrupt("header: reserved field is not zero");
  h.is_signed = (flags & kBundleFlagSigned) != 0;
  if (h.manifest_size > limits.max_manifest_size) {
    return Status::LimitExceeded("header: manifest size " + std::to_string(h.manifest_size) +
                                 " exceeds limit " + std::to_string(limits.max_manifest_size));
  }
  if (h.payload_size > limits.max_payload_size) {
    return Status::LimitExceeded("header: payload size " + std::to_string(h.payload_size) +
                                 " exceeds limit " + std::to_string(limits.max_payload_size));
  }
  return h;
}

}  // namespace

StatusOr<Bundle> Bundle::Parse(ByteView bytes, const BundleLimits& limits) {
  ByteReader r(bytes);
  ByteView magic;
  if (!r.ReadBytes(8, &magic).ok()) {
    return Status::Corrupt("header: file is " + std::to_string(bytes.size()) +
                           " bytes, shorter than the header");
  }
  if (std::memcmp(magic.data(), kBundleMagic, 8) != 0) {
    return Status::Corrupt("header: bad magic (not a Suture patch bundle)");
  }
  Bundle b;
  b.bytes_ = bytes;
  b.max_entry_size_ = limits.max_entry_size;
  if (!r.ReadU16(&b.version_).ok()) {
    return Status::Corrupt("header: file is " + std::to_string(bytes.size()) +
                           " bytes, shorter than the header");
  }
  StatusOr<BundleHeaderFields> header =
      Status::Unsupported("header: format version " + std::to_string(b.version_) +
                          " is not supported (this reader supports 1, 2, 3 and 4)");
  if (b.version_ == kBundleFormatVersionV1) header = ReadHeaderV1(bytes, limits);
  // v3 and v4 have v2's layout (v3 differs in what its streams may hold, v4
  // in the stream records and the payload check).
  if (b.version_ >= kBundleFormatVersionV2 && b.version_ <= kBundleFormatVersionV4) {
    header = ReadHeaderV2(bytes, limits);
  }
  if (!header.ok()) return header.status();
  b.signed_ = header->is_signed;
  b.header_size_ = header->header_size;
  b.manifest_size_ = header->manifest_size;
  const uint64_t payload_size = header->payload_size;
  // Exact file size: header + manifest + payload (+ signature block).
  uint64_t expected = uint64_t{b.header_size_} + b.manifest_size_ + payload_size +
                      (b.signed_ ? kSignatureBlockSize : 0);
  if (expected != bytes.size()) {
    return Status::Corrupt("header: declared sizes add up to " + std::to_string(expected) +
                           " bytes but the file has " + std::to_string(bytes.size()) +
                           (expected > bytes.size() ? " (truncated)" : " (trailing data)"));
  }
  ByteView manifest_bytes = bytes.subspan(b.header_size_, b.manifest_size_);
  SUTURE_RETURN_IF_ERROR((b.version_ == kBundleFormatVersionV1
                              ? DecodeManifest(manifest_bytes, limits, &b.manifest_)
                              : DecodeManifestV2(manifest_bytes, limits, b.version_, &b.manifest_))
                             .WithContext("manifest"));
  b.payload_offset_ = b.header_size_ + uint64_t{b.manifest_size_};
  uint64_t off = 0;
  b.stream_offsets_.reserve(b.manifest_.streams.size());
  for (size_t i = 0; i < b.manifest_.streams.size(); ++i) {
    const StreamInfo& s = b.manifest_.streams[i];
    if (!RangeFits(off, s.stored_size, payload_size)) {
      return Status::Corrupt("manifest: stream " + std::to_string(i) + " (" +
                             std::to_string(s.stored_size) + " bytes at payload offset " +
                             std::to_string(off) + ") exceeds payload size " +
                             std::to_string(payload_size));
    }
    b.stream_offsets_.push_back(off);
    off += s.stored_size;
  }
  if (off != payload_size) {
    return Status::Corrupt("manifest: streams cover " + std::to_string(off) + " of " +
                           std::to_string(payload_size) + " payload bytes");
  }
  if (b.signed_) {
    ByteReader sr(bytes.subspan(bytes.size() - kSignatureBlockSize));
    ByteView smagic;
    uint16_t alg = 0, size = 0;
    (void)sr.ReadBytes(4, &smagic);
    (void)sr.ReadU16(&alg);
    (void)sr.ReadU16(&size);
    if (std::memcmp(smagic.data(), kSignatureMagic, 4) != 0) {
      return Status::Corrupt("signature block: bad magic");
    }
    if (alg != kSignatureAlgEd25519) {
      return Status::Unsupported("signature block: algorithm " + std::to_string(alg) +
                                 " is not supported (1 = Ed25519)");
    }
    if (size != kSignatureBlockSize) {
      return Status::Corrupt("signature block: size " + std::to_string(size) + " != 104");
    }
    (void)sr.ReadInto(b.key_id_);
    (void)sr.ReadInto(b.signature_);
  }
  return b;
}

Status Bundle::VerifySignature(const PublicKey& key) const {
  if (!signed_) return Status::VerifyFailed("signature: bundle is not signed");
  if (key.KeyId() != key_id_) {
    return Status::VerifyFailed("signature: signed by key " + ToHex(key_id_).substr(0, 16) +
                                ", not by the given public key " +
                                ToHex(key.KeyId()).substr(0, 16));
  }
  if (version_ >= kBundleFormatVersionV4) {
    SUTURE_RETURN_IF_ERROR(VerifyStreams());  // the payload check: damage is not a forgery
    Status s = key.Verify(BundleSignedMessageV4(SignedRegion(), PayloadSha256()), signature_);
    if (!s.ok()) {
      return Status::VerifyFailed("signature: does not match header, manifest and payload");
    }
    return Status::Ok();
  }
  Status s = key.Verify(BundleSignedMessage(SignedRegion()), signature_);
  if (!s.ok()) return Status::VerifyFailed("signature: does not match header and manifest");
  return Status::Ok();
}

Sha256Digest Bundle::PayloadSha256() const {
  std::call_once(payload_digest_->once, [this] {
    uint64_t payload = 0;
    for (const StreamInfo& s : manifest_.streams) payload += s.stored_size;
    payload_digest_->value = Sha256(bytes_.subspan(payload_offset_, payload));
  });
  return payload_digest_->value;
}

ByteView Bundle::StoredStream(uint32_t i) const {
  return bytes_.subspan(payload_offset_ + stream_offsets_[i], manifest_.streams[i].stored_size);
}

Status Bundle::VerifyStreams() const {
  if (version_ >= kBundleFormatVersionV4) {
    const Sha256Digest d = PayloadSha256();
    if (!ConstantTimeEquals(ByteView(d.data(), kPayloadCheckSize),
                            ByteView(manifest_.payload_check.data(), kPayloadCheckSize))) {
      return Status::VerifyFailed("payload: check mismatch (the payload is damaged)");
    }
    return Status::Ok();
  }
  for (uint32_t i = 0; i < manifest_.streams.size(); ++i) {
    if (Sha256(StoredStream(i)) != manifest_.streams[i].sha256) {
      return Status::VerifyFailed("stream " + std::to_string(i) + ": SHA-256 mismatch");
    }
  }
  return Status::Ok();
}

StatusOr<Bytes> Bundle::DecodeStream(uint32_t i) const {
  const StreamInfo& s = manifest_.streams[i];
  ByteView stored = StoredStream(i);
  if (s.codec == StreamCodec::kRaw) return Bytes(stored.begin(), stored.end());
  auto out = ZstdDecompress(stored, s.raw_size, {.max_output = max_entry_size_});
  if (!out.ok()) return out.status().WithContext("stream " + std::to_string(i));
  return out;
}

Status Bundle::DecodeStreamTo(uint32_t i, const std::function<Status(ByteView)>& sink) const {
  const StreamInfo& s = manifest_.streams[i];
  ByteView stored = StoredStream(i);
  if (s.codec == StreamCodec::kRaw) {
    constexpr size_t kChunk = 64 * 1024;
    for (size_t off = 0; off < stored.size(); off += kChunk) {
      SUTURE_RETURN_IF_ERROR(sink(stored.subspan(off, std::min(kChunk, stored.size() - off))));
    }
    return Status::Ok();
  }
  // Errors of `sink` come back unchanged; only the codec's get the stream's name.
  Status sink_status;
  Status s_decode =
      ZstdDecompressTo(stored, s.raw_size, {.max_output = max_entry_size_}, [&](ByteView piece) {
        sink_status = sink(piece);
        return sink_status;
      });
  if (!sink_status.ok()) return sink_status;
  return s_decode.WithContext("stream " + std::to_string(i));
}

}  // namespace suture::diff

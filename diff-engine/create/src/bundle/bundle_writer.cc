// Patch bundle writer (format v4 by default, v1-v3 on request): payload streams (EncodedStream), manifest encoding
// and the assembled file, signed when a key is given. Byte layout:
// docs/format.md; the reader is diff-engine/apply/src/bundle/bundle_reader.cc.
#include "suture/create/bundle_writer.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "bundle_writer_internal.h"
#include "suture/apply/varint.h"
#include "suture/core/zstd_frame.h"

namespace suture::diff {
namespace {

void WriteString(ByteWriter& w, const std::string& s) {
  w.WriteU32(static_cast<uint32_t>(s.size()));
  w.WriteString(s);
}

}  // namespace

Bytes EncodeManifest(const Manifest& m) {
  ByteWriter w;
  WriteString(w, m.app_id);
  WriteString(w, m.target_build_id);
  w.WriteU64(m.patch_version);
  w.WriteU8(static_cast<uint8_t>(m.kind));
  w.WriteU8(0);
  w.WriteU16(0);
  w.WriteU64(m.base_size);
  w.WriteBytes(m.base_fingerprint);
  w.WriteU64(m.target_size);
  w.WriteBytes(m.target_sha256);
  w.WriteU32(m.layout_stream);
  w.WriteU32(static_cast<uint32_t>(m.entries.size()));
  for (const BundleEntry& e : m.entries) {
    w.WriteU8(static_cast<uint8_t>(e.op));
    w.WriteU8(static_cast<uint8_t>(e.method));
    w.WriteU16(0);
    WriteString(w, e.path);
    WriteString(w, e.old_path);
    w.WriteU64(e.old_size);
    w.WriteBytes(e.old_sha256);
    w.WriteU64(e.new_size);
    w.WriteBytes(e.new_sha256);
    w.WriteU32(e.stream);
    WriteString(w, e.note);
  }
  w.WriteU32(static_cast<uint32_t>(m.streams.size()));
  for (const StreamInfo& s : m.streams) {
    w.WriteU8(static_cast<uint8_t>(s.codec));
    w.WriteU64(s.stored_size);
    w.WriteU64(s.raw_size);
    w.WriteBytes(s.sha256);
  }
  return w.Release();
}


EncodedStream EncodedStream::Encode(ByteView raw, StreamCodec codec, int level) {
  if (codec == StreamCodec::kRaw) return Raw(Bytes(raw.begin(), raw.end()));
  StatusOr<Bytes> frame = ZstdCompress(raw, {.level = level});
  if (!frame.ok() || frame->size() >= raw.size()) {
    return Raw(Bytes(raw.begin(), raw.end()));  // incompressible: store as is
  }
  EncodedStream s;
  s.codec_ = codec;
  s.raw_size_ = raw.size();
  s.stored_ = std::move(*frame);
  s.stored_.shrink_to_fit();
  return s;
}

EncodedStream EncodedStream::Raw(Bytes raw) {
  EncodedStream s;
  s.codec_ = StreamCodec::kRaw;
  s.raw_size_ = raw.size();
  s.stored_ = std::move(raw);
  return s;
}

uint32_t BundleBuilder::AddStream(ByteView raw, StreamCodec codec, int level) {
  return AddEncodedStream(EncodedStream::Encode(raw, codec, level));
}

uint32_t BundleBuilder::AddEncodedStream(EncodedStream stream) {
  StreamInfo info;
  info.codec = stream.codec_;
  info.stored_size = stream.stored_.size();
  info.raw_size = stream.raw_size_;
  info.sha256 = Sha256(stream.stored_);
  manifest_.streams.push_back(info);
  stored_.push_back(std::move(stream.stored_));
  return static_cast<uint32_t>(manifest_.streams.size() - 1);
}

StatusOr<Bytes> BundleBuilder::Finish(const PrivateKey* key) const {
  if (manifest_.streams.size() != stored_.size()) {
    return Status::InvalidArgument("manifest stream table was edited outside AddStream");
  }
  SUTURE_RETURN_IF_ERROR(ValidateManifest(manifest_, BundleLimits{}).WithContext("bundle manifest"));
  return WriteBundle(manifest_, stored_, key, format_version_);
}

StatusOr<Bytes> WriteBundle(const Manifest& m, const std::vector<Bytes>& stored,
                            const PrivateKey* key, uint16_t version) {
  uint64_t payload_size = 0;
  Sha256Hasher hasher;
  for (const Bytes& s : stored) {
    payload_size += s.size();
    if (version == kBundleFormatVersionV4) hasher.Update(s);
  }
  const Sha256Digest payload_sha256 =
      version == kBundleFormatVersionV4 ? hasher.Finish() : Sha256Digest{};
  StatusOr<Bytes> encoded = Status::InvalidArgument(
      "bundle format version " + std::to_string(version) + " cannot be written (1 to 4)");
  if (version == kBundleFormatVersionV1) {
    encoded = EncodeManifest(m);
  } else if (version == kBundleFormatVersionV2 || version == kBundleFormatVersionV3) {
    encoded = EncodeManifestV2(m, version);
  } else if (version == kBundleFormatVersionV4) {
    PayloadCheck check{};
    std::copy_n(payload_sha256.begin(), kPayloadCheckSize, check.begin());
    encoded = EncodeManifestV2(m, version, check);
  }
  if (!encoded.ok()) return encoded.status();
  const Bytes& manifest = *encoded;
  BundleLimits limits;
  if (manifest.size() > limits.max_manifest_size) {
    return Status::LimitExceeded("manifest size " + std::to_string(manifest.size()) +
                                 " exceeds limit " + std::to_string(limits.max_manifest_size));
  }
  ByteWriter w;
  w.WriteBytes(ByteView(reinterpret_cast<const uint8_t*>(kBundleMagic), 8));
  w.WriteU16(version);
  if (version == kBundleFormatVersionV1) {
    w.WriteU16(kBundleHeaderSize);
    w.WriteU32(key != nullptr ? kBundleFlagSigned : 0);
    w.WriteU32(static_cast<uint32_t>(manifest.size()));
    w.WriteU32(0);
    w.WriteU64(payload_size);
  } else {
    w.WriteU8(key != nullptr ? kBundleFlagSigned : 0);
    WriteVarint(w, manifest.size());
    WriteVarint(w, payload_size);
  }
  w.WriteBytes(manifest);
  ByteView signed_region(w.bytes().data(), w.size());
  Sha256Digest key_id{};
  Ed25519Signature sig{};
  if (key != nullptr) {
    Bytes msg = version == kBundleFormatVersionV4
                    ? BundleSignedMessageV4(signed_region, payload_sha256)
                    : BundleSignedMessage(signed_region);
    SUTURE_ASSIGN_OR_RETURN(sig, key->Sign(msg));
    key_id = key->public_key().KeyId();
  }
  for (const Bytes& s : stored) w.WriteBytes(s);
  if (key != nullptr) {
    w.WriteBytes(ByteView(reinterpret_cast<const uint8_t*>(kSignatureMagic), 4));
    w.WriteU16(kSignatureAlgEd25519);
    w.WriteU16(kSignatureBlockSize);
    w.WriteBytes(key_id);
    w.WriteBytes(sig);
  }
  return w.Release();
}

}  // namespace suture::diff

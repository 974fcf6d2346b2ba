// The Suture patch bundle, formats v1 to v4 (spec: docs/format.md): its types and
// the reader/verifier a device uses (target suture::bundle). The writer and
// signer are in suture/create/bundle_writer.h (target suture::bundle_writer).
//
// A bundle is one file: a header, a manifest (what the patch
// applies to and produces, per-entry operations with sizes and SHA-256, and
// a table of payload streams), the payload streams, and an optional Ed25519
// signature block. v1-v3: the manifest holds every stream's SHA-256 and the
// signature covers header + manifest, hence the payload. v4: streams carry no
// digest; the manifest ends with an 8-byte payload check (accidental damage)
// and the signature covers header + manifest + the payload's full SHA-256.
//
// Bundle::Parse validates the whole header and manifest (every count and size
// against BundleLimits, before any allocation sized from the input) and keeps
// a view of the caller's bytes: the bytes must outlive the Bundle. It does not
// hash the payload; VerifyStreams() does that.
//
// Thread-safety: a parsed Bundle is immutable; const methods may be called
// from several threads.
#ifndef SUTURE_APPLY_BUNDLE_H_
#define SUTURE_APPLY_BUNDLE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "suture/core/byte_io.h"
#include "suture/core/crypto.h"
#include "suture/core/status.h"

namespace suture::diff {

inline constexpr char kBundleMagic[8] = {'S', 'U', 'T', 'R', 'P', 'T', 'C', 'H'};
// The version the writer produces by default. v2 (compact: varint sizes,
// no repeated digests) and v3 (v2's layout; its streams may hold generic
// deltas of version 3, one block for small deltas) are read beside v1;
// docs/format.md has them all. A reader that knows a bundle version applies
// everything a writer of that version puts inside.
// v4 (default) is v3 without a SHA-256 per stream: one 8-byte payload check,
// and a signature over the payload's full SHA-256.
inline constexpr uint16_t kBundleFormatVersionV4 = 4;
inline constexpr uint16_t kBundleFormatVersion = kBundleFormatVersionV4;
inline constexpr uint16_t kBundleFormatVersionV3 = 3;
inline constexpr uint16_t kBundleFormatVersionV2 = 2;
inline constexpr uint16_t kBundleFormatVersionV1 = 1;
inline constexpr uint32_t kBundleHeaderSize = 32;  // format v1; v2's header is 13..31 bytes
inline constexpr uint32_t kSignatureBlockSize = 104;
inline constexpr uint32_t kNoStream = 0xFFFFFFFFu;
// Header flags (u32 at offset 12).
inline constexpr uint32_t kBundleFlagSigned = 1u;
// Signature block: magic, algorithm id.
inline constexpr char kSignatureMagic[4] = {'S', 'S', 'I', 'G'};
inline constexpr uint16_t kSignatureAlgEd25519 = 1;

// Every count and size read from a bundle is checked against these before use.
struct BundleLimits {
  uint32_t max_manifest_size = 64u << 20;
  uint32_t max_entries = 1u << 20;
  uint32_t max_streams = 1u << 20;
  uint32_t max_string = 4096;           // app id, build id, path, note
  uint64_t max_payload_size = 4ull << 30;
  uint64_t max_entry_size = 4ull << 30;  // old/new size of one entry, raw size of a stream
};

// What the bundle's base and target are.
enum class ContainerKind : uint8_t {
  kFile = 0,  // one plain file; exactly one entry with empty path
  kZip = 1,   // a ZIP/APK archive; one entry per changed/added/removed/renamed member
};

enum class EntryOp : uint8_t {
  kAdd = 1,     // new member: stream holds its bytes (method kRaw)
  kPatch = 2,   // changed member (or the plain file): stream holds a delta
  kRemove = 3,  // member removed; no stream
  kCopy = 4,    // new member with the same content as old member `old_path`
};

// How an entry's stream turns the old bytes into the new ones.
enum class PatchMethod : uint8_t {
  kNone = 0,      // kRemove, kCopy
  kRaw = 1,       // stream is the new bytes
  kGeneric = 2,   // Suture generic delta (suffix-array matching)
  kDex = 3,       // DEX projection + generic delta
  kBsdiff40 = 4,  // a BSDIFF40 patch (interop)
};

enum class StreamCodec : uint8_t {
  kRaw = 0,
  kZstd = 1,
};

// Stable lower-case names ("patch", "generic", ...) for inspect output and reports.
const char* EntryOpName(EntryOp op);
const char* PatchMethodName(PatchMethod m);

struct BundleEntry {
  EntryOp op = EntryOp::kPatch;
  PatchMethod method = PatchMethod::kNone;
  std::string path;      // new path ("" for ContainerKind::kFile)
  std::string old_path;  // old path for kPatch/kCopy/kRemove (may equal path)
  uint64_t old_size = 0;
  Sha256Digest old_sha256{};
  uint64_t new_size = 0;
  Sha256Digest new_sha256{};
  uint32_t stream = kNoStream;  // index into Manifest::streams
  std::string note;             // human-readable, e.g. DEX fallback reason
};

struct StreamInfo {
  StreamCodec codec = StreamCodec::kZstd;
  uint64_t stored_size = 0;  // bytes in the payload
  uint64_t raw_size = 0;     // bytes after decoding
  Sha256Digest sha256{};     // of the stored bytes (v1-v3; all zero in v4)
};

// v4: the first 8 bytes of the SHA-256 of the whole payload.
inline constexpr size_t kPayloadCheckSize = 8;
using PayloadCheck = std::array<uint8_t, kPayloadCheckSize>;

struct Manifest {
  std::string app_id;
  std::string target_build_id;
  uint64_t patch_version = 0;
  ContainerKind kind = ContainerKind::kFile;
  // The whole old input: its SHA-256 is the base build fingerprint.
  uint64_t base_size = 0;
  Sha256Digest base_fingerprint{};
  // The whole new input (for kZip: the new archive file the patch was made from).
  uint64_t target_size = 0;
  Sha256Digest target_sha256{};
  // kZip only: stream holding the new archive's member order (see
  // docs/format.md, "Archive layout"), or kNoStream. Lets apply rebuild a
  // complete archive while unchanged members cost no per-member bytes.
  uint32_t layout_stream = kNoStream;
  std::vector<BundleEntry> entries;
  std::vector<StreamInfo> streams;
  PayloadCheck payload_check{};  // v4 only: read from the bundle (the writer computes its own)
};

// Checks a manifest against the format's rules and `limits`: counts, sizes,
// stream references, operations and methods, archive member paths (relative,
// no "..", no clash between a file and a folder). The reader runs it on every
// manifest it parses, the writer before it writes one. kCorrupt or
// kLimitExceeded naming the entry or stream.
Status ValidateManifest(const Manifest& m, const BundleLimits& limits);

// What the Ed25519 signature covers. v1-v3: a context string, then header
// (with the signed flag) and manifest. v4: another context string, header,
// manifest and the SHA-256 of the payload (`payload_sha256`, v4 only).
Bytes BundleSignedMessage(ByteView header_and_manifest);
Bytes BundleSignedMessageV4(ByteView header_and_manifest, const Sha256Digest& payload_sha256);

class Bundle {
 public:
  // Validates header and manifest. REQUIRES: `bytes` outlives the Bundle.
  static StatusOr<Bundle> Parse(ByteView bytes, const BundleLimits& limits = {});

  const Manifest& manifest() const { return manifest_; }
  uint16_t format_version() const { return version_; }
  bool is_signed() const { return signed_; }
  // Key id (SHA-256 of the raw public key) recorded in the signature block.
  const Sha256Digest& signer_key_id() const { return key_id_; }

  // kVerifyFailed when unsigned, signed by another key, or the signature does
  // not match header + manifest. v4: the payload is hashed here (once per
  // parsed bundle) and checked against the payload check before the
  // signature, so damage is named as such.
  Status VerifySignature(const PublicKey& key) const;
  // v1-v3: hashes every stream and compares with the manifest (kVerifyFailed
  // names the stream). v4: hashes the payload and compares with the payload
  // check ("payload: check mismatch").
  Status VerifyStreams() const;
  // SHA-256 of all payload bytes (v4's signed message holds it). Computed on
  // the first call and kept (copies of this Bundle share it).
  Sha256Digest PayloadSha256() const;
  // The stored (possibly compressed) bytes of stream i. REQUIRES: i < streams.size().
  ByteView StoredStream(uint32_t i) const;
  // Decodes stream i in memory: allocates its declared raw_size (checked
  // against BundleLimits::max_entry_size by Parse); kCorrupt "stream i: ..."
  // when the stored bytes do not decode to exactly that many.
  StatusOr<Bytes> DecodeStream(uint32_t i) const;
  // Streams the decoded bytes of stream i into `sink` in pieces of at most
  // 128 KiB through a fixed buffer (memory does not grow with the stream).
  // Same failures as DecodeStream, found as decoding goes: by then `sink` has
  // seen a prefix. A non-OK return from `sink` is returned unchanged.
  Status DecodeStreamTo(uint32_t i, const std::function<Status(ByteView)>& sink) const;

  // The bytes the signature covers (header with the signed flag + manifest).
  ByteView SignedRegion() const { return bytes_.subspan(0, header_size_ + manifest_size_); }
  // Bytes of the header (32 for v1, varying for v2) and of the manifest.
  uint32_t header_size() const { return header_size_; }
  uint32_t manifest_size() const { return manifest_size_; }

 private:
  ByteView bytes_;
  Manifest manifest_;
  uint16_t version_ = 0;
  bool signed_ = false;
  uint32_t header_size_ = kBundleHeaderSize;
  uint32_t manifest_size_ = 0;
  uint64_t payload_offset_ = 0;
  uint64_t max_entry_size_ = 0;  // BundleLimits::max_entry_size given to Parse
  std::vector<uint64_t> stream_offsets_;
  Sha256Digest key_id_{};
  Ed25519Signature signature_{};
  struct PayloadDigest {
    std::once_flag once;
    Sha256Digest value{};
  };
  std::shared_ptr<PayloadDigest> payload_digest_ = std::make_shared<PayloadDigest>();
};

}  // namespace suture::diff

#endif  // SUTURE_APPLY_BUNDLE_H_

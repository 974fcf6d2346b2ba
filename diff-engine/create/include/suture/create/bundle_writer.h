// Writing and signing Suture patch bundles, formats v2 and v1 (spec: docs/format.md):
// the build pipeline's half, target suture::bundle_writer. The reader and
// verifier a device uses are in suture/apply/bundle.h.
//
// Thread-safety: EncodedStream is a plain value (Encode may run on several
// threads at once); a BundleBuilder is not synchronized; SignBundle is
// reentrant.
#ifndef SUTURE_CREATE_BUNDLE_WRITER_H_
#define SUTURE_CREATE_BUNDLE_WRITER_H_

#include <cstdint>
#include <vector>

#include "suture/apply/bundle.h"
#include "suture/core/byte_io.h"
#include "suture/core/crypto.h"
#include "suture/core/status.h"

namespace suture::diff {

// A payload stream in the form the bundle stores it. Made only by Encode() or
// Raw(), so codec, stored bytes and raw size always agree. Lets a caller
// compress a stream once (e.g. on a worker thread, or to compare its size with
// a delta) and hand the result to BundleBuilder::AddEncodedStream.
// Thread-safety: a plain value; Encode() may run on several threads at once.
class EncodedStream {
 public:
  EncodedStream() = default;
  // With kZstd: one zstd frame at `level` (content size recorded, no
  // checksum), or `raw` itself with codec kRaw when that frame would not be
  // smaller. With kRaw: a copy of `raw`. Deterministic.
  static EncodedStream Encode(ByteView raw, StreamCodec codec = StreamCodec::kZstd, int level = 19);
  // Takes `raw` as the stored bytes, uncompressed.
  static EncodedStream Raw(Bytes raw);

  StreamCodec codec() const { return codec_; }
  uint64_t raw_size() const { return raw_size_; }
  uint64_t stored_size() const { return stored_.size(); }
  ByteView stored() const { return stored_; }

 private:
  friend class BundleBuilder;
  StreamCodec codec_ = StreamCodec::kRaw;
  uint64_t raw_size_ = 0;
  Bytes stored_;
};

// Builds a bundle. Streams are added first (each returns its index), then
// Finish() serializes header, manifest and payload, and signs when a key is
// given. Output is deterministic for the same inputs.
class BundleBuilder {
 public:
  // Adds `raw` as a stream: AddEncodedStream(EncodedStream::Encode(raw, codec, level)).
  // Returns the stream index for BundleEntry::stream.
  uint32_t AddStream(ByteView raw, StreamCodec codec = StreamCodec::kZstd, int level = 19);
  // Adds a stream encoded beforehand; the bundle bytes are the same as
  // AddStream on the raw bytes with the same codec and level.
  uint32_t AddEncodedStream(EncodedStream stream);
  Manifest& manifest() { return manifest_; }
  // The format to write: kBundleFormatVersion (v4, default), v3, v2 or v1
  // (what readers of that version accept; the layout of v3 and v4 is v2's). The streams
  // must hold what that version's readers know (CreatePatch sees to it).
  void set_format_version(uint16_t version) { format_version_ = version; }
  // Fails with kInvalidArgument when the manifest breaks a limit or refers to a
  // stream that does not exist.
  StatusOr<Bytes> Finish(const PrivateKey* key = nullptr) const;

 private:
  Manifest manifest_;
  std::vector<Bytes> stored_;
  uint16_t format_version_ = kBundleFormatVersion;
};

// Returns `bundle` re-serialized with a signature by `key` (an existing
// signature is replaced), in the bundle's own format version. Validates the
// bundle first.
StatusOr<Bytes> SignBundle(ByteView bundle, const PrivateKey& key, const BundleLimits& limits = {});

}  // namespace suture::diff

#endif  // SUTURE_CREATE_BUNDLE_WRITER_H_

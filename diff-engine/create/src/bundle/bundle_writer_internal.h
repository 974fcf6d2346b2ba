// Internals of the bundle writer shared by the writer and the signer.
#ifndef SUTURE_CREATE_SRC_BUNDLE_BUNDLE_WRITER_INTERNAL_H_
#define SUTURE_CREATE_SRC_BUNDLE_BUNDLE_WRITER_INTERNAL_H_

#include <vector>

#include "suture/apply/bundle.h"
#include "suture/core/crypto.h"

namespace suture::diff {

// The manifest in its format v1 wire form (docs/format.md, "Manifest").
Bytes EncodeManifest(const Manifest& m);
// The manifest in its format v2/v3 wire form, or v4's (no stream digests,
// `m.payload_check` at the end); kInvalidArgument when a field v2 leaves out
// does not hold the value the reader derives (bundle_writer_v2.cc).
StatusOr<Bytes> EncodeManifestV2(const Manifest& m, uint16_t version = kBundleFormatVersionV2);
// SHA-256 of the stored streams back to back: the payload's.
Sha256Digest PayloadSha256(const std::vector<Bytes>& stored);
// The manifest in the wire form of `version` (1 to 4); v4's payload check is
// taken from `stored`.
StatusOr<Bytes> EncodeManifestFor(const Manifest& m, uint16_t version,
                                  const std::vector<Bytes>& stored);
// Header of `version` + manifest + stored streams (+ signature block when
// `key` is given).
StatusOr<Bytes> AssembleBundle(const Bytes& manifest, const std::vector<Bytes>& stored,
                               uint64_t payload_size, const PrivateKey* key,
                               uint16_t version = kBundleFormatVersion);

}  // namespace suture::diff

#endif  // SUTURE_CREATE_SRC_BUNDLE_BUNDLE_WRITER_INTERNAL_H_

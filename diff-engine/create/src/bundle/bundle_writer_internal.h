// Internals of the bundle writer shared by the writer and the signer.
#ifndef SUTURE_CREATE_SRC_BUNDLE_BUNDLE_WRITER_INTERNAL_H_
#define SUTURE_CREATE_SRC_BUNDLE_BUNDLE_WRITER_INTERNAL_H_

#include <vector>

#include "suture/apply/bundle.h"
#include "suture/core/crypto.h"

namespace suture::diff {

// The manifest in its format v1 wire form (docs/format.md, "Manifest").
Bytes EncodeManifest(const Manifest& m);
// The manifest in its format v2 wire form; kInvalidArgument when a field v2
// leaves out does not hold the value the reader derives (bundle_writer_v2.cc).
StatusOr<Bytes> EncodeManifestV2(const Manifest& m);
// The manifest in the wire form of `version` (1 or 2).
StatusOr<Bytes> EncodeManifestFor(const Manifest& m, uint16_t version);
// Header of `version` + manifest + stored streams (+ signature block when
// `key` is given).
StatusOr<Bytes> AssembleBundle(const Bytes& manifest, const std::vector<Bytes>& stored,
                               uint64_t payload_size, const PrivateKey* key,
                               uint16_t version = kBundleFormatVersion);

}  // namespace suture::diff

#endif  // SUTURE_CREATE_SRC_BUNDLE_BUNDLE_WRITER_INTERNAL_H_

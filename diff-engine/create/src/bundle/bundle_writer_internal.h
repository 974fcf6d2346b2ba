// Internals of the bundle writer shared by the writer and the signer.
#ifndef SUTURE_CREATE_SRC_BUNDLE_BUNDLE_WRITER_INTERNAL_H_
#define SUTURE_CREATE_SRC_BUNDLE_BUNDLE_WRITER_INTERNAL_H_

#include <vector>

#include "suture/apply/bundle.h"
#include "suture/core/crypto.h"

namespace suture::diff {

// The manifest in its wire form (docs/format.md, "Manifest").
Bytes EncodeManifest(const Manifest& m);
// Header + manifest + stored streams (+ signature block when `key` is given).
StatusOr<Bytes> AssembleBundle(const Bytes& manifest, const std::vector<Bytes>& stored,
                               uint64_t payload_size, const PrivateKey* key);

}  // namespace suture::diff

#endif  // SUTURE_CREATE_SRC_BUNDLE_BUNDLE_WRITER_INTERNAL_H_

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
// `check` at the end); kInvalidArgument when a field v2 leaves out does not
// hold the value the reader derives (bundle_writer_v2.cc).
StatusOr<Bytes> EncodeManifestV2(const Manifest& m, uint16_t version,
                                 const PayloadCheck& check = {});
// The whole bundle of `version` (1 to 4): header, manifest, the stored
// streams, and the signature block when `key` is given. A v4 payload is
// hashed once, for both its check and its signed message. The builder's
// Finish and SignBundle both end here.
StatusOr<Bytes> WriteBundle(const Manifest& m, const std::vector<Bytes>& stored,
                            const PrivateKey* key, uint16_t version);

}  // namespace suture::diff

#endif  // SUTURE_CREATE_SRC_BUNDLE_BUNDLE_WRITER_INTERNAL_H_

// Internals of the bundle codec shared by its reader, writer and tests.
#ifndef SUTURE_DIFF_SRC_BUNDLE_BUNDLE_INTERNAL_H_
#define SUTURE_DIFF_SRC_BUNDLE_BUNDLE_INTERNAL_H_

#include <vector>

#include "suture/diff/bundle.h"

namespace suture::diff {

// Archive member paths: relative, no "..", no backslashes or drive letters.
Status ValidateEntryPath(const std::string& path);
Status ValidateManifest(const Manifest& m, const BundleLimits& limits);
Bytes EncodeManifest(const Manifest& m);
Status DecodeManifest(ByteView bytes, const BundleLimits& limits, Manifest* m);
// Context string + header + manifest: what the Ed25519 signature covers.
Bytes SignedMessage(ByteView header_and_manifest);
StatusOr<Bytes> AssembleBundle(const Bytes& manifest, const std::vector<Bytes>& stored,
                               uint64_t payload_size, const PrivateKey* key);

}  // namespace suture::diff

#endif  // SUTURE_DIFF_SRC_BUNDLE_BUNDLE_INTERNAL_H_

// Internals of the bundle reader shared by the format versions' decoders.
#ifndef SUTURE_APPLY_SRC_BUNDLE_BUNDLE_INTERNAL_H_
#define SUTURE_APPLY_SRC_BUNDLE_BUNDLE_INTERNAL_H_

#include <cstdint>
#include <string>

#include "suture/apply/bundle.h"

namespace suture::diff {

// What a header says, whatever its version.
struct BundleHeaderFields {
  uint32_t header_size = 0;
  uint32_t manifest_size = 0;
  uint64_t payload_size = 0;
  bool is_signed = false;
};

// The `len` string bytes after a length field (either format): at most
// `max_len` (kLimitExceeded), present, no NUL (kCorrupt). Both formats'
// string checks live here, so a rule added here holds for v1 and v2.
Status TakeString(ByteReader& r, uint64_t len, uint32_t max_len, const char* field,
                  std::string* out);

// A count read from a manifest ("entry count", "stream count"): at most
// `limit` (kLimitExceeded), and `count * min_bytes` must fit in `remaining`
// (kCorrupt), so nothing is allocated for an impossible count.
Status CheckManifestCount(const char* what, uint64_t count, uint64_t limit, uint64_t min_bytes,
                          uint64_t remaining);

// Format v2 header (docs/format.md): magic and version already matched.
// Checks flags and limits; kCorrupt / kLimitExceeded prefixed "header: ".
StatusOr<BundleHeaderFields> ReadHeaderV2(ByteView bytes, const BundleLimits& limits);

// Format v2 manifest into *m, then ValidateManifest. Errors name the field.
// `version` 2 or 3: every stream record ends with its SHA-256; 4: no stream
// digest, and the manifest ends with the 8-byte payload check.
Status DecodeManifestV2(ByteView bytes, const BundleLimits& limits, uint16_t version,
                        Manifest* m);

}  // namespace suture::diff

#endif  // SUTURE_APPLY_SRC_BUNDLE_BUNDLE_INTERNAL_H_

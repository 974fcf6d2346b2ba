// Test helper: a bundle with bytes its writer would refuse. The writer checks
// every manifest it writes (UTF-8 text, paths), so a test that needs a signed
// bundle with, say, a target build id that is not UTF-8 writes a valid one
// with a placeholder, overwrites one manifest byte and signs the result again
// the way docs/format.md says (Ed25519 over the context string, header and
// manifest).
#ifndef SUTURE_TESTS_COMMON_MANIFEST_BYTES_H_
#define SUTURE_TESTS_COMMON_MANIFEST_BYTES_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "suture/apply/bundle.h"
#include "suture/core/crypto.h"

namespace suture::test_bytes {

// Sets byte `offset` of the first occurrence of `marker` inside the manifest
// of `bundle` to `value`, then re-signs with `key` (when given; the bundle
// must then be signed). Returns an empty vector when the marker is missing.
inline Bytes RewriteManifestByte(Bytes bundle, std::string_view marker, size_t offset,
                                 uint8_t value, const PrivateKey* key) {
  if (bundle.size() < diff::kBundleHeaderSize) return {};
  uint32_t manifest_size = 0;
  std::memcpy(&manifest_size, bundle.data() + 16, 4);  // little-endian host
  const auto begin = bundle.begin() + diff::kBundleHeaderSize;
  const auto end = begin + manifest_size;
  const auto at = std::search(begin, end, marker.begin(), marker.end());
  if (at == end || offset >= marker.size()) return {};
  *(at + static_cast<ptrdiff_t>(offset)) = value;
  if (key != nullptr) {
    const ByteView region(bundle.data(), diff::kBundleHeaderSize + manifest_size);
    auto sig = key->Sign(diff::BundleSignedMessage(region));
    if (!sig.ok()) return {};
    std::copy(sig->begin(), sig->end(), bundle.end() - 64);
  }
  return bundle;
}

}  // namespace suture::test_bytes

#endif  // SUTURE_TESTS_COMMON_MANIFEST_BYTES_H_

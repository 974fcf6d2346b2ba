// Test helper: a bundle with bytes its writer would refuse. The writer checks
// every manifest it writes (UTF-8 text, paths), so a test that needs a signed
// bundle with, say, a target build id that is not UTF-8 writes a valid one
// with a placeholder, overwrites one manifest byte and signs the result again
// the way docs/format.md says (Ed25519 over the context string, header and
// manifest; v4: and the payload's SHA-256).
#ifndef SUTURE_TESTS_COMMON_MANIFEST_BYTES_H_
#define SUTURE_TESTS_COMMON_MANIFEST_BYTES_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

#include "suture/apply/bundle.h"
#include "suture/core/crypto.h"

namespace suture::test_bytes {

// Sets byte `offset` of the first occurrence of `marker` inside the manifest
// of `bundle` to `value`, then re-signs with `key` (when given; the bundle
// must then be signed). Returns an empty vector when the marker is missing.
// Where the manifest lies: {header size, manifest size} for format v1 (fixed
// 32-byte header, u32 size at 16) and v2 to v4 (varint size at 11); {0, 0} when
// the header does not parse.
inline std::pair<size_t, size_t> ManifestSpan(const Bytes& bundle) {
  if (bundle.size() < 12) return {0, 0};
  const uint16_t version = static_cast<uint16_t>(bundle[8] | (bundle[9] << 8));
  if (version == 1) {
    if (bundle.size() < diff::kBundleHeaderSize) return {0, 0};
    uint32_t manifest_size = 0;
    std::memcpy(&manifest_size, bundle.data() + 16, 4);  // little-endian host
    return {diff::kBundleHeaderSize, manifest_size};
  }
  if (version < 2 || version > 4) return {0, 0};  // v3, v4: v2's layout
  uint64_t size = 0;
  size_t at = 11;
  for (int shift = 0; at < bundle.size() && shift < 64; shift += 7) {
    const uint8_t b = bundle[at++];
    size |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      // Skip payload_size, the header's last field.
      while (at < bundle.size() && (bundle[at] & 0x80) != 0) ++at;
      return {at + 1, static_cast<size_t>(size)};
    }
  }
  return {0, 0};
}

inline Bytes RewriteManifestByte(Bytes bundle, std::string_view marker, size_t offset,
                                 uint8_t value, const PrivateKey* key) {
  const auto [header_size, manifest_size] = ManifestSpan(bundle);
  if (header_size == 0 || header_size > bundle.size() ||
      bundle.size() - header_size < manifest_size) {
    return {};
  }
  const auto begin = bundle.begin() + static_cast<ptrdiff_t>(header_size);
  const auto end = begin + static_cast<ptrdiff_t>(manifest_size);
  const auto at = std::search(begin, end, marker.begin(), marker.end());
  if (at == end || offset >= marker.size()) return {};
  *(at + static_cast<ptrdiff_t>(offset)) = value;
  if (key != nullptr) {
    const ByteView region(bundle.data(), header_size + manifest_size);
    const uint16_t version = static_cast<uint16_t>(bundle[8] | (bundle[9] << 8));
    if (bundle.size() < header_size + manifest_size + diff::kSignatureBlockSize) return {};
    const ByteView payload(bundle.data() + header_size + manifest_size,
                           bundle.size() - header_size - manifest_size -
                               diff::kSignatureBlockSize);
    auto sig = key->Sign(version >= diff::kBundleFormatVersionV4
                             ? diff::BundleSignedMessageV4(region, Sha256(payload))
                             : diff::BundleSignedMessage(region));
    if (!sig.ok()) return {};
    std::copy(sig->begin(), sig->end(), bundle.end() - 64);
  }
  return bundle;
}

}  // namespace suture::test_bytes

#endif  // SUTURE_TESTS_COMMON_MANIFEST_BYTES_H_

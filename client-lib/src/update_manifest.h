// The server's signed check answer (docs/api.md, "check"): parsing and
// verification of untrusted bytes, before the client acts on any of them.
//
// Order: answer size limit -> answer JSON shape -> Ed25519 signature by the
// pinned server key over the exact manifest bytes -> manifest JSON (size
// limit, every field type- and range-checked) -> issued_at / expires_at
// against the clock with a bounded skew allowance -> version not below the
// highest seen -> app id and base fingerprint equal to this install's.
//
// Thread-safety: pure functions.
#ifndef SUTURE_CLIENT_SRC_UPDATE_MANIFEST_H_
#define SUTURE_CLIENT_SRC_UPDATE_MANIFEST_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "suture/client/client.h"
#include "suture/core/crypto.h"

namespace suture::client {

inline constexpr size_t kMaxCheckAnswer = 64 * 1024;
inline constexpr size_t kMaxManifestText = 16 * 1024;

struct UpdateManifest {
  std::string type;  // patch | rollback | none
  uint64_t version = 0;
  int64_t issued_at = 0, expires_at = 0;
  std::string app_id, base_fingerprint;  // fingerprint: 64 lower-case hex
  std::string release_id, patch_id;
  bool already_installed = false;
  uint64_t patch_version = 0;
  std::string target_build_id, target_sha256;
  std::string url;   // absolute http(s) URL or a path starting with "/v1/blobs/"
  uint64_t size = 0;
  std::string sha256;  // of the bundle, 64 lower-case hex
};

struct ManifestExpectations {
  const PublicKey* server_key = nullptr;
  std::string app_id;
  std::string base_fingerprint;
  uint64_t highest_version_seen = 0;
  int64_t now = 0;
  int64_t clock_skew_s = 300;
  uint64_t max_blob_size = 0;
};

// On success *out is the verified manifest. On failure returns the code
// (kManifestSignature, kManifestExpired, kManifestReplayed,
// kManifestMismatch, or kCorrupt / kLimitExceeded for malformed bytes) with a
// message naming the field.
Result VerifyCheckAnswer(std::string_view answer, const ManifestExpectations& want,
                         UpdateManifest* out);

}  // namespace suture::client

#endif  // SUTURE_CLIENT_SRC_UPDATE_MANIFEST_H_

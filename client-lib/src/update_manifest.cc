#include "update_manifest.h"

#include <nlohmann/json.hpp>

namespace suture::client {
namespace {

using json = nlohmann::json;

bool IsLowerHex(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool Printable(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

Result Bad(Code code, std::string m) { return Result{code, std::move(m)}; }

// Reads an optional string field of at most `max` printable bytes.
Result GetString(const json& j, const char* key, size_t max, bool required, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return Bad(Code::kCorrupt, std::string("manifest: '") + key + "' missing");
    return {};
  }
  if (!it->is_string()) return Bad(Code::kCorrupt, std::string("manifest: '") + key + "' not a string");
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max || !Printable(s)) {
    return Bad(Code::kCorrupt, std::string("manifest: '") + key + "' too long or not printable");
  }
  *out = s;
  return {};
}

Result GetUint(const json& j, const char* key, bool required, uint64_t* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return Bad(Code::kCorrupt, std::string("manifest: '") + key + "' missing");
    return {};
  }
  if (!it->is_number_unsigned()) {
    return Bad(Code::kCorrupt, std::string("manifest: '") + key + "' not a non-negative integer");
  }
  *out = it->get<uint64_t>();
  return {};
}

Result GetTime(const json& j, const char* key, int64_t* out) {
  uint64_t v = 0;
  Result r = GetUint(j, key, true, &v);
  if (!r.ok()) return r;
  if (v > (1ull << 40)) return Bad(Code::kCorrupt, std::string("manifest: '") + key + "' out of range");
  *out = static_cast<int64_t>(v);
  return {};
}

Result ParseManifest(const std::string& text, UpdateManifest* m) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Bad(Code::kCorrupt, "manifest: not a JSON object");
  Result r;
  if (!(r = GetString(j, "type", 16, true, &m->type)).ok()) return r;
  if (m->type != "patch" && m->type != "rollback" && m->type != "none") {
    return Bad(Code::kCorrupt, "manifest: unknown type '" + m->type + "'");
  }
  if (!(r = GetUint(j, "version", true, &m->version)).ok()) return r;
  if (!(r = GetTime(j, "issued_at", &m->issued_at)).ok()) return r;
  if (!(r = GetTime(j, "expires_at", &m->expires_at)).ok()) return r;
  if (!(r = GetString(j, "app_id", 128, true, &m->app_id)).ok()) return r;
  if (!(r = GetString(j, "base_fingerprint", 64, true, &m->base_fingerprint)).ok()) return r;
  if (m->type == "none") return {};
  if (!(r = GetString(j, "release_id", 32, true, &m->release_id)).ok()) return r;
  if (!(r = GetString(j, "patch_id", 32, true, &m->patch_id)).ok()) return r;
  if (m->type == "rollback") return {};
  if (auto it = j.find("already_installed"); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) return Bad(Code::kCorrupt, "manifest: 'already_installed' not a boolean");
    m->already_installed = it->get<bool>();
  }
  if (!(r = GetUint(j, "patch_version", true, &m->patch_version)).ok()) return r;
  if (!(r = GetString(j, "target_build_id", 4096, false, &m->target_build_id)).ok()) return r;
  if (!(r = GetString(j, "target_sha256", 64, true, &m->target_sha256)).ok()) return r;
  if (!(r = GetString(j, "url", 2048, true, &m->url)).ok()) return r;
  if (!(r = GetUint(j, "size", true, &m->size)).ok()) return r;
  if (!(r = GetString(j, "sha256", 64, true, &m->sha256)).ok()) return r;
  if (!IsLowerHex(m->sha256, 64) || !IsLowerHex(m->target_sha256, 64)) {
    return Bad(Code::kCorrupt, "manifest: 'sha256' / 'target_sha256' not 64 lower-case hex");
  }
  const bool absolute = m->url.starts_with("https://") || m->url.starts_with("http://");
  if (!absolute && !m->url.starts_with("/v1/blobs/")) {
    return Bad(Code::kCorrupt, "manifest: 'url' is neither absolute nor a /v1/blobs/ path");
  }
  return {};
}

}  // namespace

Result VerifyCheckAnswer(std::string_view answer, const ManifestExpectations& want,
                         UpdateManifest* out) {
  if (answer.size() > kMaxCheckAnswer) {
    return Bad(Code::kLimitExceeded, "check answer: larger than " + std::to_string(kMaxCheckAnswer) + " bytes");
  }
  json a = json::parse(answer, nullptr, /*allow_exceptions=*/false);
  if (a.is_discarded() || !a.is_object()) return Bad(Code::kCorrupt, "check answer: not a JSON object");
  auto m = a.find("manifest");
  auto s = a.find("signature");
  if (m == a.end() || !m->is_string() || s == a.end() || !s->is_string()) {
    return Bad(Code::kCorrupt, "check answer: 'manifest' or 'signature' missing or not a string");
  }
  const std::string& text = m->get_ref<const std::string&>();
  if (text.size() > kMaxManifestText) {
    return Bad(Code::kLimitExceeded, "manifest: larger than " + std::to_string(kMaxManifestText) + " bytes");
  }
  Ed25519Signature sig{};
  if (!FromHex(s->get_ref<const std::string&>(), sig).ok()) {
    return Bad(Code::kManifestSignature, "check answer: 'signature' is not 128 hex characters");
  }
  if (want.server_key == nullptr || !want.server_key->valid()) {
    return Bad(Code::kInvalidArgument, "no server public key configured");
  }
  if (!want.server_key->Verify(AsBytes(text), sig).ok()) {
    return Bad(Code::kManifestSignature,
               "manifest: signature does not verify with the pinned server key " +
                   ToHex(want.server_key->KeyId()).substr(0, 16));
  }
  UpdateManifest um;
  Result r = ParseManifest(text, &um);
  if (!r.ok()) return r;
  if (um.issued_at > want.now + want.clock_skew_s) {
    return Bad(Code::kManifestExpired, "manifest: issued_at " + std::to_string(um.issued_at) +
                                           " is in the future (now " + std::to_string(want.now) + ")");
  }
  if (um.expires_at + want.clock_skew_s < want.now) {
    return Bad(Code::kManifestExpired, "manifest: expired at " + std::to_string(um.expires_at) +
                                           " (now " + std::to_string(want.now) + ", skew allowance " +
                                           std::to_string(want.clock_skew_s) + " s)");
  }
  if (um.version < want.highest_version_seen) {
    return Bad(Code::kManifestReplayed, "manifest: version " + std::to_string(um.version) +
                                            " is lower than the highest seen, " +
                                            std::to_string(want.highest_version_seen));
  }
  if (um.app_id != want.app_id) {
    return Bad(Code::kManifestMismatch, "manifest: for app '" + um.app_id + "', not '" + want.app_id + "'");
  }
  if (um.base_fingerprint != want.base_fingerprint) {
    return Bad(Code::kManifestMismatch, "manifest: for base build " + um.base_fingerprint.substr(0, 16) +
                                            ", this install is " + want.base_fingerprint.substr(0, 16));
  }
  if (um.type == "patch" && want.max_blob_size != 0 && um.size > want.max_blob_size) {
    return Bad(Code::kLimitExceeded, "manifest: blob size " + std::to_string(um.size) +
                                         " exceeds limit " + std::to_string(want.max_blob_size));
  }
  *out = std::move(um);
  return {};
}

}  // namespace suture::client

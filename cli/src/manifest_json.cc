#include "manifest_json.h"

#include "suture/core/crypto.h"

namespace suture::cli {

nlohmann::json ManifestJson(const diff::Bundle& b) {
  const auto& m = b.manifest();
  nlohmann::json j;
  j["format_version"] = b.format_version();
  j["app_id"] = m.app_id;
  j["target_build_id"] = m.target_build_id;
  j["patch_version"] = m.patch_version;
  j["kind"] = m.kind == diff::ContainerKind::kZip ? "zip" : "file";
  j["base_size"] = m.base_size;
  j["base_fingerprint"] = ToHex(m.base_fingerprint);
  j["target_size"] = m.target_size;
  j["target_sha256"] = ToHex(m.target_sha256);
  j["signed"] = b.is_signed();
  if (b.is_signed()) j["signer_key_id"] = ToHex(b.signer_key_id());
  j["entries"] = nlohmann::json::array();
  for (const auto& e : m.entries) {
    nlohmann::json je;
    je["op"] = diff::EntryOpName(e.op);
    je["method"] = diff::PatchMethodName(e.method);
    je["path"] = e.path;
    je["old_path"] = e.old_path;
    je["old_size"] = e.old_size;
    je["old_sha256"] = ToHex(e.old_sha256);
    je["new_size"] = e.new_size;
    je["new_sha256"] = ToHex(e.new_sha256);
    if (e.stream != diff::kNoStream) {
      je["stream"] = e.stream;
      je["patch_bytes"] = m.streams[e.stream].stored_size;
    }
    if (!e.note.empty()) je["note"] = e.note;
    j["entries"].push_back(je);
  }
  j["streams"] = nlohmann::json::array();
  uint64_t payload = 0;
  const bool stream_digests = b.format_version() < diff::kBundleFormatVersionV4;
  for (const auto& s : m.streams) {
    payload += s.stored_size;
    nlohmann::json js = {{"codec", s.codec == diff::StreamCodec::kZstd ? "zstd" : "raw"},
                         {"stored_size", s.stored_size},
                         {"raw_size", s.raw_size}};
    if (stream_digests) js["sha256"] = ToHex(s.sha256);  // v4: one payload check instead
    j["streams"].push_back(js);
  }
  j["payload_size"] = payload;
  if (!stream_digests) j["payload_check"] = ToHex(m.payload_check);
  return j;
}

std::string DumpJson(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace suture::cli

// Service: one patch with its bundle's entries (the console's patch page).
// The stored blob is parsed with the bundle library, as `suture inspect`
// does; entries come from the manifest, sizes from the stream table.
#include "service/service.h"

#include <optional>

#include "service/service_internal.h"
#include "suture/apply/bundle.h"
#include "suture/core/file_util.h"

namespace suture::server {
namespace {

constexpr size_t kSignatureCacheEntries = 4096;

}  // namespace

StatusOr<PatchDetail> Service::GetPatchDetail(const Principal& p, const std::string& app_id,
                                              int64_t patch_id) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  auto snap = snapshot();
  auto app = snap->apps.find(app_id);
  if (app == snap->apps.end()) return Status::NotFound("unknown app '" + app_id + "'");
  auto row = snap->patches.find(std::to_string(patch_id));
  if (row == snap->patches.end() || row->second.app_id != app_id) {
    return Status::NotFound("app '" + app_id + "' has no patch " + std::to_string(patch_id));
  }
  const std::string what = "patch " + std::to_string(patch_id);
  SUTURE_ASSIGN_OR_RETURN(std::string path, BlobPath(row->second.blob_sha256));  // fetched on a cluster
  auto mapped = MappedFile::Open(path);
  if (!mapped.ok()) {  // its message names a server path: not for the answer
    return Status::IoError(what + ": cannot read its stored bundle");
  }
  auto bundle = diff::Bundle::Parse(mapped->view());
  if (!bundle.ok()) {
    return Status::Corrupt(what + ": stored bundle: " + bundle.status().message());
  }
  const diff::Manifest& m = bundle->manifest();
  PatchDetail out;
  out.patch = row->second;
  out.kind = m.kind == diff::ContainerKind::kZip ? "zip" : "file";
  out.format_version = bundle->format_version();
  if (bundle->is_signed()) {
    out.signer_key_id = ToHex(bundle->signer_key_id());
    const std::string cache_key =
        row->second.blob_sha256 + ToHex(Sha256(AsBytes(app->second.release_pubkey_pem)));
    std::optional<bool> cached;
    {
      std::lock_guard<std::mutex> lock(signature_cache_mu_);
      if (auto it = signature_cache_.find(cache_key); it != signature_cache_.end()) {
        cached = it->second;
      }
    }
    if (cached) {
      out.signature_valid = *cached;
    } else {
      auto key = PublicKey::FromPem(app->second.release_pubkey_pem);
      out.signature_valid = key.ok() && bundle->VerifySignature(*key).ok();
      std::lock_guard<std::mutex> lock(signature_cache_mu_);
      if (signature_cache_.size() >= kSignatureCacheEntries) signature_cache_.clear();
      signature_cache_[cache_key] = out.signature_valid;
    }
  }
  out.stream_count = m.streams.size();
  for (const diff::StreamInfo& s : m.streams) out.payload_bytes += s.stored_size;
  out.entries.reserve(m.entries.size());
  for (const diff::BundleEntry& e : m.entries) {
    PatchEntryInfo info;
    info.op = diff::EntryOpName(e.op);
    info.method = diff::PatchMethodName(e.method);
    info.path = e.path;
    info.old_path = e.old_path;
    info.old_size = e.old_size;
    info.new_size = e.new_size;
    // Parse checked every stream index against the stream table.
    if (e.stream != diff::kNoStream && e.stream < m.streams.size()) {
      info.has_stream = true;
      info.patch_bytes = m.streams[e.stream].stored_size;
    }
    info.note = e.note;
    out.entries.push_back(std::move(info));
  }
  return out;
}

}  // namespace suture::server

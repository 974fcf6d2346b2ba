// The update cycle (docs/client.md, "State machine"):
//   recover -> sweep -> flush outbox -> check -> verify manifest ->
//   download -> verify blob -> verify bundle -> space check -> merge (worker)
//   -> verify outputs -> fsync -> rename into patches/ -> swap `current`
//   -> report.
// The journal is saved before each step that leaves files behind, so a kill
// at any instant is followed by a resume (download, install) or a redo
// (merge) at the next sync; `current` only ever names a folder that was
// complete and fsynced before it was renamed into patches/.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "client_impl.h"
#include "http.h"
#include "suture/core/file_util.h"
#include "worker.h"

namespace suture::client {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

SyncOutcome Fail(Code code, std::string message) {
  SyncOutcome o;
  o.result = {code, std::move(message)};
  o.outcome = "failed";
  return o;
}

SyncOutcome WithStats(SyncOutcome o, const DownloadStats& s) {
  o.download_attempts = s.attempts;
  o.download_resumes = s.resumes;
  return o;
}

std::string Origin(const std::string& url) {
  // scheme://host[:port] of an absolute URL.
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t slash = url.find('/', scheme + 3);
  return slash == std::string::npos ? url : url.substr(0, slash);
}

// Test fault injection in the host ($SUTURE_CLIENT_FAULT); see docs/client.md.
void MaybeHostFault(const char* point) {
  const char* f = std::getenv("SUTURE_CLIENT_FAULT");
  if (f != nullptr && std::string_view(f) == point) ::raise(SIGKILL);
}

}  // namespace

Status Client::Impl::Recover(Journal* j) {
  if (j->step == "merging") {
    // The merge never finished: its staging folder is swept, the blob kept,
    // and the attempt counts against the patch's merge limit.
    NoteMergeFailure(j, j->blob_sha256);
    j->step = "downloaded";
    j->staging.clear();
    return store.SaveJournal(*j);
  }
  if (j->step != "installing") return Status::Ok();
  // The staging folder was complete and fsynced when the journal said
  // "installing": finish the rename and the pointer swap.
  const std::string staged = store.StagingDir(j->staging);
  const std::string dest = store.PatchDir(j->staging);
  if (!fs::is_directory(dest)) {
    if (!fs::is_directory(staged)) {
      j->step = "downloaded";
      j->staging.clear();
      return store.SaveJournal(*j);
    }
    if (::rename(staged.c_str(), dest.c_str()) != 0)
      return Status::IoError(dest + ": rename failed");
    SUTURE_RETURN_IF_ERROR(FsyncDir(store.Path("patches")));
  }
  CurrentPointer p{j->staging, j->patch_id, j->release_id, j->blob_sha256, j->patch_version};
  SUTURE_RETURN_IF_ERROR(store.SaveCurrent(p));
  // Queued before the journal leaves "installing": a kill in between
  // queues it again with the same id, which the server counts once.
  SUTURE_RETURN_IF_ERROR(Queue("applied", j->release_id, 0,
                               StableEventId(config.device_id, "applied", j->blob_sha256)));
  ::unlink(store.BlobPath(j->blob_sha256).c_str());
  j->step = "idle";
  j->staging.clear();
  j->blob_sha256.clear();
  return store.SaveJournal(*j);
}

int64_t Client::Impl::NowMs() const {
  if (config.clock) return config.clock() * 1000;
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Client::Impl::NoteMergeFailure(Journal* j, const std::string& sha) const {
  const int n = ++j->merge_failures[sha];
  constexpr int64_t kCapMs = 3600 * 1000;
  const int64_t wait = std::min<int64_t>(kCapMs, config.merge_retry_base_ms << std::min(n - 1, 20));
  j->merge_retry_after_ms = NowMs() + wait;
}

SyncOutcome Client::Impl::SyncLocked() {
  std::string note;
  auto jl = store.LoadJournal(&note);
  if (!jl.ok()) return Fail(CodeFromStatus(jl.status()), jl.status().ToString());
  Journal j = std::move(*jl);
  if (Status s = Recover(&j); !s.ok()) return Fail(CodeFromStatus(s), s.ToString());
  auto cur = store.LoadCurrent();
  if (!cur.ok()) return Fail(CodeFromStatus(cur.status()), cur.status().ToString());
  const std::optional<CurrentPointer> current = *cur;
  {
    std::vector<std::string> keep;
    if (current) keep.push_back(current->folder);
    if (!j.previous.folder.empty()) keep.push_back(j.previous.folder);
    auto swept = store.Sweep(j.step == "idle" ? "" : j.blob_sha256, keep);
    if (!swept.ok()) return Fail(CodeFromStatus(swept.status()), swept.status().ToString());
  }
  FlushOutbox(current);

  // check
  const std::string ctx = DeviceContext(current);
  HttpResponse r;
  for (int attempt = 0; attempt < 3; ++attempt) {
    r = PostJson(config.server_url + "/v1/apps/" + config.app_id + "/check", ctx,
                 {"X-Suture-App-Key: " + config.app_key}, config.request_timeout_ms,
                 kMaxCheckAnswer);
    if ((r.status != 0 && r.status < 500 && r.status != 429) || attempt == 2) break;
    ::usleep(static_cast<useconds_t>((config.backoff_base_ms << attempt) * 1000));
  }
  if (r.status == 0) return Fail(Code::kNetwork, "check: " + r.transport_error);
  if (r.status != 200) return Fail(Code::kServer, "check: " + ServerError(r.status, r.body));
  if (config.rewrite_check) config.rewrite_check(&r.body);

  ManifestExpectations want;
  want.server_key = &server_key;
  want.app_id = config.app_id;
  want.base_fingerprint = base_fingerprint;
  want.highest_version_seen = j.highest_version;
  want.now = Now();
  want.clock_skew_s = config.clock_skew_s;
  want.max_blob_size = config.max_blob_size;
  UpdateManifest m;
  if (Result v = VerifyCheckAnswer(r.body, want, &m); !v.ok()) {
    (void)Queue("verify_failed", "", static_cast<int>(v.code));
    FlushOutbox(current);
    return Fail(v.code, v.message);
  }
  if (m.version > j.highest_version) {
    j.highest_version = m.version;
    if (Status s = store.SaveJournal(j); !s.ok()) return Fail(CodeFromStatus(s), s.ToString());
  }
  SyncOutcome o;
  o.patch_id = m.patch_id;
  o.release_id = m.release_id;
  if (m.type == "none") {
    o.outcome = "no_update";
    if (current) o.folder = current->folder;
    return o;
  }
  if (m.type == "rollback") {
    // Drop a download of the patch being withdrawn; remove it if installed,
    // at the next launch (the running app keeps what it loaded).
    if (j.step != "idle" && j.patch_id == m.patch_id) {
      ::unlink(store.PartPath(j.blob_sha256).c_str());
      ::unlink(store.BlobPath(j.blob_sha256).c_str());
      j.step = "idle";
    }
    o.outcome = "no_update";
    if (current && current->patch_id == m.patch_id) {
      j.rollback_folder = current->folder;
      o.outcome = "rollback_scheduled";
      o.folder = current->folder;
    }
    if (Status s = store.SaveJournal(j); !s.ok()) return Fail(CodeFromStatus(s), s.ToString());
    return o;
  }
  o.patch_version = m.patch_version;
  if (current && current->blob_sha256 == m.sha256) {
    o.outcome = "up_to_date";
    o.folder = current->folder;
    FlushOutbox(current);
    return o;
  }
  SyncOutcome applied = ApplyOffered(m, &j, current);
  auto now_current = store.LoadCurrent();
  FlushOutbox(now_current.ok() ? *now_current : current);
  return applied;
}

SyncOutcome Client::Impl::ApplyOffered(const UpdateManifest& m, Journal* j,
                                       const std::optional<CurrentPointer>& current) {
  auto save = [&]() -> Status { return store.SaveJournal(*j); };
  DownloadStats stats;
  for (const auto& bad : j->bad_blobs) {
    if (bad == m.sha256)
      return Fail(Code::kGaveUp, "patch " + m.patch_id + " was rolled back on this device");
  }
  if (j->merge_failures[m.sha256] >= config.max_merge_failures) {
    return Fail(Code::kGaveUp, "patch " + m.patch_id + " failed to merge " +
                                   std::to_string(j->merge_failures[m.sha256]) + " times");
  }
  if (const int failed = j->merge_failures[m.sha256];
      failed > 0 && NowMs() < j->merge_retry_after_ms) {
    SyncOutcome o =
        Fail(Code::kUnavailable,
             "patch " + m.patch_id + " failed to merge " + std::to_string(failed) +
                 " time(s); next try in " +
                 std::to_string((j->merge_retry_after_ms - NowMs() + 999) / 1000) + " s");
    o.outcome = "retry_later";
    o.patch_id = m.patch_id;
    o.release_id = m.release_id;
    return o;
  }
  if (j->step != "idle" && j->blob_sha256 != m.sha256) {
    // The server now offers another patch: drop what was fetched for the old one.
    ::unlink(store.PartPath(j->blob_sha256).c_str());
    ::unlink(store.BlobPath(j->blob_sha256).c_str());
    j->step = "idle";
  }
  const std::string blob = store.BlobPath(m.sha256);
  if (j->step == "idle" || !FileExists(blob)) {
    j->step = "downloading";
    j->patch_id = m.patch_id;
    j->release_id = m.release_id;
    j->blob_sha256 = m.sha256;
    j->blob_size = m.size;
    j->patch_version = m.patch_version;
    if (Status s = save(); !s.ok()) return Fail(CodeFromStatus(s), s.ToString());
  }
  if (!FileExists(blob)) {
    DownloadSpec spec;
    spec.url = m.url.starts_with("/") ? Origin(config.server_url) + m.url : m.url;
    spec.part_path = store.PartPath(m.sha256);
    spec.etag = "\"" + m.sha256 + "\"";
    spec.expected_size = m.size;
    spec.attempts = config.download_attempts;
    spec.backoff_base_ms = config.backoff_base_ms;
    spec.backoff_cap_ms = config.backoff_cap_ms;
    spec.deadline_ms = config.download_deadline_ms;
    spec.stall_ms = config.stall_timeout_ms;
    spec.max_bytes_per_s = config.max_download_bytes_per_s;
    Result d = DownloadResumable(spec, &stats);
    if (!d.ok()) {
      (void)Queue("download_failed", m.release_id, static_cast<int>(d.code));
      return WithStats(Fail(d.code, d.message), stats);
    }
    auto sha = Sha256File(spec.part_path);
    if (!sha.ok()) return Fail(Code::kIoError, sha.status().ToString());
    if (ToHex(*sha) != m.sha256) {
      ::unlink(spec.part_path.c_str());
      (void)Queue("download_failed", m.release_id, static_cast<int>(Code::kBlobMismatch));
      return Fail(Code::kBlobMismatch, "blob: SHA-256 " + ToHex(*sha).substr(0, 16) +
                                           " differs from the manifest's " +
                                           m.sha256.substr(0, 16));
    }
    // Queued durably before the blob is published: a kill in between
    // downloads nothing again (the part is complete) and re-queues the same
    // id; an outbox that cannot be written (a full disk) stops here, so the
    // next sync queues it again.
    if (Status q = Queue("downloaded", m.release_id, 0,
                         StableEventId(config.device_id, "downloaded", m.sha256));
        !q.ok()) {
      return Fail(
          q.message().find("No space") != std::string::npos ? Code::kNoSpace : CodeFromStatus(q),
          "report outbox: " + q.message());
    }
    if (::rename(spec.part_path.c_str(), blob.c_str()) != 0)
      return Fail(Code::kIoError, blob + ": rename failed");
    (void)FsyncDir(store.Path("downloads"));
    j->step = "downloaded";
    if (Status s = save(); !s.ok()) return Fail(CodeFromStatus(s), s.ToString());
  }

  engine::Manifest bm;
  if (Result v = VerifyBundle(m, blob, &bm); !v.ok()) {
    ::unlink(blob.c_str());
    j->step = "idle";
    j->bad_blobs.push_back(m.sha256);
    (void)save();
    (void)Queue("verify_failed", m.release_id, static_cast<int>(v.code));
    return Fail(v.code, v.message);
  }
  auto free_bytes = FreeSpace(store.dir());
  const uint64_t need = MergeSpaceNeeded(bm) + config.space_margin;
  if (free_bytes.ok() && *free_bytes < need) {
    (void)Queue("apply_failed", m.release_id, static_cast<int>(Code::kNoSpace));
    return Fail(Code::kNoSpace, store.dir() + ": " + std::to_string(*free_bytes) +
                                    " bytes free, the merge needs " + std::to_string(need));
  }

  // merge in the worker
  const std::string name = FolderName(m.patch_version, m.sha256);
  const std::string staged = store.StagingDir(name);
  std::error_code ec;
  fs::remove_all(staged, ec);
  fs::create_directories(staged, ec);
  if (ec) return Fail(Code::kIoError, staged + ": " + ec.message());
  j->step = "merging";
  j->staging = name;
  if (Status s = save(); !s.ok()) return Fail(CodeFromStatus(s), s.ToString());
  MergeRequest req;
  req.worker_path = config.worker_path.empty() ? DefaultWorkerPath() : config.worker_path;
  req.base_path = config.base_path;
  req.bundle_path = blob;
  req.out_path = staged + "/patch";
  req.pubkey_path = store.Path("release.pub");
  req.max_data_bytes = MergeMemoryLimit(bm);
  Result merged = RunMergeWorker(req);
  if (merged.ok()) merged = VerifyAndDescribeOutputs(bm, staged);
  if (!merged.ok()) {
    fs::remove_all(staged, ec);
    NoteMergeFailure(j, m.sha256);
    j->step = "downloaded";
    j->staging.clear();
    (void)save();
    (void)Queue("apply_failed", m.release_id, static_cast<int>(merged.code));
    return Fail(merged.code, merged.message);
  }
  MaybeHostFault("kill-after-merge");
  if (Status s = FsyncTree(staged); !s.ok()) return Fail(CodeFromStatus(s), s.ToString());

  // install: the journal first, then rename, then the pointer
  j->step = "installing";
  if (current && current->folder != name) j->previous = *current;
  j->launches_without_ok = 0;
  j->launched_ok = false;
  j->rollback_folder.clear();
  if (Status s = save(); !s.ok()) return Fail(CodeFromStatus(s), s.ToString());
  MaybeHostFault("kill-before-rename");
  if (Status s = Recover(j); !s.ok()) return Fail(CodeFromStatus(s), s.ToString());

  SyncOutcome o;
  o.outcome = "installed";
  o.patch_id = m.patch_id;
  o.release_id = m.release_id;
  o.patch_version = m.patch_version;
  o.folder = name;
  return WithStats(std::move(o), stats);
}

Result Client::Impl::VerifyBundle(const UpdateManifest& m, const std::string& blob_path,
                                  engine::Manifest* out) const {
  auto mapped = MappedFile::Open(blob_path);
  if (!mapped.ok()) return {Code::kIoError, mapped.status().ToString()};
  auto b = engine::Bundle::Parse(mapped->view());
  if (!b.ok()) return {Code::kBundleRejected, "bundle: " + b.status().ToString()};
  if (Status s = b->VerifySignature(release_key); !s.ok()) {
    return {Code::kBundleRejected, "bundle: release signature: " + s.ToString()};
  }
  if (Status s = b->VerifyStreams(); !s.ok())
    return {Code::kBundleRejected, "bundle: " + s.ToString()};
  const engine::Manifest& bm = b->manifest();
  if (bm.app_id != config.app_id) {
    return {Code::kBundleRejected,
            "bundle: for app '" + bm.app_id + "', not '" + config.app_id + "'"};
  }
  if (ToHex(bm.base_fingerprint) != base_fingerprint) {
    return {Code::kBundleRejected, "bundle: base fingerprint " +
                                       ToHex(bm.base_fingerprint).substr(0, 16) +
                                       " is not this install's " + base_fingerprint.substr(0, 16)};
  }
  if (ToHex(bm.target_sha256) != m.target_sha256 || bm.patch_version != m.patch_version) {
    return {Code::kBundleRejected,
            "bundle: target or patch version differs from the signed manifest"};
  }
  *out = bm;
  return {};
}

}  // namespace suture::client

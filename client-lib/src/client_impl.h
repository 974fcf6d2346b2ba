// Client::Impl: the state a Client carries between calls, shared by the
// cycle (sync.cc), launch and status (client.cc) and the installer.
//
// Thread-safety: every member function REQUIRES mu held and, where it touches
// the state folder, the folder's StateLock.
#ifndef SUTURE_CLIENT_SRC_CLIENT_IMPL_H_
#define SUTURE_CLIENT_SRC_CLIENT_IMPL_H_

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine.h"
#include "state_store.h"
#include "suture/client/client.h"
#include "suture/core/crypto.h"
#include "update_manifest.h"

namespace suture::client {

struct Client::Impl {
  Config config;
  StateStore store;
  PublicKey release_key, server_key;
  bool has_server = false;       // enough configuration for Sync()
  std::string base_fingerprint;  // hex SHA-256 of config.base_path
  std::mutex mu;
  std::atomic<bool> push_cancel{false};  // CancelPush(); read by ListenPush

  // Report events the outbox could not take (a full disk): sent with this
  // handle's next report, lost only if the process ends before that.
  std::vector<OutboxEvent> unsaved;

  explicit Impl(Config c) : config(std::move(c)), store(config.state_dir) {}

  int64_t Now() const;    // Unix seconds (config.clock when set)
  int64_t NowMs() const;  // Unix milliseconds (config.clock * 1000 when set)
  // Counts a failed merge of `sha` and sets the time of the next try.
  void NoteMergeFailure(Journal* j, const std::string& sha) const;
  // The device context JSON for check and report.
  std::string DeviceContext(const std::optional<CurrentPointer>& current) const;
  // Queues a report event in the outbox; when the outbox cannot be written
  // keeps it in `unsaved` and returns the write's error.
  Status Queue(const std::string& kind, const std::string& release_id, int code = 0,
               const std::string& event_id = "");
  // DeviceContext() of what `current` names now; takes mu.
  std::string CurrentContext();
  // Sends queued events (best effort: failures leave them queued).
  Result FlushOutbox(const std::optional<CurrentPointer>& current);
  // Finishes an install a crash interrupted after the staging folder was
  // complete (journal step "installing"); other steps are rolled back to
  // what can be resumed.
  Status Recover(Journal* j);
  SyncOutcome SyncLocked();
  // The steps after a verified patch manifest.
  SyncOutcome ApplyOffered(const UpdateManifest& m, Journal* j,
                           const std::optional<CurrentPointer>& current);
  Result VerifyBundle(const UpdateManifest& m, const std::string& blob_path,
                      engine::Manifest* out) const;
};

// Folder name for a patch: "v<patch_version>-<first 16 hex of the blob sha>".
std::string FolderName(uint64_t patch_version, const std::string& blob_sha256);

// Installer (installer.cc).
// Hashes every output of `m` under `out_path` (a file for ContainerKind::kFile,
// a patch folder for kZip) and writes "<folder>/installed.json" listing them.
// kOutputMismatch names the first file that differs.
Result VerifyAndDescribeOutputs(const engine::Manifest& m, const std::string& folder);
// Re-hashes the files listed in "<folder>/installed.json" (at launch).
Result CheckInstalled(const std::string& folder);
// Bytes the merge needs on the state folder's file system.
uint64_t MergeSpaceNeeded(const engine::Manifest& m);
// The merge worker's data limit (RLIMIT_DATA) for a bundle: the apply
// bounds of docs/apply-memory.md with a wide margin, so an input that would
// need more fails the merge cleanly instead of exhausting the phone.
uint64_t MergeMemoryLimit(const engine::Manifest& m);
// Free bytes for an unprivileged writer on the file system of `dir`.
StatusOr<uint64_t> FreeSpace(const std::string& dir);

Code CodeFromStatus(const Status& s);

}  // namespace suture::client

#endif  // SUTURE_CLIENT_SRC_CLIENT_IMPL_H_

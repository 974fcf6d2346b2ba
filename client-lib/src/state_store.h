// The state folder of one install (layout in docs/client.md) and the crash-
// safe records in it:
//   journal.json  the step of the cycle in progress, the highest manifest
//                 version seen, merge-failure counts, launch bookkeeping;
//   outbox.json   report events not yet accepted by the server;
//   current       the installed patch folder (or absent: the clean base).
// Each is replaced whole through WriteFileAtomic (temp file, fsync, rename,
// folder fsync), so after a crash each holds either its old or its new value.
//
// Thread-safety: none; the Client holds its mutex and the folder lock
// (StateLock) around every use.
#ifndef SUTURE_CLIENT_SRC_STATE_STORE_H_
#define SUTURE_CLIENT_SRC_STATE_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "suture/core/status.h"

namespace suture::client {

// The installed patch: the content of `current`.
struct CurrentPointer {
  std::string folder;  // name under patches/
  std::string patch_id, release_id, blob_sha256;
  uint64_t patch_version = 0;
};

// What an install has and where the cycle stands. Unknown fields are dropped.
struct Journal {
  // idle | downloading | downloaded | merging | installing
  std::string step = "idle";
  uint64_t highest_version = 0;
  // The patch the cycle works on (step != idle).
  std::string patch_id, release_id, blob_sha256;
  uint64_t blob_size = 0, patch_version = 0;
  std::string staging;  // merging/installing: folder name under staging/
  // Merge failures per blob SHA-256; at the limit the blob is given up on.
  std::map<std::string, int> merge_failures;
  // Unix ms before which a blob with merge failures is not merged again
  // (Config::merge_retry_base_ms doubling per failure).
  int64_t merge_retry_after_ms = 0;
  // Launch bookkeeping of the installed folder.
  // The install `current` replaced (folder "" = none), kept until `current`
  // launched ok once: safe mode and rollback directives return to it.
  CurrentPointer previous;
  int launches_without_ok = 0;
  bool launched_ok = false;
  std::vector<std::string> bad_blobs;  // rolled back by safe mode: never re-applied
  // A server rollback directive for this installed folder: removed at the
  // next launch_begin (the running app keeps the code it loaded).
  std::string rollback_folder;
};

struct OutboxEvent {
  std::string event_id, kind, release_id;
  int code = 0;  // 0 = none
};

inline constexpr size_t kMaxOutboxEvents = 1000;

class StateStore {
 public:
  explicit StateStore(std::string dir) : dir_(std::move(dir)) {}

  // Creates the folder and its subfolders (patches, staging, downloads).
  Status Init() const;

  const std::string& dir() const { return dir_; }
  std::string Path(const std::string& rel) const { return dir_ + "/" + rel; }
  std::string PatchDir(const std::string& folder) const { return dir_ + "/patches/" + folder; }
  std::string StagingDir(const std::string& name) const { return dir_ + "/staging/" + name; }
  std::string PartPath(const std::string& sha) const { return dir_ + "/downloads/" + sha + ".part"; }
  std::string BlobPath(const std::string& sha) const { return dir_ + "/downloads/" + sha + ".blob"; }

  // A missing journal is a fresh one; an unreadable one is renamed to
  // journal.json.corrupt and replaced by a fresh one (note set).
  StatusOr<Journal> LoadJournal(std::string* note = nullptr) const;
  Status SaveJournal(const Journal& j) const;

  // nullopt: no pointer (the clean base). A pointer naming no folder under
  // patches/ is treated as absent.
  StatusOr<std::optional<CurrentPointer>> LoadCurrent() const;
  Status SaveCurrent(const CurrentPointer& p) const;
  Status ClearCurrent() const;

  StatusOr<std::vector<OutboxEvent>> LoadOutbox() const;
  // Appends (a fresh random event id unless `event_id` is given; an event
  // whose id is already queued is not added twice); past kMaxOutboxEvents
  // the oldest are dropped.
  Status Enqueue(const std::string& kind, const std::string& release_id, int code = 0,
                 const std::string& event_id = "") const;
  Status SaveOutbox(const std::vector<OutboxEvent>& events) const;

  // Removes what a killed cycle can leave behind: everything under staging/,
  // downloads other than `keep_sha`'s part/blob, patch folders other than
  // `keep_folders`, and the hidden temp files of atomic writes. Returns the
  // number of entries removed.
  StatusOr<int> Sweep(const std::string& keep_sha,
                      const std::vector<std::string>& keep_folders) const;

 private:
  std::string dir_;
};

// An exclusive flock() on "<dir>/lock", released by the destructor.
class StateLock {
 public:
  // kResourceExhausted (mapped to Code::kBusy) when another holder exists.
  static StatusOr<StateLock> Acquire(const std::string& dir);
  StateLock(StateLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  StateLock& operator=(StateLock&&) = delete;
  ~StateLock();

 private:
  explicit StateLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// 128 random bits as 32 hex characters (getrandom).
std::string RandomId();
// A deterministic event id (32 hex of SHA-256 over the parts) for one-shot
// events a crash may make the client queue twice: the server deduplicates
// by event id, so the event counts once.
std::string StableEventId(const std::string& device_id, const std::string& kind,
                          const std::string& blob_sha256);

// fsync of every file and folder under `root`, then of `root`'s parent.
Status FsyncTree(const std::string& root);
Status FsyncDir(const std::string& dir);

}  // namespace suture::client

#endif  // SUTURE_CLIENT_SRC_STATE_STORE_H_

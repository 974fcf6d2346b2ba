// The server's metadata store: typed rows over SQLite (tokens, apps, patches,
// releases, device events, 1-minute aggregates). No HTTP types.
//
// Thread-safety: every method is thread-safe; one connection serialized by a
// mutex (SQLite in WAL mode; writes are short transactions).
#ifndef SUTURE_SERVER_STORAGE_STORE_H_
#define SUTURE_SERVER_STORAGE_STORE_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/sqlite_db.h"
#include "suture/core/status.h"

namespace suture::server {

struct TokenRecord {
  int64_t id = 0;
  std::string token_hash;
  std::string role;  // admin | publisher | readonly
  std::string app_id;
  std::string name;
};

struct AppRecord {
  std::string app_id;
  std::string release_pubkey_pem;
  std::string release_key_id;
  std::string app_key;
  int64_t created_at = 0;
};

struct PatchRecord {
  int64_t id = 0;
  std::string app_id;
  std::string blob_sha256;
  int64_t size = 0;
  std::string base_fingerprint;
  int64_t base_size = 0;
  std::string target_build_id;
  std::string target_sha256;
  int64_t target_size = 0;
  int64_t patch_version = 0;
  int64_t created_at = 0;
};

struct ReleaseRecord {
  int64_t id = 0;
  std::string app_id;
  int64_t patch_id = 0;
  std::string spec;   // gray-release Release JSON (its "id" is overridden by `id`)
  std::string state;  // active | paused | halted | rolled_back
  std::string state_reason;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct EventRecord {
  std::string app_id;
  std::string event_id;
  std::string device_id;
  int64_t release_id = 0;
  std::string kind;
  int64_t code = 0;
  int64_t received_at = 0;
};

// One counter cell of the time series.
struct AggregateCell {
  int64_t release_id = 0;
  std::string base_fingerprint;
  int64_t minute = 0;
  std::string metric;
  int64_t code = 0;
  int64_t count = 0;
};

class Store {
 public:
  // Opens <path>, applies migrations.
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& path);

  StatusOr<int64_t> CountTokens();
  StatusOr<int64_t> InsertToken(const TokenRecord& t, int64_t now);
  StatusOr<std::optional<TokenRecord>> FindTokenByHash(const std::string& hash);

  // kAlreadyExists when the app id is taken.
  Status InsertApp(const AppRecord& a);
  StatusOr<std::optional<AppRecord>> GetApp(const std::string& app_id);
  StatusOr<std::vector<AppRecord>> ListApps();

  StatusOr<std::optional<PatchRecord>> FindPatch(const std::string& app_id,
                                                 const std::string& blob_sha256);
  // kAlreadyExists on a duplicate (same blob, or same base + patch version).
  StatusOr<int64_t> InsertPatch(const PatchRecord& p);
  StatusOr<std::optional<PatchRecord>> GetPatch(int64_t id);
  StatusOr<std::vector<PatchRecord>> ListPatches(const std::string& app_id);
  StatusOr<std::vector<std::string>> AllBlobIds();

  // Releases (store_releases.cc). Every change bumps the manifest version in
  // the same transaction; the new version is returned.
  StatusOr<int64_t> InsertRelease(ReleaseRecord& r);  // sets r.id
  StatusOr<int64_t> UpdateRelease(const ReleaseRecord& r);
  StatusOr<std::optional<ReleaseRecord>> GetRelease(int64_t id);
  StatusOr<std::vector<ReleaseRecord>> ListReleases(const std::string& app_id);  // "" = all
  StatusOr<int64_t> ManifestVersion();

  // Inserts the event and adds `cells` in one transaction; returns false (and
  // changes nothing) when (app_id, event_id) was already recorded.
  StatusOr<bool> RecordEvent(const EventRecord& e, const std::vector<AggregateCell>& cells);
  Status AddAggregates(const std::vector<AggregateCell>& cells);
  // Cells of one release (release_id > 0) or one base build (base != ""),
  // minute >= since_minute, ordered by minute.
  StatusOr<std::vector<AggregateCell>> QueryAggregates(int64_t release_id,
                                                       const std::string& base_fingerprint,
                                                       int64_t since_minute);

 private:
  explicit Store(SqliteDb db) : db_(std::move(db)) {}
  Status AddAggregatesLocked(const std::vector<AggregateCell>& cells);
  StatusOr<int64_t> BumpManifestVersionLocked();
  StatusOr<int64_t> ManifestVersionLocked();
  Status Begin();
  Status Commit();
  void Rollback();
  std::mutex mu_;
  SqliteDb db_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_STORAGE_STORE_H_

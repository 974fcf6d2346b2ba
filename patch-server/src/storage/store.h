// The server's metadata store: typed rows (tokens, apps, patches, releases,
// device events, 1-minute aggregates, ...) over one SQL connection: SQLite
// (the embedded default) or PostgreSQL (several instances on one database).
// The statements are written once for both (storage/sql_db.h). No HTTP types.
//
// Every change of apps, patches or releases bumps the metadata ("manifest")
// version in its own transaction and announces it (PostgreSQL NOTIFY), so
// other instances reload (service/service.h, cluster loop).
//
// Thread-safety: every method is thread-safe. SQLite: one connection used by
// one method at a time (WAL mode; writes are short transactions). PostgreSQL:
// a pool of kPgConnections, so reports commit in parallel (and the database
// groups their commits).
#ifndef SUTURE_SERVER_STORAGE_STORE_H_
#define SUTURE_SERVER_STORAGE_STORE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "storage/cluster_link.h"
#include "storage/sql_db.h"
#include "suture/core/status.h"

namespace suture::server {

struct TokenRecord {
  int64_t id = 0;
  std::string token_hash;
  std::string role;  // admin | publisher | readonly
  std::string app_id;
  std::string name;
};

// One row of the audit log (migration 003).
struct AuditRecord {
  int64_t id = 0;
  int64_t at = 0;
  int64_t token_id = 0;
  std::string token_name;  // read side only: tokens.name of token_id
  std::string via;         // api | console
  std::string app_id;
  int64_t release_id = 0;
  std::string action;
  std::string before;  // JSON text, "" when none
  std::string after;
};

// One row of device_sightings (migration 004).
struct SightingRow {
  std::string app_id;
  std::string device_id;
  std::string base_fingerprint;
  std::string context_json;
  int64_t seen_at = 0;
};

// One console session (migration 005): the session id is kept as its
// SHA-256 only.
struct SessionRecord {
  std::string id_hash;  // hex SHA-256 of the cookie value
  std::string csrf;
  int64_t token_id = 0;
  std::string role;  // admin | publisher | readonly
  std::string app_id;
  int64_t created_at = 0;
  int64_t expires_at = 0;
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

// One counter cell of the time series: `count` events by `devices` distinct
// devices. Written as deltas (added to the stored cell); read back as totals.
// Read: devices = -1 when unknown (cells written before migration 002);
// devices_approx when the server fell back to an estimate for the cell.
struct AggregateCell {
  int64_t release_id = 0;
  std::string base_fingerprint;
  int64_t minute = 0;
  std::string metric;
  int64_t code = 0;
  int64_t count = 0;
  int64_t devices = 0;
  bool devices_approx = false;
};

// A lifetime distinct-device set: (release, base build, metric or group).
struct DeviceTotalKey {
  int64_t release_id = 0;
  std::string base_fingerprint;
  std::string metric;
};

// One event of a report with what it adds to (see Store::RecordEvent).
struct EventWrite {
  EventRecord event;
  std::vector<AggregateCell> cells;
  std::vector<DeviceTotalKey> totals;
};

class Store {
 public:
  // Opens `location`, applies the missing migrations: a postgresql:// (or
  // postgres://) URL, else the path of a SQLite file.
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& location);
  static constexpr int kPgConnections = 8;
  // The link to the other instances on the same database; nullptr for
  // SQLite (one process: nothing to share).
  StatusOr<std::unique_ptr<ClusterLink>> OpenClusterLink();
  // Announces `payload` on `channel` to every instance (itself included).
  Status Notify(std::string_view channel, const std::string& payload);

  // ---- blob bytes in the database (store_blobs.cc), PostgreSQL only: the
  // source of truth every instance's local blob cache fills from.
  // Stores the file at `path` as blob `sha256` (1 MiB chunks, one
  // transaction); a no-op when the blob is already stored.
  Status PutBlob(const std::string& sha256, const std::string& path);
  // Hands blob `sha256` to `sink` chunk by chunk, in order. kNotFound when
  // the database has no such blob. The caller verifies the hash.
  Status FetchBlob(const std::string& sha256,
                   const std::function<Status(std::string_view)>& sink);
  // The value of shared secret `name`: `offer` when none was stored yet
  // (PostgreSQL only; the first offer wins, every instance reads it).
  StatusOr<std::string> SharedSecret(const std::string& name, const std::string& offer);

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
  // Undoes InsertPatch when a later step of the same publish failed.
  Status DeletePatch(int64_t id);
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

  // Inserts the event and, in the same transaction, adds each cell's `count`
  // to it plus one device when e.device_id is new to that cell (the cells'
  // `devices` fields are ignored), and joins e.device_id to each lifetime set
  // of `totals` (device_totals + 1 when new). Returns false (and changes
  // nothing) when (app_id, event_id) was already recorded.
  StatusOr<bool> RecordEvent(const EventRecord& e, const std::vector<AggregateCell>& cells,
                             const std::vector<DeviceTotalKey>& totals = {});
  // RecordEvent for every event of `batch`, in ONE transaction (one fsync
  // for a whole report). Returns per event whether it was inserted; false
  // for a duplicate, including a repeat of an earlier event of the batch.
  // On an error nothing of the batch is recorded.
  StatusOr<std::vector<bool>> RecordEvents(const std::vector<EventWrite>& batch);
  // Adds the cells' count and devices deltas (devices_approx is sticky).
  Status AddAggregates(const std::vector<AggregateCell>& cells);
  // Cells of one release (release_id > 0) or one base build (base != ""),
  // minute >= since_minute, ordered by minute.
  StatusOr<std::vector<AggregateCell>> QueryAggregates(int64_t release_id,
                                                       const std::string& base_fingerprint,
                                                       int64_t since_minute);
  // Distinct devices per metric of the lifetime sets of `release_id` (0: the
  // unpatched arm), on `base_fingerprint` ("" = summed over base builds).
  StatusOr<std::map<std::string, int64_t>> QueryDeviceTotals(int64_t release_id,
                                                             const std::string& base_fingerprint);
  // Forgets which devices report cells of minutes < before_minute counted
  // (those minutes are final). Returns the number of rows removed.
  StatusOr<int64_t> PruneDeviceSets(int64_t before_minute);

  // ---- device sightings (store_sightings.cc)
  // Upserts `rows` in one transaction, then deletes rows seen before
  // `drop_before` and all but the newest `keep` rows.
  Status SaveSightings(const std::vector<SightingRow>& rows, int64_t drop_before, int64_t keep);
  // Rows seen at or after `since`, oldest first, at most the newest `limit`.
  StatusOr<std::vector<SightingRow>> LoadSightings(int64_t since, int64_t limit);

  // ---- console sessions (store_sessions.cc)
  // In one transaction: deletes the sessions expired at `now`, then, when
  // `max_sessions` (> 0) are held, the ones nearest to expiry, then inserts
  // `s` (kAlreadyExists-like SQL error on a duplicate hash).
  Status InsertSession(const SessionRecord& s, int64_t now, int64_t max_sessions);
  StatusOr<std::optional<SessionRecord>> FindSession(const std::string& id_hash);
  StatusOr<int64_t> DeleteSession(const std::string& id_hash);  // rows removed (0 or 1)
  // Deletes the sessions with expires_at <= now; returns how many.
  StatusOr<int64_t> PruneSessions(int64_t now);
  StatusOr<int64_t> CountSessions();

  // ---- audit log (store_audit.cc)
  StatusOr<int64_t> InsertAudit(const AuditRecord& a);  // returns the row id
  // Newest first: rows of `app_id` with id < before_id (0 = no bound), at
  // most `limit`.
  StatusOr<std::vector<AuditRecord>> ListAudit(const std::string& app_id, int64_t before_id,
                                               int64_t limit);

 private:
  // One connection of the pool, held (exclusively) while in scope.
  class Conn {
   public:
    Conn(std::unique_lock<std::mutex> lock, SqlDb* db) : lock_(std::move(lock)), db_(db) {}
    SqlDb* operator->() const { return db_; }
    operator SqlDb*() const { return db_; }  // NOLINT: passes to the *Locked helpers

   private:
    std::unique_lock<std::mutex> lock_;
    SqlDb* db_;
  };
  struct Slot {
    std::mutex mu;
    std::unique_ptr<SqlDb> db;
  };

  explicit Store(std::vector<std::unique_ptr<SqlDb>> pool);
  // A free connection, else waits for the next one round-robin.
  Conn Acquire();
  // Counter deltas of one transaction, summed by key (see ApplyCountsLocked).
  struct Counts {
    std::map<std::tuple<int64_t, std::string, int64_t, std::string, int64_t>, AggregateCell> cells;
    std::map<std::tuple<int64_t, std::string, std::string>, int64_t> totals;
  };
  // The helpers below run on the caller's connection `db` (its transaction).
  Status AddAggregatesLocked(SqlDb* db, const std::vector<AggregateCell>& cells);
  Status RecordEventCellsLocked(SqlDb* db, const std::string& device_id,
                                const std::vector<AggregateCell>& cells,
                                const std::vector<DeviceTotalKey>& totals, Counts* counts);
  Status ApplyCountsLocked(SqlDb* db, const Counts& counts);
  StatusOr<int64_t> BumpManifestVersionLocked(SqlDb* db);

  std::vector<std::unique_ptr<Slot>> pool_;  // SQLite: 1; PostgreSQL: kPgConnections
  std::atomic<size_t> next_{0};
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_STORAGE_STORE_H_

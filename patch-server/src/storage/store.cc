#include "storage/store.h"

#include <memory>

#include "storage/migrations.h"
#include "storage/pg_db.h"
#include "storage/sqlite_db.h"

namespace suture::server {
namespace {

constexpr char kPatchCols[] =
    "id, app_id, blob_sha256, size, base_fingerprint, base_size, target_build_id, "
    "target_sha256, target_size, patch_version, created_at";

PatchRecord ReadPatch(const SqlStmt& s) {
  PatchRecord p;
  p.id = s.Int(0);
  p.app_id = s.Text(1);
  p.blob_sha256 = s.Text(2);
  p.size = s.Int(3);
  p.base_fingerprint = s.Text(4);
  p.base_size = s.Int(5);
  p.target_build_id = s.Text(6);
  p.target_sha256 = s.Text(7);
  p.target_size = s.Int(8);
  p.patch_version = s.Int(9);
  p.created_at = s.Int(10);
  return p;
}

AppRecord ReadApp(const SqlStmt& s) {
  return AppRecord{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4)};
}

}  // namespace

bool IsPostgresUrl(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& location) {
  std::unique_ptr<SqlDb> db;
  if (IsPostgresUrl(location)) {
    SUTURE_ASSIGN_OR_RETURN(db, PgDb::Open(location));
    SUTURE_RETURN_IF_ERROR(db->Migrate(EmbeddedPostgresMigrations()).WithContext("postgresql"));
  } else {
    SUTURE_ASSIGN_OR_RETURN(db, SqliteDb::Open(location));
    SUTURE_RETURN_IF_ERROR(db->Migrate(EmbeddedMigrations()).WithContext(location));
  }
  return std::unique_ptr<Store>(new Store(std::move(db)));
}

Status Store::Begin() { return db_->Begin(); }
Status Store::Commit() { return db_->Commit(); }
void Store::Rollback() { db_->Rollback(); }

StatusOr<int64_t> Store::CountTokens() {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db_->Prepare("SELECT COUNT(*) FROM tokens"));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

StatusOr<int64_t> Store::InsertToken(const TokenRecord& t, int64_t now) {
  std::lock_guard<std::mutex> l(mu_);
  SqlValue app = t.app_id.empty() ? SqlValue(nullptr) : SqlValue(t.app_id);
  return db_->RunInt(
      "INSERT INTO tokens (token_hash, role, app_id, name, created_at) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id",
      {t.token_hash, t.role, app, t.name, now});
}

StatusOr<std::optional<TokenRecord>> Store::FindTokenByHash(const std::string& hash) {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s,
      db_->Prepare("SELECT id, token_hash, role, app_id, name FROM tokens WHERE token_hash = ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({hash}));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<TokenRecord>();
  return std::optional<TokenRecord>(TokenRecord{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
}

Status Store::InsertApp(const AppRecord& a) {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_RETURN_IF_ERROR(Begin());
  Status s = db_->Run(
      "INSERT INTO apps (app_id, release_pubkey_pem, release_key_id, app_key, created_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {a.app_id, a.release_pubkey_pem, a.release_key_id, a.app_key, a.created_at}).status();
  if (s.ok()) s = BumpManifestVersionLocked().status();
  if (s.ok()) s = Commit();
  if (!s.ok()) {
    Rollback();
    if (s.code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists("app '" + a.app_id + "' is already registered");
    }
  }
  return s;
}

StatusOr<std::optional<AppRecord>> Store::GetApp(const std::string& app_id) {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s, db_->Prepare("SELECT app_id, release_pubkey_pem, release_key_id, app_key, "
                             "created_at FROM apps WHERE app_id = ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({app_id}));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<AppRecord>();
  return std::optional<AppRecord>(ReadApp(s));
}

StatusOr<std::vector<AppRecord>> Store::ListApps() {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s, db_->Prepare("SELECT app_id, release_pubkey_pem, release_key_id, app_key, "
                             "created_at FROM apps ORDER BY app_id"));
  std::vector<AppRecord> out;
  while (true) {
    SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadApp(s));
  }
  return out;
}

StatusOr<std::optional<PatchRecord>> Store::FindPatch(const std::string& app_id,
                                                      const std::string& blob_sha256) {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db_->Prepare(std::string("SELECT ") + kPatchCols +
                                                 " FROM patches WHERE app_id = ? AND "
                                                 "blob_sha256 = ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({app_id, blob_sha256}));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<PatchRecord>();
  return std::optional<PatchRecord>(ReadPatch(s));
}

StatusOr<int64_t> Store::InsertPatch(const PatchRecord& p) {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_RETURN_IF_ERROR(Begin());
  auto r = db_->RunInt(
      "INSERT INTO patches (app_id, blob_sha256, size, base_fingerprint, base_size, "
      "target_build_id, target_sha256, target_size, patch_version, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {p.app_id, p.blob_sha256, p.size, p.base_fingerprint, p.base_size, p.target_build_id,
       p.target_sha256, p.target_size, p.patch_version, p.created_at});
  Status s = r.status();
  if (s.ok()) s = BumpManifestVersionLocked().status();
  if (s.ok()) s = Commit();
  if (!s.ok()) {
    Rollback();
    if (s.code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists("app '" + p.app_id + "' already has patch version " +
                                   std::to_string(p.patch_version) + " for base " +
                                   p.base_fingerprint);
    }
    return s;
  }
  return *r;
}

Status Store::DeletePatch(int64_t id) {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_RETURN_IF_ERROR(Begin());
  Status s = db_->Run("DELETE FROM patches WHERE id = ?", {id}).status();
  if (s.ok()) s = BumpManifestVersionLocked().status();
  if (s.ok()) s = Commit();
  if (!s.ok()) Rollback();
  return s;
}

StatusOr<std::optional<PatchRecord>> Store::GetPatch(int64_t id) {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s, db_->Prepare(std::string("SELECT ") + kPatchCols + " FROM patches WHERE id = ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({id}));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<PatchRecord>();
  return std::optional<PatchRecord>(ReadPatch(s));
}

StatusOr<std::vector<PatchRecord>> Store::ListPatches(const std::string& app_id) {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db_->Prepare(std::string("SELECT ") + kPatchCols +
                                                 " FROM patches WHERE app_id = ? ORDER BY id"));
  SUTURE_RETURN_IF_ERROR(s.Bind({app_id}));
  std::vector<PatchRecord> out;
  while (true) {
    SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadPatch(s));
  }
  return out;
}

StatusOr<std::vector<std::string>> Store::AllBlobIds() {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db_->Prepare("SELECT DISTINCT blob_sha256 FROM patches"));
  std::vector<std::string> out;
  while (true) {
    SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(s.Text(0));
  }
  return out;
}

StatusOr<bool> Store::RecordEvent(const EventRecord& e, const std::vector<AggregateCell>& cells,
                                  const std::vector<DeviceTotalKey>& totals) {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_RETURN_IF_ERROR(Begin());
  auto n = db_->Run(
      "INSERT INTO events (app_id, event_id, device_id, release_id, kind, code, "
      "received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      {e.app_id, e.event_id, e.device_id, e.release_id, e.kind, e.code, e.received_at});
  if (!n.ok()) {
    Rollback();
    return n.status();
  }
  if (*n == 0) {
    Rollback();
    return false;
  }
  Status s = RecordEventCellsLocked(e.device_id, cells, totals);
  if (s.ok()) s = Commit();
  if (!s.ok()) {
    Rollback();
    return s;
  }
  return true;
}

StatusOr<std::vector<bool>> Store::RecordEvents(const std::vector<EventWrite>& batch) {
  std::vector<bool> inserted;
  inserted.reserve(batch.size());
  if (batch.empty()) return inserted;
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_RETURN_IF_ERROR(Begin());
  Status s = [&]() -> Status {
    for (const EventWrite& w : batch) {
      const EventRecord& e = w.event;
      SUTURE_ASSIGN_OR_RETURN(
          int64_t n,
          db_->Run("INSERT INTO events (app_id, event_id, device_id, release_id, kind, "
                  "code, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  {e.app_id, e.event_id, e.device_id, e.release_id, e.kind, e.code,
                   e.received_at}));
      const bool is_new = n > 0;
      inserted.push_back(is_new);
      // A duplicate adds nothing, exactly as RecordEvent's rollback.
      if (is_new) SUTURE_RETURN_IF_ERROR(RecordEventCellsLocked(e.device_id, w.cells, w.totals));
    }
    return Status::Ok();
  }();
  if (s.ok()) s = Commit();
  if (!s.ok()) {
    Rollback();
    return s;
  }
  return inserted;
}

// Per cell: one INSERT ... ON CONFLICT DO NOTHING into the minute's dedupe set decides whether
// the device is new to the cell; per lifetime set likewise. Reports are a few
// events per device per release, so a handful of indexed statements per event
// is cheap next to the event insert itself.
Status Store::RecordEventCellsLocked(const std::string& device_id,
                                     const std::vector<AggregateCell>& cells,
                                     const std::vector<DeviceTotalKey>& totals) {
  std::vector<AggregateCell> deltas = cells;
  for (AggregateCell& c : deltas) {
    SUTURE_ASSIGN_OR_RETURN(
        int64_t is_new,
        db_->Run("INSERT INTO aggregate_devices (minute, release_id, base_fingerprint, "
                "metric, code, device_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                {c.minute, c.release_id, c.base_fingerprint, c.metric, c.code, device_id}));
    c.devices = is_new;
    c.devices_approx = false;
  }
  SUTURE_RETURN_IF_ERROR(AddAggregatesLocked(deltas));
  for (const DeviceTotalKey& k : totals) {
    SUTURE_ASSIGN_OR_RETURN(
        int64_t is_new,
        db_->Run("INSERT INTO device_seen (release_id, base_fingerprint, metric, "
                "device_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                {k.release_id, k.base_fingerprint, k.metric, device_id}));
    if (is_new == 0) continue;
    SUTURE_ASSIGN_OR_RETURN(
        int64_t changed,
        db_->Run("INSERT INTO device_totals (release_id, base_fingerprint, metric, devices) "
                "VALUES (?, ?, ?, 1) ON CONFLICT (release_id, base_fingerprint, metric) "
                "DO UPDATE SET devices = device_totals.devices + 1",
                {k.release_id, k.base_fingerprint, k.metric}));
    (void)changed;
  }
  return Status::Ok();
}

Status Store::AddAggregates(const std::vector<AggregateCell>& cells) {
  std::lock_guard<std::mutex> l(mu_);
  SUTURE_RETURN_IF_ERROR(Begin());
  Status s = AddAggregatesLocked(cells);
  if (s.ok()) s = Commit();
  if (!s.ok()) Rollback();
  return s;
}

Status Store::AddAggregatesLocked(const std::vector<AggregateCell>& cells) {
  if (cells.empty()) return Status::Ok();
  // devices stays NULL (unknown) in a cell begun before migration 002.
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s,
      db_->Prepare("INSERT INTO aggregates (release_id, base_fingerprint, minute, metric, code, "
                  "count, devices, devices_approx) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (release_id, base_fingerprint, minute, metric, code) DO UPDATE "
                  "SET count = aggregates.count + excluded.count, "
                  "devices = aggregates.devices + excluded.devices, "
                  "devices_approx = CASE WHEN excluded.devices_approx > aggregates.devices_approx "
                  "THEN excluded.devices_approx ELSE aggregates.devices_approx END"));
  for (const AggregateCell& c : cells) {
    s.Reset();
    SUTURE_RETURN_IF_ERROR(s.Bind({c.release_id, c.base_fingerprint, c.minute, c.metric, c.code,
                                   c.count, c.devices, int64_t{c.devices_approx ? 1 : 0}}));
    SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    (void)row;
  }
  return Status::Ok();
}

StatusOr<std::vector<AggregateCell>> Store::QueryAggregates(int64_t release_id,
                                                            const std::string& base_fingerprint,
                                                            int64_t since_minute) {
  std::lock_guard<std::mutex> l(mu_);
  // The primary key makes each (release, base, minute, metric, code) one row.
  std::string sql =
      "SELECT release_id, base_fingerprint, minute, metric, code, count, devices, "
      "devices_approx FROM aggregates WHERE minute >= ?";
  std::vector<SqlValue> params = {since_minute};
  if (release_id > 0) {
    sql += " AND release_id = ?";
    params.emplace_back(release_id);
  }
  if (!base_fingerprint.empty()) {
    sql += " AND base_fingerprint = ?";
    params.emplace_back(base_fingerprint);
  }
  sql += " ORDER BY minute, metric, code, release_id, base_fingerprint";
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db_->Prepare(sql));
  SUTURE_RETURN_IF_ERROR(s.Bind(params));
  std::vector<AggregateCell> out;
  while (true) {
    SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(AggregateCell{s.Int(0), s.Text(1), s.Int(2), s.Text(3), s.Int(4), s.Int(5),
                                s.IsNull(6) ? -1 : s.Int(6), s.Int(7) != 0});
  }
  return out;
}

StatusOr<std::map<std::string, int64_t>> Store::QueryDeviceTotals(
    int64_t release_id, const std::string& base_fingerprint) {
  std::lock_guard<std::mutex> l(mu_);
  std::string sql = "SELECT metric, SUM(devices) FROM device_totals WHERE release_id = ?";
  std::vector<SqlValue> params = {release_id};
  if (!base_fingerprint.empty()) {
    sql += " AND base_fingerprint = ?";
    params.emplace_back(base_fingerprint);
  }
  sql += " GROUP BY metric";
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db_->Prepare(sql));
  SUTURE_RETURN_IF_ERROR(s.Bind(params));
  std::map<std::string, int64_t> out;
  while (true) {
    SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out[s.Text(0)] = s.Int(1);
  }
  return out;
}

StatusOr<int64_t> Store::PruneDeviceSets(int64_t before_minute) {
  std::lock_guard<std::mutex> l(mu_);
  return db_->Run("DELETE FROM aggregate_devices WHERE minute < ?", {before_minute});
}

}  // namespace suture::server

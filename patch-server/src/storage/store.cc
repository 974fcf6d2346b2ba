#include "storage/store.h"

#include <algorithm>
#include <memory>
#include <tuple>

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
  std::vector<std::unique_ptr<SqlDb>> pool;
  if (IsPostgresUrl(location)) {
    for (int i = 0; i < kPgConnections; ++i) {
      SUTURE_ASSIGN_OR_RETURN(std::unique_ptr<PgDb> db, PgDb::Open(location));
      if (i == 0) {
        SUTURE_RETURN_IF_ERROR(
            db->Migrate(EmbeddedPostgresMigrations()).WithContext("postgresql"));
      }
      pool.push_back(std::move(db));
    }
  } else {
    SUTURE_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(location));
    SUTURE_RETURN_IF_ERROR(db->Migrate(EmbeddedMigrations()).WithContext(location));
    pool.push_back(std::move(db));
  }
  return std::unique_ptr<Store>(new Store(std::move(pool)));
}

Store::Store(std::vector<std::unique_ptr<SqlDb>> pool) {
  for (auto& db : pool) {
    pool_.push_back(std::make_unique<Slot>());
    pool_.back()->db = std::move(db);
  }
}

Store::Conn Store::Acquire() {
  const size_t n = pool_.size();
  const size_t start = next_.fetch_add(1, std::memory_order_relaxed);
  for (size_t i = 0; i < n; ++i) {
    Slot& slot = *pool_[(start + i) % n];
    std::unique_lock<std::mutex> lock(slot.mu, std::try_to_lock);
    if (lock.owns_lock()) return Conn(std::move(lock), slot.db.get());
  }
  Slot& slot = *pool_[start % n];
  return Conn(std::unique_lock<std::mutex>(slot.mu), slot.db.get());
}


StatusOr<int64_t> Store::CountTokens() {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db->Prepare("SELECT COUNT(*) FROM tokens"));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

StatusOr<int64_t> Store::InsertToken(const TokenRecord& t, int64_t now) {
  Conn db = Acquire();
  SqlValue app = t.app_id.empty() ? SqlValue(nullptr) : SqlValue(t.app_id);
  return db->RunInt(
      "INSERT INTO tokens (token_hash, role, app_id, name, created_at) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id",
      {t.token_hash, t.role, app, t.name, now});
}

StatusOr<std::optional<TokenRecord>> Store::FindTokenByHash(const std::string& hash) {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s,
      db->Prepare("SELECT id, token_hash, role, app_id, name FROM tokens WHERE token_hash = ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({hash}));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<TokenRecord>();
  return std::optional<TokenRecord>(TokenRecord{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
}

Status Store::InsertApp(const AppRecord& a) {
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Begin());
  Status s = db->Run(
      "INSERT INTO apps (app_id, release_pubkey_pem, release_key_id, app_key, created_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {a.app_id, a.release_pubkey_pem, a.release_key_id, a.app_key, a.created_at}).status();
  if (s.ok()) s = BumpManifestVersionLocked(db).status();
  if (s.ok()) s = db->Commit();
  if (!s.ok()) {
    db->Rollback();
    if (s.code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists("app '" + a.app_id + "' is already registered");
    }
  }
  return s;
}

StatusOr<std::optional<AppRecord>> Store::GetApp(const std::string& app_id) {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s, db->Prepare("SELECT app_id, release_pubkey_pem, release_key_id, app_key, "
                             "created_at FROM apps WHERE app_id = ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({app_id}));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<AppRecord>();
  return std::optional<AppRecord>(ReadApp(s));
}

StatusOr<std::vector<AppRecord>> Store::ListApps() {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s, db->Prepare("SELECT app_id, release_pubkey_pem, release_key_id, app_key, "
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
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db->Prepare(std::string("SELECT ") + kPatchCols +
                                                 " FROM patches WHERE app_id = ? AND "
                                                 "blob_sha256 = ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({app_id, blob_sha256}));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<PatchRecord>();
  return std::optional<PatchRecord>(ReadPatch(s));
}

StatusOr<int64_t> Store::InsertPatch(const PatchRecord& p) {
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Begin());
  auto r = db->RunInt(
      "INSERT INTO patches (app_id, blob_sha256, size, base_fingerprint, base_size, "
      "target_build_id, target_sha256, target_size, patch_version, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {p.app_id, p.blob_sha256, p.size, p.base_fingerprint, p.base_size, p.target_build_id,
       p.target_sha256, p.target_size, p.patch_version, p.created_at});
  Status s = r.status();
  if (s.ok()) s = BumpManifestVersionLocked(db).status();
  if (s.ok()) s = db->Commit();
  if (!s.ok()) {
    db->Rollback();
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
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Begin());
  Status s = db->Run("DELETE FROM patches WHERE id = ?", {id}).status();
  if (s.ok()) s = BumpManifestVersionLocked(db).status();
  if (s.ok()) s = db->Commit();
  if (!s.ok()) db->Rollback();
  return s;
}

StatusOr<std::optional<PatchRecord>> Store::GetPatch(int64_t id) {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s, db->Prepare(std::string("SELECT ") + kPatchCols + " FROM patches WHERE id = ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({id}));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<PatchRecord>();
  return std::optional<PatchRecord>(ReadPatch(s));
}

StatusOr<std::vector<PatchRecord>> Store::ListPatches(const std::string& app_id) {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db->Prepare(std::string("SELECT ") + kPatchCols +
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
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db->Prepare("SELECT DISTINCT blob_sha256 FROM patches"));
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
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Begin());
  auto n = db->Run(
      "INSERT INTO events (app_id, event_id, device_id, release_id, kind, code, "
      "received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      {e.app_id, e.event_id, e.device_id, e.release_id, e.kind, e.code, e.received_at});
  if (!n.ok()) {
    db->Rollback();
    return n.status();
  }
  if (*n == 0) {
    db->Rollback();
    return false;
  }
  Counts counts;
  Status s = RecordEventCellsLocked(db, e.device_id, cells, totals, &counts);
  if (s.ok()) s = ApplyCountsLocked(db, counts);
  if (s.ok()) s = db->Commit();
  if (!s.ok()) {
    db->Rollback();
    return s;
  }
  return true;
}

StatusOr<std::vector<bool>> Store::RecordEvents(const std::vector<EventWrite>& batch) {
  std::vector<bool> inserted;
  inserted.reserve(batch.size());
  if (batch.empty()) return inserted;
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Begin());
  Counts counts;
  Status s = [&]() -> Status {
    for (const EventWrite& w : batch) {
      const EventRecord& e = w.event;
      SUTURE_ASSIGN_OR_RETURN(
          int64_t n,
          db->Run("INSERT INTO events (app_id, event_id, device_id, release_id, kind, "
                  "code, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  {e.app_id, e.event_id, e.device_id, e.release_id, e.kind, e.code,
                   e.received_at}));
      const bool is_new = n > 0;
      inserted.push_back(is_new);
      // A duplicate adds nothing, exactly as RecordEvent's rollback.
      if (is_new) {
        SUTURE_RETURN_IF_ERROR(
            RecordEventCellsLocked(db, e.device_id, w.cells, w.totals, &counts));
      }
    }
    return ApplyCountsLocked(db, counts);
  }();
  if (s.ok()) s = db->Commit();
  if (!s.ok()) {
    db->Rollback();
    return s;
  }
  return inserted;
}

// Per cell: one INSERT ... ON CONFLICT DO NOTHING into the minute's dedupe
// set decides whether the device is new to the cell; per lifetime set
// likewise. Reports are a few events per device per release, so a handful of
// indexed statements per event is cheap next to the event insert itself. The
// counter rows themselves are only summed into `counts` here: the
// transaction updates them at its end, in key order (ApplyCountsLocked).
Status Store::RecordEventCellsLocked(SqlDb* db, const std::string& device_id,
                                     const std::vector<AggregateCell>& cells,
                                     const std::vector<DeviceTotalKey>& totals, Counts* counts) {
  for (const AggregateCell& c : cells) {
    SUTURE_ASSIGN_OR_RETURN(
        int64_t is_new,
        db->Run("INSERT INTO aggregate_devices (minute, release_id, base_fingerprint, "
                "metric, code, device_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                {c.minute, c.release_id, c.base_fingerprint, c.metric, c.code, device_id}));
    auto [it, fresh] = counts->cells.try_emplace(
        std::make_tuple(c.release_id, c.base_fingerprint, c.minute, c.metric, c.code), c);
    AggregateCell& sum = it->second;
    if (fresh) {
      sum.devices = is_new;
      sum.devices_approx = false;
    } else {
      sum.count += c.count;
      sum.devices += is_new;
    }
  }
  for (const DeviceTotalKey& k : totals) {
    SUTURE_ASSIGN_OR_RETURN(
        int64_t is_new,
        db->Run("INSERT INTO device_seen (release_id, base_fingerprint, metric, "
                "device_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                {k.release_id, k.base_fingerprint, k.metric, device_id}));
    if (is_new != 0) counts->totals[std::make_tuple(k.release_id, k.base_fingerprint, k.metric)]++;
  }
  return Status::Ok();
}

// Two transactions that update the same counter rows lock them in the same
// (key) order, so concurrent reports on PostgreSQL wait for each other
// instead of deadlocking.
Status Store::ApplyCountsLocked(SqlDb* db, const Counts& counts) {
  std::vector<AggregateCell> cells;
  cells.reserve(counts.cells.size());
  for (const auto& [key, c] : counts.cells) cells.push_back(c);
  SUTURE_RETURN_IF_ERROR(AddAggregatesLocked(db, cells));
  for (const auto& [key, n] : counts.totals) {
    const auto& [release_id, base, metric] = key;
    SUTURE_RETURN_IF_ERROR(
        db->Run("INSERT INTO device_totals (release_id, base_fingerprint, metric, devices) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (release_id, base_fingerprint, metric) "
                "DO UPDATE SET devices = device_totals.devices + excluded.devices",
                {release_id, base, metric, n})
            .status());
  }
  return Status::Ok();
}

Status Store::AddAggregates(const std::vector<AggregateCell>& cells) {
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Begin());
  Status s = AddAggregatesLocked(db, cells);
  if (s.ok()) s = db->Commit();
  if (!s.ok()) db->Rollback();
  return s;
}

Status Store::AddAggregatesLocked(SqlDb* db, const std::vector<AggregateCell>& unsorted) {
  if (unsorted.empty()) return Status::Ok();
  // Key order: see ApplyCountsLocked.
  std::vector<AggregateCell> cells = unsorted;
  std::sort(cells.begin(), cells.end(), [](const AggregateCell& a, const AggregateCell& b) {
    return std::tie(a.release_id, a.base_fingerprint, a.minute, a.metric, a.code) <
           std::tie(b.release_id, b.base_fingerprint, b.minute, b.metric, b.code);
  });
  // devices stays NULL (unknown) in a cell begun before migration 002.
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s,
      db->Prepare("INSERT INTO aggregates (release_id, base_fingerprint, minute, metric, code, "
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
  Conn db = Acquire();
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
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db->Prepare(sql));
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
  Conn db = Acquire();
  std::string sql = "SELECT metric, SUM(devices) FROM device_totals WHERE release_id = ?";
  std::vector<SqlValue> params = {release_id};
  if (!base_fingerprint.empty()) {
    sql += " AND base_fingerprint = ?";
    params.emplace_back(base_fingerprint);
  }
  sql += " GROUP BY metric";
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db->Prepare(sql));
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
  Conn db = Acquire();
  return db->Run("DELETE FROM aggregate_devices WHERE minute < ?", {before_minute});
}

}  // namespace suture::server

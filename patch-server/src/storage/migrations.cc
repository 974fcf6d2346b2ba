#include "storage/migrations.h"

namespace suture::server {

Status ApplyMigrations(SqliteDb& db, const std::vector<Migration>& migrations) {
  SUTURE_ASSIGN_OR_RETURN(SqlStmt stmt, db.Prepare("PRAGMA user_version"));
  SUTURE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  const int64_t current = row ? stmt.Int(0) : 0;
  const int64_t latest = migrations.empty() ? 0 : migrations.back().number;
  if (current > latest) {
    return Status::Unsupported("database schema version " + std::to_string(current) +
                               " is newer than this server (" + std::to_string(latest) + ")");
  }
  for (const Migration& m : migrations) {
    if (m.number <= current) continue;
    SUTURE_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
    Status s = db.Exec(m.sql);
    if (s.ok()) s = db.Exec("PRAGMA user_version = " + std::to_string(m.number));
    if (s.ok()) s = db.Exec("COMMIT");
    if (!s.ok()) {
      (void)db.Exec("ROLLBACK");
      return s.WithContext(std::string("migration ") + m.name);
    }
  }
  return Status::Ok();
}

}  // namespace suture::server

// Store: console sessions (migration 005_console_sessions.sql). Plain SQL
// that PostgreSQL runs as well: no engine-specific functions.
#include "storage/store.h"

namespace suture::server {

Status Store::InsertSession(const SessionRecord& s, int64_t now, int64_t max_sessions) {
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Begin());
  Status st = [&]() -> Status {
    SUTURE_RETURN_IF_ERROR(
        db->Run("DELETE FROM console_sessions WHERE expires_at <= ?", {now}).status());
    if (max_sessions > 0) {
      SUTURE_ASSIGN_OR_RETURN(SqlStmt count, db->Prepare("SELECT COUNT(*) FROM console_sessions"));
      SUTURE_ASSIGN_OR_RETURN(bool row, count.Step());
      const int64_t held = row ? count.Int(0) : 0;
      if (held >= max_sessions) {  // make room: the ones nearest to expiry go
        SUTURE_RETURN_IF_ERROR(
            db->Run("DELETE FROM console_sessions WHERE id_hash IN (SELECT id_hash FROM "
                    "console_sessions ORDER BY expires_at ASC, id_hash ASC LIMIT ?)",
                    {held - max_sessions + 1})
                .status());
      }
    }
    return db
        ->Run(
            "INSERT INTO console_sessions "
            "(id_hash, csrf, token_id, role, app_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            {s.id_hash, s.csrf, s.token_id, s.role, s.app_id, s.created_at, s.expires_at})
        .status();
  }();
  if (!st.ok()) {
    db->Rollback();
    return st.WithContext("console session");
  }
  return db->Commit();
}

StatusOr<std::optional<SessionRecord>> Store::FindSession(const std::string& id_hash) {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s,
                          db->Prepare("SELECT id_hash, csrf, token_id, role, app_id, created_at, "
                                      "expires_at FROM console_sessions WHERE id_hash = ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({id_hash}));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(
      SessionRecord{s.Text(0), s.Text(1), s.Int(2), s.Text(3), s.Text(4), s.Int(5), s.Int(6)});
}

StatusOr<int64_t> Store::DeleteSession(const std::string& id_hash) {
  Conn db = Acquire();
  return db->Run("DELETE FROM console_sessions WHERE id_hash = ?", {id_hash});
}

StatusOr<int64_t> Store::PruneSessions(int64_t now) {
  Conn db = Acquire();
  return db->Run("DELETE FROM console_sessions WHERE expires_at <= ?", {now});
}

StatusOr<int64_t> Store::CountSessions() {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db->Prepare("SELECT COUNT(*) FROM console_sessions"));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : int64_t{0};
}

}  // namespace suture::server

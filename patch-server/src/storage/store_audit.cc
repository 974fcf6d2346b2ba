// Store: the audit log table (migration 003_audit.sql).
#include "storage/store.h"

namespace suture::server {

StatusOr<int64_t> Store::InsertAudit(const AuditRecord& a) {
  Conn db = Acquire();
  return db->RunInt(
      "INSERT INTO audit (at, token_id, via, app_id, release_id, action, before, after) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {a.at, a.token_id, a.via, a.app_id, a.release_id, a.action, a.before, a.after});
}

StatusOr<std::vector<AuditRecord>> Store::ListAudit(const std::string& app_id, int64_t before_id,
                                                    int64_t limit) {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s,
      db->Prepare("SELECT a.id, a.at, a.token_id, COALESCE(t.name, ''), a.via, a.app_id, "
                  "a.release_id, a.action, a.before, a.after FROM audit a "
                  "LEFT JOIN tokens t ON t.id = a.token_id "
                  "WHERE a.app_id = ? AND (CAST(? AS BIGINT) = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({app_id, before_id, before_id, limit}));
  std::vector<AuditRecord> out;
  while (true) {
    SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    AuditRecord a;
    a.id = s.Int(0);
    a.at = s.Int(1);
    a.token_id = s.Int(2);
    a.token_name = s.Text(3);
    a.via = s.Text(4);
    a.app_id = s.Text(5);
    a.release_id = s.Int(6);
    a.action = s.Text(7);
    a.before = s.Text(8);
    a.after = s.Text(9);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace suture::server

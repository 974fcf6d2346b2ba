#include "storage/sql_db.h"

namespace suture::server {

Status SqlDb::RefuseNewerSchema(int64_t current, const std::vector<Migration>& migrations) {
  const int64_t latest = migrations.empty() ? 0 : migrations.back().number;
  if (current <= latest) return Status::Ok();
  return Status::Unsupported("database schema version " + std::to_string(current) +
                             " is newer than this server (" + std::to_string(latest) + ")");
}

StatusOr<int64_t> SqlDb::Run(std::string_view sql, const std::vector<SqlValue>& params) {
  SUTURE_ASSIGN_OR_RETURN(SqlStmt stmt, Prepare(sql));
  SUTURE_RETURN_IF_ERROR(stmt.Bind(params));
  while (true) {
    SUTURE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
  }
  return stmt.Changes();
}

StatusOr<int64_t> SqlDb::RunInt(std::string_view sql, const std::vector<SqlValue>& params) {
  SUTURE_ASSIGN_OR_RETURN(SqlStmt stmt, Prepare(sql));
  SUTURE_RETURN_IF_ERROR(stmt.Bind(params));
  SUTURE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Internal("sql: statement returned no row: " + std::string(sql));
  const int64_t v = stmt.Int(0);
  // Run to completion so the statement's effects are final.
  while (true) {
    SUTURE_ASSIGN_OR_RETURN(bool more, stmt.Step());
    if (!more) break;
  }
  return v;
}

}  // namespace suture::server

#include "storage/sqlite_db.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace suture::server {
namespace {

// The Status of a failed SQLite call on `db` (may be null): a constraint is
// kAlreadyExists, a busy database kUnavailable, a full disk (SQLITE_FULL, or
// an I/O error whose system errno is ENOSPC/EDQUOT, e.g. growing the WAL
// index) kInsufficientStorage, anything else kIoError.
Status SqliteStatus(int rc, std::string msg, sqlite3* db) {
  const int sys = db != nullptr ? sqlite3_system_errno(db) : 0;
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return Status::AlreadyExists(std::move(msg));
    case SQLITE_BUSY:
      return Status::Unavailable(std::move(msg));
    case SQLITE_FULL:
      return Status::InsufficientStorage(std::move(msg));
    case SQLITE_IOERR:
      if (sys == ENOSPC || sys == EDQUOT) {
        return Status::InsufficientStorage(msg + " (" + std::strerror(sys) + ")");
      }
      return Status::IoError(std::move(msg));
    default:
      return Status::IoError(std::move(msg));
  }
}

}  // namespace

SqlStmt::~SqlStmt() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Status SqlStmt::Bind(const std::vector<SqlValue>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    const int idx = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(params[i])) {
      rc = sqlite3_bind_null(stmt_, idx);
    } else if (const auto* v = std::get_if<int64_t>(&params[i])) {
      rc = sqlite3_bind_int64(stmt_, idx, *v);
    } else {
      const std::string& s = std::get<std::string>(params[i]);
      rc = sqlite3_bind_text(stmt_, idx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) {
      return Status::Internal("sqlite: bind parameter " + std::to_string(idx) + ": " +
                              sqlite3_errmsg(db_));
    }
  }
  return Status::Ok();
}

void SqlStmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

StatusOr<bool> SqlStmt::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string msg = sqlite3_errmsg(db_);
  if ((rc & 0xff) == SQLITE_BUSY) return Status::Unavailable("sqlite: database busy: " + msg);
  return SqliteStatus(rc, "sqlite: " + msg, db_);
}

int64_t SqlStmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string SqlStmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

bool SqlStmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

SqliteDb::~SqliteDb() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

SqliteDb::SqliteDb(SqliteDb&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }

StatusOr<SqliteDb> SqliteDb::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  SqliteDb db(raw);
  if (rc != SQLITE_OK) {
    return SqliteStatus(
        rc, path + ": cannot open database: " + (raw ? sqlite3_errmsg(raw) : "out of memory"), raw);
  }
  sqlite3_busy_timeout(raw, 5000);
  SUTURE_RETURN_IF_ERROR(db.Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
                             .WithContext(path));
  return db;
}

Status SqliteDb::Error(std::string_view what, int rc) const {
  return SqliteStatus(rc, "sqlite: " + std::string(what) + ": " + sqlite3_errmsg(db_), db_);
}

Status SqliteDb::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return SqliteStatus(rc, "sqlite: " + msg, db_);
  }
  return Status::Ok();
}

StatusOr<SqlStmt> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc =
      sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Error("prepare", rc);
  return SqlStmt(db_, stmt);
}

StatusOr<int64_t> SqliteDb::Run(std::string_view sql, const std::vector<SqlValue>& params) {
  SUTURE_ASSIGN_OR_RETURN(SqlStmt stmt, Prepare(sql));
  SUTURE_RETURN_IF_ERROR(stmt.Bind(params));
  while (true) {
    SUTURE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
  }
  return static_cast<int64_t>(sqlite3_changes(db_));
}

int64_t SqliteDb::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

}  // namespace suture::server

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

// One sqlite3_stmt.
class SqliteStmt final : public SqlStmtImpl {
 public:
  SqliteStmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStmt() override { sqlite3_finalize(stmt_); }
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  Status Bind(const std::vector<SqlValue>& params) override {
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(params[i])) {
        rc = sqlite3_bind_null(stmt_, idx);
      } else if (const auto* v = std::get_if<int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt_, idx, *v);
      } else if (const auto* b = std::get_if<SqlBlob>(&params[i])) {
        rc = sqlite3_bind_blob64(stmt_, idx, b->bytes.data(), b->bytes.size(), SQLITE_TRANSIENT);
      } else {
        const std::string& s = std::get<std::string>(params[i]);
        rc = sqlite3_bind_text(stmt_, idx, s.data(), static_cast<int>(s.size()),
                               SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) {
        return Status::Internal("sqlite: bind parameter " + std::to_string(idx) + ": " +
                                sqlite3_errmsg(db_));
      }
    }
    return Status::Ok();
  }

  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  StatusOr<bool> Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes(db_);
      return false;
    }
    const std::string msg = sqlite3_errmsg(db_);
    if ((rc & 0xff) == SQLITE_BUSY) return Status::Unavailable("sqlite: database busy: " + msg);
    return SqliteStatus(rc, "sqlite: " + msg, db_);
  }

  int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }

  std::string Text(int col) const override {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    if (p == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }

  std::string Blob(int col) const override {
    const void* p = sqlite3_column_blob(stmt_, col);
    if (p == nullptr) return {};
    return std::string(static_cast<const char*>(p),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }

  bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Changes() const override { return changes_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int64_t changes_ = 0;
};

}  // namespace

SqliteDb::~SqliteDb() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

StatusOr<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  if (rc != SQLITE_OK) {
    return SqliteStatus(
        rc, path + ": cannot open database: " + (raw ? sqlite3_errmsg(raw) : "out of memory"), raw);
  }
  sqlite3_busy_timeout(raw, 5000);
  SUTURE_RETURN_IF_ERROR(db->Exec(
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
  return SqlStmt(std::make_unique<SqliteStmt>(db_, stmt));
}

Status SqliteDb::Migrate(const std::vector<Migration>& migrations) {
  SUTURE_ASSIGN_OR_RETURN(int64_t current, RunInt("PRAGMA user_version"));
  SUTURE_RETURN_IF_ERROR(RefuseNewerSchema(current, migrations));
  for (const Migration& m : migrations) {
    if (m.number <= current) continue;
    SUTURE_RETURN_IF_ERROR(Begin());
    Status s = Exec(m.sql);
    if (s.ok()) s = Exec("PRAGMA user_version = " + std::to_string(m.number));
    if (s.ok()) s = Commit();
    if (!s.ok()) {
      Rollback();
      return s.WithContext(std::string("migration ") + m.name);
    }
  }
  return Status::Ok();
}

}  // namespace suture::server

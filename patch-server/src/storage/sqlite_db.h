// A thin Status-returning wrapper over one SQLite connection.
//
// Thread-safety: SqliteDb is NOT synchronized; Store serializes all use of
// its connection with a mutex. Statements are prepared per call (SQLite's
// own statement cache is not needed at the rates the server sees for writes;
// hot read paths are served from memory by the service layer).
#ifndef SUTURE_SERVER_STORAGE_SQLITE_DB_H_
#define SUTURE_SERVER_STORAGE_SQLITE_DB_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "suture/core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace suture::server {

// A bound parameter or a column value.
using SqlValue = std::variant<std::nullptr_t, int64_t, std::string>;

class SqlStmt {
 public:
  SqlStmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqlStmt();
  SqlStmt(const SqlStmt&) = delete;
  SqlStmt& operator=(const SqlStmt&) = delete;
  SqlStmt(SqlStmt&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }

  // Binds params 1..n in order.
  Status Bind(const std::vector<SqlValue>& params);
  // Makes the statement ready to run again with new bindings.
  void Reset();
  // Returns true with a row available, false when done.
  StatusOr<bool> Step();
  int64_t Int(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  ~SqliteDb();
  SqliteDb(SqliteDb&&) noexcept;
  SqliteDb& operator=(SqliteDb&&) = delete;
  SqliteDb(const SqliteDb&) = delete;

  // Opens (creating) `path` in WAL mode with foreign keys on and a busy timeout.
  static StatusOr<SqliteDb> Open(const std::string& path);

  // Runs one or more statements without results (schema, BEGIN/COMMIT).
  Status Exec(std::string_view sql);
  StatusOr<SqlStmt> Prepare(std::string_view sql);
  // Prepares, binds and steps to completion. Returns sqlite3_changes().
  StatusOr<int64_t> Run(std::string_view sql, const std::vector<SqlValue>& params = {});
  int64_t LastInsertRowId() const;
  // Error status naming `what` and SQLite's message; constraint violations map
  // to kAlreadyExists.
  Status Error(std::string_view what, int rc) const;

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_STORAGE_SQLITE_DB_H_

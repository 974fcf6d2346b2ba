// SqlDb over one SQLite connection: the embedded default store, one file in
// the data folder (WAL mode, foreign keys on, a busy timeout).
//
// Thread-safety: NOT synchronized (see sql_db.h). Statements are prepared per
// call: SQLite's own statement cache is not needed at the rates the server
// sees for writes; hot read paths are served from memory by the service.
#ifndef SUTURE_SERVER_STORAGE_SQLITE_DB_H_
#define SUTURE_SERVER_STORAGE_SQLITE_DB_H_

#include <memory>
#include <string>
#include <string_view>

#include "storage/sql_db.h"
#include "suture/core/status.h"

struct sqlite3;

namespace suture::server {

class SqliteDb final : public SqlDb {
 public:
  ~SqliteDb() override;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Opens (creating) `path` in WAL mode with foreign keys on and a busy timeout.
  static StatusOr<std::unique_ptr<SqliteDb>> Open(const std::string& path);

  Status Exec(std::string_view sql) override;
  StatusOr<SqlStmt> Prepare(std::string_view sql) override;
  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  // The applied number is PRAGMA user_version.
  Status Migrate(const std::vector<Migration>& migrations) override;
  Status Notify(std::string_view, const std::string&) override { return Status::Ok(); }

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  // Error status naming `what` and SQLite's message; constraint violations
  // map to kAlreadyExists.
  Status Error(std::string_view what, int rc) const;
  sqlite3* db_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_STORAGE_SQLITE_DB_H_

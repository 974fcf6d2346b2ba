// The SQL connection the metadata store runs on, and its two implementations:
// SqliteDb (sqlite_db.h: the embedded default, one file in --data) and PgDb
// (pg_db.h: PostgreSQL over libpq, for several instances on one database).
//
// Store writes its statements once, in the SQL both dialects accept ('?'
// placeholders, INSERT ... ON CONFLICT, RETURNING, CASE instead of
// max()/GREATEST); PgDb rewrites '?' to $n. What differs per dialect lives
// behind this interface: how a write transaction starts, how migrations are
// recorded and locked, and how a committed change is announced.
//
// Thread-safety: a SqlDb and its statements are NOT synchronized; Store
// serializes all use of one connection with a mutex.
#ifndef SUTURE_SERVER_STORAGE_SQL_DB_H_
#define SUTURE_SERVER_STORAGE_SQL_DB_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "suture/core/status.h"

namespace suture::server {

// Bytes bound or read as a BLOB (SQLite) / bytea (PostgreSQL), not text.
struct SqlBlob {
  std::string bytes;
};

// A bound parameter.
using SqlValue = std::variant<std::nullptr_t, int64_t, std::string, SqlBlob>;

// One prepared statement of one connection.
class SqlStmtImpl {
 public:
  virtual ~SqlStmtImpl() = default;
  virtual Status Bind(const std::vector<SqlValue>& params) = 0;
  virtual void Reset() = 0;
  virtual StatusOr<bool> Step() = 0;
  virtual int64_t Int(int col) const = 0;
  virtual std::string Text(int col) const = 0;
  virtual std::string Blob(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
  // Rows changed by the last completed Step sequence (INSERT/UPDATE/DELETE).
  virtual int64_t Changes() const = 0;
};

class SqlStmt {
 public:
  explicit SqlStmt(std::unique_ptr<SqlStmtImpl> impl) : impl_(std::move(impl)) {}

  // Binds params 1..n in order.
  Status Bind(const std::vector<SqlValue>& params) { return impl_->Bind(params); }
  // Makes the statement ready to run again with new bindings.
  void Reset() { impl_->Reset(); }
  // Returns true with a row available, false when done.
  StatusOr<bool> Step() { return impl_->Step(); }
  int64_t Int(int col) const { return impl_->Int(col); }
  std::string Text(int col) const { return impl_->Text(col); }
  std::string Blob(int col) const { return impl_->Blob(col); }
  bool IsNull(int col) const { return impl_->IsNull(col); }
  int64_t Changes() const { return impl_->Changes(); }

 private:
  std::unique_ptr<SqlStmtImpl> impl_;
};

// One numbered schema migration (patch-server/migrations[/postgresql]/NNN_*.sql).
struct Migration {
  int number;
  const char* name;
  const char* sql;
};

class SqlDb {
 public:
  virtual ~SqlDb() = default;
  // Runs one or more statements without results (schema, COMMIT).
  virtual Status Exec(std::string_view sql) = 0;
  virtual StatusOr<SqlStmt> Prepare(std::string_view sql) = 0;
  // Starts a write transaction (SQLite: BEGIN IMMEDIATE, so the write lock
  // is taken up front; PostgreSQL: BEGIN).
  virtual Status Begin() = 0;
  Status Commit() { return Exec("COMMIT"); }
  void Rollback() { (void)Exec("ROLLBACK"); }
  // Applies every migration above the recorded schema number, each in its
  // own transaction with the number's update; kUnsupported when the database
  // is newer than `migrations`. PostgreSQL holds a transaction-level
  // advisory lock meanwhile, so instances starting together migrate once.
  virtual Status Migrate(const std::vector<Migration>& migrations) = 0;
  // Tells the other instances on the same database `payload` on `channel`
  // (PostgreSQL NOTIFY: inside a transaction it is delivered at commit, and
  // not at all on rollback). A no-op for the single-process SQLite store.
  virtual Status Notify(std::string_view channel, const std::string& payload) = 0;

  // kUnsupported when the database's schema number `current` is above the
  // newest of `migrations` (a newer server migrated it): the one check of
  // both dialects' Migrate.
  static Status RefuseNewerSchema(int64_t current, const std::vector<Migration>& migrations);

  // Prepares, binds and steps to completion. Returns the rows changed.
  StatusOr<int64_t> Run(std::string_view sql, const std::vector<SqlValue>& params = {});
  // Prepares, binds and steps once: the first column of the first row
  // (e.g. INSERT ... RETURNING id). kInternal when there is no row.
  StatusOr<int64_t> RunInt(std::string_view sql, const std::vector<SqlValue>& params = {});
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_STORAGE_SQL_DB_H_

// SqlDb over one PostgreSQL connection (libpq), and the ClusterLink of an
// instance: several suture-server processes on one database (docs/deploy.md).
//
// A lost connection is re-established by the next call (PQreset with the
// URL's connect_timeout, 3 s unless the URL sets one); until then every call
// fails with kUnavailable, which the HTTP room answers with 503 and
// Retry-After. Unique violations are kAlreadyExists; serialization failures
// and deadlocks kUnavailable (the client retries); a full disk
// kInsufficientStorage.
//
// Thread-safety: NOT synchronized (see sql_db.h, cluster_link.h).
#ifndef SUTURE_SERVER_STORAGE_PG_DB_H_
#define SUTURE_SERVER_STORAGE_PG_DB_H_

#include <memory>
#include <string>
#include <string_view>

#include "storage/cluster_link.h"
#include "storage/sql_db.h"
#include "suture/core/status.h"

struct pg_conn;

namespace suture::server {

class PgDb final : public SqlDb {
 public:
  ~PgDb() override;
  PgDb(const PgDb&) = delete;
  PgDb& operator=(const PgDb&) = delete;

  // Connects to `url` (postgresql://user@host:port/db?...). kUnavailable when
  // the server cannot be reached; the message names the URL without its
  // password.
  static StatusOr<std::unique_ptr<PgDb>> Open(const std::string& url);

  Status Exec(std::string_view sql) override;
  // '?' placeholders outside quotes become $1..$n.
  StatusOr<SqlStmt> Prepare(std::string_view sql) override;
  Status Begin() override { return Exec("BEGIN"); }
  // All missing migrations in ONE transaction that first takes
  // pg_advisory_xact_lock(kMigrationLock): an instance starting while
  // another migrates waits, then finds nothing left to do. The applied
  // numbers are rows of schema_migrations.
  Status Migrate(const std::vector<Migration>& migrations) override;
  Status Notify(std::string_view channel, const std::string& payload) override;

  // Opens this database's ClusterLink (its own connection).
  StatusOr<std::unique_ptr<ClusterLink>> OpenClusterLink() const;

 private:
  PgDb(pg_conn* conn, std::string url) : conn_(conn), url_(std::move(url)) {}
  pg_conn* conn_;
  std::string url_;
};

// The URL with any password replaced by "***" (for messages and logs).
std::string RedactPgUrl(std::string_view url);

}  // namespace suture::server

#endif  // SUTURE_SERVER_STORAGE_PG_DB_H_

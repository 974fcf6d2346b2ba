// Store, what a cluster of instances shares (PostgreSQL migration 001): blob
// bytes (blobs, blob_chunks), secrets, announcements, and the cluster link. docs/deploy.md says why the database is
// the blobs' source of truth: one thing to back up, and a patch row commits
// only after its bytes did.
#include <cstdio>
#include <functional>
#include <memory>

#include "storage/pg_db.h"
#include "storage/store.h"

namespace suture::server {
namespace {

constexpr size_t kChunk = 1 << 20;

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

}  // namespace

StatusOr<std::unique_ptr<ClusterLink>> Store::OpenClusterLink() {
  Conn db = Acquire();
  auto* pg = dynamic_cast<PgDb*>(static_cast<SqlDb*>(db));
  if (pg == nullptr) return std::unique_ptr<ClusterLink>();
  return pg->OpenClusterLink();
}

Status Store::Notify(std::string_view channel, const std::string& payload) {
  Conn db = Acquire();
  return db->Notify(channel, payload);
}

StatusOr<std::string> Store::SharedSecret(const std::string& name, const std::string& offer) {
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Run("INSERT INTO server_secrets (name, value) VALUES (?, ?) "
                                  "ON CONFLICT DO NOTHING",
                                  {name, offer})
                             .status());
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s,
                          db->Prepare("SELECT value FROM server_secrets WHERE name = ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({name}));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::Internal("server_secrets: '" + name + "' vanished");
  return s.Text(0);
}

Status Store::PutBlob(const std::string& sha256, const std::string& path) {
  std::unique_ptr<FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) return Status::IoError(path + ": cannot open blob to store it");
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Begin());
  Status s = [&]() -> Status {
    SUTURE_ASSIGN_OR_RETURN(
        int64_t fresh,
        db->Run("INSERT INTO blobs (sha256, size, created_at) VALUES (?, 0, 0) "
                 "ON CONFLICT DO NOTHING",
                 {sha256}));
    if (fresh == 0) return Status::Ok();  // stored before (same bytes: same id)
    std::string buf(kChunk, '\0');
    int64_t idx = 0;
    int64_t size = 0;
    while (true) {
      const size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
      if (n == 0) break;
      SUTURE_RETURN_IF_ERROR(db->Run("INSERT INTO blob_chunks (sha256, idx, data) VALUES (?, ?, ?)",
                                      {sha256, idx, SqlBlob{buf.substr(0, n)}})
                                 .status());
      ++idx;
      size += static_cast<int64_t>(n);
    }
    if (std::ferror(f.get())) return Status::IoError(path + ": read error");
    return db->Run("UPDATE blobs SET size = ?, chunks = ? WHERE sha256 = ?", {size, idx, sha256})
        .status();
  }();
  if (s.ok()) s = db->Commit();
  if (!s.ok()) db->Rollback();
  return s.WithContext("blob " + sha256);
}

Status Store::FetchBlob(const std::string& sha256,
                        const std::function<Status(std::string_view)>& sink) {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(SqlStmt meta,
                          db->Prepare("SELECT chunks FROM blobs WHERE sha256 = ?"));
  SUTURE_RETURN_IF_ERROR(meta.Bind({sha256}));
  SUTURE_ASSIGN_OR_RETURN(bool found, meta.Step());
  if (!found) return Status::NotFound("blob " + sha256 + " is not in the database");
  const int64_t chunks = meta.Int(0);
  // One chunk per query: memory stays at one chunk whatever the blob's size.
  for (int64_t idx = 0; idx < chunks; ++idx) {
    SUTURE_ASSIGN_OR_RETURN(
        SqlStmt s, db->Prepare("SELECT data FROM blob_chunks WHERE sha256 = ? AND idx = ?"));
    SUTURE_RETURN_IF_ERROR(s.Bind({sha256, idx}));
    SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return Status::Corrupt("blob " + sha256 + ": chunk " + std::to_string(idx) + " missing");
    SUTURE_RETURN_IF_ERROR(sink(s.Blob(0)));
  }
  return Status::Ok();
}

}  // namespace suture::server

// Store: releases and the manifest version counter.
#include "storage/store.h"

namespace suture::server {
namespace {

constexpr char kReleaseCols[] =
    "id, app_id, patch_id, spec, state, state_reason, created_at, updated_at";

ReleaseRecord ReadRelease(const SqlStmt& s) {
  return ReleaseRecord{s.Int(0),  s.Text(1), s.Int(2), s.Text(3),
                       s.Text(4), s.Text(5), s.Int(6), s.Int(7)};
}

}  // namespace

StatusOr<int64_t> Store::BumpManifestVersionLocked(SqlDb* db) {
  SUTURE_ASSIGN_OR_RETURN(
      int64_t version,
      db->RunInt("UPDATE server_state SET value = value + 1 WHERE key = 'manifest_version' "
                  "RETURNING value"));
  SUTURE_RETURN_IF_ERROR(db->Notify(kVersionChannel, std::to_string(version)));
  return version;
}

StatusOr<int64_t> Store::ManifestVersion() {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s, db->Prepare("SELECT value FROM server_state WHERE key = 'manifest_version'"));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::Internal("server_state has no manifest_version");
  return s.Int(0);
}

StatusOr<int64_t> Store::InsertRelease(ReleaseRecord& r) {
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Begin());
  auto n = db->RunInt(
      "INSERT INTO releases (app_id, patch_id, spec, state, state_reason, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {r.app_id, r.patch_id, r.spec, r.state, r.state_reason, r.created_at, r.updated_at});
  if (!n.ok()) {
    db->Rollback();
    return n.status();
  }
  r.id = *n;
  auto version = BumpManifestVersionLocked(db);
  Status s = version.status();
  if (s.ok()) s = db->Commit();
  if (!s.ok()) {
    db->Rollback();
    return s;
  }
  return *version;
}

StatusOr<int64_t> Store::UpdateRelease(const ReleaseRecord& r) {
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Begin());
  auto n = db->Run(
      "UPDATE releases SET spec = ?, state = ?, state_reason = ?, updated_at = ? WHERE id = ?",
      {r.spec, r.state, r.state_reason, r.updated_at, r.id});
  Status s = n.status();
  if (s.ok() && *n == 0) s = Status::NotFound("release " + std::to_string(r.id));
  StatusOr<int64_t> version = Status::Internal("not run");
  if (s.ok()) {
    version = BumpManifestVersionLocked(db);
    s = version.status();
  }
  if (s.ok()) s = db->Commit();
  if (!s.ok()) {
    db->Rollback();
    return s;
  }
  return *version;
}

StatusOr<std::optional<ReleaseRecord>> Store::GetRelease(int64_t id) {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db->Prepare(std::string("SELECT ") + kReleaseCols +
                                                 " FROM releases WHERE id = ?"));
  SUTURE_RETURN_IF_ERROR(s.Bind({id}));
  SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<ReleaseRecord>();
  return std::optional<ReleaseRecord>(ReadRelease(s));
}

StatusOr<std::vector<ReleaseRecord>> Store::ListReleases(const std::string& app_id) {
  Conn db = Acquire();
  std::string sql = std::string("SELECT ") + kReleaseCols + " FROM releases";
  std::vector<SqlValue> params;
  if (!app_id.empty()) {
    sql += " WHERE app_id = ?";
    params.emplace_back(app_id);
  }
  sql += " ORDER BY id";
  SUTURE_ASSIGN_OR_RETURN(SqlStmt s, db->Prepare(sql));
  SUTURE_RETURN_IF_ERROR(s.Bind(params));
  std::vector<ReleaseRecord> out;
  while (true) {
    SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadRelease(s));
  }
  return out;
}

}  // namespace suture::server

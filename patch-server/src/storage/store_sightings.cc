// Store: device_sightings (migration 004_device_sightings.sql).
#include "storage/store.h"

namespace suture::server {

Status Store::SaveSightings(const std::vector<SightingRow>& rows, int64_t drop_before,
                            int64_t keep) {
  Conn db = Acquire();
  SUTURE_RETURN_IF_ERROR(db->Begin());
  Status st = [&]() -> Status {
    SUTURE_ASSIGN_OR_RETURN(
        SqlStmt up,
        db->Prepare("INSERT INTO device_sightings "
                    "(app_id, device_id, base_fingerprint, context, seen_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (app_id, device_id) DO UPDATE SET "
                    "base_fingerprint = excluded.base_fingerprint, context = excluded.context, "
                    "seen_at = excluded.seen_at"));
    for (const SightingRow& r : rows) {
      up.Reset();
      SUTURE_RETURN_IF_ERROR(
          up.Bind({r.app_id, r.device_id, r.base_fingerprint, r.context_json, r.seen_at}));
      SUTURE_RETURN_IF_ERROR(up.Step().status());
    }
    SUTURE_RETURN_IF_ERROR(
        db->Run("DELETE FROM device_sightings WHERE seen_at < ?", {drop_before}).status());
    // The (keep + 1)-th newest and older go (devices seen in the same second
    // as the cut go with it: at most `keep` stay).
    return db
        ->Run(
            "DELETE FROM device_sightings WHERE seen_at <= (SELECT seen_at FROM "
            "device_sightings ORDER BY seen_at DESC LIMIT 1 OFFSET ?)",
            {keep})
        .status();
  }();
  if (!st.ok()) {
    db->Rollback();
    return st.WithContext("device sightings");
  }
  return db->Commit();
}

StatusOr<std::vector<SightingRow>> Store::LoadSightings(int64_t since, int64_t limit) {
  Conn db = Acquire();
  SUTURE_ASSIGN_OR_RETURN(
      SqlStmt s, db->Prepare("SELECT app_id, device_id, base_fingerprint, context, seen_at FROM "
                             "(SELECT * FROM device_sightings WHERE seen_at >= ? "
                             "ORDER BY seen_at DESC LIMIT ?) AS recent ORDER BY seen_at ASC"));
  SUTURE_RETURN_IF_ERROR(s.Bind({since, limit}));
  std::vector<SightingRow> out;
  while (true) {
    SUTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(SightingRow{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4)});
  }
  return out;
}

}  // namespace suture::server

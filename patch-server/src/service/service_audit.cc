// Service: the audit log (see service.h, migration 003_audit.sql).
#include <utility>

#include "service/service.h"
#include "service/service_internal.h"

namespace suture::server {

Status Service::RecordAudit(const Principal& p, std::string_view via, const std::string& app_id,
                            int64_t release_id, std::string_view action, std::string before,
                            std::string after) {
  AuditRecord a;
  a.at = NowSeconds();
  a.token_id = p.token_id;
  a.via = std::string(via);
  a.app_id = app_id;
  a.release_id = release_id;
  a.action = std::string(action);
  a.before = std::move(before);
  a.after = std::move(after);
  return store_->InsertAudit(a).status().WithContext("audit log");
}

StatusOr<std::vector<AuditRecord>> Service::ListAudit(const Principal& p, const std::string& app_id,
                                                      int64_t before_id, int64_t limit) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  if (limit < 1 || limit > 500) {
    return Status::InvalidArgument("audit: 'limit' must be 1..500, got " + std::to_string(limit));
  }
  if (before_id < 0) return Status::InvalidArgument("audit: 'before' must be >= 0");
  auto s = snapshot();
  if (s->apps.find(app_id) == s->apps.end()) {
    return Status::NotFound("app '" + app_id + "' is not registered");
  }
  return store_->ListAudit(app_id, before_id, limit);
}

}  // namespace suture::server

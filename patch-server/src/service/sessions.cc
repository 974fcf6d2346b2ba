// SessionTable (see sessions.h).
#include "service/sessions.h"

#include "service/tokens.h"
#include "suture/core/crypto.h"

namespace suture::server {

namespace {

Role RoleOf(const std::string& name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "publisher") return Role::kPublisher;
  return Role::kReadOnly;
}

}  // namespace

StatusOr<NewSession> SessionTable::Create(const Principal& p, int64_t now) {
  NewSession s;
  SUTURE_ASSIGN_OR_RETURN(s.id, GenerateSecret("sus_"));
  SUTURE_ASSIGN_OR_RETURN(s.csrf, GenerateSecret("csrf_"));
  s.expires_at = now + ttl_s_;
  SessionRecord row{HashToken(s.id), s.csrf, p.token_id,  std::string(RoleName(p.role)),
                    p.app_id,        now,    s.expires_at};
  SUTURE_RETURN_IF_ERROR(store_->InsertSession(row, now, static_cast<int64_t>(max_)));
  return s;
}

StatusOr<SessionView> SessionTable::Find(std::string_view id, const std::string* csrf,
                                         int64_t now) {
  if (id.empty()) return Status::Unauthenticated("session: unknown or signed out");
  const std::string hash = HashToken(id);
  auto found = store_->FindSession(hash);
  if (!found.ok()) return found.status().WithContext("session");
  std::optional<SessionRecord>& row = *found;
  if (!row || !ConstantTimeEquals(AsBytes(hash), AsBytes(row->id_hash))) {
    return Status::Unauthenticated("session: unknown or signed out");
  }
  if (row->expires_at <= now) {
    (void)store_->DeleteSession(hash);  // pruned when seen; Prune() gets the rest
    return Status::Unauthenticated("session: expired, sign in again");
  }
  if (csrf != nullptr) {
    if (csrf->empty() || !ConstantTimeEquals(AsBytes(*csrf), AsBytes(row->csrf))) {
      return Status::PermissionDenied(
          "session: missing or wrong 'X-CSRF-Token' header on a state change");
    }
  }
  Principal p;
  p.role = RoleOf(row->role);
  p.app_id = row->app_id;
  p.token_id = row->token_id;
  return SessionView{std::move(p), row->csrf, row->expires_at};
}

Status SessionTable::Remove(std::string_view id) {
  return store_->DeleteSession(HashToken(id)).status();
}

StatusOr<int64_t> SessionTable::Prune(int64_t now) { return store_->PruneSessions(now); }

size_t SessionTable::size() {
  auto n = store_->CountSessions();
  return n.ok() ? static_cast<size_t>(*n) : 0;
}

}  // namespace suture::server

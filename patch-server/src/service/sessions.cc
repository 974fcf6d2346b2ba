// SessionTable (see sessions.h).
#include "service/sessions.h"

#include "service/tokens.h"
#include "suture/core/crypto.h"

namespace suture::server {

StatusOr<NewSession> SessionTable::Create(const Principal& p, int64_t now) {
  NewSession s;
  SUTURE_ASSIGN_OR_RETURN(s.id, GenerateSecret("sus_"));
  SUTURE_ASSIGN_OR_RETURN(s.csrf, GenerateSecret("csrf_"));
  s.expires_at = now + ttl_s_;
  std::lock_guard<std::mutex> l(mu_);
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {  // drop the expired
    it = it->second.expires_at <= now ? by_hash_.erase(it) : std::next(it);
  }
  if (max_ > 0 && by_hash_.size() >= max_) {
    auto oldest = by_hash_.begin();
    for (auto it = by_hash_.begin(); it != by_hash_.end(); ++it) {
      if (it->second.expires_at < oldest->second.expires_at) oldest = it;
    }
    by_hash_.erase(oldest);
  }
  by_hash_[HashToken(s.id)] = Entry{p, s.csrf, s.expires_at};
  return s;
}

StatusOr<SessionView> SessionTable::Find(std::string_view id, const std::string* csrf,
                                         int64_t now) {
  const std::string hash = HashToken(id);
  std::lock_guard<std::mutex> l(mu_);
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return Status::Unauthenticated("session: unknown or signed out");
  if (it->second.expires_at <= now) {
    by_hash_.erase(it);
    return Status::Unauthenticated("session: expired, sign in again");
  }
  if (csrf != nullptr) {
    if (csrf->empty() || !ConstantTimeEquals(AsBytes(*csrf), AsBytes(it->second.csrf))) {
      return Status::PermissionDenied(
          "session: missing or wrong 'X-CSRF-Token' header on a state change");
    }
  }
  return SessionView{it->second.principal, it->second.csrf, it->second.expires_at};
}

void SessionTable::Remove(std::string_view id) {
  const std::string hash = HashToken(id);
  std::lock_guard<std::mutex> l(mu_);
  by_hash_.erase(hash);
}

size_t SessionTable::size() {
  std::lock_guard<std::mutex> l(mu_);
  return by_hash_.size();
}

}  // namespace suture::server

// SessionTable: the admin console's signed-in sessions, kept in the
// database (Store, migration 005) so that they survive a restart and are
// shared by every server instance on the same database.
//
// Signing in with an API token (Service::Authenticate) makes a session: a
// random session id (the HttpOnly cookie) and a random CSRF token (sent back
// by the console in a header with every change). The session id is stored
// as its SHA-256 only; the CSRF token is stored as is, because a signed-in
// page that reloads asks for it again (GET /admin/api/session). A session
// carries the role, app and token id it was opened with. Sessions expire
// `ttl_s` after sign-in: an expired one is refused and deleted when seen,
// and Prune() (the service's background loop, every minute) deletes the
// rest. At most `max_sessions` are held: signing in beyond that drops the
// sessions closest to expiry.
//
// Thread-safety: all methods are thread-safe (the Store serializes).
#ifndef SUTURE_SERVER_SERVICE_SESSIONS_H_
#define SUTURE_SERVER_SERVICE_SESSIONS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "service/service.h"
#include "storage/store.h"
#include "suture/core/status.h"

namespace suture::server {

struct NewSession {
  std::string id;    // the cookie value, "sus_" + 64 hex
  std::string csrf;  // "csrf_" + 64 hex
  int64_t expires_at = 0;
};

struct SessionView {
  Principal principal;
  std::string csrf;
  int64_t expires_at = 0;
};

class SessionTable {
 public:
  // REQUIRES: `store` outlives this object.
  SessionTable(Store* store, int64_t ttl_s, size_t max_sessions)
      : store_(store), ttl_s_(ttl_s), max_(max_sessions) {}

  // A new session for `p`, from `now` (unix seconds).
  StatusOr<NewSession> Create(const Principal& p, int64_t now);
  // The session `id` (kUnauthenticated when unknown or expired; an expired
  // one is deleted). When `csrf` is non-null it must equal the session's
  // CSRF token (kPermissionDenied otherwise); compared in constant time.
  StatusOr<SessionView> Find(std::string_view id, const std::string* csrf, int64_t now);
  // Forgets session `id` (a no-op when unknown).
  Status Remove(std::string_view id);
  // Deletes the sessions expired at `now`; returns how many.
  StatusOr<int64_t> Prune(int64_t now);
  // Sessions held (0 when the database cannot say).
  size_t size();
  int64_t ttl_s() const { return ttl_s_; }

 private:
  Store* const store_;
  const int64_t ttl_s_;
  const size_t max_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_SESSIONS_H_

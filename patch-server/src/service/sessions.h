// SessionTable: the admin console's signed-in sessions, held in memory.
//
// Signing in with an API token (Service::Authenticate) makes a session: a
// random session id (the HttpOnly cookie) and a random CSRF token (sent back
// by the console in a header with every change). The session id is kept as
// its SHA-256 only; the CSRF token is kept as is, because a signed-in page
// that reloads asks for it again (GET /admin/api/session). Sessions
// expire `ttl_s` after sign-in; the table holds at most `max_sessions`
// (signing in beyond that drops the session closest to expiry). A restart
// signs everyone out.
//
// Thread-safety: all methods are thread-safe.
#ifndef SUTURE_SERVER_SERVICE_SESSIONS_H_
#define SUTURE_SERVER_SERVICE_SESSIONS_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "service/service.h"
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
  SessionTable(int64_t ttl_s, size_t max_sessions) : ttl_s_(ttl_s), max_(max_sessions) {}

  // A new session for `p`, from `now` (unix seconds).
  StatusOr<NewSession> Create(const Principal& p, int64_t now);
  // The session `id` (kUnauthenticated when unknown or expired). When
  // `csrf` is non-null it must equal the session's CSRF token
  // (kPermissionDenied otherwise); compared in constant time.
  StatusOr<SessionView> Find(std::string_view id, const std::string* csrf, int64_t now);
  // Forgets session `id` (a no-op when unknown).
  void Remove(std::string_view id);
  size_t size();

 private:
  struct Entry {
    Principal principal;
    std::string csrf;
    int64_t expires_at = 0;
  };
  const int64_t ttl_s_;
  const size_t max_;
  std::mutex mu_;
  std::map<std::string, Entry> by_hash_;  // key: hex SHA-256 of the session id
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_SESSIONS_H_

// Who is calling: a bearer token (the API, unchanged) or a console session
// cookie. A request with an Authorization header is authenticated by its
// token alone. Without one, the "suture_session" cookie names a session
// (service/sessions.h); a session request with any method but GET or HEAD
// must also carry the session's CSRF token in "X-CSRF-Token" (403 without:
// a cross-site form or fetch can send the cookie, never the header). The
// cookie is HttpOnly, SameSite=Strict and Path=/ (docs/api.md, "Console").
//
// Thread-safety: pure functions over thread-safe objects.
#ifndef SUTURE_SERVER_HTTP_CONSOLE_AUTH_H_
#define SUTURE_SERVER_HTTP_CONSOLE_AUTH_H_

#include <string>
#include <string_view>

#include "http/epoll_http_server.h"
#include "service/service.h"
#include "service/sessions.h"
#include "suture/core/status.h"

namespace suture::server {

inline constexpr char kSessionCookie[] = "suture_session";
inline constexpr char kCsrfHeader[] = "x-csrf-token";

struct Caller {
  Principal principal;
  bool via_session = false;
};

// The value of cookie `name` in the request's Cookie headers ("" if absent).
std::string CookieValue(const epoll_http::Request& req, std::string_view name);

// Authenticates `req` as above. `sessions` may be null (no console).
StatusOr<Caller> AuthenticateRequest(Service* svc, SessionTable* sessions,
                                     const epoll_http::Request& req);

// Set-Cookie values that set (for `ttl_s` seconds) and clear the session.
std::string SessionCookie(const std::string& id, int64_t ttl_s);
std::string ClearedSessionCookie();

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_CONSOLE_AUTH_H_

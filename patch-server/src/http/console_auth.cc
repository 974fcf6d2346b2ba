// Bearer token or console session (see console_auth.h).
#include "http/console_auth.h"

#include "http/http_util.h"

namespace suture::server {

namespace {

// `s` without the spaces and tabs around it.
std::string_view Unpad(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

std::string CookieValue(const epoll_http::Request& req, std::string_view name) {
  for (const auto& [n, v] : req.headers) {
    if (n != "cookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      const size_t semi = rest.find(';');
      std::string_view pair = Unpad(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const size_t eq = pair.find('=');
      if (eq != std::string_view::npos && Unpad(pair.substr(0, eq)) == name) {
        return std::string(Unpad(pair.substr(eq + 1)));
      }
    }
  }
  return {};
}

StatusOr<Caller> AuthenticateRequest(Service* svc, SessionTable* sessions,
                                     const epoll_http::Request& req) {
  Caller caller;
  const std::string bearer = BearerToken(req);
  const std::string cookie = sessions == nullptr ? "" : CookieValue(req, kSessionCookie);
  if (!bearer.empty() || cookie.empty() || !Header(req, "authorization").empty()) {
    SUTURE_ASSIGN_OR_RETURN(caller.principal, svc->Authenticate(bearer));
    return caller;
  }
  const bool reads = req.method == "GET" || req.method == "HEAD";
  const std::string csrf = Header(req, kCsrfHeader);
  SUTURE_ASSIGN_OR_RETURN(SessionView v,
                          sessions->Find(cookie, reads ? nullptr : &csrf, NowSeconds()));
  caller.principal = v.principal;
  caller.via_session = true;
  return caller;
}

std::string SessionCookie(const std::string& id, int64_t ttl_s) {
  return std::string(kSessionCookie) + "=" + id + "; Path=/; Max-Age=" + std::to_string(ttl_s) +
         "; HttpOnly; SameSite=Strict";
}

std::string ClearedSessionCookie() {
  return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
}

}  // namespace suture::server

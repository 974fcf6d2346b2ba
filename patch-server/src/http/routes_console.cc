// The admin console's routes: its files under /admin/, sign-in and sign-out
// (/admin/api/session), and the audit log (GET /v1/audit). See
// http/console_auth.h for sessions and docs/api.md "Console" for the wire.
#include <cstdlib>

#include "http/admin_assets.h"
#include "http/console_auth.h"
#include "http/http_util.h"

namespace suture::server {

using nlohmann::json;

namespace {

// Every console page: our own files only, no inline script or style, no
// framing, no referrer.
constexpr char kCsp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

epoll_http::Headers PageHeaders(bool immutable) {
  return {{"Content-Security-Policy", kCsp},
          {"X-Content-Type-Options", "nosniff"},
          {"X-Frame-Options", "DENY"},
          {"Referrer-Policy", "no-referrer"},
          {"Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache"}};
}

void ServeAsset(const Ctx& c, std::string_view name) {
  c->route = "console_asset";
  for (const AdminAsset& a : AdminAssets()) {
    if (a.name == name) {
      ReplyWith(c, 200, std::string(a.bytes), a.content_type, PageHeaders(a.immutable));
      return;
    }
  }
  ReplyError(c, Status::NotFound("console: no file '" + std::string(name) + "'"));
}

json SessionJson(const Principal& p, const std::string& csrf, int64_t expires_at) {
  return {{"role", std::string(RoleName(p.role))},
          {"app_id", p.app_id},
          {"token_id", p.token_id},
          {"csrf_token", csrf},
          {"expires_at", expires_at}};
}

// POST {"token": "..."}: checks the token like a bearer token, then opens a
// session.
void SignIn(const Ctx& c) {
  if (!c->req.body_status.ok()) return ReplyError(c, c->req.body_status);
  json j = json::parse(c->req.body, nullptr, false);
  if (!j.is_object() || !j.contains("token") || !j["token"].is_string()) {
    return ReplyError(c, Status::InvalidArgument("sign-in: body must be {\"token\": \"...\"}"));
  }
  auto p = c->svc->Authenticate(j["token"].get<std::string>());
  if (!p.ok()) return ReplyError(c, p.status().WithContext("sign-in"));
  auto s = c->sessions->Create(*p, NowSeconds());
  if (!s.ok()) return ReplyError(c, s.status().WithContext("sign-in"));
  epoll_http::Headers h = {{"Set-Cookie", SessionCookie(s->id, s->expires_at - NowSeconds())},
                           {"Cache-Control", "no-store"}};
  ReplyWith(c, 200, SessionJson(*p, s->csrf, s->expires_at).dump(), "application/json",
            std::move(h));
}

void Session(const Ctx& c) {
  const std::string& m = c->req.method;
  c->route = "console_session";
  if (c->sessions == nullptr) return ReplyError(c, Status::NotFound("console: off"));
  if (m == "POST") return SignIn(c);
  const std::string id = CookieValue(c->req, kSessionCookie);
  if (m == "GET") {
    auto v = c->sessions->Find(id, nullptr, NowSeconds());
    if (!v.ok()) return ReplyError(c, v.status());
    return ReplyWith(c, 200, SessionJson(v->principal, v->csrf, v->expires_at).dump(),
                     "application/json", {{"Cache-Control", "no-store"}});
  }
  if (m == "DELETE") {
    const std::string csrf = Header(c->req, kCsrfHeader);
    auto v = c->sessions->Find(id, &csrf, NowSeconds());
    if (!v.ok()) return ReplyError(c, v.status());
    c->sessions->Remove(id);
    return ReplyWith(c, 200, "{\"signed_out\":true}", "application/json",
                     {{"Set-Cookie", ClearedSessionCookie()}});
  }
  ReplyError(c, Status::InvalidArgument("method " + m + " not allowed on /admin/api/session"));
}

json AuditJson(const std::vector<AuditRecord>& rows) {
  json out = json::array();
  for (const AuditRecord& a : rows) {
    auto parsed = [](const std::string& s) {
      return s.empty() ? json(nullptr) : json::parse(s, nullptr, false);
    };
    out.push_back({{"id", a.id},
                   {"at", a.at},
                   {"who", {{"token_id", a.token_id}, {"name", a.token_name}, {"via", a.via}}},
                   {"app_id", a.app_id},
                   {"release_id", a.release_id},
                   {"action", a.action},
                   {"before", parsed(a.before)},
                   {"after", parsed(a.after)}});
  }
  return {{"entries", out}};
}

bool QueryInt(const Ctx& c, const char* key, int64_t fallback, int64_t* out) {
  auto it = c->query.find(key);
  if (it == c->query.end()) {
    *out = fallback;
    return true;
  }
  const std::string& s = it->second;
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  *out = std::strtoll(s.c_str(), nullptr, 10);
  return true;
}

// GET /v1/audit?app=<id>[&before=<entry id>][&limit=<1..500>]
void Audit(const Ctx& c) {
  c->route = "audit";
  auto caller = AuthenticateRequest(c->svc, c->sessions, c->req);
  if (!caller.ok()) return ReplyError(c, caller.status());
  auto app = c->query.find("app");
  if (app == c->query.end() || app->second.empty()) {
    return ReplyError(c, Status::InvalidArgument("audit: query parameter 'app' is required"));
  }
  int64_t before = 0;
  int64_t limit = 0;
  if (!QueryInt(c, "before", 0, &before) || !QueryInt(c, "limit", 100, &limit)) {
    return ReplyError(c, Status::InvalidArgument("audit: 'before' and 'limit' are integers"));
  }
  auto rows = c->svc->ListAudit(caller->principal, app->second, before, limit);
  if (!rows.ok()) return ReplyError(c, rows.status());
  ReplyJson(c, 200, AuditJson(*rows));
}

}  // namespace

bool RouteConsole(const Ctx& c) {
  const auto& seg = c->seg;
  const std::string& m = c->req.method;
  if (seg.size() == 2 && seg[0] == "v1" && seg[1] == "audit" && m == "GET") {
    Audit(c);
    return true;
  }
  if (seg.empty() || seg[0] != "admin") return false;
  if (seg.size() == 3 && seg[1] == "api" && seg[2] == "session") {
    Session(c);
    return true;
  }
  if (m != "GET" && m != "HEAD") {
    ReplyError(c, Status::InvalidArgument("console files are read with GET"));
    return true;
  }
  if (seg.size() == 1 || (seg.size() == 2 && seg[1].empty())) {
    ServeAsset(c, "index.html");
  } else if (seg.size() == 3 && seg[1] == "assets") {
    ServeAsset(c, seg[2]);
  } else {
    ReplyError(c, Status::NotFound("console: no page " + c->req.target.substr(0, c->req.target.find('?'))));
  }
  return true;
}

}  // namespace suture::server

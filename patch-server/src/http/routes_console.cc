// The admin console's routes: its files under /admin/, sign-in and sign-out
// (/admin/api/session), the live dashboard's event stream
// (/admin/api/apps/{app}/stream), and the audit log (GET /v1/audit). See
// http/console_auth.h for sessions and docs/api.md "Console" for the wire.
#include <chrono>
#include <cstdlib>

#include "http/admin_assets.h"
#include "http/api_json.h"
#include "http/console_auth.h"
#include "http/device_port.h"
#include "http/event_stream.h"
#include "http/http_util.h"

namespace suture::server {

using nlohmann::json;

namespace {

// Every console page: our own files only, no inline script or style, no
// framing, no referrer.
constexpr char kCsp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// How long a browser waits before it reconnects a dropped dashboard stream.
constexpr int kDashboardRetryMs = 5000;

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
// session. The body must be declared JSON: a cross-site HTML form cannot send
// that content type (and a cross-site fetch that does needs a preflight this
// server never grants), so another site cannot sign a browser in under its
// own token.
void SignIn(const Ctx& c) {
  if (!c->req.body_status.ok()) return ReplyError(c, c->req.body_status);
  const std::string type = Header(c->req, "content-type");
  if (type.rfind("application/json", 0) != 0) {
    return ReplyError(c, Status::Unsupported("sign-in: Content-Type must be application/json"));
  }
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
    Status removed = c->sessions->Remove(id);
    if (!removed.ok()) return ReplyError(c, removed.WithContext("sign-out"));
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

json VerdictJson(const Verdict& v) {
  return {{"release_id", v.release_id},
          {"decision", v.decision},
          {"reason_code", v.reason_code},
          {"reason", v.reason}};
}

json ContextJson(const gray::DeviceContext& d) {
  json custom = json::object();
  for (const auto& [k, v] : d.custom) custom[k] = v;
  json j{{"device_id", d.device_id},
         {"base_fingerprint", d.base_build},
         {"app_version", d.app_version},
         {"os", d.os},
         {"os_version", d.os_version},
         {"brand", d.brand},
         {"model", d.model},
         {"abi", d.abi},
         {"channel", d.channel},
         {"region", d.region},
         {"locale", d.locale},
         {"network", d.network},
         {"user_id", d.user_id},
         {"installed_patch", d.installed_patch},
         {"ip", d.ip},
         {"custom", custom}};
  j["sdk"] = d.sdk ? json(*d.sdk) : json(nullptr);
  return j;
}

// Runs fn(principal) for an authenticated caller (token or session).
void Authed(const Ctx& c, const std::function<void(const Principal&)>& fn) {
  auto caller = AuthenticateRequest(c->svc, c->sessions, c->req);
  if (!caller.ok()) return ReplyError(c, caller.status());
  c->via = caller->via_session ? "console" : "api";
  fn(caller->principal);
}

// GET /v1/apps/{app}/devices/{device}
void Device(const Ctx& c, const std::string& app, const std::string& device) {
  c->route = "device_explain";
  Authed(c, [&](const Principal& p) {
    auto e = c->svc->ExplainDevice(p, app, device, NowSeconds());
    if (!e.ok()) return ReplyError(c, e.status());
    json per = json::array();
    for (const Verdict& v : e->by_release) per.push_back(VerdictJson(v));
    ReplyJson(c, 200,
              {{"device", ContextJson(e->last.context)},
               {"seen_at", e->last.seen_at},
               {"now", VerdictJson(e->now)},
               {"releases", per}});
  });
}

// POST /v1/apps/{app}/release-preview, body as a release create.
void Preview(const Ctx& c, const std::string& app) {
  c->route = "release_preview";
  Authed(c, [&](const Principal& p) {
    if (!c->req.body_status.ok()) return ReplyError(c, c->req.body_status);
    auto spec = ParseNewReleaseJson(c->req.body);
    if (!spec.ok()) return ReplyError(c, spec.status());
    auto r = c->svc->PreviewRelease(p, app, *std::move(spec), NowSeconds());
    if (!r.ok()) return ReplyError(c, r.status());
    json by_base = json::object();
    for (const auto& [base, n] : r->by_base) {
      by_base[base] = {{"seen", n.seen}, {"matched", n.matched}};
    }
    json samples = json::array();
    for (const PreviewSample& s : r->samples) {
      samples.push_back({{"device_id", s.device_id},
                         {"base_fingerprint", s.base_build},
                         {"matched", s.matched},
                         {"verdict", VerdictJson(s.verdict)}});
    }
    ReplyJson(c, 200,
              {{"valid", true},
               {"release_id", r->release_id},
               {"window_s", r->window_s},
               {"seen", r->seen},
               {"matched", r->matched},
               {"truncated", r->truncated},
               {"by_base", by_base},
               {"samples", samples}});
  });
}

// GET /admin/api/apps/{app}/stream: the live dashboard's server-sent events
// (http/event_stream.h, the machinery of the devices' push stream): `ready`,
// then `update` whenever the app's numbers change (at most once a second),
// heartbeats, and `reconnect` at the end of the stream's lifetime.
void DashboardStream(const Ctx& c, const std::string& app) {
  c->route = "console_stream";
  auto caller = AuthenticateRequest(c->svc, c->sessions, c->req);
  if (!caller.ok()) return ReplyError(c, caller.status());
  const Principal p = caller->principal;
  Service* svc = c->svc;
  const json ready{
      {"event", "ready"}, {"app_id", app}, {"heartbeat_s", svc->options().push_heartbeat_s}};
  auto started = OpenEventStream(
      AsDeviceReply(c->reply),
      "retry: " + std::to_string(kDashboardRetryMs) + "\nevent: ready\ndata: " +
          ready.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n",
      [&](PushHub::Callback cb) { return svc->SubscribeConsole(p, app, std::move(cb)); },
      [svc](uint64_t id) { svc->CancelConsole(id); });
  if (!started.ok()) return ReplyError(c, started.status());
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - c->start).count();
  svc->metrics().RecordRequest(c->route, *started ? 200 : 499, secs);
}

}  // namespace

bool RouteConsole(const Ctx& c) {
  const auto& seg = c->seg;
  const std::string& m = c->req.method;
  if (seg.size() == 2 && seg[0] == "v1" && seg[1] == "audit" && m == "GET") {
    Audit(c);
    return true;
  }
  if (seg.size() == 5 && seg[0] == "v1" && seg[1] == "apps" && seg[3] == "devices" && m == "GET") {
    Device(c, seg[2], seg[4]);
    return true;
  }
  if (seg.size() == 4 && seg[0] == "v1" && seg[1] == "apps" && seg[3] == "release-preview" &&
      m == "POST") {
    Preview(c, seg[2]);
    return true;
  }
  if (seg.empty() || seg[0] != "admin") return false;
  if (seg.size() == 3 && seg[1] == "api" && seg[2] == "session") {
    Session(c);
    return true;
  }
  if (seg.size() == 5 && seg[1] == "api" && seg[2] == "apps" && seg[4] == "stream") {
    if (m != "GET") {
      c->route = "console_stream";
      ReplyError(c, Status::InvalidArgument("the dashboard stream is read with GET"));
    } else {
      DashboardStream(c, seg[3]);
    }
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
    ReplyError(c, Status::NotFound("console: no page " +
                                   c->req.target.substr(0, c->req.target.find('?'))));
  }
  return true;
}

}  // namespace suture::server

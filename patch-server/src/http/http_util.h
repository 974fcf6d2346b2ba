// Helpers of the http/ room for the admin routes: the request context, JSON
// replies, the single Status -> HTTP status mapping (http/status_map.h) and
// the request body, all on the epoll server's Request and Reply
// (http/epoll_http_server.h). The body has been read (within its limit)
// before a handler runs; an upload arrives as a sink (http/main_port.h).
//
// Thread-safety: a Ctx belongs to one request; the reply functions may be
// called from any thread (epoll_http::Reply is thread-safe).
#ifndef SUTURE_SERVER_HTTP_HTTP_UTIL_H_
#define SUTURE_SERVER_HTTP_HTTP_UTIL_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http/epoll_http_server.h"
#include "http/status_map.h"
#include "service/service.h"
#include "service/sessions.h"
#include "suture/core/status.h"
#include "suture/server/server.h"

namespace suture::server {

// One request in flight.
struct RequestCtx {
  epoll_http::Request req;  // method, target, headers, body
  std::shared_ptr<epoll_http::Reply> reply;
  std::vector<std::string> seg;             // decoded path segments
  std::map<std::string, std::string> query;  // decoded query parameters
  Service* svc = nullptr;
  const ServerConfig* cfg = nullptr;
  SessionTable* sessions = nullptr;         // console sessions (http/console_auth.h)
  std::string via = "api";                  // how the caller signed in: api | console
  std::string route = "unknown";            // metrics label
  std::chrono::steady_clock::time_point start;
};
using Ctx = std::shared_ptr<RequestCtx>;

// HttpStatusFor(StatusCode), THE mapping from Status codes to HTTP status
// codes, is in http/status_map.h (shared with the device routes).

void ReplyJson(const Ctx& c, int code, const nlohmann::json& body);
// {"error":{"code":"<status code name>","message":"..."}} with HttpStatusFor(code).
void ReplyError(const Ctx& c, const Status& s);
void ReplyText(const Ctx& c, int code, const std::string& body, const std::string& content_type);
// Any body with extra headers (cookies, caching, CSP).
void ReplyWith(const Ctx& c, int code, std::string body, std::string_view content_type,
               epoll_http::Headers extra);
// The headers an error answer carries besides its body (WWW-Authenticate
// for 401, Retry-After for 429).
epoll_http::Headers ErrorHeaders(const Status& s);

// The first header `name` (any case), "" when absent.
std::string Header(const epoll_http::Request& req, std::string_view name);
// Token from "Authorization: Bearer <token>" ("" when absent).
std::string BearerToken(const epoll_http::Request& req);

// The JSON-route body (already read within cfg->max_json_body by the
// server: a longer one was answered 413 before it was read).
void ReadSmallBody(const Ctx& c, std::function<void(StatusOr<std::string>)> done);

// Admin route handlers (routes_admin.cc). Return false when the path is not
// theirs. They may block (SQLite, bundle checks): the main port runs them on
// its worker threads. The device routes are http/device_routes.h.
bool RouteAdmin(const Ctx& c);
// The console (/admin/...: assets, sign-in/out) and the audit log
// (GET /v1/audit), routes_console.cc.
bool RouteConsole(const Ctx& c);
// GET /openapi.json body.
const std::string& OpenApiJson();

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_HTTP_UTIL_H_

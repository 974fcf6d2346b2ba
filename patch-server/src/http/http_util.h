// Helpers of the http/ room: the request context, JSON replies, the single
// Status -> HTTP status mapping, and asynchronous bounded body reading.
//
// cpprestsdk throws; every call into it from here is wrapped so that no
// exception leaves a handler.
#ifndef SUTURE_SERVER_HTTP_HTTP_UTIL_H_
#define SUTURE_SERVER_HTTP_HTTP_UTIL_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <cpprest/http_listener.h>
#include <nlohmann/json.hpp>

#include "http/status_map.h"
#include "service/service.h"
#include "suture/core/status.h"
#include "suture/server/server.h"

namespace suture::server {

// One request in flight.
struct RequestCtx {
  web::http::http_request req;
  std::vector<std::string> seg;             // decoded path segments
  std::map<std::string, std::string> query;  // decoded query parameters
  Service* svc = nullptr;
  const ServerConfig* cfg = nullptr;
  std::string route = "unknown";            // metrics label
  std::chrono::steady_clock::time_point start;
};
using Ctx = std::shared_ptr<RequestCtx>;

// HttpStatusFor(StatusCode), THE mapping from Status codes to HTTP status
// codes, is in http/status_map.h (shared with the device routes).

void Reply(const Ctx& c, web::http::http_response resp);
void ReplyJson(const Ctx& c, web::http::status_code code, const nlohmann::json& body);
// {"error":{"code":"<status code name>","message":"..."}} with HttpStatusFor(code).
void ReplyError(const Ctx& c, const Status& s);
void ReplyText(const Ctx& c, web::http::status_code code, const std::string& body,
               const std::string& content_type);

std::string Header(const Ctx& c, const std::string& name);
// Token from "Authorization: Bearer <token>" ("" when absent).
std::string BearerToken(const Ctx& c);
std::string PeerIp(const Ctx& c);

// Reads the whole body (at most `limit` bytes: Content-Length is checked
// first, then the byte count) asynchronously, calling sink for each chunk and
// done(status) at the end. A sink error stops reading.
void ReadBodyAsync(const Ctx& c, uint64_t limit, std::function<Status(ByteView)> sink,
                   std::function<void(Status)> done);
// Reads a JSON-route body into a string (limit: cfg->max_json_body).
void ReadSmallBody(const Ctx& c, std::function<void(StatusOr<std::string>)> done);

// Admin route handlers (routes_admin.cc). Return false when the path is not
// theirs. The device routes are http/device_routes.h, on this port through
// http/main_port_device.h.
bool RouteAdmin(const Ctx& c);
// GET /openapi.json body.
const std::string& OpenApiJson();

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_HTTP_UTIL_H_

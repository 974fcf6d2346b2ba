// The main port's head hook and dispatcher (see main_port.h).
#include "http/main_port.h"

#include <string>
#include <utility>
#include <vector>

#include "http/console_auth.h"
#include "http/device_port.h"
#include "http/http_util.h"
#include "http/status_map.h"
#include "http/upload_sink.h"

namespace suture::server {
namespace {

// Admin jobs waiting for a worker beyond this are answered 503.
constexpr size_t kMaxQueuedAdminJobs = 4096;

// What a request's head says about its route, mirroring the dispatch order
// of http_server.cc / RouteAdmin (routes_admin.cc): whether any route takes
// the path, and whether that route authenticates before it reads a body.
struct RouteShape {
  bool known = false;
  bool auth = false;    // the route starts with WithAuth
  bool upload = false;  // publish: the body goes to an UploadSink
  const char* label = "unknown";
};

bool IsReleaseId(const std::string& s) {
  if (s.empty() || s.size() > 18) return false;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
  }
  return s.find_first_not_of('0') != std::string::npos;
}

RouteShape Classify(const std::string& m, const std::vector<std::string>& seg) {
  RouteShape r;
  r.known = true;
  if (seg.size() == 1 && seg[0] == "metrics" && m == "GET") return r;
  if (seg.size() == 1 && seg[0] == "openapi.json" && m == "GET") return r;
  if (DeviceRoutes::Owns(seg)) return r;
  if (!seg.empty() && seg[0] == "admin") {  // the console; sign-in reads a small body
    r.label = "console";
    return r;
  }
  const bool v1 = !seg.empty() && seg[0] == "v1";
  if (v1 && seg.size() == 2 && seg[1] == "server-key" && m == "GET") return r;
  if (v1 && seg.size() == 2 && seg[1] == "audit" && m == "GET") {
    r.auth = true;
    return r;
  }
  if (v1 && seg.size() == 2 && seg[1] == "tokens" && m == "POST") {
    r.auth = true;
    return r;
  }
  if (v1 && seg.size() == 2 && seg[1] == "apps") {
    r.auth = m == "GET" || m == "POST";
    return r;
  }
  if (!v1 || seg.size() < 4 || seg[1] != "apps") return RouteShape{};
  const std::string& what = seg[3];
  if (seg.size() == 4 && what == "patches") {
    r.auth = m == "GET" || m == "POST";
    r.upload = m == "POST";
    if (r.upload) r.label = "publish";
    return r;
  }
  if (seg.size() == 4 && what == "releases") {
    r.auth = m == "GET" || m == "POST";
    return r;
  }
  if (seg.size() == 5 && what == "patches") {  // one patch and its entries: GET, no body
    r.auth = m == "GET";
    return r;
  }
  if ((seg.size() == 5 || seg.size() == 6) && what == "releases") {
    if (!IsReleaseId(seg[4])) return r;  // 400 before authentication
    r.auth = seg.size() == 5 ? (m == "GET" || m == "PUT") : m == "POST";
    return r;
  }
  if (seg.size() == 4 && what == "aggregates" && m == "GET") {
    r.auth = true;
    return r;
  }
  if ((seg.size() == 5 && what == "devices" && m == "GET") ||
      (seg.size() == 4 && what == "release-preview" && m == "POST")) {  // routes_console.cc
    r.auth = true;
    return r;
  }
  if (seg.size() == 6 && what == "devices" && seg[5] == "push" && m == "POST") {
    r.auth = true;
    return r;
  }
  return RouteShape{};
}

epoll_http::HeadDecision Answer(int status, const Status& s) {
  epoll_http::HeadDecision d;
  d.status = status;
  d.content_type = "application/json";
  d.body = ErrorBodyJson(s);
  d.extra = ErrorHeaders(s);
  return d;
}

std::string PathOf(const std::string& target) { return target.substr(0, target.find('?')); }

}  // namespace

epoll_http::HeadDecision NoRouteAtHead(const epoll_http::Request& head) {
  return Answer(404, Status::NotFound("no route for " + head.method + " " + PathOf(head.target)));
}

MainPort::MainPort(Service* svc, const ServerConfig* cfg, DeviceRoutes* routes, size_t workers)
    : svc_(svc),
      cfg_(cfg),
      routes_(routes),
      device_handler_(MakeDevicePortHandler(routes, "")),
      workers_(workers == 0 ? 1 : workers, kMaxQueuedAdminJobs) {}

epoll_http::HeadDecision MainPort::OnHead(const epoll_http::Request& head) {
  const RouteShape shape = Classify(head.method, head.seg);
  auto early = [&](const Status& s) {
    const int code = HttpStatusFor(s.code());
    svc_->metrics().RecordRequest(shape.label, code, 0.0);
    return Answer(code, s);
  };
  if (!shape.known) {
    svc_->metrics().RecordRequest(shape.label, 404, 0.0);
    return NoRouteAtHead(head);
  }
  epoll_http::HeadDecision d;
  d.max_body = cfg_->max_json_body;
  if (!shape.upload && !(shape.auth && head.content_length > 0)) return d;
  auto caller = AuthenticateRequest(svc_, &svc_->sessions(), head);
  if (!caller.ok()) return early(caller.status());
  StatusOr<Principal> p = caller->principal;
  if (!shape.upload) return d;  // the route authenticates again when it runs
  auto writer = svc_->BeginPublish(*p, head.seg[2]);
  if (!writer.ok()) return early(writer.status());
  if (head.content_length > cfg_->max_upload) {
    return early(Status::LimitExceeded("request body of " + std::to_string(head.content_length) +
                                       " bytes exceeds the limit of " +
                                       std::to_string(cfg_->max_upload) + " bytes")
                     .WithContext("upload"));
  }
  d.max_body = cfg_->max_upload == 0 ? 1 : cfg_->max_upload;
  d.sink = std::make_shared<UploadSink>(*std::move(p), *std::move(writer));
  return d;
}

void MainPort::Handle(epoll_http::Request&& req, std::shared_ptr<epoll_http::Reply> reply) {
  if (DeviceRoutes::Owns(req.seg)) {  // non-blocking: on the loop thread
    device_handler_(std::move(req), std::move(reply));
    return;
  }
  auto c = std::make_shared<RequestCtx>();
  c->start = std::chrono::steady_clock::now();
  c->seg = std::move(req.seg);
  for (auto& [k, v] : req.query) c->query.emplace(k, std::move(v));
  c->req = std::move(req);
  c->reply = std::move(reply);
  c->svc = svc_;
  c->cfg = cfg_;
  c->sessions = &svc_->sessions();
  if (!workers_.TryPost([this, c] { ServeAdmin(c); })) {
    ReplyError(c, Status::Unavailable("server busy: too many admin requests queued"));
  }
}

void MainPort::ServeAdmin(const std::shared_ptr<RequestCtx>& c) {
  const auto& seg = c->seg;
  const std::string& method = c->req.method;
  try {
    if (seg.size() == 1 && seg[0] == "metrics" && method == "GET") {
      c->route = "metrics";
      ReplyText(c, 200, svc_->metrics().Render(), "text/plain; version=0.0.4");
      return;
    }
    if (seg.size() == 1 && seg[0] == "openapi.json" && method == "GET") {
      c->route = "openapi";
      ReplyText(c, 200, OpenApiJson(), "application/json");
      return;
    }
    if (RouteConsole(c)) return;
    if (RouteAdmin(c)) return;
    ReplyError(c, Status::NotFound("no route for " + method + " " + PathOf(c->req.target)));
  } catch (const std::exception& e) {
    ReplyError(c, Status::Internal(std::string("unhandled exception: ") + e.what()));
  }
}

}  // namespace suture::server

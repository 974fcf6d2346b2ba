// The device route table (http/device_routes.h): matching, method table,
// header and query reading, and every device answer, for both listeners.
#include "http/device_routes.h"

#include "http/forwarded.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "http/blob_files.h"
#include "http/device_json.h"
#include "http/event_stream.h"
#include "http/range.h"
#include "http/status_map.h"
#include "http/work_queue.h"

namespace suture::server {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using ReplyPtr = std::shared_ptr<DeviceReply>;

// SSE reconnection hint for clients (milliseconds); devices add jitter.
constexpr int kStreamRetryMs = 10000;
// A status recorded for a request whose peer hung up before an answer
// (nginx's convention), e.g. a long-poll closed by the device.
constexpr int kClientClosed = 499;
// Reports are small and a worker is busy for one transaction each. SQLite
// serializes writers, so two workers keep up with it; PostgreSQL commits
// several transactions at once (one WAL flush for a group), so there a worker
// per pooled connection keeps that many commits in flight.
constexpr size_t kSqliteReportWorkers = 2;
// Waiting reports (each holds its body, <= max_json_body) before 503s.
constexpr size_t kReportQueue = 256;
// A long-poll's timeout when the device names none (seconds).
constexpr int64_t kDefaultPushTimeoutS = 60;

// The routes and the methods each allows (the `Allow` of a 405).
enum class Route { kNone, kHealthz, kBlob, kCheck, kReport, kPushWait, kPushStream };

struct RouteInfo {
  const char* name;   // metrics label, after the listener's prefix
  const char* allow;  // methods, as in `Allow`
};

RouteInfo Info(Route r) {
  switch (r) {
    case Route::kHealthz:
      return {"healthz", "GET, HEAD"};
    case Route::kBlob:
      return {"blob", "GET, HEAD"};
    case Route::kCheck:
      return {"check", "POST"};
    case Route::kReport:
      return {"report", "POST"};
    case Route::kPushWait:
      return {"push_wait", "POST"};
    case Route::kPushStream:
      return {"push_stream", "GET, POST"};
    case Route::kNone:
      break;
  }
  return {"unknown", ""};
}

Route Match(const std::vector<std::string>& seg) {
  if (seg.size() == 1 && seg[0] == "healthz") return Route::kHealthz;
  if (seg.size() == 3 && seg[0] == "v1" && seg[1] == "blobs") return Route::kBlob;
  if (seg.size() < 4 || seg[0] != "v1" || seg[1] != "apps") return Route::kNone;
  if (seg.size() == 4 && seg[3] == "check") return Route::kCheck;
  if (seg.size() == 4 && seg[3] == "report") return Route::kReport;
  if (seg.size() == 5 && seg[3] == "push" && seg[4] == "wait") return Route::kPushWait;
  if (seg.size() == 5 && seg[3] == "push" && seg[4] == "stream") return Route::kPushStream;
  return Route::kNone;
}

// True when `method` is one of the comma-separated `allow` list.
bool Allowed(std::string_view allow, std::string_view method) {
  while (!allow.empty()) {
    const size_t comma = allow.find(',');
    std::string_view m = allow.substr(0, comma);
    while (!m.empty() && m.front() == ' ') m.remove_prefix(1);
    if (m == method) return true;
    if (comma == std::string_view::npos) break;
    allow.remove_prefix(comma + 1);
  }
  return false;
}

// Metrics label and start time of one request. Holds no reply, so closures
// given to DeviceReply::OnClose can capture it without a reference cycle.
struct Call {
  Service* svc = nullptr;
  std::string route;
  std::string client_ip;  // the device's address (DeviceRoutes::ClientIp)
  Clock::time_point start = Clock::now();

  void Record(int status) const {
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    svc->metrics().RecordRequest(route, status, secs);
  }
};
using CallPtr = std::shared_ptr<Call>;

void Send(const Call& call, const ReplyPtr& reply, int status, std::string_view content_type,
          std::string body, HttpHeaders extra = {}) {
  if (reply->Send(status, content_type, std::move(body), std::move(extra))) call.Record(status);
}

void SendJson(const Call& call, const ReplyPtr& reply, int status, const json& body) {
  Send(call, reply, status, "application/json",
       body.dump(-1, ' ', false, json::error_handler_t::replace));
}

void SendError(const Call& call, const ReplyPtr& reply, const Status& s) {
  HttpHeaders extra;
  if (s.code() == StatusCode::kUnauthenticated) extra.emplace_back("WWW-Authenticate", "Bearer");
  if (s.code() == StatusCode::kResourceExhausted || s.code() == StatusCode::kUnavailable) {
    extra.emplace_back("Retry-After", "1");
  }
  Send(call, reply, HttpStatusFor(s.code()), "application/json", ErrorBodyJson(s),
       std::move(extra));
}

// 405 with Allow. The body's code is invalid_argument: a wrong method is a
// caller error; "unsupported" would claim a 415 in the shared mapping.
void SendMethodNotAllowed(const Call& call, const ReplyPtr& reply, const DeviceRequest& req,
                          const char* allow) {
  Send(call, reply, 405, "application/json",
       ErrorBodyJson("invalid_argument",
                     "method " + req.method() + " not allowed here (allowed: " + allow + ")"),
       {{"Allow", allow}});
}

std::string AppKey(const DeviceRequest& req) { return req.Header("X-Suture-App-Key"); }

// ---- blobs

void ServeBlob(Service* svc, BlobFiles& files, const Call& call, const DeviceRequest& req,
               const ReplyPtr& reply, const std::string& id) {
  auto path = svc->BlobPath(id);
  if (!path.ok()) return SendError(call, reply, path.status());
  auto file = files.Open(id, *path);
  if (!file.ok()) return SendError(call, reply, file.status());
  const uint64_t size = (*file)->size();
  const std::string if_none_match = req.Header("If-None-Match");
  const std::string range = req.Header("Range");
  const std::string if_range = req.Header("If-Range");
  BlobAnswer a = PlanBlobAnswer("\"" + id + "\"", size, if_none_match, range, if_range);
  HttpHeaders headers = std::move(a.headers);
  if (a.status == 416) {
    return Send(call, reply, 416, "application/json",
                ErrorBodyJson("invalid_argument", a.error_message), std::move(headers));
  }
  if (a.status == 304) {
    // No body; the Content-Length a 200 would carry.
    if (reply->SendFile(304, "", *file, 0, size, std::move(headers))) call.Record(304);
    return;
  }
  if (a.length == 0) {
    return Send(call, reply, a.status, "application/octet-stream", "", std::move(headers));
  }
  if (reply->SendFile(a.status, "application/octet-stream", *file, a.first, a.length,
                      std::move(headers))) {
    call.Record(a.status);
  } else {
    call.Record(503);  // the transport answered that it cannot send the file
  }
}

// ---- report

void Report(Service* svc, WorkQueue& reports, const CallPtr& call, DeviceRequest& req,
            const ReplyPtr& reply, const std::string& app) {
  auto job = [svc, call, reply, app, key = AppKey(req), body = req.TakeBody()] {
    auto report = ReadReport(*svc, app, key, body);
    if (!report.ok()) return SendError(*call, reply, report.status());
    auto r = svc->Report(app, key, *std::move(report), NowSeconds());
    if (!r.ok()) return SendError(*call, reply, r.status());
    SendJson(*call, reply, 200, {{"accepted", r->accepted}, {"duplicates", r->duplicates}});
  };
  if (!reports.TryPost(std::move(job))) {
    SendError(*call, reply, Status::Unavailable("report: server busy, retry later"));
  }
}

// ---- push

void PushWait(Service* svc, const CallPtr& call, const DeviceRequest& req, const ReplyPtr& reply,
              const std::string& app) {
  int64_t timeout = kDefaultPushTimeoutS;
  if (auto t = req.query().find("timeout"); t != req.query().end()) {
    timeout = std::strtoll(t->second.c_str(), nullptr, 10);
  }
  auto device = ReadDeviceContext(*svc, app, AppKey(req), req.body());
  if (!device.ok()) return SendError(*call, reply, device.status());
  auto id = svc->WaitPush(app, AppKey(req), *std::move(device), timeout, call->client_ip,
                          [call, reply](const PushEvent& event) {
                            Send(*call, reply, 200, "application/json", event.json);
                          });
  if (!id.ok()) return SendError(*call, reply, id.status());
  // The device hung up (or the server stops): free the slot now. A no-op
  // when the wait was already answered. A transport that cannot see
  // hang-ups never calls this: the waiter then lives until its event or
  // timeout.
  reply->OnClose([svc, call, id = *id] {
    svc->CancelPush(id);
    call->Record(kClientClosed);
  });
}

void PushStream(Service* svc, int64_t heartbeat_s, const CallPtr& call, const DeviceRequest& req,
                const ReplyPtr& reply, const std::string& app) {
  std::string key = AppKey(req);
  std::string device_json;
  if (req.method() == "GET") {
    // EventSource cannot send a body or headers: both come in the query.
    auto d = req.query().find("device");
    if (d == req.query().end()) {
      return SendError(
          *call, reply,
          Status::InvalidArgument("push/stream: GET needs ?device=<device context JSON>"));
    }
    device_json = d->second;
    if (auto k = req.query().find("app_key"); k != req.query().end() && key.empty()) {
      key = k->second;
    }
  } else {
    device_json = req.body();
  }
  auto device = ReadDeviceContext(*svc, app, key, device_json);
  if (!device.ok()) return SendError(*call, reply, device.status());
  const json ready{{"event", "ready"}, {"heartbeat_s", heartbeat_s}};
  auto started = OpenEventStream(
      reply,
      "retry: " + std::to_string(kStreamRetryMs) + "\nevent: ready\ndata: " + ready.dump() + "\n\n",
      [&](PushHub::Callback cb) {
        return svc->SubscribePush(app, key, *std::move(device), call->client_ip, std::move(cb));
      },
      [svc](uint64_t id) { svc->CancelPush(id); });
  if (!started.ok()) return SendError(*call, reply, started.status());
  if (*started) call->Record(200);  // time to the start of the stream
}

}  // namespace

DeviceRoutes::DeviceRoutes(Service* svc, int64_t push_heartbeat_s,
                           std::vector<gray::Cidr> trusted_proxies)
    : svc_(svc),
      heartbeat_s_(push_heartbeat_s),
      trusted_proxies_(std::move(trusted_proxies)),
      files_(std::make_unique<BlobFiles>()),
      reports_(std::make_unique<WorkQueue>(
          svc->clustered() ? static_cast<size_t>(Store::kPgConnections) : kSqliteReportWorkers,
          kReportQueue)) {}

DeviceRoutes::~DeviceRoutes() = default;

std::string DeviceRoutes::ClientIp(const DeviceRequest& req) const {
  return ForwardedClientIp(req.peer_ip(), req.Header("X-Forwarded-For"), trusted_proxies_);
}

bool DeviceRoutes::Owns(const std::vector<std::string>& segments) {
  return Match(segments) != Route::kNone;
}

void DeviceRoutes::Serve(std::string_view metrics_prefix, DeviceRequest& req,
                         const std::shared_ptr<DeviceReply>& reply) {
  auto call = std::make_shared<Call>();
  call->svc = svc_;
  const Route route = Match(req.segments());
  const RouteInfo info = Info(route);
  call->route = std::string(metrics_prefix) + info.name;
  call->client_ip = ClientIp(req);
  if (!req.body_status().ok()) return SendError(*call, reply, req.body_status());
  if (route == Route::kNone) {
    return SendError(
        *call, reply,
        Status::NotFound("no route for " + req.method() + " " + std::string(req.path())));
  }
  if (!Allowed(info.allow, req.method())) {
    return SendMethodNotAllowed(*call, reply, req, info.allow);
  }
  const auto& seg = req.segments();
  switch (route) {
    case Route::kHealthz:
      return SendJson(*call, reply, 200, {{"status", "ok"}});
    case Route::kBlob:
      return ServeBlob(svc_, *files_, *call, req, reply, seg[2]);
    case Route::kCheck: {
      auto device = ReadDeviceContext(*svc_, seg[2], AppKey(req), req.body());
      if (!device.ok()) return SendError(*call, reply, device.status());
      auto r = svc_->Check(seg[2], AppKey(req), *std::move(device), call->client_ip, NowSeconds());
      if (!r.ok()) return SendError(*call, reply, r.status());
      // Pre-serialized once per cached manifest (Service::Check).
      return Send(*call, reply, 200, "application/json", (*r)->response_json);
    }
    case Route::kReport:
      return Report(svc_, *reports_, call, req, reply, seg[2]);
    case Route::kPushWait:
      return PushWait(svc_, call, req, reply, seg[2]);
    case Route::kPushStream:
      return PushStream(svc_, heartbeat_s_, call, req, reply, seg[2]);
    case Route::kNone:
      break;
  }
}

}  // namespace suture::server

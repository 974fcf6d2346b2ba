// Device routes on the edge listener. Answers mirror routes_device.cc (the
// cpprestsdk listener) byte for byte where both serve a route; the status
// mapping and error bodies come from http/status_map.h for both.
#include "http/edge_routes.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/device_json.h"
#include "http/range.h"
#include "http/status_map.h"

namespace suture::server {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using ReplyPtr = std::shared_ptr<edge::Reply>;

// SSE reconnection hint for clients (milliseconds); devices add jitter.
constexpr int kStreamRetryMs = 10000;
// A status recorded for a request whose peer hung up before an answer
// (nginx's convention), e.g. a long-poll closed by the device.
constexpr int kClientClosed = 499;

// Metrics label and start time of one request. Holds no reply, so closures
// given to Reply::OnClose can capture it without a reference cycle.
struct Call {
  Service* svc = nullptr;
  std::string route = "edge_unknown";
  Clock::time_point start = Clock::now();

  void Record(int status) const {
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    svc->metrics().RecordRequest(route, status, secs);
  }
};
using CallPtr = std::shared_ptr<Call>;

void Send(const Call& call, const ReplyPtr& reply, int status, std::string_view content_type,
          std::string body, edge::Headers extra = {}) {
  if (reply->Send(status, content_type, std::move(body), std::move(extra))) call.Record(status);
}

void SendJson(const Call& call, const ReplyPtr& reply, int status, const json& body) {
  Send(call, reply, status, "application/json", body.dump());
}

// Same headers and body as ReplyError in http_util.cc.
void SendError(const Call& call, const ReplyPtr& reply, const Status& s) {
  edge::Headers extra;
  if (s.code() == StatusCode::kUnauthenticated) extra.emplace_back("WWW-Authenticate", "Bearer");
  if (s.code() == StatusCode::kResourceExhausted || s.code() == StatusCode::kUnavailable) {
    extra.emplace_back("Retry-After", "1");
  }
  Send(call, reply, HttpStatusFor(s.code()), "application/json", ErrorBodyJson(s),
       std::move(extra));
}

// 405 with Allow. The body's code is invalid_argument: a wrong method is a
// caller error, as on the main port (which has no per-path method table and
// answers a wrong method with 404 not_found, or 400 invalid_argument for
// blobs); "unsupported" would claim a 415 in the shared mapping.
void SendMethodNotAllowed(const Call& call, const ReplyPtr& reply, const edge::Request& req,
                          const char* allow) {
  Send(call, reply, 405, "application/json",
       ErrorBodyJson("invalid_argument",
                     "method " + req.method + " not allowed here (allowed: " + allow + ")"),
       {{"Allow", allow}});
}

std::string Path(const edge::Request& req) { return req.target.substr(0, req.target.find('?')); }

std::string AppKey(const edge::Request& req) {
  const std::string* key = req.Header("x-suture-app-key");
  return key == nullptr ? std::string() : *key;
}

// ---- blobs

// Open blob files, kept while the process runs: blobs are immutable and
// never deleted while the server serves, so one fd per blob serves every
// request (SendFile dup()s it). A File closes its fd when the last user
// drops it, so eviction never closes an fd a request is still using.
class BlobFiles {
 public:
  struct File {
    int fd = -1;
    uint64_t size = 0;
    ~File() {
      if (fd >= 0) ::close(fd);
    }
  };

  StatusOr<std::shared_ptr<const File>> Open(const std::string& id, const std::string& path) {
    {
      std::lock_guard<std::mutex> l(mu_);
      auto it = files_.find(id);
      if (it != files_.end()) return it->second;
    }
    auto f = std::make_shared<File>();
    f->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f->fd < 0) {
      if (errno == ENOENT) return Status::NotFound("blob " + id);
      return Status::IoError("blob " + id + ": cannot open: " + std::strerror(errno));
    }
    struct stat st;
    if (::fstat(f->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      return Status::NotFound("blob " + id);
    }
    f->size = static_cast<uint64_t>(st.st_size);
    std::lock_guard<std::mutex> l(mu_);
    if (files_.size() >= kMaxOpen) files_.clear();  // rare: a cold restart of the cache
    // A racing request may have opened it first: serve the cached one.
    return files_.emplace(id, std::move(f)).first->second;
  }

 private:
  static constexpr size_t kMaxOpen = 4096;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const File>> files_;
};

// Same semantics as ServeBlob in routes_device.cc; HEAD is served too.
void ServeBlob(Service* svc, BlobFiles& files, const Call& call, const edge::Request& req,
               const ReplyPtr& reply, const std::string& id) {
  auto path = svc->BlobPath(id);
  if (!path.ok()) return SendError(call, reply, path.status());
  auto file = files.Open(id, *path);
  if (!file.ok()) return SendError(call, reply, file.status());
  const uint64_t size = (*file)->size;
  auto value = [&req](std::string_view name) {
    const std::string* v = req.Header(name);
    return v == nullptr ? std::string_view() : std::string_view(*v);
  };
  BlobAnswer a = PlanBlobAnswer("\"" + id + "\"", size, value("if-none-match"), value("range"),
                                value("if-range"));
  edge::Headers headers = std::move(a.headers);
  if (a.status == 304) return Send(call, reply, 304, "", "", std::move(headers));
  if (a.status == 416) {
    return Send(call, reply, 416, "application/json",
                ErrorBodyJson("invalid_argument", a.error_message), std::move(headers));
  }
  if (a.length == 0)
    return Send(call, reply, a.status, "application/octet-stream", "", std::move(headers));
  if (reply->SendFile(a.status, "application/octet-stream", (*file)->fd, a.first, a.length,
                      std::move(headers))) {
    call.Record(a.status);
  } else {
    // The handler runs on the connection's loop thread, so the reply is
    // still pending here: false means SendFile answered an error itself
    // (503 when out of descriptors).
    call.Record(503);
  }
}

// ---- report

// Runs reports off the loop threads: Service::Report writes SQLite (one
// transaction per report, possibly waiting on the database lock), which an
// event loop must not wait for. A fixed pool with a bounded queue; a full
// queue is answered 503 + Retry-After by the caller.
class WorkQueue {
 public:
  WorkQueue(size_t threads, size_t capacity) : capacity_(capacity) {
    for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
  }
  // Drops queued jobs (their replies are inert: the edge server stopped
  // first) and joins the threads after their current job.
  ~WorkQueue() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stopping_ = true;
      jobs_.clear();
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  // False (and `job` is dropped) when `capacity` jobs are waiting.
  bool TryPost(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> l(mu_);
      if (stopping_ || jobs_.size() >= capacity_) return false;
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> l(mu_);
    while (true) {
      cv_.wait(l, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      l.unlock();
      job();
      job = nullptr;  // release the reply before waiting again
      l.lock();
    }
  }

  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
};

// Reports are small and a worker is busy for one SQLite transaction each, so
// two workers keep up with the database (which serializes writers anyway).
constexpr size_t kReportWorkers = 2;
// Waiting reports (each holds its body, <= max_json_body) before 503s.
constexpr size_t kReportQueue = 256;

void Report(Service* svc, WorkQueue& reports, const CallPtr& call, edge::Request&& req,
            const ReplyPtr& reply, const std::string& app) {
  auto job = [svc, call, reply, app, key = AppKey(req), body = std::move(req.body)] {
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

void PushWait(Service* svc, const CallPtr& call, const edge::Request& req, const ReplyPtr& reply,
              const std::string& app) {
  int64_t timeout = 60;
  if (auto t = req.query.find("timeout"); t != req.query.end()) {
    timeout = std::strtoll(t->second.c_str(), nullptr, 10);
  }
  auto device = ReadDeviceContext(*svc, app, AppKey(req), req.body);
  if (!device.ok()) return SendError(*call, reply, device.status());
  auto id = svc->WaitPush(app, AppKey(req), *std::move(device), timeout, req.peer_ip,
                          [call, reply](const PushEvent& event) {
                            Send(*call, reply, 200, "application/json", event.json);
                          });
  if (!id.ok()) return SendError(*call, reply, id.status());
  // The device hung up (or the server stops): free the slot now. A no-op
  // when the wait was already answered.
  reply->OnClose([svc, call, id = *id] {
    svc->CancelPush(id);
    call->Record(kClientClosed);
  });
}

// One event stream. Events that arrive between the subscription and the
// start of the stream are queued, so `ready` is always the first event.
struct Stream {
  ReplyPtr reply;
  Service* svc = nullptr;
  std::atomic<uint64_t> id{0};
  std::mutex mu;  // orders writes from concurrent pushes and heartbeats
  bool started = false;
  bool ended = false;                // `reconnect` queued before `started`
  std::vector<std::string> pending;  // frames queued before `started`
};

// The frame comes ready-made with the event (PushEvent::sse): built once per
// notification, not per stream. `reconnect` (the stream's lifetime is over;
// the hub has already dropped the waiter) is the last frame.
void OnStreamEvent(const std::shared_ptr<Stream>& st, const PushEvent& event) {
  const bool last = event.name == "reconnect";
  bool gone = false;
  {
    std::lock_guard<std::mutex> l(st->mu);
    if (!st->started) {
      if (event.name != "heartbeat" && !st->ended) st->pending.push_back(event.sse);
      st->ended = st->ended || last;
      return;
    }
    gone = !st->reply->Write(event.sse);
    if (last) {
      st->reply->End();
      return;
    }
  }
  // A peer that is gone or reads too slowly: OnClose frees the slot too,
  // this just does not wait for it.
  if (gone) st->svc->CancelPush(st->id.load());
}

void PushStream(Service* svc, int64_t heartbeat_s, const CallPtr& call, const edge::Request& req,
                const ReplyPtr& reply, const std::string& app) {
  std::string key = AppKey(req);
  std::string device_json;
  if (req.method == "GET") {
    // EventSource cannot send a body or headers: both come in the query.
    auto d = req.query.find("device");
    if (d == req.query.end()) {
      return SendError(
          *call, reply,
          Status::InvalidArgument("push/stream: GET needs ?device=<device context JSON>"));
    }
    device_json = d->second;
    if (auto k = req.query.find("app_key"); k != req.query.end() && key.empty()) key = k->second;
  } else {
    device_json = req.body;
  }
  auto st = std::make_shared<Stream>();
  st->reply = reply;
  st->svc = svc;
  auto device = ReadDeviceContext(*svc, app, key, device_json);
  if (!device.ok()) return SendError(*call, reply, device.status());
  auto id = svc->SubscribePush(app, key, *std::move(device), req.peer_ip,
                               [st](const PushEvent& event) { OnStreamEvent(st, event); });
  if (!id.ok()) return SendError(*call, reply, id.status());
  st->id.store(*id);
  bool started = false;
  {
    std::lock_guard<std::mutex> l(st->mu);
    started = reply->StartStream("text/event-stream",
                                 {{"Cache-Control", "no-store"}, {"X-Accel-Buffering", "no"}});
    if (started) {
      const json ready{{"event", "ready"}, {"heartbeat_s", heartbeat_s}};
      reply->Write("retry: " + std::to_string(kStreamRetryMs) +
                   "\nevent: ready\ndata: " + ready.dump() + "\n\n");
      for (std::string& frame : st->pending) reply->Write(std::move(frame));
      if (st->ended) reply->End();
    }
    st->pending.clear();
    st->started = true;
  }
  if (started) call->Record(200);  // time to the start of the stream
  // Runs at once if the peer is already gone. Captures no reply (no cycle).
  reply->OnClose([svc, id = *id] { svc->CancelPush(id); });
}

// ---- dispatch

void Route(Service* svc, BlobFiles& files, WorkQueue& reports, int64_t heartbeat_s,
           edge::Request&& req, const ReplyPtr& reply) {
  auto call = std::make_shared<Call>();
  call->svc = svc;
  const auto& seg = req.seg;
  const std::string& m = req.method;
  if (seg.size() == 1 && seg[0] == "healthz") {
    call->route = "edge_healthz";
    if (m != "GET" && m != "HEAD") return SendMethodNotAllowed(*call, reply, req, "GET, HEAD");
    return SendJson(*call, reply, 200, {{"status", "ok"}});
  }
  if (seg.size() == 3 && seg[0] == "v1" && seg[1] == "blobs") {
    call->route = "edge_blob";
    if (m != "GET" && m != "HEAD") return SendMethodNotAllowed(*call, reply, req, "GET, HEAD");
    return ServeBlob(svc, files, *call, req, reply, seg[2]);
  }
  if (seg.size() >= 4 && seg[0] == "v1" && seg[1] == "apps") {
    const std::string& app = seg[2];
    if (seg.size() == 4 && (seg[3] == "check" || seg[3] == "report")) {
      call->route = "edge_" + seg[3];
      if (m != "POST") return SendMethodNotAllowed(*call, reply, req, "POST");
      if (seg[3] == "check") {
        auto device = ReadDeviceContext(*svc, app, AppKey(req), req.body);
        if (!device.ok()) return SendError(*call, reply, device.status());
        auto r = svc->Check(app, AppKey(req), *std::move(device), req.peer_ip, NowSeconds());
        if (!r.ok()) return SendError(*call, reply, r.status());
        // Pre-serialized once per cached manifest (Service::Check).
        return Send(*call, reply, 200, "application/json", (*r)->response_json);
      }
      return Report(svc, reports, call, std::move(req), reply, app);
    }
    if (seg.size() == 5 && seg[3] == "push" && seg[4] == "wait") {
      call->route = "edge_push_wait";
      if (m != "POST") return SendMethodNotAllowed(*call, reply, req, "POST");
      return PushWait(svc, call, req, reply, app);
    }
    if (seg.size() == 5 && seg[3] == "push" && seg[4] == "stream") {
      call->route = "edge_push_stream";
      if (m != "POST" && m != "GET") return SendMethodNotAllowed(*call, reply, req, "GET, POST");
      return PushStream(svc, heartbeat_s, call, req, reply, app);
    }
  }
  SendError(*call, reply, Status::NotFound("no route for " + m + " " + Path(req)));
}

}  // namespace

edge::Handler MakeEdgeHandler(Service* svc, const ServerConfig& cfg) {
  auto files = std::make_shared<BlobFiles>();
  auto reports = std::make_shared<WorkQueue>(kReportWorkers, kReportQueue);
  const int64_t heartbeat_s = cfg.push_heartbeat_s;
  return
      [svc, files, reports, heartbeat_s](edge::Request&& req, std::shared_ptr<edge::Reply> reply) {
        Route(svc, *files, *reports, heartbeat_s, std::move(req), reply);
      };
}

}  // namespace suture::server

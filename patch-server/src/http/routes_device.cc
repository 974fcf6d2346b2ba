// Device routes: check, report, push wait (long-poll), blob download.
#include <sys/stat.h>

#include <cpprest/rawptrstream.h>

#include <mutex>
#include <unordered_map>

#include "suture/core/file_util.h"

#include "http/device_json.h"
#include "http/http_util.h"
#include "http/range.h"

namespace suture::server {

using nlohmann::json;

namespace {

// Mappings of served blobs, kept for the life of the process: blobs are
// immutable and never deleted while the server runs, and a mapping costs
// address space, not memory (pages belong to the page cache).
StatusOr<std::shared_ptr<const MappedFile>> MappedBlob(const std::string& id,
                                                       const std::string& path) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<const MappedFile>> cache;
  std::lock_guard<std::mutex> l(mu);
  auto it = cache.find(id);
  if (it != cache.end()) return it->second;
  SUTURE_ASSIGN_OR_RETURN(MappedFile m, MappedFile::Open(path));
  auto shared = std::make_shared<const MappedFile>(std::move(m));
  cache.emplace(id, shared);
  return shared;
}

void ServeBlob(const Ctx& c, const std::string& id) {
  auto path = c->svc->BlobPath(id);
  if (!path.ok()) {
    ReplyError(c, path.status());
    return;
  }
  struct stat st;
  if (::stat(path->c_str(), &st) != 0) {
    ReplyError(c, Status::NotFound("blob " + id));
    return;
  }
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  const BlobAnswer a = PlanBlobAnswer("\"" + id + "\"", size, Header(c, "If-None-Match"),
                                      Header(c, "Range"), Header(c, "If-Range"));
  web::http::http_response r(a.status);
  for (const auto& [name, value] : a.headers) r.headers().add(name, value);
  if (a.status == 304) {
    Reply(c, std::move(r));
    return;
  }
  if (a.status == 416) {
    r.set_body(ErrorBodyJson("invalid_argument", a.error_message), "application/json");
    Reply(c, std::move(r));
    return;
  }
  if (a.length == 0) {
    r.set_body(std::string(), "application/octet-stream");
    Reply(c, std::move(r));
    return;
  }
  // Serve from a read-only mapping of the (immutable) blob. cpprestsdk's
  // file streams block a pool thread in their destructor until an async
  // close runs on the same pool, which deadlocks under load; a raw-pointer
  // stream over a mapping has no such close.
  auto mapped = MappedBlob(id, *path);
  if (!mapped.ok()) {
    ReplyError(c, mapped.status());
    return;
  }
  const ByteView view = (*mapped)->view();
  if (!RangeFits(a.first, a.length, view.size())) {
    ReplyError(c, Status::Internal("blob " + id + " changed size while served"));
    return;
  }
  r.set_body(concurrency::streams::rawptr_stream<uint8_t>::open_istream(view.data() + a.first,
                                                                         a.length),
             a.length, "application/octet-stream");
  Reply(c, std::move(r));
}

}  // namespace

bool RouteDevice(const Ctx& c) {
  const auto& seg = c->seg;
  const std::string& m = c->req.method();
  if (seg.size() == 3 && seg[0] == "v1" && seg[1] == "blobs") {
    c->route = "blob";
    // HEAD is refused: cpprestsdk cannot send a Content-Length without a body
    // (it throws "uninitialized stream object" and aborts the process).
    if (m != "GET") {
      ReplyError(c, Status::InvalidArgument("blobs are read with GET"));
      return true;
    }
    ServeBlob(c, seg[2]);
    return true;
  }
  if (seg.size() < 4 || seg[0] != "v1" || seg[1] != "apps") return false;
  const std::string app = seg[2];
  const std::string key = Header(c, "X-Suture-App-Key");
  if (seg.size() == 4 && seg[3] == "check" && m == "POST") {
    c->route = "check";
    ReadSmallBody(c, [c, app, key](StatusOr<std::string> body) {
      if (!body.ok()) return ReplyError(c, body.status());
      auto device = ReadDeviceContext(*c->svc, app, key, *body);
      if (!device.ok()) return ReplyError(c, device.status());
      auto r = c->svc->Check(app, key, *std::move(device), PeerIp(c), NowSeconds());
      if (!r.ok()) return ReplyError(c, r.status());
      // Pre-serialized once per cached manifest (Service::Check).
      ReplyText(c, 200, (*r)->response_json, "application/json");
    });
    return true;
  }
  if (seg.size() == 4 && seg[3] == "report" && m == "POST") {
    c->route = "report";
    ReadSmallBody(c, [c, app, key](StatusOr<std::string> body) {
      if (!body.ok()) return ReplyError(c, body.status());
      auto report = ReadReport(*c->svc, app, key, *body);
      if (!report.ok()) return ReplyError(c, report.status());
      auto r = c->svc->Report(app, key, *std::move(report), NowSeconds());
      if (!r.ok()) return ReplyError(c, r.status());
      ReplyJson(c, 200, {{"accepted", r->accepted}, {"duplicates", r->duplicates}});
    });
    return true;
  }
  if (seg.size() == 5 && seg[3] == "push" && seg[4] == "wait" && m == "POST") {
    c->route = "push_wait";
    int64_t timeout = 60;
    if (auto t = c->query.find("timeout"); t != c->query.end()) {
      timeout = std::strtoll(t->second.c_str(), nullptr, 10);
    }
    ReadSmallBody(c, [c, app, key, timeout](StatusOr<std::string> body) {
      if (!body.ok()) return ReplyError(c, body.status());
      // cpprestsdk cannot tell when the peer hangs up: the waiter is held
      // until an event or its timeout (the edge listener frees it at once).
      auto device = ReadDeviceContext(*c->svc, app, key, *body);
      if (!device.ok()) return ReplyError(c, device.status());
      auto id = c->svc->WaitPush(app, key, *std::move(device), timeout, PeerIp(c),
                                 [c](const PushEvent& event) {
                                   ReplyText(c, 200, event.json, "application/json");
                                 });
      if (!id.ok()) ReplyError(c, id.status());
    });
    return true;
  }
  return false;
}

}  // namespace suture::server

// DeviceRoutes: THE device API, one route table served by both listeners
// (the device listener, http/device_port.h, and the main port,
// http/main_port.h, both on the epoll server), written against the transport-neutral
// DeviceRequest / DeviceReply of http/device_exchange.h, so both answer with
// the same status, headers and bodies:
//   GET|HEAD /healthz
//   GET|HEAD /v1/blobs/{sha256}              Range, If-Range, If-None-Match
//            (http/range.h PlanBlobAnswer), ETag, immutable caching
//   POST /v1/apps/{app}/check | report
//   POST /v1/apps/{app}/push/wait?timeout=S  long-poll
//   POST /v1/apps/{app}/push/stream          server-sent events (body =
//   GET  /v1/apps/{app}/push/stream?device=JSON&app_key=KEY   device context)
// A known path with a wrong method gets 405 with `Allow` (code
// invalid_argument); a path that is not the table's gets 404 not_found on the
// device listener (the main port hands it to its admin routes instead, see
// Owns). Error bodies and the Status -> HTTP mapping come from
// http/status_map.h; 401 carries WWW-Authenticate, 429 and 503 Retry-After.
//
// Reports run on two worker threads owned by the table (Service::Report
// writes SQLite and may wait for its lock, which an event loop must not):
// a full queue (256) is answered 503 `unavailable` + Retry-After on both
// listeners. Blob files are opened once and cached (immutable blobs).
// Push streams start with `ready`, carry release/device events and
// heartbeats, and end with `reconnect` when their lifetime is over.
//
// Metrics: every answer is counted under "<prefix><route>" (route = healthz,
// blob, check, report, push_wait, push_stream, unknown); a long-poll whose
// peer hung up is counted with code 499.
//
// Thread-safety: Serve may be called concurrently from any thread and never
// blocks on the network or the database.
#ifndef SUTURE_SERVER_HTTP_DEVICE_ROUTES_H_
#define SUTURE_SERVER_HTTP_DEVICE_ROUTES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/device_exchange.h"
#include "service/service.h"
#include "suture/gray/netaddr.h"

namespace suture::server {

class BlobFiles;
class WorkQueue;

class DeviceRoutes {
 public:
  // REQUIRES: `svc` outlives this table and every reply it started. Destroy
  // the listeners first, then the table (it joins its report workers and
  // drops the reports still queued), then the Service.
  // `trusted_proxies`: peers whose X-Forwarded-For names the device's
  // address (ClientIp); empty = the connection's address is the device's.
  DeviceRoutes(Service* svc, int64_t push_heartbeat_s,
               std::vector<gray::Cidr> trusted_proxies = {});
  ~DeviceRoutes();
  DeviceRoutes(const DeviceRoutes&) = delete;
  DeviceRoutes& operator=(const DeviceRoutes&) = delete;

  // True when `segments` name one of the table's paths (whatever the
  // method): the main port serves those here and everything else as admin
  // routes. Pure.
  static bool Owns(const std::vector<std::string>& segments);

  // Answers `request` through `reply` (now, or later from another thread).
  // `metrics_prefix` tells the listeners apart in the request metrics ("" on
  // the main port, "device_port_" on the device listener).
  void Serve(std::string_view metrics_prefix, DeviceRequest& request,
             const std::shared_ptr<DeviceReply>& reply);

 private:
  // The device's address: the connection's, or behind a trusted proxy
  // (nginx, deploy/) the last untrusted address of X-Forwarded-For. Used by
  // the rules' `ip` conditions and the per-address push cap.
  std::string ClientIp(const DeviceRequest& req) const;

  Service* const svc_;
  const int64_t heartbeat_s_;
  const std::vector<gray::Cidr> trusted_proxies_;
  std::unique_ptr<BlobFiles> files_;
  std::unique_ptr<WorkQueue> reports_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_DEVICE_ROUTES_H_

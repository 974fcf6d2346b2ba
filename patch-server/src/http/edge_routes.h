// The device API on the edge listener (http/edge_server.h): the same answers
// (status codes, JSON bodies, headers) as the cpprestsdk routes in
// routes_device.cc, plus what only the edge can do well:
//   POST /v1/apps/{app}/check | report
//   POST /v1/apps/{app}/push/wait?timeout=S   long-poll; the waiter is
//        dropped the moment the device hangs up
//   POST /v1/apps/{app}/push/stream           server-sent events (body =
//   GET  /v1/apps/{app}/push/stream?device=JSON&app_key=KEY   device context)
//   GET|HEAD /v1/blobs/{sha256}               sendfile(2), Range, ETag
//   GET /healthz
// Anything else is a JSON 404 (405 with code invalid_argument for a known
// path with a wrong method). Every request is counted in the service's
// metrics under an "edge_*" route. Push streams end with a `reconnect` event
// when their lifetime (ServiceOptions::push_stream_max_s) is over.
//
// Thread-safety: the handler is called on the edge server's loop threads
// and never blocks on the network or the database: reports run on two
// worker threads owned by the handler (a full queue answers 503 with
// Retry-After), and reply from there; Service is thread-safe.
#ifndef SUTURE_SERVER_HTTP_EDGE_ROUTES_H_
#define SUTURE_SERVER_HTTP_EDGE_ROUTES_H_

#include "http/edge_server.h"
#include "service/service.h"
#include "suture/server/server.h"

namespace suture::server {

// REQUIRES: `svc` outlives the returned handler and every reply it started
// (destroy the EdgeServer, then the handler, before the Service): the last
// copy of the handler joins the report workers. `cfg` is copied.
edge::Handler MakeEdgeHandler(Service* svc, const ServerConfig& cfg);

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_EDGE_ROUTES_H_

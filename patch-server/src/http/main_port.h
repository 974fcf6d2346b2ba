// The main port (--listen): the whole API on the epoll HTTP/1.1 server
// (http/epoll_http_server.h), bounded before read.
//
// Why not cpprestsdk (its listener served this port until issue 16):
// cpprestsdk's http_listener reads every request body to its end before a
// response can go out and cannot close a connection without draining it, so
// a 1.5 GB Content-Length to an unknown path was held in memory and answered
// only after the last byte; it has no head or idle deadline either. The
// measurements are in docs/api.md "Limits and deadlines".
//
// Every request is looked at when its head is complete (MainPortHeadHook),
// before its body is read:
//   * no route: 404 at once;
//   * an authenticated route that declares a body: the token is checked
//     (401 at once);
//   * publish: token, BeginPublish (403/404) and Content-Length against
//     --max-upload (413) at once; then the body streams into an UploadSink
//     (a temp file under tmp/), never memory;
//   * every other body: at most --max-json-body (413 at once), buffered.
// An early answer to a request with a body says "Connection: close"; the
// body is never read into memory (the server discards what still arrives for
// at most 2 s so that the answer is not lost to a reset, then closes). The device routes run on the loop thread (they do not
// block, as on the device port); the admin routes (SQLite writes, bundle
// checks) on a pool of worker threads.
//
// Thread-safety: the hook and handler are called on the server's loop
// threads; MainPort must outlive the server they are given to.
#ifndef SUTURE_SERVER_HTTP_MAIN_PORT_H_
#define SUTURE_SERVER_HTTP_MAIN_PORT_H_

#include <memory>

#include "http/device_routes.h"
#include "http/epoll_http_server.h"
#include "http/work_queue.h"
#include "service/service.h"
#include "service/sessions.h"
#include "suture/server/server.h"

namespace suture::server {

// The 404 both ports answer from the head of a request no route takes
// (the same answer as the routes' own 404).
epoll_http::HeadDecision NoRouteAtHead(const epoll_http::Request& head);

class MainPort {
 public:
  // REQUIRES: svc, cfg and routes outlive this object. `workers` threads run
  // the admin routes.
  MainPort(Service* svc, const ServerConfig* cfg, DeviceRoutes* routes, size_t workers);
  epoll_http::HeadDecision OnHead(const epoll_http::Request& head);
  void Handle(epoll_http::Request&& req, std::shared_ptr<epoll_http::Reply> reply);

 private:
  void ServeAdmin(const std::shared_ptr<struct RequestCtx>& c);
  Service* const svc_;
  const ServerConfig* const cfg_;
  DeviceRoutes* const routes_;
  const epoll_http::Handler device_handler_;
  WorkQueue workers_;  // last: joined first, while the rest is alive
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_MAIN_PORT_H_

// Server: cpprestsdk listener setup and the top-level dispatcher.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>

#include <cpprest/http_listener.h>
#include <cpprest/uri.h>
#include <pplx/threadpool.h>

#include "http/device_port.h"
#include "http/device_routes.h"
#include "http/epoll_http_server.h"
#include "http/http_util.h"
#include "http/main_port_device.h"
#include "suture/server/server.h"

namespace suture::server {

using web::http::experimental::listener::http_listener;
using web::http::experimental::listener::http_listener_config;

// The device listener starts before the service (manifests need its URL),
// so its handler is installed once the service is open; until then it
// answers 503.
struct DeviceSlot {
  std::atomic<bool> ready{false};
  epoll_http::Handler handler;  // written once before `ready`, read only after
  Service* svc = nullptr;       // likewise
};

struct Server::Impl {
  ServerConfig cfg;
  std::unique_ptr<Service> svc;
  // The one device route table of both listeners. Declared after svc and
  // before the listeners: destroyed after both listeners (no request can
  // reach it any more) and before the service its report workers use.
  std::unique_ptr<DeviceRoutes> device_routes;
  // Destroyed before the table, so the device listener's OnClose callbacks
  // (which cancel push waiters) still find the service.
  std::shared_ptr<DeviceSlot> device_slot;
  std::unique_ptr<epoll_http::EpollHttpServer> device;
  std::unique_ptr<http_listener> listener;
  std::string url;
  std::string device_url;
};

namespace {

// Asks the kernel for a free port on `host` (bind to port 0, read it back).
StatusOr<uint16_t> PickFreePort(const std::string& host) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IoError("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    ::close(fd);
    return Status::InvalidArgument("--listen: '" + host + "' is not an IPv4 address");
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return Status::IoError("cannot bind " + host + ":0");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

void Dispatch(Server::Impl* impl, web::http::http_request req) {
  auto c = std::make_shared<RequestCtx>();
  c->req = req;
  c->svc = impl->svc.get();
  c->cfg = &impl->cfg;
  c->start = std::chrono::steady_clock::now();
  try {
    const web::uri& uri = req.relative_uri();
    for (const std::string& s : web::uri::split_path(uri.path())) {
      c->seg.push_back(web::uri::decode(s));
    }
    for (const auto& [k, v] : web::uri::split_query(uri.query())) {
      c->query[web::uri::decode(k)] = web::uri::decode(v);
    }
  } catch (const std::exception& e) {
    ReplyError(c, Status::InvalidArgument(std::string("malformed request URI: ") + e.what()));
    return;
  }
  const auto& seg = c->seg;
  const std::string& method = req.method();
  try {
    if (seg.size() == 1 && seg[0] == "metrics" && method == "GET") {
      c->route = "metrics";
      ReplyText(c, 200, c->svc->metrics().Render(), "text/plain; version=0.0.4");
      return;
    }
    if (seg.size() == 1 && seg[0] == "openapi.json" && method == "GET") {
      c->route = "openapi";
      ReplyText(c, 200, OpenApiJson(), "application/json");
      return;
    }
    // /healthz and the device API: the same table as the device listener.
    if (ServeDeviceOnMainPort(*impl->device_routes, c) || RouteAdmin(c)) return;
    ReplyError(c, Status::NotFound("no route for " + method + " " + req.relative_uri().path()));
  } catch (const std::exception& e) {
    ReplyError(c, Status::Internal(std::string("unhandled exception: ") + e.what()));
  }
}

}  // namespace

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  if (impl_ && impl_->listener) {
    EndMainPortStreams();
    try {
      impl_->listener->close().wait();
    } catch (...) {
    }
  }
}

const std::string& Server::url() const { return impl_->url; }
const std::string& Server::device_url() const { return impl_->device_url; }
size_t Server::device_max_connections() const {
  return impl_->device ? impl_->device->max_connections() : 0;
}

namespace {

StatusOr<std::unique_ptr<epoll_http::EpollHttpServer>> StartDeviceListener(
    const ServerConfig& config, std::shared_ptr<DeviceSlot> slot) {
  if (config.device_port < 0 || config.device_port > 65535) {
    return Status::InvalidArgument("device port " + std::to_string(config.device_port) +
                                   " is out of range");
  }
  epoll_http::Options eo;
  eo.host = config.device_host.empty() ? config.host : config.device_host;
  eo.port = static_cast<uint16_t>(config.device_port);
  eo.threads = config.device_threads == 0 ? 1 : config.device_threads;
  eo.max_body = static_cast<size_t>(config.max_json_body);
  eo.max_connections = config.device_max_connections;
  eo.max_connections_per_ip = config.device_max_connections_per_ip;
  // Errors the server answers by itself (malformed requests, dropped
  // replies) are counted like every routed answer, as "device_port_<what>". The
  // listener stops before the service is destroyed (Impl member order), and
  // the slot is read only once ready.
  eo.on_server_response = [slot](std::string_view what, int status, double secs) {
    if (!slot->ready.load(std::memory_order_acquire)) return;
    slot->svc->metrics().RecordRequest(std::string(kDevicePortMetricsPrefix) + std::string(what),
                                       status, secs);
  };
  auto server = epoll_http::EpollHttpServer::Start(
      eo, [slot](epoll_http::Request&& req, std::shared_ptr<epoll_http::Reply> reply) {
        if (!slot->ready.load(std::memory_order_acquire)) {
          reply->Send(503, "application/json",
                      ErrorBodyJson(Status::Unavailable("server is starting")),
                      {{"Retry-After", "1"}});
          return;
        }
        slot->handler(std::move(req), std::move(reply));
      });
  if (!server.ok()) return server.status().WithContext("device listener");
  return server;
}

}  // namespace

StatusOr<std::unique_ptr<Server>> Server::Start(const ServerConfig& config,
                                                std::string* first_admin_token) {
  // cpprestsdk's pool serves both socket I/O and handlers; handlers never
  // block, so a few threads per core beat its default of 40.
  if (config.threads > 0) {
    static bool initialized = false;
    if (!initialized) {
      try {
        crossplat::threadpool::initialize_with_threads(config.threads);
      } catch (...) {
        // Already created by an earlier cpprestsdk call: keep its size.
      }
      initialized = true;
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->cfg = config;
  ServiceOptions so;
  so.data_dir = config.data_dir;
  so.max_upload_bytes = config.max_upload;
  so.manifest_ttl_s = config.manifest_ttl_s;
  so.blob_base_url = config.blob_base_url;
  so.device_rate_per_s = config.device_rate_per_s;
  so.device_burst = config.device_burst;
  so.tick_interval_s = config.tick_interval_s;
  so.push_max_timeout_s = config.push_max_timeout_s;
  so.max_push_waiters = config.max_push_waiters;
  so.push_heartbeat_s = config.push_heartbeat_s;
  so.push_max_per_ip = config.push_max_per_ip;
  so.push_cap_loopback = config.push_cap_loopback;
  so.push_stream_max_s = config.push_stream_max_s;
  if (config.device_port != -1) {
    impl->device_slot = std::make_shared<DeviceSlot>();
    SUTURE_ASSIGN_OR_RETURN(impl->device, StartDeviceListener(config, impl->device_slot));
    impl->device_url = impl->device->url();
    // Devices download blobs from the device listener (sendfile) unless a
    // CDN is set.
    if (so.blob_base_url.empty()) so.blob_base_url = impl->device_url + "/v1/blobs/";
  }
  SUTURE_ASSIGN_OR_RETURN(impl->svc, Service::Open(so, first_admin_token));
  impl->device_routes = std::make_unique<DeviceRoutes>(impl->svc.get(), config.push_heartbeat_s);
  if (impl->device) {
    impl->device_slot->handler = MakeDevicePortHandler(impl->device_routes.get());
    impl->device_slot->svc = impl->svc.get();
    impl->device_slot->ready.store(true, std::memory_order_release);
  }

  http_listener_config lc;
  lc.set_timeout(utility::seconds(config.push_max_timeout_s + 60));
  lc.set_backlog(4096);
  Status last = Status::Internal("not started");
  for (int attempt = 0; attempt < 20; ++attempt) {
    uint16_t port = config.port;
    if (port == 0) {
      SUTURE_ASSIGN_OR_RETURN(port, PickFreePort(config.host));
    }
    const std::string url = "http://" + config.host + ":" + std::to_string(port);
    try {
      auto listener = std::make_unique<http_listener>(web::uri(url), lc);
      Impl* raw = impl.get();
      listener->support([raw](web::http::http_request req) { Dispatch(raw, req); });
      listener->open().wait();
      impl->listener = std::move(listener);
      impl->url = url;
      return std::unique_ptr<Server>(new Server(std::move(impl)));
    } catch (const std::exception& e) {
      last = Status::IoError("cannot listen on " + url + ": " + e.what());
      if (config.port != 0) break;  // a fixed port: report, do not retry
    }
  }
  return last;
}

}  // namespace suture::server

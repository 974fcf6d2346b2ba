// Server: the two epoll listeners (the main port, http/main_port.h, and the
// device port, http/device_port.h) over one service.
#include <atomic>

#include "http/device_port.h"
#include "http/device_routes.h"
#include "http/epoll_http_server.h"
#include "http/http_util.h"
#include "http/main_port.h"
#include "suture/server/server.h"

namespace suture::server {

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
  // The main port's routing and worker threads; destroyed after its
  // listener, before the route table and the service.
  std::unique_ptr<MainPort> main_port;
  std::unique_ptr<epoll_http::EpollHttpServer> main;
  std::string url;
  std::string device_url;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

// Members go in reverse order: the main listener, its workers, the device
// listener, the route table, the service.
Server::~Server() = default;

const std::string& Server::url() const { return impl_->url; }
const std::string& Server::device_url() const { return impl_->device_url; }
size_t Server::device_max_connections() const {
  return impl_->device ? impl_->device->max_connections() : 0;
}

namespace {

// Limits and deadlines both listeners share.
epoll_http::Options ListenerOptions(const ServerConfig& config) {
  epoll_http::Options eo;
  eo.max_body = static_cast<size_t>(config.max_json_body);
  eo.request_timeout_s = config.head_timeout_s;
  eo.idle_timeout_s = config.idle_timeout_s;
  eo.body_timeout_s = config.body_timeout_s;
  eo.min_body_rate = config.min_body_rate;
  return eo;
}

StatusOr<std::unique_ptr<epoll_http::EpollHttpServer>> StartDeviceListener(
    const ServerConfig& config, std::shared_ptr<DeviceSlot> slot) {
  if (config.device_port < 0 || config.device_port > 65535) {
    return Status::InvalidArgument("device port " + std::to_string(config.device_port) +
                                   " is out of range");
  }
  epoll_http::Options eo = ListenerOptions(config);
  eo.host = config.device_host.empty() ? config.host : config.device_host;
  eo.port = static_cast<uint16_t>(config.device_port);
  eo.threads = config.device_threads == 0 ? 1 : config.device_threads;
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
  // Bounded before read: a path no device route takes is answered 404 from
  // its head, its body unread.
  eo.head_hook = [slot](const epoll_http::Request& head) {
    if (DeviceRoutes::Owns(head.seg)) return epoll_http::HeadDecision{};
    if (slot->ready.load(std::memory_order_acquire)) {
      slot->svc->metrics().RecordRequest(std::string(kDevicePortMetricsPrefix) + "unknown", 404,
                                         0.0);
    }
    return NoRouteAtHead(head);
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
  auto impl = std::make_unique<Impl>();
  impl->cfg = config;
  ServiceOptions so;
  so.data_dir = config.data_dir;
  so.db_url = config.db_url;
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
  std::vector<gray::Cidr> trusted;
  for (const std::string& block : config.trusted_proxies) {
    auto cidr = gray::ParseCidr(block);
    if (!cidr.ok()) return cidr.status().WithContext("--trust-proxy '" + block + "'");
    trusted.push_back(*cidr);
  }
  SUTURE_ASSIGN_OR_RETURN(impl->svc, Service::Open(so, first_admin_token));
  impl->device_routes = std::make_unique<DeviceRoutes>(impl->svc.get(), config.push_heartbeat_s,
                                                       std::move(trusted));
  if (impl->device) {
    impl->device_slot->handler = MakeDevicePortHandler(impl->device_routes.get());
    impl->device_slot->svc = impl->svc.get();
    impl->device_slot->ready.store(true, std::memory_order_release);
  }

  const size_t threads = config.threads == 0 ? 8 : config.threads;
  impl->main_port =
      std::make_unique<MainPort>(impl->svc.get(), &impl->cfg, impl->device_routes.get(), threads);
  epoll_http::Options mo = ListenerOptions(config);
  mo.host = config.host;
  mo.port = config.port;
  mo.threads = threads;
  // As before the move from cpprestsdk: no per-peer cap on the admin port
  // (behind a proxy every connection has its address); the deadlines bound
  // what an idle or slow connection can hold.
  mo.max_connections_per_ip = 0;
  MainPort* main_port = impl->main_port.get();
  mo.head_hook = [main_port](const epoll_http::Request& head) { return main_port->OnHead(head); };
  Service* svc = impl->svc.get();
  mo.on_server_response = [svc](std::string_view what, int status, double secs) {
    svc->metrics().RecordRequest(std::string(what), status, secs);
  };
  auto main = epoll_http::EpollHttpServer::Start(
      mo, [main_port](epoll_http::Request&& req, std::shared_ptr<epoll_http::Reply> reply) {
        main_port->Handle(std::move(req), std::move(reply));
      });
  if (!main.ok()) return main.status().WithContext("main listener");
  impl->main = *std::move(main);
  impl->url = impl->main->url();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

}  // namespace suture::server

// The device listener ("device port", --device-listen): the device route
// table (http/device_routes.h) served by the epoll HTTP/1.1 server
// (http/epoll_http_server.h); the main port (http/main_port.h) serves the
// same table through the same adapter. This file only adapts epoll_http::Request and
// epoll_http::Reply to DeviceRequest and DeviceReply: blob ranges go out
// with sendfile(2), and a peer's hang-up reaches OnClose at once.
//
// Thread-safety: the handler runs on the server's loop threads and does not
// block (DeviceRoutes::Serve does not).
#ifndef SUTURE_SERVER_HTTP_DEVICE_PORT_H_
#define SUTURE_SERVER_HTTP_DEVICE_PORT_H_

#include <memory>

#include "http/device_routes.h"
#include "http/epoll_http_server.h"

namespace suture::server {

// Metrics prefix of the device listener's requests ("device_port_check", ...).
inline constexpr std::string_view kDevicePortMetricsPrefix = "device_port_";

// REQUIRES: `routes` outlives the server the handler is given to. The main
// port serves the same table with the metrics prefix "".
epoll_http::Handler MakeDevicePortHandler(
    DeviceRoutes* routes, std::string_view metrics_prefix = kDevicePortMetricsPrefix);

// The same adapter for a reply of another route that streams (the
// console's live dashboard, http/event_stream.h).
std::shared_ptr<DeviceReply> AsDeviceReply(std::shared_ptr<epoll_http::Reply> reply);

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_DEVICE_PORT_H_

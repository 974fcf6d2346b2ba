// suture-server: the HTTP server over the Suture service.
//
// Server::Start opens (or initializes) the data folder and listens on
// host:port (the main port: the whole API); port 0 picks a free loopback
// port (see url()). Unless device_port is -1 it also starts the device
// listener (see device_url()): the device API only. Both listeners are the
// epoll HTTP/1.1 server (src/http/epoll_http_server.h): every request is
// bounded when its head arrives, before its body is read (head, body and
// idle deadlines below; docs/api.md "Limits and deadlines"). Both serve the
// device API from one route table, with the same answers. The API is documented in docs/api.md and
// served as OpenAPI JSON at /openapi.json.
//
// Thread-safety: Start/stop from one thread; requests are served on the
// listeners' event loops and the main port's worker threads.
#ifndef SUTURE_SERVER_SERVER_H_
#define SUTURE_SERVER_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "suture/core/status.h"

namespace suture::server {

struct ServerConfig {
  std::string data_dir;
  // "" = SQLite in data_dir; postgresql://... = the shared database of a
  // cluster of instances (ServiceOptions::db_url).
  std::string db_url;
  // CIDR blocks of reverse proxies whose X-Forwarded-For names the device's
  // address (--trust-proxy); empty = none.
  std::vector<std::string> trusted_proxies;
  std::string host = "127.0.0.1";
  uint16_t port = 8080;                     // 0 = pick a free port
  uint64_t max_json_body = 64 * 1024;       // JSON request bodies
  uint64_t max_upload = 256ull << 20;       // bundle uploads
  std::string blob_base_url;                // "" = this server's /v1/blobs/
  int64_t manifest_ttl_s = 24 * 3600;
  double device_rate_per_s = 1.0;
  double device_burst = 20.0;
  int64_t tick_interval_s = 10;
  int64_t push_max_timeout_s = 300;
  size_t max_push_waiters = 100000;         // long-polls + event streams, both listeners
  int64_t push_heartbeat_s = 25;            // event-stream heartbeat interval
  size_t threads = 8;                       // main port event loops and admin workers; 0 = 8
  // Both listeners: a request head must arrive within head_timeout_s (of
  // the accept, or of its first byte after a response); a keep-alive
  // connection may wait idle_timeout_s for its next request; a body may not
  // pause longer than body_timeout_s and must average min_body_rate bytes/s
  // after that grace.
  int head_timeout_s = 30;
  int idle_timeout_s = 60;
  int body_timeout_s = 30;
  size_t min_body_rate = 1024;
  // The device listener (epoll; the device API: blobs with sendfile, check,
  // report, push long-polls and event streams; docs/api.md "Device listener").
  std::string device_host;                  // "" = host
  int device_port = 0;                      // -1 = off, 0 = pick a free port
  size_t device_threads = 2;                // event loops
  size_t device_max_connections = 100000;   // capped below the open-file limit
  size_t device_max_connections_per_ip = 1000;  // 0 = unlimited; loopback peers exempt
  // push limits (both listeners)
  size_t push_max_per_ip = 1000;            // push waiters per peer IP; 0 = unlimited
  bool push_cap_loopback = false;           // also cap loopback peers (exempt by default)
  int64_t push_stream_max_s = 3600;         // event-stream lifetime (+ <= 10% jitter); 0 = none
};

class Server {
 public:
  // Opens the data folder and starts listening. On first start
  // *first_admin_token receives the bootstrap admin token (else empty).
  static StatusOr<std::unique_ptr<Server>> Start(const ServerConfig& config,
                                                 std::string* first_admin_token);
  ~Server();  // stops listening
  // "http://127.0.0.1:43210"
  const std::string& url() const;
  // The device listener's URL, "" when it is off. When blob_base_url is
  // empty and the device listener is on, manifests point at
  // <device_url>/v1/blobs/.
  const std::string& device_url() const;
  // The device listener's effective connection limit
  // (device_max_connections after the cap by the open-file limit); 0 when
  // it is off.
  size_t device_max_connections() const;

  struct Impl;  // defined in src/http/http_server.cc

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVER_H_

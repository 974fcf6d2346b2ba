// A loopback HTTP/1.1 proxy that injects network and server faults between
// one simulated device and the real server (suture-client fleet). The client
// opens one connection per request (libcurl easy handle per call), so one
// decision per connection is one decision per request.
//
// Kinds:
//   kCut    forward, then close both sides after a random byte count inside
//           the upstream answer (head + body, from its Content-Length)
//   kError  answer 500, 502 or 503 (+ Retry-After: 1) itself with a JSON
//           error body and Connection: close, without forwarding
//   kStall  either send nothing or forward part of the answer, then hold the
//           connection open for stall_ms before closing it
// The first `always` connections are faulted, later ones with probability
// `p`; Disable() turns faults off (clean forwarding) for a final check.
//
// Thread-safety: one acceptor thread and one thread per connection; the
// public calls are safe from any thread. The destructor stops and joins all.
#ifndef SUTURE_CLIENT_SRC_FAULT_PROXY_H_
#define SUTURE_CLIENT_SRC_FAULT_PROXY_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "suture/core/status.h"

namespace suture::client {

class FaultProxy {
 public:
  enum class Kind { kCut, kError, kStall };
  struct Options {
    Kind kind = Kind::kCut;
    std::string upstream_host = "127.0.0.1";
    int upstream_port = 0;
    int always = 2;       // first connections always faulted
    double p = 0.3;       // then this share
    int stall_ms = 4000;  // kStall: how long a connection is held
    uint32_t seed = 1;
  };

  // Listens on 127.0.0.1 (an ephemeral port) and starts accepting.
  static StatusOr<std::unique_ptr<FaultProxy>> Start(const Options& options);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void Disable() { disabled_ = true; }
  int connections() const { return connections_.load(); }
  int faults() const { return faults_.load(); }

 private:
  explicit FaultProxy(const Options& o) : o_(o), rng_(o.seed) {}
  void AcceptLoop();
  void Serve(int client, bool fault, uint64_t draw);
  // Forwards client <-> upstream; with `cut_or_stall`, stops forwarding at a
  // random point of the upstream answer and then closes (kCut) or holds (kStall).
  void Forward(int client, bool cut_or_stall, uint64_t draw);
  void Hold(int fd);

  Options o_;
  int listen_fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false}, disabled_{false};
  std::atomic<int> connections_{0}, faults_{0};
  std::mutex mu_;  // guards rng_ and workers_
  std::mt19937_64 rng_;
  std::thread acceptor_;
  std::vector<std::thread> workers_;
};

// "http://host:port[/...]" -> host, port; false for anything else (https,
// no port is port 80).
bool ParseHttpHostPort(const std::string& url, std::string* host, int* port);

}  // namespace suture::client

#endif  // SUTURE_CLIENT_SRC_FAULT_PROXY_H_

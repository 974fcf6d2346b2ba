// Process metrics rendered in the Prometheus text exposition format.
//
// Counters are identified by a metric name plus a label string in Prometheus
// syntax (`route="check",code="200"`). Gauges are read through callbacks at
// render time.
//
// Thread-safety: thread-safe.
#ifndef SUTURE_SERVER_SERVICE_METRICS_H_
#define SUTURE_SERVER_SERVICE_METRICS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace suture::server {

class Metrics {
 public:
  // Declares a metric's help text and type ("counter" or "gauge").
  void Describe(const std::string& name, const std::string& type, const std::string& help);
  void Add(const std::string& name, const std::string& labels, double delta = 1);
  void SetGaugeFn(const std::string& name, std::function<double()> fn);
  // Observes a request latency into the `suture_http_request_seconds` histogram.
  void ObserveLatency(const std::string& route, double seconds);
  // One HTTP request: suture_http_requests_total{route,code} + latency, one lock.
  void RecordRequest(const std::string& route, int code, double seconds);
  std::string Render() const;

 private:
  void ObserveLatencyLocked(const std::string& route, double seconds);
  struct Info {
    std::string type;
    std::string help;
  };
  mutable std::mutex mu_;
  std::map<std::string, Info> info_;
  std::map<std::string, std::map<std::string, double>> values_;
  std::map<std::string, std::function<double()>> gauges_;
  std::map<std::string, std::vector<uint64_t>> latency_buckets_;  // per route, cumulative later
  std::map<std::string, std::pair<double, uint64_t>> latency_sum_count_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_METRICS_H_

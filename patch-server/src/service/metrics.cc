#include "service/metrics.h"

#include <array>
#include <cstdio>

namespace suture::server {
namespace {

constexpr std::array<double, 10> kLatencyBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                   0.025,  0.05,  0.1,    0.5,   2.5};

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}

}  // namespace

void Metrics::Describe(const std::string& name, const std::string& type,
                       const std::string& help) {
  std::lock_guard<std::mutex> l(mu_);
  info_[name] = Info{type, help};
}

void Metrics::Add(const std::string& name, const std::string& labels, double delta) {
  std::lock_guard<std::mutex> l(mu_);
  values_[name][labels] += delta;
}

void Metrics::SetGaugeFn(const std::string& name, std::function<double()> fn) {
  std::lock_guard<std::mutex> l(mu_);
  gauges_[name] = std::move(fn);
}

void Metrics::RecordRequest(const std::string& route, int code, double seconds) {
  std::string labels;
  labels.reserve(route.size() + 24);
  labels.append("route=\"").append(route).append("\",code=\"").append(std::to_string(code)).append("\"");
  std::lock_guard<std::mutex> l(mu_);
  values_["suture_http_requests_total"][labels] += 1;
  ObserveLatencyLocked(route, seconds);
}

void Metrics::ObserveLatency(const std::string& route, double seconds) {
  std::lock_guard<std::mutex> l(mu_);
  ObserveLatencyLocked(route, seconds);
}

void Metrics::ObserveLatencyLocked(const std::string& route, double seconds) {
  auto& buckets = latency_buckets_[route];
  if (buckets.empty()) buckets.assign(kLatencyBounds.size(), 0);
  for (size_t i = 0; i < kLatencyBounds.size(); ++i) {
    if (seconds <= kLatencyBounds[i]) {
      ++buckets[i];
      break;
    }
  }
  auto& sc = latency_sum_count_[route];
  sc.first += seconds;
  ++sc.second;
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> l(mu_);
  std::string out;
  auto header = [&](const std::string& name, const char* default_type) {
    auto it = info_.find(name);
    if (it != info_.end()) {
      out += "# HELP " + name + " " + it->second.help + "\n";
      out += "# TYPE " + name + " " + it->second.type + "\n";
    } else {
      out += "# TYPE " + name + " " + default_type + "\n";
    }
  };
  for (const auto& [name, series] : values_) {
    header(name, "counter");
    for (const auto& [labels, v] : series) {
      out += name + (labels.empty() ? "" : "{" + labels + "}") + " " + Num(v) + "\n";
    }
  }
  for (const auto& [name, fn] : gauges_) {
    header(name, "gauge");
    out += name + " " + Num(fn()) + "\n";
  }
  if (!latency_buckets_.empty()) {
    out += "# HELP suture_http_request_seconds Request handling time by route.\n";
    out += "# TYPE suture_http_request_seconds histogram\n";
    for (const auto& [route, buckets] : latency_buckets_) {
      uint64_t cum = 0;
      for (size_t i = 0; i < kLatencyBounds.size(); ++i) {
        cum += buckets[i];
        out += "suture_http_request_seconds_bucket{route=\"" + route + "\",le=\"" +
               Num(kLatencyBounds[i]) + "\"} " + std::to_string(cum) + "\n";
      }
      const auto& sc = latency_sum_count_.at(route);
      out += "suture_http_request_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} " +
             std::to_string(sc.second) + "\n";
      out += "suture_http_request_seconds_sum{route=\"" + route + "\"} " + Num(sc.first) + "\n";
      out += "suture_http_request_seconds_count{route=\"" + route + "\"} " +
             std::to_string(sc.second) + "\n";
    }
  }
  return out;
}

}  // namespace suture::server

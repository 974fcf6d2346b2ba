// RSS of suture-server's service against the number of distinct devices that
// check: every device sends one check (in-process Service::Check on a real
// data folder, the background flush thread running, as in the server), and
// the process's RSS is printed as it grows. Not a test: one JSON line per
// sample on stdout.
//
//   device_memory_bench --devices N [--bases K] [--threads T] [--data DIR]
//
// The app has no release: every check counts in the checked cell of its base
// build; --bases spreads the devices over K base builds (K cells, each exact
// up to max_devices_per_cell, all together up to max_total_devices). Each run is bounded by N
// (about 0.3-1 M checks per second on the shared machine).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "service/service.h"
#include "suture/core/crypto.h"

namespace {

using suture::server::Service;
using suture::server::ServiceOptions;

double RssMb() {
  std::ifstream f("/proc/self/statm");
  long pages_total = 0, pages_rss = 0;
  f >> pages_total >> pages_rss;
  return static_cast<double>(pages_rss) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
}

int Fail(const std::string& what, const suture::Status& s) {
  std::fprintf(stderr, "device_memory_bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t devices = 1000000;
  unsigned threads = 2;
  uint64_t bases = 1;
  std::string data;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--devices" && i + 1 < argc) {
      devices = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--bases" && i + 1 < argc) {
      bases = std::max<uint64_t>(1, std::strtoull(argv[++i], nullptr, 10));
    } else if (a == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (a == "--data" && i + 1 < argc) {
      data = argv[++i];
    } else {
      std::fprintf(
          stderr,
          "usage: device_memory_bench --devices N [--bases K] [--threads T] [--data DIR]\n");
      return 2;
    }
  }
  if (threads == 0) threads = 1;
  bool own_data = false;
  if (data.empty()) {
    char tmpl[] = "/tmp/suture-membench-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) return Fail("temp dir", suture::Status::IoError("mkdtemp"));
    data = tmpl;
    own_data = true;
  }
  ServiceOptions so;
  so.data_dir = data;
  so.device_rate_per_s = 1.0;
  so.device_burst = 20.0;
  std::string token;
  auto svc = Service::Open(so, &token);
  if (!svc.ok()) return Fail("open", svc.status());
  Service& s = **svc;
  auto admin = s.Authenticate(token);
  if (!admin.ok()) return Fail("auth", admin.status());
  auto key = suture::PrivateKey::Generate();
  if (!key.ok()) return Fail("key", key.status());
  auto app = s.RegisterApp(*admin, "bench.app", key->public_key().ToPem());
  if (!app.ok()) return Fail("app", app.status());

  const double rss0 = RssMb();
  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> errors{0};
  std::vector<std::string> base_builds;
  for (uint64_t b = 0; b < bases; ++b) {
    std::string id = std::to_string(b);
    base_builds.push_back(std::string(64 - id.size(), 'b') + id);
  }
  const auto start = std::chrono::steady_clock::now();
  auto worker = [&] {
    suture::gray::DeviceContext d;
    d.os = "android";
    d.sdk = 33;
    d.app_version = "1.2.0";
    for (;;) {
      const uint64_t first = next.fetch_add(4096);
      if (first >= devices) return;
      const uint64_t last = std::min<uint64_t>(devices, first + 4096);
      for (uint64_t n = first; n < last; ++n) {
        d.device_id = "device-" + std::to_string(n);
        d.base_build = base_builds[n % bases];
        auto r = s.Check("bench.app", app->app_key, d, "10.0.0.1", suture::server::NowSeconds());
        if (!r.ok()) errors.fetch_add(1);
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  // Samples while the checks run (every 0.5 s), then one at the end.
  double peak = rss0;
  while (next.load() < devices) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    peak = std::max(peak, RssMb());
  }
  for (std::thread& t : pool) t.join();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rss_end = RssMb();
  peak = std::max(peak, rss_end);
  (void)s.FlushCounters();
  std::printf(
      "{\"bench\":\"device_memory\",\"devices\":%llu,\"bases\":%llu,\"threads\":%u,\"secs\":%.2f,"
      "\"checks_per_s\":%.0f,\"errors\":%llu,\"rss_start_mb\":%.1f,\"rss_end_mb\":%.1f,"
      "\"rss_peak_mb\":%.1f,\"bytes_per_device\":%.1f}\n",
      static_cast<unsigned long long>(devices), static_cast<unsigned long long>(bases), threads,
      secs, static_cast<double>(devices) / secs, static_cast<unsigned long long>(errors.load()),
      rss0, rss_end, peak, (peak - rss0) * 1e6 / static_cast<double>(devices));
  std::fflush(stdout);
  svc->reset();
  if (own_data) std::filesystem::remove_all(data);
  return 0;
}

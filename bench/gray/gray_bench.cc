// gray_bench: decisions per second per core of suture::gray on a realistic
// release set (1,000 releases, rules of 5-10 conditions, 20 apps x 10 base
// builds), single thread. Prints one JSON object per line.
//
// Anchor (same run): a naive engine that scans every release per check and
// evaluates the same compiled rules and buckets -- what a straightforward
// server loop would do without the (app, base build) index.
//
// Usage: gray_bench [--seconds S] [--runs N] [--devices N] [--shape typical|stress]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "suture/gray/bucket.h"
#include "suture/gray/engine.h"
#include "suture/gray/json.h"

namespace {

using namespace suture::gray;

constexpr int kReleases = 1000;

// How the 1,000 releases spread over apps and base builds.
struct Shape {
  const char* name;
  int apps;
  int builds_per_app;
  int builds_per_release;  // base builds each release lists
};
// typical: 50 apps x 10 live base builds, each release for one base build:
//          ~2 candidate releases per check (current + A/B arm or superseded).
// stress:  20 apps x 10 base builds, each release for two: ~10 candidates.
constexpr Shape kShapes[] = {{"typical", 50, 10, 1}, {"stress", 20, 10, 2}};
constexpr Timestamp kNow = 1767225600;  // 2026-01-01

const char* kBrands[] = {"Google", "samsung", "Xiaomi", "OPPO", "vivo", "HUAWEI", "OnePlus", "motorola"};
const char* kRegions[] = {"US", "DE", "IN", "BR", "CN", "JP", "FR", "GB", "ID", "MX"};
const char* kChannels[] = {"play", "huawei", "xiaomi", "oppo", "direct"};
const char* kNetworks[] = {"wifi", "cellular"};
const char* kTiers[] = {"free", "gold", "platinum"};
const char* kModels[] = {"Pixel 7", "Pixel 8 Pro", "SM-G991B", "SM-A515F", "Redmi Note 12",
                         "CPH2451", "V2227A", "NOH-AN00", "IN2013", "moto g84"};

std::string App(int a) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "com.example.app%d", a);
  return buf;
}
std::string Build(int a, int b) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "a%d-build-%d", a, 1000 + b);
  return buf;
}

template <typename T, size_t N>
const char* Pick(std::mt19937_64& rng, T (&arr)[N]) {
  return arr[rng() % N];
}

// One leaf rule, in JSON, drawn from a realistic mix.
std::string Leaf(std::mt19937_64& rng, int kind) {
  char buf[512];
  switch (kind) {
    case 0: std::snprintf(buf, sizeof buf, R"({"attr":"sdk","op":"ge","value":%d})", 21 + int(rng() % 8)); break;
    case 1: std::snprintf(buf, sizeof buf, R"({"attr":"sdk","op":"le","value":%d})", 30 + int(rng() % 5)); break;
    case 2: {
      const char* b1 = Pick(rng, kBrands);
      const char* b2 = Pick(rng, kBrands);
      std::snprintf(buf, sizeof buf, R"({"attr":"brand","op":"not_in","value":["%s","%s"],"ignore_case":true})", b1, b2);
      break;
    }
    case 3: {
      const char* r[6];
      for (auto& x : r) x = Pick(rng, kRegions);
      std::snprintf(buf, sizeof buf, R"({"attr":"region","op":"in","value":["%s","%s","%s","%s","%s","%s"]})",
                    r[0], r[1], r[2], r[3], r[4], r[5]);
      break;
    }
    case 4: {
      int major = 1 + int(rng() % 2);
      int minor = int(rng() % 5);
      std::snprintf(buf, sizeof buf, R"({"attr":"app_version","op":"semver","value":">=%d.%d.0 <9.0.0"})", major, minor);
      break;
    }
    case 5: std::snprintf(buf, sizeof buf, R"({"attr":"channel","op":"ne","value":"%s"})", Pick(rng, kChannels)); break;
    case 6: std::snprintf(buf, sizeof buf, R"({"attr":"network","op":"in","value":["wifi","cellular"]})"); break;
    case 7: std::snprintf(buf, sizeof buf, R"({"op":"time_window","from":"2025-06-01T00:00:00Z","until":"2027-01-01T00:00:00Z"})"); break;
    case 8: std::snprintf(buf, sizeof buf, R"({"not":{"attr":"custom.tier","op":"eq","value":"%s"}})", Pick(rng, kTiers)); break;
    case 9: std::snprintf(buf, sizeof buf, R"({"attr":"model","op":"prefix","value":"%s","ignore_case":true})",
                          rng() % 2 ? "SM-" : "Pixel"); break;
    case 10: std::snprintf(buf, sizeof buf, R"({"any":[{"attr":"abi","op":"eq","value":"arm64-v8a"},{"attr":"abi","op":"suffix","value":"x86_64"}]})"); break;
    case 11: std::snprintf(buf, sizeof buf, R"({"attr":"ip","op":"cidr","value":["10.0.0.0/8","100.64.0.0/10","192.168.0.0/16"]})"); break;
    default: std::snprintf(buf, sizeof buf, R"J({"attr":"model","op":"regex","value":"^(SM-[AGS]\\d{3}|Pixel \\d)"})J"); break;
  }
  return buf;
}

// The release set as JSON text (what the server would store).
std::string MakeReleasesJson(const Shape& shape, uint64_t seed, double* avg_leaves) {
  const int kApps = shape.apps, kBuildsPerApp = shape.builds_per_app;
  std::mt19937_64 rng(seed);
  std::string out = "{\"releases\":[";
  long total_leaves = 0;
  for (int i = 0; i < kReleases; ++i) {
    int app = i % kApps;
    int b = (i / kApps) % kBuildsPerApp;
    int leaves = 5 + int(rng() % 6);  // 5..10 conditions
    total_leaves += leaves;
    std::vector<int> kinds;
    for (int k = 0; k < 12; ++k) kinds.push_back(k);
    std::shuffle(kinds.begin(), kinds.end(), rng);
    kinds.resize(leaves);
    if (rng() % 10 == 0) kinds.back() = 12;  // 10% of releases end in a regex
    std::string rules;
    for (size_t k = 0; k < kinds.size(); ++k) {
      if (k) rules += ',';
      rules += Leaf(rng, kinds[k]);
    }
    const char* state = "active";
    uint64_t roll = rng() % 100;
    if (roll < 5) state = "paused";
    else if (roll < 7) state = "rolled_back";
    int pct_choices[] = {1, 5, 20, 50, 100};
    int pct = pct_choices[rng() % 5];
    int priority = int(rng() % 3);
    char head[1024];
    std::string builds;
    for (int k = 0; k < shape.builds_per_release; ++k) {
      if (k) builds += ',';
      builds += '"';
      builds += Build(app, (b + k) % kBuildsPerApp);
      builds += '"';
    }
    std::snprintf(head, sizeof head,
                  R"(%s{"id":"rel-%04d","app_id":"%s","base_builds":[%s],"patch_id":"patch-%04d",)"
                  R"("priority":%d,"state":"%s","percent":%d,"allow":{"devices":["dbg-%d-1","dbg-%d-2"],"users":[]},)"
                  R"("deny":{"devices":[],"users":["banned-%d"]},"rules":[)",
                  i ? "," : "", i, App(app).c_str(), builds.c_str(), i, priority, state, pct,
                  i, i, i);
    out += head;
    out += rules;
    out += "]}";
  }
  out += "]}";
  *avg_leaves = double(total_leaves) / kReleases;
  return out;
}

std::vector<DeviceContext> MakeDevices(const Shape& shape, uint64_t seed, int n) {
  const int kApps = shape.apps, kBuildsPerApp = shape.builds_per_app;
  std::mt19937_64 rng(seed);
  std::vector<DeviceContext> devs(n);
  for (int i = 0; i < n; ++i) {
    DeviceContext& d = devs[i];
    char id[64];
    std::snprintf(id, sizeof id, "%016llx-%08x", static_cast<unsigned long long>(rng()), i);
    d.device_id = id;
    if (rng() % 3 == 0) {
      d.user_id = "user-";
      d.user_id += std::to_string(rng() % 1000000);
    }
    int app = int(rng() % kApps);
    int build = int(rng() % kBuildsPerApp);
    d.app_id = App(app);
    d.base_build = Build(app, build);
    int major = int(1 + rng() % 4), minor = int(rng() % 10), patch = int(rng() % 20);
    char ver[48];
    std::snprintf(ver, sizeof ver, "%d.%d.%d", major, minor, patch);
    d.app_version = ver;
    d.os = "android";
    d.sdk = 24 + int64_t(rng() % 11);
    d.os_version = std::to_string(*d.sdk - 20);
    d.brand = Pick(rng, kBrands);
    d.model = Pick(rng, kModels);
    d.abi = rng() % 5 ? "arm64-v8a" : "armeabi-v7a";
    d.channel = Pick(rng, kChannels);
    d.region = Pick(rng, kRegions);
    d.locale = "en-";
    d.locale += d.region;
    d.network = Pick(rng, kNetworks);
    int o2 = int(rng() % 256), o3 = int(rng() % 256);
    char ip[48];
    std::snprintf(ip, sizeof ip, "10.%d.%d.7", o2, o3);
    d.ip = ip;
    const char* tier = Pick(rng, kTiers);
    d.custom = {{"tier", tier}, {"ab_group", std::to_string(rng() % 4)}};
    if (rng() % 4 == 0) {
      char patch_id[32];
      std::snprintf(patch_id, sizeof patch_id, "patch-%04d", int(rng() % 1000));
      d.installed_patch = patch_id;
    }
  }
  return devs;
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// CPU time of this thread: the machine is shared, so wall time would
// measure the neighbours' load, not our cost per core.
double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// Runs `fn(device)` over the devices round-robin for at least `seconds`;
// returns decisions per second.
// Runs `fn(device)` over the devices round-robin for at least `seconds` of
// thread CPU time; returns decisions per CPU second.
template <typename Fn>
double Measure(const std::vector<DeviceContext>& devs, double seconds, Fn fn, uint64_t* sink) {
  uint64_t count = 0;
  double start = ThreadCpuSeconds(), now = start;
  while (now - start < seconds) {
    for (size_t i = 0; i < 4096; ++i) {
      *sink += fn(devs[(count + i) % devs.size()]);
    }
    count += 4096;
    now = ThreadCpuSeconds();
  }
  return double(count) / (now - start);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 1.0;
  int runs = 5;
  int n_devices = 100000;
  std::string only_shape;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--devices")) n_devices = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--shape")) only_shape = argv[i + 1];
  }
  uint64_t sink = 0;
  for (const Shape& shape : kShapes) {
    if (!only_shape.empty() && only_shape != shape.name) continue;
    double avg_leaves = 0;
    std::string json = MakeReleasesJson(shape, 42, &avg_leaves);
    auto t0 = std::chrono::steady_clock::now();
    auto parsed = ParseReleasesJson(json);
    if (!parsed.ok()) {
      std::fprintf(stderr, "gray_bench: %s\n", parsed.status().ToString().c_str());
      return 1;
    }
    auto built = ReleaseSet::Build(std::move(parsed).value());
    if (!built.ok()) {
      std::fprintf(stderr, "gray_bench: %s\n", built.status().ToString().c_str());
      return 1;
    }
    double load_ms = Seconds(std::chrono::steady_clock::now() - t0) * 1000;
    const ReleaseSet& set = *built;
    std::vector<DeviceContext> devs = MakeDevices(shape, 7, n_devices);

    // Outcome mix, so the reader can see the rules are doing real work.
    uint64_t patch = 0, none = 0, rollback = 0, rule_fail = 0, bucket_out = 0;
    for (const DeviceContext& d : devs) {
      Decision dec = set.Evaluate(d, kNow, {.explain = false});
      patch += dec.kind == DecisionKind::kPatch;
      none += dec.kind == DecisionKind::kNone;
      rollback += dec.kind == DecisionKind::kRollback;
      rule_fail += dec.code == ReasonCode::kRuleFailed;
      bucket_out += dec.code == ReasonCode::kBucketOut;
    }
    uint64_t cands = 0;
    for (const DeviceContext& d : devs) cands += set.Evaluate(d, kNow, {.explain = false}).candidates;
    std::printf("{\"bench\":\"gray_setup\",\"shape\":\"%s\",\"avg_candidates_per_check\":%.2f,\"releases\":%d,\"apps\":%d,\"base_builds\":%d,"
                "\"avg_conditions_per_release\":%.2f,\"json_bytes\":%zu,\"parse_and_build_ms\":%.1f,"
                "\"devices\":%d,\"patch\":%llu,\"none\":%llu,\"rollback\":%llu,"
                "\"none_rule_failed\":%llu,\"none_bucket_out\":%llu}\n",
                shape.name, double(cands) / devs.size(), kReleases, shape.apps,
                shape.apps * shape.builds_per_app, avg_leaves, json.size(), load_ms, n_devices,
                (unsigned long long)patch, (unsigned long long)none, (unsigned long long)rollback,
                (unsigned long long)rule_fail, (unsigned long long)bucket_out);

    std::vector<double> fast, explained, naive;
    for (int r = 0; r < runs; ++r) {
      fast.push_back(Measure(devs, seconds, [&](const DeviceContext& d) {
        return uint64_t(set.Evaluate(d, kNow, {.explain = false}).kind);
      }, &sink));
      explained.push_back(Measure(devs, seconds, [&](const DeviceContext& d) {
        return uint64_t(set.Evaluate(d, kNow, {.explain = true}).reason.size());
      }, &sink));
      // Anchor: scan all releases, same compiled rules and hash, no index.
      naive.push_back(Measure(devs, seconds / 4, [&](const DeviceContext& d) -> uint64_t {
        for (const Release& rel : set.releases()) {
          if (rel.state != ReleaseState::kActive || rel.app_id != d.app_id) continue;
          if (std::find(rel.base_builds.begin(), rel.base_builds.end(), d.base_build) ==
              rel.base_builds.end()) continue;
          bool ok = true;
          for (const Condition& c : rel.rules) {
            if (!c.Matches(d, kNow)) { ok = false; break; }
          }
          if (ok && InRollout(Bucket(rel.effective_salt(), d.device_id), rel.range,
                              rel.CurrentBasisPoints())) {
            return 1;
          }
        }
        return 0;
      }, &sink));
    }
    double f = Median(fast), e = Median(explained), n = Median(naive);
    std::printf("{\"bench\":\"gray_evaluate\",\"shape\":\"%s\",\"mode\":\"indexed\",\"explain\":false,\"runs\":%d,"
                "\"decisions_per_s_per_core\":%.0f,\"ns_per_decision\":%.1f,\"target\":1000000,"
                "\"meets_target\":%s}\n",
                shape.name, runs, f, 1e9 / f, f >= 1e6 ? "true" : "false");
    std::printf("{\"bench\":\"gray_evaluate\",\"shape\":\"%s\",\"mode\":\"indexed\",\"explain\":true,\"runs\":%d,"
                "\"decisions_per_s_per_core\":%.0f,\"ns_per_decision\":%.1f}\n",
                shape.name, runs, e, 1e9 / e);
    std::printf("{\"bench\":\"gray_evaluate\",\"shape\":\"%s\",\"mode\":\"anchor_naive_scan\",\"explain\":false,\"runs\":%d,"
                "\"decisions_per_s_per_core\":%.0f,\"ns_per_decision\":%.1f,\"indexed_speedup\":%.1f}\n",
                shape.name, runs, n, 1e9 / n, f / n);
  }
  std::fprintf(stderr, "(sink %llu)\n", (unsigned long long)sink);
  return 0;
}

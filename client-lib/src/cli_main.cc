// suture-client: one simulated device over the C API (docs/client.md).
//   sync --server URL --app APP --app-key KEY --device ID --base BASE --state DIR
//        --release-pubkey F --server-pubkey F [--attr k=v ...] [--tunable name=N ...]
//        [--worker PATH] [--json]
//   watch  (the sync options) [--max-seconds N] [--syncs K]: syncs, then holds
//          the push event stream and syncs on every release event,
//          reconnecting after the server's retry hint plus jitter
//   launch --state DIR [--crash]
//   status --state DIR [--json]
//   fleet --server URL --app APP --app-key KEY --base BASE --state ROOT
//         --release-pubkey F --server-pubkey F --devices N [--parallel P]
//         [--faults KIND,...] [--rounds R] [--seed S]
//   (KIND: none worker-kill host-kill crash-at-launch net-cut server-5xx stall disk-full)
// Exit status: the suture_status code of the outcome (0 = ok; usage errors
// are 1, invalid_argument); `launch --crash` exits 99 without launch_ok.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "fleet.h"
#include "suture/client/suture_client.h"
#include "suture/core/file_util.h"

namespace {

int Usage(const char* why) {
  std::fprintf(stderr,
               "suture-client: %s\n"
               "usage: suture-client sync --server URL --app APP --app-key KEY --device ID --base BASE\n"
               "                          --state DIR --release-pubkey F --server-pubkey F\n"
               "                          [--attr k=v ...] [--tunable name=N ...] [--worker PATH] [--json]\n"
               "       suture-client watch (the sync options) [--max-seconds N] [--syncs K]\n"
               "       suture-client launch --state DIR [--crash]\n"
               "       suture-client status --state DIR [--json]\n"
               "       suture-client fleet --server URL --app APP --app-key KEY --base BASE --state ROOT\n"
               "                           --release-pubkey F --server-pubkey F --devices N [--parallel P]\n"
               "                           [--faults KIND,...] [--rounds R] [--seed S] [--worker PATH]\n"
               "         KIND: none worker-kill host-kill crash-at-launch net-cut server-5xx stall\n"
               "               disk-full (a small tmpfs per device: needs root)\n"
               "       tunables (docs/client.md): request_timeout_ms stall_timeout_ms download_attempts\n"
               "         backoff_base_ms backoff_cap_ms download_deadline_ms max_download_bytes_per_s\n"
               "         space_margin max_merge_failures merge_retry_base_ms safe_mode_launches clock_skew_s\n",
               why);
  return SUTURE_E_INVALID_ARGUMENT;
}

struct Args {
  std::map<std::string, std::string> values;
  std::vector<std::string> attrs, tunables;
  bool json = false, crash = false;
};

// Every option but the flags takes one value; unknown options are errors.
bool Parse(int argc, char** argv, Args* a, std::string* err) {
  static const char* kValued[] = {"--server", "--app", "--app-key", "--device", "--base", "--state",
                                  "--release-pubkey", "--server-pubkey", "--worker", "--devices",
                                  "--parallel", "--faults", "--rounds", "--seed", "--max-seconds",
                                  "--syncs"};
  for (int i = 2; i < argc; ++i) {
    const std::string opt = argv[i];
    if (opt == "--json") { a->json = true; continue; }
    if (opt == "--crash") { a->crash = true; continue; }
    bool valued = opt == "--attr" || opt == "--tunable";
    for (const char* v : kValued) valued = valued || opt == v;
    if (!valued) { *err = "unknown option " + opt; return false; }
    if (i + 1 >= argc) { *err = opt + " needs a value"; return false; }
    const std::string value = argv[++i];
    if (opt == "--attr") {
      a->attrs.push_back(value);
    } else if (opt == "--tunable") {
      a->tunables.push_back(value);
    } else {
      a->values[opt] = value;
    }
  }
  return true;
}

std::string ReadText(const std::string& path, bool* ok) {
  auto b = suture::ReadFile(path, 1 << 20);
  *ok = b.ok();
  return b.ok() ? std::string(b->begin(), b->end()) : std::string();
}

// A positive integer option, or -1.
int Count(const std::map<std::string, std::string>& v, const char* key, int fallback) {
  auto it = v.find(key);
  if (it == v.end()) return fallback;
  char* end = nullptr;
  const long n = std::strtol(it->second.c_str(), &end, 10);
  return (*end == '\0' && n > 0 && n <= 1000000) ? static_cast<int>(n) : -1;
}

int Fleet(Args& a) {
  suture::client::FleetOptions o;
  char self[4096];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (n <= 0) return Usage("cannot find my own executable");
  self[n] = '\0';
  o.self = self;
  for (const char* need : {"--server", "--app", "--app-key", "--base", "--release-pubkey",
                           "--server-pubkey", "--devices"}) {
    if (!a.values.count(need)) return Usage((std::string(need) + " is required").c_str());
  }
  o.server = a.values["--server"];
  o.app = a.values["--app"];
  o.app_key = a.values["--app-key"];
  o.base = a.values["--base"];
  o.release_pubkey = a.values["--release-pubkey"];
  o.server_pubkey = a.values["--server-pubkey"];
  o.state_root = a.values["--state"];
  if (a.values.count("--worker")) o.worker = a.values["--worker"];
  o.devices = Count(a.values, "--devices", 100);
  o.parallel = Count(a.values, "--parallel", 4);
  o.rounds = Count(a.values, "--rounds", 10);
  const int seed = Count(a.values, "--seed", 1);
  if (o.devices < 0 || o.parallel < 0 || o.rounds < 0 || seed < 0) return Usage("bad number");
  o.seed = static_cast<uint32_t>(seed);
  std::string faults = a.values.count("--faults") ? a.values["--faults"] : "none";
  for (size_t start = 0; start <= faults.size();) {
    const size_t comma = std::min(faults.find(',', start), faults.size());
    if (comma > start) o.faults.push_back(faults.substr(start, comma - start));
    start = comma + 1;
  }
  return suture::client::FleetMain(o);
}

int Fail(suture_status s, const char* msg) {
  std::fprintf(stderr, "suture-client: %s: %s\n", suture_client_code_name(s), msg);
  return s;
}

// One sync, its outcome printed as one line. Returns its code.
suture_status SyncOnce(suture_client* c, bool json) {
  std::vector<char> out(64 * 1024);
  char msg[1024];
  const suture_status s = suture_client_sync(c, out.data(), out.size(), msg, sizeof(msg));
  if (json || s == SUTURE_OK) std::printf("%s\n", out.data());
  if (s != SUTURE_OK) Fail(s, msg);
  std::fflush(stdout);
  return s;
}

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// watch: a device in the foreground. Syncs, then holds the push stream; a
// release event ends the stream and runs a sync; any end of the stream is
// followed by a reconnect after the server's retry hint (1 s without one),
// times U(0.5, 1.5), and failures back off up to 60 s. Stops after --syncs
// syncs that a release woke, or --max-seconds. Exit: the last sync's code.
int Watch(suture_client* c, const Args& a) {
  const int max_s = Count(a.values, "--max-seconds", 3600);
  const int max_syncs = Count(a.values, "--syncs", 1000000);
  if (max_s < 0 || max_syncs < 0) return Usage("bad number");
  std::mt19937 rng(std::random_device{}());
  const int64_t stop_at = SteadyMs() + int64_t{max_s} * 1000;
  suture_status last = SyncOnce(c, a.json);
  int woken = 0, failures = 0;
  struct Seen {
    bool release = false;
  } seen;
  while (woken < max_syncs) {
    const int64_t left_ms = stop_at - SteadyMs();
    if (left_ms < 1000) break;
    char end[64] = "", msg[1024] = "";
    int64_t retry_ms = -1;
    seen.release = false;
    const suture_status s = suture_client_listen_push(
        c, static_cast<int>(left_ms / 1000),
        [](void* user, const char* event, const char* detail) -> int {
          if (std::strcmp(event, "release") == 0) {
            static_cast<Seen*>(user)->release = true;
            return 1;
          }
          std::printf("{\"push\":\"%s\",\"detail_bytes\":%zu}\n", event, std::strlen(detail));
          std::fflush(stdout);
          return 0;
        },
        &seen, end, sizeof(end), &retry_ms, msg, sizeof(msg));
    if (seen.release) {
      ++woken;
      failures = 0;
      last = SyncOnce(c, a.json);
      continue;
    }
    int64_t wait_ms;
    if (s != SUTURE_OK) {
      Fail(s, msg);
      wait_ms = std::min<int64_t>(60000, int64_t{1000} << std::min(failures++, 6));
    } else {
      if (std::strcmp(end, "max_time") == 0) break;
      failures = 0;
      wait_ms = retry_ms > 0 ? retry_ms : 1000;
    }
    wait_ms = std::uniform_int_distribution<int64_t>(wait_ms / 2, wait_ms * 3 / 2)(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(wait_ms, std::max<int64_t>(0, stop_at - SteadyMs()))));
  }
  return last;
}

int Run(int argc, char** argv) {
  if (argc < 2) return Usage("no command");
  const std::string cmd = argv[1];
  Args a;
  std::string err;
  if (!Parse(argc, argv, &a, &err)) return Usage(err.c_str());
  if (!a.values.count("--state")) return Usage("--state is required");
  if (cmd == "fleet") return Fleet(a);
  suture_client_config cfg{};
  cfg.state_dir = a.values["--state"].c_str();
  std::string release_pem, server_pem;
  std::vector<const char*> attrs;
  if (cmd == "sync" || cmd == "watch") {
    for (const char* need : {"--server", "--app", "--app-key", "--device", "--base",
                             "--release-pubkey", "--server-pubkey"}) {
      if (!a.values.count(need)) return Usage((std::string(need) + " is required").c_str());
    }
    bool ok1 = false, ok2 = false;
    release_pem = ReadText(a.values["--release-pubkey"], &ok1);
    server_pem = ReadText(a.values["--server-pubkey"], &ok2);
    if (!ok1 || !ok2) return Fail(SUTURE_E_IO, "cannot read a public key file");
    cfg.server_url = a.values["--server"].c_str();
    cfg.app_id = a.values["--app"].c_str();
    cfg.app_key = a.values["--app-key"].c_str();
    cfg.device_id = a.values["--device"].c_str();
    cfg.base_path = a.values["--base"].c_str();
    cfg.release_public_key_pem = release_pem.c_str();
    cfg.server_public_key_pem = server_pem.c_str();
    if (a.values.count("--worker")) cfg.worker_path = a.values["--worker"].c_str();
    for (const auto& s : a.attrs) attrs.push_back(s.c_str());
    cfg.attributes = attrs.data();
    cfg.attribute_count = attrs.size();
  } else if (cmd != "launch" && cmd != "status") {
    return Usage(("unknown command " + cmd).c_str());
  }
  char msg[1024];
  suture_client* c = nullptr;
  suture_status s = suture_client_create(&cfg, &c, msg, sizeof(msg));
  if (s != SUTURE_OK) return Fail(s, msg);
  for (const std::string& t : a.tunables) {
    const size_t eq = t.find('=');
    char* end = nullptr;
    const long long v = eq == std::string::npos ? 0 : std::strtoll(t.c_str() + eq + 1, &end, 10);
    if (eq == std::string::npos || eq + 1 == t.size() || *end != '\0') {
      suture_client_destroy(c);
      return Usage(("--tunable wants name=integer, got " + t).c_str());
    }
    s = suture_client_set_tunable(c, t.substr(0, eq).c_str(), v, msg, sizeof(msg));
    if (s != SUTURE_OK) {
      suture_client_destroy(c);
      return Fail(s, msg);
    }
  }
  int rc = 0;
  if (cmd == "sync") {
    rc = SyncOnce(c, a.json);
  } else if (cmd == "watch") {
    rc = Watch(c, a);
  } else if (cmd == "launch") {
    char dir[4096];
    s = suture_client_launch_begin(c, dir, sizeof(dir), msg, sizeof(msg));
    if (s != SUTURE_OK) {
      rc = Fail(s, msg);
    } else if (a.crash) {
      std::printf("crashed at launch on %s\n", dir[0] ? dir : "the base");
      std::fflush(stdout);
      std::_Exit(99);
    } else {
      s = suture_client_launch_ok(c, msg, sizeof(msg));
      rc = s == SUTURE_OK ? 0 : Fail(s, msg);
      if (rc == 0) std::printf("launched %s\n", dir[0] ? dir : "the base");
    }
  } else {
    std::vector<char> out(1 << 20);
    size_t needed = 0;
    s = suture_client_status(c, out.data(), out.size(), &needed, msg, sizeof(msg));
    if (s != SUTURE_OK) {
      rc = Fail(s, msg);
    } else {
      std::printf("%s\n", out.data());
    }
  }
  suture_client_destroy(c);
  return rc;
}

}  // namespace

// No exception leaves main(): one line and SUTURE_E_INTERNAL instead.
int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "suture-client: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "suture-client: internal error: unknown exception\n");
  }
  return SUTURE_E_INTERNAL;
}

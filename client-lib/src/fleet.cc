// suture-client fleet: N simulated devices against a real server, each with
// its own state folder and real suture-client / worker processes, with one
// injected fault kind per device (round-robin over --faults):
//   none             plain syncs
//   worker-kill      the first sync's merge worker SIGKILLs itself after applying
//   host-kill        the first sync's host process is SIGKILLed at a random instant
//   crash-at-launch  the patch crashes at every launch (expected: the clean base)
//   net-cut          a loopback proxy (fault_proxy.h) cuts answers after a
//                    random byte count: the first 2 connections, then 30%
//   server-5xx       the proxy answers 500 / 502 / 503 itself (same shares)
//   stall            the proxy sends nothing or part of an answer, then holds
//                    the connection 4 s (the device's timeouts are 2 s)
//   disk-full        the state folder is a 64 MiB tmpfs filled to leave 0-4 KiB,
//                    4 KiB-1 MiB or 1-15 MiB free (below the merge's needs
//                    plus the 16 MiB margin): the first sync must fail
//                    cleanly; then the filler goes and the device syncs on
// Each device syncs until it converges (at most --rounds syncs, a short pause
// after each failed one), then once more with faults off to flush its report
// outbox, and is classified: verified patch installed, clean base, or neither
// (a `current` naming something that does not verify: must never happen);
// leftovers (staging, partial downloads, temp files, stray patch folders)
// and unsent reports are counted too.
// Thread-safety: one thread per parallel slot; devices share nothing but the
// tally (mutex).
#include "fleet.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "client_impl.h"
#include "fault_proxy.h"
#include "state_store.h"

namespace suture::client {
namespace {

namespace fs = std::filesystem;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Runs argv with extra environment; SIGKILLs it after kill_after_ms (>= 0).
int Run(const std::vector<std::string>& argv, const std::string& env, int kill_after_ms) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
    }
    if (!env.empty()) ::putenv(const_cast<char*>(env.c_str()));
    std::vector<char*> a;
    for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
    a.push_back(nullptr);
    ::execv(a[0], a.data());
    std::_Exit(127);
  }
  if (pid < 0) return -1;
  if (kill_after_ms >= 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
    ::kill(pid, SIGKILL);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

enum class Verdict { kPatch, kBase, kNeither };

Verdict Classify(const std::string& state) {
  StateStore st(state);
  auto cur = st.LoadCurrent();
  if (!cur.ok()) return Verdict::kNeither;
  if (!cur->has_value()) return fs::exists(state + "/current") ? Verdict::kNeither : Verdict::kBase;
  return CheckInstalled(st.PatchDir((*cur)->folder)).ok() ? Verdict::kPatch : Verdict::kNeither;
}

// What a device must not keep: anything in staging/, downloads other than
// the one the journal's unfinished step resumes, temp files of atomic writes,
// patch folders other than `current` and `previous`.
int Leftovers(const std::string& state) {
  StateStore st(state);
  std::vector<std::string> keep;
  if (auto cur = st.LoadCurrent(); cur.ok() && cur->has_value()) keep.push_back((*cur)->folder);
  if (auto j = st.LoadJournal(); j.ok()) {
    if (!j->previous.folder.empty()) keep.push_back(j->previous.folder);
    if (j->step != "idle") {
      keep.push_back(j->blob_sha256 + ".part");
      keep.push_back(j->blob_sha256 + ".blob");
    }
  }
  int n = 0;
  std::error_code ec;
  for (const char* sub : {"staging", "downloads", "patches"}) {
    for (const auto& e : fs::directory_iterator(state + "/" + sub, ec)) {
      const std::string name = e.path().filename().string();
      if (std::string(sub) != "staging" && std::find(keep.begin(), keep.end(), name) != keep.end()) continue;
      ++n;
    }
  }
  for (const auto& e : fs::recursive_directory_iterator(state, ec)) {
    if (e.path().filename().string().find(".suture-") != std::string::npos) ++n;
  }
  return n;
}

int Unsent(const std::string& state) {
  auto out = StateStore(state).LoadOutbox();
  return out.ok() ? static_cast<int>(out->size()) : -1;
}

// Fills the tmpfs at `dir` so that `leave` bytes stay free.
bool FillDisk(const std::string& dir, uint64_t leave) {
  struct statvfs v {};
  if (::statvfs(dir.c_str(), &v) != 0) return false;
  const uint64_t free_bytes = static_cast<uint64_t>(v.f_bavail) * v.f_frsize;
  if (free_bytes <= leave) return true;
  const int fd = ::open((dir + "/filler").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const bool ok = ::posix_fallocate(fd, 0, static_cast<off_t>(free_bytes - leave)) == 0;
  ::close(fd);
  return ok;
}

bool IsNetworkFault(const std::string& f) { return f == "net-cut" || f == "server-5xx" || f == "stall"; }

struct Tally {
  int devices = 0, patch = 0, base = 0, neither = 0, expected = 0, injected = 0, leftover = 0,
      unsent = 0;
  std::vector<int64_t> ms;
};

}  // namespace

int FleetMain(const FleetOptions& o) {
  std::vector<std::string> faults = o.faults;
  if (faults.empty()) faults = {"none"};
  std::string up_host;
  int up_port = 0;
  for (const auto& f : faults) {
    if (f != "none" && f != "worker-kill" && f != "host-kill" && f != "crash-at-launch" && !IsNetworkFault(f) &&
        f != "disk-full") {
      std::fprintf(stderr, "suture-client fleet: unknown fault '%s'\n", f.c_str());
      return SUTURE_E_INVALID_ARGUMENT;
    }
    if (IsNetworkFault(f) && !ParseHttpHostPort(o.server, &up_host, &up_port)) {
      std::fprintf(stderr, "suture-client fleet: fault '%s' needs an http://host:port --server, got %s\n",
                   f.c_str(), o.server.c_str());
      return SUTURE_E_INVALID_ARGUMENT;
    }
  }
  std::error_code ec;
  fs::create_directories(o.state_root, ec);
  if (std::find(faults.begin(), faults.end(), "disk-full") != faults.end()) {
    const std::string probe = o.state_root + "/.mount-probe";
    fs::create_directories(probe, ec);
    const bool can = ::mount("tmpfs", probe.c_str(), "tmpfs", 0, "size=1m") == 0;
    const int err = errno;
    if (can) ::umount2(probe.c_str(), MNT_DETACH);
    fs::remove(probe, ec);
    if (!can) {
      std::fprintf(stderr, "suture-client fleet: fault 'disk-full' mounts a tmpfs per device and cannot here (%s; run as root)\n",
                   std::strerror(err));
      return SUTURE_E_FAILED_PRECONDITION;
    }
  }
  std::map<std::string, Tally> tallies;
  std::mutex mu;
  std::atomic<int> next{0};
  auto device = [&](int i, std::mt19937& rng) {
    const std::string fault = faults[static_cast<size_t>(i) % faults.size()];
    const std::string id = "fleet-" + std::to_string(i);
    const std::string state = o.state_root + "/" + id;
    std::unique_ptr<FaultProxy> proxy;
    std::string server = o.server;
    bool setup_ok = true, mounted = false;
    if (IsNetworkFault(fault)) {
      FaultProxy::Options po;
      po.kind = fault == "net-cut" ? FaultProxy::Kind::kCut
                : fault == "server-5xx" ? FaultProxy::Kind::kError : FaultProxy::Kind::kStall;
      po.upstream_host = up_host;
      po.upstream_port = up_port;
      po.seed = o.seed * 7919u + static_cast<uint32_t>(i);
      auto started = FaultProxy::Start(po);
      if (started.ok()) {
        proxy = std::move(*started);
        server = proxy->url();
      } else {
        std::fprintf(stderr, "suture-client fleet: %s: %s\n", id.c_str(), started.status().message().c_str());
        setup_ok = false;
      }
    }
    if (fault == "disk-full") {
      std::error_code e;
      fs::create_directories(state, e);
      mounted = ::mount("tmpfs", state.c_str(), "tmpfs", 0, "size=64m") == 0;
      // Free space left: nothing, a little, or a lot but still too little.
      const int band = std::uniform_int_distribution<int>(0, 2)(rng);
      const uint64_t lo[] = {0, 4096, 1u << 20}, hi[] = {4096, 1u << 20, 15u << 20};
      const uint64_t leave = std::uniform_int_distribution<uint64_t>(lo[band], hi[band])(rng);
      setup_ok = mounted && FillDisk(state, leave);
      if (!setup_ok) std::fprintf(stderr, "suture-client fleet: %s: cannot set up the full disk\n", id.c_str());
    }
    std::vector<std::string> sync = {o.self, "sync", "--server", server, "--app", o.app, "--app-key",
                                     o.app_key, "--device", id, "--base", o.base, "--state", state,
                                     "--release-pubkey", o.release_pubkey, "--server-pubkey",
                                     o.server_pubkey,
                                     // Short timeouts and backoffs so that a fleet run stays
                                     // minutes long; the proxy's stalls (4 s) outlast them.
                                     "--tunable", "request_timeout_ms=2000", "--tunable",
                                     "stall_timeout_ms=2000", "--tunable", "backoff_base_ms=50",
                                     "--tunable", "backoff_cap_ms=500", "--tunable",
                                     "merge_retry_base_ms=100"};
    if (!o.worker.empty()) {
      sync.push_back("--worker");
      sync.push_back(o.worker);
    }
    const int64_t t0 = NowMs();
    int64_t converged_ms = -1;
    bool disk_ok = true;  // disk-full: the full-disk sync failed cleanly
    for (int round = 0; setup_ok && round < o.rounds; ++round) {
      std::string env;
      int kill_after = -1;
      if (round == 0 && fault == "worker-kill") env = "SUTURE_CLIENT_WORKER_FAULT=kill-after-apply";
      if (round == 0 && fault == "host-kill") kill_after = std::uniform_int_distribution<int>(0, 150)(rng);
      const int rc = Run(sync, env, kill_after);
      if (fault == "disk-full" && round == 0) {
        const Verdict v = Classify(state);
        const int left = Leftovers(state);
        disk_ok = rc != 0 && v == Verdict::kBase && left == 0;
        if (!disk_ok) {
          std::fprintf(stderr, "suture-client fleet: %s: the full-disk sync exited %d, %s, %d leftover(s)\n",
                       id.c_str(), rc, v == Verdict::kBase ? "on the base" : "not on the base", left);
        }
        std::error_code e;
        fs::remove(state + "/filler", e);
        continue;
      }
      if (fault == "crash-at-launch" && rc == 0 && Classify(state) == Verdict::kPatch) {
        for (int k = 0; k < 3; ++k) Run({o.self, "launch", "--state", state, "--crash"}, "", -1);
        Run({o.self, "launch", "--state", state}, "", -1);  // safe mode: back to the base
      }
      const Verdict v = Classify(state);
      const bool done = fault == "crash-at-launch" ? (rc == SUTURE_E_GAVE_UP && v == Verdict::kBase)
                                                   : (rc == 0 && v == Verdict::kPatch);
      if (done) {
        converged_ms = NowMs() - t0;
        break;
      }
      if (rc != 0) std::this_thread::sleep_for(std::chrono::milliseconds(std::min(2000, 200 << std::min(round, 4))));
    }
    if (proxy) proxy->Disable();
    if (setup_ok) Run(sync, "", -1);  // flushes the report outbox
    const Verdict v = setup_ok ? Classify(state) : Verdict::kNeither;
    const int leftover = setup_ok ? Leftovers(state) : 0, unsent = setup_ok ? Unsent(state) : 0;
    if (setup_ok && (converged_ms < 0 || leftover != 0 || unsent != 0)) {
      std::fprintf(stderr, "suture-client fleet: %s (%s): %s, %d leftover(s), %d unsent report(s)\n", id.c_str(),
                   fault.c_str(), converged_ms < 0 ? "did not converge" : "converged", leftover, unsent);
    }
    if (mounted) ::umount2(state.c_str(), MNT_DETACH);
    std::lock_guard<std::mutex> l(mu);
    Tally& t = tallies[fault];
    t.devices++;
    if (v == Verdict::kPatch) t.patch++;
    if (v == Verdict::kBase) t.base++;
    if (v == Verdict::kNeither) t.neither++;
    t.injected += proxy ? proxy->faults() : fault == "none" ? 0 : 1;
    t.leftover += leftover != 0 ? 1 : 0;
    t.unsent += unsent != 0 ? 1 : 0;
    if (converged_ms >= 0 && disk_ok) {
      t.expected++;
      t.ms.push_back(converged_ms);
    }
  };
  std::vector<std::thread> pool;
  for (int p = 0; p < std::max(1, o.parallel); ++p) {
    pool.emplace_back([&, p] {
      std::mt19937 rng(static_cast<uint32_t>(o.seed + p));
      for (int i; (i = next++) < o.devices;) device(i, rng);
    });
  }
  for (auto& t : pool) t.join();
  std::printf("%-16s %7s %7s %7s %7s %10s %8s %8s %8s %8s %7s\n", "fault", "devices", "patch", "base",
              "neither", "converged", "p50_ms", "max_ms", "injected", "leftover", "unsent");
  Tally all;
  for (auto& [fault, t] : tallies) {
    std::sort(t.ms.begin(), t.ms.end());
    std::printf("%-16s %7d %7d %7d %7d %9.2f%% %8lld %8lld %8d %8d %7d\n", fault.c_str(), t.devices, t.patch,
                t.base, t.neither, t.devices ? 100.0 * t.expected / t.devices : 0.0,
                static_cast<long long>(t.ms.empty() ? 0 : t.ms[t.ms.size() / 2]),
                static_cast<long long>(t.ms.empty() ? 0 : t.ms.back()), t.injected, t.leftover, t.unsent);
    all.devices += t.devices;
    all.expected += t.expected;
    all.neither += t.neither;
    all.leftover += t.leftover;
    all.unsent += t.unsent;
    all.injected += t.injected;
  }
  std::printf("%-16s %7d %31s %9.2f%% %17s %8d %8d %7d\n", "all", all.devices, "",
              all.devices ? 100.0 * all.expected / all.devices : 0.0, "", all.injected, all.leftover, all.unsent);
  return all.neither == 0 && all.expected == all.devices && all.leftover == 0 && all.unsent == 0
             ? 0
             : SUTURE_E_FAILED_PRECONDITION;
}

}  // namespace suture::client

// suture-client fleet: N simulated devices against a real server, each with
// its own state folder and real suture-client / worker processes, with one
// injected fault kind per device (round-robin over --faults):
//   none             plain syncs
//   worker-kill      the first sync's merge worker SIGKILLs itself after applying
//   host-kill        the first sync's host process is SIGKILLed at a random instant
//   crash-at-launch  the patch crashes at every launch (expected: the clean base)
// Each device syncs until it converges (at most --rounds syncs), then is
// classified: verified patch installed, clean base, or neither (a `current`
// naming something that does not verify: must never happen).
// Thread-safety: one thread per parallel slot; devices share nothing.
#include "fleet.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "client_impl.h"
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

struct Tally {
  int devices = 0, patch = 0, base = 0, neither = 0, expected = 0;
  int64_t total_ms = 0, max_ms = 0;
};

}  // namespace

int FleetMain(const FleetOptions& o) {
  std::vector<std::string> faults = o.faults;
  if (faults.empty()) faults = {"none"};
  for (const auto& f : faults) {
    if (f != "none" && f != "worker-kill" && f != "host-kill" && f != "crash-at-launch") {
      std::fprintf(stderr, "suture-client fleet: unknown fault '%s'\n", f.c_str());
      return SUTURE_E_INVALID_ARGUMENT;
    }
  }
  std::error_code ec;
  fs::create_directories(o.state_root, ec);
  std::map<std::string, Tally> tallies;
  std::mutex mu;
  std::atomic<int> next{0};
  auto device = [&](int i, std::mt19937& rng) {
    const std::string fault = faults[static_cast<size_t>(i) % faults.size()];
    const std::string id = "fleet-" + std::to_string(i);
    const std::string state = o.state_root + "/" + id;
    std::vector<std::string> sync = {o.self, "sync", "--server", o.server, "--app", o.app, "--app-key",
                                     o.app_key, "--device", id, "--base", o.base, "--state", state,
                                     "--release-pubkey", o.release_pubkey, "--server-pubkey",
                                     o.server_pubkey};
    if (!o.worker.empty()) {
      sync.push_back("--worker");
      sync.push_back(o.worker);
    }
    const int64_t t0 = NowMs();
    int64_t converged_ms = -1;
    for (int round = 0; round < o.rounds; ++round) {
      std::string env;
      int kill_after = -1;
      if (round == 0 && fault == "worker-kill") env = "SUTURE_CLIENT_WORKER_FAULT=kill-after-apply";
      if (round == 0 && fault == "host-kill") kill_after = std::uniform_int_distribution<int>(0, 150)(rng);
      const int rc = Run(sync, env, kill_after);
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
    }
    const Verdict v = Classify(state);
    std::lock_guard<std::mutex> l(mu);
    Tally& t = tallies[fault];
    t.devices++;
    if (v == Verdict::kPatch) t.patch++;
    if (v == Verdict::kBase) t.base++;
    if (v == Verdict::kNeither) t.neither++;
    if (converged_ms >= 0) {
      t.expected++;
      t.total_ms += converged_ms;
      t.max_ms = std::max(t.max_ms, converged_ms);
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
  std::printf("%-16s %8s %8s %8s %8s %10s %10s %10s\n", "fault", "devices", "patch", "base", "neither",
              "converged", "mean_ms", "max_ms");
  Tally all;
  for (const auto& [fault, t] : tallies) {
    std::printf("%-16s %8d %8d %8d %8d %9.2f%% %10lld %10lld\n", fault.c_str(), t.devices, t.patch, t.base,
                t.neither, t.devices ? 100.0 * t.expected / t.devices : 0.0,
                static_cast<long long>(t.expected ? t.total_ms / t.expected : 0),
                static_cast<long long>(t.max_ms));
    all.devices += t.devices;
    all.expected += t.expected;
    all.neither += t.neither;
  }
  std::printf("%-16s %8d %35s %9.2f%%\n", "all", all.devices, "", all.devices ? 100.0 * all.expected / all.devices : 0.0);
  return all.neither == 0 && all.expected == all.devices ? 0 : SUTURE_E_FAILED_PRECONDITION;
}

}  // namespace suture::client

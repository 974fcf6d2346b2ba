// client-lib against the real suture-server: manifests that must be refused
// (tampered, signed by another key, expired, replayed, for another base) with
// nothing installed, and kills of the merge worker and of the host process
// at fixed and random instants, after which the next sync converges with
// `current` never naming a partial folder and no temp files left.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <random>

#include "client_fixture.h"
#include "client_impl.h"
#include "suture/core/file_util.h"

namespace suture::client::testing {
namespace {

namespace fs = std::filesystem;

SyncOutcome SyncOnce(const Config& cfg) {
  std::unique_ptr<Client> c;
  Result r = Client::Create(cfg, &c);
  if (!r.ok()) {
    SyncOutcome o;
    o.result = r;
    return o;
  }
  return c->Sync();
}

// `current` is absent or names a folder whose every file verifies.
void ExpectCurrentSound(const std::string& state) {
  StateStore st(state);
  auto cur = st.LoadCurrent();
  ASSERT_TRUE(cur.ok());
  if (fs::exists(state + "/current")) {
    ASSERT_TRUE(cur->has_value()) << "current names no folder";
  }
  if (cur->has_value()) {
    Result r = CheckInstalled(st.PatchDir((*cur)->folder));
    EXPECT_TRUE(r.ok()) << r.message;
  }
}

TEST_F(ClientServerTest, ManifestSignedByAnotherKeyIsRejected) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  Config cfg = MakeConfig("dev-k", "k1");
  cfg.server_public_key_pem = PrivateKey::Generate()->public_key().ToPem();
  SyncOutcome o = SyncOnce(cfg);
  EXPECT_EQ(o.result.code, Code::kManifestSignature) << o.result.message;
  ExpectNothingInstalled(State("k1"));
}

TEST_F(ClientServerTest, TamperedManifestIsRejected) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  Config cfg = MakeConfig("dev-t", "t1");
  cfg.rewrite_check = [](std::string* body) {
    auto j = nlohmann::json::parse(*body);
    std::string m = j["manifest"];
    const size_t at = m.find("\"size\":");
    ASSERT_NE(at, std::string::npos);
    m.insert(at + 7, "1");  // a larger blob
    j["manifest"] = m;
    *body = j.dump();
  };
  SyncOutcome o = SyncOnce(cfg);
  EXPECT_EQ(o.result.code, Code::kManifestSignature) << o.result.message;
  ExpectNothingInstalled(State("t1"));
}

TEST_F(ClientServerTest, ExpiredManifestIsRejected) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  Config cfg = MakeConfig("dev-e", "e1");
  cfg.clock = [] { return static_cast<int64_t>(std::time(nullptr)) + 2 * 86400; };
  SyncOutcome o = SyncOnce(cfg);
  EXPECT_EQ(o.result.code, Code::kManifestExpired) << o.result.message;
  ExpectNothingInstalled(State("e1"));
}

TEST_F(ClientServerTest, ReplayedOlderManifestIsRejected) {
  const std::string rel = PublishAndRelease(old_zip_, new_zip_, 1);
  ASSERT_FALSE(rel.empty());
  // Another device's answer for the same base, captured while the release ran.
  std::string captured;
  Config spy = MakeConfig("dev-spy", "spy");
  spy.rewrite_check = [&](std::string* body) { captured = *body; };
  ASSERT_TRUE(SyncOnce(spy).result.ok());
  ASSERT_FALSE(captured.empty());
  // Pausing the release raises the manifest version.
  auto r = server::testing::Http("POST", server_->url() + "/v1/apps/" + kApp + "/releases/" + rel + "/pause",
                                 R"({"reason":"test"})", {server::testing::Bearer(server_->admin_token())});
  ASSERT_EQ(r.status, 200) << r.body;
  Config cfg = MakeConfig("dev-v", "v1");
  SyncOutcome paused = SyncOnce(cfg);
  ASSERT_TRUE(paused.result.ok()) << paused.result.message;
  EXPECT_EQ(paused.outcome, "no_update");
  cfg.rewrite_check = [&](std::string* body) { *body = captured; };
  SyncOutcome o = SyncOnce(cfg);
  EXPECT_EQ(o.result.code, Code::kManifestReplayed) << o.result.message;
  ExpectNothingInstalled(State("v1"));
}

TEST_F(ClientServerTest, ManifestForAnotherBaseIsRejected) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  std::string captured;
  Config spy = MakeConfig("dev-spy", "spy");
  spy.rewrite_check = [&](std::string* body) { captured = *body; };
  ASSERT_TRUE(SyncOnce(spy).result.ok());
  // A device on another base build is handed the captured answer.
  Config cfg = MakeConfig("dev-b", "b1", new_zip_);
  cfg.rewrite_check = [&](std::string* body) { *body = captured; };
  SyncOutcome o = SyncOnce(cfg);
  EXPECT_EQ(o.result.code, Code::kManifestMismatch) << o.result.message;
  ExpectNothingInstalled(State("b1"));
}

TEST_F(ClientServerTest, KilledWorkerIsRecoveredByTheNextSync) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  Config cfg = MakeConfig("dev-w", "w1");
  for (const char* point : {"kill-at-start", "kill-after-apply"}) {
    SCOPED_TRACE(point);
    ::setenv("SUTURE_CLIENT_WORKER_FAULT", point, 1);
    SyncOutcome o = SyncOnce(cfg);
    EXPECT_EQ(o.result.code, Code::kWorkerCrashed) << o.result.message;
    ExpectNothingInstalled(State("w1"));
    EXPECT_TRUE(fs::is_empty(State("w1") + "/staging"));
  }
  ::unsetenv("SUTURE_CLIENT_WORKER_FAULT");
  SyncOutcome o = SyncOnce(cfg);
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  EXPECT_EQ(o.download_attempts, 0);  // the verified blob was kept across the failures
  ExpectInstalledNewMembers(State("w1"));
  ExpectNoLeftovers(State("w1"));
  EXPECT_EQ(StatusOf(State("w1"))["merge_failures"].begin().value(), 2);
}

TEST_F(ClientServerTest, MergeFailuresStopAtTheLimit) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  Config cfg = MakeConfig("dev-l", "l1");
  cfg.max_merge_failures = 2;
  ::setenv("SUTURE_CLIENT_WORKER_FAULT", "kill-at-start", 1);
  EXPECT_EQ(SyncOnce(cfg).result.code, Code::kWorkerCrashed);
  EXPECT_EQ(SyncOnce(cfg).result.code, Code::kWorkerCrashed);
  ::unsetenv("SUTURE_CLIENT_WORKER_FAULT");
  EXPECT_EQ(SyncOnce(cfg).result.code, Code::kGaveUp);
  ExpectNothingInstalled(State("l1"));
}

TEST_F(ClientServerTest, FailedMergeWaitsOutItsBackoff) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  Config cfg = MakeConfig("dev-bo", "bo");
  cfg.merge_retry_base_ms = 60000;
  int64_t now = ::time(nullptr);
  cfg.clock = [&now] { return now; };
  ::setenv("SUTURE_CLIENT_WORKER_FAULT", "kill-at-start", 1);
  EXPECT_EQ(SyncOnce(cfg).result.code, Code::kWorkerCrashed);
  ::unsetenv("SUTURE_CLIENT_WORKER_FAULT");
  for (int64_t step : {0, 30}) {
    now += step;
    SyncOutcome o = SyncOnce(cfg);
    EXPECT_EQ(o.result.code, Code::kUnavailable) << o.result.message;
    EXPECT_EQ(o.outcome, "retry_later");
    ExpectNothingInstalled(State("bo"));
  }
  now += 31;  // past the 60 s of the first failure
  SyncOutcome o = SyncOnce(cfg);
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  EXPECT_EQ(o.outcome, "installed");
  EXPECT_EQ(o.download_attempts, 0);  // the verified blob waited in downloads/
  ExpectInstalledNewMembers(State("bo"));
  EXPECT_EQ(StatusOf(State("bo"))["merge_failures"].begin().value(), 1);
}

class HostKillTest : public ClientServerTest {
 protected:
  std::vector<std::string> SyncArgv(const std::string& state) {
    const std::string rp = dir_->path() + "/rel.pub", sp = dir_->path() + "/srv.pub";
    if (!fs::exists(rp)) {
      EXPECT_TRUE(WriteFileAtomic(rp, AsBytes(release_pub_pem_)).ok());
      EXPECT_TRUE(WriteFileAtomic(sp, AsBytes(server_pub_pem_)).ok());
    }
    return {SUTURE_CLIENT_CLI_PATH, "sync", "--server", server_->url(), "--app", kApp,
            "--app-key", app_key_, "--device", "dev-h", "--base", old_zip_, "--state", State(state),
            "--release-pubkey", rp, "--server-pubkey", sp, "--worker", SUTURE_CLIENT_WORKER_PATH,
            "--tunable", "merge_retry_base_ms=0"};
  }
};

TEST_F(HostKillTest, HostKilledAtEachInstallStepRecovers) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  for (const char* point : {"kill-after-merge", "kill-before-rename"}) {
    SCOPED_TRACE(point);
    const std::string state = std::string("h-") + point;
    std::string out;
    EXPECT_EQ(RunProcess(SyncArgv(state), {std::string("SUTURE_CLIENT_FAULT=") + point}, &out),
              128 + SIGKILL) << out;
    EXPECT_FALSE(fs::exists(State(state) + "/current"));
    ExpectCurrentSound(State(state));
    EXPECT_EQ(RunProcess(SyncArgv(state), {}, &out), 0) << out;
    ExpectInstalledNewMembers(State(state));
    ExpectNoLeftovers(State(state));
    EXPECT_EQ(StatusOf(State(state))["step"], "idle");
  }
}

// The worker's pid, once the host (pid) has spawned it; -1 if it has not
// within `wait_ms`.
pid_t WaitForChild(pid_t pid, int wait_ms) {
  for (int i = 0; i < wait_ms; ++i) {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces.
    for (const auto& e : fs::directory_iterator("/proc")) {
      const std::string name = e.path().filename().string();
      if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
      std::ifstream in(e.path() / "stat");
      std::string line;
      if (!std::getline(in, line)) continue;
      const size_t close = line.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream rest(line.substr(close + 1));
      std::string state;
      pid_t ppid = 0;
      if (rest >> state >> ppid && ppid == pid) return static_cast<pid_t>(std::stoi(name));
    }
    int st = 0;
    if (::waitpid(pid, &st, WNOHANG) == pid) return -2;  // host already exited
    ::usleep(1000);
  }
  return -1;
}

// Kills the merge worker and the host at random instants, 120 times each:
// after every kill `current` is absent or sound; the next clean sync
// converges with nothing left behind; then the state is wiped and the cycle
// starts again.
TEST_F(HostKillTest, KillsAtRandomInstantsNeverExposeAPartialPatch) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  std::mt19937 rng(12345);
  const auto argv = SyncArgv("rand");
  int host_kills = 0, worker_kills = 0, cycles = 0;
  for (int round = 0; round < 240; ++round) {
    // Each cycle on a fresh state folder: the worker killed mid-merge, then
    // the host killed at a random instant, then a clean sync. (Two killed
    // merges stay below the merge-failure limit of 3.)
    const bool kill_worker = round % 2 == 0;
    const pid_t pid = ::fork();
    if (pid == 0) {
      std::vector<char*> a;
      for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
      a.push_back(nullptr);
      ::execv(a[0], a.data());
      std::_Exit(127);
    }
    bool reaped = false;
    if (kill_worker) {
      const pid_t w = WaitForChild(pid, 3000);
      reaped = w == -2;
      if (w > 0) {
        ::usleep(static_cast<useconds_t>(std::uniform_int_distribution<int>(0, 15000)(rng)));
        worker_kills += ::kill(w, SIGKILL) == 0;
      }
    } else {
      ::usleep(static_cast<useconds_t>(std::uniform_int_distribution<int>(0, 80000)(rng)));
      host_kills += ::kill(pid, SIGKILL) == 0;
    }
    int st = 0;
    if (!reaped) ::waitpid(pid, &st, 0);
    ExpectCurrentSound(State("rand"));
    if (round % 2 == 1) {
      std::string out;
      ASSERT_EQ(RunProcess(argv, {}, &out), 0) << out;
      ExpectInstalledNewMembers(State("rand"));
      ExpectNoLeftovers(State("rand"));
      fs::remove_all(State("rand"));
      cycles++;
    }
  }
  EXPECT_GT(host_kills, 80);
  EXPECT_GT(worker_kills, 80);
  RecordProperty("host_kills", host_kills);
  RecordProperty("worker_kills", worker_kills);
  RecordProperty("cycles", cycles);
}

}  // namespace
}  // namespace suture::client::testing

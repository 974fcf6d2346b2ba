// Launch bookkeeping against the real suture-server: safe mode after
// repeated crashes at launch, and the server's rollback directive, each
// rolling back to the clean base, reported, and never re-applied.
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "client_fixture.h"
#include "suture/core/file_util.h"

namespace suture::client::testing {
namespace {

namespace fs = std::filesystem;

TEST_F(ClientServerTest, SafeModeRollsBackAfterRepeatedCrashesAtLaunch) {
  const std::string rel = PublishAndRelease(old_zip_, new_zip_, 1);
  ASSERT_FALSE(rel.empty());
  Config cfg = MakeConfig("dev-s", "s1");
  cfg.safe_mode_launches = 3;
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(cfg, &c).ok());
  ASSERT_TRUE(c->Sync().result.ok());
  // Three launches on the patch crash before launch_ok (suture-client launch --crash).
  for (int i = 0; i < 3; ++i) {
    std::string out;
    EXPECT_EQ(RunProcess({SUTURE_CLIENT_CLI_PATH, "launch", "--state", State("s1"), "--crash"}, {}, &out), 99)
        << out;
    EXPECT_NE(out.find("/patches/"), std::string::npos) << out;
  }
  std::string dir = "unset";
  ASSERT_TRUE(c->LaunchBegin(&dir).ok());
  EXPECT_EQ(dir, "");  // the clean base
  ASSERT_TRUE(c->LaunchOk().ok());
  EXPECT_FALSE(fs::exists(State("s1") + "/current"));
  // The server still offers the patch: never re-applied on this device.
  SyncOutcome o = c->Sync();
  EXPECT_EQ(o.result.code, Code::kGaveUp) << o.result.message;
  EXPECT_FALSE(fs::exists(State("s1") + "/current"));
  EXPECT_EQ(StatusOf(State("s1"))["outbox_pending"], 0);
  auto agg = Aggregates(rel);
  EXPECT_TRUE(HasMetric(agg, "crash_at_launch")) << agg.dump();
  EXPECT_TRUE(HasMetric(agg, "rolled_back")) << agg.dump();
}

TEST_F(ClientServerTest, SafeModeReturnsToThePreviousPatchWhenOneIsKept) {
  const std::string rel1 = PublishAndRelease(old_zip_, new_zip_, 1);
  ASSERT_FALSE(rel1.empty());
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(MakeConfig("dev-p", "p1"), &c).ok());
  ASSERT_EQ(c->Sync().outcome, "installed");
  std::string v1_dir;
  ASSERT_TRUE(c->LaunchBegin(&v1_dir).ok());
  ASSERT_TRUE(c->LaunchOk().ok());
  ASSERT_NE(v1_dir.find("/patches/"), std::string::npos) << v1_dir;
  // Version 2 from the same base replaces it; version 1 is kept until 2 launches once.
  auto v2_members = new_members_;
  v2_members["assets/config.txt"] = "mode=v2\n";
  const std::string rel2 = PublishAndRelease(old_zip_, MakeArchive("v2.apk", v2_members), 2, nullptr, rel1);
  ASSERT_FALSE(rel2.empty());
  SyncOutcome o = c->Sync();
  ASSERT_EQ(o.outcome, "installed") << o.result.message;
  EXPECT_EQ(o.patch_version, 2u);
  for (int i = 0; i < 3; ++i) {
    std::string out;
    EXPECT_EQ(RunProcess({SUTURE_CLIENT_CLI_PATH, "launch", "--state", State("p1"), "--crash"}, {}, &out), 99)
        << out;
    EXPECT_EQ(out.find(v1_dir), std::string::npos) << "still on version 2: " << out;
  }
  std::string dir;
  ASSERT_TRUE(c->LaunchBegin(&dir).ok());
  EXPECT_EQ(dir, v1_dir);  // back on version 1, which launched fine before
  ASSERT_TRUE(c->LaunchOk().ok());
  auto cur = nlohmann::json::parse(AsStringView(*ReadFile(State("p1") + "/current")));
  EXPECT_EQ(cur["patch_version"], 1);
  // Version 2 is never re-applied; version 1 stays.
  o = c->Sync();
  EXPECT_EQ(o.result.code, Code::kGaveUp) << o.result.message;
  EXPECT_EQ(nlohmann::json::parse(AsStringView(*ReadFile(State("p1") + "/current")))["patch_version"], 1);
  ExpectNoLeftovers(State("p1"));
  EXPECT_TRUE(HasMetric(Aggregates(rel2), "rolled_back"));
}

TEST_F(ClientServerTest, ServerRollbackDirectiveRemovesThePatchAtNextLaunch) {
  const std::string rel = PublishAndRelease(old_zip_, new_zip_, 1);
  ASSERT_FALSE(rel.empty());
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(MakeConfig("dev-rb", "rb"), &c).ok());
  ASSERT_EQ(c->Sync().outcome, "installed");
  std::string dir;
  ASSERT_TRUE(c->LaunchBegin(&dir).ok());
  ASSERT_FALSE(dir.empty());
  ASSERT_TRUE(c->LaunchOk().ok());
  auto r = server::testing::Http("POST", server_->url() + "/v1/apps/" + kApp + "/releases/" + rel + "/rollback",
                                 R"({"reason":"bad patch"})", {server::testing::Bearer(server_->admin_token())});
  ASSERT_EQ(r.status, 200) << r.body;
  SyncOutcome o = c->Sync();
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  EXPECT_EQ(o.outcome, "rollback_scheduled");
  EXPECT_TRUE(fs::exists(State("rb") + "/current"));  // the running app keeps its code
  ASSERT_TRUE(c->LaunchBegin(&dir).ok());
  EXPECT_EQ(dir, "");
  ASSERT_TRUE(c->LaunchOk().ok());
  SyncOutcome after = c->Sync();
  ASSERT_TRUE(after.result.ok()) << after.result.message;
  EXPECT_EQ(after.outcome, "no_update");
  ExpectNothingInstalled(State("rb"));
  EXPECT_TRUE(HasMetric(Aggregates(rel), "rolled_back"));
}

TEST_F(ClientServerTest, FleetConvergesUnderEveryFaultKind) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  const std::string rp = dir_->path() + "/rel.pub", sp = dir_->path() + "/srv.pub";
  ASSERT_TRUE(WriteFileAtomic(rp, AsBytes(release_pub_pem_)).ok());
  ASSERT_TRUE(WriteFileAtomic(sp, AsBytes(server_pub_pem_)).ok());
  std::string out;
  const int rc = RunProcess({SUTURE_CLIENT_CLI_PATH, "fleet", "--server", server_->url(), "--app", kApp,
                             "--app-key", app_key_, "--base", old_zip_, "--state", State("fleet"),
                             "--release-pubkey", rp, "--server-pubkey", sp, "--worker",
                             SUTURE_CLIENT_WORKER_PATH, "--devices", "24", "--parallel", "2", "--faults",
                             std::string("none,worker-kill,host-kill,crash-at-launch,net-cut,server-5xx,stall") +
                                 (::geteuid() == 0 ? ",disk-full" : "")},
                            {}, &out);
  EXPECT_EQ(rc, 0) << out;
  // Every kind converged on all its devices, none half-patched, nothing left
  // over or unsent (the exit status says so too), and faults were injected.
  for (const char* kind : {"none", "worker-kill", "host-kill", "crash-at-launch", "net-cut", "server-5xx",
                           "stall", "disk-full"}) {
    if (std::string(kind) == "disk-full" && ::geteuid() != 0) continue;
    const size_t at = out.find(std::string("\n") + kind + " ");
    ASSERT_NE(at, std::string::npos) << kind << "\n" << out;
    std::istringstream row(out.substr(at + 1, out.find('\n', at + 1) - at - 1));
    std::string name, converged;
    int devices, patch, base, neither, p50, max, injected, leftover, unsent;
    row >> name >> devices >> patch >> base >> neither >> converged >> p50 >> max >> injected >> leftover >> unsent;
    EXPECT_EQ(converged, "100.00%") << kind;
    EXPECT_EQ(neither, 0) << kind;
    EXPECT_EQ(leftover, 0) << kind;
    EXPECT_EQ(unsent, 0) << kind;
    if (std::string(kind) != "none") {
      EXPECT_GE(injected, devices) << kind;
    }
    EXPECT_EQ(std::string(kind) == "crash-at-launch" ? base : patch, devices) << kind;
  }
  RecordProperty("table", out);
}

}  // namespace
}  // namespace suture::client::testing

// client-lib against the real suture-server on loopback: the happy path with
// a real bundle made by `suture diff` from two ZIP archives, reports reaching
// the server's aggregates, the suture-client CLI, and downloads cut mid-way
// and resumed with Range + If-Range.
#include <filesystem>

#include "client_fixture.h"
#include "suture/core/file_util.h"

namespace suture::client::testing {
namespace {

namespace fs = std::filesystem;

TEST_F(ClientServerTest, HappyPathInstallsVerifiedPatchAndReports) {
  std::string patch_id;
  const std::string rel = PublishAndRelease(old_zip_, new_zip_, 1, &patch_id);
  ASSERT_FALSE(rel.empty());
  std::unique_ptr<Client> c;
  Result created = Client::Create(MakeConfig("dev-1", "s1"), &c);
  ASSERT_TRUE(created.ok()) << created.message;
  SyncOutcome o = c->Sync();
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  EXPECT_EQ(o.outcome, "installed");
  EXPECT_EQ(o.patch_id, patch_id);
  EXPECT_EQ(o.release_id, rel);
  ExpectInstalledNewMembers(State("s1"));
  ExpectNoLeftovers(State("s1"));
  EXPECT_TRUE(fs::is_empty(State("s1") + "/downloads"));

  std::string dir;
  ASSERT_TRUE(c->LaunchBegin(&dir).ok());
  EXPECT_EQ(dir, State("s1") + "/patches/" + o.folder + "/patch");
  ASSERT_TRUE(c->LaunchOk().ok());
  SyncOutcome again = c->Sync();
  ASSERT_TRUE(again.result.ok()) << again.result.message;
  EXPECT_EQ(again.outcome, "up_to_date");
  auto st = StatusOf(State("s1"));
  EXPECT_EQ(st["outbox_pending"], 0) << st.dump();
  EXPECT_EQ(st["current"]["patch_id"], patch_id);
  EXPECT_TRUE(st["launched_ok"].get<bool>());

  auto agg = Aggregates(rel);
  EXPECT_EQ(agg["totals"]["downloaded"], 1) << agg.dump();
  EXPECT_EQ(agg["totals"]["applied"], 1) << agg.dump();
  EXPECT_EQ(agg["distinct_devices"]["applied"], 1) << agg.dump();
  bool first_launch = false;
  for (const auto& cell : agg["series"]) first_launch = first_launch || cell["metric"] == "first_launch_ok";
  EXPECT_TRUE(first_launch) << agg.dump();
}

TEST_F(ClientServerTest, CliSyncLaunchStatus) {
  const std::string rel = PublishAndRelease(old_zip_, new_zip_, 1);
  ASSERT_FALSE(rel.empty());
  const std::string rp = dir_->path() + "/rel.pub", sp = dir_->path() + "/srv.pub";
  ASSERT_TRUE(WriteFileAtomic(rp, AsBytes(release_pub_pem_)).ok());
  ASSERT_TRUE(WriteFileAtomic(sp, AsBytes(server_pub_pem_)).ok());
  std::string out;
  int rc = RunProcess({SUTURE_CLIENT_CLI_PATH, "sync", "--server", server_->url(), "--app", kApp,
                       "--app-key", app_key_, "--device", "cli-1", "--base", old_zip_, "--state",
                       State("cli"), "--release-pubkey", rp, "--server-pubkey", sp, "--attr",
                       "os=android", "--attr", "sdk=34", "--json"},
                      {}, &out);
  ASSERT_EQ(rc, 0) << out;
  auto j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << out;
  EXPECT_EQ(j["outcome"], "installed");
  ExpectInstalledNewMembers(State("cli"));
  rc = RunProcess({SUTURE_CLIENT_CLI_PATH, "launch", "--state", State("cli")}, {}, &out);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("/patches/"), std::string::npos) << out;
  rc = RunProcess({SUTURE_CLIENT_CLI_PATH, "status", "--state", State("cli"), "--json"}, {}, &out);
  ASSERT_EQ(rc, 0) << out;
  auto st = nlohmann::json::parse(out, nullptr, false);
  EXPECT_EQ(st["current"]["release_id"], rel) << out;
  EXPECT_EQ(st["outbox_pending"], 1) << out;  // first_launch_ok, sent at the next sync
  rc = RunProcess({SUTURE_CLIENT_CLI_PATH, "frobnicate", "--state", State("cli")}, {}, &out);
  EXPECT_EQ(rc, SUTURE_E_INVALID_ARGUMENT) << out;
}

// Blobs go through a proxy that cuts the first connections mid-body.
class ClientResumeTest : public ClientServerTest {
 protected:
  std::vector<std::string> ServerArgs() override {
    return {"--blob-base-url", "http://127.0.0.1:" + std::to_string(proxy_.port()) + "/v1/blobs/"};
  }
  void SetUp() override {
    ClientServerTest::SetUp();
    proxy_.SetUpstream(server_->device_url());
  }
  CuttingProxy proxy_;
};

TEST_F(ClientResumeTest, CutDownloadsResumeWithRange) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  proxy_.CutFirst(3, 30000);
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(MakeConfig("dev-r", "r1"), &c).ok());
  SyncOutcome o = c->Sync();
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  EXPECT_EQ(o.outcome, "installed");
  EXPECT_EQ(proxy_.cuts_done(), 3);
  EXPECT_EQ(o.download_attempts, 4);
  EXPECT_EQ(o.download_resumes, 3);
  ExpectInstalledNewMembers(State("r1"));
  ExpectNoLeftovers(State("r1"));
}

TEST_F(ClientResumeTest, PartialDownloadSurvivesAFailedSync) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  // The first connection brings 30000 bytes, the later ones no body byte:
  // attempts without progress run out.
  proxy_.CutFirst(1, 30000);
  proxy_.CutRest(100);
  Config cfg = MakeConfig("dev-p", "p1");
  cfg.download_attempts = 2;
  {
    std::unique_ptr<Client> c;
    ASSERT_TRUE(Client::Create(cfg, &c).ok());
    SyncOutcome o = c->Sync();
    EXPECT_EQ(o.result.code, Code::kNetwork) << o.result.message;
    ExpectNothingInstalled(State("p1"));
    auto st = StatusOf(State("p1"));
    EXPECT_EQ(st["step"], "downloading") << st.dump();
  }
  bool has_part = false;
  for (const auto& e : fs::directory_iterator(State("p1") + "/downloads")) {
    has_part = has_part || (e.path().extension() == ".part" && fs::file_size(e.path()) > 0);
  }
  EXPECT_TRUE(has_part);
  proxy_.CutRest(0);
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(cfg, &c).ok());
  SyncOutcome o = c->Sync();
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  EXPECT_EQ(o.download_resumes, 1);
  ExpectInstalledNewMembers(State("p1"));
  ExpectNoLeftovers(State("p1"));
}

TEST_F(ClientResumeTest, TamperedBlobIsRejectedThenRefetched) {
  const std::string rel = PublishAndRelease(old_zip_, new_zip_, 1);
  ASSERT_FALSE(rel.empty());
  proxy_.CorruptByte(5000);
  Config cfg = MakeConfig("dev-x", "x1");
  {
    std::unique_ptr<Client> c;
    ASSERT_TRUE(Client::Create(cfg, &c).ok());
    SyncOutcome o = c->Sync();
    EXPECT_EQ(o.result.code, Code::kBlobMismatch) << o.result.message;
    ExpectNothingInstalled(State("x1"));
    ExpectNoLeftovers(State("x1"));
  }
  auto agg = Aggregates(rel);
  EXPECT_EQ(agg["totals"].value("downloaded", 0), 0) << agg.dump();
  proxy_.CorruptByte(0);
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(cfg, &c).ok());
  SyncOutcome o = c->Sync();
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  ExpectInstalledNewMembers(State("x1"));
}

}  // namespace
}  // namespace suture::client::testing

// Push wake-up (push/wait long-poll on the real server) and the download
// bandwidth cap.
#include <chrono>
#include <future>

#include "client_fixture.h"
#include "suture/core/file_util.h"

namespace suture::client::testing {
namespace {

TEST_F(ClientServerTest, PushWakesTheDeviceForANewRelease) {
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(MakeConfig("dev-push", "push"), &c).ok());
  std::string event, message;
  Result timed = c->WaitForPush(1, &event, &message);
  ASSERT_TRUE(timed.ok()) << timed.message;
  EXPECT_EQ(event, "timeout");

  auto waiting = std::async(std::launch::async, [&] {
    std::string ev, msg;
    Result r = c->WaitForPush(60, &ev, &msg);
    return r.ok() ? ev : "error: " + r.message;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // Launch bookkeeping goes on while the long-poll is held.
  std::string dir;
  ASSERT_TRUE(c->LaunchBegin(&dir).ok());
  ASSERT_TRUE(c->LaunchOk().ok());
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  ASSERT_EQ(waiting.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_EQ(waiting.get(), "release");
  SyncOutcome o = c->Sync();
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  EXPECT_EQ(o.outcome, "installed");
  EXPECT_EQ(c->WaitForPush(0, &event, &message).code, Code::kInvalidArgument);
}

// The event stream: a device holding push/stream is woken by a release and
// installs it; the stream's other ends (cancel, server lifetime, bad key).
TEST_F(ClientServerTest, PushStreamWakesTheDeviceForANewRelease) {
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(MakeConfig("dev-sse", "sse"), &c).ok());
  struct Heard {
    std::string event, detail, end;
    int64_t retry_ms = 0;
    Result result;
  };
  auto listening = std::async(std::launch::async, [&] {
    Heard h;
    h.result = c->ListenPush(
        60,
        [&](const std::string& event, const std::string& detail) {
          h.event = event;
          h.detail = detail;
          return false;  // one event is enough
        },
        &h.end, &h.retry_ms);
    return h;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::string dir;
  ASSERT_TRUE(c->LaunchBegin(&dir).ok());  // the handle is usable meanwhile
  ASSERT_TRUE(c->LaunchOk().ok());
  const std::string release = PublishAndRelease(old_zip_, new_zip_, 1);
  ASSERT_FALSE(release.empty());
  ASSERT_EQ(listening.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  Heard h = listening.get();
  ASSERT_TRUE(h.result.ok()) << h.result.message;
  EXPECT_EQ(h.event, "release");
  EXPECT_EQ(h.detail, release);
  EXPECT_EQ(h.end, "stopped");
  EXPECT_EQ(h.retry_ms, 10000);
  SyncOutcome o = c->Sync();
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  EXPECT_EQ(o.outcome, "installed");
}

TEST_F(ClientServerTest, PushStreamCancelAndErrors) {
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(MakeConfig("dev-sse2", "sse2"), &c).ok());
  std::string end;
  int64_t retry = 0;
  auto never = [](const std::string&, const std::string&) { return true; };
  auto listening = std::async(std::launch::async, [&] { return c->ListenPush(60, never, &end, &retry); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto t0 = std::chrono::steady_clock::now();
  c->CancelPush();
  ASSERT_EQ(listening.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  Result r = listening.get();
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(end, "cancelled");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));

  r = c->ListenPush(1, never, &end, &retry);  // no event within 1 s
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(end, "max_time");
  EXPECT_EQ(c->ListenPush(0, never, &end, &retry).code, Code::kInvalidArgument);

  Config bad = MakeConfig("dev-sse3", "sse3");
  bad.app_key = "sak_wrong";
  std::unique_ptr<Client> b;
  ASSERT_TRUE(Client::Create(bad, &b).ok());
  r = b->ListenPush(5, never, &end, &retry);
  EXPECT_EQ(r.code, Code::kServer);
  EXPECT_NE(r.message.find("HTTP 401"), std::string::npos) << r.message;
}

class ShortStreamTest : public ClientServerTest {
 protected:
  std::vector<std::string> ServerArgs() override { return {"--push-stream-max", "1"}; }
};

TEST_F(ShortStreamTest, ServerStreamLifetimeEndsWithReconnect) {
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(MakeConfig("dev-sse4", "sse4"), &c).ok());
  std::string end;
  int64_t retry = 0;
  Result r = c->ListenPush(30, [](const std::string&, const std::string&) { return true; }, &end, &retry);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(end, "reconnect");
  EXPECT_EQ(retry, 10000);
}

// suture-client watch: syncs, holds the stream, syncs again when woken.
TEST_F(ClientServerTest, CliWatchSyncsWhenWokenByTheStream) {
  const std::string rp = dir_->path() + "/rel.pub", sp = dir_->path() + "/srv.pub";
  ASSERT_TRUE(WriteFileAtomic(rp, AsBytes(release_pub_pem_)).ok());
  ASSERT_TRUE(WriteFileAtomic(sp, AsBytes(server_pub_pem_)).ok());
  auto watching = std::async(std::launch::async, [&] {
    std::string out;
    const int rc = RunProcess({SUTURE_CLIENT_CLI_PATH, "watch", "--server", server_->url(), "--app", kApp,
                               "--app-key", app_key_, "--device", "watch-1", "--base", old_zip_, "--state",
                               State("watch"), "--release-pubkey", rp, "--server-pubkey", sp, "--syncs",
                               "1", "--max-seconds", "60", "--json"},
                              {}, &out);
    return std::make_pair(rc, out);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // first sync: no_update
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  ASSERT_EQ(watching.wait_for(std::chrono::seconds(40)), std::future_status::ready);
  auto [rc, out] = watching.get();
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("\"outcome\":\"no_update\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"outcome\":\"installed\""), std::string::npos) << out;
  ExpectInstalledNewMembers(State("watch"));
}

TEST_F(ClientServerTest, BandwidthCapSlowsTheDownload) {
  ASSERT_FALSE(PublishAndRelease(old_zip_, new_zip_, 1).empty());
  Config cfg = MakeConfig("dev-bw", "bw");
  cfg.max_download_bytes_per_s = 64 * 1024;  // the blob is ~120 KB: ~1.9 s
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(cfg, &c).ok());
  const auto t0 = std::chrono::steady_clock::now();
  SyncOutcome o = c->Sync();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  EXPECT_GE(ms, 1500) << o.ToJson();
  ExpectInstalledNewMembers(State("bw"));
}

}  // namespace
}  // namespace suture::client::testing

// Push wake-up (push/wait long-poll on the real server) and the download
// bandwidth cap.
#include <chrono>
#include <future>

#include "client_fixture.h"

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

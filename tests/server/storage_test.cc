#include <gtest/gtest.h>

#include <filesystem>

#include "server_harness.h"
#include "service/push_hub.h"
#include "service/rate_limiter.h"
#include "storage/blob_store.h"
#include "storage/store.h"

namespace suture::server {
namespace {

TEST(BlobStoreTest, IdsAreValidatedSoNoPathCanEscape) {
  EXPECT_TRUE(IsValidBlobId(std::string(64, 'f')));
  for (const std::string& bad :
       {std::string(63, 'a'), std::string(65, 'a'), std::string(64, 'A'),
        "../" + std::string(61, 'a'), std::string(62, 'a') + "/.", std::string()}) {
    EXPECT_FALSE(IsValidBlobId(bad)) << bad;
  }
}

TEST(BlobStoreTest, CommitNamesBySha256AndAbortLeavesNothing) {
  testing::TempDir dir;
  auto store = BlobStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  const std::string data = "hello blob";
  {
    auto w = store->NewWriter(1000);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Write(AsBytes(data)).ok());
    ASSERT_TRUE((*w)->Finish().ok());
    auto id = (*w)->Commit();
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(*id, ToHex(Sha256(AsBytes(data))));
    EXPECT_TRUE(store->PathOf(*id).ok());
  }
  {
    auto w = store->NewWriter(4);
    ASSERT_TRUE(w.ok());
    Status s = (*w)->Write(AsBytes(data));
    EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  }  // destroyed uncommitted: temp file removed
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() + "/tmp"));
  EXPECT_EQ(store->List()->size(), 1u);
}

TEST(StoreTest, MigrationsApplyOnceAndEventsAreIdempotent) {
  testing::TempDir dir;
  const std::string db = dir.path() + "/t.db";
  {
    auto s = Store::Open(db);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EventRecord e{"app", "ev1", "dev", 0, "applied", 0, 1};
    AggregateCell cell{0, "base", 1, "applied", 0, 1};
    EXPECT_TRUE(*(*s)->RecordEvent(e, {cell}));
    EXPECT_FALSE(*(*s)->RecordEvent(e, {cell}));
  }
  auto s = Store::Open(db);  // reopen: migrations not re-run
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto cells = (*s)->QueryAggregates(0, "base", 0);
  ASSERT_TRUE(cells.ok());
  ASSERT_EQ(cells->size(), 1u);
  EXPECT_EQ((*cells)[0].count, 1);
}

TEST(PushHubTest, WakesOnlyMatchingWaitersOnce) {
  PushHub hub(10);
  int a = 0, b = 0, timeouts = 0;
  gray::DeviceContext da, db;
  da.device_id = "a";
  da.base_build = "x";
  db.device_id = "b";
  db.base_build = "y";
  ASSERT_TRUE(hub.Add("app", da, 100, [&](const std::string& e) { a += e == "go"; }).ok());
  ASSERT_TRUE(hub.Add("app", db, 5, [&](const std::string& e) { b += e == "go"; timeouts += e == "t"; }).ok());
  EXPECT_EQ(hub.NotifyApp("app", [](const gray::DeviceContext& d) { return d.base_build == "x"; }, "go"), 1u);
  EXPECT_EQ(hub.NotifyApp("app", [](const gray::DeviceContext&) { return true; }, "again"), 1u);
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 0);
  EXPECT_EQ(hub.ExpireDue(10, "t"), 0u);  // b was woken by "again"
  EXPECT_EQ(hub.size(), 0u);
}

TEST(PushHubTest, CapacityAndDeviceTargeting) {
  PushHub hub(2);
  gray::DeviceContext d;
  d.device_id = "dev";
  int woken = 0;
  ASSERT_TRUE(hub.Add("app", d, 100, [&](const std::string&) { ++woken; }).ok());
  ASSERT_TRUE(hub.Add("app", d, 100, [&](const std::string&) { ++woken; }).ok());
  EXPECT_EQ(hub.Add("app", d, 100, [](const std::string&) {}).status().code(),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(hub.NotifyDevice("app", "other", "m"), 0u);
  EXPECT_EQ(hub.NotifyDevice("app", "dev", "m"), 2u);
  EXPECT_EQ(woken, 2);
}

TEST(RateLimiterTest, BurstThenRefill) {
  RateLimiter rl(1.0, 2.0);
  EXPECT_TRUE(rl.Allow("k", 0));
  EXPECT_TRUE(rl.Allow("k", 0));
  EXPECT_FALSE(rl.Allow("k", 0));
  EXPECT_TRUE(rl.Allow("other", 0));
  EXPECT_TRUE(rl.Allow("k", 1.0));
  EXPECT_EQ(rl.Sweep(100.0), 0u);
}

}  // namespace
}  // namespace suture::server

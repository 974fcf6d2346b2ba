// SessionTable (expiry, pruning, bound, CSRF, shared through the database) and DeviceSightings
// (bound, recency), with explicit clocks: no test waits.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "server_harness.h"
#include "service/device_sightings.h"
#include "service/sessions.h"
#include "storage/store.h"

namespace suture::server {
namespace {

Principal Admin() {
  Principal p;
  p.role = Role::kAdmin;
  p.token_id = 7;
  return p;
}

// A session table over a throw-away database, as the server has it.
class SessionTableTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open() {
    auto s = Store::Open(dir_.path() + "/t.db");
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *std::move(s) : nullptr;
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_ = Open();
};

TEST_F(SessionTableTest, SessionExpiresAfterItsTtlAndIsDeletedWhenSeen) {
  SessionTable t(store_.get(), /*ttl_s=*/100, /*max_sessions=*/10);
  auto s = t.Create(Admin(), 1000);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->expires_at, 1100);
  EXPECT_EQ(s->id.rfind("sus_", 0), 0u);
  EXPECT_EQ(s->id.size(), 4u + 64u);
  ASSERT_TRUE(t.Find(s->id, nullptr, 1099).ok());
  EXPECT_EQ(t.Find(s->id, nullptr, 1099)->principal.token_id, 7);
  EXPECT_EQ(t.Find(s->id, nullptr, 1099)->principal.role, Role::kAdmin);
  auto gone = t.Find(s->id, nullptr, 1100);
  EXPECT_EQ(gone.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(gone.status().message().find("expired"), std::string::npos);
  EXPECT_EQ(t.size(), 0u);  // an expired session is deleted when seen
  EXPECT_EQ(t.Find(s->id, nullptr, 1000).status().code(), StatusCode::kUnauthenticated);
}

TEST_F(SessionTableTest, PruneDeletesEveryExpiredSession) {
  SessionTable t(store_.get(), 100, 10);
  auto a = t.Create(Admin(), 0);
  auto b = t.Create(Admin(), 50);
  ASSERT_TRUE(a.ok() && b.ok());
  auto pruned = t.Prune(120);  // a expired at 100, b lives until 150
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(*pruned, 1);
  EXPECT_EQ(t.size(), 1u);
  EXPECT_TRUE(t.Find(b->id, nullptr, 120).ok());
}

TEST_F(SessionTableTest, TheDatabaseKeepsOnlyTheHashOfTheSessionId) {
  SessionTable t(store_.get(), 100, 10);
  auto s = t.Create(Admin(), 0);
  ASSERT_TRUE(s.ok());
  auto row = store_->FindSession(s->id);
  ASSERT_TRUE(row.ok());
  EXPECT_FALSE(row->has_value());  // not stored under the cookie value
}

TEST_F(SessionTableTest, InstancesOnOneDatabaseShareSessionsAndARestartKeepsThem) {
  auto other = Open();  // a second server instance on the same database
  ASSERT_TRUE(other);
  SessionTable here(store_.get(), 100, 10);
  SessionTable there(other.get(), 100, 10);
  Principal ro;
  ro.role = Role::kReadOnly;
  ro.token_id = 3;
  auto s = here.Create(ro, 0);
  ASSERT_TRUE(s.ok());
  auto seen = there.Find(s->id, &s->csrf, 1);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->principal.role, Role::kReadOnly);
  EXPECT_EQ(seen->principal.token_id, 3);
  EXPECT_EQ(seen->csrf, s->csrf);
  ASSERT_TRUE(there.Remove(s->id).ok());  // sign out on one: gone on both
  EXPECT_EQ(here.Find(s->id, nullptr, 1).status().code(), StatusCode::kUnauthenticated);
  auto kept = here.Create(Admin(), 0);
  ASSERT_TRUE(kept.ok());
  store_.reset();
  other.reset();
  store_ = Open();  // a restart
  SessionTable again(store_.get(), 100, 10);
  EXPECT_TRUE(again.Find(kept->id, &kept->csrf, 2).ok());
}

TEST_F(SessionTableTest, CsrfTokenIsCheckedWhenAsked) {
  SessionTable t(store_.get(), 100, 10);
  auto s = t.Create(Admin(), 0);
  ASSERT_TRUE(s.ok());
  const std::string empty, wrong = "csrf_" + std::string(64, '0');
  EXPECT_EQ(t.Find(s->id, &empty, 1).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(t.Find(s->id, &wrong, 1).status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(t.Find(s->id, &s->csrf, 1).ok());
  EXPECT_EQ(t.Find(s->id, nullptr, 1)->csrf, s->csrf);
}

TEST_F(SessionTableTest, BoundDropsTheSessionNearestToExpiry) {
  SessionTable t(store_.get(), 100, 2);
  auto a = t.Create(Admin(), 0);
  auto b = t.Create(Admin(), 10);
  auto c = t.Create(Admin(), 20);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(t.size(), 2u);
  EXPECT_FALSE(t.Find(a->id, nullptr, 30).ok());
  EXPECT_TRUE(t.Find(b->id, nullptr, 30).ok());
  EXPECT_TRUE(t.Find(c->id, nullptr, 30).ok());
}

TEST_F(SessionTableTest, RemoveSignsOut) {
  SessionTable t(store_.get(), 100, 10);
  auto s = t.Create(Admin(), 0);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(t.Remove(s->id).ok());
  EXPECT_EQ(t.Find(s->id, nullptr, 1).status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(t.Remove("sus_unknown").ok());  // a no-op
  EXPECT_EQ(t.Find("", nullptr, 1).status().code(), StatusCode::kUnauthenticated);
}

gray::DeviceContext Dev(const std::string& app, const std::string& id) {
  gray::DeviceContext d;
  d.app_id = app;
  d.device_id = id;
  d.base_build = "base";
  return d;
}

TEST(DeviceSightingsTest, KeepsTheLastContextAndDropsTheLeastRecent) {
  DeviceSightings s(3);
  s.Record(Dev("a", "1"), 100);
  s.Record(Dev("a", "2"), 101);
  s.Record(Dev("b", "1"), 102);
  gray::DeviceContext again = Dev("a", "1");
  again.sdk = 34;
  s.Record(again, 103);          // "a/1" is now the most recent
  s.Record(Dev("a", "3"), 104);  // drops "a/2", the least recently seen
  EXPECT_EQ(s.size(), 3u);
  EXPECT_FALSE(s.Find("a", "2").has_value());
  ASSERT_TRUE(s.Find("a", "1").has_value());
  EXPECT_EQ(s.Find("a", "1")->seen_at, 103);
  EXPECT_EQ(s.Find("a", "1")->context.sdk, 34);
  EXPECT_TRUE(s.Find("b", "1").has_value());
  EXPECT_FALSE(s.Find("b", "3").has_value());
}

TEST(DeviceSightingsTest, SeenSinceIsNewestFirstPerAppWithinTheWindowAndLimit) {
  DeviceSightings s(100);
  for (int i = 0; i < 10; ++i) s.Record(Dev(i % 2 ? "a" : "b", std::to_string(i)), 1000 + i);
  auto a = s.SeenSince("a", 1004, 100);
  ASSERT_EQ(a.size(), 3u);  // 9, 7, 5 (3, seen at 1003, is before the window)
  EXPECT_EQ(a[0].context.device_id, "9");
  EXPECT_EQ(a[2].context.device_id, "5");
  EXPECT_EQ(s.SeenSince("a", 0, 2).size(), 2u);
  EXPECT_TRUE(s.SeenSince("c", 0, 100).empty());
}

TEST(DeviceSightingsTest, TakeDirtyReturnsEachRecordedDeviceOnce) {
  DeviceSightings s(2);
  s.Record(Dev("a", "1"), 1);
  s.Record(Dev("a", "1"), 2);
  s.Record(Dev("a", "2"), 3);
  s.Record(Dev("a", "3"), 4);  // drops "a/1": nothing to persist for it
  auto d = s.TakeDirty();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_TRUE(s.TakeDirty().empty());
  s.Record(Dev("a", "2"), 5);
  ASSERT_EQ(s.TakeDirty().size(), 1u);
}

TEST(StoreSightingsTest, SaveUpsertsAndPrunesToTheWindowAndBound) {
  testing::TempDir dir;
  auto store = Store::Open(dir.path() + "/t.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::vector<SightingRow> rows;
  for (int i = 1; i <= 6; ++i) {
    rows.push_back(SightingRow{"app", "d" + std::to_string(i), "base", "{}", 100 + i});
  }
  ASSERT_TRUE((*store)->SaveSightings(rows, /*drop_before=*/102, /*keep=*/3).ok());
  auto all = (*store)->LoadSightings(0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);  // d4..d6: d1 is out of the window, d2 and d3 past the bound
  EXPECT_EQ((*all)[0].device_id, "d4");
  EXPECT_EQ((*all)[2].device_id, "d6");
  // An upsert moves a device's row, it never duplicates it.
  ASSERT_TRUE(
      (*store)->SaveSightings({SightingRow{"app", "d4", "base2", "{\"x\":1}", 200}}, 0, 3).ok());
  auto newest = (*store)->LoadSightings(0, 1);
  ASSERT_TRUE(newest.ok());
  ASSERT_EQ(newest->size(), 1u);
  EXPECT_EQ((*newest)[0].device_id, "d4");
  EXPECT_EQ((*newest)[0].base_fingerprint, "base2");
  EXPECT_EQ((*store)->LoadSightings(150, 100)->size(), 1u);
}

}  // namespace
}  // namespace suture::server

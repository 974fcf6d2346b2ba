// PushHub: one-shot (long-poll) and persistent (event stream) waiters,
// Remove, eligibility, device pushes, expiry, heartbeats and the limit.
#include "service/push_hub.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace suture::server {
namespace {

gray::DeviceContext Dev(const std::string& id, const std::string& region = "CN") {
  gray::DeviceContext d;
  d.device_id = id;
  d.region = region;
  return d;
}

// Records every event a waiter's callback receives.
struct Log {
  std::vector<std::string> events;
  PushHub::Callback Cb() {
    return [this](const std::string& e) { events.push_back(e); };
  }
};

bool InCn(const gray::DeviceContext& d) { return d.region == "CN"; }

TEST(PushHubTest, OneShotIsCalledOnceThenGone) {
  PushHub hub(10);
  Log a;
  auto id = hub.Add("app", Dev("a"), 100, a.Cb());
  ASSERT_TRUE(id.ok());
  EXPECT_NE(*id, 0u);
  EXPECT_EQ(hub.size(), 1u);
  EXPECT_EQ(hub.NotifyApp("app", InCn, "r1"), 1u);
  EXPECT_EQ(hub.size(), 0u);
  EXPECT_EQ(hub.NotifyApp("app", InCn, "r2"), 0u);
  EXPECT_EQ(hub.NotifyDevice("app", "a", "d1"), 0u);
  EXPECT_EQ(hub.ExpireDue(1000, "timeout"), 0u);
  EXPECT_EQ(a.events, std::vector<std::string>{"r1"});
  EXPECT_FALSE(hub.Remove(*id));  // already woken
}

TEST(PushHubTest, PersistentIsCalledOnEveryPushAndStays) {
  PushHub hub(10);
  Log s;
  auto id = hub.AddPersistent("app", Dev("s"), s.Cb());
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(hub.persistent_size(), 1u);
  EXPECT_EQ(hub.NotifyApp("app", InCn, "r1"), 1u);
  EXPECT_EQ(hub.NotifyDevice("app", "s", "d1"), 1u);
  EXPECT_EQ(hub.NotifyApp("app", InCn, "r2"), 1u);
  EXPECT_EQ(hub.size(), 1u);
  EXPECT_EQ(s.events, (std::vector<std::string>{"r1", "d1", "r2"}));
  EXPECT_TRUE(hub.Remove(*id));
  EXPECT_EQ(hub.size(), 0u);
  EXPECT_EQ(hub.persistent_size(), 0u);
  EXPECT_EQ(hub.NotifyApp("app", InCn, "r3"), 0u);
  EXPECT_EQ(s.events.size(), 3u);
}

TEST(PushHubTest, RemoveDropsWithoutCallingAndFreesTheSlot) {
  PushHub hub(1);
  Log a;
  auto id = hub.Add("app", Dev("a"), 100, a.Cb());
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(hub.Add("app", Dev("b"), 100, a.Cb()).status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(hub.Remove(*id));
  EXPECT_FALSE(hub.Remove(*id));
  EXPECT_FALSE(hub.Remove(12345));
  EXPECT_TRUE(a.events.empty());
  // Not woken by its deadline nor by a push either.
  EXPECT_EQ(hub.ExpireDue(1000, "timeout"), 0u);
  EXPECT_EQ(hub.NotifyDevice("app", "a", "d"), 0u);
  EXPECT_TRUE(a.events.empty());
  // The slot is free again.
  EXPECT_TRUE(hub.Add("app", Dev("b"), 100, a.Cb()).ok());
}

TEST(PushHubTest, NotifyAppWakesOnlyEligibleWaitersOfThatApp) {
  PushHub hub(100);
  Log cn, fr, other_app, cn_stream, fr_stream;
  ASSERT_TRUE(hub.Add("app", Dev("cn", "CN"), 100, cn.Cb()).ok());
  ASSERT_TRUE(hub.Add("app", Dev("fr", "FR"), 100, fr.Cb()).ok());
  ASSERT_TRUE(hub.Add("other", Dev("cn2", "CN"), 100, other_app.Cb()).ok());
  ASSERT_TRUE(hub.AddPersistent("app", Dev("cns", "CN"), cn_stream.Cb()).ok());
  ASSERT_TRUE(hub.AddPersistent("app", Dev("frs", "FR"), fr_stream.Cb()).ok());
  EXPECT_EQ(hub.NotifyApp("app", InCn, "release"), 2u);
  EXPECT_EQ(cn.events, std::vector<std::string>{"release"});
  EXPECT_EQ(cn_stream.events, std::vector<std::string>{"release"});
  EXPECT_TRUE(fr.events.empty());
  EXPECT_TRUE(fr_stream.events.empty());
  EXPECT_TRUE(other_app.events.empty());
  EXPECT_EQ(hub.size(), 4u);  // the CN long-poll is gone
  EXPECT_EQ(hub.NotifyApp("nope", InCn, "release"), 0u);
}

TEST(PushHubTest, NotifyDeviceWakesEveryConnectionOfThatDeviceOnly) {
  PushHub hub(100);
  Log a1, a2, as, b, other_app;
  ASSERT_TRUE(hub.Add("app", Dev("a"), 100, a1.Cb()).ok());
  ASSERT_TRUE(hub.Add("app", Dev("a"), 100, a2.Cb()).ok());
  ASSERT_TRUE(hub.AddPersistent("app", Dev("a"), as.Cb()).ok());
  ASSERT_TRUE(hub.Add("app", Dev("b"), 100, b.Cb()).ok());
  ASSERT_TRUE(hub.Add("other", Dev("a"), 100, other_app.Cb()).ok());
  EXPECT_EQ(hub.NotifyDevice("app", "a", "msg"), 3u);
  EXPECT_EQ(a1.events.size() + a2.events.size() + as.events.size(), 3u);
  EXPECT_TRUE(b.events.empty());
  EXPECT_TRUE(other_app.events.empty());
  EXPECT_EQ(hub.NotifyDevice("app", "a", "msg2"), 1u);  // the stream only
  EXPECT_EQ(as.events, (std::vector<std::string>{"msg", "msg2"}));
}

TEST(PushHubTest, ExpireDueWakesOneShotByDeadlineNeverStreams) {
  PushHub hub(100);
  Log early, late, stream;
  ASSERT_TRUE(hub.Add("app", Dev("e"), 10, early.Cb()).ok());
  ASSERT_TRUE(hub.Add("app", Dev("l"), 20, late.Cb()).ok());
  ASSERT_TRUE(hub.AddPersistent("app", Dev("s"), stream.Cb()).ok());
  EXPECT_EQ(hub.ExpireDue(9, "timeout"), 0u);
  EXPECT_EQ(hub.ExpireDue(10, "timeout"), 1u);
  EXPECT_EQ(early.events, std::vector<std::string>{"timeout"});
  EXPECT_TRUE(late.events.empty());
  EXPECT_EQ(hub.ExpireDue(1e12, "timeout"), 1u);
  EXPECT_EQ(late.events, std::vector<std::string>{"timeout"});
  EXPECT_TRUE(stream.events.empty());
  EXPECT_EQ(hub.size(), 1u);
}

TEST(PushHubTest, HeartbeatCallsStreamsOnly) {
  PushHub hub(100);
  Log poll, s1, s2;
  ASSERT_TRUE(hub.Add("app", Dev("p"), 100, poll.Cb()).ok());
  ASSERT_TRUE(hub.AddPersistent("app", Dev("s1"), s1.Cb()).ok());
  auto id2 = hub.AddPersistent("other", Dev("s2"), s2.Cb());
  ASSERT_TRUE(id2.ok());
  EXPECT_EQ(hub.Heartbeat("hb"), 2u);
  EXPECT_EQ(hub.Heartbeat("hb"), 2u);
  EXPECT_TRUE(poll.events.empty());
  EXPECT_EQ(s1.events, (std::vector<std::string>{"hb", "hb"}));
  EXPECT_TRUE(hub.Remove(*id2));
  EXPECT_EQ(hub.Heartbeat("hb"), 1u);
  EXPECT_EQ(s2.events.size(), 2u);
  EXPECT_EQ(hub.size(), 2u);
}

TEST(PushHubTest, LimitCountsBothKinds) {
  PushHub hub(3);
  Log l;
  ASSERT_TRUE(hub.Add("app", Dev("a"), 100, l.Cb()).ok());
  ASSERT_TRUE(hub.AddPersistent("app", Dev("b"), l.Cb()).ok());
  ASSERT_TRUE(hub.AddPersistent("app", Dev("c"), l.Cb()).ok());
  EXPECT_EQ(hub.Add("app", Dev("d"), 100, l.Cb()).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(hub.AddPersistent("app", Dev("d"), l.Cb()).status().code(),
            StatusCode::kResourceExhausted);
  // A woken long-poll frees its slot; a notified stream keeps its own.
  EXPECT_EQ(hub.NotifyDevice("app", "a", "x"), 1u);
  EXPECT_EQ(hub.NotifyDevice("app", "b", "x"), 1u);
  EXPECT_TRUE(hub.AddPersistent("app", Dev("d"), l.Cb()).ok());
  EXPECT_FALSE(hub.Add("app", Dev("e"), 100, l.Cb()).ok());
}

TEST(PushHubTest, CallbackMayRemoveItselfAndRemoveReleasesItsCapture) {
  PushHub hub(10);
  auto held = std::make_shared<int>(7);
  std::weak_ptr<int> watch = held;
  uint64_t self = 0;
  int calls = 0;
  auto id = hub.AddPersistent("app", Dev("s"), [&, held](const std::string&) {
    ++calls;
    hub.Remove(self);  // runs outside the hub's lock: must not deadlock
  });
  ASSERT_TRUE(id.ok());
  self = *id;
  held.reset();
  EXPECT_FALSE(watch.expired());  // the hub holds the callback
  EXPECT_EQ(hub.Heartbeat("hb"), 1u);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(hub.size(), 0u);
  EXPECT_TRUE(watch.expired());  // removed: the capture is released
  EXPECT_EQ(hub.Heartbeat("hb"), 0u);
}

TEST(PushHubTest, ConcurrentAddNotifyRemoveKeepsCountsConsistent) {
  PushHub hub(100000);
  std::atomic<int> called{0};
  constexpr int kThreads = 4, kPerThread = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string dev = "d" + std::to_string(t) + "-" + std::to_string(i);
        auto cb = [&](const std::string&) { called.fetch_add(1); };
        auto id = (i % 2 == 0) ? hub.Add("app", Dev(dev), 1e12, cb)
                               : hub.AddPersistent("app", Dev(dev), cb);
        ASSERT_TRUE(id.ok());
        if (i % 3 == 0) hub.Remove(*id);
        if (i % 50 == 0) hub.Heartbeat("hb");
      }
    });
  }
  for (auto& th : threads) th.join();
  // Left: the ids not removed (i % 3 != 0).
  size_t expected = 0;
  for (int i = 0; i < kPerThread; ++i) expected += (i % 3 != 0);
  EXPECT_EQ(hub.size(), expected * kThreads);
  called = 0;
  EXPECT_EQ(hub.NotifyApp(
                "app", [](const gray::DeviceContext&) { return true; }, "r"),
            expected * kThreads);
  EXPECT_EQ(called.load(), static_cast<int>(expected * kThreads));
  EXPECT_EQ(hub.size(), hub.persistent_size());  // long-polls woken, streams stay
}

}  // namespace
}  // namespace suture::server

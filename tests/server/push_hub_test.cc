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
    return [this](const PushEvent& ev) { events.push_back(ev.name); };
  }
};

bool InCn(const gray::DeviceContext& d) { return d.region == "CN"; }

PushEvent Ev(const std::string& name) {
  return PushEvent::Make(name, R"({"event":")" + name + R"("})");
}

TEST(PushHubTest, OneShotIsCalledOnceThenGone) {
  PushHub hub(10);
  Log a;
  auto id = hub.Add("app", Dev("a"), 100, a.Cb());
  ASSERT_TRUE(id.ok());
  EXPECT_NE(*id, 0u);
  EXPECT_EQ(hub.size(), 1u);
  EXPECT_EQ(hub.NotifyApp("app", InCn, Ev("r1")), 1u);
  EXPECT_EQ(hub.size(), 0u);
  EXPECT_EQ(hub.NotifyApp("app", InCn, Ev("r2")), 0u);
  EXPECT_EQ(hub.NotifyDevice("app", "a", Ev("d1")), 0u);
  EXPECT_EQ(hub.ExpireDue(1000, Ev("timeout"), Ev("reconnect")), 0u);
  EXPECT_EQ(a.events, std::vector<std::string>{"r1"});
  EXPECT_FALSE(hub.Remove(*id));  // already woken
}

TEST(PushHubTest, PersistentIsCalledOnEveryPushAndStays) {
  PushHub hub(10);
  Log s;
  auto id = hub.AddPersistent("app", Dev("s"), s.Cb());
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(hub.persistent_size(), 1u);
  EXPECT_EQ(hub.NotifyApp("app", InCn, Ev("r1")), 1u);
  EXPECT_EQ(hub.NotifyDevice("app", "s", Ev("d1")), 1u);
  EXPECT_EQ(hub.NotifyApp("app", InCn, Ev("r2")), 1u);
  EXPECT_EQ(hub.size(), 1u);
  EXPECT_EQ(s.events, (std::vector<std::string>{"r1", "d1", "r2"}));
  EXPECT_TRUE(hub.Remove(*id));
  EXPECT_EQ(hub.size(), 0u);
  EXPECT_EQ(hub.persistent_size(), 0u);
  EXPECT_EQ(hub.NotifyApp("app", InCn, Ev("r3")), 0u);
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
  EXPECT_EQ(hub.ExpireDue(1000, Ev("timeout"), Ev("reconnect")), 0u);
  EXPECT_EQ(hub.NotifyDevice("app", "a", Ev("d")), 0u);
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
  EXPECT_EQ(hub.NotifyApp("app", InCn, Ev("release")), 2u);
  EXPECT_EQ(cn.events, std::vector<std::string>{"release"});
  EXPECT_EQ(cn_stream.events, std::vector<std::string>{"release"});
  EXPECT_TRUE(fr.events.empty());
  EXPECT_TRUE(fr_stream.events.empty());
  EXPECT_TRUE(other_app.events.empty());
  EXPECT_EQ(hub.size(), 4u);  // the CN long-poll is gone
  EXPECT_EQ(hub.NotifyApp("nope", InCn, Ev("release")), 0u);
}

TEST(PushHubTest, NotifyDeviceWakesEveryConnectionOfThatDeviceOnly) {
  PushHub hub(100);
  Log a1, a2, as, b, other_app;
  ASSERT_TRUE(hub.Add("app", Dev("a"), 100, a1.Cb()).ok());
  ASSERT_TRUE(hub.Add("app", Dev("a"), 100, a2.Cb()).ok());
  ASSERT_TRUE(hub.AddPersistent("app", Dev("a"), as.Cb()).ok());
  ASSERT_TRUE(hub.Add("app", Dev("b"), 100, b.Cb()).ok());
  ASSERT_TRUE(hub.Add("other", Dev("a"), 100, other_app.Cb()).ok());
  EXPECT_EQ(hub.NotifyDevice("app", "a", Ev("msg")), 3u);
  EXPECT_EQ(a1.events.size() + a2.events.size() + as.events.size(), 3u);
  EXPECT_TRUE(b.events.empty());
  EXPECT_TRUE(other_app.events.empty());
  EXPECT_EQ(hub.NotifyDevice("app", "a", Ev("msg2")), 1u);  // the stream only
  EXPECT_EQ(as.events, (std::vector<std::string>{"msg", "msg2"}));
}

TEST(PushHubTest, ExpireDueWakesOneShotByDeadlineNeverStreams) {
  PushHub hub(100);
  Log early, late, stream;
  ASSERT_TRUE(hub.Add("app", Dev("e"), 10, early.Cb()).ok());
  ASSERT_TRUE(hub.Add("app", Dev("l"), 20, late.Cb()).ok());
  ASSERT_TRUE(hub.AddPersistent("app", Dev("s"), stream.Cb()).ok());
  EXPECT_EQ(hub.ExpireDue(9, Ev("timeout"), Ev("reconnect")), 0u);
  EXPECT_EQ(hub.ExpireDue(10, Ev("timeout"), Ev("reconnect")), 1u);
  EXPECT_EQ(early.events, std::vector<std::string>{"timeout"});
  EXPECT_TRUE(late.events.empty());
  EXPECT_EQ(hub.ExpireDue(1e12, Ev("timeout"), Ev("reconnect")), 1u);
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
  EXPECT_EQ(hub.Heartbeat(Ev("hb")), 2u);
  EXPECT_EQ(hub.Heartbeat(Ev("hb")), 2u);
  EXPECT_TRUE(poll.events.empty());
  EXPECT_EQ(s1.events, (std::vector<std::string>{"hb", "hb"}));
  EXPECT_TRUE(hub.Remove(*id2));
  EXPECT_EQ(hub.Heartbeat(Ev("hb")), 1u);
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
  EXPECT_EQ(hub.NotifyDevice("app", "a", Ev("x")), 1u);
  EXPECT_EQ(hub.NotifyDevice("app", "b", Ev("x")), 1u);
  EXPECT_TRUE(hub.AddPersistent("app", Dev("d"), l.Cb()).ok());
  EXPECT_FALSE(hub.Add("app", Dev("e"), 100, l.Cb()).ok());
}

TEST(PushHubTest, CallbackMayRemoveItselfAndRemoveReleasesItsCapture) {
  PushHub hub(10);
  auto held = std::make_shared<int>(7);
  std::weak_ptr<int> watch = held;
  uint64_t self = 0;
  int calls = 0;
  auto id = hub.AddPersistent("app", Dev("s"), [&, held](const PushEvent&) {
    ++calls;
    hub.Remove(self);  // runs outside the hub's lock: must not deadlock
  });
  ASSERT_TRUE(id.ok());
  self = *id;
  held.reset();
  EXPECT_FALSE(watch.expired());  // the hub holds the callback
  EXPECT_EQ(hub.Heartbeat(Ev("hb")), 1u);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(hub.size(), 0u);
  EXPECT_TRUE(watch.expired());  // removed: the capture is released
  EXPECT_EQ(hub.Heartbeat(Ev("hb")), 0u);
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
        auto cb = [&](const PushEvent&) { called.fetch_add(1); };
        auto id = (i % 2 == 0) ? hub.Add("app", Dev(dev), 1e12, cb)
                               : hub.AddPersistent("app", Dev(dev), cb);
        ASSERT_TRUE(id.ok());
        if (i % 3 == 0) hub.Remove(*id);
        if (i % 50 == 0) hub.Heartbeat(Ev("hb"));
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
                "app", [](const gray::DeviceContext&) { return true; }, Ev("r")),
            expected * kThreads);
  EXPECT_EQ(called.load(), static_cast<int>(expected * kThreads));
  EXPECT_EQ(hub.size(), hub.persistent_size());  // long-polls woken, streams stay
}

TEST(PushHubTest, EventCarriesItsFrameBuiltOnce) {
  const PushEvent r = PushEvent::Make("release", R"({"event":"release","release_id":"3"})");
  EXPECT_EQ(r.name, "release");
  EXPECT_EQ(r.json, R"({"event":"release","release_id":"3"})");
  EXPECT_EQ(r.sse, "event: release\ndata: {\"event\":\"release\",\"release_id\":\"3\"}\n\n");
  EXPECT_EQ(PushEvent::Make("heartbeat", R"({"event":"heartbeat"})").sse, ": ping\n\n");
  // Every woken waiter gets the same object: nothing is rebuilt per waiter.
  PushHub hub(10);
  std::vector<const PushEvent*> seen;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(hub.AddPersistent("app", Dev("d" + std::to_string(i)),
                                  [&](const PushEvent& e) { seen.push_back(&e); })
                    .ok());
  }
  EXPECT_EQ(hub.NotifyApp("app", InCn, r), 3u);
  ASSERT_EQ(seen.size(), 3u);
  for (const PushEvent* e : seen) EXPECT_EQ(e, &r);
}

TEST(PushHubTest, PerIpCapCountsBothKindsAndFreesOnRemoveAndWake) {
  PushHub hub(100, 2);
  Log l;
  auto a = hub.Add("app", Dev("a"), 100, l.Cb(), "10.0.0.1");
  ASSERT_TRUE(a.ok());
  auto s = hub.AddPersistent("app", Dev("b"), l.Cb(), 0, "10.0.0.1");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(hub.ip_size("10.0.0.1"), 2u);
  auto over = hub.Add("app", Dev("c"), 100, l.Cb(), "10.0.0.1");
  EXPECT_EQ(over.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(over.status().message().find("10.0.0.1"), std::string::npos);
  EXPECT_EQ(hub.AddPersistent("app", Dev("c"), l.Cb(), 0, "10.0.0.1").status().code(),
            StatusCode::kResourceExhausted);
  // Other addresses, and waiters the service does not cap (""), are not affected.
  EXPECT_TRUE(hub.Add("app", Dev("d"), 100, l.Cb(), "10.0.0.2").ok());
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(hub.Add("app", Dev("e"), 100, l.Cb()).ok());
  EXPECT_EQ(hub.ip_size(""), 0u);
  // A removed stream and a woken long-poll free their address's slots.
  EXPECT_TRUE(hub.Remove(*s));
  EXPECT_EQ(hub.ip_size("10.0.0.1"), 1u);
  EXPECT_EQ(hub.NotifyDevice("app", "a", Ev("x")), 1u);
  EXPECT_EQ(hub.ip_size("10.0.0.1"), 0u);
  EXPECT_TRUE(hub.Add("app", Dev("c"), 100, l.Cb(), "10.0.0.1").ok());
  EXPECT_TRUE(hub.AddPersistent("app", Dev("c"), l.Cb(), 0, "10.0.0.1").ok());
  EXPECT_EQ(hub.ExpireDue(1000, Ev("timeout"), Ev("reconnect")), 7u);  // the long-polls
  EXPECT_EQ(hub.ip_size("10.0.0.1"), 1u);                              // the stream
}

TEST(PushHubTest, StreamWithADeadlineGetsReconnectOnceAndIsDropped) {
  PushHub hub(100);
  Log forever, limited, poll;
  ASSERT_TRUE(hub.AddPersistent("app", Dev("f"), forever.Cb()).ok());
  auto id = hub.AddPersistent("app", Dev("l"), limited.Cb(), 50);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(hub.Add("app", Dev("p", "FR"), 50, poll.Cb()).ok());
  EXPECT_EQ(hub.ExpireDue(49, Ev("timeout"), Ev("reconnect")), 0u);
  EXPECT_EQ(hub.NotifyApp("app", InCn, Ev("r1")), 2u);  // the two streams
  EXPECT_EQ(hub.ExpireDue(50, Ev("timeout"), Ev("reconnect")), 2u);
  EXPECT_EQ(limited.events, (std::vector<std::string>{"r1", "reconnect"}));
  EXPECT_EQ(poll.events, (std::vector<std::string>{"timeout"}));
  EXPECT_EQ(hub.size(), 1u);
  EXPECT_EQ(hub.persistent_size(), 1u);
  EXPECT_FALSE(hub.Remove(*id));  // already gone
  EXPECT_EQ(hub.ExpireDue(1e12, Ev("timeout"), Ev("reconnect")), 0u);
  EXPECT_EQ(hub.Heartbeat(Ev("hb")), 1u);
  EXPECT_EQ(forever.events, (std::vector<std::string>{"r1", "hb"}));
  EXPECT_EQ(limited.events.size(), 2u);
}

TEST(PushHubTest, EligibleRunsWithoutTheLockAndSkipsWaitersRemovedMeanwhile) {
  PushHub hub(100);
  Log a, b;
  auto ida = hub.Add("app", Dev("a"), 100, a.Cb());
  auto idb = hub.Add("app", Dev("b"), 100, b.Cb());
  ASSERT_TRUE(ida.ok() && idb.ok());
  size_t seen_size = 0;
  // eligible() may use the hub (it is not called under the hub's lock): here
  // it removes b (its peer hangs up during the notification) and adds a new
  // waiter before b's turn comes.
  const size_t called = hub.NotifyApp(
      "app",
      [&](const gray::DeviceContext& d) {
        seen_size = hub.size();
        if (d.device_id == "a") {
          EXPECT_TRUE(hub.Remove(*idb));
          EXPECT_TRUE(hub.Add("other", Dev("c"), 100, [](const PushEvent&) {}).ok());
        }
        return true;
      },
      Ev("r"));
  EXPECT_EQ(called, 1u);
  EXPECT_EQ(a.events, std::vector<std::string>{"r"});
  EXPECT_TRUE(b.events.empty());  // removed before it was picked: never called
  EXPECT_EQ(seen_size, 2u);
  EXPECT_EQ(hub.size(), 1u);  // c
}

TEST(PushHubTest, NotifyAndHeartbeatWalkManyWaitersInChunks) {
  PushHub hub(100000);
  constexpr int kN = 3000;  // several chunks
  std::vector<int> calls(kN, 0);
  for (int i = 0; i < kN; ++i) {
    auto cb = [&calls, i](const PushEvent&) { ++calls[i]; };
    auto id = (i % 2 == 0)
                  ? hub.Add("app", Dev(std::to_string(i), i % 4 == 0 ? "CN" : "FR"), 100, cb)
                  : hub.AddPersistent("app", Dev(std::to_string(i)), cb);
    ASSERT_TRUE(id.ok());
  }
  // Long-polls: CN ones (i % 4 == 0) woken; streams (odd i, CN) all.
  EXPECT_EQ(hub.NotifyApp("app", InCn, Ev("r")), static_cast<size_t>(kN / 4 + kN / 2));
  for (int i = 0; i < kN; ++i) EXPECT_EQ(calls[i], (i % 4 == 0 || i % 2 == 1) ? 1 : 0) << i;
  EXPECT_EQ(hub.Heartbeat(Ev("hb")), static_cast<size_t>(kN / 2));
  EXPECT_EQ(hub.size(), static_cast<size_t>(kN / 2 + kN / 4));
}

// The exactly-once contract under races: every one-shot callback runs once,
// or never when Remove() won (and then Remove returned true).
TEST(PushHubTest, OneShotFiresExactlyOnceUnderConcurrentNotifyRemoveExpire) {
  PushHub hub(100000);
  constexpr int kN = 4000;
  std::vector<std::atomic<int>> calls(kN);
  std::vector<std::atomic<int>> removed(kN);
  std::vector<uint64_t> ids(kN);
  for (int i = 0; i < kN; ++i) {
    auto id = hub.Add("app", Dev("d" + std::to_string(i % 50)), 100,
                      [&calls, i](const PushEvent&) { calls[i].fetch_add(1); });
    ASSERT_TRUE(id.ok());
    ids[i] = *id;
  }
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    while (!go) std::this_thread::yield();
    hub.NotifyApp(
        "app", [](const gray::DeviceContext& d) { return d.device_id.size() % 2 == 0; }, Ev("r"));
  });
  threads.emplace_back([&] {
    while (!go) std::this_thread::yield();
    for (int k = 0; k < 50; k += 3) hub.NotifyDevice("app", "d" + std::to_string(k), Ev("m"));
  });
  threads.emplace_back([&] {
    while (!go) std::this_thread::yield();
    for (int i = 0; i < kN; i += 2) removed[i] += hub.Remove(ids[i]) ? 1 : 0;
  });
  threads.emplace_back([&] {
    while (!go) std::this_thread::yield();
    for (int k = 0; k < 200; ++k) hub.Heartbeat(Ev("hb"));  // no streams: calls nothing
  });
  go = true;
  for (auto& t : threads) t.join();
  hub.ExpireDue(1000, Ev("timeout"), Ev("reconnect"));
  EXPECT_EQ(hub.size(), 0u);
  for (int i = 0; i < kN; ++i) {
    EXPECT_EQ(calls[i].load() + removed[i].load(), 1) << i;
  }
}

}  // namespace
}  // namespace suture::server

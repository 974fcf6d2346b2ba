// Distinct-device counts next to event counts: the in-memory check buffer
// (CheckCounters), the report path through SQL, the Service's aggregates view
// and the upgrade of a database created by migration 001 alone.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server_harness.h"
#include "http/api_json.h"
#include "http/device_json.h"
#include "service/check_counters.h"
#include "service/service.h"
#include "storage/migrations.h"
#include "storage/sqlite_db.h"
#include "storage/store.h"

namespace suture::server {
namespace {

using nlohmann::json;

// The one cell of `cells` with this minute and metric (fails the test if absent).
AggregateCell Find(const std::vector<AggregateCell>& cells, int64_t minute,
                   const std::string& metric) {
  for (const AggregateCell& c : cells) {
    if (c.minute == minute && c.metric == metric) return c;
  }
  ADD_FAILURE() << "no cell " << minute << "/" << metric;
  return {};
}

TEST(DeviceHashSetTest, ExactBelowTheCapAndAnEstimateAbove) {
  DeviceHashSet exact(1000);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 1000; ++i) exact.Insert(DeviceHash("dev-" + std::to_string(i)));
  }
  EXPECT_EQ(exact.Estimate(), 1000u);
  EXPECT_EQ(exact.level(), 0);
  EXPECT_TRUE(exact.Contains(DeviceHash("dev-7")));
  EXPECT_FALSE(exact.Contains(DeviceHash("dev-1000")));

  DeviceHashSet sampled(1000);
  const int kDistinct = 200000;
  for (int i = 0; i < kDistinct; ++i) sampled.Insert(DeviceHash("dev-" + std::to_string(i)));
  EXPECT_GT(sampled.level(), 0);
  EXPECT_LE(sampled.size(), 1000u);
  EXPECT_NEAR(static_cast<double>(sampled.Estimate()), kDistinct, kDistinct * 0.12);
}

TEST(CheckCountersTest, SameDeviceManyTimesIsOneDevice) {
  CheckCounters c(1000, 100000);
  for (int i = 0; i < 10; ++i) c.Add(0, "base", 100, "checked", 0, DeviceHash("a"));
  std::vector<AggregateCell> cells = c.Take(100);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0].count, 10);
  EXPECT_EQ(cells[0].devices, 1);
  EXPECT_FALSE(cells[0].devices_approx);
}

TEST(CheckCountersTest, TwoDevicesAreTwo) {
  CheckCounters c(1000, 100000);
  for (int i = 0; i < 3; ++i) {
    c.Add(0, "base", 100, "checked", 0, DeviceHash("a"));
    c.Add(0, "base", 100, "checked", 0, DeviceHash("b"));
  }
  std::vector<AggregateCell> cells = c.Take(100);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0].count, 6);
  EXPECT_EQ(cells[0].devices, 2);
}

TEST(CheckCountersTest, TakingTwiceWithinAMinuteDoesNotCountADeviceTwice) {
  CheckCounters c(1000, 100000);
  c.Add(0, "base", 100, "checked", 0, DeviceHash("a"));
  std::vector<AggregateCell> first = c.Take(100);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].devices, 1);
  c.Add(0, "base", 100, "checked", 0, DeviceHash("a"));
  c.Add(0, "base", 100, "checked", 0, DeviceHash("b"));
  std::vector<AggregateCell> second = c.Take(100);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].count, 2);
  EXPECT_EQ(second[0].devices, 1);  // only b is new
  EXPECT_TRUE(c.Take(100).empty());  // nothing pending
}

TEST(CheckCountersTest, MinuteRolloverKeepsTheCurrentAndPreviousMinuteOnly) {
  CheckCounters c(1000, 100000);
  const uint64_t a = DeviceHash("a");
  c.Add(0, "base", 100, "checked", 0, a);
  c.Add(0, "base", 101, "checked", 0, a);  // a new minute: a counts again
  c.Add(0, "base", 100, "checked", 0, a);  // late by < 1 minute: still deduped
  std::vector<AggregateCell> cells = c.Take(101);
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(Find(cells, 100, "checked").count, 2);
  EXPECT_EQ(Find(cells, 100, "checked").devices, 1);
  EXPECT_EQ(Find(cells, 101, "checked").devices, 1);
  EXPECT_EQ(c.held_devices(), 2u);

  c.Add(0, "base", 102, "checked", 0, a);  // minute 100 is final: its set goes
  EXPECT_EQ(c.held_devices(), 2u);         // 101 and 102
  c.Add(0, "base", 100, "checked", 0, a);  // very late: counted, marked approximate
  cells = c.Take(102);
  EXPECT_TRUE(Find(cells, 100, "checked").devices_approx);
  EXPECT_FALSE(Find(cells, 102, "checked").devices_approx);
  EXPECT_EQ(Find(cells, 102, "checked").devices, 1);

  // Idle time: a Take in a later minute frees every set.
  EXPECT_TRUE(c.Take(110).empty());
  EXPECT_EQ(c.held_devices(), 0u);
}

TEST(CheckCountersTest, CellsAreKeyedByReleaseBaseMetricAndCode) {
  CheckCounters c(1000, 100000);
  const uint64_t a = DeviceHash("a");
  c.Add(0, "x", 100, "checked", 0, a);
  c.Add(0, "y", 100, "checked", 0, a);
  c.Add(7, "x", 100, "eligible", 0, a);
  c.Add(7, "x", 100, "eligible", 0, a);
  std::vector<AggregateCell> cells = c.Take(100);
  ASSERT_EQ(cells.size(), 3u);
  for (const AggregateCell& cell : cells) EXPECT_EQ(cell.devices, 1) << cell.metric;
}

TEST(CheckCountersTest, PerCellCapSwitchesToAnEstimateAndMarksIt) {
  CheckCounters c(100, 100000);
  const int kDistinct = 20000;
  for (int i = 0; i < kDistinct; ++i) {
    c.Add(0, "base", 100, "checked", 0, DeviceHash("d" + std::to_string(i)));
  }
  std::vector<AggregateCell> cells = c.Take(100);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0].count, kDistinct);
  EXPECT_TRUE(cells[0].devices_approx);
  EXPECT_NEAR(static_cast<double>(cells[0].devices), kDistinct, kDistinct * 0.35);
  EXPECT_LE(c.held_devices(), 100u);
}

TEST(CheckCountersTest, TotalBudgetCountsUnheldDevicesAsNew) {
  CheckCounters c(1000, 10);
  for (int i = 0; i < 20; ++i) c.Add(0, "base", 100, "checked", 0, DeviceHash(std::to_string(i)));
  c.Add(0, "base", 100, "checked", 0, DeviceHash("0"));  // held: not new
  std::vector<AggregateCell> cells = c.Take(100);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0].count, 21);
  EXPECT_EQ(cells[0].devices, 20);  // an upper bound, exact here
  EXPECT_TRUE(cells[0].devices_approx);
  EXPECT_EQ(c.held_devices(), 10u);
}

TEST(StoreDeviceCountsTest, ReportCellsCountDevicesOncePerMinute) {
  testing::TempDir dir;
  auto s = Store::Open(dir.path() + "/t.db");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Store& store = **s;
  auto record = [&](const std::string& event_id, const std::string& device, int64_t minute) {
    EventRecord e{"app", event_id, device, 3, "apply_failed", 12, minute * 60};
    AggregateCell cell{3, "base", minute, "apply_failed", 12, 1};
    return *store.RecordEvent(e, {cell}, {DeviceTotalKey{3, "base", "apply_failed"}});
  };
  EXPECT_TRUE(record("e1", "a", 100));
  EXPECT_TRUE(record("e2", "a", 100));   // same device, another failure
  EXPECT_FALSE(record("e1", "a", 100));  // duplicate event id: nothing
  EXPECT_TRUE(record("e3", "b", 100));
  EXPECT_TRUE(record("e4", "a", 101));   // next minute: a again

  auto cells = store.QueryAggregates(3, "", 0);
  ASSERT_TRUE(cells.ok());
  ASSERT_EQ(cells->size(), 2u);
  EXPECT_EQ(Find(*cells, 100, "apply_failed").count, 3);
  EXPECT_EQ(Find(*cells, 100, "apply_failed").devices, 2);
  EXPECT_EQ(Find(*cells, 101, "apply_failed").count, 1);
  EXPECT_EQ(Find(*cells, 101, "apply_failed").devices, 1);
  auto totals = store.QueryDeviceTotals(3, "");
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ((*totals)["apply_failed"], 2);  // a and b, since the start

  // Pruned minutes no longer dedupe (they are final), later ones still do.
  EXPECT_EQ(*store.PruneDeviceSets(101), 2);
  EXPECT_TRUE(record("e5", "a", 101));
  cells = store.QueryAggregates(3, "", 101);
  ASSERT_EQ(cells->size(), 1u);
  EXPECT_EQ((*cells)[0].devices, 1);
}

TEST(StoreDeviceCountsTest, CheckDeltasAddUpAndApproxIsSticky) {
  testing::TempDir dir;
  auto s = Store::Open(dir.path() + "/t.db");
  ASSERT_TRUE(s.ok());
  AggregateCell cell{0, "base", 100, "checked", 0, 5, 2, true};
  ASSERT_TRUE((*s)->AddAggregates({cell}).ok());
  cell.devices_approx = false;
  ASSERT_TRUE((*s)->AddAggregates({cell}).ok());
  auto cells = (*s)->QueryAggregates(0, "base", 0);
  ASSERT_EQ(cells->size(), 1u);
  EXPECT_EQ((*cells)[0].count, 10);
  EXPECT_EQ((*cells)[0].devices, 4);
  EXPECT_TRUE((*cells)[0].devices_approx);
}

TEST(StoreDeviceCountsTest, UpgradesADatabaseCreatedByMigration001) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/old.db";
  const std::string base(64, 'b');
  {
    // A database as the previous server left it: schema 001 and some history.
    auto db = SqliteDb::Open(path);
    ASSERT_TRUE(db.ok());
    const std::vector<Migration>& all = EmbeddedMigrations();
    ASSERT_GE(all.size(), 2u);
    ASSERT_EQ(all[0].number, 1);
    ASSERT_TRUE((*db)->Exec(all[0].sql).ok());
    ASSERT_TRUE((*db)->Exec("PRAGMA user_version = 1").ok());
    ASSERT_TRUE((*db)->Exec("INSERT INTO apps VALUES ('app', 'pem', 'kid', 'key', 0);"
                         "INSERT INTO patches VALUES (1, 'app', 'blob', 10, '" + base +
                         "', 5, 't', 'sha', 20, 1, 0);"
                         "INSERT INTO releases VALUES (4, 'app', 1, '{}', 'active', '', 0, 0);"
                         "INSERT INTO events VALUES ('app', 'e1', 'a', 4, 'crash_at_launch', 0, 6000);"
                         "INSERT INTO events VALUES ('app', 'e2', 'a', 4, 'crash_at_launch', 0, 6001);"
                         "INSERT INTO events VALUES ('app', 'e3', 'b', 4, 'launch_ok', 0, 6002);"
                         "INSERT INTO events VALUES ('app', 'e4', 'c', 4, 'applied', 0, 6003);"
                         "INSERT INTO aggregates VALUES (4, '" + base +
                         "', 100, 'crash_at_launch', 0, 2);")
                    .ok());
  }
  auto s = Store::Open(path);  // applies 002
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  {
    auto db = SqliteDb::Open(path);
    auto v = (*db)->Prepare("PRAGMA user_version");
    ASSERT_TRUE(*v->Step());
    EXPECT_EQ(v->Int(0), EmbeddedMigrations().back().number);
  }
  // Old cells: events kept, devices unknown.
  auto cells = (*s)->QueryAggregates(4, "", 0);
  ASSERT_EQ(cells->size(), 1u);
  EXPECT_EQ((*cells)[0].count, 2);
  EXPECT_EQ((*cells)[0].devices, -1);
  // A cell begun before the upgrade keeps counting events; its devices stay unknown.
  ASSERT_TRUE((*s)->AddAggregates({AggregateCell{4, base, 100, "crash_at_launch", 0, 1, 1}}).ok());
  cells = (*s)->QueryAggregates(4, "", 0);
  ASSERT_EQ(cells->size(), 1u);
  EXPECT_EQ((*cells)[0].count, 3);
  EXPECT_EQ((*cells)[0].devices, -1);
  // The auto-halt inputs are backfilled from the events.
  auto totals = (*s)->QueryDeviceTotals(4, base);
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ((*totals)["crash_at_launch"], 1);
  EXPECT_EQ((*totals)["sessions"], 2);
  EXPECT_EQ((*totals)["applied"], 1);
  // New events dedupe against the backfilled sets.
  EventRecord e{"app", "e5", "a", 4, "crash_at_launch", 0, 6100};
  AggregateCell cell{4, base, 101, "crash_at_launch", 0, 1};
  ASSERT_TRUE(*(*s)->RecordEvent(e, {cell}, {DeviceTotalKey{4, base, "crash_at_launch"}}));
  e.event_id = "e6";
  e.device_id = "d";
  ASSERT_TRUE(*(*s)->RecordEvent(e, {cell}, {DeviceTotalKey{4, base, "crash_at_launch"}}));
  EXPECT_EQ((*(*s)->QueryDeviceTotals(4, ""))["crash_at_launch"], 2);
  cells = (*s)->QueryAggregates(4, "", 101);
  ASSERT_EQ(cells->size(), 1u);
  EXPECT_EQ((*cells)[0].devices, 2);
}

// The whole path through Service: checks and reports, read back through the
// aggregates view the API serves.
class ServiceDeviceCountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServiceOptions o;
    o.data_dir = dir_.path();
    o.start_background = false;
    o.device_burst = 1000;
    std::string token;
    auto svc = Service::Open(o, &token);
    ASSERT_TRUE(svc.ok()) << svc.status().ToString();
    svc_ = std::move(*svc);
    auto key = PrivateKey::Generate();
    ASSERT_TRUE(key.ok());
    auto app = svc_->RegisterApp(admin_, "app", key->public_key().ToPem());
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_key_ = app->app_key;
    now_ = std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count();
  }
  json DeviceJson(const std::string& id) const {
    return json{{"device_id", id}, {"base_fingerprint", base_}};
  }
  void CheckFrom(const std::string& id) {
    auto device = ParseDeviceContextJson(DeviceJson(id).dump());
    ASSERT_TRUE(device.ok()) << device.status().ToString();
    auto r = svc_->Check("app", app_key_, *std::move(device), "127.0.0.1", now_);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  json BaseView() {
    auto v = svc_->Aggregates(admin_, "app", 0, base_, 0);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? AggregatesJson(*v) : json::object();
  }
  // The series cell of `metric` (and `code`) in the current minute.
  json Cell(const json& view, const std::string& metric, int64_t code = 0) const {
    for (const json& c : view["series"]) {
      if (c["metric"] == metric && c["code"] == code && c["minute"] == now_ / 60) return c;
    }
    return json::object();
  }

  testing::TempDir dir_;
  std::unique_ptr<Service> svc_;
  Principal admin_{Role::kAdmin, "", 0};
  std::string app_key_;
  std::string base_ = std::string(64, 'a');
  int64_t now_ = 0;
};

TEST_F(ServiceDeviceCountsTest, ChecksCountEventsAndDistinctDevices) {
  for (int i = 0; i < 10; ++i) CheckFrom("same");
  json c = Cell(BaseView(), "checked");  // Aggregates() flushes first
  EXPECT_EQ(c["events"], 10);
  EXPECT_EQ(c["count"], 10);
  EXPECT_EQ(c["devices"], 1);
  EXPECT_FALSE(c.contains("devices_approx"));

  CheckFrom("same");   // after a flush within the same minute: still one device
  CheckFrom("other");
  c = Cell(BaseView(), "checked");
  EXPECT_EQ(c["events"], 12);
  EXPECT_EQ(c["devices"], 2);
}

TEST_F(ServiceDeviceCountsTest, ReportsCountDevicesAndIgnoreDuplicateEventIds) {
  auto report = [&](const std::string& device, std::vector<std::string> ids) {
    json events = json::array();
    for (const std::string& id : ids) {
      events.push_back(json{{"event_id", id}, {"kind", "apply_failed"}, {"code", 12}});
    }
    auto parsed = ParseReportJson(json{{"device", DeviceJson(device)}, {"events", events}}.dump());
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (!parsed.ok()) return ReportResult{};
    auto r = svc_->Report("app", app_key_, *std::move(parsed), now_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ReportResult{};
  };
  EXPECT_EQ(report("a", {"e1", "e2"}).accepted, 2);  // two failures, one device
  ReportResult again = report("a", {"e1", "e2", "e3"});
  EXPECT_EQ(again.accepted, 1);
  EXPECT_EQ(again.duplicates, 2);
  EXPECT_EQ(report("b", {"b1"}).accepted, 1);

  const json view = BaseView();
  json c = Cell(view, "apply_failed", 12);
  EXPECT_EQ(c["events"], 4);
  EXPECT_EQ(c["devices"], 2);
  EXPECT_EQ(view["totals"]["apply_failed"], 4);
  EXPECT_EQ(view["distinct_devices"]["apply_failed"], 2);
}

// ?bucket_s: the minutes of a bucket are summed into one cell (events
// exactly; devices as the sum of the minutes' counts, marked approximate).
TEST_F(ServiceDeviceCountsTest, BucketsSumTheirMinutes) {
  const int64_t b = (now_ / 60) / 15 * 15;  // the current 15-minute bucket, in minutes
  auto check_at = [&](const std::string& id, int64_t minute) {
    auto device = ParseDeviceContextJson(DeviceJson(id).dump());
    ASSERT_TRUE(device.ok());
    ASSERT_TRUE(svc_->Check("app", app_key_, *std::move(device), "127.0.0.1", minute * 60).ok());
  };
  check_at("d1", b - 14);
  check_at("d1", b - 13);
  check_at("d2", b - 13);
  check_at("d1", b);
  auto per_minute = svc_->Aggregates(admin_, "app", 0, base_, b - 15);
  ASSERT_TRUE(per_minute.ok()) << per_minute.status().ToString();
  EXPECT_EQ(per_minute->resolution_s, 60);
  EXPECT_EQ(per_minute->series.size(), 3u);
  auto coarse = svc_->Aggregates(admin_, "app", 0, base_, b - 15, 900);
  ASSERT_TRUE(coarse.ok()) << coarse.status().ToString();
  EXPECT_EQ(coarse->resolution_s, 900);
  ASSERT_EQ(coarse->series.size(), 2u);
  EXPECT_EQ(coarse->series[0].minute, b - 15);
  EXPECT_EQ(coarse->series[0].events, 3);
  EXPECT_EQ(coarse->series[0].devices, 3);  // 1 + 2: d1 is in both minutes
  EXPECT_TRUE(coarse->series[0].devices_approx);
  EXPECT_EQ(coarse->series[1].minute, b);
  EXPECT_EQ(coarse->series[1].events, 1);
  EXPECT_EQ(coarse->totals["checked"], 4);
  for (int64_t bad : {0, 30, 90, 86460}) {
    auto v = svc_->Aggregates(admin_, "app", 0, base_, 0, bad);
    EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(v.status().message().find("bucket_s"), std::string::npos);
  }
}

}  // namespace
}  // namespace suture::server

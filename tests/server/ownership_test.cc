// Issue 16 rows 2, 7 and 8 against the real suture-server binary: every id in
// a request is the path app's and in the caller's scope; listings and app
// keys by token scope; one release state machine (rolled_back is final).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server_harness.h"

namespace suture::server::testing {
namespace {

using nlohmann::json;

std::string S(const Bytes& b) { return std::string(b.begin(), b.end()); }

class OwnershipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path());
    admin_ = server_->admin_token();
    key_a_ = RegisterTestApp(server_->url(), admin_, "app.a", &release_key_a_);
    key_b_ = RegisterTestApp(server_->url(), admin_, "app.b", &release_key_b_);
    // app.b has a patch on base_b_ and a release of it with auto-halt on.
    Response pub = Http("POST", U("/v1/apps/app.b/patches"),
                        S(MakeBundle("app.b", base_b_, RandomBytes(100, 2), 1, &release_key_b_)),
                        {Bearer(admin_), "Content-Type: application/octet-stream"});
    ASSERT_EQ(pub.status, 201) << pub.body;
    release_b_ = CreateAutoHaltRelease(server_->url(), admin_, "app.b", pub.Json()["id"]);
    ASSERT_FALSE(release_b_.empty());
  }

  std::string U(const std::string& path) const { return server_->url() + path; }

  std::string Token(const std::string& role, const std::string& app) {
    Response r = Http("POST", U("/v1/tokens"), json{{"role", role}, {"app_id", app}}.dump(),
                      {Bearer(admin_)});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("token", "");
  }

  // A report of `device` (on `base`) with one event per release id given
  // ("" = an event without a release).
  static json Report(const std::string& device, ByteView base,
                     const std::vector<std::string>& releases, const std::string& kind) {
    json events = json::array();
    for (size_t i = 0; i < releases.size(); ++i) {
      json e{{"event_id", device + "-" + std::to_string(i)}, {"kind", kind}, {"code", 3}};
      if (!releases[i].empty()) e["release_id"] = releases[i];
      events.push_back(e);
    }
    return json{{"device", TestDevice(device, base)}, {"events", events}};
  }

  json ReleaseBAggregates() {
    Response agg =
        Http("GET", U("/v1/apps/app.b/aggregates?release=" + release_b_), "", {Bearer(admin_)});
    EXPECT_EQ(agg.status, 200) << agg.body;
    return agg.Json();
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_;
  PrivateKey release_key_a_, release_key_b_;
  std::string key_a_, key_b_;
  const Bytes base_a_ = RandomBytes(100, 10);
  const Bytes base_b_ = RandomBytes(100, 1);
  std::string release_b_;
};

// Row 2: app A's key naming app B's release (or none that exists) is 404 on
// both ports and counts nothing; one bad event refuses the whole report.
TEST_F(OwnershipTest, ReportNamingAnotherAppsReleaseIsRefusedOnBothPorts) {
  for (const std::string& port : std::vector<std::string>{server_->device_url(), server_->url()}) {
    SCOPED_TRACE(port);
    for (const std::string& bad : std::vector<std::string>{release_b_, "987654"}) {
      Response r = Http("POST", port + "/v1/apps/app.a/report",
                        Report("dev-" + bad, base_a_, {"", bad}, "apply_failed").dump(),
                        {AppKeyHeader(key_a_)});
      EXPECT_EQ(r.status, 404) << r.body;
      EXPECT_EQ(r.ErrorCode(), "not_found") << r.body;
      EXPECT_NE(r.ErrorMessage().find("events[1].release_id"), std::string::npos) << r.body;
    }
    // 30 devices of made-up failures against B's release through A's key.
    for (int i = 0; i < 30; ++i) {
      Response r =
          Http("POST", port + "/v1/apps/app.a/report",
               Report("hostile-" + std::to_string(i), base_b_, {release_b_}, "apply_failed").dump(),
               {AppKeyHeader(key_a_)});
      ASSERT_EQ(r.status, 404) << r.body;
    }
  }
  // Nothing counted for B's release, and the whole first report was refused:
  // its good event (no release) is new when sent again alone.
  const json agg = ReleaseBAggregates();
  EXPECT_EQ(agg["totals"].value("apply_failed", 0), 0) << agg.dump();
  EXPECT_EQ(agg["distinct_devices"].value("apply_failed", 0), 0) << agg.dump();
  json alone = Report("dev-" + release_b_, base_a_, {""}, "apply_failed");
  Response again = Http("POST", U("/v1/apps/app.a/report"), alone.dump(), {AppKeyHeader(key_a_)});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["accepted"], 1);
  EXPECT_EQ(again.Json()["duplicates"], 0);
  // B's own devices still count for B's release.
  Response own =
      Http("POST", server_->device_url() + "/v1/apps/app.b/report",
           Report("b-dev", base_b_, {release_b_}, "applied").dump(), {AppKeyHeader(key_b_)});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(ReleaseBAggregates()["distinct_devices"].value("applied", 0), 1);
}

// Row 2: a device context naming another app is refused by every device
// route, as check already did.
TEST_F(OwnershipTest, DeviceContextOfAnotherAppIsRefused) {
  json device = TestDevice("d1", base_a_);
  device["app_id"] = "app.b";
  json report{{"device", device}, {"events", {{{"event_id", "x1"}, {"kind", "launch_ok"}}}}};
  for (const std::string& port : std::vector<std::string>{server_->device_url(), server_->url()}) {
    Response r =
        Http("POST", port + "/v1/apps/app.a/report", report.dump(), {AppKeyHeader(key_a_)});
    EXPECT_EQ(r.status, 400) << r.body;
    Response w = Http("POST", port + "/v1/apps/app.a/push/wait?timeout=1", device.dump(),
                      {AppKeyHeader(key_a_)});
    EXPECT_EQ(w.status, 400) << w.body;
    Response c = Http("POST", port + "/v1/apps/app.a/check", device.dump(), {AppKeyHeader(key_a_)});
    EXPECT_EQ(c.status, 400) << c.body;
  }
}

// Row 2: A's key cannot move B's unpatched arm (auto-halt compares with it).
TEST_F(OwnershipTest, ReportWithoutReleaseOnAnotherAppsBaseCountsNothing) {
  Response r = Http("POST", server_->device_url() + "/v1/apps/app.a/report",
                    Report("hostile", base_b_, {""}, "launch_ok").dump(), {AppKeyHeader(key_a_)});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string base_hex = TestDevice("x", base_b_)["base_fingerprint"];
  Response agg = Http("GET", U("/v1/apps/app.b/aggregates?base=" + base_hex), "", {Bearer(admin_)});
  ASSERT_EQ(agg.status, 200) << agg.body;
  EXPECT_EQ(agg.Json()["distinct_devices"].value("launch_ok", 0), 0) << agg.body;
  // Nor read it through its own path.
  Response other =
      Http("GET", U("/v1/apps/app.a/aggregates?base=" + base_hex), "", {Bearer(admin_)});
  EXPECT_EQ(other.status, 404) << other.body;
}

// Row 2: a release of A cannot supersede B's release.
TEST_F(OwnershipTest, ReleaseCannotSupersedeAnotherAppsRelease) {
  Response pub = Http("POST", U("/v1/apps/app.a/patches"),
                      S(MakeBundle("app.a", base_a_, RandomBytes(100, 11), 1, &release_key_a_)),
                      {Bearer(admin_), "Content-Type: application/octet-stream"});
  ASSERT_EQ(pub.status, 201) << pub.body;
  Response rel = Http(
      "POST", U("/v1/apps/app.a/releases"),
      json{{"patch_id", pub.Json()["id"]}, {"percent", 10}, {"supersedes", {release_b_}}}.dump(),
      {Bearer(admin_)});
  EXPECT_EQ(rel.status, 404) << rel.body;
  EXPECT_EQ(rel.ErrorCode(), "not_found");
}

// Row 7: listings and app keys by token scope.
TEST_F(OwnershipTest, ListingsAndAppKeysFollowTheTokenScope) {
  auto apps = [&](const std::string& token) {
    Response r = Http("GET", U("/v1/apps"), "", {Bearer(token)});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["apps"];
  };
  const json all = apps(admin_);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["app_key"], key_a_);
  EXPECT_EQ(all[1]["app_key"], key_b_);

  const json readonly = apps(Token("readonly", ""));
  ASSERT_EQ(readonly.size(), 2u);
  for (const json& a : readonly) EXPECT_FALSE(a.contains("app_key")) << a.dump();

  const std::string pub_a = Token("publisher", "app.a");
  const json mine = apps(pub_a);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["app_id"], "app.a");
  EXPECT_EQ(mine[0]["app_key"], key_a_);

  for (const std::string& path :
       std::vector<std::string>{"/v1/apps/app.b/patches", "/v1/apps/app.b/releases",
                                "/v1/apps/app.b/releases/" + release_b_,
                                "/v1/apps/app.b/aggregates?release=" + release_b_}) {
    Response r = Http("GET", U(path), "", {Bearer(pub_a)});
    EXPECT_EQ(r.status, 403) << path << ": " << r.body;
    EXPECT_EQ(r.ErrorCode(), "permission_denied") << path;
  }
  EXPECT_EQ(Http("GET", U("/v1/apps/app.a/patches"), "", {Bearer(pub_a)}).status, 200);
}

// Row 8: rolled_back is final for every route that changes a release.
TEST_F(OwnershipTest, RolledBackReleaseRefusesEveryChange) {
  const std::string rp = "/v1/apps/app.b/releases/" + release_b_;
  ASSERT_EQ(Http("POST", U(rp + "/rollback"), "{}", {Bearer(admin_)}).status, 200);
  Response put = Http("PUT", U(rp), json{{"percent", 5}}.dump(), {Bearer(admin_)});
  EXPECT_EQ(put.status, 409) << put.body;
  EXPECT_EQ(put.ErrorCode(), "failed_precondition");
  EXPECT_EQ(put.ErrorMessage(),
            "release " + release_b_ + " is rolled_back, which is final: cannot edit it");
  for (const char* action : {"ramp", "pause", "resume", "rollback"}) {
    Response r = Http("POST", U(rp + "/" + action), json{{"percent", 5}}.dump(), {Bearer(admin_)});
    EXPECT_EQ(r.status, 409) << action << ": " << r.body;
  }
  Response get = Http("GET", U(rp), "", {Bearer(admin_)});
  EXPECT_EQ(get.Json()["state"], "rolled_back");
  EXPECT_DOUBLE_EQ(get.Json()["percent"].get<double>(), 100.0);
}

}  // namespace
}  // namespace suture::server::testing

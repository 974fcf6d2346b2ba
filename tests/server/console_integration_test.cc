// Issue 11 against the real suture-server: the admin console's files under
// /admin/ (strict CSP, immutable hashed assets), sign-in with an API token
// into an HttpOnly SameSite=Strict session cookie, the CSRF token required on
// every change made with the cookie, roles (read-only sees, cannot act),
// sign-out, Bearer access unchanged, and the audit log (GET /v1/audit)
// written by app registration and every release action.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "raw_conn.h"
#include "server_harness.h"

namespace suture::server::testing {
namespace {

using nlohmann::json;

struct Session {
  std::string cookie;  // "Cookie: suture_session=..."
  std::string csrf;    // "X-CSRF-Token: ..."
};

class ConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path());
    admin_ = server_->admin_token();
  }
  std::string Url(const std::string& path) const { return server_->url() + path; }

  Response SignIn(const std::string& token) {
    return Http("POST", Url("/admin/api/session"), json{{"token", token}}.dump(),
                {"Content-Type: application/json"});
  }
  Session SignedIn(const std::string& token) {
    Response r = SignIn(token);
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set = r.headers["set-cookie"];
    return {"Cookie: " + set.substr(0, set.find(';')),
            "X-CSRF-Token: " + r.Json().value("csrf_token", std::string())};
  }
  std::string Token(const std::string& role) {
    Response r = Http("POST", Url("/v1/tokens"), json{{"role", role}, {"name", role}}.dump(),
                      {Bearer(admin_)});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("token", std::string());
  }
  json Audit(const std::string& app) {
    Response r = Http("GET", Url("/v1/audit?app=" + app), "", {Bearer(admin_)});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["entries"];
  }

  // Registers app1 (app_key_) and publishes a bundle on `base`.
  void RegisterAndPublish(const Bytes& base, Response* pub) {
    PrivateKey key;
    app_key_ = RegisterTestApp(server_->url(), admin_, "app1", &key);
    const Bytes bundle = MakeBundle("app1", base, RandomBytes(3000, 2), 1, &key);
    *pub = Http("POST", Url("/v1/apps/app1/patches"), std::string(bundle.begin(), bundle.end()),
                {Bearer(admin_), "Content-Type: application/octet-stream"});
    ASSERT_EQ(pub->status, 201) << pub->body;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_, app_key_;
};

TEST_F(ConsoleTest, IndexAndAssetsCarryStrictCspAndCaching) {
  Response index = Http("GET", Url("/admin/"));
  ASSERT_EQ(index.status, 200) << index.body;
  EXPECT_NE(index.headers["content-type"].find("text/html"), std::string::npos);
  const std::string csp = index.headers["content-security-policy"];
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_EQ(index.headers["cache-control"], "no-cache");
  EXPECT_EQ(index.headers["x-content-type-options"], "nosniff");
  // No inline script: every <script> has a src, and no on*= handlers.
  EXPECT_FALSE(std::regex_search(index.body, std::regex("<script(?![^>]*\\ssrc=)[^>]*>")));
  EXPECT_FALSE(std::regex_search(index.body, std::regex("\\son[a-z]+=")));
  EXPECT_EQ(Http("GET", Url("/admin")).status, 200);

  std::smatch m;
  ASSERT_TRUE(std::regex_search(index.body, m, std::regex("/admin/assets/(main-[A-Z0-9]+\\.js)")));
  Response js = Http("GET", Url("/admin/assets/" + m[1].str()));
  ASSERT_EQ(js.status, 200);
  EXPECT_NE(js.headers["content-type"].find("javascript"), std::string::npos);
  EXPECT_EQ(js.headers["cache-control"], "public, max-age=31536000, immutable");
  EXPECT_GT(js.body.size(), 1000u);
  ASSERT_TRUE(
      std::regex_search(index.body, m, std::regex("/admin/assets/(style-[A-Z0-9]+\\.css)")));
  EXPECT_EQ(Http("GET", Url("/admin/assets/" + m[1].str())).status, 200);

  EXPECT_EQ(Http("GET", Url("/admin/assets/nope.js")).status, 404);
  EXPECT_EQ(Http("GET", Url("/admin/other")).status, 404);
  EXPECT_EQ(Http("POST", Url("/admin/")).status, 400);
}

TEST_F(ConsoleTest, SignInSetsHttpOnlyStrictExpiringCookie) {
  Response r = SignIn(admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string set = r.headers["set-cookie"];
  EXPECT_TRUE(std::regex_search(set, std::regex("^suture_session=sus_[0-9a-f]{64};"))) << set;
  EXPECT_NE(set.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(set.find("Max-Age=28800"), std::string::npos);
  EXPECT_NE(set.find("Path=/"), std::string::npos);
  EXPECT_EQ(r.Json()["role"], "admin");
  EXPECT_EQ(r.Json()["csrf_token"].get<std::string>().size(), 5u + 64u);
  // The session reads like a token.
  Session s = SignedIn(admin_);
  Response me = Http("GET", Url("/admin/api/session"), "", {s.cookie});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ("X-CSRF-Token: " + me.Json()["csrf_token"].get<std::string>(), s.csrf);
  EXPECT_EQ(Http("GET", Url("/v1/apps"), "", {s.cookie}).status, 200);
}

TEST_F(ConsoleTest, WrongTokenAndUnknownCookieAreRefused) {
  Response r = SignIn("sut_" + std::string(64, '0'));
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.headers.count("set-cookie"), 0u);
  EXPECT_NE(r.ErrorMessage().find("sign-in"), std::string::npos) << r.ErrorMessage();
  EXPECT_EQ(SignIn("").status, 401);
  EXPECT_EQ(Http("POST", Url("/admin/api/session"), "not json", {"Content-Type: application/json"})
                .status,
            400);
  // A form post (what another site can make a browser send) is refused.
  Response form = Http("POST", Url("/admin/api/session"), json{{"token", admin_}}.dump(),
                       {"Content-Type: text/plain"});
  EXPECT_EQ(form.status, 415) << form.body;
  EXPECT_EQ(form.headers.count("set-cookie"), 0u);
  Response forged =
      Http("GET", Url("/v1/apps"), "", {"Cookie: suture_session=sus_" + std::string(64, 'a')});
  EXPECT_EQ(forged.status, 401) << forged.body;
  EXPECT_EQ(Http("GET", Url("/v1/apps")).status, 401);
}

TEST_F(ConsoleTest, ChangesWithTheCookieNeedTheCsrfToken) {
  Session s = SignedIn(admin_);
  PrivateKey key = PrivateKey::Generate().value();
  const std::string body =
      json{{"app_id", "app1"}, {"release_public_key", key.public_key().ToPem()}}.dump();
  Response none = Http("POST", Url("/v1/apps"), body, {s.cookie});
  EXPECT_EQ(none.status, 403) << none.body;
  EXPECT_NE(none.ErrorMessage().find("X-CSRF-Token"), std::string::npos);
  Response wrong = Http("POST", Url("/v1/apps"), body, {s.cookie, "X-CSRF-Token: csrf_x"});
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  // Nothing was registered by the refused requests.
  EXPECT_TRUE(Http("GET", Url("/v1/apps"), "", {s.cookie}).Json()["apps"].empty());
  Response ok = Http("POST", Url("/v1/apps"), body, {s.cookie, s.csrf});
  EXPECT_EQ(ok.status, 201) << ok.body;
  // Bearer access is unchanged: no CSRF token needed, the cookie is ignored.
  Response bearer =
      Http("POST", Url("/v1/tokens"), json{{"role", "readonly"}}.dump(), {Bearer(admin_)});
  EXPECT_EQ(bearer.status, 201) << bearer.body;
  Response bad_bearer = Http("GET", Url("/v1/apps"), "", {Bearer("nope"), s.cookie});
  EXPECT_EQ(bad_bearer.status, 401);
}

TEST_F(ConsoleTest, ReadOnlySessionSeesButCannotAct) {
  PrivateKey key;
  RegisterTestApp(server_->url(), admin_, "app1", &key);
  Session ro = SignedIn(Token("readonly"));
  Response apps = Http("GET", Url("/v1/apps"), "", {ro.cookie});
  ASSERT_EQ(apps.status, 200);
  EXPECT_EQ(apps.Json()["apps"][0]["app_id"], "app1");
  EXPECT_EQ(Http("GET", Url("/v1/audit?app=app1"), "", {ro.cookie}).status, 200);
  PrivateKey k2 = PrivateKey::Generate().value();
  Response act =
      Http("POST", Url("/v1/apps"),
           json{{"app_id", "app2"}, {"release_public_key", k2.public_key().ToPem()}}.dump(),
           {ro.cookie, ro.csrf});
  EXPECT_EQ(act.status, 403) << act.body;
  EXPECT_EQ(Audit("app1").size(), 1u);  // only the admin's registration
}

TEST_F(ConsoleTest, SignOutEndsTheSession) {
  Session s = SignedIn(admin_);
  EXPECT_EQ(Http("DELETE", Url("/admin/api/session"), "", {s.cookie}).status, 403);
  Response out = Http("DELETE", Url("/admin/api/session"), "", {s.cookie, s.csrf});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_NE(out.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Http("GET", Url("/v1/apps"), "", {s.cookie}).status, 401);
  EXPECT_EQ(Http("GET", Url("/admin/api/session"), "", {s.cookie}).status, 401);
}

TEST_F(ConsoleTest, SessionsSurviveARestartAndSignOutEndsThemForGood) {
  Session kept = SignedIn(admin_);
  Session ended = SignedIn(admin_);
  ASSERT_EQ(Http("DELETE", Url("/admin/api/session"), "", {ended.cookie, ended.csrf}).status, 200);
  server_.reset();  // SIGTERM, then a new process on the same data folder
  server_ = std::make_unique<ServerProcess>(dir_.path());
  Response me = Http("GET", Url("/admin/api/session"), "", {kept.cookie});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json()["role"], "admin");
  EXPECT_EQ("X-CSRF-Token: " + me.Json()["csrf_token"].get<std::string>(), kept.csrf);
  // A change with the cookie and its CSRF token still works after the restart.
  PrivateKey key = PrivateKey::Generate().value();
  Response reg =
      Http("POST", Url("/v1/apps"),
           json{{"app_id", "app1"}, {"release_public_key", key.public_key().ToPem()}}.dump(),
           {kept.cookie, kept.csrf});
  EXPECT_EQ(reg.status, 201) << reg.body;
  EXPECT_EQ(Http("GET", Url("/v1/apps"), "", {ended.cookie}).status, 401);
  EXPECT_EQ(Http("GET", Url("/admin/api/session"), "", {ended.cookie}).status, 401);
}

TEST_F(ConsoleTest, AuditLogHasEveryReleaseActionWithBeforeAndAfter) {
  const Bytes base = RandomBytes(1000, 1);
  Response pub;
  ASSERT_NO_FATAL_FAILURE(RegisterAndPublish(base, &pub));
  Session s = SignedIn(admin_);
  Response rel =
      Http("POST", Url("/v1/apps/app1/releases"),
           json{{"patch_id", pub.Json()["id"]}, {"percent", 10}}.dump(), {s.cookie, s.csrf});
  ASSERT_EQ(rel.status, 201) << rel.body;
  const std::string id = rel.Json()["id"];
  const std::string r = "/v1/apps/app1/releases/" + id;
  EXPECT_EQ(Http("PUT", Url(r), json{{"patch_id", pub.Json()["id"]}, {"percent", 20}}.dump(),
                 {Bearer(admin_)})
                .status,
            200);
  EXPECT_EQ(Http("POST", Url(r + "/ramp"), R"({"percent":30})", {s.cookie, s.csrf}).status, 200);
  EXPECT_EQ(
      Http("POST", Url(r + "/pause"), R"({"reason":"crash spike"})", {s.cookie, s.csrf}).status,
      200);
  EXPECT_EQ(Http("POST", Url(r + "/resume"), "{}", {s.cookie, s.csrf}).status, 200);
  EXPECT_EQ(Http("POST", Url(r + "/rollback"), R"({"reason":"bad"})", {Bearer(admin_)}).status,
            200);
  // A refused action writes nothing.
  EXPECT_EQ(Http("POST", Url(r + "/ramp"), R"({"percent":40})", {s.cookie}).status, 403);

  const json e = Audit("app1");
  ASSERT_EQ(e.size(), 8u) << e.dump();
  const std::vector<std::string> actions = {"rollback", "resume", "pause",   "ramp",
                                            "edit",     "create", "publish", "register_app"};
  for (size_t i = 0; i < actions.size(); ++i) {
    EXPECT_EQ(e[i]["action"], actions[i]) << e[i].dump();
    EXPECT_EQ(e[i]["who"]["token_id"], 1);
    EXPECT_EQ(e[i]["who"]["name"], "bootstrap admin");
    EXPECT_GT(e[i]["at"].get<int64_t>(), 1700000000);
  }
  EXPECT_EQ(e[0]["who"]["via"], "api");
  EXPECT_EQ(e[1]["who"]["via"], "console");
  EXPECT_EQ(e[5]["release_id"].get<int64_t>(), std::stoll(id));
  EXPECT_TRUE(e[5]["before"].is_null());
  EXPECT_EQ(e[5]["after"]["percent"], 10);
  EXPECT_EQ(e[4]["before"]["percent"], 10);
  EXPECT_EQ(e[4]["after"]["percent"], 20);
  EXPECT_EQ(e[3]["before"]["percent"], 20);
  EXPECT_EQ(e[3]["after"]["percent"], 30);
  EXPECT_EQ(e[2]["before"]["state"], "active");
  EXPECT_EQ(e[2]["after"]["state"], "paused");
  EXPECT_EQ(e[2]["after"]["state_reason"], "crash spike");
  EXPECT_EQ(e[1]["after"]["state"], "active");
  EXPECT_EQ(e[0]["after"]["state"], "rolled_back");
  EXPECT_EQ(e[6]["release_id"].get<int64_t>(), 0);  // a patch, not a release
  EXPECT_EQ(e[6]["after"]["id"], pub.Json()["id"]);
  EXPECT_FALSE(e[7]["after"].contains("app_key"));  // a credential stays out of the log

  // Paging and errors.
  Response page = Http(
      "GET", Url("/v1/audit?app=app1&limit=2&before=" + std::to_string(e[1]["id"].get<int64_t>())),
      "", {Bearer(admin_)});
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(page.Json()["entries"].size(), 2u);
  EXPECT_EQ(page.Json()["entries"][0]["action"], "pause");
  EXPECT_EQ(Http("GET", Url("/v1/audit?app=nope"), "", {Bearer(admin_)}).status, 404);
  EXPECT_EQ(Http("GET", Url("/v1/audit"), "", {Bearer(admin_)}).status, 400);
  EXPECT_EQ(Http("GET", Url("/v1/audit?app=app1&limit=0"), "", {Bearer(admin_)}).status, 400);
  EXPECT_EQ(Http("GET", Url("/v1/audit?app=app1")).status, 401);
}

TEST_F(ConsoleTest, AdvanceMovesAStagedRampOneStepAndIsAudited) {
  const Bytes base = RandomBytes(1000, 1);
  Response pub;
  ASSERT_NO_FATAL_FAILURE(RegisterAndPublish(base, &pub));
  const json ramp = {{"steps", json::array({{{"percent", 1}, {"min_duration_s", 86400}},
                                            {{"percent", 20}, {"min_duration_s", 86400}},
                                            {{"percent", 100}}})}};
  Response rel =
      Http("POST", Url("/v1/apps/app1/releases"),
           json{{"patch_id", pub.Json()["id"]}, {"ramp", ramp}}.dump(), {Bearer(admin_)});
  ASSERT_EQ(rel.status, 201) << rel.body;
  EXPECT_EQ(rel.Json()["percent"], 1);
  const std::string r = "/v1/apps/app1/releases/" + rel.Json()["id"].get<std::string>();
  Session s = SignedIn(admin_);
  Session ro = SignedIn(Token("readonly"));
  EXPECT_EQ(Http("POST", Url(r + "/advance"), "{}", {ro.cookie, ro.csrf}).status, 403);
  EXPECT_EQ(Http("POST", Url(r + "/advance"), "{}", {s.cookie}).status, 403);  // no CSRF token

  Response one = Http("POST", Url(r + "/advance"), "{}", {s.cookie, s.csrf});
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.Json()["percent"], 20);
  EXPECT_EQ(one.Json()["spec"]["ramp"]["current_step"], 1);
  EXPECT_EQ(one.Json()["state_reason"], "ramp step 1 -> 2 (1.00% -> 20.00%) by admin");
  Response two = Http("POST", Url(r + "/advance"), R"({"reason":"looks good"})", {Bearer(admin_)});
  ASSERT_EQ(two.status, 200) << two.body;
  EXPECT_EQ(two.Json()["percent"], 100);
  EXPECT_EQ(two.Json()["state_reason"], "looks good");
  Response last = Http("POST", Url(r + "/advance"), "{}", {s.cookie, s.csrf});
  EXPECT_EQ(last.status, 409) << last.body;
  EXPECT_NE(last.ErrorMessage().find("last ramp step (3 of 3)"), std::string::npos)
      << last.ErrorMessage();

  const json e = Audit("app1");
  ASSERT_GE(e.size(), 2u);
  EXPECT_EQ(e[0]["action"], "advance");
  EXPECT_EQ(e[0]["who"]["via"], "api");
  EXPECT_EQ(e[0]["before"]["percent"], 20);
  EXPECT_EQ(e[0]["after"]["percent"], 100);
  EXPECT_EQ(e[1]["action"], "advance");
  EXPECT_EQ(e[1]["who"]["via"], "console");
  EXPECT_EQ(e[1]["before"]["spec"]["ramp"]["current_step"], 0);
  EXPECT_EQ(e[1]["after"]["spec"]["ramp"]["current_step"], 1);
  EXPECT_EQ(e[2]["action"], "create");  // the refused calls wrote nothing

  // A release at a fixed percentage has no step to advance; a paused one does not move.
  Response flat =
      Http("POST", Url("/v1/apps/app1/releases"),
           json{{"patch_id", pub.Json()["id"]}, {"percent", 5}}.dump(), {Bearer(admin_)});
  ASSERT_EQ(flat.status, 201) << flat.body;
  const std::string f = "/v1/apps/app1/releases/" + flat.Json()["id"].get<std::string>();
  Response none = Http("POST", Url(f + "/advance"), "{}", {Bearer(admin_)});
  EXPECT_EQ(none.status, 409) << none.body;
  EXPECT_NE(none.ErrorMessage().find("no ramp steps"), std::string::npos) << none.ErrorMessage();
  ASSERT_EQ(Http("POST", Url(f + "/pause"), "{}", {Bearer(admin_)}).status, 200);
  EXPECT_EQ(Http("POST", Url(f + "/advance"), "{}", {Bearer(admin_)}).status, 409);
}

TEST_F(ConsoleTest, PatchDetailListsTheStoredBundlesEntriesWithSizes) {
  const Bytes base = RandomBytes(1000, 1);
  Response pub;
  ASSERT_NO_FATAL_FAILURE(RegisterAndPublish(base, &pub));
  const std::string id = pub.Json()["id"];
  Session ro = SignedIn(Token("readonly"));
  Response d = Http("GET", Url("/v1/apps/app1/patches/" + id), "", {ro.cookie});
  ASSERT_EQ(d.status, 200) << d.body;
  const json j = d.Json();
  EXPECT_EQ(j["id"], id);
  EXPECT_EQ(j["size"], pub.Json()["size"]);
  const json& b = j["bundle"];
  EXPECT_EQ(b["kind"], "file");
  EXPECT_TRUE(b["signature_valid"].get<bool>());
  EXPECT_EQ(b["signer_key_id"].get<std::string>().size(), 64u);
  ASSERT_EQ(b["entries"].size(), 1u) << b.dump();
  const json& e = b["entries"][0];
  EXPECT_EQ(e["op"], "patch");
  EXPECT_EQ(e["old_size"], 1000);
  EXPECT_EQ(e["new_size"], 3000);
  EXPECT_GT(e["patch_bytes"].get<int64_t>(), 0);
  EXPECT_LE(e["patch_bytes"].get<int64_t>(), b["payload_bytes"].get<int64_t>());
  EXPECT_LT(b["payload_bytes"].get<int64_t>(), j["size"].get<int64_t>());
  EXPECT_FALSE(e["method"].get<std::string>().empty());

  EXPECT_EQ(Http("GET", Url("/v1/apps/app1/patches/99"), "", {Bearer(admin_)}).status, 404);
  EXPECT_EQ(Http("GET", Url("/v1/apps/nope/patches/" + id), "", {Bearer(admin_)}).status, 404);
  EXPECT_EQ(Http("GET", Url("/v1/apps/app1/patches/x"), "", {Bearer(admin_)}).status, 400);
  EXPECT_EQ(Http("GET", Url("/v1/apps/app1/patches/" + id)).status, 401);
}

TEST_F(ConsoleTest, AggregatesOfAReleaseHaveItsBaseBuildsCoverage) {
  const Bytes base = RandomBytes(1000, 1);
  Response pub;
  ASSERT_NO_FATAL_FAILURE(RegisterAndPublish(base, &pub));
  const std::string patch = pub.Json()["id"];
  Response rel = Http("POST", Url("/v1/apps/app1/releases"),
                      json{{"patch_id", patch}, {"percent", 100}}.dump(), {Bearer(admin_)});
  ASSERT_EQ(rel.status, 201) << rel.body;
  auto check = [&](json device) {
    Response r = Http("POST", server_->device_url() + "/v1/apps/app1/check", device.dump(),
                      {AppKeyHeader(app_key_)});
    EXPECT_EQ(r.status, 200) << r.body;
  };
  // On the base: two run the patch, one not yet; one more on another build.
  for (const char* id : {"on-1", "on-2"}) {
    json d = TestDevice(id, base);
    d["installed_patch"] = patch;
    check(d);
  }
  check(TestDevice("not-yet", base));
  check(TestDevice("elsewhere", RandomBytes(1000, 9)));
  Response agg =
      Http("GET",
           Url("/v1/apps/app1/aggregates?release=" + rel.Json()["id"].get<std::string>() +
               "&bucket_s=3600"),
           "", {Bearer(admin_)});
  ASSERT_EQ(agg.status, 200) << agg.body;
  const json cov = agg.Json()["coverage"];
  EXPECT_EQ(cov["window_s"], 86400);
  EXPECT_EQ(cov["seen"], 3);
  EXPECT_EQ(cov["on_patch"], 2);
  EXPECT_FALSE(cov["truncated"].get<bool>());
  EXPECT_EQ(agg.Json()["resolution_s"], 3600);
  for (const json& c : agg.Json()["series"]) EXPECT_EQ(c["minute"].get<int64_t>() % 60, 0);
  EXPECT_EQ(Http("GET", Url("/v1/apps/app1/aggregates?release=1&bucket_s=90"), "", {Bearer(admin_)})
                .status,
            400);
  EXPECT_EQ(Http("GET", Url("/v1/apps/app1/aggregates?release=1&bucket_s=x"), "", {Bearer(admin_)})
                .status,
            400);
}

// The live dashboard's event stream: session-authenticated, `ready` first,
// an `update` after a device checks in, heartbeats, a bounded number.
TEST_F(ConsoleTest, DashboardStreamSendsUpdatesWhenDevicesCheckInAndIsBounded) {
  server_.reset();
  server_ = std::make_unique<ServerProcess>(dir_.path(),
                                            std::vector<std::string>{"--push-heartbeat", "1"});
  const Bytes base = RandomBytes(1000, 1);
  Response pub;
  ASSERT_NO_FATAL_FAILURE(RegisterAndPublish(base, &pub));
  ASSERT_EQ(Http("POST", Url("/v1/apps/app1/releases"),
                 json{{"patch_id", pub.Json()["id"]}, {"percent", 100}}.dump(), {Bearer(admin_)})
                .status,
            201);
  Session ro = SignedIn(Token("readonly"));  // watching needs no more than read-only
  auto open = [&](const std::string& app) {
    auto c = std::make_unique<RawConn>(server_->url());
    EXPECT_TRUE(c->Send("GET /admin/api/apps/" + app + "/stream HTTP/1.1\r\nHost: t\r\n" +
                        ro.cookie + "\r\nAccept: text/event-stream\r\n\r\n"));
    return c;
  };
  auto s = open("app1");
  ASSERT_TRUE(s->ReadUntilContains("event: ready\n", 5000)) << s->data();
  EXPECT_NE(s->data().find("HTTP/1.1 200"), std::string::npos) << s->data();
  EXPECT_NE(s->data().find("text/event-stream"), std::string::npos) << s->data();
  EXPECT_EQ(s->data().find("event: update"), std::string::npos);
  ASSERT_TRUE(s->ReadUntilContains(": ping", 4000)) << s->data();  // a heartbeat

  // A device checks and reports: the dashboard is told within a couple of seconds.
  Response chk = Http("POST", server_->device_url() + "/v1/apps/app1/check",
                      TestDevice("dev-1", base).dump(), {AppKeyHeader(app_key_)});
  ASSERT_EQ(chk.status, 200) << chk.body;
  ASSERT_TRUE(s->ReadUntilContains("event: update\ndata: {\"app_id\":\"app1\"", 5000)) << s->data();

  // Refused: no session, an unknown app, a method other than GET.
  EXPECT_EQ(Http("GET", Url("/admin/api/apps/app1/stream")).status, 401);
  EXPECT_EQ(Http("GET", Url("/admin/api/apps/nope/stream"), "", {ro.cookie}).status, 404);
  EXPECT_EQ(Http("POST", Url("/admin/api/apps/app1/stream"), "{}", {ro.cookie, ro.csrf}).status,
            400);

  // At most 64 dashboards at once: the 65th is told to wait (429), and a
  // closed one frees its place at once.
  std::vector<std::unique_ptr<RawConn>> more;
  for (int i = 1; i < 64; ++i) {
    more.push_back(open("app1"));
    ASSERT_TRUE(more.back()->ReadUntilContains("event: ready\n", 5000)) << i;
  }
  Response full = Http("GET", Url("/admin/api/apps/app1/stream"), "", {ro.cookie});
  EXPECT_EQ(full.status, 429) << full.body;
  EXPECT_NE(full.ErrorMessage().find("64 live dashboards"), std::string::npos)
      << full.ErrorMessage();
  more.pop_back();
  bool reopened = false;
  for (int i = 0; i < 50 && !reopened; ++i) {  // the hang-up reaches the server first
    auto again = open("app1");
    reopened = again->ReadUntilContains("event: ready\n", 2000);
    if (!reopened) usleep(20000);
  }
  EXPECT_TRUE(reopened);
}

TEST_F(ConsoleTest, PreviewCountMatchesWhatChecksThenAnswerAndDevicesAreExplained) {
  const Bytes base = RandomBytes(1000, 1);
  Response pub;
  ASSERT_NO_FATAL_FAILURE(RegisterAndPublish(base, &pub));
  // 12 devices on the base, sdk 28..39; one more on another base build.
  auto check = [&](const json& device) {
    Response r = Http("POST", server_->device_url() + "/v1/apps/app1/check", device.dump(),
                      {AppKeyHeader(app_key_)});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().value("type", std::string());
  };
  std::vector<json> devices;
  for (int i = 0; i < 12; ++i) {
    json d = TestDevice("dev-" + std::to_string(i), base);
    d["sdk"] = 28 + i;
    devices.push_back(d);
  }
  json other = TestDevice("dev-other", RandomBytes(1000, 9));
  for (const json& d : devices) EXPECT_EQ(check(d), "none");
  EXPECT_EQ(check(other), "none");

  const json body = {{"patch_id", pub.Json()["id"]},
                     {"percent", 50},
                     {"rules", json::array({{{"attr", "sdk"}, {"op", "ge"}, {"value", 31}}})}};
  Session ro = SignedIn(Token("readonly"));  // previewing changes nothing: any role
  Response prev =
      Http("POST", Url("/v1/apps/app1/release-preview"), body.dump(), {ro.cookie, ro.csrf});
  ASSERT_EQ(prev.status, 200) << prev.body;
  const json pj = prev.Json();
  EXPECT_EQ(pj["seen"], 13);
  EXPECT_EQ(pj["window_s"], 86400);
  EXPECT_FALSE(pj["truncated"].get<bool>());
  const std::string fp = devices[0]["base_fingerprint"];
  EXPECT_EQ(pj["by_base"][fp]["seen"], 12);
  EXPECT_EQ(pj["by_base"][other["base_fingerprint"].get<std::string>()]["matched"], 0);
  const int64_t matched = pj["matched"];
  EXPECT_LE(matched, 9);  // sdk >= 31: 9 devices, then the 50% bucket
  EXPECT_FALSE(pj["samples"].empty());
  for (const json& smp : pj["samples"]) {
    EXPECT_FALSE(smp["verdict"]["reason"].get<std::string>().empty()) << smp.dump();
  }

  // The server's own parser and validator, as you type.
  json bad = body;
  bad["rules"][0]["op"] = "bogus";
  Response invalid =
      Http("POST", Url("/v1/apps/app1/release-preview"), bad.dump(), {Bearer(admin_)});
  EXPECT_EQ(invalid.status, 400) << invalid.body;
  EXPECT_NE(invalid.ErrorMessage().find("op"), std::string::npos) << invalid.ErrorMessage();
  bad = body;
  bad["percent"] = 120;
  EXPECT_EQ(Http("POST", Url("/v1/apps/app1/release-preview"), bad.dump(), {Bearer(admin_)}).status,
            400);
  bad = body;
  bad["patch_id"] = "99";
  EXPECT_EQ(Http("POST", Url("/v1/apps/app1/release-preview"), bad.dump(), {Bearer(admin_)}).status,
            404);
  EXPECT_TRUE(Http("GET", Url("/v1/apps/app1/releases"), "", {Bearer(admin_)})
                  .Json()["releases"]
                  .empty());  // a preview stores nothing

  // Create it: the same devices now get exactly the previewed number of patches.
  Response created = Http("POST", Url("/v1/apps/app1/releases"), body.dump(), {Bearer(admin_)});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Json()["id"], pj["release_id"]);  // the salt the preview bucketed with
  int64_t patched = 0;
  for (const json& d : devices) patched += check(d) == "patch" ? 1 : 0;
  EXPECT_EQ(check(other), "none");
  EXPECT_EQ(patched, matched);

  // Devices: the last context, the decision now and each release's reason.
  Response low = Http("GET", Url("/v1/apps/app1/devices/dev-0"), "", {ro.cookie});
  ASSERT_EQ(low.status, 200) << low.body;
  EXPECT_EQ(low.Json()["device"]["sdk"], 28);
  EXPECT_EQ(low.Json()["now"]["decision"], "none");
  EXPECT_EQ(low.Json()["now"]["reason_code"], "rule_failed");
  ASSERT_EQ(low.Json()["releases"].size(), 1u);
  EXPECT_EQ(low.Json()["releases"][0]["reason_code"], "rule_failed");
  EXPECT_NE(low.Json()["releases"][0]["reason"].get<std::string>().find("sdk"), std::string::npos)
      << low.body;
  EXPECT_GT(low.Json()["seen_at"].get<int64_t>(), 1700000000);
  EXPECT_EQ(Http("GET", Url("/v1/apps/app1/devices/nobody"), "", {ro.cookie}).status, 404);
  EXPECT_EQ(Http("GET", Url("/v1/apps/nope/devices/dev-0"), "", {ro.cookie}).status, 404);
  EXPECT_EQ(Http("GET", Url("/v1/apps/app1/devices/dev-0")).status, 401);

  // The sightings survive a restart (table device_sightings).
  server_.reset();  // SIGTERM: the last ones are written on the way out
  server_ = std::make_unique<ServerProcess>(dir_.path());
  Response again = Http("GET", Url("/v1/apps/app1/devices/dev-0"), "", {Bearer(admin_)});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["device"], low.Json()["device"]);
  EXPECT_EQ(again.Json()["seen_at"], low.Json()["seen_at"]);
  Response prev2 =
      Http("POST", Url("/v1/apps/app1/release-preview"), body.dump(), {Bearer(admin_)});
  ASSERT_EQ(prev2.status, 200) << prev2.body;
  EXPECT_EQ(prev2.Json()["seen"], 13);
}

}  // namespace
}  // namespace suture::server::testing

// Integration tests against the real suture-server binary on a loopback port.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "server_harness.h"
#include "suture/apply/bundle.h"

namespace suture::server::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

size_t CountFiles(const fs::path& dir) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    (void)e;
    ++n;
  }
  return n;
}

std::string S(const Bytes& b) { return std::string(b.begin(), b.end()); }

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }

  void Start(const std::vector<std::string>& extra) {
    server_ = std::make_unique<ServerProcess>(dir_.path(), extra);
    ASSERT_FALSE(server_->url().empty());
    if (!server_->admin_token().empty()) admin_ = server_->admin_token();
  }

  std::string U(const std::string& path) const { return server_->url() + path; }

  // Registers `app` with a fresh release key; returns its app key.
  std::string RegisterApp(const std::string& app, PrivateKey* key_out) {
    return RegisterTestApp(server_->url(), admin_, app, key_out);
  }

  std::string Token(const std::string& role, const std::string& app) {
    Response r = Http("POST", U("/v1/tokens"), json{{"role", role}, {"app_id", app}}.dump(),
                      {Bearer(admin_)});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("token", "");
  }

  Response Publish(const std::string& app, const Bytes& bundle, const std::string& token) {
    return Http("POST", U("/v1/apps/" + app + "/patches"), S(bundle),
                {Bearer(token), "Content-Type: application/octet-stream"});
  }

  json Device(const std::string& id, const Bytes& base) { return TestDevice(id, base); }

  // A release at 100% with auto-halt on (failure rate 5%, 20 attempts,
  // z 2.0); returns its id ("" on failure, recorded).
  std::string AutoHaltRelease(const std::string& app, const json& patch_id) {
    return CreateAutoHaltRelease(server_->url(), admin_, app, patch_id);
  }

  size_t Blobs() const { return CountFiles(fs::path(dir_.path()) / "blobs"); }
  size_t Temps() const { return CountFiles(fs::path(dir_.path()) / "tmp"); }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_;
};

TEST_F(ServerTest, HealthzMetricsOpenApi) {
  EXPECT_EQ(Http("GET", U("/healthz")).status, 200);
  Response m = Http("GET", U("/metrics"));
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("suture_http_requests_total"), std::string::npos);
  Response o = Http("GET", U("/openapi.json"));
  ASSERT_EQ(o.status, 200);
  EXPECT_EQ(o.Json().value("openapi", ""), "3.0.3");
  EXPECT_TRUE(o.Json()["paths"].contains("/v1/apps/{app}/check"));
  EXPECT_TRUE(o.Json()["paths"].contains("/v1/apps/{app}/push/stream"));
}

TEST_F(ServerTest, PublishReleaseCheckDownloadReportAggregate) {
  PrivateKey key;
  const std::string app_key = RegisterApp("com.example.app", &key);
  const Bytes base = RandomBytes(50000, 1);
  const Bytes target = RandomBytes(300000, 2);
  const Bytes bundle = MakeBundle("com.example.app", base, target, 7, &key);
  const std::string publisher = Token("publisher", "com.example.app");

  Response pub = Publish("com.example.app", bundle, publisher);
  ASSERT_EQ(pub.status, 201) << pub.body;
  const json patch = pub.Json();
  EXPECT_EQ(patch["blob_sha256"], ToHex(Sha256(bundle)));
  EXPECT_EQ(patch["base_fingerprint"], ToHex(Sha256(base)));
  EXPECT_EQ(patch["size"], bundle.size());
  EXPECT_EQ(patch["patch_version"], 7);
  // The same bundle again: 409, nothing new stored.
  Response dup = Publish("com.example.app", bundle, publisher);
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(dup.ErrorCode(), "already_exists");
  EXPECT_EQ(Blobs(), 1u);

  // Release at 10%.
  Response rel = Http("POST", U("/v1/apps/com.example.app/releases"),
                      json{{"patch_id", patch["id"]}, {"percent", 10}}.dump(), {Bearer(admin_)});
  ASSERT_EQ(rel.status, 201) << rel.body;
  const std::string release_id = rel.Json()["id"];

  // The server's manifest key.
  Response sk = Http("GET", U("/v1/server-key"));
  ASSERT_EQ(sk.status, 200);
  auto server_pub = PublicKey::FromPem(sk.Json()["public_key"].get<std::string>());
  ASSERT_TRUE(server_pub.ok());

  // Checks from 2000 devices: about 10% get the patch.
  int patched = 0;
  json manifest;
  std::string patched_device;
  const int kDevices = 2000;
  for (int i = 0; i < kDevices; ++i) {
    Response c = Http("POST", U("/v1/apps/com.example.app/check"),
                      Device("dev-" + std::to_string(i), base).dump(), {AppKeyHeader(app_key)});
    ASSERT_EQ(c.status, 200) << c.body;
    const json j = c.Json();
    const std::string text = j["manifest"];
    Ed25519Signature sig{};
    ASSERT_TRUE(FromHex(j["signature"].get<std::string>(), sig).ok());
    ASSERT_TRUE(server_pub->Verify(AsBytes(text), sig).ok()) << "manifest signature";
    const json m = json::parse(text);
    EXPECT_GT(m["expires_at"].get<int64_t>(), m["issued_at"].get<int64_t>());
    EXPECT_GE(m["version"].get<int64_t>(), 2);
    if (m["type"] == "patch") {
      ++patched;
      manifest = m;
      patched_device = "dev-" + std::to_string(i);
    } else {
      EXPECT_EQ(m["type"], "none");
    }
  }
  EXPECT_GT(patched, kDevices * 7 / 100);
  EXPECT_LT(patched, kDevices * 13 / 100);
  ASSERT_FALSE(manifest.is_null());
  EXPECT_EQ(manifest["sha256"], ToHex(Sha256(bundle)));
  EXPECT_EQ(manifest["size"], bundle.size());
  EXPECT_EQ(manifest["release_id"], release_id);

  // Manifests point at the device listener (sendfile); the main port serves
  // the same blob with the same answers.
  const std::string manifest_url = manifest["url"].get<std::string>();
  ASSERT_EQ(manifest_url, server_->device_url() + "/v1/blobs/" + ToHex(Sha256(bundle)));
  for (const std::string& url : {manifest_url, U("/v1/blobs/" + ToHex(Sha256(bundle)))}) {
    SCOPED_TRACE(url);
    // Download, interrupted after 100000 bytes, resumed with Range.
    Response part1 = Http("GET", url, "", {"Range: bytes=0-99999"});
    ASSERT_EQ(part1.status, 206);
    EXPECT_EQ(part1.body.size(), 100000u);
    EXPECT_EQ(part1.headers["content-range"], "bytes 0-99999/" + std::to_string(bundle.size()));
    const std::string etag = part1.headers["etag"];
    Response part2 = Http("GET", url, "", {"Range: bytes=100000-", "If-Range: " + etag});
    ASSERT_EQ(part2.status, 206);
    EXPECT_EQ(part1.body + part2.body, S(bundle));
    EXPECT_EQ(part2.headers["cache-control"], "public, max-age=31536000, immutable");
    Response full = Http("GET", url);
    EXPECT_EQ(full.status, 200);
    EXPECT_EQ(full.body, S(bundle));
    Response not_modified = Http("GET", url, "", {"If-None-Match: " + etag});
    EXPECT_EQ(not_modified.status, 304);
    Response past_end = Http("GET", url, "", {"Range: bytes=999999999-"});
    EXPECT_EQ(past_end.status, 416);
    Response multi = Http("GET", url, "", {"Range: bytes=0-1,5-6"});
    EXPECT_EQ(multi.status, 200);  // multi-range refused: whole blob
  }
  // HEAD is served by both listeners from the one device route table (it
  // used to be refused with 400 on the main port) and, above all, does not
  // take the main port down.
  Response main_head = Http("HEAD", U("/v1/blobs/" + ToHex(Sha256(bundle))));
  EXPECT_EQ(main_head.status, 200);
  EXPECT_EQ(main_head.headers["content-length"], std::to_string(bundle.size()));
  EXPECT_TRUE(main_head.body.empty());
  EXPECT_EQ(Http("GET", U("/healthz")).status, 200);
  EXPECT_EQ(Http("HEAD", manifest_url).status, 200);

  // Reports, idempotent by event id.
  json report{{"device", Device(patched_device, base)},
              {"events",
               {{{"event_id", "e1"}, {"kind", "downloaded"}, {"release_id", release_id}},
                {{"event_id", "e2"}, {"kind", "applied"}, {"release_id", release_id}},
                {{"event_id", "e3"}, {"kind", "apply_failed"}, {"release_id", release_id},
                 {"code", 12}}}}};
  Response r1 = Http("POST", U("/v1/apps/com.example.app/report"), report.dump(),
                     {AppKeyHeader(app_key)});
  ASSERT_EQ(r1.status, 200) << r1.body;
  EXPECT_EQ(r1.Json()["accepted"], 3);
  Response r2 = Http("POST", U("/v1/apps/com.example.app/report"), report.dump(),
                     {AppKeyHeader(app_key)});
  ASSERT_EQ(r2.status, 200) << r2.body;
  EXPECT_EQ(r2.Json()["accepted"], 0);
  EXPECT_EQ(r2.Json()["duplicates"], 3);

  // Aggregates per release and per base build.
  Response ar = Http("GET", U("/v1/apps/com.example.app/aggregates?release=" + release_id), "",
                     {Bearer(admin_)});
  ASSERT_EQ(ar.status, 200) << ar.body;
  const json totals = ar.Json()["totals"];
  EXPECT_EQ(totals.value("eligible", 0), patched);
  EXPECT_EQ(totals.value("downloaded", 0), 1);
  EXPECT_EQ(totals.value("applied", 0), 1);
  EXPECT_EQ(totals.value("apply_failed", 0), 1);
  EXPECT_EQ(ar.Json()["apply_failed_by_code"].value("12", 0), 1);
  // Devices next to events: each device checked once, the reports came twice.
  auto devices_of = [](const json& view, const std::string& metric) {
    int64_t events = 0, devices = 0;
    for (const json& c : view["series"]) {
      if (c["metric"] != metric) continue;
      EXPECT_EQ(c["count"], c["events"]);
      EXPECT_FALSE(c.contains("devices_approx"));
      events += c["events"].get<int64_t>();
      devices += c["devices"].get<int64_t>();
    }
    return std::make_pair(events, devices);
  };
  EXPECT_EQ(devices_of(ar.Json(), "eligible").second, patched);
  EXPECT_EQ(devices_of(ar.Json(), "apply_failed").second, 1);
  EXPECT_EQ(ar.Json()["distinct_devices"].value("downloaded", 0), 1);
  EXPECT_EQ(ar.Json()["distinct_devices"].value("applied", 0), 1);
  EXPECT_EQ(ar.Json()["distinct_devices"].value("apply_failed", 0), 1);
  // A device checking again is more events, not more devices (one more at
  // most if the minute turned meanwhile).
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(Http("POST", U("/v1/apps/com.example.app/check"), Device("dev-0", base).dump(),
                   {AppKeyHeader(app_key)}).status, 200);
  }
  Response ab = Http("GET", U("/v1/apps/com.example.app/aggregates?base=" + ToHex(Sha256(base))),
                     "", {Bearer(admin_)});
  ASSERT_EQ(ab.status, 200);
  EXPECT_EQ(ab.Json()["totals"].value("checked", 0), kDevices + 3);
  const auto [checked_events, checked_devices] = devices_of(ab.Json(), "checked");
  EXPECT_EQ(checked_events, kDevices + 3);
  EXPECT_GE(checked_devices, kDevices);
  EXPECT_LE(checked_devices, kDevices + 1);

  // Rollback: a device that has the patch is told to remove it.
  Response rb = Http("POST", U("/v1/apps/com.example.app/releases/" + release_id + "/rollback"),
                     json{{"reason", "crash spike"}}.dump(), {Bearer(admin_)});
  ASSERT_EQ(rb.status, 200) << rb.body;
  json dev = Device(patched_device, base);
  dev["installed_patch"] = patch["id"];
  Response c = Http("POST", U("/v1/apps/com.example.app/check"), dev.dump(),
                    {AppKeyHeader(app_key)});
  ASSERT_EQ(c.status, 200);
  EXPECT_EQ(json::parse(c.Json()["manifest"].get<std::string>())["type"], "rollback");
  // Versions only grow: a rollback manifest is newer than any before it.
  EXPECT_GT(json::parse(c.Json()["manifest"].get<std::string>())["version"].get<int64_t>(),
            manifest["version"].get<int64_t>());
}

struct BadCase {
  const char* name;
  std::string method;
  std::string path;
  std::string body;
  std::string auth;  // "admin", "readonly", "publisher-other", "none", "appkey"
  long want_status;
  const char* want_code;
};

TEST_F(ServerTest, BadRequestsGetClearJsonErrorsAndStoreNothing) {
  PrivateKey key;
  const std::string app_key = RegisterApp("app1", &key);
  PrivateKey other_key;
  const std::string other_app_key = RegisterApp("app2", &other_key);
  const Bytes base = RandomBytes(1000, 3);
  const Bytes target = RandomBytes(2000, 4);
  const Bytes wrong_signer = MakeBundle("app1", base, target, 1, &other_key);
  const Bytes unsigned_bundle = MakeBundle("app1", base, target, 1, nullptr);
  const Bytes for_app2 = MakeBundle("app2", base, target, 1, &other_key);
  Bytes truncated = MakeBundle("app1", base, target, 1, &key);
  truncated.resize(truncated.size() / 2);
  const std::string readonly = Token("readonly", "");
  const std::string pub_app2 = Token("publisher", "app2");
  const std::string big_json = "{\"device_id\":\"" + std::string(100000, 'x') + "\"}";

  const std::vector<BadCase> cases = {
      {"WrongSigner", "POST", "/v1/apps/app1/patches", S(wrong_signer), "admin", 422, "verify_failed"},
      {"Unsigned", "POST", "/v1/apps/app1/patches", S(unsigned_bundle), "admin", 422, "verify_failed"},
      {"TruncatedBundle", "POST", "/v1/apps/app1/patches", S(truncated), "admin", 400, "corrupt"},
      {"NotABundle", "POST", "/v1/apps/app1/patches", "hello", "admin", 400, "corrupt"},
      {"AppIdMismatch", "POST", "/v1/apps/app1/patches", S(for_app2), "admin", 400, "invalid_argument"},
      {"UnknownAppPublish", "POST", "/v1/apps/nope/patches", S(wrong_signer), "admin", 404, "not_found"},
      {"UnknownAppCheck", "POST", "/v1/apps/nope/check", "{}", "appkey", 404, "not_found"},
      {"ReadOnlyPublishes", "POST", "/v1/apps/app1/patches", S(wrong_signer), "readonly", 403, "permission_denied"},
      {"PublisherOtherApp", "POST", "/v1/apps/app1/patches", S(wrong_signer), "publisher-other", 403, "permission_denied"},
      {"NoToken", "POST", "/v1/apps/app1/patches", S(wrong_signer), "none", 401, "unauthenticated"},
      {"BadToken", "GET", "/v1/apps", "", "bogus", 401, "unauthenticated"},
      {"ReadOnlyCreatesRelease", "POST", "/v1/apps/app1/releases", "{\"patch_id\":1}", "readonly", 403, "permission_denied"},
      {"MalformedJsonApp", "POST", "/v1/apps", "{\"app_id\": ", "admin", 400, "invalid_argument"},
      {"MalformedJsonCheck", "POST", "/v1/apps/app1/check", "{not json", "appkey", 400, "invalid_argument"},
      {"CheckMissingDevice", "POST", "/v1/apps/app1/check", "{\"base_fingerprint\":\"00\"}", "appkey", 400, "invalid_argument"},
      {"CheckWrongAppKey", "POST", "/v1/apps/app1/check", "{}", "appkey-other", 401, "unauthenticated"},
      {"OversizedJson", "POST", "/v1/apps/app1/check", big_json, "appkey", 413, "limit_exceeded"},
      {"BadPubkey", "POST", "/v1/apps", "{\"app_id\":\"x\",\"release_public_key\":\"junk\"}", "admin", 400, "invalid_argument"},
      {"BadAppId", "POST", "/v1/apps", "{\"app_id\":\"../x\",\"release_public_key\":\"junk\"}", "admin", 400, "invalid_argument"},
      {"TraversalBlobId", "GET", "/v1/blobs/..%2F..%2Fsuture.db", "", "none", 400, "invalid_argument"},
      {"TraversalBlobIdDots", "GET", "/v1/blobs/" + std::string(62, '0') + "..", "", "none", 400, "invalid_argument"},
      {"UpperHexBlobId", "GET", "/v1/blobs/" + std::string(64, 'A'), "", "none", 400, "invalid_argument"},
      {"MissingBlob", "GET", "/v1/blobs/" + std::string(64, '0'), "", "none", 404, "not_found"},
      {"UnknownRelease", "POST", "/v1/apps/app1/releases/999/pause", "{}", "admin", 404, "not_found"},
      {"ReleaseUnknownPatch", "POST", "/v1/apps/app1/releases", "{\"patch_id\":\"42\"}", "admin", 404, "not_found"},
      {"RampOutOfRange", "POST", "/v1/apps/app1/releases/1/ramp", "{\"percent\":150}", "admin", 400, "invalid_argument"},
      {"UnknownRoute", "GET", "/v1/nothing", "", "admin", 404, "not_found"},
  };
  for (const BadCase& tc : cases) {
    SCOPED_TRACE(tc.name);
    std::vector<std::string> h;
    if (tc.auth == "admin") h.push_back(Bearer(admin_));
    if (tc.auth == "readonly") h.push_back(Bearer(readonly));
    if (tc.auth == "publisher-other") h.push_back(Bearer(pub_app2));
    if (tc.auth == "bogus") h.push_back(Bearer("sut_0000"));
    if (tc.auth == "appkey") h.push_back(AppKeyHeader(app_key));
    if (tc.auth == "appkey-other") h.push_back(AppKeyHeader(other_app_key));
    Response r = Http(tc.method, U(tc.path), tc.body, h);
    EXPECT_EQ(r.status, tc.want_status) << r.body;
    EXPECT_EQ(r.ErrorCode(), tc.want_code) << r.body;
    EXPECT_FALSE(r.ErrorMessage().empty());
    EXPECT_EQ(r.ErrorMessage().find('\n'), std::string::npos) << "one-line message";
  }
  // Nothing was stored.
  EXPECT_EQ(Blobs(), 0u);
  EXPECT_EQ(Temps(), 0u);
  Response patches = Http("GET", U("/v1/apps/app1/patches"), "", {Bearer(admin_)});
  EXPECT_EQ(patches.Json()["patches"].size(), 0u);
}

TEST_F(ServerTest, OversizedUploadIsRefusedAndLeavesNothing) {
  server_.reset();
  Start({"--max-upload", "100000"});
  PrivateKey key;
  RegisterApp("big", &key);
  const Bytes bundle = MakeBundle("big", RandomBytes(10, 5), RandomBytes(200000, 6), 1, &key);
  Response r = Publish("big", bundle, admin_);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(r.ErrorCode(), "limit_exceeded");
  EXPECT_EQ(Blobs(), 0u);
  EXPECT_EQ(Temps(), 0u);
}

TEST_F(ServerTest, PerDeviceRateLimit) {
  server_.reset();
  Start({"--device-rate", "0.01", "--device-burst", "3"});
  PrivateKey key;
  const std::string app_key = RegisterApp("rl", &key);
  const std::string body = Device("d1", RandomBytes(10, 1)).dump();
  std::vector<long> codes;
  for (int i = 0; i < 5; ++i) {
    codes.push_back(Http("POST", U("/v1/apps/rl/check"), body, {AppKeyHeader(app_key)}).status);
  }
  EXPECT_EQ(codes, (std::vector<long>{200, 200, 200, 429, 429}));
  // Another device is not affected.
  EXPECT_EQ(Http("POST", U("/v1/apps/rl/check"), Device("d2", RandomBytes(10, 1)).dump(),
                 {AppKeyHeader(app_key)})
                .status,
            200);
}

// Streams an upload slowly so the server can be killed in the middle.
struct SlowBody {
  const Bytes* data;
  size_t pos = 0;
  size_t stop_at;
};
size_t ReadSlow(char* buf, size_t size, size_t n, void* user) {
  auto* b = static_cast<SlowBody*>(user);
  if (b->pos >= b->stop_at) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return CURL_READFUNC_PAUSE;
  }
  const size_t take = std::min({size * n, b->stop_at - b->pos, size_t{16384}});
  std::memcpy(buf, b->data->data() + b->pos, take);
  b->pos += take;
  return take;
}

TEST_F(ServerTest, SigkillDuringUploadLeavesNoPartialBlobNoOrphanRow) {
  PrivateKey key;
  RegisterApp("crash", &key);
  const Bytes bundle = MakeBundle("crash", RandomBytes(10, 7), RandomBytes(3 << 20, 8), 1, &key);
  const std::string url = U("/v1/apps/crash/patches");
  const std::string auth = Bearer(admin_);
  std::thread uploader([&] {
    SlowBody body{&bundle, 0, bundle.size() / 2};
    CURL* c = curl_easy_init();
    curl_slist* h = curl_slist_append(nullptr, auth.c_str());
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadSlow);
    curl_easy_setopt(c, CURLOPT_READDATA, &body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(bundle.size()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_perform(c);  // fails when the server dies
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
  });
  // Wait until the server holds a partial temp file.
  bool partial = false;
  for (int i = 0; i < 200 && !partial; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    for (const auto& e : fs::directory_iterator(fs::path(dir_.path()) / "tmp")) {
      if (fs::file_size(e.path()) > 0) partial = true;
    }
  }
  EXPECT_TRUE(partial) << "the upload never reached the server's temp folder";
  server_->Kill9();
  uploader.join();
  EXPECT_EQ(Blobs(), 0u);

  // Restart on the same data folder: temp files swept, no row, upload works again.
  Start({});
  EXPECT_EQ(Temps(), 0u);
  EXPECT_EQ(Blobs(), 0u);
  Response patches = Http("GET", U("/v1/apps/crash/patches"), "", {Bearer(admin_)});
  ASSERT_EQ(patches.status, 200) << patches.body;
  EXPECT_EQ(patches.Json()["patches"].size(), 0u);
  Response ok = Publish("crash", bundle, admin_);
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(Blobs(), 1u);
}

TEST_F(ServerTest, PushWakesExactlyTheEligibleConnections) {
  PrivateKey key;
  const std::string app_key = RegisterApp("push", &key);
  const Bytes base_a = RandomBytes(100, 10);
  const Bytes base_b = RandomBytes(100, 11);
  Response pub = Publish("push", MakeBundle("push", base_a, RandomBytes(100, 12), 1, &key), admin_);
  ASSERT_EQ(pub.status, 201) << pub.body;

  // Three waiters: two on base A (eligible once the release exists), one on B.
  std::vector<Response> got(4);
  std::vector<std::thread> waiters;
  const std::vector<std::pair<std::string, const Bytes*>> devs = {
      {"a1", &base_a}, {"a2", &base_a}, {"b1", &base_b}, {"target", &base_b}};
  for (size_t i = 0; i < devs.size(); ++i) {
    waiters.emplace_back([&, i] {
      got[i] = Http("POST", U("/v1/apps/push/push/wait?timeout=4"),
                    Device(devs[i].first, *devs[i].second).dump(), {AppKeyHeader(app_key)});
    });
  }
  // Let the waits register, then release at 100% for base A and push one device.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto t0 = std::chrono::steady_clock::now();
  Response rel = Http("POST", U("/v1/apps/push/releases"),
                      json{{"patch_id", pub.Json()["id"]}, {"percent", 100}}.dump(),
                      {Bearer(admin_)});
  ASSERT_EQ(rel.status, 201) << rel.body;
  Response dp = Http("POST", U("/v1/apps/push/devices/target/push"),
                     json{{"message", "upload logs"}}.dump(), {Bearer(admin_)});
  ASSERT_EQ(dp.status, 200) << dp.body;
  EXPECT_EQ(dp.Json()["woken"], 1);
  for (auto& t : waiters) t.join();
  EXPECT_EQ(got[0].Json()["event"], "release");
  EXPECT_EQ(got[1].Json()["event"], "release");
  EXPECT_EQ(got[2].Json()["event"], "timeout");
  EXPECT_EQ(got[3].Json()["event"], "device");
  EXPECT_EQ(got[3].Json()["message"], "upload logs");
  (void)t0;
}

TEST_F(ServerTest, ReleaseLifecycle) {
  PrivateKey key;
  RegisterApp("life", &key);
  const Bytes base = RandomBytes(100, 20);
  Response pub = Publish("life", MakeBundle("life", base, RandomBytes(100, 21), 1, &key), admin_);
  ASSERT_EQ(pub.status, 201);
  const std::string rp = "/v1/apps/life/releases";
  Response rel = Http("POST", U(rp),
                      json{{"patch_id", pub.Json()["id"]},
                           {"percent", 1},
                           {"rules", {{{"attr", "sdk"}, {"op", "ge"}, {"value", 30}}}}}
                          .dump(),
                      {Bearer(admin_)});
  ASSERT_EQ(rel.status, 201) << rel.body;
  const std::string id = rel.Json()["id"];
  auto act = [&](const std::string& a, const json& body) {
    return Http("POST", U(rp + "/" + id + "/" + a), body.dump(), {Bearer(admin_)});
  };
  Response ramp = act("ramp", {{"percent", 50}});
  ASSERT_EQ(ramp.status, 200) << ramp.body;
  EXPECT_DOUBLE_EQ(ramp.Json()["percent"].get<double>(), 50.0);
  EXPECT_EQ(act("pause", json::object()).Json()["state"], "paused");
  EXPECT_EQ(act("resume", json::object()).Json()["state"], "active");
  Response edit = Http("PUT", U(rp + "/" + id),
                       json{{"percent", 20}, {"rules", json::array()}}.dump(), {Bearer(admin_)});
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_DOUBLE_EQ(edit.Json()["percent"].get<double>(), 20.0);
  Response bad_rule = Http("PUT", U(rp + "/" + id),
                           json{{"rules", {{{"attr", "sdk"}, {"op", "sdk_gt"}, {"value", 1}}}}}.dump(),
                           {Bearer(admin_)});
  EXPECT_EQ(bad_rule.status, 400) << bad_rule.body;
  EXPECT_EQ(act("rollback", json::object()).Json()["state"], "rolled_back");
  Response again = act("resume", json::object());
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.ErrorCode(), "failed_precondition");
  Response list = Http("GET", U(rp), "", {Bearer(admin_)});
  EXPECT_EQ(list.Json()["releases"].size(), 1u);
}

TEST_F(ServerTest, AutoHaltStopsAReleaseWhoseApplyFailuresSpike) {
  server_.reset();
  Start({"--tick", "1"});
  PrivateKey key;
  const std::string app_key = RegisterApp("halt", &key);
  const Bytes base = RandomBytes(100, 30);
  Response pub = Publish("halt", MakeBundle("halt", base, RandomBytes(100, 31), 1, &key), admin_);
  ASSERT_EQ(pub.status, 201) << pub.body;
  const std::string id = AutoHaltRelease("halt", pub.Json()["id"]);
  ASSERT_FALSE(id.empty());
  // 30 devices report failed applies.
  for (int i = 0; i < 30; ++i) {
    json report{{"device", Device("d" + std::to_string(i), base)},
                {"events",
                 {{{"event_id", "f" + std::to_string(i)}, {"kind", "apply_failed"},
                   {"release_id", id}, {"code", 3}}}}};
    ASSERT_EQ(Http("POST", U("/v1/apps/halt/report"), report.dump(), {AppKeyHeader(app_key)}).status,
              200);
  }
  std::string state;
  for (int i = 0; i < 50 && state != "halted"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    state = Http("GET", U("/v1/apps/halt/releases/" + id), "", {Bearer(admin_)}).Json()["state"];
  }
  EXPECT_EQ(state, "halted");
  // The server's decision is in the audit log, as the server's (token 0, via tick).
  const json audit = Http("GET", U("/v1/audit?app=halt"), "", {Bearer(admin_)}).Json();
  ASSERT_TRUE(audit.contains("entries")) << audit.dump();
  const json& newest = audit["entries"][0];
  EXPECT_EQ(newest["action"], "auto_halt") << audit.dump();
  EXPECT_EQ(newest["who"]["via"], "tick") << audit.dump();
  EXPECT_EQ(newest["who"]["token_id"], 0) << audit.dump();
  EXPECT_EQ(newest["before"]["state"], "active") << audit.dump();
  EXPECT_EQ(newest["after"]["state"], "halted") << audit.dump();
  // A halted release offers nothing to new devices.
  Response c = Http("POST", U("/v1/apps/halt/check"), Device("fresh", base).dump(),
                    {AppKeyHeader(app_key)});
  EXPECT_EQ(json::parse(c.Json()["manifest"].get<std::string>())["type"], "none");
}

TEST_F(ServerTest, AutoHaltCountsDevicesNotEvents) {
  server_.reset();
  Start({"--tick", "1"});
  PrivateKey key;
  const std::string app_key = RegisterApp("halt2", &key);
  const Bytes base = RandomBytes(100, 40);
  Response pub = Publish("halt2", MakeBundle("halt2", base, RandomBytes(100, 41), 1, &key), admin_);
  ASSERT_EQ(pub.status, 201) << pub.body;
  const std::string id = AutoHaltRelease("halt2", pub.Json()["id"]);
  ASSERT_FALSE(id.empty());
  auto report_failures = [&](const std::string& device, int n) {
    json events = json::array();
    for (int i = 0; i < n; ++i) {
      events.push_back({{"event_id", device + "-f" + std::to_string(i)}, {"kind", "apply_failed"},
                        {"release_id", id}, {"code", 3}});
    }
    json report{{"device", Device(device, base)}, {"events", events}};
    ASSERT_EQ(Http("POST", U("/v1/apps/halt2/report"), report.dump(), {AppKeyHeader(app_key)})
                  .status,
              200);
  };
  auto state = [&] {
    return Http("GET", U("/v1/apps/halt2/releases/" + id), "", {Bearer(admin_)})
        .Json()["state"]
        .get<std::string>();
  };
  // One device failing 30 times is one failed device: below min_attempts.
  report_failures("d0", 30);
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));  // 3 ticks
  EXPECT_EQ(state(), "active");
  Response agg = Http("GET", U("/v1/apps/halt2/aggregates?release=" + id), "", {Bearer(admin_)});
  ASSERT_EQ(agg.status, 200) << agg.body;
  EXPECT_EQ(agg.Json()["totals"].value("apply_failed", 0), 30);
  EXPECT_EQ(agg.Json()["distinct_devices"].value("apply_failed", 0), 1);
  // 29 more devices: 30 failed devices out of 30 halts it.
  for (int i = 1; i < 30; ++i) report_failures("d" + std::to_string(i), 1);
  std::string s;
  for (int i = 0; i < 50 && s != "halted"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    s = state();
  }
  EXPECT_EQ(s, "halted");
}

TEST_F(ServerTest, StateSurvivesRestart) {
  PrivateKey key;
  const std::string app_key = RegisterApp("persist", &key);
  const std::string pem_before = Http("GET", U("/v1/server-key")).Json()["public_key"];
  server_.reset();
  Start({});
  EXPECT_TRUE(server_->admin_token().empty()) << "admin token printed only on first start";
  EXPECT_EQ(Http("GET", U("/v1/server-key")).Json()["public_key"], pem_before);
  Response apps = Http("GET", U("/v1/apps"), "", {Bearer(admin_)});
  ASSERT_EQ(apps.status, 200);
  EXPECT_EQ(apps.Json()["apps"][0]["app_key"], app_key);
}

}  // namespace
}  // namespace suture::server::testing

namespace suture::server::testing {
namespace {

// Behind a trusted proxy (--trust-proxy), the rules' `ip` is the device's
// address from X-Forwarded-For; from any other peer the header is ignored.
TEST(TrustedProxyTest, ForwardedAddressDecidesIpRules) {
  TempDir dir;
  ServerProcess proxied(dir.path(), {"--trust-proxy", "127.0.0.1/32"});
  ASSERT_FALSE(proxied.url().empty());
  const std::string admin = proxied.admin_token();
  PrivateKey key;
  const std::string app_key = RegisterTestApp(proxied.url(), admin, "proxied", &key);
  const Bytes base = RandomBytes(500, 71);
  Response pub = Http("POST", proxied.url() + "/v1/apps/proxied/patches",
                      S(MakeBundle("proxied", base, RandomBytes(900, 72), 1, &key)),
                      {Bearer(admin), "Content-Type: application/octet-stream"});
  ASSERT_EQ(pub.status, 201) << pub.body;
  Response rel = Http("POST", proxied.url() + "/v1/apps/proxied/releases",
                      json{{"patch_id", pub.Json()["id"]},
                           {"percent", 100},
                           {"rules", {{{"attr", "ip"}, {"op", "cidr"}, {"value", "203.0.113.0/24"}}}}}
                          .dump(),
                      {Bearer(admin)});
  ASSERT_EQ(rel.status, 201) << rel.body;
  auto check = [&](const std::string& url, const std::string& xff) {
    std::vector<std::string> h = {AppKeyHeader(app_key)};
    if (!xff.empty()) h.push_back("X-Forwarded-For: " + xff);
    Response r = Http("POST", url + "/v1/apps/proxied/check", TestDevice("d", base).dump(), h);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().value("type", "");
  };
  const std::string device_url = proxied.device_url();
  EXPECT_EQ(check(proxied.url(), ""), "none");  // the peer, 127.0.0.1
  EXPECT_EQ(check(proxied.url(), "203.0.113.9"), "patch");
  EXPECT_EQ(check(device_url, "203.0.113.9"), "patch");
  // A device's own forged entry to the left of the proxy's is not believed:
  // the proxy appended the real address last.
  EXPECT_EQ(check(proxied.url(), "203.0.113.9, 198.51.100.1"), "none");
  // Proxies chained on trusted addresses are walked past.
  EXPECT_EQ(check(proxied.url(), "203.0.113.9, 127.0.0.1"), "patch");
  EXPECT_EQ(check(proxied.url(), "not-an-ip"), "none");

  // Without --trust-proxy the header means nothing.
  TempDir plain_dir;
  ServerProcess plain(plain_dir.path());
  const std::string admin2 = plain.admin_token();
  PrivateKey key2;
  const std::string key2_app = RegisterTestApp(plain.url(), admin2, "plain", &key2);
  Response pub2 = Http("POST", plain.url() + "/v1/apps/plain/patches",
                       S(MakeBundle("plain", base, RandomBytes(900, 73), 1, &key2)),
                       {Bearer(admin2), "Content-Type: application/octet-stream"});
  ASSERT_EQ(pub2.status, 201) << pub2.body;
  ASSERT_EQ(Http("POST", plain.url() + "/v1/apps/plain/releases",
                 json{{"patch_id", pub2.Json()["id"]},
                      {"percent", 100},
                      {"rules", {{{"attr", "ip"}, {"op", "cidr"}, {"value", "203.0.113.0/24"}}}}}
                     .dump(),
                 {Bearer(admin2)})
                .status,
            201);
  Response r = Http("POST", plain.url() + "/v1/apps/plain/check", TestDevice("d", base).dump(),
                    {AppKeyHeader(key2_app), "X-Forwarded-For: 203.0.113.9"});
  EXPECT_EQ(r.Json().value("type", ""), "none") << r.body;
}

}  // namespace
}  // namespace suture::server::testing

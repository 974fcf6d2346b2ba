// Integration tests of the device listener (http/device_port.h over the
// route table http/device_routes.h) against the
// real suture-server binary: blobs with sendfile, check/report parity with
// the main port, long-polls whose slot is freed when the device hangs up,
// and server-sent-event streams.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "raw_conn.h"
#include "server_harness.h"

namespace suture::server::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string S(const Bytes& b) { return std::string(b.begin(), b.end()); }

std::string UrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string PostRequest(const std::string& path, const std::string& body,
                        const std::string& app_key) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Suture-App-Key: " + app_key +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

class DevicePortTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({"--push-heartbeat", "1", "--device-burst", "1000"}); }

  void Start(const std::vector<std::string>& extra) {
    server_ = std::make_unique<ServerProcess>(dir_.path(), extra);
    ASSERT_FALSE(server_->url().empty());
    ASSERT_FALSE(server_->device_url().empty());
    ASSERT_NE(server_->device_url(), server_->url());
    if (!server_->admin_token().empty()) admin_ = server_->admin_token();
  }

  std::string U(const std::string& path) const { return server_->url() + path; }
  std::string E(const std::string& path) const { return server_->device_url() + path; }

  std::string RegisterApp(const std::string& app, PrivateKey* key_out) {
    return RegisterTestApp(server_->url(), admin_, app, key_out);
  }

  // Publishes a bundle from `base`; returns the patch JSON.
  json Publish(const std::string& app, const PrivateKey& key, const Bytes& base,
               const Bytes& target, Bytes* bundle_out = nullptr) {
    Bytes bundle = MakeBundle(app, base, target, 1, &key);
    Response r = Http("POST", U("/v1/apps/" + app + "/patches"), S(bundle),
                      {Bearer(admin_), "Content-Type: application/octet-stream"});
    EXPECT_EQ(r.status, 201) << r.body;
    if (bundle_out != nullptr) *bundle_out = std::move(bundle);
    return r.Json();
  }

  std::string Release(const std::string& app, const json& patch, int percent) {
    Response r =
        Http("POST", U("/v1/apps/" + app + "/releases"),
             json{{"patch_id", patch["id"]}, {"percent", percent}}.dump(), {Bearer(admin_)});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", "");
  }

  void Ramp(const std::string& app, const std::string& release, int percent) {
    Response r = Http("POST", U("/v1/apps/" + app + "/releases/" + release + "/ramp"),
                      json{{"percent", percent}}.dump(), {Bearer(admin_)});
    EXPECT_EQ(r.status, 200) << r.body;
  }

  json Device(const std::string& id, const Bytes& base) { return TestDevice(id, base); }

  double Gauge(const std::string& name) {
    Response m = Http("GET", U("/metrics"));
    const std::string key = "\n" + name + " ";
    const size_t at = m.body.find(key);
    if (at == std::string::npos) return -1;
    return std::stod(m.body.substr(at + key.size()));
  }

  // Polls the gauge until it equals `want` (or `timeout_ms` passes).
  bool GaugeBecomes(const std::string& name, double want, int timeout_ms) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (Clock::now() < deadline) {
      if (Gauge(name) == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return Gauge(name) == want;
  }

  // Opens a POST event stream and reads up to its `ready` event.
  std::unique_ptr<RawConn> OpenStream(const std::string& app, const std::string& app_key,
                                      const json& device) {
    auto c = std::make_unique<RawConn>(server_->device_url());
    EXPECT_TRUE(c->Send(PostRequest("/v1/apps/" + app + "/push/stream", device.dump(), app_key)));
    EXPECT_TRUE(c->ReadUntilContains("event: ready\n", 5000)) << c->data();
    return c;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_;
};

TEST_F(DevicePortTest, BlobsFromTheDevicePortAreByteExact) {
  PrivateKey key;
  const std::string app_key = RegisterApp("blob", &key);
  const Bytes base = RandomBytes(1000, 1);
  Bytes bundle;
  const json patch = Publish("blob", key, base, RandomBytes(300000, 2), &bundle);
  Release("blob", patch, 100);
  const std::string id = ToHex(Sha256(bundle));
  const std::string size = std::to_string(bundle.size());

  // The manifest points devices at the device listener.
  Response c =
      Http("POST", U("/v1/apps/blob/check"), Device("d1", base).dump(), {AppKeyHeader(app_key)});
  ASSERT_EQ(c.status, 200) << c.body;
  const json m = json::parse(c.Json()["manifest"].get<std::string>());
  const std::string url = m["url"];
  EXPECT_EQ(url, E("/v1/blobs/" + id));

  Response full = Http("GET", url);
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.body, S(bundle));
  EXPECT_EQ(full.headers["content-length"], size);
  EXPECT_EQ(full.headers["content-type"], "application/octet-stream");
  // Same caching headers as the main port.
  Response main_full = Http("GET", U("/v1/blobs/" + id));
  ASSERT_EQ(main_full.status, 200);
  for (const char* h : {"etag", "cache-control", "accept-ranges"}) {
    EXPECT_EQ(full.headers[h], main_full.headers[h]) << h;
  }
  EXPECT_EQ(full.headers["etag"], "\"" + id + "\"");
  EXPECT_EQ(full.headers["cache-control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(full.headers["accept-ranges"], "bytes");

  Response head = Http("HEAD", url);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-length"], size);
  EXPECT_EQ(head.headers["etag"], "\"" + id + "\"");
  EXPECT_TRUE(head.body.empty());

  Response part = Http("GET", url, "", {"Range: bytes=1000-1999"});
  ASSERT_EQ(part.status, 206);
  EXPECT_EQ(part.body, S(bundle).substr(1000, 1000));
  EXPECT_EQ(part.headers["content-range"], "bytes 1000-1999/" + size);
  Response suffix = Http("GET", url, "", {"Range: bytes=-10"});
  ASSERT_EQ(suffix.status, 206);
  EXPECT_EQ(suffix.body, S(bundle).substr(bundle.size() - 10));
  Response head_part = Http("HEAD", url, "", {"Range: bytes=0-9"});
  EXPECT_EQ(head_part.status, 206);
  EXPECT_EQ(head_part.headers["content-length"], "10");

  Response nm = Http("GET", url, "", {"If-None-Match: \"" + id + "\""});
  EXPECT_EQ(nm.status, 304);
  EXPECT_TRUE(nm.body.empty());
  EXPECT_EQ(nm.headers["etag"], "\"" + id + "\"");
  EXPECT_EQ(Http("GET", url, "", {"If-None-Match: *"}).status, 304);
  EXPECT_EQ(Http("GET", url, "", {"If-None-Match: \"other\""}).status, 200);

  // If-Range with another validator: the whole blob.
  Response stale = Http("GET", url, "", {"Range: bytes=0-9", "If-Range: \"old\""});
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body.size(), bundle.size());
  Response multi = Http("GET", url, "", {"Range: bytes=0-1,5-6"});
  EXPECT_EQ(multi.status, 200);
  EXPECT_EQ(multi.body, S(bundle));

  Response past = Http("GET", url, "", {"Range: bytes=999999999-"});
  EXPECT_EQ(past.status, 416);
  EXPECT_EQ(past.headers["content-range"], "bytes */" + size);
  EXPECT_EQ(past.ErrorCode(), "invalid_argument");
  Response main_past = Http("GET", U("/v1/blobs/" + id), "", {"Range: bytes=999999999-"});
  EXPECT_EQ(past.body, main_past.body);

  Response missing = Http("GET", E("/v1/blobs/" + std::string(64, '0')));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.ErrorCode(), "not_found");
  EXPECT_EQ(missing.body, Http("GET", U("/v1/blobs/" + std::string(64, '0'))).body);
  for (const std::string& bad :
       {std::string(64, 'A'), std::string("..%2F..%2Fsuture.db"), std::string(62, '0') + ".."}) {
    Response r = Http("GET", E("/v1/blobs/" + bad));
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.ErrorCode(), "invalid_argument") << bad;
  }
  Response post = Http("POST", url, "x");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.headers["allow"], "GET, HEAD");
}

TEST_F(DevicePortTest, InterruptedDownloadResumesFromTheDevicePort) {
  PrivateKey key;
  RegisterApp("resume", &key);
  Bytes bundle;
  Publish("resume", key, RandomBytes(100, 3), RandomBytes(2 << 20, 4), &bundle);
  const std::string path = "/v1/blobs/" + ToHex(Sha256(bundle));
  // The device drops the connection after part of the body...
  std::string got;
  {
    RawConn c(server_->device_url());
    ASSERT_TRUE(c.Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(c.ReadBodyBytes(100000, 5000));
    got = c.Body();
    ASSERT_LT(got.size(), bundle.size());
  }
  // ...and resumes where it stopped.
  Response rest = Http("GET", E(path), "",
                       {"Range: bytes=" + std::to_string(got.size()) + "-",
                        "If-Range: \"" + ToHex(Sha256(bundle)) + "\""});
  ASSERT_EQ(rest.status, 206);
  EXPECT_EQ(got + rest.body, S(bundle));
  EXPECT_EQ(Http("GET", E("/healthz")).body, R"({"status":"ok"})");
}

TEST_F(DevicePortTest, CheckAndReportAnswerAsTheMainPort) {
  PrivateKey key;
  const std::string app_key = RegisterApp("same", &key);
  const Bytes base = RandomBytes(100, 5);
  const json patch = Publish("same", key, base, RandomBytes(1000, 6));
  const std::string release = Release("same", patch, 50);
  int patched = 0;
  for (int i = 0; i < 40; ++i) {
    const std::string body = Device("dev-" + std::to_string(i), base).dump();
    Response via_device = Http("POST", E("/v1/apps/same/check"), body, {AppKeyHeader(app_key)});
    Response via_main = Http("POST", U("/v1/apps/same/check"), body, {AppKeyHeader(app_key)});
    ASSERT_EQ(via_device.status, 200) << via_device.body;
    ASSERT_EQ(via_main.status, 200) << via_main.body;
    EXPECT_EQ(via_device.headers["content-type"], via_main.headers["content-type"]);
    const json je = via_device.Json(), jm = via_main.Json();
    EXPECT_EQ(je["type"], jm["type"]);
    const json me = json::parse(je["manifest"].get<std::string>());
    const json mm = json::parse(jm["manifest"].get<std::string>());
    // Manifests are shared per decision and minute: identical bytes unless
    // a minute boundary fell between the two calls.
    if (me["issued_at"] == mm["issued_at"]) {
      EXPECT_EQ(via_device.body, via_main.body);
    }
    patched += je["type"] == "patch";
  }
  EXPECT_GT(patched, 5);
  EXPECT_LT(patched, 35);

  // Errors: same status, body and headers.
  struct Case {
    std::string name, path, body;
    std::vector<std::string> headers;
    long status;
  };
  const std::vector<Case> cases = {
      {"BadKey", "/v1/apps/same/check", Device("x", base).dump(), {AppKeyHeader("sak_nope")}, 401},
      {"NoKey", "/v1/apps/same/check", Device("x", base).dump(), {}, 401},
      {"MalformedJson", "/v1/apps/same/check", "{nope", {AppKeyHeader(app_key)}, 400},
      {"NoDeviceId", "/v1/apps/same/check", "{}", {AppKeyHeader(app_key)}, 400},
      {"UnknownApp", "/v1/apps/none/check", Device("x", base).dump(), {AppKeyHeader(app_key)}, 404},
      {"BadReport",
       "/v1/apps/same/report",
       R"({"device":{},"events":[]})",
       {AppKeyHeader(app_key)},
       400},
      {"PushBadTimeout",
       "/v1/apps/same/push/wait?timeout=0",
       Device("x", base).dump(),
       {AppKeyHeader(app_key)},
       400},
  };
  for (const Case& tc : cases) {
    SCOPED_TRACE(tc.name);
    Response e = Http("POST", E(tc.path), tc.body, tc.headers);
    Response m = Http("POST", U(tc.path), tc.body, tc.headers);
    EXPECT_EQ(e.status, tc.status) << e.body;
    EXPECT_EQ(e.status, m.status);
    EXPECT_EQ(e.body, m.body);
    EXPECT_EQ(e.headers["www-authenticate"], m.headers["www-authenticate"]);
    EXPECT_EQ(e.headers["content-type"], "application/json");
  }

  // Reports: one event through the device port, the same again through the
  // main port.
  json report{{"device", Device("dev-1", base)},
              {"events", {{{"event_id", "e1"}, {"kind", "downloaded"}, {"release_id", release}}}}};
  Response r1 = Http("POST", E("/v1/apps/same/report"), report.dump(), {AppKeyHeader(app_key)});
  ASSERT_EQ(r1.status, 200) << r1.body;
  EXPECT_EQ(r1.body, R"({"accepted":1,"duplicates":0})");
  Response r2 = Http("POST", U("/v1/apps/same/report"), report.dump(), {AppKeyHeader(app_key)});
  EXPECT_EQ(r2.body, R"({"accepted":0,"duplicates":1})");
  Response r3 = Http("POST", E("/v1/apps/same/report"), report.dump(), {AppKeyHeader(app_key)});
  EXPECT_EQ(r3.body, r2.body);

  // Routes the device port does not serve, and wrong methods.
  Response metrics = Http("GET", E("/metrics"));
  EXPECT_EQ(metrics.status, 404);
  EXPECT_EQ(metrics.ErrorMessage(), "no route for GET /metrics");
  EXPECT_EQ(Http("POST", E("/v1/apps"), "{}").status, 404);
  Response get_check = Http("GET", E("/v1/apps/same/check"));
  EXPECT_EQ(get_check.status, 405);
  EXPECT_EQ(get_check.headers["allow"], "POST");
  // A caller error, as the main port's wrong-method answers (docs/api.md).
  EXPECT_EQ(get_check.ErrorCode(), "invalid_argument");

  // Every device-port request is counted under its own route label.
  Response mt = Http("GET", U("/metrics"));
  EXPECT_NE(mt.body.find(R"(suture_http_requests_total{route="device_port_check",code="200"} 40)"),
            std::string::npos);
  EXPECT_NE(mt.body.find(R"(suture_http_requests_total{route="device_port_report",code="200"} 2)"),
            std::string::npos);
}

// A device's backlog in one report: written in one transaction, off the
// device listener's event loops; idempotent by event id on both listeners.
TEST_F(DevicePortTest, ReportOfAThousandEventsOnBothListeners) {
  PrivateKey key;
  const std::string app_key = RegisterApp("bulk", &key);
  const Bytes base = RandomBytes(100, 40);
  auto report = [&](int first, int n) {
    json events = json::array();
    for (int i = first; i < first + n; ++i) {
      events.push_back({{"event_id", "e" + std::to_string(i)}, {"kind", "downloaded"}});
    }
    return json{{"device", Device("bulk-dev", base)}, {"events", events}}.dump();
  };
  const std::string thousand = report(0, 1000);
  ASSERT_LT(thousand.size(), 64u * 1024);  // within --max-json-body
  Response r1 = Http("POST", E("/v1/apps/bulk/report"), thousand, {AppKeyHeader(app_key)});
  ASSERT_EQ(r1.status, 200) << r1.body;
  EXPECT_EQ(r1.Json(), json({{"accepted", 1000}, {"duplicates", 0}}));
  Response r2 = Http("POST", U("/v1/apps/bulk/report"), thousand, {AppKeyHeader(app_key)});
  ASSERT_EQ(r2.status, 200) << r2.body;
  EXPECT_EQ(r2.Json(), json({{"accepted", 0}, {"duplicates", 1000}}));
  // Half old, half new, through each listener.
  Response r3 = Http("POST", U("/v1/apps/bulk/report"), report(500, 1000), {AppKeyHeader(app_key)});
  EXPECT_EQ(r3.Json(), json({{"accepted", 500}, {"duplicates", 500}})) << r3.body;
  Response r4 =
      Http("POST", E("/v1/apps/bulk/report"), report(1000, 1000), {AppKeyHeader(app_key)});
  EXPECT_EQ(r4.Json(), json({{"accepted", 500}, {"duplicates", 500}})) << r4.body;
  EXPECT_EQ(
      Http("POST", E("/v1/apps/bulk/report"), report(0, 1001), {AppKeyHeader(app_key)}).status,
      413);
  // Every accepted event counted once.
  Response agg =
      Http("GET", U("/v1/apps/bulk/aggregates?base=" + ToHex(Sha256(base))), "", {Bearer(admin_)});
  ASSERT_EQ(agg.status, 200) << agg.body;
  EXPECT_EQ(agg.Json()["totals"].value("downloaded", -1), 2000) << agg.body;
}

TEST_F(DevicePortTest, RateLimitAnswers429WithRetryAfter) {
  server_.reset();
  Start({"--device-rate", "0.01", "--device-burst", "2"});
  PrivateKey key;
  const std::string app_key = RegisterApp("rl", &key);
  const std::string body = Device("d1", RandomBytes(10, 1)).dump();
  std::vector<long> codes;
  Response last;
  for (int i = 0; i < 3; ++i) {
    last = Http("POST", E("/v1/apps/rl/check"), body, {AppKeyHeader(app_key)});
    codes.push_back(last.status);
  }
  EXPECT_EQ(codes, (std::vector<long>{200, 200, 429}));
  EXPECT_EQ(last.headers["retry-after"], "1");
  EXPECT_EQ(last.ErrorCode(), "resource_exhausted");
}

TEST_F(DevicePortTest, LongPollIsWokenByARampAndTimesOut) {
  PrivateKey key;
  const std::string app_key = RegisterApp("lp", &key);
  const Bytes base = RandomBytes(100, 7);
  const json patch = Publish("lp", key, base, RandomBytes(100, 8));
  const std::string release = Release("lp", patch, 0);
  Response woken, timed_out;
  std::thread t1([&] {
    woken = Http("POST", E("/v1/apps/lp/push/wait?timeout=10"), Device("a", base).dump(),
                 {AppKeyHeader(app_key)});
  });
  std::thread t2([&] {
    timed_out = Http("POST", E("/v1/apps/lp/push/wait?timeout=1"),
                     Device("b", RandomBytes(100, 9)).dump(), {AppKeyHeader(app_key)});
  });
  ASSERT_TRUE(GaugeBecomes("suture_push_waiters", 2, 5000));
  const auto t0 = Clock::now();
  Ramp("lp", release, 100);
  t1.join();
  t2.join();
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(5));
  EXPECT_EQ(woken.status, 200);
  EXPECT_EQ(woken.Json()["event"], "release");
  EXPECT_EQ(woken.Json()["release_id"], release);
  EXPECT_EQ(timed_out.status, 200);
  EXPECT_EQ(timed_out.Json()["event"], "timeout");
  EXPECT_EQ(Gauge("suture_push_waiters"), 0);
}

TEST_F(DevicePortTest, ALongPollWhoseDeviceHangsUpFreesItsSlotAtOnce) {
  server_.reset();
  Start({"--max-push", "2", "--device-burst", "1000"});
  PrivateKey key;
  const std::string app_key = RegisterApp("hang", &key);
  const Bytes base = RandomBytes(100, 10);
  const std::string path = "/v1/apps/hang/push/wait?timeout=120";
  auto a = std::make_unique<RawConn>(server_->device_url());
  auto b = std::make_unique<RawConn>(server_->device_url());
  ASSERT_TRUE(a->Send(PostRequest(path, Device("a", base).dump(), app_key)));
  ASSERT_TRUE(b->Send(PostRequest(path, Device("b", base).dump(), app_key)));
  ASSERT_TRUE(GaugeBecomes("suture_push_waiters", 2, 5000));
  // Full: a third waiter is refused.
  Response full = Http("POST", E(path), Device("c", base).dump(), {AppKeyHeader(app_key)});
  EXPECT_EQ(full.status, 429);
  EXPECT_EQ(full.headers["retry-after"], "1");
  // Device a hangs up: its slot is free well before its 120 s timeout.
  const auto t0 = Clock::now();
  a.reset();
  ASSERT_TRUE(GaugeBecomes("suture_push_waiters", 1, 2000));
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(2));
  RawConn c(server_->device_url());
  ASSERT_TRUE(c.Send(PostRequest(path, Device("c", base).dump(), app_key)));
  ASSERT_TRUE(GaugeBecomes("suture_push_waiters", 2, 5000));
  // The held connection is still answered.
  Response dp = Http("POST", U("/v1/apps/hang/devices/b/push"), json{{"message", "hi"}}.dump(),
                     {Bearer(admin_)});
  EXPECT_EQ(dp.Json()["woken"], 1);
  ASSERT_TRUE(b->ReadUntilContains("\"message\":\"hi\"", 5000)) << b->data();
  EXPECT_EQ(b->data().rfind("HTTP/1.1 200", 0), 0u);
  Response mt = Http("GET", U("/metrics"));
  EXPECT_NE(
      mt.body.find(R"(suture_http_requests_total{route="device_port_push_wait",code="499"} 1)"),
      std::string::npos);
}

TEST_F(DevicePortTest, StreamGetsReadyReleaseDeviceAndHeartbeats) {
  PrivateKey key;
  const std::string app_key = RegisterApp("sse", &key);
  const Bytes base = RandomBytes(100, 11);
  const json patch = Publish("sse", key, base, RandomBytes(100, 12));
  const std::string release = Release("sse", patch, 0);

  auto s = OpenStream("sse", app_key, Device("s1", base));
  const std::string head = s->data().substr(0, s->data().find("\r\n\r\n"));
  EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;
  EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos) << head;
  EXPECT_NE(head.find("Cache-Control: no-store"), std::string::npos) << head;
  EXPECT_NE(head.find("X-Accel-Buffering: no"), std::string::npos) << head;
  EXPECT_EQ(s->Body().rfind("retry: ", 0), 0u) << s->Body();  // ready comes first
  EXPECT_TRUE(GaugeBecomes("suture_push_streams", 1, 2000));

  Ramp("sse", release, 100);
  const std::string want_release =
      "event: release\ndata: " + json{{"event", "release"}, {"release_id", release}}.dump() +
      "\n\n";
  ASSERT_TRUE(s->ReadUntilContains(want_release, 5000)) << s->data();

  Response dp = Http("POST", U("/v1/apps/sse/devices/s1/push"),
                     json{{"message", "upload logs"}}.dump(), {Bearer(admin_)});
  EXPECT_EQ(dp.Json()["woken"], 1);
  ASSERT_TRUE(s->ReadUntilContains(
      "event: device\ndata: {\"event\":\"device\",\"message\":\"upload logs\"}\n\n", 5000))
      << s->data();
  // Heartbeats (--push-heartbeat 1).
  ASSERT_TRUE(s->ReadUntilContains(": ping\n\n", 4000)) << s->data();
  // The stream stays registered after every event.
  EXPECT_EQ(Gauge("suture_push_streams"), 1);
  EXPECT_EQ(Gauge("suture_push_waiters"), 1);
  // Hanging up frees the slot at once.
  s.reset();
  EXPECT_TRUE(GaugeBecomes("suture_push_waiters", 0, 2000));
  EXPECT_EQ(Gauge("suture_push_streams"), 0);
}

TEST_F(DevicePortTest, AStreamWhoseDeviceHangsUpFreesItsSlotAtOnce) {
  // No heartbeat within the test: only the hang-up itself can free the slot.
  server_.reset();
  Start({"--push-heartbeat", "600", "--max-push", "1", "--device-burst", "1000"});
  PrivateKey key;
  const std::string app_key = RegisterApp("gone", &key);
  const Bytes base = RandomBytes(100, 18);
  auto s = OpenStream("gone", app_key, Device("s", base));
  Response full = Http("POST", E("/v1/apps/gone/push/stream"), Device("t", base).dump(),
                       {AppKeyHeader(app_key)});
  EXPECT_EQ(full.status, 429);
  EXPECT_EQ(full.ErrorCode(), "resource_exhausted");
  s.reset();
  ASSERT_TRUE(GaugeBecomes("suture_push_waiters", 0, 2000));
  auto again = OpenStream("gone", app_key, Device("t", base));
  EXPECT_EQ(Gauge("suture_push_streams"), 1);
}

// One address may hold --push-max-per-ip push connections, streams and
// long-polls together, on both listeners (loopback is exempt by default).
TEST_F(DevicePortTest, PushConnectionsPerAddressAreCapped) {
  server_.reset();
  Start({"--push-heartbeat", "600", "--device-burst", "1000", "--push-max-per-ip", "2",
         "--push-cap-loopback"});
  PrivateKey key;
  const std::string app_key = RegisterApp("perip", &key);
  const Bytes base = RandomBytes(100, 41);
  auto s1 = OpenStream("perip", app_key, Device("p1", base));
  auto s2 = OpenStream("perip", app_key, Device("p2", base));
  const std::string dev = Device("p3", base).dump();
  for (const std::string& url :
       {E("/v1/apps/perip/push/stream"), E("/v1/apps/perip/push/wait?timeout=1"),
        U("/v1/apps/perip/push/wait?timeout=1")}) {
    Response r = Http("POST", url, dev, {AppKeyHeader(app_key)});
    EXPECT_EQ(r.status, 429) << url;
    EXPECT_EQ(r.ErrorCode(), "resource_exhausted") << url;
    EXPECT_NE(r.ErrorMessage().find("127.0.0.1"), std::string::npos) << r.body;
    EXPECT_EQ(r.headers["retry-after"], "1") << url;
  }
  s1.reset();  // a hang-up frees the address's slot at once
  ASSERT_TRUE(GaugeBecomes("suture_push_waiters", 1, 2000));
  Response w = Http("POST", E("/v1/apps/perip/push/wait?timeout=1"), dev, {AppKeyHeader(app_key)});
  EXPECT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(w.body, R"({"event":"timeout"})");
}

// --push-stream-max: a stream ends after its lifetime (+ <= 10% jitter) with
// a `reconnect` event, and its slot is freed.
TEST_F(DevicePortTest, StreamIsClosedAfterItsLifetimeWithAReconnectEvent) {
  server_.reset();
  Start({"--push-heartbeat", "600", "--device-burst", "1000", "--push-stream-max", "1"});
  PrivateKey key;
  const std::string app_key = RegisterApp("life", &key);
  const Bytes base = RandomBytes(100, 42);
  auto s = OpenStream("life", app_key, Device("l1", base));
  const auto start = Clock::now();
  // Reads until the server closes the connection.
  EXPECT_FALSE(s->ReadUntil([](const std::string&) { return false; }, 6000));
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_LT(secs, 5.0);
  const std::string last = "event: reconnect\ndata: {\"event\":\"reconnect\"}\n\n";
  ASSERT_GE(s->data().size(), last.size());
  EXPECT_EQ(s->data().substr(s->data().size() - last.size()), last) << s->data();
  EXPECT_TRUE(GaugeBecomes("suture_push_streams", 0, 2000));
}

TEST_F(DevicePortTest, StreamGetFormForEventSourceClients) {
  PrivateKey key;
  const std::string app_key = RegisterApp("es", &key);
  const Bytes base = RandomBytes(100, 13);
  RawConn c(server_->device_url());
  ASSERT_TRUE(c.Send("GET /v1/apps/es/push/stream?device=" + UrlEncode(Device("g1", base).dump()) +
                     "&app_key=" + UrlEncode(app_key) +
                     " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"));
  ASSERT_TRUE(c.ReadUntilContains("event: ready\n", 5000)) << c.data();
  EXPECT_NE(c.data().find("Content-Type: text/event-stream"), std::string::npos);
  Response dp = Http("POST", U("/v1/apps/es/devices/g1/push"), json{{"message", "m"}}.dump(),
                     {Bearer(admin_)});
  EXPECT_EQ(dp.Json()["woken"], 1);
  ASSERT_TRUE(c.ReadUntilContains("event: device\n", 5000)) << c.data();
  // The key may come as a header too.
  RawConn h(server_->device_url());
  ASSERT_TRUE(h.Send("GET /v1/apps/es/push/stream?device=" + UrlEncode(Device("g2", base).dump()) +
                     " HTTP/1.1\r\nHost: x\r\nX-Suture-App-Key: " + app_key + "\r\n\r\n"));
  ASSERT_TRUE(h.ReadUntilContains("event: ready\n", 5000)) << h.data();
}

TEST_F(DevicePortTest, IneligibleStreamsGetNoReleaseEvent) {
  PrivateKey key;
  const std::string app_key = RegisterApp("elig", &key);
  const Bytes base_a = RandomBytes(100, 14), base_b = RandomBytes(100, 15);
  const json patch = Publish("elig", key, base_a, RandomBytes(100, 16));
  const std::string release = Release("elig", patch, 0);
  auto on_a = OpenStream("elig", app_key, Device("a", base_a));
  auto on_b = OpenStream("elig", app_key, Device("b", base_b));
  Ramp("elig", release, 100);
  ASSERT_TRUE(on_a->ReadUntilContains("event: release\n", 5000)) << on_a->data();
  // b keeps receiving heartbeats (alive) but never the release.
  const size_t seen = on_b->data().size();
  ASSERT_TRUE(on_b->ReadUntil(
      [&](const std::string& d) { return d.find(": ping\n\n", seen) != std::string::npos; }, 4000));
  EXPECT_EQ(on_b->data().find("event: release"), std::string::npos) << on_b->data();
}

TEST_F(DevicePortTest, StreamErrorsAreJsonBeforeTheStreamStarts) {
  PrivateKey key;
  const std::string app_key = RegisterApp("bad", &key);
  const Bytes base = RandomBytes(100, 17);
  struct Case {
    std::string name, method, path, body;
    std::vector<std::string> headers;
    long status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"MalformedJson",
       "POST",
       "/v1/apps/bad/push/stream",
       "{nope",
       {AppKeyHeader(app_key)},
       400,
       "invalid_argument"},
      {"BadKey",
       "POST",
       "/v1/apps/bad/push/stream",
       Device("x", base).dump(),
       {AppKeyHeader("sak_wrong")},
       401,
       "unauthenticated"},
      {"NoKey",
       "POST",
       "/v1/apps/bad/push/stream",
       Device("x", base).dump(),
       {},
       401,
       "unauthenticated"},
      {"UnknownApp",
       "POST",
       "/v1/apps/nope/push/stream",
       Device("x", base).dump(),
       {AppKeyHeader(app_key)},
       404,
       "not_found"},
      {"GetWithoutDevice",
       "GET",
       "/v1/apps/bad/push/stream?app_key=" + app_key,
       "",
       {},
       400,
       "invalid_argument"},
      {"GetBadKey",
       "GET",
       "/v1/apps/bad/push/stream?app_key=sak_wrong&device=" + UrlEncode(Device("x", base).dump()),
       "",
       {},
       401,
       "unauthenticated"},
      {"GetMalformedDevice",
       "GET",
       "/v1/apps/bad/push/stream?app_key=" + app_key + "&device=%7B",
       "",
       {},
       400,
       "invalid_argument"},
      {"WrongMethod", "PUT", "/v1/apps/bad/push/stream", "", {}, 405, "invalid_argument"},
  };
  for (const Case& tc : cases) {
    SCOPED_TRACE(tc.name);
    Response r = Http(tc.method, E(tc.path), tc.body, tc.headers);
    EXPECT_EQ(r.status, tc.status) << r.body;
    EXPECT_EQ(r.ErrorCode(), tc.code) << r.body;
    EXPECT_EQ(r.headers["content-type"], "application/json");
  }
  EXPECT_EQ(Gauge("suture_push_waiters"), 0);
}

TEST_F(DevicePortTest, DeviceListenerCanBeTurnedOff) {
  server_.reset();
  server_ = std::make_unique<ServerProcess>(dir_.path(),
                                            std::vector<std::string>{"--device-listen", "off"});
  ASSERT_FALSE(server_->url().empty());
  EXPECT_TRUE(server_->device_url().empty());
  EXPECT_EQ(Http("GET", U("/healthz")).status, 200);
}

// The listener's old flag names are deprecated aliases that still work.
TEST_F(DevicePortTest, DeprecatedEdgeFlagsAreAliases) {
  server_.reset();
  server_ = std::make_unique<ServerProcess>(
      dir_.path(), std::vector<std::string>{"--edge-listen", "off", "--edge-threads", "1",
                                            "--edge-max-conns", "10", "--edge-max-conns-per-ip",
                                            "5"});
  ASSERT_FALSE(server_->url().empty());
  EXPECT_TRUE(server_->device_url().empty());
  EXPECT_EQ(Http("GET", U("/healthz")).status, 200);
}

}  // namespace
}  // namespace suture::server::testing

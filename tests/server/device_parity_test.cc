// One device conversation run against BOTH listeners of the real
// suture-server binary (the main port and the device listener, both on the
// epoll HTTP/1.1 server), comparing every answer: status, the headers a client relies on
// and the body. Both serve the one route table of http/device_routes.h, so
// nothing but transport framing (Date, Connection, Transfer-Encoding) may
// differ.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
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

// The headers a device (or a cache in front of it) acts on.
const char* const kClientHeaders[] = {
    "content-type",  "content-length", "etag",        "accept-ranges",    "content-range",
    "cache-control", "allow",          "retry-after", "www-authenticate", "x-accel-buffering"};

// Compares two answers to the same request; `what` names the exchange.
void ExpectSameAnswer(const Response& main, const Response& device, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(main.status, device.status) << "main: " << main.body << "\ndevice: " << device.body;
  for (const char* h : kClientHeaders) {
    const auto m = main.headers.find(h);
    const auto d = device.headers.find(h);
    const std::string mv = m == main.headers.end() ? "<absent>" : m->second;
    const std::string dv = d == device.headers.end() ? "<absent>" : d->second;
    EXPECT_EQ(mv, dv) << h;
  }
  EXPECT_EQ(main.body, device.body);
}

// A raw connection (raw_conn.h) that reads a streamed response as it arrives, and
// decodes a chunked body (the main port streams chunked; the device
// listener streams until close).
class StreamConn {
 public:
  explicit StreamConn(const std::string& url) : conn_(url) {}
  bool Send(const std::string& bytes) { return conn_.Send(bytes); }
  // Reads until the decoded body contains `needle` (or `timeout_ms` passes).
  bool ReadUntilBodyHas(const std::string& needle, int timeout_ms) {
    return conn_.ReadUntil(
        [&](const std::string&) {
          Decode();
          return body_.find(needle) != std::string::npos;
        },
        timeout_ms);
  }
  // The response head as a Response (status, lower-case headers, no body).
  Response Head() const {
    Response r;
    const size_t end = raw_.find("\r\n\r\n");
    if (end == std::string::npos) return r;
    const std::string head = raw_.substr(0, end + 2);
    r.status = std::stol(head.substr(9, 3));
    for (size_t at = head.find("\r\n") + 2; at < head.size();) {
      const size_t eol = head.find("\r\n", at);
      const std::string line = head.substr(at, eol - at);
      at = eol + 2;
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    return r;
  }
  const std::string& body() const { return body_; }

 private:
  // Moves what arrived after the head into body_, de-chunking if needed.
  void Decode() {
    const size_t end = raw_.find("\r\n\r\n");
    if (end == std::string::npos) return;
    if (pos_ == 0) {
      pos_ = end + 4;
      const Response h = Head();
      auto te = h.headers.find("transfer-encoding");
      chunked_ = te != h.headers.end() && te->second == "chunked";
    }
    if (!chunked_) {
      body_ += raw_.substr(pos_);
      pos_ = raw_.size();
      return;
    }
    while (true) {
      const size_t eol = raw_.find("\r\n", pos_);
      if (eol == std::string::npos) return;
      const size_t n = std::stoul(raw_.substr(pos_, eol - pos_), nullptr, 16);
      if (raw_.size() < eol + 2 + n + 2) return;
      body_ += raw_.substr(eol + 2, n);
      pos_ = eol + 2 + n + 2;
    }
  }

  RawConn conn_;
  const std::string& raw_ = conn_.data();  // the bytes as they arrived
  size_t pos_ = 0;
  bool chunked_ = false;
  std::string body_;
};

class DeviceParityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        dir_.path(), std::vector<std::string>{"--push-heartbeat", "1", "--device-burst", "1000"});
    ASSERT_FALSE(server_->url().empty());
    ASSERT_FALSE(server_->device_url().empty());
    admin_ = server_->admin_token();
  }

  // The same request on both ports: {main port answer, device port answer}.
  std::pair<Response, Response> Both(const std::string& method, const std::string& path,
                                     const std::string& body = "",
                                     const std::vector<std::string>& headers = {}) {
    return {Http(method, server_->url() + path, body, headers),
            Http(method, server_->device_url() + path, body, headers)};
  }
  void ExpectSame(const std::string& what, const std::string& method, const std::string& path,
                  const std::string& body = "", const std::vector<std::string>& headers = {}) {
    auto [m, d] = Both(method, path, body, headers);
    ExpectSameAnswer(m, d, what + " (" + method + " " + path + ")");
  }

  // Opens an event stream on the listener at `url` and reads up to its
  // first heartbeat, which follows `ready`.
  std::unique_ptr<StreamConn> OpenStream(const std::string& url, const std::string& app,
                                         const std::string& app_key, const json& device) {
    auto c = std::make_unique<StreamConn>(url);
    const std::string body = device.dump();
    EXPECT_TRUE(c->Send("POST /v1/apps/" + app +
                        "/push/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "X-Suture-App-Key: " +
                        app_key + "\r\nContent-Type: application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body));
    EXPECT_TRUE(c->ReadUntilBodyHas(": ping\n\n", 5000)) << c->body();
    return c;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_;
};

TEST_F(DeviceParityTest, OneConversationSameAnswersOnBothListeners) {
  // Register, publish, release (through the main port's admin API).
  PrivateKey key;
  const std::string app_key = RegisterTestApp(server_->url(), admin_, "parity", &key);
  ASSERT_FALSE(app_key.empty());
  const Bytes base = RandomBytes(1000, 1);
  const Bytes bundle = MakeBundle("parity", base, RandomBytes(200000, 2), 1, &key);
  Response pub = Http("POST", server_->url() + "/v1/apps/parity/patches", S(bundle),
                      {Bearer(admin_), "Content-Type: application/octet-stream"});
  ASSERT_EQ(pub.status, 201) << pub.body;
  Response rel =
      Http("POST", server_->url() + "/v1/apps/parity/releases",
           json{{"patch_id", pub.Json()["id"]}, {"percent", 0}}.dump(), {Bearer(admin_)});
  ASSERT_EQ(rel.status, 201) << rel.body;
  const std::string release = rel.Json()["id"];
  const std::string key_header = AppKeyHeader(app_key);
  const std::string device = TestDevice("phone-1", base).dump();
  const std::string id = ToHex(Sha256(bundle));
  const std::string blob = "/v1/blobs/" + id;
  const std::string etag = "\"" + id + "\"";

  // check: the same signed answer (manifests are shared per decision and
  // minute: ask again if a minute boundary fell between the two calls).
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto [m, d] = Both("POST", "/v1/apps/parity/check", device, {key_header});
    ASSERT_EQ(m.status, 200) << m.body;
    if (attempt == 0 && m.body != d.body) continue;
    ExpectSameAnswer(m, d, "check");
    break;
  }
  ExpectSame("check, bad key", "POST", "/v1/apps/parity/check", device,
             {AppKeyHeader("sak_wrong")});
  ExpectSame("check, no key", "POST", "/v1/apps/parity/check", device);
  ExpectSame("check, malformed", "POST", "/v1/apps/parity/check", "{nope", {key_header});
  ExpectSame("check, unknown app", "POST", "/v1/apps/nope/check", device, {key_header});
  ExpectSame("check, body over --max-json-body", "POST", "/v1/apps/parity/check",
             std::string(70000, ' '), {key_header});

  // The blob: HEAD, ranges, conditional requests.
  {
    auto [m, d] = Both("HEAD", blob);
    EXPECT_EQ(m.status, 200);
    EXPECT_EQ(m.headers["content-length"], std::to_string(bundle.size()));
    EXPECT_TRUE(m.body.empty());
    ExpectSameAnswer(m, d, "HEAD blob");
  }
  {
    auto [m, d] = Both("GET", blob, "", {"Range: bytes=1000-1999", "If-Range: " + etag});
    EXPECT_EQ(m.status, 206);
    EXPECT_EQ(m.body, S(bundle).substr(1000, 1000));
    ExpectSameAnswer(m, d, "ranged GET with If-Range");
  }
  {
    auto [m, d] = Both("GET", blob);
    EXPECT_EQ(m.status, 200);
    EXPECT_EQ(m.body, S(bundle));
    ExpectSameAnswer(m, d, "GET blob");
  }
  ExpectSame("stale If-Range: whole blob", "GET", blob, "",
             {"Range: bytes=0-9", "If-Range: \"old\""});
  ExpectSame("suffix range", "GET", blob, "", {"Range: bytes=-10"});
  ExpectSame("HEAD with Range", "HEAD", blob, "", {"Range: bytes=0-9"});
  {
    auto [m, d] = Both("GET", blob, "", {"If-None-Match: " + etag});
    EXPECT_EQ(m.status, 304);
    ExpectSameAnswer(m, d, "If-None-Match");
  }
  ExpectSame("If-None-Match on HEAD", "HEAD", blob, "", {"If-None-Match: *"});
  {
    auto [m, d] = Both("GET", blob, "", {"Range: bytes=999999999-"});
    EXPECT_EQ(m.status, 416);
    EXPECT_EQ(m.headers["content-range"], "bytes */" + std::to_string(bundle.size()));
    ExpectSameAnswer(m, d, "bad range");
  }
  ExpectSame("missing blob", "GET", "/v1/blobs/" + std::string(64, '0'));
  ExpectSame("bad blob id", "GET", "/v1/blobs/" + std::string(64, 'A'));

  // report, then the same report again (different event ids per port, so
  // each port sees its own first report and its own duplicate).
  for (const char* round : {"first", "duplicate"}) {
    Response answers[2];
    for (int port = 0; port < 2; ++port) {
      const std::string event_id = std::string(port == 0 ? "main" : "device") + "-e1";
      const json report{
          {"device", TestDevice("phone-1", base)},
          {"events", {{{"event_id", event_id}, {"kind", "downloaded"}, {"release_id", release}}}}};
      const std::string url =
          (port == 0 ? server_->url() : server_->device_url()) + "/v1/apps/parity/report";
      answers[port] = Http("POST", url, report.dump(), {key_header});
    }
    EXPECT_EQ(answers[0].status, 200) << answers[0].body;
    ExpectSameAnswer(answers[0], answers[1], std::string("report, ") + round);
  }
  EXPECT_EQ(Http("POST", server_->url() + "/v1/apps/parity/report", "", {key_header}).status, 400);
  ExpectSame("report, bad body", "POST", "/v1/apps/parity/report", R"({"device":{},"events":[]})",
             {key_header});

  // push wait: a timeout, then a wake-up by a release change.
  {
    auto [m, d] = Both("POST", "/v1/apps/parity/push/wait?timeout=1", device, {key_header});
    EXPECT_EQ(m.body, R"({"event":"timeout"})");
    ExpectSameAnswer(m, d, "push wait, timeout");
  }
  ExpectSame("push wait, bad timeout", "POST", "/v1/apps/parity/push/wait?timeout=0", device,
             {key_header});

  // push stream: the first events (ready, heartbeat, a device push) on both.
  auto main_stream = OpenStream(server_->url(), "parity", app_key, TestDevice("s1", base));
  auto device_stream = OpenStream(server_->device_url(), "parity", app_key, TestDevice("s1", base));
  ExpectSameAnswer(main_stream->Head(), device_stream->Head(), "push stream head");
  EXPECT_EQ(main_stream->Head().headers["content-type"], "text/event-stream");
  const std::string ready =
      "retry: 10000\nevent: ready\ndata: " + json{{"event", "ready"}, {"heartbeat_s", 1}}.dump() +
      "\n\n";
  EXPECT_EQ(main_stream->body().rfind(ready, 0), 0u) << main_stream->body();
  EXPECT_EQ(device_stream->body().rfind(ready, 0), 0u) << device_stream->body();

  Response waits[2];
  std::thread w0([&] {
    waits[0] = Http("POST", server_->url() + "/v1/apps/parity/push/wait?timeout=20",
                    TestDevice("w0", base).dump(), {key_header});
  });
  std::thread w1([&] {
    waits[1] = Http("POST", server_->device_url() + "/v1/apps/parity/push/wait?timeout=20",
                    TestDevice("w1", base).dump(), {key_header});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let both register
  Response ramp = Http("POST", server_->url() + "/v1/apps/parity/releases/" + release + "/ramp",
                       json{{"percent", 100}}.dump(), {Bearer(admin_)});
  ASSERT_EQ(ramp.status, 200) << ramp.body;
  w0.join();
  w1.join();
  EXPECT_EQ(waits[0].Json(), json({{"event", "release"}, {"release_id", release}}));
  ExpectSameAnswer(waits[0], waits[1], "push wait, woken by a ramp");

  const std::string release_event =
      "event: release\ndata: " + json{{"event", "release"}, {"release_id", release}}.dump() +
      "\n\n";
  EXPECT_TRUE(main_stream->ReadUntilBodyHas(release_event, 5000)) << main_stream->body();
  EXPECT_TRUE(device_stream->ReadUntilBodyHas(release_event, 5000)) << device_stream->body();
  Response push = Http("POST", server_->url() + "/v1/apps/parity/devices/s1/push",
                       json{{"message", "hello"}}.dump(), {Bearer(admin_)});
  EXPECT_EQ(push.Json()["woken"], 2) << push.body;
  const std::string device_event =
      "event: device\ndata: {\"event\":\"device\",\"message\":\"hello\"}\n\n";
  EXPECT_TRUE(main_stream->ReadUntilBodyHas(device_event, 5000)) << main_stream->body();
  EXPECT_TRUE(device_stream->ReadUntilBodyHas(device_event, 5000)) << device_stream->body();
  ExpectSame("push stream GET without device", "GET",
             "/v1/apps/parity/push/stream?app_key=" + app_key);
  ExpectSame("push stream, bad key", "POST", "/v1/apps/parity/push/stream", device,
             {AppKeyHeader("sak_wrong")});

  // Wrong methods (405 + Allow), unknown paths (404), healthz.
  ExpectSame("GET check", "GET", "/v1/apps/parity/check");
  ExpectSame("PUT report", "PUT", "/v1/apps/parity/report", "{}");
  ExpectSame("GET push wait", "GET", "/v1/apps/parity/push/wait");
  ExpectSame("DELETE push stream", "DELETE", "/v1/apps/parity/push/stream");
  ExpectSame("POST blob", "POST", blob, "x");
  ExpectSame("HEAD check", "HEAD", "/v1/apps/parity/check");
  ExpectSame("POST healthz", "POST", "/healthz", "{}");
  {
    auto [m, d] = Both("GET", "/v1/apps/parity/check");
    EXPECT_EQ(m.status, 405);
    EXPECT_EQ(m.headers["allow"], "POST");
  }
  ExpectSame("unknown path", "GET", "/nothing");
  ExpectSame("unknown app path", "GET", "/v1/apps/parity/nothing");
  ExpectSame("healthz", "GET", "/healthz");
  ExpectSame("HEAD healthz", "HEAD", "/healthz");
}

// Both listeners run the same epoll transport (issue 16), so both see a hang-up
// at once: a dead peer's stream or long-poll frees its push slot without
// waiting for a heartbeat or a timeout. (The cpprestsdk main port kept a
// long-poll's slot until its timeout.)
TEST_F(DeviceParityTest, HangUpsFreeSlotsAtOnceOnBothListeners) {
  PrivateKey key;
  const std::string app_key = RegisterTestApp(server_->url(), admin_, "hangup", &key);
  ASSERT_FALSE(app_key.empty());
  const Bytes base = RandomBytes(100, 3);
  auto waiters = [&] {
    Response m = Http("GET", server_->url() + "/metrics");
    const std::string k = "\nsuture_push_waiters ";
    const size_t at = m.body.find(k);
    return at == std::string::npos ? -1.0 : std::stod(m.body.substr(at + k.size()));
  };
  auto becomes = [&](double want, int timeout_ms) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (Clock::now() < deadline && waiters() != want) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return waiters() == want;
  };
  for (const std::string& url : {server_->device_url(), server_->url()}) {
    SCOPED_TRACE(url);
    auto s = OpenStream(url, "hangup", app_key, TestDevice("h1", base));
    ASSERT_TRUE(becomes(1, 2000));
    s.reset();
    EXPECT_TRUE(becomes(0, 5000));
    {
      StreamConn c(url);
      const std::string body = TestDevice("h2", base).dump();
      ASSERT_TRUE(c.Send(
          "POST /v1/apps/hangup/push/wait?timeout=60 HTTP/1.1\r\nHost: x\r\n"
          "X-Suture-App-Key: " +
          app_key + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
      ASSERT_TRUE(becomes(1, 2000));
    }
    // Long before the 60 s timeout.
    EXPECT_TRUE(becomes(0, 3000));
  }
}

}  // namespace
}  // namespace suture::server::testing

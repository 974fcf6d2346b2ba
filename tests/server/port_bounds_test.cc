// Issue 16 rows 1, 5 and 6 against the real suture-server binary, on both of
// its ports (the main port and the device listener run the same epoll
// transport; see tests/server/epoll_http_server_abuse_test.cc for the
// transport's own abuse tests): a request is bounded when its head arrives —
// a huge declared body is answered (404/401/413) right after the head while
// the client is still sending, and the server's RSS stays small; slowloris
// heads and idle keep-alive connections are closed at their deadlines;
// pipelined requests are answered in order; framing errors get 400/411/431.
// A real publish still streams its bundle byte for byte into the blob store.
#include <gtest/gtest.h>
#include <netinet/tcp.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "raw_conn.h"
#include "server_harness.h"
#include "suture/core/crypto.h"

namespace suture::server::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

enum class Port { kMain, kDevice };

constexpr uint64_t kHuge = 1500000000;        // declared, never all sent
constexpr size_t kSendCap = 256u << 20;       // what a test sends at most
constexpr uint64_t kSmallRssKib = 64 * 1024;  // a server that buffers 256 MiB is far above

uint64_t ProcKib(pid_t pid, const std::string& field) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoull(line.substr(field.size() + 1));
  }
  return 0;
}

int Connect(const std::string& url) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(std::stoi(url.substr(url.rfind(':') + 1))));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{1, 0};  // a server that neither reads nor closes cannot hang the test
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

struct HugeBodyResult {
  int status = 0;          // 0: no answer
  std::string response;    // head and body as received
  size_t sent_before = 0;  // body bytes sent when the answer arrived
  size_t sent_total = 0;
  uint64_t peak_rss_kib = 0;  // the server's VmRSS, sampled every 20 ms
};

// Sends `head` (declaring a kHuge body), then zeros as fast as the server
// takes them (at most kSendCap), while reading the answer and sampling the
// server's RSS.
HugeBodyResult SendHugeBody(const std::string& url, const std::string& head, pid_t pid) {
  HugeBodyResult r;
  const int fd = Connect(url);
  if (fd < 0 ||
      ::send(fd, head.data(), head.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(head.size())) {
    ADD_FAILURE() << "cannot send the head to " << url;
    if (fd >= 0) ::close(fd);
    return r;
  }
  std::atomic<bool> stop{false};
  std::atomic<size_t> sent{0};
  std::atomic<bool> answered{false};
  std::thread writer([&] {
    const std::string chunk(1 << 20, '\0');
    while (!stop && sent < kSendCap) {
      const ssize_t n = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
  });
  std::thread sampler([&] {
    while (!stop) {
      r.peak_rss_kib = std::max(r.peak_rss_kib, ProcKib(pid, "VmRSS"));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  char buf[65536];
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    if (!answered) {
      answered = true;
      r.sent_before = sent;
    }
    r.response.append(buf, static_cast<size_t>(n));
    const size_t h = r.response.find("\r\n\r\n");
    const size_t cl = r.response.find("Content-Length: ");
    if (h != std::string::npos && cl != std::string::npos && cl < h &&
        r.response.size() - (h + 4) >= std::stoull(r.response.substr(cl + 16))) {
      break;
    }
  }
  stop = true;
  ::shutdown(fd, SHUT_RDWR);
  writer.join();
  sampler.join();
  ::close(fd);
  r.sent_total = sent;
  if (r.response.rfind("HTTP/1.1 ", 0) == 0) r.status = std::atoi(r.response.c_str() + 9);
  return r;
}

std::string PostHead(const std::string& path, const std::vector<std::string>& headers = {}) {
  std::string h = "POST " + path + " HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n";
  for (const auto& x : headers) h += x + "\r\n";
  return h + "Content-Length: " + std::to_string(kHuge) + "\r\n\r\n";
}

// Splits `data` into the responses it holds (each with a Content-Length).
std::vector<std::pair<int, std::string>> ParseResponses(const std::string& data) {
  std::vector<std::pair<int, std::string>> out;
  size_t pos = 0;
  while (pos < data.size()) {
    const size_t h = data.find("\r\n\r\n", pos);
    if (h == std::string::npos) break;
    const std::string head = data.substr(pos, h - pos);
    const size_t cl = head.find("Content-Length: ");
    const size_t len = cl == std::string::npos ? 0 : std::stoull(head.substr(cl + 16));
    if (data.size() - (h + 4) < len) break;
    out.emplace_back(std::atoi(head.c_str() + 9), data.substr(h + 4, len));
    pos = h + 4 + len;
  }
  return out;
}

class PortBoundsTest : public ::testing::TestWithParam<Port> {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        dir_.path(), std::vector<std::string>{"--head-timeout", "2", "--idle-timeout", "2",
                                              "--max-upload", "1000000"});
    admin_ = server_->admin_token();
  }
  std::string Url() const {
    return GetParam() == Port::kMain ? server_->url() : server_->device_url();
  }
  void ExpectAnsweredFromTheHead(const HugeBodyResult& r, int status) {
    EXPECT_EQ(r.status, status) << r.response.substr(0, 300);
    EXPECT_NE(r.response.find("Connection: close"), std::string::npos) << r.response;
    // Loopback socket buffers hold a few MiB: the answer came long before
    // the body (of which kSendCap bytes would have been sent).
    EXPECT_LT(r.sent_before, size_t{32} << 20) << "body bytes sent before the answer";
    EXPECT_LT(r.peak_rss_kib, kSmallRssKib) << "server VmRSS peak (KiB)";
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_;
};

TEST_P(PortBoundsTest, HugeBodyToAnUnknownPathIsAnswered404FromTheHead) {
  const HugeBodyResult r = SendHugeBody(Url(), PostHead("/nope"), server_->pid());
  ExpectAnsweredFromTheHead(r, 404);
  EXPECT_NE(r.response.find("no route for POST /nope"), std::string::npos) << r.response;
}

TEST_P(PortBoundsTest, HugeBodyToAJsonRouteIsAnswered413FromTheHead) {
  const HugeBodyResult r = SendHugeBody(Url(), PostHead("/v1/apps/a/check"), server_->pid());
  ExpectAnsweredFromTheHead(r, 413);
  EXPECT_NE(r.response.find("limit_exceeded"), std::string::npos) << r.response;
}

TEST_P(PortBoundsTest, SlowlorisHeadIsClosedAtTheHeadDeadline) {
  const int fd = Connect(Url());
  ASSERT_GE(fd, 0);
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: " + std::string(100, 'a');
  const auto start = Clock::now();
  bool closed = false;
  for (size_t i = 0; i < head.size() && !closed && Clock::now() - start < std::chrono::seconds(10);
       ++i) {
    if (::send(fd, head.data() + i, 1, MSG_NOSIGNAL) != 1) {
      closed = true;
      break;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 1000) > 0) {  // one byte a second, unless the server closes
      char b[512];
      closed = ::recv(fd, b, sizeof(b), 0) <= 0;
    }
  }
  ::close(fd);
  EXPECT_TRUE(closed);
  // --head-timeout 2, checked once a second.
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(4500));
}

TEST_P(PortBoundsTest, IdleKeepAliveConnectionIsClosed) {
  RawConn c(Url());
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(c.ReadUntilContains("{\"status\":\"ok\"}", 5000)) << c.data();
  const auto answered = Clock::now();
  // The peer closes: ReadUntil returns when recv gives 0.
  c.ReadUntil([](const std::string&) { return false; }, 6000);
  // --idle-timeout 2, checked once a second.
  EXPECT_LT(Clock::now() - answered, std::chrono::milliseconds(4500));
}

TEST_P(PortBoundsTest, ThreePipelinedGetsGetThreeAnswersInOrder) {
  RawConn c(Url());
  ASSERT_TRUE(
      c.Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
             "GET /nope-1 HTTP/1.1\r\nHost: t\r\n\r\n"
             "GET /nope-2 HTTP/1.1\r\nHost: t\r\n\r\n"));
  c.ReadUntil([](const std::string& d) { return ParseResponses(d).size() >= 3; }, 5000);
  const auto answers = ParseResponses(c.data());
  ASSERT_EQ(answers.size(), 3u) << c.data();
  EXPECT_EQ(answers[0].first, 200);
  EXPECT_EQ(answers[0].second, R"({"status":"ok"})");
  EXPECT_EQ(answers[1].first, 404);
  EXPECT_NE(answers[1].second.find("GET /nope-1"), std::string::npos) << answers[1].second;
  EXPECT_EQ(answers[2].first, 404);
  EXPECT_NE(answers[2].second.find("GET /nope-2"), std::string::npos) << answers[2].second;
}

// From the transport's abuse tests, on the real server: a client pipelining
// without pause does not hold up another client's answers.
TEST_P(PortBoundsTest, APipeliningClientDoesNotStarveOthers) {
  const int hog = Connect(Url());
  ASSERT_GE(hog, 0);
  std::string batch;
  for (int i = 0; i < 256; ++i) batch += "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    while (!stop) {
      if (::send(hog, batch.data(), batch.size(), MSG_NOSIGNAL) <= 0 && errno != EAGAIN) break;
    }
  });
  std::thread reader([&] {
    char tmp[65536];
    while (!stop) {
      pollfd p{hog, POLLIN, 0};
      if (::poll(&p, 1, 100) > 0 && ::recv(hog, tmp, sizeof(tmp), 0) <= 0) break;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the hog is at full speed
  std::vector<double> ms;
  for (int i = 0; i < 3; ++i) {
    RawConn other(Url());
    const auto start = Clock::now();
    ASSERT_TRUE(other.Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"));
    EXPECT_TRUE(other.ReadUntilContains("{\"status\":\"ok\"}", 3000)) << other.data();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  stop = true;
  ::shutdown(hog, SHUT_RDWR);
  writer.join();
  reader.join();
  ::close(hog);
  std::sort(ms.begin(), ms.end());
  EXPECT_LT(ms[1], 500.0) << "median answer time of the other client (ms)";
}

struct FramingCase {
  const char* name;
  std::string request;
  int status;
};

TEST_P(PortBoundsTest, FramingErrorsAreRefused) {
  const std::vector<FramingCase> cases = {
      {"ConflictingContentLength",
       "POST /v1/apps/a/check HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n"
       "Content-Length: 40\r\n\r\nab",
       400},
      {"ContentLengthAndTransferEncoding",
       "POST /v1/apps/a/check HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n"
       "Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n",
       411},
      {"HeadOf70KB",
       "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(70000, 'b') + "\r\n\r\n", 431},
  };
  for (const FramingCase& fc : cases) {
    RawConn c(Url());
    c.Send(fc.request);  // the server may close before taking it all
    c.ReadUntil([](const std::string& d) { return !ParseResponses(d).empty(); }, 5000);
    const auto answers = ParseResponses(c.data());
    ASSERT_EQ(answers.size(), 1u) << fc.name << ": " << c.data();
    EXPECT_EQ(answers[0].first, fc.status) << fc.name << ": " << answers[0].second;
  }
}

INSTANTIATE_TEST_SUITE_P(BothPorts, PortBoundsTest, ::testing::Values(Port::kMain, Port::kDevice),
                         [](const ::testing::TestParamInfo<Port>& p) {
                           return std::string(p.param == Port::kMain ? "MainPort" : "DevicePort");
                         });

using MainPortBoundsTest = PortBoundsTest;

TEST_P(MainPortBoundsTest, HugeAdminBodiesAreAnsweredFromTheHead) {
  PrivateKey key;
  ASSERT_FALSE(RegisterTestApp(server_->url(), admin_, "a", &key).empty());
  const pid_t pid = server_->pid();
  struct Case {
    const char* name;
    std::string head;
    int status;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"JsonRouteWithToken", PostHead("/v1/tokens", {Bearer(admin_)}), 413,
       "exceeds the limit of 65536 bytes"},
      {"JsonRouteWithoutToken", PostHead("/v1/tokens"), 401, "missing 'Authorization"},
      {"PublishWithoutToken", PostHead("/v1/apps/a/patches"), 401, "missing 'Authorization"},
      {"PublishWithABadToken", PostHead("/v1/apps/a/patches", {Bearer("sut_nope")}), 401,
       "unknown token"},
      {"PublishToAnUnknownApp", PostHead("/v1/apps/zz/patches", {Bearer(admin_)}), 404, "zz"},
      {"PublishWithAValidToken", PostHead("/v1/apps/a/patches", {Bearer(admin_)}), 413,
       "upload: request body of 1500000000 bytes exceeds the limit of 1000000 bytes"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const HugeBodyResult r = SendHugeBody(server_->url(), c.head, pid);
    ExpectAnsweredFromTheHead(r, c.status);
    EXPECT_NE(r.response.find(c.message), std::string::npos) << r.response;
  }
  // Nothing was stored on the way.
  EXPECT_TRUE(fs::is_empty(fs::path(dir_.path()) / "tmp"));
  EXPECT_TRUE(fs::is_empty(fs::path(dir_.path()) / "blobs"));
}

TEST_P(MainPortBoundsTest, PublishStreamsARealBundleByteForByte) {
  PrivateKey key;
  ASSERT_FALSE(RegisterTestApp(server_->url(), admin_, "a", &key).empty());
  // Near --max-upload, so the body arrives in many reads.
  const Bytes bundle = MakeBundle("a", RandomBytes(1000, 1), RandomBytes(900000, 2), 1, &key);
  ASSERT_LT(bundle.size(), 1000000u);
  Response r = Http("POST", server_->url() + "/v1/apps/a/patches",
                    std::string(reinterpret_cast<const char*>(bundle.data()), bundle.size()),
                    {Bearer(admin_), "Content-Type: application/octet-stream"});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string sha = r.Json().value("blob_sha256", "");
  EXPECT_EQ(sha, ToHex(Sha256(bundle)));
  std::ifstream f(fs::path(dir_.path()) / "blobs" / sha, std::ios::binary);
  const std::string stored((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(stored == std::string(reinterpret_cast<const char*>(bundle.data()), bundle.size()))
      << "stored blob differs (" << stored.size() << " of " << bundle.size() << " bytes)";
  EXPECT_TRUE(fs::is_empty(fs::path(dir_.path()) / "tmp"));
}

INSTANTIATE_TEST_SUITE_P(Main, MainPortBoundsTest, ::testing::Values(Port::kMain),
                         [](const ::testing::TestParamInfo<Port>&) {
                           return std::string("MainPort");
                         });

}  // namespace
}  // namespace suture::server::testing

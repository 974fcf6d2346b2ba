// Tests of the epoll HTTP/1.1 server's bounded-before-read path (issue 16):
// the head hook answering from the head without reading the body, per-request
// body limits, bodies streamed into a sink instead of memory, the body
// deadline, and the connection loop fed requests split at random byte
// boundaries.
#include "epoll_http_server_fixture.h"

namespace suture::server::epoll_http::test {
namespace {

// /secret: 401 from the head; /small: bodies of at most 10 bytes; /upload:
// the body goes to a CollectSink failing past `fail_after` bytes.
HeadHook TestHook(size_t fail_after = SIZE_MAX) {
  return [fail_after](const Request& head) {
    HeadDecision d;
    const std::string first = head.seg.empty() ? "" : head.seg[0];
    if (first == "secret") {
      d.status = 401;
      d.content_type = "application/json";
      d.body = R"({"error":"no"})";
      d.extra = {{"WWW-Authenticate", "Bearer"}};
    } else if (first == "small") {
      d.max_body = 10;
    } else if (first == "upload") {
      d.max_body = 1ull << 40;
      d.sink = std::make_shared<CollectSink>(fail_after);
    }
    return d;
  };
}

std::string Post(std::string_view target, uint64_t length, std::string_view body = "") {
  return "POST " + std::string(target) +
         " HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n" +
         std::string(body);
}

TEST_F(EpollHttpServerTest, HeadHookAnswersBeforeTheBodyAndCloses) {
  Options o;
  o.head_hook = TestHook();
  StartServer(o);
  Client c(port_);
  ASSERT_TRUE(c.Send(Post("/secret", 100ull << 30)));  // 100 GiB declared, none sent
  Response r;
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"error":"no"})");
  EXPECT_EQ(r.headers["www-authenticate"], "Bearer");
  EXPECT_EQ(r.headers["connection"], "close");
  EXPECT_TRUE(c.WaitClosed(5000));
  EXPECT_EQ(handled_.load(), 0);
  // Without a body the connection is kept and the next request served.
  Client k(port_);
  ASSERT_TRUE(k.Send(Get("/secret") + Get("/hello?x=after")));
  ASSERT_TRUE(k.Read(&r));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers["connection"], "keep-alive");
  ASSERT_TRUE(k.Read(&r));
  EXPECT_EQ(r.body, "hello GET after");
}

TEST_F(EpollHttpServerTest, HeadHookChoosesTheBodyLimit) {
  Options o;
  o.head_hook = TestHook();
  StartServer(o);
  Client c(port_);
  ASSERT_TRUE(c.Send(Post("/small", 11)));
  Response r;
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("limit of 10 bytes"), std::string::npos) << r.body;
  Client ok(port_);
  ASSERT_TRUE(ok.Send(Post("/small", 10, "0123456789")));
  ASSERT_TRUE(ok.Read(&r));
  EXPECT_EQ(r.status, 404);  // the fixture's answer: the request got through
  EXPECT_EQ(handled_.load(), 1);
}

TEST_F(EpollHttpServerTest, SinkGetsTheBodyInPieces) {
  Options o;
  o.head_hook = TestHook();
  StartServer(o);
  std::string body(8 << 20, '\0');
  std::mt19937 rng(7);
  for (char& ch : body) ch = static_cast<char>(rng());
  Client c(port_);
  ASSERT_TRUE(c.Send(Post("/upload", body.size(), body) + Get("/hello?x=next")));
  Response r;
  ASSERT_TRUE(c.Read(&r, false, 10000));
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body == body) << "sunk " << r.body.size() << " of " << body.size() << " bytes";
  ASSERT_TRUE(c.Read(&r));  // the pipelined request after the sunk body
  EXPECT_EQ(r.body, "hello GET next");
}

TEST_F(EpollHttpServerTest, SinkErrorReachesTheHandlerAndClosesTheConnection) {
  Options o;
  o.head_hook = TestHook(/*fail_after=*/1 << 20);
  StartServer(o);
  Client c(port_);
  ASSERT_TRUE(c.Send(Post("/upload", 64 << 20)));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    const std::string chunk(1 << 16, 'z');
    while (!stop && c.Send(chunk)) {
    }
  });
  Response r;
  const bool got = c.Read(&r, false, 10000);
  stop = true;
  ::shutdown(c.fd(), SHUT_WR);
  writer.join();
  ASSERT_TRUE(got);
  EXPECT_EQ(r.status, 507);
  EXPECT_NE(r.body.find("disk full"), std::string::npos) << r.body;
  EXPECT_EQ(r.headers["connection"], "close");
}

TEST_F(EpollHttpServerTest, StalledBodyIsCut) {
  Options o;
  o.body_timeout_s = 1;
  o.request_timeout_s = 30;
  StartServer(o);
  Client c(port_);
  ASSERT_TRUE(c.Send(Post("/echo", 1000, "abc")));
  const auto start = Clock::now();
  EXPECT_TRUE(c.WaitClosed(5000));
  // 1 s without body bytes, checked once a second.
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(3500));
}

TEST_F(EpollHttpServerTest, TrickledBodyIsCutByTheRateRule) {
  Options o;
  o.body_timeout_s = 1;
  o.min_body_rate = 1000;
  StartServer(o);
  Client c(port_);
  ASSERT_TRUE(c.Send(Post("/echo", 60000, "a")));
  const auto start = Clock::now();
  bool closed = false;
  while (!closed && Clock::now() - start < std::chrono::seconds(8)) {
    closed = c.WaitClosed(200);  // one byte every 200 ms: no pause rule fires
    if (!closed) c.Send("b");
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(4000));
}

// The connection loop fed the same requests in pieces split at random byte
// boundaries answers exactly as when they arrive in one write.
TEST_F(EpollHttpServerTest, RequestsSplitAtRandomBoundariesGetTheSameAnswers) {
  Options o;
  o.head_hook = TestHook();
  StartServer(o);
  std::string script;
  std::vector<bool> head_request;
  for (int i = 0; i < 24; ++i) {
    const std::string body = std::string(static_cast<size_t>(i * 37 % 500), 'a' + i % 26);
    switch (i % 6) {
      case 0:
        script += Get("/hello?x=" + std::to_string(i));
        break;
      case 1:
        script += Post("/echo", body.size(), body);
        break;
      case 2:
        script += Get("/hello?x=h", "HEAD");
        break;
      case 3:
        script += Post("/upload", body.size(), body);
        break;
      case 4:
        script += Post("/small", 3, "xyz");
        break;
      default:
        script += Get("/file?off=7&len=300");
        break;
    }
    head_request.push_back(i % 6 == 2);
  }
  auto run = [&](uint32_t seed) {
    std::vector<Response> out;
    Client c(port_);
    const int one = 1;
    ::setsockopt(c.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (seed == 0) {
      EXPECT_TRUE(c.Send(script));
    } else {
      std::mt19937 rng(seed);
      for (size_t off = 0; off < script.size();) {
        const size_t n = std::min<size_t>(script.size() - off, 1 + rng() % 200);
        EXPECT_TRUE(c.Send(std::string_view(script).substr(off, n)));
        off += n;
        if (rng() % 4 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
      }
    }
    for (bool head : head_request) {
      Response r;
      if (!c.Read(&r, head)) break;
      out.push_back(std::move(r));
    }
    return out;
  };
  const std::vector<Response> want = run(0);
  ASSERT_EQ(want.size(), head_request.size());
  for (uint32_t seed = 1; seed <= 8; ++seed) {
    const std::vector<Response> got = run(seed);
    ASSERT_EQ(got.size(), want.size()) << "seed " << seed;
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i].status, want[i].status) << "seed " << seed << " answer " << i;
      EXPECT_EQ(got[i].headers, want[i].headers) << "seed " << seed << " answer " << i;
      EXPECT_EQ(got[i].body, want[i].body) << "seed " << seed << " answer " << i;
    }
  }
}

}  // namespace
}  // namespace suture::server::epoll_http::test

// Tests of the epoll HTTP/1.1 server (http/epoll_http_server.h): framing,
// keep-alive, pipelining, HEAD, sendfile, timeouts, pending replies,
// streams. The request-head parser's tables are in http1_parser_test.cc;
// limits and abusive peers in
// epoll_http_server_abuse_test.cc.
#include "epoll_http_server_fixture.h"

namespace suture::server::epoll_http::test {
namespace {

TEST_F(EpollHttpServerTest, KeepAliveAcrossRequests) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(c.Send(Get("/hello?x=a%20" + std::to_string(i))));
    Response r;
    ASSERT_TRUE(c.Read(&r));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "hello GET a " + std::to_string(i));
    EXPECT_EQ(r.headers["connection"], "keep-alive");
    EXPECT_EQ(r.headers["content-type"], "text/plain");
    EXPECT_EQ(r.headers["x-peer"], "127.0.0.1");
  }
  EXPECT_EQ(server_->connections(), 1u);
}

TEST_F(EpollHttpServerTest, PipelinedRequestsAnsweredInOrder) {
  StartServer();
  Client c(port_);
  std::string all;
  for (int i = 0; i < 20; ++i) all += Get("/hello?x=" + std::to_string(i));
  all += "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nlast";
  ASSERT_TRUE(c.Send(all));
  for (int i = 0; i < 20; ++i) {
    Response r;
    ASSERT_TRUE(c.Read(&r));
    EXPECT_EQ(r.body, "hello GET " + std::to_string(i));
  }
  Response r;
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.body, "last");
}

TEST_F(EpollHttpServerTest, HeadHasLengthAndNoBody) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/hello?x=abc", "HEAD")));
  Response r;
  ASSERT_TRUE(c.Read(&r, /*head_request=*/true));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-length"], std::to_string(std::string("hello HEAD abc").size()));
  ASSERT_TRUE(c.Send(Get("/file", "HEAD")));
  ASSERT_TRUE(c.Read(&r, /*head_request=*/true));
  EXPECT_EQ(r.headers["content-length"], std::to_string(file_data_.size()));
  // No body bytes followed: the next response starts right away.
  ASSERT_TRUE(c.Send(Get("/hello?x=after")));
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.body, "hello GET after");
}

TEST_F(EpollHttpServerTest, SendFileWholeAndRange) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/file")));
  Response r;
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.status, 200);
  ASSERT_EQ(r.body.size(), file_data_.size());
  EXPECT_TRUE(r.body == file_data_);
  ASSERT_TRUE(c.Send(Get("/file?off=1000001&len=777777")));
  ASSERT_TRUE(c.Read(&r));
  EXPECT_TRUE(r.body == file_data_.substr(1000001, 777777));
  ASSERT_TRUE(c.Send(Get("/file?off=5&len=0")));
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.headers["content-length"], "0");
  EXPECT_EQ(r.body, "");
}

TEST_F(EpollHttpServerTest, SendFileBeyondEndClosesConnection) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/file?off=" + std::to_string(file_data_.size() - 10) + "&len=100")));
  Response r;
  EXPECT_FALSE(c.Read(&r));  // 10 of 100 promised bytes, then the server closes
  EXPECT_TRUE(WaitConnections(0));
}

TEST_F(EpollHttpServerTest, BodyOverLimitGets413Json) {
  Options o;
  o.max_body = 1000;
  StartServer(o);
  Client c(port_);
  ASSERT_TRUE(c.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" +
                     std::string(3000, 'x')));
  Response r;
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.headers["content-type"], "application/json");
  EXPECT_EQ(r.headers["connection"], "close");
  EXPECT_NE(r.body.find("{\"error\":{\"code\":\"limit_exceeded\",\"message\":"), std::string::npos)
      << r.body;
  EXPECT_TRUE(c.WaitClosed(5000));
}

TEST_F(EpollHttpServerTest, MalformedHeadsGetJsonErrors) {
  StartServer();
  const std::vector<std::tuple<std::string, int, std::string>> cases = {
      {"GET / HTTP/2.0\r\n\r\n", 505, "unsupported"},
      {"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411, "unsupported"},
      {"GET /\r\n\r\n", 400, "invalid_argument"},
      {"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400, "invalid_argument"},
      {"GET / HTTP/1.1\r\nX: " + std::string(20000, 'a') + "\r\n\r\n", 431, "limit_exceeded"},
      {"BREW / HTTP/1.1\r\n\r\n", 501, "unsupported"},
      {"GET /a%00 HTTP/1.1\r\nHost: t\r\n\r\n", 400, "invalid_argument"},
      {"GET /hello HTTP/1.1\r\nAccept: */*\r\n\r\n", 400, "invalid_argument"},  // no Host
  };
  for (const auto& [input, status, code] : cases) {
    SCOPED_TRACE(input.substr(0, 40));
    Client c(port_);
    ASSERT_TRUE(c.Send(input));
    Response r;
    ASSERT_TRUE(c.Read(&r));
    EXPECT_EQ(r.status, status);
    EXPECT_NE(r.body.find("\"code\":\"" + code + "\""), std::string::npos) << r.body;
  }
}

TEST_F(EpollHttpServerTest, BadTargetKeepsConnection) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/a%zz") + Get("/hello?x=ok")));
  Response r;
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.status, 400);
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.body, "hello GET ok");
}

TEST_F(EpollHttpServerTest, ExpectContinue) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  Response r;
  ASSERT_TRUE(c.Read(&r, /*head_request=*/true));
  EXPECT_EQ(r.status, 100);
  ASSERT_TRUE(c.Send("abcde"));
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "abcde");
}

TEST_F(EpollHttpServerTest, Http10ClosesAfterResponse) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send("GET /hello HTTP/1.0\r\n\r\n"));
  Response r;
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.headers["connection"], "close");
  EXPECT_TRUE(c.WaitClosed(5000));
}

TEST_F(EpollHttpServerTest, RequestTimeoutClosesConnection) {
  Options o;
  o.request_timeout_s = 1;
  StartServer(o);
  Client c(port_);
  ASSERT_TRUE(c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n"));  // head never ends
  const auto start = Clock::now();
  EXPECT_TRUE(c.WaitClosed(5000));
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(3500));
  EXPECT_TRUE(WaitConnections(0));
}

TEST_F(EpollHttpServerTest, IdleTimeoutClosesKeepAlive) {
  Options o;
  o.idle_timeout_s = 1;
  StartServer(o);
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/hello")));
  Response r;
  ASSERT_TRUE(c.Read(&r));
  EXPECT_TRUE(c.WaitClosed(5000));
}

TEST_F(EpollHttpServerTest, PendingReplyCompletedFromAnotherThread) {
  Options o;
  o.request_timeout_s = 1;
  o.idle_timeout_s = 1;
  StartServer(o);
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/pending")));
  ASSERT_TRUE(WaitHeld(1));
  // Pending replies are exempt from the timeouts.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  std::shared_ptr<Reply> reply;
  {
    std::lock_guard<std::mutex> lock(mu_);
    reply = held_[0];
  }
  std::thread t([reply] { EXPECT_TRUE(reply->Send(200, "application/json", "{\"late\":1}")); });
  t.join();
  Response r;
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.body, "{\"late\":1}");
  EXPECT_FALSE(reply->Send(200, "text/plain", "twice"));
  // The connection is reusable.
  ASSERT_TRUE(c.Send(Get("/hello?x=next")));
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.body, "hello GET next");
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(closed_count_, 0);  // OnClose is not called after Send
}

TEST_F(EpollHttpServerTest, DroppedReplyIsAnswered500) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/drop")));
  Response r;
  ASSERT_TRUE(c.Read(&r, false, 5000));
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("\"code\":\"internal\""), std::string::npos) << r.body;
  ASSERT_TRUE(c.Send(Get("/hello?x=still")));
  ASSERT_TRUE(c.Read(&r));
  EXPECT_EQ(r.body, "hello GET still");
}

TEST_F(EpollHttpServerTest, OnCloseFiresPromptlyWhenPeerLeaves) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/pending")));
  ASSERT_TRUE(WaitHeld(1));
  const auto start = Clock::now();
  c.Close();
  {
    std::unique_lock<std::mutex> lock(mu_);
    ASSERT_TRUE(cv_.wait_for(lock, std::chrono::seconds(5), [&] { return closed_count_ == 1; }));
    EXPECT_LT(closed_at_ - start, std::chrono::seconds(1));
  }
  EXPECT_TRUE(WaitConnections(0));
  std::shared_ptr<Reply> reply = held_[0];
  EXPECT_FALSE(reply->Send(200, "text/plain", "too late"));
  // Registered after the close: runs at once.
  bool ran = false;
  reply->OnClose([&] { ran = true; });
  EXPECT_TRUE(ran);
}

TEST_F(EpollHttpServerTest, HalfCloseWhilePendingCountsAsHangUp) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/pending")));
  ASSERT_TRUE(WaitHeld(1));
  ::shutdown(c.fd(), SHUT_WR);
  std::unique_lock<std::mutex> lock(mu_);
  EXPECT_TRUE(cv_.wait_for(lock, std::chrono::seconds(2), [&] { return closed_count_ == 1; }));
}

TEST_F(EpollHttpServerTest, StreamReceived) {
  StartServer();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/stream")));
  ASSERT_TRUE(WaitHeld(1));
  std::shared_ptr<Reply> reply = held_[0];
  std::thread writer([reply] {
    for (int i = 0; i < 5; ++i) {
      EXPECT_TRUE(reply->Write("data: " + std::to_string(i) + "\n\n"));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    reply->End();
    EXPECT_FALSE(reply->Write("after end"));
  });
  Response r;
  ASSERT_TRUE(c.Read(&r, false, 5000, /*until_close=*/true));
  writer.join();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.count("content-length"), 0u);
  EXPECT_EQ(r.headers["connection"], "close");
  EXPECT_EQ(r.headers["content-type"], "text/event-stream");
  EXPECT_EQ(r.headers["cache-control"], "no-cache");
  EXPECT_EQ(r.body, "data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n");
  EXPECT_TRUE(WaitConnections(0));
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(closed_count_, 0);
}

TEST_F(EpollHttpServerTest, SlowStreamReaderIsCut) {
  Options o;
  o.max_stream_buffer = 64 * 1024;
  StartServer(o);
  Client c(port_, /*rcvbuf=*/4096);
  ASSERT_TRUE(c.Send(Get("/stream")));
  ASSERT_TRUE(WaitHeld(1));
  std::shared_ptr<Reply> reply = held_[0];
  std::atomic<bool> closed{false};
  reply->OnClose([&] { closed = true; });
  const std::string chunk(16 * 1024, 'z');
  bool refused = false;
  for (int i = 0; i < 20000 && !refused; ++i) {
    refused = !reply->Write(chunk);
    if (i % 16 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(refused);
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!closed && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(closed);
}

TEST_F(EpollHttpServerTest, ManyConcurrentConnections) {
  StartServer();
  constexpr size_t kConns = 2000;
  std::vector<std::unique_ptr<Client>> clients;
  for (size_t i = 0; i < kConns; ++i) {
    clients.push_back(std::make_unique<Client>(port_));
    ASSERT_TRUE(clients.back()->connected()) << i;
  }
  EXPECT_TRUE(WaitConnections(kConns, 10000)) << server_->connections();
  // Every tenth one is still served.
  for (size_t i = 0; i < kConns; i += 10) {
    ASSERT_TRUE(clients[i]->Send(Get("/hello?x=" + std::to_string(i))));
  }
  for (size_t i = 0; i < kConns; i += 10) {
    Response r;
    ASSERT_TRUE(clients[i]->Read(&r));
    EXPECT_EQ(r.body, "hello GET " + std::to_string(i));
  }
  clients.clear();
  EXPECT_TRUE(WaitConnections(0, 10000)) << server_->connections();
}

TEST_F(EpollHttpServerTest, MaxConnectionsClosesExtraAtAccept) {
  Options o;
  o.max_connections = 3;
  o.threads = 1;
  StartServer(o);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 5; ++i) clients.push_back(std::make_unique<Client>(port_));
  int closed = 0;
  for (auto& c : clients) closed += c->WaitClosed(300) ? 1 : 0;
  EXPECT_EQ(closed, 2);
  EXPECT_EQ(server_->connections(), 3u);
}

TEST_F(EpollHttpServerTest, DestructionWithPendingRepliesIsClean) {
  StartServer();
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<Client>(port_));
    ASSERT_TRUE(clients.back()->Send(Get(i == 3 ? "/stream" : "/pending")));
  }
  ASSERT_TRUE(WaitHeld(4));
  server_.reset();
  {
    std::lock_guard<std::mutex> lock(mu_);
    EXPECT_EQ(closed_count_, 3);  // the three pending ones (the stream has no OnClose)
    for (auto& r : held_) {
      EXPECT_FALSE(r->Send(200, "text/plain", "x"));
      EXPECT_FALSE(r->Write("x"));
      r->End();
    }
  }
  for (auto& c : clients) EXPECT_TRUE(c->WaitClosed(2000));
}

// Review #3: a client that pipelines without pause (while reading its
// answers) must not starve the other connections of its loop.

}  // namespace
}  // namespace suture::server::epoll_http::test

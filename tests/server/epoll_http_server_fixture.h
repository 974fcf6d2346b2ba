// Test fixture of the epoll HTTP/1.1 server (http/epoll_http_server.h) tests
// (epoll_http_server_test.cc, epoll_http_server_abuse_test.cc): a real
// EpollHttpServer on 127.0.0.1:0 driven through raw sockets (so malformed
// input and half-closed peers are easy).
//
// SIGPIPE: the server's loop threads block it; the test's own writes use
// MSG_NOSIGNAL and the process ignores SIGPIPE as suture-server's main does.
#ifndef SUTURE_TESTS_SERVER_EPOLL_HTTP_SERVER_FIXTURE_H_
#define SUTURE_TESTS_SERVER_EPOLL_HTTP_SERVER_FIXTURE_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "http/epoll_http_server.h"
#include "http/http1_parser.h"

namespace suture::server::epoll_http::test {

inline const bool kSigpipeIgnored = [] {
  ::signal(SIGPIPE, SIG_IGN);
  return true;
}();

using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------- raw client

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
};

class Client {
 public:
  explicit Client(uint16_t port, int rcvbuf = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (rcvbuf > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
  }
  ~Client() { Close(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool Send(std::string_view s) {
    while (!s.empty()) {
      const ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      s.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Appends available bytes to buf_; false on EOF, error or timeout.
  bool Fill(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char tmp[65536];
    const ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  // Reads one response (no body for HEAD or when Content-Length is absent
  // and `until_close` is false).
  bool Read(Response* r, bool head_request = false, int timeout_ms = 5000,
            bool until_close = false) {
    *r = Response{};
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(timeout_ms)) return false;
    }
    const std::string head = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    if (head.size() < 12 || head.compare(0, 9, "HTTP/1.1 ") != 0) return false;
    r->status = std::atoi(head.c_str() + 9);
    size_t pos = head.find("\r\n");
    while (pos != std::string::npos) {
      const size_t next = head.find("\r\n", pos + 2);
      const std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos
                                                                               : next - pos - 2);
      const size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r->headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
      }
      pos = next;
    }
    if (head_request) return true;
    if (until_close) {
      while (Fill(timeout_ms)) {
      }
      r->body = std::move(buf_);
      buf_.clear();
      return true;
    }
    const auto it = r->headers.find("content-length");
    const size_t len = it == r->headers.end() ? 0 : std::stoull(it->second);
    while (buf_.size() < len) {
      if (!Fill(timeout_ms)) return false;
    }
    r->body = buf_.substr(0, len);
    buf_.erase(0, len);
    return true;
  }

  // True when the server closes the connection within `timeout_ms`.
  bool WaitClosed(int timeout_ms) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    char tmp[65536];
    while (Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            deadline - Clock::now())
                                            .count());
      if (::poll(&p, 1, std::max(left, 1)) <= 0) continue;
      const ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
      if (n <= 0) return true;
    }
    return false;
  }

  std::string& buffered() { return buf_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

// ---------------------------------------------------------------- server

// A body sink that keeps what it gets (for the head-hook tests); fails with
// kIoError once more than `fail_after` bytes came.
class CollectSink final : public BodySink {
 public:
  explicit CollectSink(size_t fail_after = SIZE_MAX) : fail_after_(fail_after) {}
  Status Write(ByteView piece) override {
    max_piece_ = std::max(max_piece_, piece.size());
    data_.append(reinterpret_cast<const char*>(piece.data()), piece.size());
    if (data_.size() > fail_after_) return Status::IoError("sink: disk full");
    return Status::Ok();
  }
  std::string& data() { return data_; }
  size_t max_piece() const { return max_piece_; }

 private:
  const size_t fail_after_;
  size_t max_piece_ = 0;
  std::string data_;
};

inline std::string Get(std::string_view target, std::string_view method = "GET") {
  return std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: t\r\n\r\n";
}

class EpollHttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/epoll_http_server_test.XXXXXX";
    file_fd_ = ::mkstemp(tmpl);
    ASSERT_GE(file_fd_, 0);
    file_path_ = tmpl;
    std::mt19937_64 rng(42);
    file_data_.resize(5 * 1024 * 1024 + 123);
    for (char& c : file_data_) c = static_cast<char>(rng());
    ASSERT_EQ(::write(file_fd_, file_data_.data(), file_data_.size()),
              static_cast<ssize_t>(file_data_.size()));
  }
  void TearDown() override {
    server_.reset();
    {
      std::lock_guard<std::mutex> lock(mu_);
      held_.clear();
    }
    ::close(file_fd_);
    ::unlink(file_path_.c_str());
  }

  void StartServer(Options o = {}) {
    o.host = "127.0.0.1";
    o.port = 0;
    auto s = EpollHttpServer::Start(o, [this](Request&& r, std::shared_ptr<Reply> reply) {
      Handle(std::move(r), std::move(reply));
    });
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(s).value();
    port_ = static_cast<uint16_t>(std::stoi(server_->url().substr(server_->url().rfind(':') + 1)));
  }

  void Handle(Request&& r, std::shared_ptr<Reply> reply) {
    handled_.fetch_add(1);
    const std::string first = r.seg.empty() ? "" : r.seg[0];
    if (first == "hello") {
      const auto x = r.query.find("x");
      reply->Send(200, "text/plain",
                  "hello " + r.method + " " + (x == r.query.end() ? "" : x->second),
                  {{"X-Peer", r.peer_ip}});
    } else if (first == "echo") {
      const std::string* ct = r.Header("content-type");
      reply->Send(200, ct ? *ct : "application/octet-stream", std::move(r.body));
    } else if (first == "file") {
      const uint64_t off = r.query.count("off") ? std::stoull(r.query["off"]) : 0;
      const uint64_t len =
          r.query.count("len") ? std::stoull(r.query["len"]) : file_data_.size() - off;
      reply->SendFile(200, "application/octet-stream", file_fd_, off, len);
    } else if (first == "pending") {
      reply->OnClose([this] {
        std::lock_guard<std::mutex> lock(mu_);
        ++closed_count_;
        closed_at_ = Clock::now();
        cv_.notify_all();
      });
      std::lock_guard<std::mutex> lock(mu_);
      held_.push_back(reply);
      cv_.notify_all();
    } else if (first == "stream") {
      reply->StartStream("text/event-stream", {{"Cache-Control", "no-cache"}});
      std::lock_guard<std::mutex> lock(mu_);
      held_.push_back(reply);
      cv_.notify_all();
    } else if (first == "stream_watch") {  // a stream that counts its close
      reply->OnClose([this] {
        std::lock_guard<std::mutex> lock(mu_);
        ++closed_count_;
        cv_.notify_all();
      });
      reply->StartStream("text/event-stream");
      std::lock_guard<std::mutex> lock(mu_);
      held_.push_back(reply);
      cv_.notify_all();
    } else if (first == "upload") {  // the head hook gave it a CollectSink
      auto sink = std::static_pointer_cast<CollectSink>(r.body_sink);
      if (!sink) {
        reply->Send(500, "text/plain", "no sink");
      } else if (!r.body_status.ok()) {
        reply->Send(507, "text/plain", r.body_status.ToString());
      } else {
        reply->Send(200, "application/octet-stream", std::move(sink->data()));
      }
    } else if (first == "drop") {
      // Neither answered nor kept.
    } else {
      reply->Send(404, "application/json", "{}");
    }
  }

  // Waits until the handler holds `n` replies.
  bool WaitHeld(size_t n, int timeout_ms = 5000) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                        [&] { return held_.size() >= n; });
  }
  bool WaitConnections(size_t n, int timeout_ms = 5000) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (Clock::now() < deadline) {
      if (server_->connections() == n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return server_->connections() == n;
  }

  std::unique_ptr<EpollHttpServer> server_;
  uint16_t port_ = 0;
  int file_fd_ = -1;
  std::string file_path_;
  std::string file_data_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<Reply>> held_;
  int closed_count_ = 0;
  Clock::time_point closed_at_;
  std::atomic<int> handled_{0};  // requests that reached the handler
};

}  // namespace suture::server::epoll_http::test

#endif  // SUTURE_TESTS_SERVER_EPOLL_HTTP_SERVER_FIXTURE_H_

// RawConn: a raw TCP connection for the server tests, for what curl makes
// awkward (reading a stream as it arrives, hanging up mid-response).
//
// Thread-safety: one thread per connection.
#ifndef SUTURE_TESTS_SERVER_RAW_CONN_H_
#define SUTURE_TESTS_SERVER_RAW_CONN_H_

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>

namespace suture::server::testing {

// A raw TCP connection to a "http://127.0.0.1:PORT" URL.
class RawConn {
 public:
  explicit RawConn(const std::string& url) {
    const size_t colon = url.rfind(':');
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(std::stoi(url.substr(colon + 1))));
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ADD_FAILURE() << "connect " << url;
      Close();
    }
  }
  ~RawConn() { Close(); }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool Send(const std::string& bytes) {
    size_t off = 0;
    while (fd_ >= 0 && off < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return fd_ >= 0;
  }
  // Reads until `done(received)` holds, the peer closes or `timeout_ms`
  // passes. Returns whether done() held.
  bool ReadUntil(const std::function<bool(const std::string&)>& done, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!done(data_)) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0 || fd_ < 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buf[65536];
      const ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) return done(data_);
      data_.append(buf, static_cast<size_t>(n));
    }
    return true;
  }
  bool ReadUntilContains(const std::string& needle, int timeout_ms) {
    return ReadUntil([&](const std::string& d) { return d.find(needle) != std::string::npos; },
                     timeout_ms);
  }
  // Reads until `n` bytes after the response head have arrived.
  bool ReadBodyBytes(size_t n, int timeout_ms) {
    return ReadUntil(
        [&](const std::string& d) {
          const size_t h = d.find("\r\n\r\n");
          return h != std::string::npos && d.size() - (h + 4) >= n;
        },
        timeout_ms);
  }
  const std::string& data() const { return data_; }
  std::string Body() const {
    const size_t h = data_.find("\r\n\r\n");
    return h == std::string::npos ? std::string() : data_.substr(h + 4);
  }

 private:
  int fd_ = -1;
  std::string data_;
};

}  // namespace suture::server::testing

#endif  // SUTURE_TESTS_SERVER_RAW_CONN_H_

// The fleet's loopback fault proxy (fault_proxy.h).
#include "fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace suture::client {
namespace {

constexpr size_t kMaxHead = 64 * 1024;

bool SendAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// Waits up to `ms` for fd to become readable; false on timeout or error.
bool Readable(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  int r;
  do { r = ::poll(&p, 1, ms); } while (r < 0 && errno == EINTR);
  return r > 0;
}

// The Content-Length of an HTTP head (case-insensitive), or -1.
long long ContentLength(const std::string& head) {
  std::string lower(head);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const size_t at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) return -1;
  return std::strtoll(lower.c_str() + at + 17, nullptr, 10);
}

}  // namespace

bool ParseHttpHostPort(const std::string& url, std::string* host, int* port) {
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0) return false;
  const std::string rest = url.substr(scheme.size());
  const size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  const size_t colon = authority.rfind(':');
  if (colon == std::string::npos) {
    *host = authority;
    *port = 80;
  } else {
    *host = authority.substr(0, colon);
    char* end = nullptr;
    const long p = std::strtol(authority.c_str() + colon + 1, &end, 10);
    if (*end != '\0' || p <= 0 || p > 65535) return false;
    *port = static_cast<int>(p);
  }
  return !host->empty();
}

StatusOr<std::unique_ptr<FaultProxy>> FaultProxy::Start(const Options& options) {
  std::unique_ptr<FaultProxy> p(new FaultProxy(options));
  p->listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (p->listen_fd_ < 0) return Status::IoError(std::string("fault proxy: socket: ") + std::strerror(errno));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  if (::bind(p->listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 ||
      ::listen(p->listen_fd_, 64) != 0 ||
      ::getsockname(p->listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    return Status::IoError(std::string("fault proxy: bind 127.0.0.1: ") + std::strerror(errno));
  }
  p->port_ = ntohs(a.sin_port);
  p->acceptor_ = std::thread([raw = p.get()] { raw->AcceptLoop(); });
  return p;
}

FaultProxy::~FaultProxy() {
  stop_ = true;
  if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> l(mu_);
    workers.swap(workers_);
  }
  for (auto& t : workers) t.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void FaultProxy::AcceptLoop() {
  while (!stop_) {
    if (!Readable(listen_fd_, 200)) continue;
    const int c = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    const int n = connections_.fetch_add(1);
    bool fault;
    uint64_t draw;
    {
      std::lock_guard<std::mutex> l(mu_);
      draw = rng_();
      fault = !disabled_ && (n < o_.always || std::uniform_real_distribution<double>(0, 1)(rng_) < o_.p);
      if (fault) faults_.fetch_add(1);
      workers_.emplace_back([this, c, fault, draw] { Serve(c, fault, draw); });
    }
  }
}

void FaultProxy::Serve(int client, bool fault, uint64_t draw) {
  if (fault && o_.kind == Kind::kError) {
    // Read the request (head, then its declared body) so the client sees an
    // answer rather than a reset, then answer with a server error.
    std::string req;
    char buf[16384];
    size_t head_end = std::string::npos;
    while (head_end == std::string::npos && req.size() < kMaxHead && Readable(client, 5000)) {
      const ssize_t r = ::recv(client, buf, sizeof(buf), 0);
      if (r <= 0) break;
      req.append(buf, static_cast<size_t>(r));
      head_end = req.find("\r\n\r\n");
    }
    if (head_end != std::string::npos) {
      long long body = ContentLength(req.substr(0, head_end + 2));
      body -= static_cast<long long>(req.size() - head_end - 4);
      while (body > 0 && Readable(client, 5000)) {
        const ssize_t r = ::recv(client, buf, sizeof(buf), 0);
        if (r <= 0) break;
        body -= r;
      }
      static const int kCodes[] = {500, 502, 503};
      const int code = kCodes[draw % 3];
      const std::string json = R"({"error":{"code":"unavailable","message":"injected by the fleet proxy"}})";
      std::string answer = "HTTP/1.1 " + std::to_string(code) +
                           (code == 500 ? " Internal Server Error" : code == 502 ? " Bad Gateway" : " Service Unavailable") +
                           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(json.size()) +
                           "\r\nConnection: close\r\n" + (code == 503 ? "Retry-After: 1\r\n" : "") + "\r\n" + json;
      SendAll(client, answer.data(), answer.size());
    }
    ::close(client);
    return;
  }
  Forward(client, fault, draw);
}

void FaultProxy::Hold(int fd) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(o_.stall_ms);
  char buf[4096];
  while (!stop_ && std::chrono::steady_clock::now() < until) {
    // Drain whatever the client sends so it never blocks on us; EOF ends it.
    if (Readable(fd, 100) && ::recv(fd, buf, sizeof(buf), 0) <= 0) break;
  }
}

void FaultProxy::Forward(int client, bool cut_or_stall, uint64_t draw) {
  const int up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(o_.upstream_port));
  if (up < 0 || ::inet_pton(AF_INET, o_.upstream_host == "localhost" ? "127.0.0.1" : o_.upstream_host.c_str(),
                            &a.sin_addr) != 1 ||
      ::connect(up, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    if (up >= 0) ::close(up);
    ::close(client);
    return;
  }
  const bool stall = cut_or_stall && o_.kind == Kind::kStall;
  // kStall: half the stalls send nothing of the answer at all.
  const bool stall_silent = stall && (draw >> 8) % 2 == 0;
  // Where to stop inside the answer: decided once its head (and so its total
  // length) is known; until then its bytes are held back in `held`.
  long long sent = 0, stop_at = -1;
  std::string held;
  char buf[16384];
  bool open_c = true, open_u = true;
  // Forwards what the cut point allows; true once the cut point is reached.
  auto give = [&](const char* d, size_t n) {
    const long long room = std::max(0LL, stop_at - sent);
    const size_t out = static_cast<size_t>(std::min<long long>(room, static_cast<long long>(n)));
    if (out > 0 && !SendAll(client, d, out)) return true;
    sent += static_cast<long long>(out);
    return sent >= stop_at;
  };
  while (!stop_ && (open_c || open_u)) {
    pollfd p[2] = {{client, static_cast<short>(open_c ? POLLIN : 0), 0},
                   {up, static_cast<short>(open_u ? POLLIN : 0), 0}};
    const int r = ::poll(p, 2, 200);
    if (r < 0 && errno != EINTR) break;
    if (r <= 0) continue;
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = ::recv(client, buf, sizeof(buf), 0);
      if (n <= 0) {
        open_c = false;
        ::shutdown(up, SHUT_WR);
      } else if (!SendAll(up, buf, static_cast<size_t>(n))) {
        break;
      }
    }
    if (!(p[1].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    const ssize_t n = ::recv(up, buf, sizeof(buf), 0);
    if (n <= 0) {
      open_u = false;
      ::shutdown(client, SHUT_WR);
      if (!open_c) break;
      continue;
    }
    if (!cut_or_stall) {
      if (!SendAll(client, buf, static_cast<size_t>(n))) break;
      continue;
    }
    bool reached;
    if (stop_at < 0) {
      held.append(buf, static_cast<size_t>(n));
      const size_t e = held.find("\r\n\r\n");
      if (e == std::string::npos && held.size() <= kMaxHead) continue;
      const long long body = e == std::string::npos ? 0 : std::max(0LL, ContentLength(held.substr(0, e + 2)));
      const long long total = (e == std::string::npos ? static_cast<long long>(held.size())
                                                      : static_cast<long long>(e) + 4) + body;
      // A cut point strictly inside the answer: at least one byte short.
      stop_at = stall_silent ? 0 : 1 + static_cast<long long>(draw % static_cast<uint64_t>(std::max(1LL, total - 1)));
      reached = give(held.data(), held.size());
      held.clear();
    } else {
      reached = give(buf, static_cast<size_t>(n));
    }
    if (reached) {
      if (stall) Hold(client);
      break;
    }
  }
  ::close(up);
  ::close(client);
}

}  // namespace suture::client

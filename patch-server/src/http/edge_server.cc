// EdgeServer event loops: accept, read and parse requests, call the handler,
// write responses (send + sendfile), timeouts. See edge_internal.h for the
// ownership rules between loops, connections and replies.
//
// Each connection is registered once, edge-triggered, for EPOLLIN | EPOLLOUT
// | EPOLLRDHUP, so no epoll_ctl call is needed per request. Reads stop while
// a request is being answered (one at a time per connection); the loop reads
// again once the response is out, so pipelined requests wait in the socket.
//
// SIGPIPE: writes use MSG_NOSIGNAL, but sendfile(2) to a reset peer raises
// SIGPIPE. The loop threads block SIGPIPE and discard a pending one after an
// EPIPE, so the server is safe even in a process that does not ignore it.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "http/edge_internal.h"

namespace suture::server::edge {
namespace internal {
namespace {

constexpr uint64_t kListenId = 1;
constexpr uint64_t kWakeId = 2;
constexpr size_t kScratchSize = 64 * 1024;
constexpr size_t kKeepCapacity = 2048;  // emptied buffers above this are freed
constexpr int64_t kLingerMs = 2000;     // how long a closing connection drains input
constexpr int kMaxEvents = 256;

thread_local Loop* t_loop = nullptr;

}  // namespace

static int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

enum class Phase : uint8_t {
  kRead,     // reading / parsing the next request
  kPending,  // the handler has the request; no response yet
  kWrite,    // a complete response (Send/SendFile) is being written
  kStream,   // a streamed response is open
  kLinger,   // response done, write side shut; draining input until EOF
};

struct Conn {
  int fd = -1;
  uint64_t id = 0;
  Phase phase = Phase::kRead;
  bool closed = false;
  bool peer_eof = false;        // recv returned 0
  bool rdhup = false;           // EPOLLRDHUP seen: the peer sends no more
  bool reading = false;         // inside ReadInput (no re-entry)
  bool close_after = false;     // close once the current response is out
  bool response_complete = false;
  bool continue_sent = false;   // "100 Continue" sent for the current request
  size_t head_len = 0;          // > 0: `head` is parsed, waiting for the body
  int64_t deadline_ms = 0;      // 0: no timeout applies
  uint64_t file_off = 0;
  uint64_t file_left = 0;
  int file_fd = -1;
  size_t out_off = 0;
  std::string out;
  std::string in;
  std::string peer_ip;
  RequestHead head;
  std::shared_ptr<ReplyImpl> reply;
};

namespace {

const Options& Opts(Loop* l) { return l->server->options; }

void ReleaseIfEmpty(std::string* s) {
  if (s->empty() && s->capacity() > kKeepCapacity) std::string().swap(*s);
}

std::string FormatIp(const sockaddr_storage& ss) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (ss.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
  } else if (ss.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
    ::inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof(buf));
    if (std::strncmp(buf, "::ffff:", 7) == 0 && std::strchr(buf + 7, '.') != nullptr) {
      return std::string(buf + 7);  // IPv4-mapped
    }
  }
  return std::string(buf);
}

void DiscardPendingSigpipe() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  timespec zero{0, 0};
  while (::sigtimedwait(&set, nullptr, &zero) == SIGPIPE) {
  }
}

void ReadInput(Loop* l, Conn* c);

// Closes the socket, runs the OnClose callbacks of a pending or streaming
// reply. REQUIRES: the caller holds a shared_ptr to `c` (it leaves the map).
void CloseConn(Loop* l, Conn* c) {
  if (c->closed) return;
  c->closed = true;
  ::close(c->fd);  // also removes it from the epoll set
  c->fd = -1;
  if (c->file_fd >= 0) ::close(c->file_fd);
  c->file_fd = -1;
  l->server->connections.fetch_sub(1, std::memory_order_relaxed);
  std::shared_ptr<ReplyImpl> reply = std::move(c->reply);
  l->conns.erase(c->id);
  if (reply) {
    for (auto& fn : reply->MarkClosed()) {
      try {
        fn();
      } catch (...) {  // a callback must not take the loop down
      }
    }
  }
}

void DrainLinger(Loop* l, Conn* c) {
  for (;;) {
    const ssize_t n = ::recv(c->fd, l->scratch.data(), l->scratch.size(), 0);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    CloseConn(l, c);  // EOF or error
    return;
  }
}

// After a response that ends the connection: shut the write side (the peer
// sees EOF) and drain what the peer still sends, so that closing with unread
// input does not turn into a RST that could destroy the response in flight.
void StartLinger(Loop* l, Conn* c) {
  c->phase = Phase::kLinger;
  c->reply.reset();
  c->in.clear();
  ReleaseIfEmpty(&c->in);
  c->head_len = 0;
  ::shutdown(c->fd, SHUT_WR);
  c->deadline_ms = l->now_ms + kLingerMs;
  DrainLinger(l, c);
}

void FinishResponse(Loop* l, Conn* c) {
  c->reply.reset();
  c->response_complete = false;
  if (c->close_after) {
    StartLinger(l, c);
    return;
  }
  c->phase = Phase::kRead;
  c->continue_sent = false;
  const int timeout_s = c->in.empty() ? Opts(l).idle_timeout_s : Opts(l).request_timeout_s;
  c->deadline_ms = l->now_ms + int64_t{timeout_s} * 1000;
  if (!c->reading) ReadInput(l, c);
}

void AppendOut(Conn* c, std::string bytes) {
  if (c->out_off == c->out.size()) {
    c->out = std::move(bytes);
    c->out_off = 0;
    return;
  }
  if (c->out_off > 0 && c->out_off >= c->out.size() / 2) {
    c->out.erase(0, c->out_off);
    c->out_off = 0;
  }
  c->out.append(bytes);
}

// Writes what is queued; on EAGAIN waits for EPOLLOUT. Finishes the response
// when everything is out and nothing more will come.
void Flush(Loop* l, Conn* c) {
  bool progressed = false;
  for (;;) {
    if (c->out_off < c->out.size()) {
      const int flags = MSG_NOSIGNAL | (c->file_left > 0 ? MSG_MORE : 0);
      const ssize_t n =
          ::send(c->fd, c->out.data() + c->out_off, c->out.size() - c->out_off, flags);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        CloseConn(l, c);
        return;
      }
      c->out_off += static_cast<size_t>(n);
      progressed = true;
      continue;
    }
    if (c->file_left > 0) {
      off_t off = static_cast<off_t>(c->file_off);
      const size_t chunk = static_cast<size_t>(std::min<uint64_t>(c->file_left, 1u << 30));
      const ssize_t n = ::sendfile(c->fd, c->file_fd, &off, chunk);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        if (errno == EPIPE) DiscardPendingSigpipe();
        CloseConn(l, c);
        return;
      }
      if (n == 0) {  // the file is shorter than the Content-Length we sent
        CloseConn(l, c);
        return;
      }
      c->file_off += static_cast<uint64_t>(n);
      c->file_left -= static_cast<uint64_t>(n);
      progressed = true;
      continue;
    }
    // Everything queued is out.
    c->out.clear();
    c->out_off = 0;
    ReleaseIfEmpty(&c->out);
    if (c->file_fd >= 0) {
      ::close(c->file_fd);
      c->file_fd = -1;
    }
    if (c->phase == Phase::kStream && c->reply) c->reply->SetBacklog(0);
    if (c->response_complete) FinishResponse(l, c);
    return;
  }
  // Blocked until EPOLLOUT.
  if (c->phase == Phase::kStream && c->reply) c->reply->SetBacklog(c->out.size() - c->out_off);
  if (c->phase == Phase::kWrite && progressed) {
    // A reader that stops reading is dropped after idle_timeout_s.
    c->deadline_ms = l->now_ms + int64_t{Opts(l).idle_timeout_s} * 1000;
  }
}

// Moves what the handler's reply queued onto the connection and writes it.
void PullReply(Loop* l, Conn* c) {
  if (!c->reply || c->closed) return;
  ReplyImpl::Taken t;
  c->reply->Take(&t);
  if (t.abort) {
    if (t.file_fd >= 0) ::close(t.file_fd);
    CloseConn(l, c);
    return;
  }
  if (t.started) {
    c->phase = t.stream ? Phase::kStream : Phase::kWrite;
    c->close_after = t.close_after;
    c->deadline_ms = t.stream ? 0 : l->now_ms + int64_t{Opts(l).idle_timeout_s} * 1000;
  }
  if (!t.bytes.empty()) AppendOut(c, std::move(t.bytes));
  if (t.file_fd >= 0) {
    c->file_fd = t.file_fd;
    c->file_off = t.file_offset;
    c->file_left = t.file_length;
  }
  if (t.complete) c->response_complete = true;
  if (c->phase == Phase::kWrite || c->phase == Phase::kStream) Flush(l, c);
}

// An error the server answers by itself; `close` when the connection cannot
// be reused (the rest of the input cannot be framed).
void SendServerError(Loop* l, Conn* c, int status, std::string_view message, bool close,
                     bool head_only) {
  if (close) {
    c->in.clear();
    c->head_len = 0;
  }
  AppendOut(c, ErrorResponse(status, message, close, head_only));
  c->phase = Phase::kWrite;
  c->close_after = close;
  c->response_complete = true;
  c->deadline_ms = l->now_ms + int64_t{Opts(l).idle_timeout_s} * 1000;
  Flush(l, c);
}

bool IsContinueExpected(const RequestHead& h) {
  if (h.minor_version < 1) return false;
  for (const auto& [name, value] : h.headers) {
    if (name == "expect" && value.size() == 12 &&
        std::equal(value.begin(), value.end(), "100-continue",
                   [](char a, char b) { return (a | 0x20) == b || a == b; })) {
      return true;
    }
  }
  return false;
}

// Handles every complete request in c->in, one at a time: stops when a
// request is incomplete or its response is not finished.
void Dispatch(Loop* l, Conn* c) {
  const Options& o = Opts(l);
  while (!c->closed && c->phase == Phase::kRead) {
    if (c->head_len == 0) {
      if (c->in.empty()) return;
      const HeadParse p = ParseRequestHead(AsBytes(c->in), o.max_head, &c->head);
      if (p.kind == HeadParse::Kind::kIncomplete) return;
      if (p.kind == HeadParse::Kind::kError) {
        SendServerError(l, c, p.http_status, p.message, /*close=*/true, /*head_only=*/false);
        return;
      }
      if (c->head.content_length > o.max_body) {
        SendServerError(l, c, 413,
                        "request body of " + std::to_string(c->head.content_length) +
                            " bytes exceeds the limit of " + std::to_string(o.max_body),
                        /*close=*/true, c->head.method == "HEAD");
        return;
      }
      c->head_len = p.consumed;
    }
    const size_t need = c->head_len + static_cast<size_t>(c->head.content_length);
    if (c->in.size() < need) {
      if (!c->continue_sent && IsContinueExpected(c->head)) {
        c->continue_sent = true;
        AppendOut(c, "HTTP/1.1 100 Continue\r\n\r\n");
        Flush(l, c);
      }
      c->in.reserve(need);
      return;
    }
    Request req;
    req.method = std::move(c->head.method);
    req.target = std::move(c->head.target);
    req.headers = std::move(c->head.headers);
    req.body.assign(c->in, c->head_len, static_cast<size_t>(c->head.content_length));
    req.peer_ip = c->peer_ip;
    const bool keep_alive = c->head.keep_alive;
    c->in.erase(0, need);
    c->head_len = 0;
    c->continue_sent = false;
    if (c->in.empty()) {
      ReleaseIfEmpty(&c->in);
    } else {
      c->deadline_ms = l->now_ms + int64_t{o.request_timeout_s} * 1000;
    }
    const bool head_only = req.method == "HEAD";

    std::vector<std::string> seg;
    std::vector<std::pair<std::string, std::string>> query;
    std::string error;
    if (!SplitTarget(req.target, &seg, &query, &error)) {
      SendServerError(l, c, 400, error, !keep_alive, head_only);
      continue;
    }
    req.seg = std::move(seg);
    for (auto& [k, v] : query) req.query[std::move(k)] = std::move(v);  // last one wins

    auto reply = std::make_shared<ReplyImpl>(l->shared_from_this(), c->id, head_only, keep_alive,
                                             o.max_stream_buffer);
    c->reply = reply;
    c->phase = Phase::kPending;
    c->deadline_ms = 0;
    try {
      l->server->handler(std::move(req), reply);
    } catch (...) {
      reply->Send(500, "application/json", ErrorBody(500, "request handler failed"), {});
    }
    if (c->closed) return;
    PullReply(l, c);
    if (!c->closed && c->phase == Phase::kPending && c->rdhup) {
      CloseConn(l, c);  // a long-poll whose peer already left
      return;
    }
  }
}

// Parses what is buffered, then reads more, until the socket is drained or a
// request is being answered.
void ReadInput(Loop* l, Conn* c) {
  c->reading = true;
  for (;;) {
    if (c->closed || c->phase != Phase::kRead) break;
    Dispatch(l, c);
    if (c->closed || c->phase != Phase::kRead) break;
    if (c->peer_eof) {
      CloseConn(l, c);
      break;
    }
    const ssize_t n = ::recv(c->fd, l->scratch.data(), l->scratch.size(), 0);
    if (n > 0) {
      if (c->in.empty() && c->head_len == 0) {
        c->deadline_ms = l->now_ms + int64_t{Opts(l).request_timeout_s} * 1000;
      }
      c->in.append(l->scratch.data(), static_cast<size_t>(n));
      continue;
    }
    if (n == 0) {
      c->peer_eof = true;
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      ReleaseIfEmpty(&c->in);
      break;
    }
    CloseConn(l, c);
    break;
  }
  c->reading = false;
}

void OnConnEvent(Loop* l, Conn* c, uint32_t events) {
  if (events & EPOLLRDHUP) c->rdhup = true;
  if (events & (EPOLLERR | EPOLLHUP)) {
    CloseConn(l, c);
    return;
  }
  if ((events & EPOLLOUT) && (c->out_off < c->out.size() || c->file_left > 0)) {
    Flush(l, c);
    if (c->closed) return;
  }
  switch (c->phase) {
    case Phase::kRead:
      if (events & (EPOLLIN | EPOLLRDHUP)) ReadInput(l, c);
      break;
    case Phase::kPending:
    case Phase::kStream:
      if (c->rdhup) CloseConn(l, c);  // the waiting peer hung up
      break;
    case Phase::kWrite:
      break;  // input waits until the response is out
    case Phase::kLinger:
      DrainLinger(l, c);
      break;
  }
}

void Accept(Loop* l) {
  const Options& o = Opts(l);
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    const int fd = ::accept4(l->listen_fd, reinterpret_cast<sockaddr*>(&ss), &len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: stop polling the listener for a sweep period
        // instead of spinning on a level-triggered, never-drained socket.
        epoll_event ev{};
        ev.data.u64 = kListenId;
        ::epoll_ctl(l->epoll_fd, EPOLL_CTL_MOD, l->listen_fd, &ev);
        l->accept_paused = true;
      }
      return;
    }
    if (l->server->connections.fetch_add(1, std::memory_order_relaxed) >= o.max_connections) {
      l->server->connections.fetch_sub(1, std::memory_order_relaxed);
      ::close(fd);
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto c = std::make_shared<Conn>();
    c->fd = fd;
    c->id = l->next_id++;
    c->peer_ip = FormatIp(ss);
    c->deadline_ms = l->now_ms + int64_t{o.request_timeout_s} * 1000;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.u64 = c->id;
    if (::epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
      ::close(fd);
      l->server->connections.fetch_sub(1, std::memory_order_relaxed);
      continue;
    }
    l->conns.emplace(c->id, std::move(c));
  }
}

void ProcessId(Loop* l, uint64_t id) {
  const auto it = l->conns.find(id);
  if (it == l->conns.end()) return;
  const std::shared_ptr<Conn> c = it->second;
  PullReply(l, c.get());
}

void DrainReady(Loop* l) {
  while (!l->ready.empty()) {
    std::vector<uint64_t> ids;
    ids.swap(l->ready);
    for (uint64_t id : ids) ProcessId(l, id);
  }
}

void Sweep(Loop* l) {
  std::vector<std::shared_ptr<Conn>> expired;
  std::vector<std::shared_ptr<Conn>> abandoned;
  for (const auto& [id, c] : l->conns) {
    if (c->deadline_ms != 0 && c->deadline_ms <= l->now_ms) expired.push_back(c);
    // Only the connection still holds a pending or open reply: nobody can
    // answer it any more (no weak references are handed out, so the count
    // cannot grow again).
    if (c->reply && c->reply.use_count() == 1 &&
        (c->phase == Phase::kPending || c->phase == Phase::kStream)) {
      abandoned.push_back(c);
    }
  }
  for (const auto& c : expired) CloseConn(l, c.get());
  for (const auto& c : abandoned) {
    if (c->closed || !c->reply) continue;
    if (c->phase == Phase::kPending) {
      c->reply->Send(500, "application/json",
                     ErrorBody(500, "the request handler dropped its reply"), {});
    } else {
      c->reply->End();
    }
    PullReply(l, c.get());
  }
  if (l->accept_paused) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenId;
    ::epoll_ctl(l->epoll_fd, EPOLL_CTL_MOD, l->listen_fd, &ev);
    l->accept_paused = false;
  }
}

}  // namespace

Loop::~Loop() {
  if (listen_fd >= 0) ::close(listen_fd);
  if (wake_fd >= 0) ::close(wake_fd);
  if (epoll_fd >= 0) ::close(epoll_fd);
}

void Loop::Post(uint64_t id) {
  if (t_loop == this) {
    ready.push_back(id);
    return;
  }
  std::lock_guard<std::mutex> lock(mu);
  if (stopped) return;
  const bool wake = inbox.empty();
  inbox.push_back(id);
  if (wake) {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t r = ::write(wake_fd, &one, sizeof(one));
  }
}

void Loop::Run() {
  t_loop = this;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
  scratch.resize(kScratchSize);
  epoll_event events[kMaxEvents];
  now_ms = NowMs();
  int64_t last_sweep = now_ms;
  while (!stop.load(std::memory_order_acquire)) {
    const int n = ::epoll_wait(epoll_fd, events, kMaxEvents, 1000);
    now_ms = NowMs();
    for (int i = 0; i < n; ++i) {
      const uint64_t id = events[i].data.u64;
      if (id == kListenId) {
        Accept(this);
      } else if (id == kWakeId) {
        uint64_t v;
        [[maybe_unused]] const ssize_t r = ::read(wake_fd, &v, sizeof(v));
        std::vector<uint64_t> ids;
        {
          std::lock_guard<std::mutex> lock(mu);
          ids.swap(inbox);
        }
        for (uint64_t cid : ids) ProcessId(this, cid);
      } else {
        const auto it = conns.find(id);
        if (it == conns.end()) continue;  // closed earlier in this batch
        const std::shared_ptr<Conn> c = it->second;
        OnConnEvent(this, c.get(), events[i].events);
      }
      DrainReady(this);
    }
    if (now_ms - last_sweep >= 1000) {
      Sweep(this);
      last_sweep = now_ms;
    }
  }
  // Stop: no more accepts or posts; close every connection (OnClose runs).
  ::close(listen_fd);
  listen_fd = -1;
  {
    std::lock_guard<std::mutex> lock(mu);
    stopped = true;
    inbox.clear();
  }
  std::vector<std::shared_ptr<Conn>> all;
  all.reserve(conns.size());
  for (const auto& [id, c] : conns) all.push_back(c);
  for (const auto& c : all) CloseConn(this, c.get());
  conns.clear();
  ready.clear();
  t_loop = nullptr;
}

}  // namespace internal

namespace {

Status BindError(const Options& o, std::string_view what) {
  return Status::IoError("edge server: cannot bind " + o.host + ":" + std::to_string(o.port) +
                         ": " + std::string(what));
}

}  // namespace

StatusOr<std::unique_ptr<EdgeServer>> EdgeServer::Start(const Options& options, Handler handler) {
  if (!handler) return Status::InvalidArgument("edge server: no handler");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (impl->options.threads == 0) impl->options.threads = 1;
  impl->handler = std::move(handler);

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const std::string port_text = std::to_string(options.port);
  const int gai = ::getaddrinfo(options.host.empty() ? nullptr : options.host.c_str(),
                                port_text.c_str(), &hints, &res);
  if (gai != 0 || res == nullptr) return BindError(options, ::gai_strerror(gai));
  sockaddr_storage addr{};
  const socklen_t addr_len = res->ai_addrlen;
  std::memcpy(&addr, res->ai_addr, std::min<size_t>(res->ai_addrlen, sizeof(addr)));
  const int family = res->ai_family;
  ::freeaddrinfo(res);

  uint16_t port = options.port;
  for (size_t i = 0; i < impl->options.threads; ++i) {
    auto loop = std::make_shared<internal::Loop>();
    loop->server = impl.get();
    impl->loops.push_back(loop);
    loop->listen_fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (loop->listen_fd < 0) return BindError(options, std::strerror(errno));
    const int one = 1;
    ::setsockopt(loop->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (::setsockopt(loop->listen_fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0) {
      return BindError(options, std::strerror(errno));
    }
    if (family == AF_INET6) {
      reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port = htons(port);
    } else {
      reinterpret_cast<sockaddr_in*>(&addr)->sin_port = htons(port);
    }
    if (::bind(loop->listen_fd, reinterpret_cast<const sockaddr*>(&addr), addr_len) != 0) {
      return BindError(options, std::strerror(errno));
    }
    if (port == 0) {  // the others share the port the kernel picked
      sockaddr_storage bound{};
      socklen_t len = sizeof(bound);
      ::getsockname(loop->listen_fd, reinterpret_cast<sockaddr*>(&bound), &len);
      port = ntohs(family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                      : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    }
    if (::listen(loop->listen_fd, 4096) != 0) return BindError(options, std::strerror(errno));
    loop->epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    loop->wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (loop->epoll_fd < 0 || loop->wake_fd < 0) {
      return Status::IoError(std::string("edge server: epoll/eventfd: ") + std::strerror(errno));
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = internal::kListenId;
    ::epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, loop->listen_fd, &ev);
    ev.data.u64 = internal::kWakeId;
    ::epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, loop->wake_fd, &ev);
  }
  const bool v6 = family == AF_INET6;
  impl->url = std::string("http://") + (v6 ? "[" : "") + options.host + (v6 ? "]" : "") + ":" +
              std::to_string(port);
  for (auto& loop : impl->loops) {
    internal::Loop* l = loop.get();
    loop->thread = std::thread([l] { l->Run(); });
  }
  return std::unique_ptr<EdgeServer>(new EdgeServer(std::move(impl)));
}

EdgeServer::EdgeServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EdgeServer::~EdgeServer() {
  if (!impl_) return;
  for (auto& loop : impl_->loops) {
    loop->stop.store(true, std::memory_order_release);
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t r = ::write(loop->wake_fd, &one, sizeof(one));
  }
  for (auto& loop : impl_->loops) {
    if (loop->thread.joinable()) loop->thread.join();
  }
}

const std::string& EdgeServer::url() const { return impl_->url; }

size_t EdgeServer::connections() const {
  return impl_->connections.load(std::memory_order_relaxed);
}

}  // namespace suture::server::edge

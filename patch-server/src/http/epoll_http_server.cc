// EpollHttpServer event loops: accept, read and parse requests, call the handler,
// write responses (send + sendfile), timeouts. See epoll_http_internal.h for the
// ownership rules between loops, connections and replies.
//
// Each connection is registered once, edge-triggered, for EPOLLIN | EPOLLOUT
// | EPOLLRDHUP, so no epoll_ctl call is needed per request. Reads stop while
// a request is being answered (one at a time per connection); the loop reads
// again once the response is out, so pipelined requests wait in the socket.
// Each wake-up serves a connection at most kTurnRequests requests or
// kTurnBytes of input; one with more waits in Loop::resume, which the loop
// runs after the epoll batch (polling instead of sleeping meanwhile), so the
// others, the sweep and the timeouts still get their turn.
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

#include "http/epoll_http_internal.h"

namespace suture::server::epoll_http {
namespace internal {
namespace {

constexpr size_t kScratchSize = 64 * 1024;
constexpr size_t kKeepCapacity = 2048;  // emptied buffers above this are freed
constexpr int64_t kLingerMs = 2000;     // how long a closing connection drains input
constexpr int kMaxEvents = 256;
// Per connection and turn (one wake-up): then the loop serves the others
// and comes back through Loop::resume (edge-triggered: no new event would).
constexpr size_t kTurnRequests = 16;
constexpr size_t kTurnBytes = 256 * 1024;
constexpr int kLingerReadsPerTurn = 16;
constexpr std::string_view kProtocolErrorRoute = "protocol_error";

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
  bool peer_eof = false;     // recv returned 0
  bool rdhup = false;        // EPOLLRDHUP seen: the peer sends no more
  bool reading = false;      // inside ReadInput (no re-entry)
  bool close_after = false;  // close once the current response is out
  bool response_complete = false;
  bool continue_sent = false;  // "100 Continue" sent for the current request
  bool resume_queued = false;  // in Loop::resume
  bool ip_counted = false;     // counted in Impl::per_ip under ip_key
  bool head_done = false;      // `head` is parsed and `req` built: reading the body
  size_t head_len = 0;         // bytes of the head still at the front of `in`
  size_t turn_requests = 0;    // requests / input bytes in this turn
  size_t turn_bytes = 0;
  int64_t deadline_ms = 0;       // 0: no timeout applies
  int64_t request_start_ms = 0;  // first byte of the current request (or accept)
  int64_t write_start_ms = 0;    // kWrite: when the response began
  int64_t last_progress_ms = 0;  // kWrite: last time bytes left
  uint64_t write_sent = 0;       // kWrite: bytes of the response sent so far
  uint64_t file_off = 0;
  uint64_t file_left = 0;
  int file_fd = -1;
  size_t out_off = 0;
  std::string out;
  std::string in;
  std::string peer_ip;
  std::string ip_key;
  HeadEndScanner scanner;  // where the end of the head was searched to
  RequestHead head;
  Request req;                     // the request whose body is read (head_done)
  std::shared_ptr<BodySink> sink;  // its body goes here instead of `in`
  uint64_t body_left = 0;          // sink: body bytes still to come
  int64_t body_start_ms = 0;       // when the head was complete
  int64_t body_progress_ms = 0;    // last time body bytes arrived
  uint64_t body_seen = 0;          // body bytes read since the head
  std::shared_ptr<ReplyImpl> reply;
};

namespace {

const Options& Opts(Loop* l) { return l->server->options; }

void ReportServerResponse(Loop* l, Conn* c, std::string_view route, int status) {
  const auto& fn = Opts(l).on_server_response;
  if (!fn) return;
  try {
    fn(route, status, static_cast<double>(l->now_ms - c->request_start_ms) / 1000.0);
  } catch (...) {  // a metrics hook must not take the loop down
  }
}

void QueueResume(Loop* l, Conn* c) {
  if (c->resume_queued) return;
  c->resume_queued = true;
  l->resume.push_back(c->id);
}

// The key a peer's connections are counted under: the IPv4 address, or the
// /64 of an IPv6 one (one host usually owns a whole /64). "" = not limited
// (loopback, unless limit_loopback_peers).
std::string PeerKey(const sockaddr_storage& ss, bool limit_loopback) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (ss.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    if (!limit_loopback && (ntohl(a->sin_addr.s_addr) >> 24) == 127) return "";
    ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
    return buf;
  }
  if (ss.ss_family != AF_INET6) return "";
  in6_addr addr = reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_addr;
  if (IN6_IS_ADDR_V4MAPPED(&addr)) {
    if (!limit_loopback && addr.s6_addr[12] == 127) return "";
    ::inet_ntop(AF_INET, &addr.s6_addr[12], buf, sizeof(buf));
    return buf;
  }
  if (!limit_loopback && IN6_IS_ADDR_LOOPBACK(&addr)) return "";
  std::memset(&addr.s6_addr[8], 0, 8);
  ::inet_ntop(AF_INET6, &addr, buf, sizeof(buf));
  return std::string(buf) + "/64";
}

// The deadline of a transfer that must keep moving: no stall longer than
// `stall_s` after `last_ms`, and `rate` bytes/s on average after a grace of
// `stall_s` from `start_ms` (0 = no rate rule), `done` bytes so far.
int64_t ProgressDeadline(int64_t start_ms, int64_t last_ms, uint64_t done, int stall_s,
                         size_t rate) {
  const int64_t stall_ms = int64_t{stall_s} * 1000;
  int64_t d = last_ms + stall_ms;
  if (rate > 0) {
    const uint64_t credit_ms = done / rate * 1000 + done % rate * 1000 / rate;
    d = std::min(d, start_ms + stall_ms +
                        static_cast<int64_t>(std::min<uint64_t>(credit_ms, INT64_MAX / 4)));
  }
  return d;
}

// kWrite: the peer must keep taking the response: no stall longer than
// idle_timeout_s, and min_send_rate on average after a grace of
// idle_timeout_s (so a reader taking 1 byte a minute is still dropped).
void SetWriteDeadline(Loop* l, Conn* c) {
  const Options& o = Opts(l);
  c->deadline_ms = ProgressDeadline(c->write_start_ms, c->last_progress_ms, c->write_sent,
                                    o.idle_timeout_s, o.min_send_rate);
}

// A body being read: the same rule with body_timeout_s and min_body_rate,
// so a body trickled in cannot hold the connection.
void SetBodyDeadline(Loop* l, Conn* c) {
  const Options& o = Opts(l);
  c->deadline_ms = ProgressDeadline(c->body_start_ms, c->body_progress_ms, c->body_seen,
                                    o.body_timeout_s, o.min_body_rate);
}

// Forgets the request being read (its head, body state and sink).
void ResetRequestState(Conn* c) {
  c->head_done = false;
  c->head_len = 0;
  c->scanner.Reset();
  c->sink.reset();
  c->body_left = 0;
  c->body_seen = 0;
  c->req = Request{};
}

void BeginWrite(Loop* l, Conn* c) {
  c->write_start_ms = l->now_ms;
  c->last_progress_ms = l->now_ms;
  c->write_sent = 0;
  SetWriteDeadline(l, c);
}

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
  if (c->ip_counted) {
    c->ip_counted = false;
    std::lock_guard<std::mutex> lock(l->server->per_ip_mu);
    const auto it = l->server->per_ip.find(c->ip_key);
    if (it != l->server->per_ip.end() && --it->second == 0) l->server->per_ip.erase(it);
  }
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
  for (int reads = 0;; ++reads) {
    if (reads == kLingerReadsPerTurn) {  // a peer that floods: come back later
      QueueResume(l, c);
      return;
    }
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
  ResetRequestState(c);
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
  c->request_start_ms = l->now_ms;
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
      c->write_sent += static_cast<uint64_t>(n);
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
      c->write_sent += static_cast<uint64_t>(n);
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
  if (c->phase == Phase::kWrite) {
    if (progressed) c->last_progress_ms = l->now_ms;
    SetWriteDeadline(l, c);
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
  if (t.server_error_status != 0) ReportServerResponse(l, c, "sendfile_error", 503);
  if (t.started) {
    c->phase = t.stream ? Phase::kStream : Phase::kWrite;
    c->close_after = t.close_after;
    if (t.stream) {
      c->deadline_ms = 0;
    } else {
      BeginWrite(l, c);
    }
  }
  if (!t.bytes.empty()) AppendOut(c, std::move(t.bytes));
  if (t.file_fd >= 0) {
    c->file_fd = t.file_fd;
    c->file_off = t.file_offset;
    c->file_left = t.file_length;
  }
  if (t.complete) c->response_complete = true;
  if (c->phase == Phase::kWrite || c->phase == Phase::kStream) Flush(l, c);
  if (!c->closed && (c->phase == Phase::kPending || c->phase == Phase::kStream) &&
      (c->rdhup || c->peer_eof)) {
    // The peer half-closed before or while its long-poll or stream began:
    // edge-triggered, no later event reports it, so it counts as hung up now.
    CloseConn(l, c);
  }
}

// An error the server answers by itself; `close` when the connection cannot
// be reused (the rest of the input cannot be framed).
void SendServerError(Loop* l, Conn* c, int status, std::string_view message, bool close,
                     bool head_only) {
  if (close) {
    c->in.clear();
    ResetRequestState(c);
  }
  ReportServerResponse(l, c, kProtocolErrorRoute, status);
  AppendOut(c, ErrorResponse(status, message, close, head_only));
  c->phase = Phase::kWrite;
  c->close_after = close;
  c->response_complete = true;
  BeginWrite(l, c);
  Flush(l, c);
}

// `c->head` without its headers (moved into c->req) after OnHead.
bool IsContinueExpected(const Conn* c) {
  if (c->head.minor_version < 1) return false;
  for (const auto& [name, value] : c->req.headers) {
    if (name == "expect" && value.size() == 12 &&
        std::equal(value.begin(), value.end(), "100-continue",
                   [](char a, char b) { return (a | 0x20) == b || a == b; })) {
      return true;
    }
  }
  return false;
}

// What OnHead did with a complete head.
enum class HeadOutcome {
  kReadBody,  // the request proceeds: its body is read (into `in` or the sink)
  kAnswered,  // answered at once; the connection is kept: go on with the next request
  kStop,      // answered and closing, or closed: stop dispatching
};

// Answers a request from its head alone (the head hook's answer). The body is
// not read: when one was declared the connection closes after the answer.
HeadOutcome SendHeadAnswer(Loop* l, Conn* c, HeadDecision d) {
  const bool head_only = c->req.method == "HEAD";
  const bool close = c->head.content_length > 0 || !c->head.keep_alive;
  std::string msg = ResponseHead(d.status, d.content_type,
                                 StatusHasBody(d.status) ? static_cast<int64_t>(d.body.size()) : -1,
                                 close, d.extra);
  if (!head_only && StatusHasBody(d.status)) msg += d.body;
  if (close) {
    c->in.clear();
  } else {
    c->in.erase(0, c->head_len);
    ++c->turn_requests;
  }
  ResetRequestState(c);
  AppendOut(c, std::move(msg));
  c->phase = Phase::kWrite;
  c->close_after = close;
  c->response_complete = true;
  BeginWrite(l, c);
  Flush(l, c);
  return close || c->closed ? HeadOutcome::kStop : HeadOutcome::kAnswered;
}

// A head is complete (c->head, `head_len` bytes at the front of c->in):
// builds the request, asks the head hook, checks the body limit and sets the
// body's deadline. Nothing of the body has been looked at yet.
HeadOutcome OnHead(Loop* l, Conn* c, size_t head_len) {
  const Options& o = Opts(l);
  c->head_done = true;
  c->head_len = head_len;
  Request& req = c->req;
  req.method = std::move(c->head.method);
  req.target = std::move(c->head.target);
  req.headers = std::move(c->head.headers);
  req.content_length = c->head.content_length;
  req.peer_ip = c->peer_ip;
  const bool head_only = req.method == "HEAD";
  std::vector<std::pair<std::string, std::string>> query;
  std::string error;
  if (!SplitTarget(req.target, &req.seg, &query, &error)) {
    const bool close = c->head.content_length > 0 || !c->head.keep_alive;
    if (!close) {
      c->in.erase(0, c->head_len);
      ++c->turn_requests;
      ResetRequestState(c);
    }
    SendServerError(l, c, 400, error, close, head_only);
    return close || c->closed ? HeadOutcome::kStop : HeadOutcome::kAnswered;
  }
  for (auto& [k, v] : query) req.query[std::move(k)] = std::move(v);  // last one wins
  uint64_t max_body = o.max_body;
  if (o.head_hook) {
    HeadDecision d;
    try {
      d = o.head_hook(req);
    } catch (...) {
      d = HeadDecision{};
      d.status = 500;
      d.content_type = "application/json";
      d.body = ErrorBody(500, "request head hook failed");
    }
    if (d.status > 0) return SendHeadAnswer(l, c, std::move(d));
    if (d.max_body > 0) max_body = d.max_body;
    c->sink = std::move(d.sink);
  }
  if (c->head.content_length > max_body) {
    SendServerError(l, c, 413,
                    "request body of " + std::to_string(c->head.content_length) +
                        " bytes exceeds the limit of " + std::to_string(max_body) + " bytes",
                    /*close=*/true, head_only);
    return HeadOutcome::kStop;
  }
  if (c->sink) {  // the head is done with; only body bytes stay in `in`
    c->in.erase(0, c->head_len);
    c->head_len = 0;
    c->body_left = c->head.content_length;
  }
  c->body_start_ms = l->now_ms;
  c->body_progress_ms = l->now_ms;
  c->body_seen = 0;
  if (c->head.content_length > 0) SetBodyDeadline(l, c);
  return HeadOutcome::kReadBody;
}

// A body is awaited: "100 Continue" once, when the client asked for it.
void MaybeSendContinue(Loop* l, Conn* c) {
  if (c->continue_sent || !IsContinueExpected(c)) return;
  c->continue_sent = true;
  AppendOut(c, "HTTP/1.1 100 Continue\r\n\r\n");
  Flush(l, c);
}

// Passes the body bytes in c->in to the sink. True when the request is ready
// for the handler (the whole body is in the sink, or the sink refused it).
bool FeedSink(Conn* c) {
  const size_t n = static_cast<size_t>(std::min<uint64_t>(c->in.size(), c->body_left));
  if (n > 0) {
    Status s = c->sink->Write(AsBytes(std::string_view(c->in).substr(0, n)));
    c->in.erase(0, n);
    c->body_left -= n;
    if (!s.ok()) {
      c->req.body_status = std::move(s);
      c->in.clear();  // the rest of the body, never framed: the connection closes
      return true;
    }
  }
  return c->body_left == 0;
}

// Handles every complete request in c->in, one at a time: stops when a
// request is incomplete or its response is not finished.
void Dispatch(Loop* l, Conn* c) {
  const Options& o = Opts(l);
  while (!c->closed && c->phase == Phase::kRead) {
    if (c->turn_requests >= kTurnRequests) return;  // ReadInput queues a resume
    if (!c->head_done) {
      if (c->in.empty()) return;
      // Parse once the head is complete (or too long for a 431), not on
      // every read: a head sent byte by byte is scanned once in total.
      if (c->scanner.Scan(c->in) == 0 && c->in.size() < o.max_head) return;
      const HeadParse p = ParseRequestHead(AsBytes(c->in), o.max_head, &c->head);
      if (p.kind == HeadParse::Kind::kIncomplete) return;
      if (p.kind == HeadParse::Kind::kError) {
        SendServerError(l, c, p.http_status, p.message, /*close=*/true, /*head_only=*/false);
        return;
      }
      const HeadOutcome h = OnHead(l, c, p.consumed);
      if (h == HeadOutcome::kStop) return;
      if (h == HeadOutcome::kAnswered) continue;
    }
    bool keep_alive = c->head.keep_alive;
    if (c->sink) {
      if (!FeedSink(c)) {
        MaybeSendContinue(l, c);
        ReleaseIfEmpty(&c->in);
        return;
      }
      if (!c->req.body_status.ok()) keep_alive = false;
      c->req.body_sink = std::move(c->sink);
    } else {
      const size_t need = c->head_len + static_cast<size_t>(c->head.content_length);
      if (c->in.size() < need) {
        MaybeSendContinue(l, c);
        c->in.reserve(need);
        return;
      }
      c->req.body.assign(c->in, c->head_len, static_cast<size_t>(c->head.content_length));
      c->in.erase(0, need);
    }
    Request req = std::move(c->req);
    ResetRequestState(c);
    c->continue_sent = false;
    ++c->turn_requests;
    if (c->in.empty()) {
      ReleaseIfEmpty(&c->in);
    } else {
      c->deadline_ms = l->now_ms + int64_t{o.request_timeout_s} * 1000;
      c->request_start_ms = l->now_ms;
    }
    const bool head_only = req.method == "HEAD";
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
    PullReply(l, c);  // closes a long-poll or stream whose peer already left
  }
}

// Parses what is buffered, then reads more, until the socket is drained or a
// request is being answered.
void ReadInput(Loop* l, Conn* c) {
  c->reading = true;
  c->turn_requests = 0;
  c->turn_bytes = 0;
  for (;;) {
    if (c->closed || c->phase != Phase::kRead) break;
    Dispatch(l, c);
    if (c->closed || c->phase != Phase::kRead) break;
    if (c->turn_requests >= kTurnRequests || c->turn_bytes >= kTurnBytes) {
      QueueResume(l, c);  // its turn is used up; the others go first
      break;
    }
    if (c->peer_eof) {
      CloseConn(l, c);
      break;
    }
    const ssize_t n = ::recv(c->fd, l->scratch.data(), l->scratch.size(), 0);
    if (n > 0) {
      if (c->head_done) {  // body bytes: progress moves the body's deadline
        c->body_progress_ms = l->now_ms;
        c->body_seen += static_cast<uint64_t>(n);
        SetBodyDeadline(l, c);
      } else if (c->in.empty()) {
        // The first byte of a request starts its clock but never extends
        // the deadline already running (accept + request_timeout_s, or the
        // idle wait after a response).
        const int64_t d = l->now_ms + int64_t{Opts(l).request_timeout_s} * 1000;
        if (c->deadline_ms == 0 || d < c->deadline_ms) c->deadline_ms = d;
        c->request_start_ms = l->now_ms;
      }
      c->in.append(l->scratch.data(), static_cast<size_t>(n));
      c->turn_bytes += static_cast<size_t>(n);
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
    std::string key;
    if (o.max_connections_per_ip > 0) key = PeerKey(ss, o.limit_loopback_peers);
    if (!key.empty()) {
      std::lock_guard<std::mutex> lock(l->server->per_ip_mu);
      size_t& n = l->server->per_ip[key];
      if (n >= o.max_connections_per_ip) {
        l->server->connections.fetch_sub(1, std::memory_order_relaxed);
        ::close(fd);
        continue;
      }
      ++n;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto c = std::make_shared<Conn>();
    c->fd = fd;
    c->id = l->next_id++;
    c->peer_ip = FormatIp(ss);
    c->ip_counted = !key.empty();
    c->ip_key = std::move(key);
    c->deadline_ms = l->now_ms + int64_t{o.request_timeout_s} * 1000;
    c->request_start_ms = l->now_ms;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.u64 = c->id;
    l->conns.emplace(c->id, c);
    if (::epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
      CloseConn(l, c.get());  // undoes the counts
      continue;
    }
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

// Gives connections that used up their budget their next turn.
void RunResumed(Loop* l) {
  std::vector<uint64_t> ids;
  ids.swap(l->resume);
  for (uint64_t id : ids) {
    const auto it = l->conns.find(id);
    if (it == l->conns.end()) continue;
    const std::shared_ptr<Conn> c = it->second;
    c->resume_queued = false;
    if (c->phase == Phase::kRead && !c->reading) {
      ReadInput(l, c.get());
    } else if (c->phase == Phase::kLinger) {
      DrainLinger(l, c.get());
    }
    DrainReady(l);
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
      ReportServerResponse(l, c.get(), "dropped_reply", 500);
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
    // Connections waiting for their next turn: only poll, do not sleep.
    const int n = ::epoll_wait(epoll_fd, events, kMaxEvents, resume.empty() ? 1000 : 0);
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
    if (!resume.empty()) {
      now_ms = NowMs();
      RunResumed(this);
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
  resume.clear();
  t_loop = nullptr;
}

}  // namespace internal

}  // namespace suture::server::epoll_http

// EpollHttpServer: a small, generic epoll HTTP/1.1 server. suture-server runs
// both its ports on it: the main port (the whole API, http/main_port.h) and
// the device listener (blob downloads with sendfile(2), check/report, push
// long-polls and server-sent-event streams; http/device_routes.h). It sends
// files zero-copy, reports a peer's close at once (OnClose), so a
// disconnected push waiter frees its slot immediately, and bounds every
// request when its head arrives, before its body is read (head hook below).
//
// Scope: HTTP/1.1 and 1.0, Content-Length bodies only (chunked request bodies
// get 411), keep-alive, pipelined requests answered in order (one at a time
// per connection). Limits: request head <= max_head bytes (431 beyond),
// body <= max_body or the head hook's per-request limit (413),
// connections <= max_connections (capped at Start below the process's
// open-file limit; new ones are closed at accept) and
// <= max_connections_per_ip per peer address.
//
// Bounded before read: the head hook (Options::head_hook) sees every request
// as soon as its head is complete, before a byte of its body is read. It
// chooses the body limit for that request, may give it a BodySink (the body
// is then passed on in pieces as it arrives, never held whole), or answers at
// once (401, 404, 413, ...): then the body is not read and, when one was
// declared, the connection closes after the answer.
//
// Memory per connection: the head (<= max_head) plus one read (64 KiB)
// while a head is read; the head plus the body (<= the request's limit) plus
// one read for a buffered body; one read for a body that goes to a sink;
// plus the response being written (a file is sent with sendfile, not read).
//
// Deadlines: the first request's head must arrive completely within
// request_timeout_s of the accept; a later one within idle_timeout_s of the
// previous response (idle keep-alive) and request_timeout_s of its own first
// byte (a deadline never moves later while a head is read, so trickling
// bytes buys nothing). A body must keep coming: no pause longer than
// body_timeout_s, and min_body_rate bytes/s on average after a grace of
// body_timeout_s. Replies that are pending (a
// long-poll) or streaming are exempt from these timeouts; a response the peer
// reads too slowly is dropped (see min_send_rate). Fairness: a loop serves at
// most 16 requests or 256 KiB of input per connection before turning to the
// others, so one pipelining client cannot monopolize it.
// Errors the server itself answers (400, 411, 413, 431, 501, 505; 405 is
// left to the routes) carry the JSON body
// {"error":{"code":"...","message":"..."}} like every other Suture error,
// with the StatusCodeName of invalid_argument (400), limit_exceeded (413,
// 431) or unsupported (411, 501, 505). "Expect: 100-continue" is answered.
// A server-initiated close shuts the write side and drains the peer's input
// for up to 2 s first (discarding it), so an unread request body cannot
// reset the response.
//
// SIGPIPE: sends use MSG_NOSIGNAL and the loop threads block SIGPIPE (which
// sendfile(2) raises on a reset peer), so the process need not ignore it.
//
// Thread-safety: Start/destructor from one thread. `threads` event loops
// each accept on their own SO_REUSEPORT socket (a fixed port is first
// probe-bound without SO_REUSEPORT, so a port another socket already holds
// fails Start instead of being silently shared); a handler runs on the loop
// thread of its connection and must not block. Reply methods are
// thread-safe and may be called later from any thread (e.g. a push wake-up).
#ifndef SUTURE_SERVER_HTTP_EPOLL_HTTP_SERVER_H_
#define SUTURE_SERVER_HTTP_EPOLL_HTTP_SERVER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::server::epoll_http {

using Headers = std::vector<std::pair<std::string, std::string>>;

class BodySink;

struct Request {
  std::string method;                        // as sent: "GET", "HEAD", "POST", ...
  std::string target;                        // raw request target, e.g. "/v1/blobs/ab?x=1"
  std::vector<std::string> seg;              // percent-decoded path segments
  std::map<std::string, std::string> query;  // percent-decoded query parameters
  Headers headers;                           // names lower-cased, values trimmed
  uint64_t content_length = 0;               // as declared (0 without a body)
  std::string body;                          // the whole body (<= its limit), unless sunk
  std::string peer_ip;
  // Set when the head hook gave the request a sink: the body went there and
  // `body` is empty.
  std::shared_ptr<BodySink> body_sink;
  // Not ok when the sink refused a piece (its error): the rest of the body
  // was not read and the connection closes after the answer.
  Status body_status;
  // The first header named `lower_name` (lower case), or nullptr.
  const std::string* Header(std::string_view lower_name) const;
};

// The answer to one request. The first of Send / SendFile / StartStream
// completes it; later calls return false and do nothing. For a HEAD request
// Send and SendFile send the headers (with Content-Length) and no body.
// After the connection closed every call returns false. A reply that every
// holder drops while pending is answered 500 (a dropped stream is ended)
// within about a second, so a forgotten reply cannot hang a connection.
class Reply {
 public:
  virtual ~Reply() = default;
  // A complete response with Content-Length.
  virtual bool Send(int status, std::string_view content_type, std::string body,
                    Headers extra = {}) = 0;
  // Headers, then `length` bytes of file `fd` from `offset`, sent with
  // sendfile(2). The reply dup()s `fd`; the caller keeps its own. A 304
  // sends no body and declares `length` as its Content-Length (the 200's). The caller
  // checks that the range lies inside the file: if the file turns out
  // shorter, the connection is closed mid-body. When `fd` cannot be dup()ed
  // (out of descriptors) a 503 error is sent instead and the call is false.
  virtual bool SendFile(int status, std::string_view content_type, int fd, uint64_t offset,
                        uint64_t length, Headers extra = {}) = 0;
  // Starts a streamed 200 response of unknown length (no Content-Length,
  // "Connection: close": the stream ends with the connection), e.g.
  // text/event-stream. Then Write() chunks, End() closes.
  virtual bool StartStream(std::string_view content_type, Headers extra = {}) = 0;
  // Queues bytes on a started stream; false once the peer has gone. Bytes
  // queued beyond max_stream_buffer close the connection (a reader too slow).
  virtual bool Write(std::string bytes) = 0;
  virtual void End() = 0;
  // `fn` runs once, on a loop thread, when the connection closes while this
  // reply is still pending or streaming (peer hung up, error, server stop);
  // at once (on the calling thread) if that already happened. Not called
  // once a Send/SendFile reply has been handed over, nor after End(). Each
  // registered fn runs once. A peer that half-closes (shutdown(SHUT_WR))
  // while its reply is pending or streaming counts as hung up.
  virtual void OnClose(std::function<void()> fn) = 0;
};

using Handler = std::function<void(Request&& request, std::shared_ptr<Reply> reply)>;

// Where a request body goes when it must not be held in memory (an upload):
// Write is called on the loop thread with each piece, in order, as it
// arrives; it must not block for long (a write to a local file is fine).
// The sink is handed to the handler with the request once the whole body was
// written (Request::body_sink). A sink dropped before that (the peer left,
// a deadline passed) is simply destroyed: its destructor cleans up.
class BodySink {
 public:
  virtual ~BodySink() = default;
  // An error stops the body: the request goes to the handler with
  // Request::body_status set to it.
  virtual Status Write(ByteView piece) = 0;
};

// What the head hook decides for one request.
struct HeadDecision {
  // > 0: answer at once with this status, content type, body and headers,
  // without reading the body; when the request declared a body the answer
  // says "Connection: close" and the connection closes after it.
  int status = 0;
  std::string content_type;
  std::string body;
  Headers extra;
  // Otherwise: the largest body accepted (0 = Options::max_body; 413
  // beyond), and where it goes (nullptr = into Request::body).
  uint64_t max_body = 0;
  std::shared_ptr<BodySink> sink;
};

// Called on the loop thread once a request's head is complete, before any of
// its body is read. `head` is the request without its body (content_length
// says how long the body will be). Must be thread-safe and not block long.
using HeadHook = std::function<HeadDecision(const Request& head)>;

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0 = the kernel picks a free port (see url())
  size_t threads = 2;
  size_t max_head = 16 * 1024;
  size_t max_body = 64 * 1024;
  // Capped at Start to the soft RLIMIT_NOFILE minus a reserve (max(256,
  // 10%)) for the rest of the process (main port, SQLite, blob files); see
  // EpollHttpServer::max_connections().
  size_t max_connections = 100000;
  // Open connections per peer IPv4 address or IPv6 /64; 0 = unlimited.
  // Loopback peers (127.0.0.0/8, ::1: a local reverse proxy, benches) are
  // exempt unless limit_loopback_peers. Behind a proxy on another host every
  // connection comes from the proxy: set 0 there.
  size_t max_connections_per_ip = 1000;
  bool limit_loopback_peers = false;
  size_t max_stream_buffer = 256 * 1024;
  int request_timeout_s = 30;
  int idle_timeout_s = 60;
  // A complete response (Send/SendFile) must be taken by the peer at
  // min_send_rate bytes/s on average after a grace of idle_timeout_s, and
  // with no stall longer than idle_timeout_s; otherwise the connection is
  // closed. 0 = only the stall rule. Streams are bounded by
  // max_stream_buffer instead.
  size_t min_send_rate = 1024;
  // A request body must not pause longer than body_timeout_s, and must come
  // at min_body_rate bytes/s on average after a grace of body_timeout_s
  // (0 = only the pause rule).
  int body_timeout_s = 30;
  size_t min_body_rate = 1024;
  // See HeadHook; empty = every request gets max_body and no sink.
  HeadHook head_hook;
  // Called (on a loop thread; must be thread-safe and not block) for every
  // response the server generates itself: route "protocol_error" for
  // 400/411/413/431/501/505, "dropped_reply" for the 500 of a reply the
  // handler dropped, "sendfile_error" for the 503 of a SendFile that
  // could not dup its fd. `seconds`: since the request's first byte.
  std::function<void(std::string_view route, int status, double seconds)> on_server_response;
};

class EpollHttpServer {
 public:
  // Binds, listens and starts the loop threads. kIoError naming host:port
  // when the address cannot be bound.
  static StatusOr<std::unique_ptr<EpollHttpServer>> Start(const Options& options, Handler handler);
  // Stops accepting, closes every connection (running OnClose callbacks),
  // joins the threads. Replies still held elsewhere become inert.
  ~EpollHttpServer();
  const std::string& url() const;  // "http://127.0.0.1:43210"
  size_t connections() const;      // currently open
  // The effective connection limit (Options::max_connections after the cap
  // by the open-file limit).
  size_t max_connections() const;

  struct Impl;

 private:
  explicit EpollHttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace suture::server::epoll_http

#endif  // SUTURE_SERVER_HTTP_EPOLL_HTTP_SERVER_H_

// HTTP for the device: small JSON requests (check, report) and a resumable,
// retried, deadline-bounded blob download, all through libcurl with TLS
// verification on (peer and host name; the system CA store).
//
// Download: bytes go to "<part>" (a partial file kept across interruptions
// and restarts). Each attempt asks for "Range: bytes=<have>-" with
// "If-Range: <etag>", appends on 206 (after checking Content-Range starts at
// <have>), starts over on 200, and never accepts more than the expected
// size. Failed attempts are retried after a full-jitter exponential backoff;
// the attempt counter restarts whenever an attempt made progress; the whole
// download is bounded by a deadline.
//
// Thread-safety: functions are reentrant (one curl easy handle per call);
// call GlobalInit() once before any thread uses them.
#ifndef SUTURE_CLIENT_SRC_HTTP_H_
#define SUTURE_CLIENT_SRC_HTTP_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "suture/client/client.h"

namespace suture::client {

void HttpGlobalInit();

struct HttpResponse {
  long status = 0;  // 0 when the transport failed
  std::string body;
  std::string transport_error;  // curl's message when status == 0
};

// POSTs a JSON body; the answer body is capped at `max_body` bytes (a longer
// one fails the transport with "answer too large").
HttpResponse PostJson(const std::string& url, const std::string& body,
                      const std::vector<std::string>& headers, int64_t timeout_ms,
                      size_t max_body);

// A POST whose answer is a stream (text/event-stream): the bytes of a 200
// answer go to `on_bytes` as they arrive. The stream ends when the server
// closes it (kClosed), `on_bytes` returns false (kStopped), `cancel` becomes
// true (kCancelled, checked at least every ~100 ms), `max_ms` passes
// (kMaxTime), or nothing arrived for `idle_ms()` ms (kIdle: a dead peer or
// path; `idle_ms` is asked again as the stream goes, so a caller can widen it
// once it learns the heartbeat). A non-200 answer is kHttpError with its
// status and up to 16 KiB of its body; a transport failure kTransport.
struct StreamOutcome {
  enum Kind { kClosed, kStopped, kCancelled, kMaxTime, kIdle, kHttpError, kTransport } kind = kClosed;
  long status = 0;
  std::string error;  // transport error or the error answer's body
  uint64_t bytes = 0;
};
StreamOutcome PostStream(const std::string& url, const std::string& body,
                         const std::vector<std::string>& headers, int64_t max_ms,
                         const std::function<int64_t()>& idle_ms,
                         const std::function<bool(std::string_view)>& on_bytes,
                         const std::atomic<bool>* cancel);

// "HTTP <status>[ <error code>][: <message>]" of an error answer, from the
// server's JSON error body ({"error":{"code","message"}}) when it has one.
std::string ServerError(long status, const std::string& body);

struct DownloadSpec {
  std::string url;
  std::string part_path;
  std::string etag;      // sent as If-Range (quoted by the caller)
  uint64_t expected_size = 0;
  int attempts = 8;
  int64_t backoff_base_ms = 200, backoff_cap_ms = 5000;
  int64_t deadline_ms = 300000;
  int64_t stall_ms = 15000;      // under 1 KiB/s this long: the attempt fails
  uint64_t max_bytes_per_s = 0;  // 0 = no cap
};

struct DownloadStats {
  int attempts = 0;
  int resumes = 0;  // attempts answered 206 from a non-zero offset
  uint64_t bytes_received = 0;
};

// Returns kOk once the part file holds exactly expected_size bytes (not yet
// hashed), kDeadline, kNetwork (retries exhausted), kServer (a 4xx other
// than 408/416/429), or kIoError for the local file.
Result DownloadResumable(const DownloadSpec& spec, DownloadStats* stats);

}  // namespace suture::client

#endif  // SUTURE_CLIENT_SRC_HTTP_H_

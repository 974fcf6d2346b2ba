// The transport-neutral face of one device request, seen by the device route
// table (http/device_routes.h): a DeviceRequest to read and a DeviceReply to
// answer through. Each listener adapts its own request and response types to
// these two (http/device_port.cc, used by the device listener and the main
// port alike, both on the epoll server), so the routes are written once and
// answer identically on both.
//
// A BlobFile is one open, immutable blob as the route table's cache holds it:
// a descriptor for sendfile(2), and a read-only mapping made on first use for
// transports that stream from memory.
//
// Thread-safety: a DeviceRequest is used by one thread during one
// DeviceRoutes::Serve call. DeviceReply methods are thread-safe and may be
// called later from any thread (a push wake-up, a report worker). BlobFile is
// thread-safe.
#ifndef SUTURE_SERVER_HTTP_DEVICE_EXCHANGE_H_
#define SUTURE_SERVER_HTTP_DEVICE_EXCHANGE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "suture/core/file_util.h"
#include "suture/core/status.h"

namespace suture::server {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class DeviceRequest {
 public:
  virtual ~DeviceRequest() = default;
  virtual const std::string& method() const = 0;  // as sent: "GET", "HEAD", "POST", ...
  virtual std::string_view path() const = 0;      // raw path, without the query
  virtual const std::vector<std::string>& segments() const = 0;         // percent-decoded
  virtual const std::map<std::string, std::string>& query() const = 0;  // percent-decoded
  // The value of the first header field `name` (case-insensitive), "" when absent.
  virtual std::string Header(std::string_view name) const = 0;
  virtual const std::string& peer_ip() const = 0;
  // The whole body (a device body is small: at most --max-json-body).
  virtual const std::string& body() const = 0;
  // Moves the body out (body() is then empty).
  virtual std::string TakeBody() = 0;
  // Not ok when the transport could not read the body (too long, cut off):
  // the route table answers this error before anything else.
  virtual Status body_status() const = 0;
};

class BlobFile {
 public:
  // Takes ownership of `fd`, an open descriptor of the blob file at `path`.
  BlobFile(std::string id, std::string path, int fd, uint64_t size)
      : id_(std::move(id)), path_(std::move(path)), fd_(fd), size_(size) {}
  ~BlobFile();
  BlobFile(const BlobFile&) = delete;
  BlobFile& operator=(const BlobFile&) = delete;

  const std::string& id() const { return id_; }
  int fd() const { return fd_; }
  uint64_t size() const { return size_; }
  // A read-only mapping of the whole file, made on the first call and kept
  // while this object lives. Fails (kIoError) when the file cannot be mapped.
  StatusOr<ByteView> Mapped() const;

 private:
  const std::string id_;
  const std::string path_;
  const int fd_;
  const uint64_t size_;
  mutable std::mutex mu_;
  mutable std::optional<MappedFile> mapped_;
};

// The answer to one request. The first of Send / SendFile / StartStream
// completes it; later calls return false and do nothing; after the peer is
// known to be gone every call returns false.
//
// Headers-only answers: for a HEAD request, Send and SendFile send the
// status and headers with the Content-Length the body would have, and no
// body; so does SendFile for a 304 (its Content-Length is the 200's, as
// RFC 9110 section 8.6 allows). Content-Type is omitted when empty.
class DeviceReply {
 public:
  virtual ~DeviceReply() = default;
  // A complete response with Content-Length.
  virtual bool Send(int status, std::string_view content_type, std::string body,
                    HttpHeaders extra) = 0;
  // Headers, then `length` bytes of `file` from `first`. REQUIRES: the range
  // lies inside file.size(). When the transport cannot send the file (out
  // of descriptors, cannot map it) it answers 503 `unavailable` itself and
  // returns false.
  virtual bool SendFile(int status, std::string_view content_type,
                        std::shared_ptr<const BlobFile> file, uint64_t first, uint64_t length,
                        HttpHeaders extra) = 0;
  // Starts a 200 response of unknown length that ends with the connection
  // (e.g. text/event-stream); then Write() chunks, End() closes.
  virtual bool StartStream(std::string_view content_type, HttpHeaders extra) = 0;
  // Queues bytes on a started stream; false once the peer is gone or reads
  // too slowly (then the stream is cut and OnClose runs).
  virtual bool Write(std::string bytes) = 0;
  virtual void End() = 0;
  // `fn` runs once when the transport learns that the peer went away while
  // this reply was pending or streaming (at once if that already happened).
  // The epoll transport sees every hang-up at once. Not called after a
  // Send/SendFile answer was handed over, nor after End().
  virtual void OnClose(std::function<void()> fn) = 0;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_DEVICE_EXCHANGE_H_

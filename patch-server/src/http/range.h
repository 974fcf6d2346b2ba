// Parsing of the HTTP Range request header (RFC 9110 section 14) for one
// representation of `size` bytes. Only single byte ranges are served;
// multi-range requests are answered with the full body (allowed by RFC 9110:
// a server may ignore Range).
//
// Thread-safety: pure function.
#ifndef SUTURE_SERVER_HTTP_RANGE_H_
#define SUTURE_SERVER_HTTP_RANGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace suture::server {

struct ByteRange {
  enum class Kind {
    kFull,           // no Range, a syntax error, a non-bytes unit or multi-range: send 200
    kPartial,        // send 206 with [first, last]
    kUnsatisfiable,  // send 416 with Content-Range: bytes */size
  };
  Kind kind = Kind::kFull;
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
};

ByteRange ParseRange(std::string_view header, uint64_t size);

// How to answer a GET (or HEAD) of an immutable, content-addressed blob of
// `size` bytes whose entity tag is `etag` (quoted), given the request's
// If-None-Match, Range and If-Range values ("" when absent). The device
// route table (http/device_routes.h) renders this one decision for both
// listeners.
struct BlobAnswer {
  int status = 200;  // 200, 206, 304 or 416
  uint64_t first = 0;   // the bytes to send (200/206)
  uint64_t length = 0;
  // ETag, Cache-Control (immutable), Accept-Ranges, and Content-Range for
  // 206/416.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string error_message;  // 416: for the JSON error body
};
BlobAnswer PlanBlobAnswer(std::string_view etag, uint64_t size, std::string_view if_none_match,
                          std::string_view range, std::string_view if_range);

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_RANGE_H_

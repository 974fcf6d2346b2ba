// Parsing of the HTTP Range request header (RFC 9110 section 14) for one
// representation of `size` bytes. Only single byte ranges are served;
// multi-range requests are answered with the full body (allowed by RFC 9110:
// a server may ignore Range).
//
// Thread-safety: pure function.
#ifndef SUTURE_SERVER_HTTP_RANGE_H_
#define SUTURE_SERVER_HTTP_RANGE_H_

#include <cstdint>
#include <string_view>

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

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_RANGE_H_

// Parser of HTTP/1.x request heads (RFC 9112 section 2-6) for the epoll
// server: request line, header fields, and the framing decision
// (Content-Length, Transfer-Encoding, keep-alive). Bodies are not parsed
// here. Input is untrusted: every read is bounds-checked, sizes are capped
// (max_head, at most kMaxHeaders fields) and a malformed head yields an
// error naming what is wrong, never a crash. Fuzzed by fuzz_http1_parser.
//
// Thread-safety: pure functions.
#ifndef SUTURE_SERVER_HTTP_HTTP1_PARSER_H_
#define SUTURE_SERVER_HTTP_HTTP1_PARSER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "suture/core/byte_io.h"

namespace suture::server::epoll_http {

inline constexpr size_t kMaxHeaders = 100;

struct RequestHead {
  std::string method;
  std::string target;
  int minor_version = 1;  // HTTP/1.<minor>
  std::vector<std::pair<std::string, std::string>> headers;  // lower-cased names, trimmed values
  uint64_t content_length = 0;
  bool keep_alive = true;  // 1.1 default unless "Connection: close"; 1.0 only with keep-alive
};

struct HeadParse {
  enum class Kind {
    kIncomplete,  // need more bytes (and fewer than max_head seen so far)
    kDone,        // *head filled; `consumed` bytes form the head incl. the blank line
    kError,       // `http_status` (400, 411, 431, 501, 505) and `message`
  };
  Kind kind = Kind::kIncomplete;
  size_t consumed = 0;
  int http_status = 0;
  std::string message;
};

// Parses the head at the start of `buf`. Tolerates a leading CRLF (RFC 9112
// 2.2) and bare LF line ends; rejects obsolete line folding, whitespace
// before a colon, control bytes, conflicting or invalid Content-Length,
// any Transfer-Encoding (411: Suture's device API needs a length), an
// HTTP/1.1 request without Host and any request with more than one Host
// field (400, RFC 9112 3.2).
HeadParse ParseRequestHead(ByteView buf, size_t max_head, RequestHead* head);

// Incremental search for the end of a request head (the blank line after
// the request line, with the same line rules as ParseRequestHead: leading
// empty lines skipped, LF or CRLF line ends), so that a head arriving in many
// small reads is scanned once in total instead of re-parsed from the start on
// every read. Feed it the growing buffer; Reset() when the buffer's front is
// consumed. A value type: one per connection, not shared between threads.
class HeadEndScanner {
 public:
  // Offset just past the blank line ending the head in `buf`, or 0 when it
  // is not in `buf` yet. REQUIRES: `buf` extends the buffer of earlier calls
  // since the last Reset() (same leading bytes).
  size_t Scan(std::string_view buf);
  void Reset() { *this = HeadEndScanner{}; }
  size_t scanned() const { return pos_; }

 private:
  size_t pos_ = 0;         // bytes examined so far
  size_t line_start_ = 0;  // start of the current, unfinished line
  bool in_head_ = false;   // a non-empty (request) line was seen
};

// Splits a request target "/a/b%20c?x=1&y" into decoded path segments and
// query parameters. False (with *error set) on an absolute-form target,
// bad percent escapes or an encoded NUL.
bool SplitTarget(std::string_view target, std::vector<std::string>* seg,
                 std::vector<std::pair<std::string, std::string>>* query, std::string* error);

}  // namespace suture::server::epoll_http

#endif  // SUTURE_SERVER_HTTP_HTTP1_PARSER_H_

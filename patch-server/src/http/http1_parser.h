// Parser of HTTP/1.x request heads (RFC 9112 section 2-6) for the edge
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

namespace suture::server::edge {

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
// any Transfer-Encoding (411: Suture's device API needs a length).
HeadParse ParseRequestHead(ByteView buf, size_t max_head, RequestHead* head);

// Splits a request target "/a/b%20c?x=1&y" into decoded path segments and
// query parameters. False (with *error set) on an absolute-form target,
// bad percent escapes or an encoded NUL.
bool SplitTarget(std::string_view target, std::vector<std::string>* seg,
                 std::vector<std::pair<std::string, std::string>>* query, std::string* error);

}  // namespace suture::server::edge

#endif  // SUTURE_SERVER_HTTP_HTTP1_PARSER_H_

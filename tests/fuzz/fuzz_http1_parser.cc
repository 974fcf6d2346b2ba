// Fuzzes the epoll HTTP server's HTTP/1.x request-head parser and target splitter
// on arbitrary bytes. The first byte picks max_head (so the size limit is
// exercised at every length); a parsed head must respect the limits, and the
// incremental head-end scanner must agree with the parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "http/http1_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace suture::server::epoll_http;
  size_t max_head = 16 * 1024;
  if (size > 0) {
    max_head = data[0] == 0 ? 16 * 1024 : data[0] * 8;
    ++data;
    --size;
  }
  RequestHead head;
  const HeadParse p = ParseRequestHead(suture::ByteView(data, size), max_head, &head);
  if (p.kind == HeadParse::Kind::kDone) {
    if (p.consumed == 0 || p.consumed > size || p.consumed > max_head) __builtin_trap();
    if (head.headers.size() > kMaxHeaders || head.method.empty() || head.target.empty()) {
      __builtin_trap();
    }
    std::vector<std::string> seg;
    std::vector<std::pair<std::string, std::string>> query;
    std::string error;
    if (SplitTarget(head.target, &seg, &query, &error)) {
      for (const auto& s : seg) {
        if (s.empty() || s.find('\0') != std::string::npos) __builtin_trap();
      }
    } else if (error.empty()) {
      __builtin_trap();
    }
  } else if (p.kind == HeadParse::Kind::kError) {
    if (p.http_status < 400 || p.http_status > 505 || p.message.empty()) __builtin_trap();
  }
  // The head-end scanner the server calls before parsing agrees with the
  // parser (so parsing only at its answer never misses a head), and feeding
  // it in two pieces changes nothing.
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  HeadEndScanner whole;
  const size_t end = whole.Scan(bytes);
  if (p.kind == HeadParse::Kind::kDone && end != p.consumed) __builtin_trap();
  if (p.kind == HeadParse::Kind::kIncomplete && end != 0) __builtin_trap();
  HeadEndScanner pieces;
  const size_t cut = size == 0 ? 0 : (data[0] * 131u + size) % (size + 1);
  size_t end2 = pieces.Scan(bytes.substr(0, cut));
  if (end2 == 0) end2 = pieces.Scan(bytes);
  if (end2 != end) __builtin_trap();
  // The splitter on the raw bytes too (targets need not come from a head).
  std::vector<std::string> seg;
  std::vector<std::pair<std::string, std::string>> query;
  std::string error;
  SplitTarget(std::string_view(reinterpret_cast<const char*>(data), size), &seg, &query, &error);
  return 0;
}

// Tests of the epoll HTTP server's HTTP/1.x request-head parser (table-driven,
// named cases), its incremental head-end scanner, and target splitting.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "http/http1_parser.h"

namespace suture::server::epoll_http {
namespace {

struct HeadCase {
  const char* name;
  std::string input;
  HeadParse::Kind kind;
  int status = 0;            // for kError
  size_t consumed = 0;       // for kDone (0: the whole input)
  uint64_t content_length = 0;
  bool keep_alive = true;
};

std::string ManyHeaders(size_t n) {  // Host plus n - 1 others
  std::string s = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (size_t i = 1; i < n; ++i) s += "X-H" + std::to_string(i) + ": v\r\n";
  return s + "\r\n";
}

std::vector<HeadCase> HeadCases() {
  using K = HeadParse::Kind;
  const std::string get = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string post = "POST /r HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n";
  return {
      {"GoodGet", get, K::kDone},
      {"PostWithBody", post + "hello", K::kDone, 0, post.size(), 5},
      {"PipelinedTwo", get + get, K::kDone, 0, get.size()},
      {"LeadingCrlf", "\r\n" + get, K::kDone},
      {"BareLf", "GET / HTTP/1.1\nHost: x\n\n", K::kDone},
      {"Incomplete", "GET / HTTP/1.1\r\nHost: x\r\n", K::kIncomplete},
      {"IncompleteRequestLine", "GET / HT", K::kIncomplete},
      {"Empty", "", K::kIncomplete},
      {"HeadTooLarge", "GET / HTTP/1.1\r\nX: " + std::string(20000, 'a'), K::kError, 431},
      {"HeadTooLargeComplete",
       "GET / HTTP/1.1\r\nX: " + std::string(20000, 'a') + "\r\n\r\n", K::kError, 431},
      {"ExactlyMaxHeaders", ManyHeaders(kMaxHeaders), K::kDone},
      {"TooManyHeaders", ManyHeaders(kMaxHeaders + 1), K::kError, 431},
      {"BadContentLength", "GET / HTTP/1.1\r\nContent-Length: 12a\r\n\r\n", K::kError, 400},
      {"NegativeContentLength", "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", K::kError, 400},
      {"EmptyContentLength", "GET / HTTP/1.1\r\nContent-Length:\r\n\r\n", K::kError, 400},
      {"ListContentLength", "GET / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n", K::kError, 400},
      {"OverflowContentLength",
       "GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", K::kError, 400},
      {"DuplicateSameContentLength",
       "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\ncontent-length: 3\r\n\r\n", K::kDone, 0,
       0, 3},
      {"DuplicateConflictingContentLength",
       "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", K::kError, 400},
      {"TransferEncodingChunked", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
       K::kError, 411},
      {"TransferEncodingWithLength",
       "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: gzip\r\n\r\n", K::kError, 411},
      {"Http20", "GET / HTTP/2.0\r\n\r\n", K::kError, 505},
      {"Http09", "GET / HTTP/0.9\r\n\r\n", K::kError, 505},
      {"Http10Close", "GET / HTTP/1.0\r\n\r\n", K::kDone, 0, 0, 0, false},
      {"Http10KeepAlive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", K::kDone},
      {"Http11Close", "GET / HTTP/1.1\r\nHost: x\r\nConnection: foo, close\r\n\r\n", K::kDone, 0, 0,
       0, false},
      // RFC 9112 3.2: exactly one Host in HTTP/1.1, at most one in 1.0.
      {"MissingHost", "GET / HTTP/1.1\r\nX: y\r\n\r\n", K::kError, 400},
      {"MissingHostNoFields", "GET / HTTP/1.1\r\n\r\n", K::kError, 400},
      {"DuplicateHost", "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", K::kError, 400},
      {"DuplicateHostHttp10", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", K::kError, 400},
      {"Http10WithoutHost", "GET / HTTP/1.0\r\nX: y\r\n\r\n", K::kDone, 0, 0, 0, false},
      {"EmptyHostValue", "GET / HTTP/1.1\r\nHost:\r\n\r\n", K::kDone},
      {"BadRequestLineNoVersion", "GET /\r\n\r\n", K::kError, 400},
      {"BadRequestLineDoubleSpace", "GET  / HTTP/1.1\r\n\r\n", K::kError, 400},
      {"BadRequestLineMethodByte", "GE(T / HTTP/1.1\r\n\r\n", K::kError, 400},
      {"BadRequestLineTrailingSpace", "GET / HTTP/1.1 \r\n\r\n", K::kError, 400},
      {"BadVersionText", "GET / HTTX/1.1\r\n\r\n", K::kError, 400},
      {"BadVersionNoDot", "GET / HTTP/1\r\n\r\n", K::kError, 400},
      {"ControlByteInTarget", std::string("GET /a\x01 HTTP/1.1\r\n\r\n"), K::kError, 400},
      {"UnknownMethod", "BREW /pot HTTP/1.1\r\n\r\n", K::kError, 501},
      {"ControlByteInHeader", std::string("GET / HTTP/1.1\r\nX: a\x01z\r\n\r\n"), K::kError, 400},
      {"NulInHeader", std::string("GET / HTTP/1.1\r\nX: a\0z\r\n\r\n", 27), K::kError, 400},
      {"BareCrInHeader", "GET / HTTP/1.1\r\nX: a\rz\r\n\r\n", K::kError, 400},
      {"ObsFold", "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", K::kError, 400},
      {"SpaceBeforeColon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", K::kError, 400},
      {"NoColon", "GET / HTTP/1.1\r\nHost x\r\n\r\n", K::kError, 400},
      {"EmptyHeaderName", "GET / HTTP/1.1\r\n: x\r\n\r\n", K::kError, 400},
      {"ErrorBeforeHeadEnds", "GET / HTTP/1.1\r\nBad Header\r\nX: ", K::kError, 400},
  };
}

TEST(Http1ParserTest, Table) {
  for (const HeadCase& tc : HeadCases()) {
    SCOPED_TRACE(tc.name);
    RequestHead head;
    const HeadParse p = ParseRequestHead(AsBytes(tc.input), 16 * 1024, &head);
    ASSERT_EQ(p.kind, tc.kind) << p.message;
    if (tc.kind == HeadParse::Kind::kError) {
      EXPECT_EQ(p.http_status, tc.status) << p.message;
      EXPECT_FALSE(p.message.empty());
    }
    if (tc.kind == HeadParse::Kind::kDone) {
      EXPECT_EQ(p.consumed, tc.consumed ? tc.consumed : tc.input.size());
      EXPECT_EQ(head.content_length, tc.content_length);
      EXPECT_EQ(head.keep_alive, tc.keep_alive);
      EXPECT_FALSE(head.method.empty());
    }
  }
}

TEST(Http1ParserTest, FieldsAreLowerCasedAndTrimmed) {
  const std::string in = "PUT /x/y?z=1 HTTP/1.0\r\nHoSt:   Example  \r\nX-Empty:\r\n\r\n";
  RequestHead head;
  const HeadParse p = ParseRequestHead(AsBytes(in), 1024, &head);
  ASSERT_EQ(p.kind, HeadParse::Kind::kDone) << p.message;
  EXPECT_EQ(head.method, "PUT");
  EXPECT_EQ(head.target, "/x/y?z=1");
  EXPECT_EQ(head.minor_version, 0);
  ASSERT_EQ(head.headers.size(), 2u);
  EXPECT_EQ(head.headers[0].first, "host");
  EXPECT_EQ(head.headers[0].second, "Example");
  EXPECT_EQ(head.headers[1].first, "x-empty");
  EXPECT_EQ(head.headers[1].second, "");
}

TEST(Http1ParserTest, MaxHeadIsExact) {
  const std::string in = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  RequestHead head;
  EXPECT_EQ(ParseRequestHead(AsBytes(in), in.size(), &head).kind, HeadParse::Kind::kDone);
  EXPECT_EQ(ParseRequestHead(AsBytes(in), in.size() - 1, &head).http_status, 431);
  // Fewer than max_head bytes and no end yet: wait for more.
  EXPECT_EQ(ParseRequestHead(AsBytes(in.substr(0, 10)), 11, &head).kind,
            HeadParse::Kind::kIncomplete);
}

// The scanner finds the same head end as the parser, whether the bytes
// arrive at once or one at a time, and examines each byte once.
TEST(Http1ParserTest, HeadEndScannerMatchesParser) {
  std::vector<std::pair<std::string, std::string>> inputs;  // name, bytes
  for (const HeadCase& tc : HeadCases()) inputs.emplace_back(tc.name, tc.input);
  inputs.emplace_back("ManyLeadingEmptyLines", "\r\n\n\r\n\nGET / HTTP/1.1\r\nHost: x\r\n\r\nrest");
  inputs.emplace_back("OnlyEmptyLines", "\r\n\r\n\n\n");
  inputs.emplace_back("CrWithoutLf", "GET / HTTP/1.1\r\nHost: x\r\n\r");
  inputs.emplace_back("CrCrLf", "GET / HTTP/1.1\r\nHost: x\r\r\n\r\n");
  inputs.emplace_back("LfCrLf", "GET / HTTP/1.1\nHost: x\n\r\nbody");
  for (const auto& [name, in] : inputs) {
    SCOPED_TRACE(name);
    RequestHead head;
    const HeadParse p = ParseRequestHead(AsBytes(in), 1 << 20, &head);
    // kDone: the head ends at `consumed`; an error may be found earlier, so
    // only kDone and kIncomplete pin the scanner's answer.
    size_t expected = std::string::npos;
    if (p.kind == HeadParse::Kind::kDone) expected = p.consumed;
    if (p.kind == HeadParse::Kind::kIncomplete) expected = 0;
    HeadEndScanner whole;
    const size_t at_once = whole.Scan(in);
    if (expected != std::string::npos) {
      EXPECT_EQ(at_once, expected);
    }
    HeadEndScanner bytewise;
    size_t found = 0;
    for (size_t i = 1; i <= in.size() && found == 0; ++i) {
      found = bytewise.Scan(std::string_view(in).substr(0, i));
      if (found == 0) {
        EXPECT_EQ(bytewise.scanned(), i);  // nothing re-read
      }
    }
    EXPECT_EQ(found, at_once);
    if (at_once != 0) {
      // Whatever the parser says about a head ending there, it never asks
      // for more bytes: parsing only at the scanner's answer loses nothing.
      EXPECT_NE(ParseRequestHead(AsBytes(in.substr(0, at_once)), 1 << 20, &head).kind,
                HeadParse::Kind::kIncomplete);
    }
  }
}

struct TargetCase {
  const char* name;
  std::string target;
  bool ok;
  std::vector<std::string> seg;
  std::vector<std::pair<std::string, std::string>> query;
};

TEST(Http1ParserTest, SplitTargetTable) {
  const std::vector<TargetCase> cases = {
      {"Simple", "/v1/blobs/ab?x=1&y", true, {"v1", "blobs", "ab"}, {{"x", "1"}, {"y", ""}}},
      {"Root", "/", true, {}, {}},
      {"EmptySegmentsDropped", "/a//b/", true, {"a", "b"}, {}},
      {"PercentInPath", "/a%20b/c%2Fd", true, {"a b", "c/d"}, {}},
      {"PercentInQuery", "/q?k%41=a%3Db&&z=%7e", true, {"q"}, {{"kA", "a=b"}, {"z", "~"}}},
      {"PlusStaysPlus", "/a+b?x=1+2", true, {"a+b"}, {{"x", "1+2"}}},
      {"AbsoluteForm", "http://host/a", false, {}, {}},
      {"Asterisk", "*", false, {}, {}},
      {"EmptyTarget", "", false, {}, {}},
      {"BadHexEscape", "/a%zz", false, {}, {}},
      {"TruncatedEscape", "/a%4", false, {}, {}},
      {"LonePercent", "/a%", false, {}, {}},
      {"EncodedNulInPath", "/a%00b", false, {}, {}},
      {"EncodedNulInQuery", "/a?x=%00", false, {}, {}},
      {"BadEscapeInQueryKey", "/a?%g1=2", false, {}, {}},
      {"Fragment", "/a#frag", false, {}, {}},
  };
  for (const TargetCase& tc : cases) {
    SCOPED_TRACE(tc.name);
    std::vector<std::string> seg;
    std::vector<std::pair<std::string, std::string>> query;
    std::string error;
    ASSERT_EQ(SplitTarget(tc.target, &seg, &query, &error), tc.ok) << error;
    if (tc.ok) {
      EXPECT_EQ(seg, tc.seg);
      EXPECT_EQ(query, tc.query);
    } else {
      EXPECT_FALSE(error.empty());
    }
  }
}

}  // namespace
}  // namespace suture::server::epoll_http

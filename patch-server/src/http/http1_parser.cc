// HTTP/1.x request-head parser. Works line by line over a string_view of the
// buffer, so every access is a bounds-checked substring; a request line or
// field that is complete and malformed is rejected at once, without waiting
// for the rest of the head.
#include "http/http1_parser.h"

#include <algorithm>
#include <cstring>

namespace suture::server::epoll_http {
namespace {

// RFC 9110 5.6.2 tchar.
bool IsTchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

// Field value bytes (RFC 9110 5.5): VCHAR, SP, HTAB and obs-text; no other
// control byte (NUL, CR, LF, DEL, ...).
bool IsFieldByte(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

bool IsOws(char c) { return c == ' ' || c == '\t'; }

char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

std::string_view TrimOws(std::string_view v) {
  while (!v.empty() && IsOws(v.front())) v.remove_prefix(1);
  while (!v.empty() && IsOws(v.back())) v.remove_suffix(1);
  return v;
}

HeadParse Error(int status, std::string message) {
  HeadParse r;
  r.kind = HeadParse::Kind::kError;
  r.http_status = status;
  r.message = std::move(message);
  return r;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Methods the epoll server knows; any other token gets 501.
bool KnownMethod(std::string_view m) {
  static constexpr std::string_view kKnown[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
                                                "OPTIONS"};
  return std::find(std::begin(kKnown), std::end(kKnown), m) != std::end(kKnown);
}

// Parses "METHOD SP target SP HTTP/d.d" into *head. Returns an error result,
// or kDone when the line is fine.
HeadParse ParseRequestLine(std::string_view line, RequestHead* head) {
  const size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0) return Error(400, "malformed request line");
  const std::string_view method = line.substr(0, sp1);
  for (char c : method) {
    if (!IsTchar(static_cast<unsigned char>(c))) return Error(400, "invalid byte in method");
  }
  const size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp2 == sp1 + 1) return Error(400, "malformed request line");
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  for (char c : target) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return Error(400, "invalid byte in request target");
  }
  const std::string_view version = line.substr(sp2 + 1);
  constexpr std::string_view kPrefix = "HTTP/";
  if (version.substr(0, kPrefix.size()) != kPrefix) return Error(400, "malformed HTTP version");
  const std::string_view num = version.substr(kPrefix.size());
  const size_t dot = num.find('.');
  if (dot == std::string_view::npos) return Error(400, "malformed HTTP version");
  const std::string_view major = num.substr(0, dot);
  const std::string_view minor = num.substr(dot + 1);
  if (!AllDigits(major) || !AllDigits(minor)) {
    return Error(400, "malformed HTTP version");
  }
  if (major != "1" || minor.size() != 1) {
    return Error(505, "HTTP version " + std::string(num) + " not supported (HTTP/1.x only)");
  }
  if (!KnownMethod(method)) {
    return Error(501, "method " + std::string(method) + " not implemented");
  }
  head->method.assign(method);
  head->target.assign(target);
  head->minor_version = minor[0] - '0';
  HeadParse ok;
  ok.kind = HeadParse::Kind::kDone;
  return ok;
}

// Applies the framing rules once all fields are in.
HeadParse Finish(RequestHead* head, size_t consumed) {
  bool have_length = false;
  size_t hosts = 0;
  bool conn_close = false;
  bool conn_keep_alive = false;
  for (const auto& [name, value] : head->headers) {
    if (name == "transfer-encoding") {
      return Error(411, "Transfer-Encoding is not supported; send a Content-Length");
    }
    if (name == "content-length") {
      if (!AllDigits(value)) return Error(400, "invalid Content-Length");
      uint64_t v = 0;
      for (char c : value) {
        const uint64_t d = static_cast<uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10) return Error(400, "Content-Length overflows");
        v = v * 10 + d;
      }
      if (have_length && v != head->content_length) {
        return Error(400, "conflicting Content-Length fields");
      }
      have_length = true;
      head->content_length = v;
    } else if (name == "host") {
      ++hosts;
    } else if (name == "connection") {
      std::string_view rest = value;
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        const std::string_view token = TrimOws(rest.substr(0, comma));
        if (EqualsIgnoreCase(token, "close")) conn_close = true;
        if (EqualsIgnoreCase(token, "keep-alive")) conn_keep_alive = true;
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
  }
  // RFC 9112 3.2: a 1.1 request needs exactly one Host; 1.0 at most one.
  if (hosts > 1) return Error(400, "more than one Host header");
  if (hosts == 0 && head->minor_version >= 1) return Error(400, "missing Host header");
  head->keep_alive = head->minor_version == 0 ? (conn_keep_alive && !conn_close) : !conn_close;
  HeadParse r;
  r.kind = HeadParse::Kind::kDone;
  r.consumed = consumed;
  return r;
}

}  // namespace

HeadParse ParseRequestHead(ByteView buf, size_t max_head, RequestHead* head) {
  *head = RequestHead{};
  const std::string_view all = AsStringView(buf);
  // The head (with any leading empty lines) must end within max_head bytes.
  const std::string_view s = all.substr(0, std::min(all.size(), max_head));
  size_t pos = 0;

  // Next line without its LF or CRLF; false when no LF is within `s` yet.
  auto next_line = [&](std::string_view* line) {
    const size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) return false;
    *line = s.substr(pos, nl - pos);
    if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
    pos = nl + 1;
    return true;
  };
  auto incomplete = [&]() {
    if (all.size() >= max_head) {
      return Error(431, "request head exceeds " + std::to_string(max_head) + " bytes");
    }
    return HeadParse{};
  };

  // RFC 9112 2.2: ignore empty lines before the request line.
  std::string_view line;
  do {
    if (!next_line(&line)) return incomplete();
  } while (line.empty());
  HeadParse rl = ParseRequestLine(line, head);
  if (rl.kind == HeadParse::Kind::kError) return rl;

  for (;;) {
    if (!next_line(&line)) return incomplete();
    if (line.empty()) return Finish(head, pos);
    if (IsOws(line.front())) return Error(400, "obsolete line folding in header");
    size_t i = 0;
    while (i < line.size() && IsTchar(static_cast<unsigned char>(line[i]))) ++i;
    if (i == line.size()) return Error(400, "header line without colon");
    if (line[i] != ':') {
      if (IsOws(line[i])) return Error(400, "whitespace before colon in header");
      return Error(400, "invalid byte in header name");
    }
    if (i == 0) return Error(400, "empty header name");
    const std::string_view value = TrimOws(line.substr(i + 1));
    for (char c : value) {
      if (!IsFieldByte(static_cast<unsigned char>(c))) {
        return Error(400, "control byte in header " + std::string(line.substr(0, i)));
      }
    }
    if (head->headers.size() >= kMaxHeaders) {
      return Error(431, "more than " + std::to_string(kMaxHeaders) + " header fields");
    }
    std::string name(line.substr(0, i));
    for (char& c : name) c = ToLower(c);
    head->headers.emplace_back(std::move(name), std::string(value));
  }
}

size_t HeadEndScanner::Scan(std::string_view buf) {
  while (pos_ < buf.size()) {
    const size_t nl = buf.find('\n', pos_);
    if (nl == std::string_view::npos) {
      pos_ = buf.size();
      return 0;
    }
    pos_ = nl + 1;
    const size_t len = nl - line_start_;
    const bool empty = len == 0 || (len == 1 && buf[line_start_] == '\r');
    line_start_ = pos_;
    if (!empty) {
      in_head_ = true;
    } else if (in_head_) {
      return pos_;
    }
  }
  return 0;
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool PercentDecode(std::string_view in, std::string* out, std::string* error) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    if (in.size() - i < 3) {
      *error = "truncated percent escape in request target";
      return false;
    }
    const int hi = HexValue(in[i + 1]);
    const int lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) {
      *error = "bad percent escape in request target";
      return false;
    }
    const int v = hi * 16 + lo;
    if (v == 0) {
      *error = "encoded NUL in request target";
      return false;
    }
    out->push_back(static_cast<char>(v));
    i += 2;
  }
  return true;
}

}  // namespace

bool SplitTarget(std::string_view target, std::vector<std::string>* seg,
                 std::vector<std::pair<std::string, std::string>>* query, std::string* error) {
  seg->clear();
  query->clear();
  if (target.empty() || target.front() != '/') {
    *error = "request target must be an absolute path";
    return false;
  }
  if (target.find('#') != std::string_view::npos) {
    *error = "fragment in request target";
    return false;
  }
  const size_t qmark = target.find('?');
  std::string_view path = target.substr(0, qmark);
  // Empty segments ("//", trailing "/") are dropped, like the cpprestsdk routes.
  while (!path.empty()) {
    const size_t slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    if (!part.empty()) {
      std::string decoded;
      if (!PercentDecode(part, &decoded, error)) return false;
      seg->push_back(std::move(decoded));
    }
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  if (qmark == std::string_view::npos) return true;
  std::string_view q = target.substr(qmark + 1);
  while (!q.empty()) {
    const size_t amp = q.find('&');
    const std::string_view part = q.substr(0, amp);
    if (!part.empty()) {
      const size_t eq = part.find('=');
      std::string k, v;
      if (!PercentDecode(part.substr(0, eq), &k, error)) return false;
      if (eq != std::string_view::npos && !PercentDecode(part.substr(eq + 1), &v, error)) {
        return false;
      }
      query->emplace_back(std::move(k), std::move(v));
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return true;
}

}  // namespace suture::server::epoll_http

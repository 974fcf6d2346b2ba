#include "http/range.h"

#include <limits>

namespace suture::server {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Decimal digits only, no overflow.
bool ParseU64(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

}  // namespace

ByteRange ParseRange(std::string_view header, uint64_t size) {
  ByteRange full;
  header = Trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() < kUnit.size()) return full;
  for (size_t i = 0; i < kUnit.size(); ++i) {
    char c = header[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kUnit[i]) return full;
  }
  std::string_view spec = Trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return full;  // multi-range: refused
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return full;
  const std::string_view a = Trim(spec.substr(0, dash));
  const std::string_view b = Trim(spec.substr(dash + 1));
  ByteRange r;
  r.kind = ByteRange::Kind::kPartial;
  if (a.empty()) {  // suffix: last n bytes
    uint64_t n = 0;
    if (!ParseU64(b, &n)) return full;
    if (n == 0 || size == 0) return ByteRange{ByteRange::Kind::kUnsatisfiable, 0, 0};
    r.first = n >= size ? 0 : size - n;
    r.last = size - 1;
    return r;
  }
  uint64_t first = 0;
  if (!ParseU64(a, &first)) return full;
  uint64_t last = 0;
  if (b.empty()) {
    last = size == 0 ? 0 : size - 1;
  } else {
    if (!ParseU64(b, &last)) return full;
    if (last < first) return full;  // syntactically invalid: ignore
  }
  if (first >= size) return ByteRange{ByteRange::Kind::kUnsatisfiable, 0, 0};
  if (last >= size) last = size - 1;
  r.first = first;
  r.last = last;
  return r;
}

BlobAnswer PlanBlobAnswer(std::string_view etag, uint64_t size, std::string_view if_none_match,
                          std::string_view range, std::string_view if_range) {
  BlobAnswer a;
  a.headers = {{"ETag", std::string(etag)},
               {"Cache-Control", "public, max-age=31536000, immutable"},
               {"Accept-Ranges", "bytes"}};
  if (!if_none_match.empty() &&
      (if_none_match == "*" || if_none_match.find(etag) != std::string_view::npos)) {
    a.status = 304;
    return a;
  }
  ByteRange r;
  if (!range.empty() && (if_range.empty() || if_range == etag)) r = ParseRange(range, size);
  switch (r.kind) {
    case ByteRange::Kind::kUnsatisfiable:
      a.status = 416;
      a.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size));
      a.error_message = "range not satisfiable for a blob of " + std::to_string(size) + " bytes";
      return a;
    case ByteRange::Kind::kPartial:
      a.status = 206;
      a.first = r.first;
      a.length = r.last - r.first + 1;
      a.headers.emplace_back("Content-Range", "bytes " + std::to_string(r.first) + "-" +
                                                  std::to_string(r.last) + "/" +
                                                  std::to_string(size));
      return a;
    case ByteRange::Kind::kFull:
      break;
  }
  a.status = 200;
  a.length = size;
  return a;
}

}  // namespace suture::server

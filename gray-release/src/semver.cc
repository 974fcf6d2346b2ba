#include "semver.h"

#include <algorithm>
#include <charconv>

namespace suture::gray::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses a run of digits (at most 18, so no overflow) at the front of *s.
bool TakeNumber(std::string_view* s, uint64_t* out) {
  size_t n = 0;
  while (n < s->size() && IsDigit((*s)[n])) ++n;
  if (n == 0 || n > 18) return false;
  uint64_t v = 0;
  std::from_chars(s->data(), s->data() + n, v);
  *out = v;
  s->remove_prefix(n);
  return true;
}

bool ValidIdentifiers(std::string_view ids) {
  if (ids.empty()) return false;
  size_t start = 0;
  while (true) {
    size_t dot = ids.find('.', start);
    std::string_view id = ids.substr(start, dot == std::string_view::npos ? ids.npos : dot - start);
    if (id.empty()) return false;
    for (char c : id) {
      bool ok = IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
      if (!ok) return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

int ComparePre(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) {
    if (a.empty() && b.empty()) return 0;
    return a.empty() ? 1 : -1;  // a release outranks its pre-releases
  }
  while (true) {
    size_t da = a.find('.'), db = b.find('.');
    std::string_view ia = a.substr(0, da), ib = b.substr(0, db);
    bool na = AllDigits(ia), nb = AllDigits(ib);
    int c = 0;
    if (na && nb) {
      // Numeric identifiers: longer (without leading zeros) is larger.
      std::string_view ta = ia.substr(std::min(ia.find_first_not_of('0'), ia.size()));
      std::string_view tb = ib.substr(std::min(ib.find_first_not_of('0'), ib.size()));
      if (ta.size() != tb.size()) c = ta.size() < tb.size() ? -1 : 1;
      else c = ta.compare(tb);
    } else if (na != nb) {
      c = na ? -1 : 1;  // numeric < alphanumeric
    } else {
      c = ia.compare(ib);
    }
    if (c != 0) return c < 0 ? -1 : 1;
    bool ea = da == std::string_view::npos, eb = db == std::string_view::npos;
    if (ea || eb) return ea == eb ? 0 : (ea ? -1 : 1);
    a.remove_prefix(da + 1);
    b.remove_prefix(db + 1);
  }
}

}  // namespace

bool ParseVersion(std::string_view s, Version* out) {
  Version v;
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  if (!TakeNumber(&s, &v.major)) return false;
  if (!s.empty() && s[0] == '.') {
    s.remove_prefix(1);
    if (!TakeNumber(&s, &v.minor)) return false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      if (!TakeNumber(&s, &v.patch)) return false;
    }
  }
  size_t plus = s.find('+');
  std::string_view build = plus == s.npos ? std::string_view() : s.substr(plus + 1);
  s = s.substr(0, plus);
  if (plus != std::string_view::npos && !ValidIdentifiers(build)) return false;
  if (!s.empty()) {
    if (s[0] != '-') return false;
    s.remove_prefix(1);
    if (!ValidIdentifiers(s)) return false;
    v.pre = s;
  }
  *out = v;
  return true;
}

int CompareVersions(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  return ComparePre(a.pre, b.pre);
}

namespace {

VersionBound MakeBound(VersionBound::Op op, uint64_t ma, uint64_t mi, uint64_t pa,
                       std::string pre = {}) {
  VersionBound b;
  b.op = op;
  b.major = ma;
  b.minor = mi;
  b.patch = pa;
  b.pre = std::move(pre);
  return b;
}

Status AddComparator(std::string_view tok, std::vector<VersionBound>* out) {
  using Op = VersionBound::Op;
  std::string_view body = tok;
  enum { kPlain, kCaret, kTilde } kind = kPlain;
  Op op = Op::kEq;
  if (body.starts_with(">=")) op = Op::kGe, body.remove_prefix(2);
  else if (body.starts_with("<=")) op = Op::kLe, body.remove_prefix(2);
  else if (body.starts_with(">")) op = Op::kGt, body.remove_prefix(1);
  else if (body.starts_with("<")) op = Op::kLt, body.remove_prefix(1);
  else if (body.starts_with("=")) op = Op::kEq, body.remove_prefix(1);
  else if (body.starts_with("^")) kind = kCaret, body.remove_prefix(1);
  else if (body.starts_with("~")) kind = kTilde, body.remove_prefix(1);
  Version v;
  if (!ParseVersion(body, &v)) {
    return Status::InvalidArgument("malformed version \"" + std::string(tok) + "\"");
  }
  std::string pre(v.pre);
  if (kind == kCaret) {
    out->push_back(MakeBound(Op::kGe, v.major, v.minor, v.patch, pre));
    if (v.major > 0) out->push_back(MakeBound(Op::kLt, v.major + 1, 0, 0, "0"));
    else if (v.minor > 0) out->push_back(MakeBound(Op::kLt, 0, v.minor + 1, 0, "0"));
    else out->push_back(MakeBound(Op::kLt, 0, 0, v.patch + 1, "0"));
  } else if (kind == kTilde) {
    out->push_back(MakeBound(Op::kGe, v.major, v.minor, v.patch, pre));
    out->push_back(MakeBound(Op::kLt, v.major, v.minor + 1, 0, "0"));
  } else {
    out->push_back(MakeBound(op, v.major, v.minor, v.patch, pre));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<VersionRange> ParseVersionRange(std::string_view text) {
  VersionRange range;
  bool any_token = false;
  while (true) {
    size_t bar = text.find("||");
    std::string_view part = text.substr(0, bar);
    std::vector<VersionBound> all;
    bool star = false;
    size_t i = 0;
    std::string pending_op;
    int tokens = 0;
    while (i < part.size()) {
      while (i < part.size() && part[i] == ' ') ++i;
      size_t j = i;
      while (j < part.size() && part[j] != ' ') ++j;
      if (j == i) break;
      std::string_view tok = part.substr(i, j - i);
      i = j;
      if (tok.find_first_not_of("<>=^~") == std::string_view::npos) {
        if (!pending_op.empty()) {
          return Status::InvalidArgument("operator \"" + pending_op + "\" without a version");
        }
        pending_op = std::string(tok);  // ">= 1.2.0": operator and version apart
        continue;
      }
      std::string joined = pending_op + std::string(tok);
      pending_op.clear();
      ++tokens;
      if (joined == "*" || joined == "x") {
        star = true;
        continue;
      }
      SUTURE_RETURN_IF_ERROR(AddComparator(joined, &all));
    }
    if (!pending_op.empty()) {
      return Status::InvalidArgument("operator \"" + pending_op + "\" without a version");
    }
    if (tokens == 0) return Status::InvalidArgument("empty version range alternative");
    any_token = true;
    if (star && all.empty()) all.clear();
    range.alternatives.push_back(std::move(all));
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 2);
  }
  if (!any_token) return Status::InvalidArgument("empty version range");
  return range;
}

bool RangeContains(const VersionRange& range, const Version& v) {
  using Op = VersionBound::Op;
  for (const auto& all : range.alternatives) {
    bool ok = true;
    for (const VersionBound& b : all) {
      Version bv{b.major, b.minor, b.patch, b.pre};
      int c = CompareVersions(v, bv);
      switch (b.op) {
        case Op::kEq: ok = c == 0; break;
        case Op::kLt: ok = c < 0; break;
        case Op::kLe: ok = c <= 0; break;
        case Op::kGt: ok = c > 0; break;
        case Op::kGe: ok = c >= 0; break;
      }
      if (!ok) break;
    }
    if (ok) return true;
  }
  return false;
}

}  // namespace suture::gray::internal

// Condition matching: walks the compiled tree. The hot path (Matches without
// a reason) allocates nothing; reasons are formatted only on request.
#include "suture/gray/condition.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <exception>

#include "condition_tree.h"

namespace suture::gray {
namespace internal {

std::string_view AttrName(Attr a) {
  switch (a) {
    case Attr::kDeviceId: return "device_id";
    case Attr::kUserId: return "user_id";
    case Attr::kAppId: return "app_id";
    case Attr::kBaseBuild: return "base_build";
    case Attr::kAppVersion: return "app_version";
    case Attr::kOs: return "os";
    case Attr::kOsVersion: return "os_version";
    case Attr::kSdk: return "sdk";
    case Attr::kBrand: return "brand";
    case Attr::kModel: return "model";
    case Attr::kAbi: return "abi";
    case Attr::kChannel: return "channel";
    case Attr::kRegion: return "region";
    case Attr::kLocale: return "locale";
    case Attr::kNetwork: return "network";
    case Attr::kIp: return "ip";
    case Attr::kCustom: return "custom";
    case Attr::kNow: return "now";
  }
  return "?";
}

std::string_view OpName(Op op) {
  switch (op) {
    case Op::kEq: return "eq";
    case Op::kNe: return "ne";
    case Op::kIn: return "in";
    case Op::kNotIn: return "not_in";
    case Op::kPrefix: return "prefix";
    case Op::kSuffix: return "suffix";
    case Op::kContains: return "contains";
    case Op::kLt: return "lt";
    case Op::kLe: return "le";
    case Op::kGt: return "gt";
    case Op::kGe: return "ge";
    case Op::kSemver: return "semver";
    case Op::kTimeWindow: return "time_window";
    case Op::kRegex: return "regex";
    case Op::kCidr: return "cidr";
    case Op::kExists: return "exists";
  }
  return "?";
}

namespace {

// The attribute a leaf reads, as text (sdk also as an integer).
struct AttrValue {
  bool present = false;
  bool has_int = false;
  int64_t i = 0;
  std::string_view text;
  char buf[24];
};

void ReadAttr(const Node& n, const DeviceContext& d, AttrValue* v) {
  const std::string* s = nullptr;
  switch (n.attr) {
    case Attr::kDeviceId: s = &d.device_id; break;
    case Attr::kUserId: s = &d.user_id; break;
    case Attr::kAppId: s = &d.app_id; break;
    case Attr::kBaseBuild: s = &d.base_build; break;
    case Attr::kAppVersion: s = &d.app_version; break;
    case Attr::kOs: s = &d.os; break;
    case Attr::kOsVersion: s = &d.os_version; break;
    case Attr::kBrand: s = &d.brand; break;
    case Attr::kModel: s = &d.model; break;
    case Attr::kAbi: s = &d.abi; break;
    case Attr::kChannel: s = &d.channel; break;
    case Attr::kRegion: s = &d.region; break;
    case Attr::kLocale: s = &d.locale; break;
    case Attr::kNetwork: s = &d.network; break;
    case Attr::kIp: s = &d.ip; break;
    case Attr::kCustom: s = d.FindCustom(n.custom_key); break;
    case Attr::kSdk:
      if (d.sdk.has_value()) {
        v->present = true;
        v->has_int = true;
        v->i = *d.sdk;
        // Text only for string operators.
        if (!(n.op >= Op::kLt && n.op <= Op::kGe) && !n.numeric) {
          auto r = std::to_chars(v->buf, v->buf + sizeof(v->buf), *d.sdk);
          v->text = std::string_view(v->buf, r.ptr - v->buf);
        }
      }
      return;
    case Attr::kNow:
      v->present = true;  // time_window reads `now` directly
      return;
  }
  if (s != nullptr && !s->empty()) {
    v->present = true;
    v->text = *s;
  } else if (s != nullptr && n.attr == Attr::kCustom) {
    v->present = true;  // a custom key sent with an empty value is present
    v->text = *s;
  }
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsFold(std::string_view a, std::string_view lower_b) {
  if (a.size() != lower_b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != lower_b[i]) return false;
  return true;
}

bool ContainsFold(std::string_view hay, std::string_view lower_needle) {
  if (lower_needle.size() > hay.size()) return false;
  for (size_t i = 0; i + lower_needle.size() <= hay.size(); ++i)
    if (EqualsFold(hay.substr(i, lower_needle.size()), lower_needle)) return true;
  return false;
}

bool ParseNumber(std::string_view s, double* out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool NumberOf(const AttrValue& v, double* out) {
  if (v.has_int) {
    *out = static_cast<double>(v.i);
    return true;
  }
  return ParseNumber(v.text, out);
}

// Compares `text` with a case-folded operand list: binary search on the
// sorted list, with a lowered copy in a stack buffer for ignore_case.
bool InList(const Node& n, std::string_view text) {
  char low[256];
  if (n.ignore_case) {
    if (text.size() > sizeof(low)) return false;  // longer than any operand we accept
    for (size_t i = 0; i < text.size(); ++i) low[i] = Lower(text[i]);
    text = std::string_view(low, text.size());
  }
  if (n.strs.size() <= 8) {  // short lists: a linear scan beats binary search
    for (const std::string& s : n.strs)
      if (s == text) return true;
    return false;
  }
  return std::binary_search(n.strs.begin(), n.strs.end(), text,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

bool RegexSearch(const Node& n, std::string_view text) {
  if (text.size() > kMaxRegexInput) return false;
  try {
    return std::regex_search(text.begin(), text.end(), *n.re);
  } catch (const std::exception&) {
    return false;  // error_complexity / error_stack: treated as no match
  }
}

// The device's version for a semver leaf, parsed once per check for
// app_version / os_version. False when malformed.
bool VersionOf(const Node& n, std::string_view text, EvalContext* ctx, Version* out) {
  int slot = n.attr == Attr::kAppVersion ? 0 : n.attr == Attr::kOsVersion ? 1 : -1;
  if (slot < 0 || ctx == nullptr) return ParseVersion(text, out);
  if (ctx->version_state[slot] == 0) {
    ctx->version_state[slot] = ParseVersion(text, &ctx->versions[slot]) ? 1 : 2;
  }
  *out = ctx->versions[slot];
  return ctx->version_state[slot] == 1;
}

bool IpOf(const Node& n, std::string_view text, EvalContext* ctx, IpAddr* out) {
  if (n.attr != Attr::kIp || ctx == nullptr) return ParseIp(text, out);
  if (ctx->ip_state == 0) ctx->ip_state = ParseIp(text, &ctx->ip) ? 1 : 2;
  *out = ctx->ip;
  return ctx->ip_state == 1;
}

// Result of a leaf: matched, or why not (for reasons).
enum class LeafResult : uint8_t { kMatch, kFail, kMissing, kWrongType };

LeafResult EvalLeaf(const Node& n, const DeviceContext& d, Timestamp now, EvalContext* ctx) {
  if (n.op == Op::kTimeWindow) {
    return (now >= n.from && now < n.until) ? LeafResult::kMatch : LeafResult::kFail;
  }
  AttrValue v;
  ReadAttr(n, d, &v);
  if (n.op == Op::kExists) return v.present ? LeafResult::kMatch : LeafResult::kMissing;
  if (!v.present) return LeafResult::kMissing;
  auto as_bool = [](bool b) { return b ? LeafResult::kMatch : LeafResult::kFail; };
  std::string_view t = v.text;
  switch (n.op) {
    case Op::kEq:
    case Op::kNe: {
      bool eq;
      if (n.numeric) {
        double x;
        if (!NumberOf(v, &x)) return LeafResult::kWrongType;
        eq = x == n.num;
      } else {
        eq = n.ignore_case ? EqualsFold(t, n.str) : t == n.str;
      }
      return as_bool(n.op == Op::kEq ? eq : !eq);
    }
    case Op::kIn:
    case Op::kNotIn: {
      bool in;
      if (n.numeric) {
        double x;
        if (!NumberOf(v, &x)) return LeafResult::kWrongType;
        in = std::binary_search(n.nums.begin(), n.nums.end(), x);
      } else {
        in = InList(n, t);
      }
      return as_bool(n.op == Op::kIn ? in : !in);
    }
    case Op::kPrefix:
      return as_bool(n.ignore_case ? (t.size() >= n.str.size() &&
                                      EqualsFold(t.substr(0, n.str.size()), n.str))
                                   : t.starts_with(n.str));
    case Op::kSuffix:
      return as_bool(n.ignore_case ? (t.size() >= n.str.size() &&
                                      EqualsFold(t.substr(t.size() - n.str.size()), n.str))
                                   : t.ends_with(n.str));
    case Op::kContains:
      return as_bool(n.ignore_case ? ContainsFold(t, n.str)
                                   : t.find(n.str) != std::string_view::npos);
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: {
      double x;
      if (!NumberOf(v, &x)) return LeafResult::kWrongType;
      if (n.op == Op::kLt) return as_bool(x < n.num);
      if (n.op == Op::kLe) return as_bool(x <= n.num);
      if (n.op == Op::kGt) return as_bool(x > n.num);
      return as_bool(x >= n.num);
    }
    case Op::kSemver: {
      Version ver;
      if (!VersionOf(n, t, ctx, &ver)) return LeafResult::kWrongType;
      return as_bool(RangeContains(n.range, ver));
    }
    case Op::kRegex:
      return as_bool(RegexSearch(n, t));
    case Op::kCidr: {
      IpAddr ip;
      if (!IpOf(n, t, ctx, &ip)) return LeafResult::kWrongType;
      for (const Cidr& c : n.cidrs)
        if (CidrContains(c, ip)) return LeafResult::kMatch;
      return LeafResult::kFail;
    }
    case Op::kTimeWindow:
    case Op::kExists:
      break;  // handled above
  }
  return LeafResult::kFail;
}

// Evaluates node i; on false sets *failed to the node that decided it.
bool EvalNode(const ConditionTree& t, uint32_t i, const DeviceContext& d, Timestamp now,
              const Node** failed) {
  const Node& n = t.nodes[i];
  switch (n.kind) {
    case NodeKind::kLeaf:
      if (EvalLeaf(n, d, now, nullptr) == LeafResult::kMatch) return true;
      *failed = &n;
      return false;
    case NodeKind::kAll:
      for (uint32_t c : n.children)
        if (!EvalNode(t, c, d, now, failed)) return false;
      return true;
    case NodeKind::kAny: {
      const Node* ignored = nullptr;
      for (uint32_t c : n.children)
        if (EvalNode(t, c, d, now, &ignored)) return true;
      *failed = &n;
      return false;
    }
    case NodeKind::kNot: {
      const Node* ignored = nullptr;
      if (!EvalNode(t, n.children[0], d, now, &ignored)) return true;
      *failed = &n;
      return false;
    }
  }
  return false;
}

bool EvalFast(const ConditionTree& t, uint32_t i, EvalContext& ctx) {
  const Node& n = t.nodes[i];
  switch (n.kind) {
    case NodeKind::kLeaf:
      return EvalLeaf(n, ctx.device, ctx.now, &ctx) == LeafResult::kMatch;
    case NodeKind::kAll:
      for (uint32_t c : n.children)
        if (!EvalFast(t, c, ctx)) return false;
      return true;
    case NodeKind::kAny:
      for (uint32_t c : n.children)
        if (EvalFast(t, c, ctx)) return true;
      return false;
    case NodeKind::kNot:
      return !EvalFast(t, n.children[0], ctx);
  }
  return false;
}

std::string AttrLabel(const Node& n) {
  if (n.attr == Attr::kCustom) return "custom." + n.custom_key;
  return std::string(AttrName(n.attr));
}

std::string ShortValue(std::string_view v) {
  if (v.size() <= 48) return std::string(v);
  return std::string(v.substr(0, 48)) + "...";
}

std::string FailureReason(const Node& n, const DeviceContext& d, Timestamp now) {
  if (n.kind == NodeKind::kAny) return "no alternative of " + n.text + " matched";
  if (n.kind == NodeKind::kNot) return n.text + " failed: inner condition matched";
  if (n.kind == NodeKind::kAll) return n.text + " failed";
  std::string label = AttrLabel(n);
  if (n.op == Op::kTimeWindow) return "now " + std::to_string(now) + " fails " + n.text;
  AttrValue v;
  ReadAttr(n, d, &v);
  if (v.has_int && v.text.empty()) {
    auto r = std::to_chars(v.buf, v.buf + sizeof(v.buf), v.i);
    v.text = std::string_view(v.buf, r.ptr - v.buf);
  }
  switch (EvalLeaf(n, d, now, nullptr)) {
    case LeafResult::kMissing:
      return label + " missing, required by " + n.text;
    case LeafResult::kWrongType: {
      const char* what = n.op == Op::kSemver ? "a version"
                         : n.op == Op::kCidr ? "an IP address"
                                             : "a number";
      return label + " \"" + ShortValue(v.text) + "\" is not " + what + ", required by " + n.text;
    }
    case LeafResult::kMatch:
    case LeafResult::kFail:
      break;
  }
  return label + " " + ShortValue(v.text) + " fails " + n.text;
}

}  // namespace

bool EvalTree(const ConditionTree& t, EvalContext& ctx) { return EvalFast(t, t.root, ctx); }

bool LeafMatches(const Node& n, EvalContext& ctx) {
  return EvalLeaf(n, ctx.device, ctx.now, &ctx) == LeafResult::kMatch;
}

}  // namespace internal

namespace {
std::shared_ptr<const internal::ConditionTree> TrueTree() {
  static const std::shared_ptr<const internal::ConditionTree> tree = [] {
    auto t = std::make_shared<internal::ConditionTree>();
    internal::Node n;
    n.kind = internal::NodeKind::kAll;
    n.text = "true";
    t->nodes.push_back(std::move(n));
    t->canonical_json = R"({"all":[]})";
    return t;
  }();
  return tree;
}
}  // namespace

Condition::Condition() : tree_(TrueTree()) {}
Condition::Condition(std::shared_ptr<const internal::ConditionTree> tree) : tree_(std::move(tree)) {}

bool Condition::Matches(const DeviceContext& device, Timestamp now) const {
  internal::EvalContext ctx(device, now);
  return internal::EvalTree(*tree_, ctx);
}

bool Condition::Matches(const DeviceContext& device, Timestamp now, std::string* why) const {
  const internal::Node* failed = nullptr;
  if (internal::EvalNode(*tree_, tree_->root, device, now, &failed)) return true;
  if (why != nullptr && failed != nullptr) *why = internal::FailureReason(*failed, device, now);
  return false;
}

std::string Condition::ToJson() const { return tree_->canonical_json; }
std::string Condition::ToString() const { return tree_->nodes[tree_->root].text; }
size_t Condition::node_count() const { return tree_->nodes.size(); }

}  // namespace suture::gray

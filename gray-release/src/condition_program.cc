#include "condition_program.h"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace suture::gray::internal {
namespace {

uint32_t AddToPool(ConditionProgram* p, std::string_view s) {
  uint32_t off = static_cast<uint32_t>(p->pool.size());
  p->pool.append(s);
  return off;
}

void Append(const ConditionTree& t, uint32_t i, ConditionProgram* p) {
  const Node& n = t.nodes[i];
  const uint32_t at = static_cast<uint32_t>(p->nodes.size());
  p->nodes.emplace_back();
  ProgramNode f;
  f.kind = n.kind;
  f.op = n.op;
  f.attr = n.attr;
  f.src = &n;
  if (n.ignore_case) f.flags |= kProgIgnoreCase;
  if (n.numeric) f.flags |= kProgNumeric;
  if (n.kind == NodeKind::kLeaf) {
    if (n.attr == Attr::kCustom) {
      f.key_off = AddToPool(p, n.custom_key);
      f.key_len = static_cast<uint32_t>(n.custom_key.size());
    }
    switch (n.op) {
      case Op::kEq:
      case Op::kNe:
      case Op::kPrefix:
      case Op::kSuffix:
      case Op::kContains:
        f.flags |= kProgInline;
        f.num = n.num;
        f.a = AddToPool(p, n.str);
        f.b = static_cast<uint32_t>(n.str.size());
        break;
      case Op::kIn:
      case Op::kNotIn:
        if (!n.numeric && n.strs.size() <= 16) {
          f.flags |= kProgInline;
          f.a = static_cast<uint32_t>(p->spans.size() / 2);  // index of the first pair
          f.b = static_cast<uint32_t>(n.strs.size());
          for (const std::string& s : n.strs) {
            p->spans.push_back(AddToPool(p, s));
            p->spans.push_back(static_cast<uint32_t>(s.size()));
          }
        }
        break;
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        f.flags |= kProgInline;
        f.num = n.num;
        break;
      case Op::kTimeWindow:
        f.flags |= kProgInline;
        f.from = n.from;
        f.until = n.until;
        break;
      case Op::kExists:
        f.flags |= kProgInline;
        break;
      case Op::kSemver:
      case Op::kRegex:
      case Op::kCidr:
        break;  // evaluated on the source node
    }
  }
  for (uint32_t c : n.children) Append(t, c, p);
  f.end = static_cast<uint32_t>(p->nodes.size());
  p->nodes[at] = f;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsFold(std::string_view a, std::string_view lower_b) {
  if (a.size() != lower_b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != lower_b[i]) return false;
  return true;
}

bool Equals(std::string_view a, std::string_view b, bool fold) {
  return fold ? EqualsFold(a, b) : a == b;
}

// The string attribute `f` reads, or nullptr when absent. `present` is set
// for a custom key sent with an empty value.
const std::string* AttrString(const ConditionProgram& p, const ProgramNode& f, const DeviceContext& d) {
  switch (f.attr) {
    case Attr::kDeviceId: return &d.device_id;
    case Attr::kUserId: return &d.user_id;
    case Attr::kAppId: return &d.app_id;
    case Attr::kBaseBuild: return &d.base_build;
    case Attr::kAppVersion: return &d.app_version;
    case Attr::kOs: return &d.os;
    case Attr::kOsVersion: return &d.os_version;
    case Attr::kBrand: return &d.brand;
    case Attr::kModel: return &d.model;
    case Attr::kAbi: return &d.abi;
    case Attr::kChannel: return &d.channel;
    case Attr::kRegion: return &d.region;
    case Attr::kLocale: return &d.locale;
    case Attr::kNetwork: return &d.network;
    case Attr::kIp: return &d.ip;
    case Attr::kCustom:
      return d.FindCustom(std::string_view(p.pool.data() + f.key_off, f.key_len));
    case Attr::kSdk:
    case Attr::kNow:
      return nullptr;
  }
  return nullptr;
}

bool InlineLeaf(const ConditionProgram& p, const ProgramNode& f, const EvalContext& ctx) {
  if (f.op == Op::kTimeWindow) return ctx.now >= f.from && ctx.now < f.until;
  const DeviceContext& d = ctx.device;
  // Integer attribute (sdk): numeric operators use the value directly.
  char buf[24];
  std::string_view text;
  bool has_num = false;
  double x = 0;
  if (f.attr == Attr::kSdk) {
    if (!d.sdk.has_value()) return false;
    if (f.op == Op::kExists) return true;
    has_num = true;
    x = static_cast<double>(*d.sdk);
    if (!(f.flags & kProgNumeric) && !(f.op >= Op::kLt && f.op <= Op::kGe)) {
      auto r = std::to_chars(buf, buf + sizeof(buf), *d.sdk);  // string operators only
      text = std::string_view(buf, r.ptr - buf);
    }
  } else {
    const std::string* s = AttrString(p, f, d);
    if (s == nullptr || (s->empty() && f.attr != Attr::kCustom)) return false;
    if (f.op == Op::kExists) return true;
    text = *s;
  }
  const bool fold = f.flags & kProgIgnoreCase;
  const bool numeric = (f.flags & kProgNumeric) || (f.op >= Op::kLt && f.op <= Op::kGe);
  if (numeric && !has_num) {
    if (text.empty()) return false;
    auto r = std::from_chars(text.data(), text.data() + text.size(), x);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return false;
  }
  std::string_view operand(p.pool.data() + f.a, f.b);
  switch (f.op) {
    case Op::kEq:
      return numeric ? x == f.num : Equals(text, operand, fold);
    case Op::kNe:
      return numeric ? x != f.num : !Equals(text, operand, fold);
    case Op::kIn:
    case Op::kNotIn: {
      bool in = false;
      for (uint32_t k = 0; k < f.b && !in; ++k) {
        std::string_view s(p.pool.data() + p.spans[2 * (f.a + k)], p.spans[2 * (f.a + k) + 1]);
        in = Equals(text, s, fold);
      }
      return f.op == Op::kIn ? in : !in;
    }
    case Op::kPrefix:
      return text.size() >= operand.size() && Equals(text.substr(0, operand.size()), operand, fold);
    case Op::kSuffix:
      return text.size() >= operand.size() &&
             Equals(text.substr(text.size() - operand.size()), operand, fold);
    case Op::kContains:
      if (!fold) return text.find(operand) != std::string_view::npos;
      for (size_t i = 0; i + operand.size() <= text.size(); ++i)
        if (EqualsFold(text.substr(i, operand.size()), operand)) return true;
      return false;
    case Op::kLt: return x < f.num;
    case Op::kLe: return x <= f.num;
    case Op::kGt: return x > f.num;
    case Op::kGe: return x >= f.num;
    default:
      return false;
  }
}

}  // namespace

void AppendTree(const ConditionTree& t, ConditionProgram* p) { Append(t, t.root, p); }

void BuildAllProgram(const std::vector<const ConditionTree*>& trees, ConditionProgram* p) {
  std::vector<const ConditionTree*> sorted = trees;
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    return a->nodes[a->root].cost < b->nodes[b->root].cost;
  });
  p->nodes.emplace_back();  // root "all"
  for (const ConditionTree* t : sorted) AppendTree(*t, p);
  ProgramNode root;
  root.kind = NodeKind::kAll;
  root.end = static_cast<uint32_t>(p->nodes.size());
  p->nodes[0] = root;
}

bool EvalProgram(const ConditionProgram& p, uint32_t i, EvalContext& ctx) {
  const ProgramNode& f = p.nodes[i];
  switch (f.kind) {
    case NodeKind::kLeaf:
      if (f.flags & kProgInline) return InlineLeaf(p, f, ctx);
      return LeafMatches(*f.src, ctx);
    case NodeKind::kAll:
      for (uint32_t c = i + 1; c < f.end; c = p.nodes[c].end)
        if (!EvalProgram(p, c, ctx)) return false;
      return true;
    case NodeKind::kAny:
      for (uint32_t c = i + 1; c < f.end; c = p.nodes[c].end)
        if (EvalProgram(p, c, ctx)) return true;
      return false;
    case NodeKind::kNot:
      return !EvalProgram(p, i + 1, ctx);
  }
  return false;
}

}  // namespace suture::gray::internal

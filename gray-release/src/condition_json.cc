// JSON -> compiled Condition tree. Every error names its path.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <string>

#include "condition_tree.h"
#include "condition_json.h"
#include "json_util.h"
#include "suture/gray/condition.h"
#include "suture/gray/json.h"

namespace suture::gray {
namespace internal {
namespace {

struct AttrEntry {
  std::string_view name;
  Attr attr;
};
constexpr AttrEntry kAttrs[] = {
    {"device_id", Attr::kDeviceId}, {"user_id", Attr::kUserId},
    {"app_id", Attr::kAppId},       {"base_build", Attr::kBaseBuild},
    {"app_version", Attr::kAppVersion}, {"os", Attr::kOs},
    {"os_version", Attr::kOsVersion}, {"sdk", Attr::kSdk},
    {"brand", Attr::kBrand},        {"model", Attr::kModel},
    {"abi", Attr::kAbi},            {"channel", Attr::kChannel},
    {"region", Attr::kRegion},      {"locale", Attr::kLocale},
    {"network", Attr::kNetwork},    {"ip", Attr::kIp},
    {"now", Attr::kNow},
};

struct OpEntry {
  std::string_view name;
  Op op;
  std::string_view symbol;  // for text
};
constexpr OpEntry kOps[] = {
    {"eq", Op::kEq, "=="},          {"ne", Op::kNe, "!="},
    {"in", Op::kIn, "in"},          {"not_in", Op::kNotIn, "not in"},
    {"prefix", Op::kPrefix, "starts with"}, {"suffix", Op::kSuffix, "ends with"},
    {"contains", Op::kContains, "contains"}, {"lt", Op::kLt, "<"},
    {"le", Op::kLe, "<="},          {"gt", Op::kGt, ">"},
    {"ge", Op::kGe, ">="},          {"semver", Op::kSemver, "in versions"},
    {"time_window", Op::kTimeWindow, "in"}, {"regex", Op::kRegex, "matches"},
    {"cidr", Op::kCidr, "in"},      {"exists", Op::kExists, "exists"},
};

std::string_view OpSymbol(Op op) {
  for (const auto& e : kOps)
    if (e.op == op) return e.symbol;
  return "?";
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string NumberText(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

// Rejects regexes whose compiled size could explode: long patterns and large
// or many counted repetitions ("(a{100}){100}").
Status CheckRegexBudget(std::string_view pattern, std::string_view path) {
  if (pattern.size() > kMaxRegexLength) {
    return PathError(path, "regex of " + std::to_string(pattern.size()) +
                               " characters exceeds limit " + std::to_string(kMaxRegexLength));
  }
  // The product of all counted repetitions bounds the compiled size however
  // they nest.
  uint64_t product = 1;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      if (i + 1 < pattern.size() && pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
        return PathError(path, "regex back-references are not supported");
      }
      ++i;
      continue;
    }
    if (pattern[i] != '{') continue;
    size_t j = i + 1;
    uint64_t num = 0, most = 0;
    while (j < pattern.size() && ((pattern[j] >= '0' && pattern[j] <= '9') || pattern[j] == ',')) {
      if (pattern[j] == ',') {
        num = 0;
      } else {
        num = num * 10 + static_cast<uint64_t>(pattern[j] - '0');
        if (num > 64) return PathError(path, "regex repetition count above 64");
      }
      most = std::max(most, num);
      ++j;
    }
    product *= std::max<uint64_t>(most, 1);
    if (product > 1024) return PathError(path, "regex counted repetitions multiply above 1024");
  }
  return Status::Ok();
}

// Relative cost of evaluating a leaf, for ordering siblings.
uint32_t LeafCost(const Node& n) {
  switch (n.op) {
    case Op::kIn:
    case Op::kNotIn:
      return n.strs.size() > 8 ? 3 : 2;
    case Op::kContains:
    case Op::kSemver:
      return 3;
    case Op::kCidr:
      return 4;
    case Op::kRegex:
      return 50;
    default:
      return n.attr == Attr::kCustom ? 2 : 1;
  }
}

class Builder {
 public:
  explicit Builder(ConditionTree* tree) : tree_(tree) {}

  StatusOr<uint32_t> Build(const Json& v, const std::string& path, size_t depth) {
    if (depth > kMaxConditionDepth) {
      return PathError(path, "nesting deeper than " + std::to_string(kMaxConditionDepth));
    }
    if (tree_->nodes.size() >= kMaxConditionNodes) {
      return PathError(path, "more than " + std::to_string(kMaxConditionNodes) + " nodes");
    }
    if (!v.is_object()) {
      return PathError(path, "expected an object, got " + std::string(TypeName(v)));
    }
    for (std::string_view k : {"all", "any", "not"}) {
      if (v.contains(k)) return BuildGroup(v, path, k, depth);
    }
    return BuildLeaf(v, path);
  }

 private:
  uint32_t AddNode(Node n) {
    tree_->nodes.push_back(std::move(n));
    return static_cast<uint32_t>(tree_->nodes.size() - 1);
  }

  StatusOr<uint32_t> BuildGroup(const Json& v, const std::string& path, std::string_view key,
                                size_t depth) {
    if (v.size() != 1) {
      return PathError(path, "\"" + std::string(key) + "\" must be the only key of its object");
    }
    std::string p = JoinPath(path, key);
    const Json& body = v.at(std::string(key));
    Node n;
    std::vector<uint32_t> children;
    if (key == "not") {
      n.kind = NodeKind::kNot;
      SUTURE_ASSIGN_OR_RETURN(uint32_t c, Build(body, p, depth + 1));
      children.push_back(c);
    } else {
      n.kind = key == "all" ? NodeKind::kAll : NodeKind::kAny;
      if (!body.is_array()) {
        return PathError(p, "expected an array, got " + std::string(TypeName(body)));
      }
      for (size_t i = 0; i < body.size(); ++i) {
        SUTURE_ASSIGN_OR_RETURN(uint32_t c, Build(body[i], IndexPath(p, i), depth + 1));
        children.push_back(c);
      }
    }
    // Text: "(a and b)", "(a or b)", "not a".
    if (n.kind == NodeKind::kNot) {
      n.text = "not " + tree_->nodes[children[0]].text;
    } else if (children.empty()) {
      n.text = n.kind == NodeKind::kAll ? "true" : "false";
    } else {
      std::string sep = n.kind == NodeKind::kAll ? " and " : " or ";
      n.text = "(";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i) n.text += sep;
        n.text += tree_->nodes[children[i]].text;
      }
      n.text += ")";
    }
    // Cheap children first: and/or are pure, so order only changes speed.
    std::stable_sort(children.begin(), children.end(), [&](uint32_t a, uint32_t b) {
      return tree_->nodes[a].cost < tree_->nodes[b].cost;
    });
    uint64_t cost = 1;
    for (uint32_t c : children) cost += tree_->nodes[c].cost;
    n.cost = static_cast<uint32_t>(std::min<uint64_t>(cost, 1u << 30));
    n.children = std::move(children);
    return AddNode(std::move(n));
  }

  StatusOr<uint32_t> BuildLeaf(const Json& v, const std::string& path) {
    SUTURE_RETURN_IF_ERROR(
        CheckKeys(v, path, {"attr", "op", "value", "ignore_case", "from", "until"}));
    Node n;
    n.kind = NodeKind::kLeaf;
    // op first: time_window needs no attr.
    std::string op_name;
    SUTURE_RETURN_IF_ERROR(GetString(v, "op", path, &op_name, /*required=*/true));
    bool op_found = false;
    for (const auto& e : kOps) {
      if (e.name == op_name) n.op = e.op, op_found = true;
    }
    if (!op_found) return PathError(JoinPath(path, "op"), "unknown operator " + Quote(op_name));

    std::string attr_name = n.op == Op::kTimeWindow ? "now" : "";
    SUTURE_RETURN_IF_ERROR(GetString(v, "attr", path, &attr_name, n.op != Op::kTimeWindow));
    std::string attr_path = JoinPath(path, "attr");
    if (attr_name.starts_with("custom.")) {
      n.attr = Attr::kCustom;
      n.custom_key = attr_name.substr(7);
      if (n.custom_key.empty()) return PathError(attr_path, "empty custom attribute name");
    } else {
      bool found = false;
      for (const auto& e : kAttrs) {
        if (e.name == attr_name) n.attr = e.attr, found = true;
      }
      if (!found) return PathError(attr_path, "unknown attribute " + Quote(attr_name));
    }
    if ((n.attr == Attr::kNow) != (n.op == Op::kTimeWindow)) {
      return PathError(attr_path, n.op == Op::kTimeWindow
                                      ? "time_window applies to \"now\" only"
                                      : "attribute \"now\" takes only the time_window operator");
    }
    SUTURE_RETURN_IF_ERROR(GetBool(v, "ignore_case", path, &n.ignore_case));
    SUTURE_RETURN_IF_ERROR(BuildOperand(v, path, &n));
    std::string label = n.attr == Attr::kCustom ? attr_name : std::string(AttrName(n.attr));
    n.text = label + " " + std::string(OpSymbol(n.op)) + n.text;
    if (n.ignore_case) n.text += " (ignore case)";
    n.cost = LeafCost(n);
    return AddNode(std::move(n));
  }

  // Fills the operand fields and n->text with " <operand>".
  Status BuildOperand(const Json& v, const std::string& path, Node* n) {
    std::string vpath = JoinPath(path, "value");
    auto vit = v.find("value");
    bool has_value = vit != v.end();
    bool is_window = n->op == Op::kTimeWindow;
    if (!is_window && (v.contains("from") || v.contains("until"))) {
      return PathError(JoinPath(path, v.contains("from") ? "from" : "until"),
                       "only time_window takes from/until");
    }
    if (n->ignore_case && n->op != Op::kEq && n->op != Op::kNe && n->op != Op::kIn &&
        n->op != Op::kNotIn && n->op != Op::kPrefix && n->op != Op::kSuffix &&
        n->op != Op::kContains && n->op != Op::kRegex) {
      return PathError(JoinPath(path, "ignore_case"),
                       "not supported by operator " + Quote(OpName(n->op)));
    }
    if (n->op == Op::kExists || is_window) {
      if (has_value) return PathError(vpath, "operator " + Quote(OpName(n->op)) + " takes no value");
    } else if (!has_value) {
      return PathError(vpath, "missing");
    }
    const Json* val = has_value ? &*vit : nullptr;
    auto expect = [&](bool ok, std::string_view what) -> Status {
      if (ok) return Status::Ok();
      return PathError(vpath, "expected " + std::string(what) + " for operator " +
                                  Quote(OpName(n->op)) + ", got " + std::string(TypeName(*val)));
    };
    switch (n->op) {
      case Op::kEq:
      case Op::kNe:
        SUTURE_RETURN_IF_ERROR(expect(val->is_string() || val->is_number(), "a string or number"));
        if (val->is_number()) {
          n->numeric = true;
          n->num = val->get<double>();
          n->text = " " + NumberText(n->num);
          if (n->ignore_case) return PathError(JoinPath(path, "ignore_case"), "not allowed with a number");
        } else {
          const std::string& s = val->get_ref<const std::string&>();
          n->str = n->ignore_case ? LowerAscii(s) : s;
          n->text = " " + Quote(s);
        }
        return Status::Ok();
      case Op::kIn:
      case Op::kNotIn:
        return BuildList(*val, vpath, n);
      case Op::kPrefix:
      case Op::kSuffix:
      case Op::kContains: {
        SUTURE_RETURN_IF_ERROR(expect(val->is_string(), "a string"));
        const std::string& s = val->get_ref<const std::string&>();
        n->str = n->ignore_case ? LowerAscii(s) : s;
        n->text = " " + Quote(s);
        return Status::Ok();
      }
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        SUTURE_RETURN_IF_ERROR(expect(val->is_number(), "a number"));
        n->num = val->get<double>();
        n->text = " " + NumberText(n->num);
        return Status::Ok();
      case Op::kSemver: {
        SUTURE_RETURN_IF_ERROR(expect(val->is_string(), "a version range string"));
        const std::string& s = val->get_ref<const std::string&>();
        auto range = ParseVersionRange(s);
        if (!range.ok()) return PathError(vpath, range.status().message());
        n->range = std::move(range).value();
        n->text = " " + Quote(s);
        return Status::Ok();
      }
      case Op::kRegex: {
        SUTURE_RETURN_IF_ERROR(expect(val->is_string(), "a pattern string"));
        const std::string& s = val->get_ref<const std::string&>();
        SUTURE_RETURN_IF_ERROR(CheckRegexBudget(s, vpath));
        auto flags = std::regex::ECMAScript | std::regex::optimize;
#if defined(__GLIBCXX__)
        // libstdc++'s breadth-first executor: polynomial time, no
        // catastrophic backtracking on hostile input like "(a*)*b".
        flags |= std::regex_constants::__polynomial;
#endif
        if (n->ignore_case) flags |= std::regex::icase;
        try {
          n->re = std::make_shared<const std::regex>(s, flags);
        } catch (const std::exception& e) {
          return PathError(vpath, "invalid regex " + Quote(s) + ": " + e.what());
        }
        n->text = " /" + s + "/";
        return Status::Ok();
      }
      case Op::kCidr: {
        SUTURE_RETURN_IF_ERROR(expect(val->is_string() || val->is_array(),
                                      "a CIDR string or an array of them"));
        std::vector<std::string> blocks;
        if (val->is_string()) {
          blocks.push_back(val->get<std::string>());
        } else {
          for (size_t i = 0; i < val->size(); ++i) {
            const Json& e = (*val)[i];
            if (!e.is_string()) {
              return PathError(IndexPath(vpath, i), "expected a CIDR string, got " +
                                                        std::string(TypeName(e)));
            }
            blocks.push_back(e.get<std::string>());
          }
          if (blocks.empty()) return PathError(vpath, "empty CIDR list");
        }
        n->text = " [";
        for (size_t i = 0; i < blocks.size(); ++i) {
          auto c = ParseCidr(blocks[i]);
          if (!c.ok()) {
            return PathError(val->is_array() ? IndexPath(vpath, i) : vpath, c.status().message());
          }
          n->cidrs.push_back(*c);
          if (i) n->text += ", ";
          if (i == 4 && blocks.size() > 5) {
            n->text += "... (" + std::to_string(blocks.size()) + " blocks)";
            break;
          }
          n->text += blocks[i];
        }
        n->text += "]";
        return Status::Ok();
      }
      case Op::kTimeWindow: {
        std::string from, until;
        SUTURE_RETURN_IF_ERROR(GetString(v, "from", path, &from, false));
        SUTURE_RETURN_IF_ERROR(GetString(v, "until", path, &until, false));
        if (from.empty() && until.empty()) return PathError(path, "time_window needs from or until");
        if (!from.empty()) {
          auto t = ParseRfc3339(from);
          if (!t.ok()) return PathError(JoinPath(path, "from"), t.status().message());
          n->from = *t;
        }
        if (!until.empty()) {
          auto t = ParseRfc3339(until);
          if (!t.ok()) return PathError(JoinPath(path, "until"), t.status().message());
          n->until = *t;
        }
        if (!from.empty() && !until.empty() && n->from >= n->until) {
          return PathError(JoinPath(path, "until"), "not after from");
        }
        n->text = " [" + (from.empty() ? std::string("-inf") : FormatRfc3339(n->from)) + ", " +
                  (until.empty() ? std::string("+inf") : FormatRfc3339(n->until)) + ")";
        return Status::Ok();
      }
      case Op::kExists:
        return Status::Ok();
    }
    return Status::Ok();
  }

  Status BuildList(const Json& val, const std::string& vpath, Node* n) {
    if (!val.is_array()) {
      return PathError(vpath, "expected an array for operator " + Quote(OpName(n->op)) +
                                  ", got " + std::string(TypeName(val)));
    }
    if (val.empty()) return PathError(vpath, "empty list");
    n->numeric = val[0].is_number();
    for (size_t i = 0; i < val.size(); ++i) {
      const Json& e = val[i];
      if (n->numeric ? !e.is_number() : !e.is_string()) {
        return PathError(IndexPath(vpath, i),
                         std::string("expected a ") + (n->numeric ? "number" : "string") +
                             " like the first element, got " + std::string(TypeName(e)));
      }
      if (n->numeric) {
        n->nums.push_back(e.get<double>());
      } else {
        const std::string& s = e.get_ref<const std::string&>();
        if (n->ignore_case && s.size() > 256) {
          return PathError(IndexPath(vpath, i), "longer than 256 bytes with ignore_case");
        }
        n->strs.push_back(n->ignore_case ? LowerAscii(s) : s);
      }
    }
    if (n->numeric && n->ignore_case) {
      return PathError(JoinPath(vpath.substr(0, vpath.size() - 6), "ignore_case"),
                       "not allowed with numbers");
    }
    std::sort(n->strs.begin(), n->strs.end());
    n->strs.erase(std::unique(n->strs.begin(), n->strs.end()), n->strs.end());
    std::sort(n->nums.begin(), n->nums.end());
    n->text = " [";
    size_t count = val.size();
    for (size_t i = 0; i < count && i < 5; ++i) {
      if (i) n->text += ", ";
      n->text += n->numeric ? NumberText(val[i].get<double>()) : Quote(val[i].get<std::string>());
    }
    if (count > 5) n->text += ", ... (" + std::to_string(count) + " values)";
    n->text += "]";
    return Status::Ok();
  }

  ConditionTree* tree_;
};

}  // namespace

StatusOr<Condition> ConditionFromJsonValue(const Json& v, const std::string& path) {
  auto tree = std::make_shared<ConditionTree>();
  Builder b(tree.get());
  SUTURE_ASSIGN_OR_RETURN(uint32_t root, b.Build(v, path, 0));
  tree->root = root;
  tree->canonical_json = Dump(v);
  return Condition(std::move(tree));
}

Json ConditionToJsonValue(const Condition& c) {
  try {
    return Json::parse(c.tree().canonical_json);
  } catch (const std::exception&) {
    return Json::object();  // unreachable: canonical_json came from a Json
  }
}

}  // namespace internal

StatusOr<Condition> Condition::FromJson(std::string_view json_text, std::string_view path) {
  SUTURE_ASSIGN_OR_RETURN(internal::Json v, internal::ParseJsonText(json_text));
  return internal::ConditionFromJsonValue(v, std::string(path));
}

}  // namespace suture::gray

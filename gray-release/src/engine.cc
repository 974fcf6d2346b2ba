// ReleaseSet: validation, the (app, base build) index, and Evaluate.
#include "suture/gray/engine.h"

#include <algorithm>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "condition_tree.h"
#include "condition_program.h"

namespace suture::gray {
namespace internal {
namespace {

struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using SvMap = std::unordered_map<std::string, V, SvHash, std::equal_to<>>;

// (app id, base build) keys, looked up by a pair of views without building
// a string.
using AppBuild = std::pair<std::string, std::string>;
using AppBuildView = std::pair<std::string_view, std::string_view>;
struct AppBuildHash {
  using is_transparent = void;
  size_t operator()(AppBuildView k) const {
    size_t h = std::hash<std::string_view>{}(k.first);
    return h ^ (std::hash<std::string_view>{}(k.second) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  }
  size_t operator()(const AppBuild& k) const { return (*this)(AppBuildView(k.first, k.second)); }
};
struct AppBuildEq {
  using is_transparent = void;
  static AppBuildView V(const AppBuild& k) { return {k.first, k.second}; }
  static AppBuildView V(AppBuildView k) { return k; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const { return V(a) == V(b); }
};

}  // namespace

// Per-release data precomputed at Build so a check does no hashing of salts,
// no percentage arithmetic and no allocation.
struct CompiledRelease {
  const Release* release = nullptr;
  uint64_t salt_state = 0;
  uint32_t live_end = 0;
  bool has_targets = false;                     // any allow/deny entry
  ConditionProgram rules;                            // all rules, cheapest first
  std::vector<std::string> superseded_patches;  // sorted
};

struct IndexedSet {
  std::vector<Release> releases;
  std::vector<CompiledRelease> compiled;
  std::unordered_map<AppBuild, std::vector<uint32_t>, AppBuildHash, AppBuildEq> by_app_build;
  SvMap<uint32_t> by_id;
  // Every device/user id named in any allow or deny list: one lookup per
  // check spares the per-release list searches for everyone else.
  std::unordered_set<std::string, SvHash, std::equal_to<>> targeted;
};

}  // namespace internal

namespace {

using internal::CompiledRelease;

bool SortedContains(const std::vector<std::string>& v, std::string_view s) {
  if (v.empty() || s.empty()) return false;
  return std::binary_search(v.begin(), v.end(), s,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

void SortUnique(std::vector<std::string>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// Supersede edges must not form a cycle (A replaces B replaces A).
Status CheckSupersedeCycles(const internal::IndexedSet& s) {
  const size_t n = s.releases.size();
  std::vector<uint8_t> color(n, 0);  // 0 new, 1 on stack, 2 done
  std::vector<std::pair<uint32_t, size_t>> stack;
  for (uint32_t start = 0; start < n; ++start) {
    if (color[start]) continue;
    stack.push_back({start, 0});
    color[start] = 1;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      const auto& sup = s.releases[node].supersedes;
      if (next == sup.size()) {
        color[node] = 2;
        stack.pop_back();
        continue;
      }
      auto it = s.by_id.find(sup[next++]);
      if (it == s.by_id.end()) continue;
      uint32_t to = it->second;
      if (color[to] == 1) {
        return Status::InvalidArgument("release \"" + s.releases[to].id +
                                       "\": supersede cycle through \"" +
                                       s.releases[node].id + "\"");
      }
      if (color[to] == 0) {
        color[to] = 1;
        stack.push_back({to, 0});
      }
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view DecisionKindName(DecisionKind k) {
  switch (k) {
    case DecisionKind::kNone: return "none";
    case DecisionKind::kPatch: return "patch";
    case DecisionKind::kRollback: return "rollback";
  }
  return "?";
}

std::string_view ReasonCodeName(ReasonCode c) {
  switch (c) {
    case ReasonCode::kNoCandidates: return "no_candidates";
    case ReasonCode::kBucketIn: return "bucket_in";
    case ReasonCode::kAllowlisted: return "allowlisted";
    case ReasonCode::kSupersedes: return "supersedes";
    case ReasonCode::kRolledBack: return "rolled_back";
    case ReasonCode::kBucketOut: return "bucket_out";
    case ReasonCode::kRuleFailed: return "rule_failed";
    case ReasonCode::kDenylisted: return "denylisted";
    case ReasonCode::kNotActive: return "not_active";
    case ReasonCode::kNoDeviceId: return "no_device_id";
  }
  return "?";
}

std::string_view Decision::release_id() const {
  return release ? std::string_view(release->id) : std::string_view();
}
std::string_view Decision::patch_id() const {
  return release ? std::string_view(release->patch_id) : std::string_view();
}

ReleaseSet::ReleaseSet() : set_(std::make_unique<internal::IndexedSet>()) {}
ReleaseSet::~ReleaseSet() = default;
ReleaseSet::ReleaseSet(ReleaseSet&&) noexcept = default;
ReleaseSet& ReleaseSet::operator=(ReleaseSet&&) noexcept = default;

const std::vector<Release>& ReleaseSet::releases() const { return set_->releases; }

const Release* ReleaseSet::Find(std::string_view release_id) const {
  auto it = set_->by_id.find(release_id);
  return it == set_->by_id.end() ? nullptr : &set_->releases[it->second];
}

StatusOr<ReleaseSet> ReleaseSet::Build(std::vector<Release> releases) {
  ReleaseSet out;
  internal::IndexedSet& s = *out.set_;
  s.releases = std::move(releases);
  for (uint32_t i = 0; i < s.releases.size(); ++i) {
    Release& r = s.releases[i];
    SUTURE_RETURN_IF_ERROR(ValidateRelease(r));
    if (!s.by_id.emplace(r.id, i).second) {
      return Status::InvalidArgument("release \"" + r.id + "\": duplicate id");
    }
    SortUnique(&r.allow.devices);
    SortUnique(&r.allow.users);
    SortUnique(&r.deny.devices);
    SortUnique(&r.deny.users);
  }
  SUTURE_RETURN_IF_ERROR(CheckSupersedeCycles(s));
  s.compiled.resize(s.releases.size());
  for (uint32_t i = 0; i < s.releases.size(); ++i) {
    const Release& r = s.releases[i];
    CompiledRelease& c = s.compiled[i];
    c.release = &r;
    c.salt_state = SaltState(r.effective_salt());
    c.live_end = LiveEnd(r.range, r.CurrentBasisPoints());
    std::vector<const internal::ConditionTree*> trees;
    for (const Condition& cond : r.rules) trees.push_back(&cond.tree());
    internal::BuildAllProgram(trees, &c.rules);
    for (const auto* list : {&r.allow.devices, &r.allow.users, &r.deny.devices, &r.deny.users}) {
      for (const std::string& id : *list) s.targeted.insert(id);
      c.has_targets = c.has_targets || !list->empty();
    }
    for (const std::string& old_id : r.supersedes) {
      auto it = s.by_id.find(old_id);
      if (it != s.by_id.end()) c.superseded_patches.push_back(s.releases[it->second].patch_id);
    }
    SortUnique(&c.superseded_patches);
    for (const std::string& b : r.base_builds) {
      auto& v = s.by_app_build[internal::AppBuild(r.app_id, b)];
      if (std::find(v.begin(), v.end(), i) == v.end()) v.push_back(i);
    }
  }
  // Candidates in priority order: higher priority first, then input order.
  for (auto& [key, v] : s.by_app_build) {
    std::stable_sort(v.begin(), v.end(), [&](uint32_t a, uint32_t b) {
      return s.releases[a].priority > s.releases[b].priority;
    });
  }
  return out;
}

namespace {

bool Listed(const TargetList& l, const DeviceContext& d) {
  return SortedContains(l.devices, d.device_id) || SortedContains(l.users, d.user_id);
}

std::string Explain(const Decision& dec, const DeviceContext& d, Timestamp now) {
  if (dec.code == ReasonCode::kNoCandidates) {
    return "no release for app \"" + d.app_id + "\" base build \"" + d.base_build + "\"";
  }
  const Release& r = *dec.release;
  std::string s = r.id + ": ";
  auto bucket_text = [&](const char* rel) {
    std::string t = "bucket " + std::to_string(dec.bucket) + " " + rel + " " +
                    std::to_string(dec.live_end) + " (" +
                    FormatBasisPoints(r.CurrentBasisPoints()) + ")";
    if (!(r.range == BucketRange{})) {
      t += " in range [" + std::to_string(r.range.begin) + ", " + std::to_string(r.range.end) +
           ")";
    }
    return t;
  };
  switch (dec.code) {
    case ReasonCode::kNoCandidates:
      break;
    case ReasonCode::kBucketIn:
      s += bucket_text("<");
      break;
    case ReasonCode::kBucketOut:
      if (dec.bucket < r.range.begin) s += bucket_text("below range start; limit");
      else s += bucket_text(">=");
      break;
    case ReasonCode::kAllowlisted:
      s += SortedContains(r.allow.devices, d.device_id) ? "device \"" + d.device_id + "\" allowlisted"
                                                      : "user \"" + d.user_id + "\" allowlisted";
      break;
    case ReasonCode::kDenylisted:
      s += SortedContains(r.deny.devices, d.device_id) ? "device \"" + d.device_id + "\" denylisted"
                                                     : "user \"" + d.user_id + "\" denylisted";
      break;
    case ReasonCode::kSupersedes:
      s += "replaces installed patch \"" + d.installed_patch + "\" of a superseded release";
      break;
    case ReasonCode::kRolledBack:
      s += "release rolled back: remove patch \"" + r.patch_id + "\"";
      break;
    case ReasonCode::kNotActive:
      s += "release is " + std::string(ReleaseStateName(r.state));
      break;
    case ReasonCode::kNoDeviceId:
      s += "no device id: not in any percentage rollout";
      break;
    case ReasonCode::kRuleFailed:
      for (size_t i = 0; i < r.rules.size(); ++i) {
        std::string why;
        if (!r.rules[i].Matches(d, now, &why)) {
          s += "rules[" + std::to_string(i) + "]: " + why;
          break;
        }
      }
      break;
  }
  if (dec.already_installed) s += " (already installed)";
  return s;
}

}  // namespace

Decision ReleaseSet::Evaluate(const DeviceContext& d, Timestamp now,
                              const EvalOptions& options) const {
  Decision dec;
  const std::vector<uint32_t>* cands = nullptr;
  if (auto it = set_->by_app_build.find(internal::AppBuildView(d.app_id, d.base_build));
      it != set_->by_app_build.end()) {
    cands = &it->second;
  }
  if (cands == nullptr) {
    if (options.explain) dec.reason = Explain(dec, d, now);
    return dec;
  }
  dec.candidates = static_cast<uint32_t>(cands->size());

  // The first failure of an active-ish candidate explains a kNone.
  const CompiledRelease* fail = nullptr;
  ReasonCode fail_code = ReasonCode::kNoCandidates;
  uint32_t fail_bucket = 0;
  auto note = [&](const CompiledRelease& c, ReasonCode code, uint32_t bucket) {
    if (fail != nullptr && !(fail_code == ReasonCode::kNotActive && code != ReasonCode::kNotActive)) {
      return;
    }
    fail = &c;
    fail_code = code;
    fail_bucket = bucket;
  };

  const bool targeted =
      !set_->targeted.empty() &&
      ((!d.device_id.empty() && set_->targeted.find(std::string_view(d.device_id)) !=
                                    set_->targeted.end()) ||
       (!d.user_id.empty() &&
        set_->targeted.find(std::string_view(d.user_id)) != set_->targeted.end()));
  internal::EvalContext ctx(d, now);
  for (uint32_t idx : *cands) {
    const CompiledRelease& c = set_->compiled[idx];
    const Release& r = *c.release;
    bool active = r.state == ReleaseState::kActive;
    if (!active && r.state != ReleaseState::kPaused) {
      note(c, ReasonCode::kNotActive, 0);
      continue;
    }
    const bool check_lists = targeted && c.has_targets;
    if (check_lists && Listed(r.deny, d)) {
      note(c, ReasonCode::kDenylisted, 0);
      continue;
    }
    ReasonCode win;
    uint32_t bucket = 0;
    if (check_lists && Listed(r.allow, d)) {
      win = ReasonCode::kAllowlisted;
    } else if (!active) {
      note(c, ReasonCode::kNotActive, 0);
      continue;
    } else {
      if (!internal::EvalProgram(c.rules, 0, ctx)) {
        note(c, ReasonCode::kRuleFailed, 0);
        continue;
      }
      if (SortedContains(c.superseded_patches, d.installed_patch)) {
        win = ReasonCode::kSupersedes;
      } else if (d.device_id.empty()) {
        note(c, ReasonCode::kNoDeviceId, 0);
        continue;
      } else {
        bucket = BucketFromSaltState(c.salt_state, d.device_id);
        if (bucket < r.range.begin || bucket >= c.live_end) {
          note(c, ReasonCode::kBucketOut, bucket);
          continue;
        }
        win = ReasonCode::kBucketIn;
      }
    }
    dec.kind = DecisionKind::kPatch;
    dec.code = win;
    dec.release = &r;
    dec.bucket = bucket;
    dec.live_end = c.live_end;
    dec.already_installed = !d.installed_patch.empty() && d.installed_patch == r.patch_id;
    if (options.explain) dec.reason = Explain(dec, d, now);
    return dec;
  }

  // No offer. A patch that only rolled-back releases ship must go.
  if (!d.installed_patch.empty()) {
    const Release* rolled = nullptr;
    bool kept = false;
    for (uint32_t idx : *cands) {
      const Release& r = set_->releases[idx];
      if (r.patch_id != d.installed_patch) continue;
      if (r.state == ReleaseState::kRolledBack) {
        if (rolled == nullptr) rolled = &r;
      } else {
        kept = true;
      }
    }
    if (rolled != nullptr && !kept) {
      dec.kind = DecisionKind::kRollback;
      dec.code = ReasonCode::kRolledBack;
      dec.release = rolled;
      if (options.explain) dec.reason = Explain(dec, d, now);
      return dec;
    }
  }
  if (fail != nullptr) {
    dec.release = fail->release;
    dec.code = fail_code;
    dec.bucket = fail_bucket;
    dec.live_end = fail->live_end;
  }
  if (options.explain) dec.reason = Explain(dec, d, now);
  return dec;
}

}  // namespace suture::gray

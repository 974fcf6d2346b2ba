// Release <-> JSON (docs/gray-release.md, "JSON form").
#include <cmath>
#include <string>

#include "condition_json.h"
#include "json_util.h"
#include "suture/gray/json.h"

namespace suture::gray {
namespace {

using internal::Dump;
using internal::GetBool;
using internal::GetInt;
using internal::GetNumber;
using internal::GetString;
using internal::GetStringList;
using internal::IndexPath;
using internal::JoinPath;
using internal::Json;
using internal::PathError;
using internal::TypeName;

constexpr int64_t kMaxTime = 253402300799;  // 9999-12-31T23:59:59Z

// "percent": 0..100 with at most two decimals -> basis points.
Status GetPercent(const Json& obj, std::string_view path, uint32_t* bp, bool required) {
  double pct = -1;
  SUTURE_RETURN_IF_ERROR(GetNumber(obj, "percent", path, 0, 100, &pct, required));
  if (pct < 0) return Status::Ok();  // absent and optional
  double scaled = pct * 100;
  double rounded = std::round(scaled);
  if (std::fabs(scaled - rounded) > 1e-6) {
    return PathError(JoinPath(path, "percent"), Dump(obj.at("percent")) +
                                                    " is finer than 0.01% (1/10000)");
  }
  *bp = static_cast<uint32_t>(rounded);
  return Status::Ok();
}

Status GetTime(const Json& obj, std::string_view key, std::string_view path, Timestamp* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  std::string p = JoinPath(path, key);
  if (it->is_number()) {
    int64_t t = 0;
    SUTURE_RETURN_IF_ERROR(GetInt(obj, key, path, 0, kMaxTime, &t, true));
    *out = t;
    return Status::Ok();
  }
  if (!it->is_string()) {
    return PathError(p, "expected an RFC 3339 string or Unix seconds, got " +
                            std::string(TypeName(*it)));
  }
  auto t = ParseRfc3339(it->get_ref<const std::string&>());
  if (!t.ok()) return PathError(p, t.status().message());
  *out = *t;
  return Status::Ok();
}

Status ParseTargets(const Json& obj, std::string_view key, std::string_view path, TargetList* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  std::string p = JoinPath(path, key);
  if (!it->is_object()) return PathError(p, "expected an object, got " + std::string(TypeName(*it)));
  SUTURE_RETURN_IF_ERROR(internal::CheckKeys(*it, p, {"devices", "users"}));
  SUTURE_RETURN_IF_ERROR(GetStringList(*it, "devices", p, &out->devices));
  SUTURE_RETURN_IF_ERROR(GetStringList(*it, "users", p, &out->users));
  return Status::Ok();
}

Status ParseRamp(const Json& obj, std::string_view path, Ramp* ramp) {
  auto it = obj.find("ramp");
  if (it == obj.end()) return Status::Ok();
  std::string p = JoinPath(path, "ramp");
  if (!it->is_object()) return PathError(p, "expected an object, got " + std::string(TypeName(*it)));
  SUTURE_RETURN_IF_ERROR(internal::CheckKeys(*it, p, {"steps", "current_step", "step_started_at"}));
  auto steps = it->find("steps");
  std::string sp = JoinPath(p, "steps");
  if (steps == it->end()) return PathError(sp, "missing");
  if (!steps->is_array()) return PathError(sp, "expected an array, got " + std::string(TypeName(*steps)));
  if (steps->empty()) return PathError(sp, "empty");
  if (steps->size() > 100) return PathError(sp, "more than 100 steps");
  for (size_t i = 0; i < steps->size(); ++i) {
    const Json& s = (*steps)[i];
    std::string ip = IndexPath(sp, i);
    if (!s.is_object()) return PathError(ip, "expected an object, got " + std::string(TypeName(s)));
    SUTURE_RETURN_IF_ERROR(internal::CheckKeys(s, ip, {"percent", "min_duration_s", "gate"}));
    RampStep step;
    SUTURE_RETURN_IF_ERROR(GetPercent(s, ip, &step.basis_points, true));
    SUTURE_RETURN_IF_ERROR(GetInt(s, "min_duration_s", ip, 0, kMaxTime, &step.min_duration_s, false));
    if (auto g = s.find("gate"); g != s.end()) {
      std::string gp = JoinPath(ip, "gate");
      if (!g->is_object()) return PathError(gp, "expected an object, got " + std::string(TypeName(*g)));
      SUTURE_RETURN_IF_ERROR(internal::CheckKeys(*g, gp, {"min_installs", "max_failure_rate"}));
      RampGate gate;
      int64_t mi = 0;
      SUTURE_RETURN_IF_ERROR(GetInt(*g, "min_installs", gp, 0, INT64_MAX, &mi, false));
      gate.min_installs = static_cast<uint64_t>(mi);
      SUTURE_RETURN_IF_ERROR(GetNumber(*g, "max_failure_rate", gp, 0, 1, &gate.max_failure_rate, false));
      step.gate = gate;
    }
    if (i > 0 && step.basis_points < ramp->steps.back().basis_points) {
      return PathError(JoinPath(ip, "percent"),
                       FormatBasisPoints(step.basis_points) + " is below the previous step's " +
                           FormatBasisPoints(ramp->steps.back().basis_points));
    }
    ramp->steps.push_back(step);
  }
  int64_t cur = 0;
  SUTURE_RETURN_IF_ERROR(GetInt(*it, "current_step", p, 0,
                                static_cast<int64_t>(ramp->steps.size()) - 1, &cur, false));
  ramp->current_step = static_cast<uint32_t>(cur);
  SUTURE_RETURN_IF_ERROR(GetTime(*it, "step_started_at", p, &ramp->step_started_at));
  return Status::Ok();
}

Status ParseAutoHalt(const Json& obj, std::string_view path, AutoHaltPolicy* a) {
  auto it = obj.find("auto_halt");
  if (it == obj.end()) return Status::Ok();
  std::string p = JoinPath(path, "auto_halt");
  if (!it->is_object()) return PathError(p, "expected an object, got " + std::string(TypeName(*it)));
  SUTURE_RETURN_IF_ERROR(internal::CheckKeys(
      *it, p,
      {"enabled", "absolute_margin", "relative_margin", "min_devices", "min_crashes",
       "z_critical", "max_apply_failure_rate", "min_attempts"}));
  SUTURE_RETURN_IF_ERROR(GetBool(*it, "enabled", p, &a->enabled));
  SUTURE_RETURN_IF_ERROR(GetNumber(*it, "absolute_margin", p, 0, 1, &a->absolute_margin, false));
  SUTURE_RETURN_IF_ERROR(GetNumber(*it, "relative_margin", p, 0, 100, &a->relative_margin, false));
  SUTURE_RETURN_IF_ERROR(GetNumber(*it, "z_critical", p, 0.1, 40, &a->z_critical, false));
  SUTURE_RETURN_IF_ERROR(
      GetNumber(*it, "max_apply_failure_rate", p, 0, 1, &a->max_apply_failure_rate, false));
  int64_t v = static_cast<int64_t>(a->min_devices);
  SUTURE_RETURN_IF_ERROR(GetInt(*it, "min_devices", p, 1, INT64_MAX, &v, false));
  a->min_devices = static_cast<uint64_t>(v);
  v = static_cast<int64_t>(a->min_crashes);
  SUTURE_RETURN_IF_ERROR(GetInt(*it, "min_crashes", p, 0, INT64_MAX, &v, false));
  a->min_crashes = static_cast<uint64_t>(v);
  v = static_cast<int64_t>(a->min_attempts);
  SUTURE_RETURN_IF_ERROR(GetInt(*it, "min_attempts", p, 1, INT64_MAX, &v, false));
  a->min_attempts = static_cast<uint64_t>(v);
  return Status::Ok();
}

StatusOr<Release> ReleaseFromJsonValue(const Json& v, const std::string& path) {
  if (!v.is_object()) return PathError(path, "expected an object, got " + std::string(TypeName(v)));
  SUTURE_RETURN_IF_ERROR(internal::CheckKeys(
      v, path,
      {"id", "app_id", "base_builds", "patch_id", "salt", "priority", "state", "state_reason",
       "rules", "allow", "deny", "bucket_range", "percent", "ramp", "supersedes", "auto_halt"}));
  Release r;
  SUTURE_RETURN_IF_ERROR(GetString(v, "id", path, &r.id, true));
  SUTURE_RETURN_IF_ERROR(GetString(v, "app_id", path, &r.app_id, true));
  SUTURE_RETURN_IF_ERROR(GetString(v, "patch_id", path, &r.patch_id, true));
  if (!v.contains("base_builds")) return PathError(JoinPath(path, "base_builds"), "missing");
  SUTURE_RETURN_IF_ERROR(GetStringList(v, "base_builds", path, &r.base_builds));
  SUTURE_RETURN_IF_ERROR(GetString(v, "salt", path, &r.salt, false));
  int64_t prio = 0;
  SUTURE_RETURN_IF_ERROR(GetInt(v, "priority", path, INT32_MIN, INT32_MAX, &prio, false));
  r.priority = static_cast<int32_t>(prio);
  std::string state = "active";
  SUTURE_RETURN_IF_ERROR(GetString(v, "state", path, &state, false));
  auto st = ParseReleaseState(state);
  if (!st.ok()) return PathError(JoinPath(path, "state"), st.status().message());
  r.state = *st;
  SUTURE_RETURN_IF_ERROR(GetString(v, "state_reason", path, &r.state_reason, false));
  if (auto rules = v.find("rules"); rules != v.end()) {
    std::string rp = JoinPath(path, "rules");
    if (!rules->is_array()) {
      return PathError(rp, "expected an array, got " + std::string(TypeName(*rules)));
    }
    for (size_t i = 0; i < rules->size(); ++i) {
      SUTURE_ASSIGN_OR_RETURN(Condition c,
                              internal::ConditionFromJsonValue((*rules)[i], IndexPath(rp, i)));
      r.rules.push_back(std::move(c));
    }
  }
  SUTURE_RETURN_IF_ERROR(ParseTargets(v, "allow", path, &r.allow));
  SUTURE_RETURN_IF_ERROR(ParseTargets(v, "deny", path, &r.deny));
  if (auto br = v.find("bucket_range"); br != v.end()) {
    std::string bp = JoinPath(path, "bucket_range");
    if (!br->is_array() || br->size() != 2 || !(*br)[0].is_number_integer() ||
        !(*br)[1].is_number_integer()) {
      return PathError(bp, "expected [begin, end] integers");
    }
    int64_t b = (*br)[0].get<int64_t>(), e = (*br)[1].get<int64_t>();
    if (b < 0 || e > kBucketCount || b >= e) {
      return PathError(bp, Dump(*br) + " is not a non-empty part of [0, 10000)");
    }
    r.range = {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
  }
  SUTURE_RETURN_IF_ERROR(GetPercent(v, path, &r.basis_points, false));
  SUTURE_RETURN_IF_ERROR(ParseRamp(v, path, &r.ramp));
  SUTURE_RETURN_IF_ERROR(GetStringList(v, "supersedes", path, &r.supersedes));
  SUTURE_RETURN_IF_ERROR(ParseAutoHalt(v, path, &r.auto_halt));
  Status s = ValidateRelease(r);
  if (!s.ok()) return path.empty() ? s : s.WithContext(path);
  return r;
}

Json TargetsJson(const TargetList& t) {
  return Json{{"devices", t.devices}, {"users", t.users}};
}

Json ReleaseJsonValue(const Release& r) {
  Json j = Json::object();
  j["id"] = r.id;
  j["app_id"] = r.app_id;
  j["base_builds"] = r.base_builds;
  j["patch_id"] = r.patch_id;
  if (!r.salt.empty()) j["salt"] = r.salt;
  j["priority"] = r.priority;
  j["state"] = std::string(ReleaseStateName(r.state));
  if (!r.state_reason.empty()) j["state_reason"] = r.state_reason;
  Json rules = Json::array();
  for (const Condition& c : r.rules) rules.push_back(internal::ConditionToJsonValue(c));
  j["rules"] = std::move(rules);
  j["allow"] = TargetsJson(r.allow);
  j["deny"] = TargetsJson(r.deny);
  j["bucket_range"] = Json::array({r.range.begin, r.range.end});
  j["percent"] = r.basis_points / 100.0;
  if (!r.ramp.steps.empty()) {
    Json steps = Json::array();
    for (const RampStep& s : r.ramp.steps) {
      Json js = {{"percent", s.basis_points / 100.0}, {"min_duration_s", s.min_duration_s}};
      if (s.gate) {
        js["gate"] = {{"min_installs", s.gate->min_installs},
                      {"max_failure_rate", s.gate->max_failure_rate}};
      }
      steps.push_back(std::move(js));
    }
    j["ramp"] = {{"steps", std::move(steps)},
                 {"current_step", r.ramp.current_step},
                 {"step_started_at", FormatRfc3339(r.ramp.step_started_at)}};
  }
  j["supersedes"] = r.supersedes;
  const AutoHaltPolicy& a = r.auto_halt;
  j["auto_halt"] = {{"enabled", a.enabled},
                    {"absolute_margin", a.absolute_margin},
                    {"relative_margin", a.relative_margin},
                    {"min_devices", a.min_devices},
                    {"min_crashes", a.min_crashes},
                    {"z_critical", a.z_critical},
                    {"max_apply_failure_rate", a.max_apply_failure_rate},
                    {"min_attempts", a.min_attempts}};
  return j;
}

}  // namespace

StatusOr<Release> ParseReleaseJson(std::string_view json_text, std::string_view path) {
  SUTURE_ASSIGN_OR_RETURN(Json v, internal::ParseJsonText(json_text));
  return ReleaseFromJsonValue(v, std::string(path));
}

StatusOr<std::vector<Release>> ParseReleasesJson(std::string_view json_text) {
  SUTURE_ASSIGN_OR_RETURN(Json v, internal::ParseJsonText(json_text));
  const Json* arr = &v;
  if (v.is_object()) {
    SUTURE_RETURN_IF_ERROR(internal::CheckKeys(v, "", {"releases"}));
    auto it = v.find("releases");
    if (it == v.end()) return PathError("releases", "missing");
    arr = &*it;
  }
  if (!arr->is_array()) {
    return PathError("releases", "expected an array, got " + std::string(TypeName(*arr)));
  }
  std::vector<Release> out;
  out.reserve(arr->size());
  for (size_t i = 0; i < arr->size(); ++i) {
    SUTURE_ASSIGN_OR_RETURN(Release r, ReleaseFromJsonValue((*arr)[i], IndexPath("releases", i)));
    out.push_back(std::move(r));
  }
  return out;
}

std::string ReleaseToJson(const Release& release) { return Dump(ReleaseJsonValue(release)); }

std::string ReleasesToJson(const std::vector<Release>& releases) {
  Json arr = Json::array();
  for (const Release& r : releases) arr.push_back(ReleaseJsonValue(r));
  return Dump(Json{{"releases", std::move(arr)}});
}

}  // namespace suture::gray

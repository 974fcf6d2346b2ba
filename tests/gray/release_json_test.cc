// The JSON form of releases: round trips and path-naming errors.
#include <gtest/gtest.h>

#include <string>

#include "suture/gray/engine.h"
#include "suture/gray/json.h"

namespace suture::gray {
namespace {

const char* kFull = R"({
  "id": "r-2026-11-22-a",
  "app_id": "com.example.app",
  "base_builds": ["b1001", "b1002"],
  "patch_id": "p-77",
  "salt": "exp-42",
  "priority": 3,
  "state": "active",
  "rules": [
    {"attr": "sdk", "op": "ge", "value": 23},
    {"any": [{"attr": "brand", "op": "in", "value": ["google", "samsung"], "ignore_case": true},
             {"not": {"attr": "region", "op": "eq", "value": "CN"}}]},
    {"attr": "app_version", "op": "semver", "value": ">=1.2.0 <2.0.0"},
    {"op": "time_window", "from": "2026-01-01T00:00:00Z"}
  ],
  "allow": {"devices": ["debug-1"], "users": []},
  "deny": {"devices": [], "users": ["u-banned"]},
  "bucket_range": [0, 5000],
  "ramp": {"steps": [{"percent": 1, "min_duration_s": 3600, "gate": {"min_installs": 100, "max_failure_rate": 0.02}},
                     {"percent": 12.34},
                     {"percent": 100}],
           "current_step": 1, "step_started_at": "2026-01-02T03:04:05Z"},
  "supersedes": ["r-old"],
  "auto_halt": {"enabled": true, "absolute_margin": 0.002, "min_devices": 500, "z_critical": 3.0}
})";

TEST(ReleaseJsonTest, ParsesEveryField) {
  auto r = ParseReleaseJson(kFull);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, "r-2026-11-22-a");
  EXPECT_EQ(r->base_builds.size(), 2u);
  EXPECT_EQ(r->effective_salt(), "exp-42");
  EXPECT_EQ(r->priority, 3);
  EXPECT_EQ(r->rules.size(), 4u);
  EXPECT_EQ(r->allow.devices, std::vector<std::string>{"debug-1"});
  EXPECT_EQ(r->deny.users, std::vector<std::string>{"u-banned"});
  EXPECT_EQ(r->range, (BucketRange{0, 5000}));
  ASSERT_EQ(r->ramp.steps.size(), 3u);
  EXPECT_EQ(r->ramp.steps[1].basis_points, 1234u);
  EXPECT_EQ(r->ramp.steps[0].gate->min_installs, 100u);
  EXPECT_EQ(r->ramp.current_step, 1u);
  EXPECT_EQ(r->ramp.step_started_at, 1767323045);
  EXPECT_EQ(r->CurrentBasisPoints(), 1234u);
  EXPECT_EQ(r->auto_halt.min_devices, 500u);
  EXPECT_DOUBLE_EQ(r->auto_halt.absolute_margin, 0.002);
  EXPECT_DOUBLE_EQ(r->auto_halt.relative_margin, AutoHaltPolicy{}.relative_margin);
}

TEST(ReleaseJsonTest, RoundTripIsStable) {
  auto r = ParseReleaseJson(kFull);
  ASSERT_TRUE(r.ok());
  std::string once = ReleaseToJson(*r);
  auto again = ParseReleaseJson(once);
  ASSERT_TRUE(again.ok()) << again.status().ToString() << "\n" << once;
  EXPECT_EQ(ReleaseToJson(*again), once);
  EXPECT_EQ(again->ramp, r->ramp);
  EXPECT_EQ(again->auto_halt, r->auto_halt);
  EXPECT_EQ(again->allow, r->allow);
  ASSERT_EQ(again->rules.size(), r->rules.size());
  for (size_t i = 0; i < r->rules.size(); ++i) EXPECT_EQ(again->rules[i].ToJson(), r->rules[i].ToJson());
}

TEST(ReleaseJsonTest, ListFormsAndEvaluation) {
  std::string doc = std::string("{\"releases\": [") + kFull + "]}";
  auto rs = ParseReleasesJson(doc);
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  auto rs2 = ParseReleasesJson(std::string("[") + kFull + "]");
  ASSERT_TRUE(rs2.ok());
  auto set = ReleaseSet::Build(std::move(rs).value());
  ASSERT_TRUE(set.ok());
  DeviceContext d;
  d.device_id = "debug-1";
  d.app_id = "com.example.app";
  d.base_build = "b1002";
  Decision dec = set->Evaluate(d, 1767323045);
  EXPECT_EQ(dec.kind, DecisionKind::kPatch);
  EXPECT_EQ(dec.code, ReasonCode::kAllowlisted);
  auto back = ParseReleasesJson(ReleasesToJson(set->releases()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->size(), 1u);
}

TEST(ReleaseJsonTest, MinimalReleaseDefaults) {
  auto r = ParseReleaseJson(R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->state, ReleaseState::kActive);
  EXPECT_EQ(r->basis_points, 0u);
  EXPECT_TRUE(r->rules.empty());
  EXPECT_EQ(r->effective_salt(), "r");
  EXPECT_TRUE(r->auto_halt.enabled);
}

struct ErrorCase {
  const char* name;
  const char* json;
  const char* message;
};

TEST(ReleaseJsonTest, NamedErrors) {
  const ErrorCase cases[] = {
      {"NotObject", "[]", "expected an object, got array"},
      {"MissingId", R"({"app_id":"a","base_builds":["b"],"patch_id":"p"})", "id: missing"},
      {"MissingBaseBuilds", R"({"id":"r","app_id":"a","patch_id":"p"})", "base_builds: missing"},
      {"BaseBuildNotString", R"({"id":"r","app_id":"a","base_builds":["b",7],"patch_id":"p"})",
       "base_builds[1]: expected a string, got number"},
      {"EmptyBaseBuilds", R"({"id":"r","app_id":"a","base_builds":[],"patch_id":"p"})",
       R"(release "r": base_builds: empty)"},
      {"UnknownKey", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","precent":5})",
       "precent: unknown key"},
      {"UnknownState", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","state":"live"})",
       R"(state: unknown release state "live")"},
      {"PercentTooHigh", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","percent":120})",
       "percent: 120 is outside [0.0, 100.0]"},
      {"PercentTooFine", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","percent":0.005})",
       "percent: 0.005 is finer than 0.01% (1/10000)"},
      {"PercentString", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","percent":"5%"})",
       "percent: expected a number, got string"},
      {"BucketRangeShape", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","bucket_range":[1]})",
       "bucket_range: expected [begin, end] integers"},
      {"BucketRangeEmpty", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","bucket_range":[10,10]})",
       "bucket_range: [10,10] is not a non-empty part of [0, 10000)"},
      {"RuleError", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","rules":[{"all":[{"attr":"sdk","op":"sdk_gt","value":1}]}]})",
       R"(rules[0].all[0].op: unknown operator "sdk_gt")"},
      {"RulesNotArray", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","rules":{}})",
       "rules: expected an array, got object"},
      {"RampEmpty", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","ramp":{"steps":[]}})",
       "ramp.steps: empty"},
      {"RampDecreasing", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","ramp":{"steps":[{"percent":50},{"percent":30}]}})",
       "ramp.steps[1].percent: 30.00% is below the previous step's 50.00%"},
      {"RampStepMissingPercent", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","ramp":{"steps":[{"min_duration_s":5}]}})",
       "ramp.steps[0].percent: missing"},
      {"RampGateRate", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","ramp":{"steps":[{"percent":1,"gate":{"max_failure_rate":2}}]}})",
       "ramp.steps[0].gate.max_failure_rate: 2 is outside [0.0, 1.0]"},
      {"RampCurrentStep", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","ramp":{"steps":[{"percent":1}],"current_step":3}})",
       "ramp.current_step: 3 is outside [0, 0]"},
      {"RampBadTime", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","ramp":{"steps":[{"percent":1}],"step_started_at":"noon"}})",
       R"(ramp.step_started_at: malformed RFC 3339 time "noon": expected YYYY-MM-DDTHH:MM:SSZ)"},
      {"DurationFraction", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","ramp":{"steps":[{"percent":1,"min_duration_s":1.5}]}})",
       "ramp.steps[0].min_duration_s: expected an integer, got a fraction"},
      {"AutoHaltUnknown", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","auto_halt":{"alpha":0.05}})",
       "auto_halt.alpha: unknown key"},
      {"AutoHaltNegativeMin", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","auto_halt":{"min_devices":-1}})",
       "auto_halt.min_devices: -1 is outside [1, 9223372036854775807]"},
      {"AllowNotObject", R"({"id":"r","app_id":"a","base_builds":["b"],"patch_id":"p","allow":["d"]})",
       "allow: expected an object, got array"},
      {"Truncated", R"({"id":"r","app_id":)", "invalid JSON: parse error at line 1, column 20: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = ParseReleaseJson(c.json);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(), c.message);
  }
}

TEST(ReleaseJsonTest, ListErrorsNameTheRelease) {
  auto r = ParseReleasesJson(
      R"({"releases":[{"id":"a","app_id":"x","base_builds":["b"],"patch_id":"p"},
                      {"id":"b","app_id":"x","base_builds":["b"],"patch_id":"p",
                       "ramp":{"steps":[{"percent":5},{"percent":120}]}}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "releases[1].ramp.steps[1].percent: 120 is outside [0.0, 100.0]");
  auto r2 = ParseReleasesJson(R"({"release":[]})");
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.status().message(), "release: unknown key");
}

}  // namespace
}  // namespace suture::gray

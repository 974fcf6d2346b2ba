// ReleaseSet::Evaluate: targeting, allow/deny, states, rollback, supersede,
// A/B, priorities and reasons.
#include "suture/gray/engine.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <regex>
#include <string>
#include <thread>

#include "suture/gray/json.h"

namespace suture::gray {
namespace {

const Timestamp kNow = 1767225600;

Release MakeRelease(std::string id, uint32_t bp, std::string patch = "") {
  Release r;
  r.id = id;
  r.app_id = "com.example";
  r.base_builds = {"b1"};
  r.patch_id = patch.empty() ? "p-" + id : patch;
  r.basis_points = bp;
  return r;
}

DeviceContext Device(std::string id, std::string installed = "") {
  DeviceContext d;
  d.device_id = std::move(id);
  d.app_id = "com.example";
  d.base_build = "b1";
  d.sdk = 30;
  d.installed_patch = std::move(installed);
  return d;
}

std::string DeviceId(int i) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "device-%06d", i);
  return buf;
}

ReleaseSet MustBuild(std::vector<Release> rs) {
  auto s = ReleaseSet::Build(std::move(rs));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

Condition Rule(const char* json) {
  auto c = Condition::FromJson(json);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? *c : Condition();
}

TEST(EngineTest, NoCandidates) {
  ReleaseSet set = MustBuild({MakeRelease("r1", 10000)});
  DeviceContext d = Device("dev");
  d.base_build = "b2";
  Decision dec = set.Evaluate(d, kNow);
  EXPECT_EQ(dec.kind, DecisionKind::kNone);
  EXPECT_EQ(dec.code, ReasonCode::kNoCandidates);
  EXPECT_EQ(dec.reason, R"(no release for app "com.example" base build "b2")");
  d.base_build = "b1";
  d.app_id = "com.other";
  EXPECT_EQ(set.Evaluate(d, kNow).code, ReasonCode::kNoCandidates);
}

TEST(EngineTest, PercentageDecidesByBucket) {
  ReleaseSet set = MustBuild({MakeRelease("r1", 1000)});
  int patched = 0;
  for (int i = 0; i < 20000; ++i) {
    DeviceContext d = Device(DeviceId(i));
    Decision dec = set.Evaluate(d, kNow);
    uint32_t bucket = Bucket("r1", d.device_id);
    ASSERT_EQ(dec.kind == DecisionKind::kPatch, bucket < 1000);
    ASSERT_EQ(dec.bucket, bucket);
    patched += dec.kind == DecisionKind::kPatch;
  }
  EXPECT_NEAR(patched, 2000, 200);
}

TEST(EngineTest, ReasonsAreReadable) {
  Release r = MakeRelease("r7", 1000);
  ReleaseSet set = MustBuild({r});
  const std::regex in_re(R"(r7: bucket \d+ < 1000 \(10\.00%\))");
  const std::regex out_re(R"(r7: bucket \d+ >= 1000 \(10\.00%\))");
  bool saw_in = false, saw_out = false;
  for (int i = 0; i < 200; ++i) {
    Decision dec = set.Evaluate(Device(DeviceId(i)), kNow);
    if (dec.kind == DecisionKind::kPatch) {
      saw_in = true;
      EXPECT_TRUE(std::regex_match(dec.reason, in_re)) << dec.reason;
      EXPECT_EQ(dec.release_id(), "r7");
      EXPECT_EQ(dec.patch_id(), "p-r7");
    } else {
      saw_out = true;
      EXPECT_TRUE(std::regex_match(dec.reason, out_re)) << dec.reason;
      EXPECT_EQ(dec.code, ReasonCode::kBucketOut);
    }
  }
  EXPECT_TRUE(saw_in && saw_out);
  Decision quiet = set.Evaluate(Device(DeviceId(1)), kNow, EvalOptions{.explain = false});
  EXPECT_TRUE(quiet.reason.empty());
}

TEST(EngineTest, RuleFailureReasonNamesRule) {
  Release r = MakeRelease("r1", 10000);
  r.rules = {Rule(R"({"attr":"os","op":"exists"})"), Rule(R"({"attr":"sdk","op":"ge","value":23})")};
  ReleaseSet set = MustBuild({r});
  DeviceContext d = Device("dev");
  d.os = "android";
  d.sdk = 21;
  Decision dec = set.Evaluate(d, kNow);
  EXPECT_EQ(dec.kind, DecisionKind::kNone);
  EXPECT_EQ(dec.code, ReasonCode::kRuleFailed);
  EXPECT_EQ(dec.reason, "r1: rules[1]: sdk 21 fails sdk >= 23");
  d.sdk = 23;
  EXPECT_EQ(set.Evaluate(d, kNow).kind, DecisionKind::kPatch);
}

TEST(EngineTest, AllowlistGetsPatchAtZeroPercent) {
  Release r = MakeRelease("r1", 0);
  r.allow.devices = {"debug-phone"};
  r.allow.users = {"qa-user"};
  r.rules = {Rule(R"({"attr":"sdk","op":"ge","value":99})")};  // allowlist bypasses rules
  ReleaseSet set = MustBuild({r});
  Decision dec = set.Evaluate(Device("debug-phone"), kNow);
  EXPECT_EQ(dec.kind, DecisionKind::kPatch);
  EXPECT_EQ(dec.code, ReasonCode::kAllowlisted);
  EXPECT_EQ(dec.reason, R"(r1: device "debug-phone" allowlisted)");
  DeviceContext u = Device("other");
  u.user_id = "qa-user";
  EXPECT_EQ(set.Evaluate(u, kNow).code, ReasonCode::kAllowlisted);
  EXPECT_EQ(set.Evaluate(Device("other"), kNow).kind, DecisionKind::kNone);
}

TEST(EngineTest, DenylistWinsOverAllowlistAndPercentage) {
  Release r = MakeRelease("r1", 10000);
  r.allow.devices = {"d1"};
  r.deny.devices = {"d1"};
  r.deny.users = {"banned"};
  ReleaseSet set = MustBuild({r});
  Decision dec = set.Evaluate(Device("d1"), kNow);
  EXPECT_EQ(dec.kind, DecisionKind::kNone);
  EXPECT_EQ(dec.reason, R"(r1: device "d1" denylisted)");
  DeviceContext u = Device("d2");
  u.user_id = "banned";
  EXPECT_EQ(set.Evaluate(u, kNow).code, ReasonCode::kDenylisted);
  EXPECT_EQ(set.Evaluate(Device("d3"), kNow).kind, DecisionKind::kPatch);
}

TEST(EngineTest, PausedAndHaltedStopNewInstallsButKeepInstalled) {
  for (ReleaseState st : {ReleaseState::kPaused, ReleaseState::kHalted, ReleaseState::kSuperseded}) {
    SCOPED_TRACE(std::string(ReleaseStateName(st)));
    Release r = MakeRelease("r1", 10000);
    r.state = st;
    r.allow.devices = {"dbg"};
    ReleaseSet set = MustBuild({r});
    Decision fresh = set.Evaluate(Device("d1"), kNow);
    EXPECT_EQ(fresh.kind, DecisionKind::kNone);
    EXPECT_EQ(fresh.code, ReasonCode::kNotActive);
    EXPECT_EQ(fresh.reason, "r1: release is " + std::string(ReleaseStateName(st)));
    EXPECT_EQ(set.Evaluate(Device("d1", "p-r1"), kNow).kind, DecisionKind::kNone);
    // Only a paused release still serves allowlisted debug devices.
    EXPECT_EQ(set.Evaluate(Device("dbg"), kNow).kind,
              st == ReleaseState::kPaused ? DecisionKind::kPatch : DecisionKind::kNone);
  }
}

TEST(EngineTest, RollbackTellsInstalledDevicesToRemove) {
  Release r = MakeRelease("r1", 10000);
  r.state = ReleaseState::kRolledBack;
  ReleaseSet set = MustBuild({r});
  Decision dec = set.Evaluate(Device("d1", "p-r1"), kNow);
  EXPECT_EQ(dec.kind, DecisionKind::kRollback);
  EXPECT_EQ(dec.patch_id(), "p-r1");
  EXPECT_EQ(dec.reason, R"(r1: release rolled back: remove patch "p-r1")");
  EXPECT_EQ(set.Evaluate(Device("d1"), kNow).kind, DecisionKind::kNone);
  // A patch nobody knows is left alone.
  EXPECT_EQ(set.Evaluate(Device("d1", "p-unknown"), kNow).kind, DecisionKind::kNone);
}

TEST(EngineTest, RollbackYieldsToAnotherActiveReleaseOfSamePatchOrNewPatch) {
  Release old_r = MakeRelease("r1", 10000, "p1");
  old_r.state = ReleaseState::kRolledBack;
  Release same = MakeRelease("r1b", 0, "p1");  // same patch re-released, 0%
  ReleaseSet set = MustBuild({old_r, same});
  EXPECT_EQ(set.Evaluate(Device("d1", "p1"), kNow).kind, DecisionKind::kNone);

  Release fix = MakeRelease("r2", 10000, "p2");
  ReleaseSet set2 = MustBuild({old_r, fix});
  Decision dec = set2.Evaluate(Device("d1", "p1"), kNow);
  EXPECT_EQ(dec.kind, DecisionKind::kPatch);
  EXPECT_EQ(dec.patch_id(), "p2");
}

TEST(EngineTest, SupersedeReplacesOlderPatchOnDevicesThatHaveIt) {
  Release a = MakeRelease("rA", 5000, "pA");
  a.state = ReleaseState::kSuperseded;
  Release b = MakeRelease("rB", 0, "pB");  // new patch ramps from 0% for fresh devices
  b.supersedes = {"rA"};
  ReleaseSet set = MustBuild({a, b});
  Decision has_a = set.Evaluate(Device("d1", "pA"), kNow);
  EXPECT_EQ(has_a.kind, DecisionKind::kPatch);
  EXPECT_EQ(has_a.patch_id(), "pB");
  EXPECT_EQ(has_a.code, ReasonCode::kSupersedes);
  EXPECT_EQ(has_a.reason, R"(rB: replaces installed patch "pA" of a superseded release)");
  EXPECT_EQ(set.Evaluate(Device("d1"), kNow).kind, DecisionKind::kNone);
  Decision has_b = set.Evaluate(Device("d1", "pB"), kNow);
  EXPECT_EQ(has_b.kind, DecisionKind::kNone);  // pB at 0% and not allowlisted: keep it
  // Supersede still respects the new release's rules and state.
  b.rules = {Rule(R"({"attr":"sdk","op":"ge","value":31})")};
  ReleaseSet set2 = MustBuild({a, b});
  EXPECT_EQ(set2.Evaluate(Device("d1", "pA"), kNow).kind, DecisionKind::kNone);
  b.rules.clear();
  b.state = ReleaseState::kPaused;
  ReleaseSet set3 = MustBuild({a, b});
  EXPECT_EQ(set3.Evaluate(Device("d1", "pA"), kNow).kind, DecisionKind::kNone);
}

TEST(EngineTest, AlreadyInstalledIsFlagged) {
  ReleaseSet set = MustBuild({MakeRelease("r1", 10000)});
  Decision dec = set.Evaluate(Device("d1", "p-r1"), kNow);
  EXPECT_EQ(dec.kind, DecisionKind::kPatch);
  EXPECT_TRUE(dec.already_installed);
  EXPECT_TRUE(dec.reason.ends_with("(already installed)")) << dec.reason;
  EXPECT_FALSE(set.Evaluate(Device("d1"), kNow).already_installed);
}

TEST(EngineTest, AbSplitGivesEachDeviceExactlyOneArm) {
  Release a = MakeRelease("exp-a", 10000, "pA");
  Release b = MakeRelease("exp-b", 10000, "pB");
  a.salt = b.salt = "exp-42";
  a.range = {0, 5000};
  b.range = {5000, 10000};
  ReleaseSet set = MustBuild({a, b});
  int na = 0, nb = 0;
  for (int i = 0; i < 20000; ++i) {
    Decision d = set.Evaluate(Device(DeviceId(i)), kNow, {.explain = false});
    ASSERT_EQ(d.kind, DecisionKind::kPatch);
    (d.patch_id() == "pA" ? na : nb)++;
  }
  EXPECT_NEAR(na, 10000, 400);
  EXPECT_EQ(na + nb, 20000);
  // At 20% each arm takes the first fifth of its own range.
  a.basis_points = b.basis_points = 2000;
  ReleaseSet small = MustBuild({a, b});
  int in = 0;
  for (int i = 0; i < 20000; ++i) {
    Decision d = small.Evaluate(Device(DeviceId(i)), kNow, {.explain = false});
    if (d.kind != DecisionKind::kPatch) continue;
    ++in;
    uint32_t bucket = Bucket("exp-42", DeviceId(i));
    ASSERT_TRUE(d.patch_id() == "pA" ? bucket < 1000 : (bucket >= 5000 && bucket < 6000));
  }
  EXPECT_NEAR(in, 4000, 300);
}

TEST(EngineTest, PriorityOrdersCandidates) {
  Release low = MakeRelease("low", 10000);
  Release high = MakeRelease("high", 10000);
  high.priority = 5;
  ReleaseSet set = MustBuild({low, high});
  EXPECT_EQ(set.Evaluate(Device("d"), kNow).release_id(), "high");
  high.rules = {Rule(R"({"attr":"region","op":"eq","value":"US"})")};
  ReleaseSet set2 = MustBuild({low, high});
  EXPECT_EQ(set2.Evaluate(Device("d"), kNow).release_id(), "low");
  EXPECT_EQ(set2.Evaluate(Device("d"), kNow).candidates, 2u);
}

TEST(EngineTest, SeveralBaseBuildsAndApps) {
  Release r = MakeRelease("r1", 10000);
  r.base_builds = {"b1", "b2"};
  Release other = MakeRelease("r2", 10000);
  other.app_id = "com.other";
  ReleaseSet set = MustBuild({r, other});
  DeviceContext d = Device("d");
  d.base_build = "b2";
  EXPECT_EQ(set.Evaluate(d, kNow).release_id(), "r1");
  d.app_id = "com.other";
  EXPECT_EQ(set.Evaluate(d, kNow).code, ReasonCode::kNoCandidates);
  d.base_build = "b1";
  EXPECT_EQ(set.Evaluate(d, kNow).release_id(), "r2");
  EXPECT_NE(set.Find("r2"), nullptr);
  EXPECT_EQ(set.Find("r3"), nullptr);
}

TEST(EngineTest, MissingDeviceIdIsNeverInAPercentage) {
  ReleaseSet set = MustBuild({MakeRelease("r1", 10000)});
  Decision dec = set.Evaluate(Device(""), kNow);
  EXPECT_EQ(dec.kind, DecisionKind::kNone);
  EXPECT_EQ(dec.code, ReasonCode::kNoDeviceId);
}

TEST(EngineTest, BuildRejectsBadSets) {
  struct Bad {
    const char* name;
    std::function<void(std::vector<Release>&)> mutate;
    const char* message;
  };
  const Bad cases[] = {
      {"DuplicateId", [](auto& v) { v.push_back(v[0]); }, R"(release "r1": duplicate id)"},
      {"EmptyId", [](auto& v) { v[0].id.clear(); }, "release: empty id"},
      {"NoBaseBuilds", [](auto& v) { v[0].base_builds.clear(); }, R"(release "r1": base_builds: empty)"},
      {"EmptyPatch", [](auto& v) { v[0].patch_id.clear(); }, R"(release "r1": patch_id: empty)"},
      {"NulInSalt", [](auto& v) { v[0].salt = std::string("a\0b", 3); },
       R"(release "r1": salt: contains NUL)"},
      {"EmptyRange", [](auto& v) { v[0].range = {5000, 5000}; },
       R"(release "r1": bucket_range: [5000, 5000) is not a non-empty part of [0, 10000))"},
      {"PercentAbove100", [](auto& v) { v[0].basis_points = 10001; },
       R"(release "r1": percent: above 100%)"},
      {"RampDecreasing",
       [](auto& v) { v[0].ramp.steps = {{5000, 0, {}}, {3000, 0, {}}}; },
       R"(release "r1": ramp.steps[1].percent: 30.00% is below the previous step's 50.00%)"},
      {"RampStepOutOfRange",
       [](auto& v) {
         v[0].ramp.steps = {{100, 0, {}}};
         v[0].ramp.current_step = 1;
       },
       R"(release "r1": ramp.current_step: 1 but only 1 steps)"},
      {"SupersedeCycle",
       [](auto& v) {
         v.push_back(MakeRelease("r2", 0));
         v[0].supersedes = {"r2"};
         v[1].supersedes = {"r1"};
       },
       R"(release "r1": supersede cycle through "r2")"},
      {"SupersedesItself", [](auto& v) { v[0].supersedes = {"r1"}; },
       R"(release "r1": supersedes[0]: itself)"},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<Release> v = {MakeRelease("r1", 100)};
    c.mutate(v);
    auto s = ReleaseSet::Build(std::move(v));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().message(), c.message);
  }
}

TEST(EngineTest, StableNames) {
  EXPECT_EQ(DecisionKindName(DecisionKind::kRollback), "rollback");
  EXPECT_EQ(ReasonCodeName(ReasonCode::kBucketIn), "bucket_in");
  EXPECT_EQ(ReasonCodeName(ReasonCode::kRuleFailed), "rule_failed");
  EXPECT_EQ(ReasonCodeName(ReasonCode::kNoDeviceId), "no_device_id");
  EXPECT_EQ(ReleaseStateName(ReleaseState::kRolledBack), "rolled_back");
  auto st = ParseReleaseState("superseded");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(*st, ReleaseState::kSuperseded);
}

// A built set is shared read-only by every server thread.
TEST(EngineTest, ConcurrentEvaluationMatchesSerial) {
  Release r = MakeRelease("r1", 3000);
  r.rules = {Rule(R"({"attr":"model","op":"regex","value":"^dev"})"),
             Rule(R"({"attr":"app_version","op":"semver","value":">=1.0.0"})")};
  ReleaseSet set = MustBuild({r});
  std::vector<DeviceContext> devs;
  for (int i = 0; i < 4000; ++i) {
    DeviceContext d = Device(DeviceId(i));
    d.model = i % 3 ? "device" : "other";
    d.app_version = i % 5 ? "1.2.0" : "0.9";
    devs.push_back(d);
  }
  std::vector<int> serial;
  for (const auto& d : devs) serial.push_back(static_cast<int>(set.Evaluate(d, kNow).kind));
  std::vector<std::vector<int>> results(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (const auto& d : devs) results[t].push_back(static_cast<int>(set.Evaluate(d, kNow).kind));
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& res : results) EXPECT_EQ(res, serial);
}

TEST(TransitionTest, AllowedAndRefused) {
  using S = ReleaseState;
  EXPECT_TRUE(CheckTransition(S::kActive, S::kPaused).ok());
  EXPECT_TRUE(CheckTransition(S::kPaused, S::kActive).ok());
  EXPECT_TRUE(CheckTransition(S::kHalted, S::kActive).ok());
  EXPECT_TRUE(CheckTransition(S::kActive, S::kRolledBack).ok());
  EXPECT_TRUE(CheckTransition(S::kSuperseded, S::kRolledBack).ok());
  EXPECT_FALSE(CheckTransition(S::kSuperseded, S::kActive).ok());
  EXPECT_FALSE(CheckTransition(S::kActive, S::kActive).ok());
  Status s = CheckTransition(S::kRolledBack, S::kActive);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "release state rolled_back cannot change to active");
}

}  // namespace
}  // namespace suture::gray

namespace suture::gray {
namespace {

// The engine evaluates rules through a compact program; Condition::Matches
// walks the tree. Both must agree on every device.
TEST(EngineDifferentialTest, ProgramAgreesWithTreeOnRandomDevices) {
  const char* rules[] = {
      R"({"attr":"sdk","op":"ge","value":26})",
      R"({"attr":"sdk","op":"in","value":[26,28,30]})",
      R"({"attr":"sdk","op":"contains","value":"2"})",
      R"({"attr":"brand","op":"in","value":["google","samsung","xiaomi"],"ignore_case":true})",
      R"({"attr":"brand","op":"not_in","value":["Google"]})",
      R"({"attr":"model","op":"prefix","value":"pix","ignore_case":true})",
      R"({"attr":"model","op":"suffix","value":"Pro"})",
      R"({"attr":"model","op":"contains","value":"EL","ignore_case":true})",
      R"J({"attr":"model","op":"regex","value":"^(SM-|Pixel \\d)"})J",
      R"({"attr":"app_version","op":"semver","value":"^1.2.0 || >=3.0.0-0"})",
      R"({"attr":"custom.tier","op":"eq","value":"gold"})",
      R"({"attr":"custom.n","op":"gt","value":5})",
      R"({"attr":"custom.n","op":"ne","value":7})",
      R"({"attr":"custom.tier","op":"exists"})",
      R"({"attr":"ip","op":"cidr","value":["10.0.0.0/9","2001:db8::/32"]})",
      R"({"op":"time_window","from":"2026-01-01T00:00:00Z","until":"2026-01-01T00:00:10Z"})",
      R"({"any":[{"attr":"region","op":"eq","value":"DE"},{"not":{"attr":"region","op":"in","value":["US","FR"]}}]})",
      R"({"all":[{"attr":"network","op":"ne","value":"cellular"},{"not":{"any":[]}}]})",
      R"({"attr":"os_version","op":"semver","value":">=12"})",
      R"({"attr":"user_id","op":"eq","value":""})",
  };
  std::vector<Condition> conds;
  for (const char* r : rules) conds.push_back(Rule(r));
  std::mt19937_64 rng(99);
  auto pick = [&](std::initializer_list<const char*> xs) {
    return std::string(*(xs.begin() + rng() % xs.size()));
  };
  for (int iter = 0; iter < 3000; ++iter) {
    // One release per random subset of rules, at 100%.
    Release r = MakeRelease("r", 10000);
    std::vector<size_t> used;
    for (size_t i = 0; i < conds.size(); ++i) {
      if (rng() % 4 == 0) {
        r.rules.push_back(conds[i]);
        used.push_back(i);
      }
    }
    ReleaseSet set = MustBuild({r});
    DeviceContext d = Device(DeviceId(iter));
    if (rng() % 5 == 0) d.sdk.reset(); else d.sdk = 24 + int64_t(rng() % 8);
    d.brand = pick({"Google", "SAMSUNG", "Xiaomi", "", "vivo"});
    d.model = pick({"Pixel 7", "pixel 8 Pro", "SM-G991B", "", "Redmi Note 12 Pro"});
    d.app_version = pick({"1.2.0", "1.9.3", "2.0.0", "3.0.0-rc.1", "bogus", "", "v3.1"});
    d.region = pick({"DE", "US", "FR", "", "JP"});
    d.network = pick({"wifi", "cellular", ""});
    d.os_version = pick({"12", "13.1", "x", ""});
    d.ip = pick({"10.1.2.3", "10.200.0.1", "2001:db8::1", "not-an-ip", ""});
    d.user_id = pick({"", "u1"});
    d.custom.clear();
    if (rng() % 3) d.custom.push_back({"tier", pick({"gold", "free", ""})});
    if (rng() % 3) d.custom.push_back({"n", pick({"3", "7", "9.5", "abc", ""})});
    Timestamp now = kNow + static_cast<Timestamp>(rng() % 20);
    bool want = true;
    for (size_t i : used) want = want && conds[i].Matches(d, now);
    Decision dec = set.Evaluate(d, now, {.explain = false});
    if ((dec.kind == DecisionKind::kPatch) != want) {
      for (size_t i : used) {  // name the rule that disagrees
        Release one = MakeRelease("one", 10000);
        one.rules = {conds[i]};
        ReleaseSet s1 = MustBuild({one});
        EXPECT_EQ(s1.Evaluate(d, now).kind == DecisionKind::kPatch, conds[i].Matches(d, now))
            << rules[i] << " sdk=" << (d.sdk ? std::to_string(*d.sdk) : "none") << " brand=" << d.brand
            << " model=" << d.model << " ver=" << d.app_version << " os=" << d.os_version
            << " ip=" << d.ip << " user=" << d.user_id;
      }
      FAIL() << "iteration " << iter;
    }
  }
}

}  // namespace
}  // namespace suture::gray

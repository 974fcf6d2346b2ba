// Table-driven tests of every condition operator and its edge cases: missing
// attribute, wrong type, malformed semver, case options, boundaries.
#include "suture/gray/condition.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "suture/gray/json.h"

namespace suture::gray {
namespace {

DeviceContext BaseDevice() {
  DeviceContext d;
  d.device_id = "dev-1";
  d.user_id = "user-1";
  d.app_id = "com.example.app";
  d.base_build = "b100";
  d.app_version = "1.4.2";
  d.os = "android";
  d.os_version = "13";
  d.sdk = 33;
  d.brand = "Google";
  d.model = "Pixel 7";
  d.abi = "arm64-v8a";
  d.channel = "play";
  d.region = "DE";
  d.locale = "de-DE";
  d.network = "wifi";
  d.ip = "10.1.2.3";
  d.custom = {{"tier", "gold"}, {"score", "1.5"}, {"empty", ""}, {"n", "42"}};
  return d;
}

const Timestamp kNow = 1767225600;  // 2026-01-01T00:00:00Z

struct Case {
  const char* name;
  const char* rule;
  std::function<void(DeviceContext&)> mutate;  // may be null
  bool want;
  const char* reason = nullptr;  // expected exact reason when !want (optional)
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto cond = Condition::FromJson(c.rule, "rule");
    ASSERT_TRUE(cond.ok()) << cond.status().ToString();
    DeviceContext d = BaseDevice();
    if (c.mutate) c.mutate(d);
    std::string why;
    EXPECT_EQ(cond->Matches(d, kNow, &why), c.want);
    EXPECT_EQ(cond->Matches(d, kNow), c.want);
    if (!c.want) {
      EXPECT_FALSE(why.empty());
    }
    if (c.reason != nullptr) {
      EXPECT_EQ(why, c.reason);
    }
  }
}

TEST(ConditionOpTest, Equals) {
  RunCases({
      {"string match", R"({"attr":"brand","op":"eq","value":"Google"})", nullptr, true},
      {"case sensitive by default", R"({"attr":"brand","op":"eq","value":"google"})", nullptr,
       false, R"(brand Google fails brand == "google")"},
      {"ignore_case", R"({"attr":"brand","op":"eq","value":"gOOgle","ignore_case":true})",
       nullptr, true},
      {"number on sdk", R"({"attr":"sdk","op":"eq","value":33})", nullptr, true},
      {"number mismatch", R"({"attr":"sdk","op":"eq","value":34})", nullptr, false,
       "sdk 33 fails sdk == 34"},
      {"number on custom text", R"({"attr":"custom.n","op":"eq","value":42})", nullptr, true},
      {"number vs non-number is wrong type", R"({"attr":"custom.tier","op":"eq","value":1})",
       nullptr, false, R"(custom.tier "gold" is not a number, required by custom.tier == 1)"},
      {"missing attribute", R"({"attr":"user_id","op":"eq","value":"user-1"})",
       [](DeviceContext& d) { d.user_id.clear(); }, false,
       R"(user_id missing, required by user_id == "user-1")"},
      {"missing sdk", R"({"attr":"sdk","op":"eq","value":33})",
       [](DeviceContext& d) { d.sdk.reset(); }, false, "sdk missing, required by sdk == 33"},
      {"missing custom key", R"({"attr":"custom.nope","op":"eq","value":"x"})", nullptr, false},
      {"custom empty value is present", R"({"attr":"custom.empty","op":"eq","value":""})",
       nullptr, true},
      {"ne match", R"({"attr":"channel","op":"ne","value":"huawei"})", nullptr, true},
      {"ne mismatch", R"({"attr":"channel","op":"ne","value":"play"})", nullptr, false},
      {"ne on missing is false", R"({"attr":"channel","op":"ne","value":"x"})",
       [](DeviceContext& d) { d.channel.clear(); }, false},
      {"ne ignore_case", R"({"attr":"channel","op":"ne","value":"PLAY","ignore_case":true})",
       nullptr, false},
  });
}

TEST(ConditionOpTest, InAndNotIn) {
  RunCases({
      {"in strings", R"({"attr":"region","op":"in","value":["US","DE","FR"]})", nullptr, true},
      {"not in strings", R"({"attr":"region","op":"in","value":["US","FR"]})", nullptr, false,
       R"(region DE fails region in ["US", "FR"])"},
      {"in ignore_case", R"({"attr":"region","op":"in","value":["us","de"],"ignore_case":true})",
       nullptr, true},
      {"in numbers on sdk", R"({"attr":"sdk","op":"in","value":[31,32,33]})", nullptr, true},
      {"in numbers miss", R"({"attr":"sdk","op":"in","value":[21,22]})", nullptr, false},
      {"in numbers wrong type", R"({"attr":"custom.tier","op":"in","value":[1,2]})", nullptr,
       false},
      {"in duplicate values", R"({"attr":"region","op":"in","value":["DE","DE"]})", nullptr, true},
      {"in missing", R"({"attr":"region","op":"in","value":["DE"]})",
       [](DeviceContext& d) { d.region.clear(); }, false},
      {"not_in present", R"({"attr":"brand","op":"not_in","value":["Huawei","Honor"]})", nullptr,
       true},
      {"not_in listed", R"({"attr":"brand","op":"not_in","value":["Google"]})", nullptr, false},
      {"not_in ignore_case", R"({"attr":"brand","op":"not_in","value":["GOOGLE"],"ignore_case":true})",
       nullptr, false},
      {"not_in missing is false", R"({"attr":"brand","op":"not_in","value":["Huawei"]})",
       [](DeviceContext& d) { d.brand.clear(); }, false},
      {"long list text is cut", R"({"attr":"sdk","op":"in","value":[1,2,3,4,5,6,7]})", nullptr,
       false, "sdk 33 fails sdk in [1, 2, 3, 4, 5, ... (7 values)]"},
  });
}

TEST(ConditionOpTest, StringMatching) {
  RunCases({
      {"prefix", R"({"attr":"model","op":"prefix","value":"Pixel"})", nullptr, true},
      {"prefix case", R"({"attr":"model","op":"prefix","value":"pixel"})", nullptr, false},
      {"prefix ignore_case", R"({"attr":"model","op":"prefix","value":"PIXEL","ignore_case":true})",
       nullptr, true},
      {"prefix longer than value", R"({"attr":"model","op":"prefix","value":"Pixel 7 Pro Max"})",
       nullptr, false},
      {"empty prefix matches any present value", R"({"attr":"model","op":"prefix","value":""})",
       nullptr, true},
      {"suffix", R"({"attr":"abi","op":"suffix","value":"-v8a"})", nullptr, true},
      {"suffix miss", R"({"attr":"abi","op":"suffix","value":"v7a"})", nullptr, false},
      {"suffix ignore_case", R"({"attr":"abi","op":"suffix","value":"V8A","ignore_case":true})",
       nullptr, true},
      {"contains", R"({"attr":"model","op":"contains","value":"xel 7"})", nullptr, true},
      {"contains miss", R"({"attr":"model","op":"contains","value":"Galaxy"})", nullptr, false},
      {"contains ignore_case", R"({"attr":"model","op":"contains","value":"EL 7","ignore_case":true})",
       nullptr, true},
      {"contains on sdk digits", R"({"attr":"sdk","op":"contains","value":"3"})", nullptr, true},
      {"contains missing", R"({"attr":"model","op":"contains","value":"x"})",
       [](DeviceContext& d) { d.model.clear(); }, false},
  });
}

TEST(ConditionOpTest, NumericComparisons) {
  RunCases({
      {"ge equal", R"({"attr":"sdk","op":"ge","value":33})", nullptr, true},
      {"ge below", R"({"attr":"sdk","op":"ge","value":23})",
       [](DeviceContext& d) { d.sdk = 21; }, false, "sdk 21 fails sdk >= 23"},
      {"gt equal", R"({"attr":"sdk","op":"gt","value":33})", nullptr, false},
      {"gt above", R"({"attr":"sdk","op":"gt","value":32})", nullptr, true},
      {"le equal", R"({"attr":"sdk","op":"le","value":33})", nullptr, true},
      {"lt equal", R"({"attr":"sdk","op":"lt","value":33})", nullptr, false},
      {"lt fraction", R"({"attr":"custom.score","op":"lt","value":1.6})", nullptr, true},
      {"gt fraction", R"({"attr":"custom.score","op":"gt","value":1.5})", nullptr, false},
      {"negative sdk", R"({"attr":"sdk","op":"lt","value":0})",
       [](DeviceContext& d) { d.sdk = -1; }, true},
      {"wrong type", R"({"attr":"custom.tier","op":"gt","value":3})", nullptr, false,
       R"(custom.tier "gold" is not a number, required by custom.tier > 3)"},
      {"os_version numeric", R"({"attr":"os_version","op":"ge","value":12})", nullptr, true},
      {"dotted os_version is not a number", R"({"attr":"os_version","op":"ge","value":12})",
       [](DeviceContext& d) { d.os_version = "17.1.2"; }, false},
      {"missing", R"({"attr":"sdk","op":"ge","value":23})",
       [](DeviceContext& d) { d.sdk.reset(); }, false, "sdk missing, required by sdk >= 23"},
      {"number with trailing junk", R"({"attr":"custom.n","op":"gt","value":1})",
       [](DeviceContext& d) { d.custom[3].second = "42abc"; }, false},
  });
}

TEST(ConditionOpTest, Semver) {
  const char* range = R"({"attr":"app_version","op":"semver","value":">=1.2.0 <2.0.0"})";
  auto ver = [](const char* v) { return [v](DeviceContext& d) { d.app_version = v; }; };
  RunCases({
      {"inside", range, nullptr, true},
      {"lower bound inclusive", range, ver("1.2.0"), true},
      {"numeric not lexical", range, ver("1.10.0"), true},
      {"upper bound exclusive", range, ver("2.0.0"), false,
       R"(app_version 2.0.0 fails app_version in versions ">=1.2.0 <2.0.0")"},
      {"below", range, ver("1.1.9"), false},
      {"two components", range, ver("1.2"), true},
      {"one component", range, ver("1"), false},
      {"leading v", range, ver("v1.3.0"), true},
      {"build metadata ignored", range, ver("1.3.0+build.7"), true},
      {"pre-release below its release", range, ver("1.2.0-rc.1"), false},
      {"malformed x", range, ver("1.x"), false,
       R"(app_version "1.x" is not a version, required by app_version in versions ">=1.2.0 <2.0.0")"},
      {"malformed empty pre", range, ver("1.2.3-"), false},
      {"malformed trailing dot", range, ver("1.2."), false},
      {"malformed text", range, ver("latest"), false},
      {"malformed huge number", range, ver("1.99999999999999999999.0"), false},
      {"missing", range, ver(""), false},
      {"caret inside", R"({"attr":"app_version","op":"semver","value":"^1.4.0"})", ver("1.9.9"),
       true},
      {"caret excludes next major", R"({"attr":"app_version","op":"semver","value":"^1.4.0"})",
       ver("2.0.0"), false},
      {"caret excludes next major pre", R"({"attr":"app_version","op":"semver","value":"^1.4.0"})",
       ver("2.0.0-rc.1"), false},
      {"caret zero major", R"({"attr":"app_version","op":"semver","value":"^0.3.1"})", ver("0.4.0"),
       false},
      {"tilde inside", R"({"attr":"app_version","op":"semver","value":"~1.4.0"})", ver("1.4.9"),
       true},
      {"tilde excludes minor", R"({"attr":"app_version","op":"semver","value":"~1.4.0"})",
       ver("1.5.0"), false},
      {"alternatives", R"({"attr":"app_version","op":"semver","value":"<1.0.0 || >=1.4.0"})",
       nullptr, true},
      {"spaced operator", R"({"attr":"app_version","op":"semver","value":">= 1.4.2"})", nullptr,
       true},
      {"exact", R"({"attr":"app_version","op":"semver","value":"=1.4.2"})", nullptr, true},
      {"star", R"({"attr":"app_version","op":"semver","value":"*"})", nullptr, true},
      {"pre-release ordering", R"({"attr":"app_version","op":"semver","value":">1.0.0-alpha.1"})",
       ver("1.0.0-alpha.beta"), true},
      {"numeric pre ids", R"({"attr":"app_version","op":"semver","value":">1.0.0-rc.2"})",
       ver("1.0.0-rc.10"), true},
      {"os_version semver", R"({"attr":"os_version","op":"semver","value":">=17.1"})",
       [](DeviceContext& d) { d.os_version = "17.1.2"; }, true},
  });
}

TEST(ConditionOpTest, TimeWindow) {
  RunCases({
      {"inside", R"({"op":"time_window","from":"2025-12-31T00:00:00Z","until":"2026-01-02T00:00:00Z"})",
       nullptr, true},
      {"from inclusive", R"({"op":"time_window","from":"2026-01-01T00:00:00Z"})", nullptr, true},
      {"until exclusive", R"({"op":"time_window","until":"2026-01-01T00:00:00Z"})", nullptr, false,
       "now 1767225600 fails now in [-inf, 2026-01-01T00:00:00Z)"},
      {"before", R"({"op":"time_window","from":"2026-01-01T00:00:01Z"})", nullptr, false},
      {"offset", R"({"op":"time_window","from":"2026-01-01T01:00:00+01:00","until":"2026-01-01T00:00:01Z"})",
       nullptr, true},
      {"explicit attr now", R"({"attr":"now","op":"time_window","from":"2020-01-01T00:00:00Z"})",
       nullptr, true},
  });
}

TEST(ConditionOpTest, Regex) {
  RunCases({
      {"match", R"({"attr":"model","op":"regex","value":"^Pixel [6-8]$"})", nullptr, true},
      {"no match", R"({"attr":"model","op":"regex","value":"^SM-G9\\d+"})", nullptr, false,
       "model Pixel 7 fails model matches /^SM-G9\\d+/"},
      {"search not full match", R"({"attr":"model","op":"regex","value":"xel"})", nullptr, true},
      {"ignore_case", R"({"attr":"model","op":"regex","value":"^pixel","ignore_case":true})",
       nullptr, true},
      {"missing", R"({"attr":"model","op":"regex","value":".*"})",
       [](DeviceContext& d) { d.model.clear(); }, false},
      {"input too long fails", R"({"attr":"model","op":"regex","value":"a"})",
       [](DeviceContext& d) { d.model = std::string(5000, 'a'); }, false},
  });
}

TEST(ConditionOpTest, Cidr) {
  RunCases({
      {"v4 inside", R"({"attr":"ip","op":"cidr","value":"10.0.0.0/8"})", nullptr, true},
      {"v4 outside", R"({"attr":"ip","op":"cidr","value":"192.168.0.0/16"})", nullptr, false,
       "ip 10.1.2.3 fails ip in [192.168.0.0/16]"},
      {"v4 odd prefix", R"({"attr":"ip","op":"cidr","value":"10.1.2.0/23"})", nullptr, true},
      {"v4 host bits ignored", R"({"attr":"ip","op":"cidr","value":"10.1.2.99/24"})", nullptr, true},
      {"v4 /32", R"({"attr":"ip","op":"cidr","value":"10.1.2.3/32"})", nullptr, true},
      {"v4 /0", R"({"attr":"ip","op":"cidr","value":"0.0.0.0/0"})", nullptr, true},
      {"list", R"({"attr":"ip","op":"cidr","value":["192.168.0.0/16","10.1.0.0/16"]})", nullptr,
       true},
      {"v6 inside", R"({"attr":"ip","op":"cidr","value":"2001:db8::/32"})",
       [](DeviceContext& d) { d.ip = "2001:db8:1::5"; }, true},
      {"v6 outside", R"({"attr":"ip","op":"cidr","value":"2001:db8::/32"})",
       [](DeviceContext& d) { d.ip = "2001:db9::1"; }, false},
      {"v4 device vs v6 block", R"({"attr":"ip","op":"cidr","value":"2001:db8::/32"})", nullptr,
       false},
      {"malformed ip", R"({"attr":"ip","op":"cidr","value":"10.0.0.0/8"})",
       [](DeviceContext& d) { d.ip = "10.1.2"; }, false,
       R"(ip "10.1.2" is not an IP address, required by ip in [10.0.0.0/8])"},
      {"missing ip", R"({"attr":"ip","op":"cidr","value":"10.0.0.0/8"})",
       [](DeviceContext& d) { d.ip.clear(); }, false},
  });
}

TEST(ConditionOpTest, Exists) {
  RunCases({
      {"present", R"({"attr":"custom.tier","op":"exists"})", nullptr, true},
      {"present empty custom", R"({"attr":"custom.empty","op":"exists"})", nullptr, true},
      {"absent", R"({"attr":"custom.nope","op":"exists"})", nullptr, false,
       "custom.nope missing, required by custom.nope exists"},
      {"sdk absent", R"({"attr":"sdk","op":"exists"})", [](DeviceContext& d) { d.sdk.reset(); },
       false},
  });
}

TEST(ConditionTreeTest, AllAnyNot) {
  RunCases({
      {"empty all is true", R"({"all":[]})", nullptr, true},
      {"empty any is false", R"({"any":[]})", nullptr, false},
      {"all pass", R"({"all":[{"attr":"sdk","op":"ge","value":23},{"attr":"os","op":"eq","value":"android"}]})",
       nullptr, true},
      {"all reports failing leaf",
       R"({"all":[{"attr":"os","op":"eq","value":"android"},{"attr":"sdk","op":"ge","value":34}]})",
       nullptr, false, "sdk 33 fails sdk >= 34"},
      {"any one passes", R"({"any":[{"attr":"sdk","op":"ge","value":40},{"attr":"brand","op":"eq","value":"Google"}]})",
       nullptr, true},
      {"any none", R"({"any":[{"attr":"sdk","op":"ge","value":40},{"attr":"brand","op":"eq","value":"X"}]})",
       nullptr, false, R"(no alternative of (sdk >= 40 or brand == "X") matched)"},
      {"not inverts", R"({"not":{"attr":"brand","op":"eq","value":"Huawei"}})", nullptr, true},
      {"not fails", R"({"not":{"attr":"brand","op":"eq","value":"Google"}})", nullptr, false,
       R"(not brand == "Google" failed: inner condition matched)"},
      {"not of missing is true", R"({"not":{"attr":"custom.nope","op":"eq","value":"x"}})",
       nullptr, true},
      {"nested", R"({"all":[{"any":[{"attr":"region","op":"eq","value":"US"},{"not":{"attr":"region","op":"in","value":["FR","IT"]}}]},{"attr":"network","op":"eq","value":"wifi"}]})",
       nullptr, true},
  });
}

TEST(ConditionTreeTest, DefaultIsTrueAndToString) {
  Condition c;
  EXPECT_TRUE(c.Matches(BaseDevice(), kNow));
  EXPECT_EQ(c.ToJson(), R"({"all":[]})");
  auto parsed = Condition::FromJson(
      R"({"all":[{"attr":"sdk","op":"ge","value":23},{"attr":"brand","op":"in","value":["google"],"ignore_case":true}]})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->ToString(), R"((sdk >= 23 and brand in ["google"] (ignore case)))");
  EXPECT_EQ(parsed->node_count(), 3u);
  // Canonical JSON round-trips.
  auto again = Condition::FromJson(parsed->ToJson());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ToJson(), parsed->ToJson());
}

TEST(TimestampTest, Rfc3339Table) {
  struct T {
    const char* text;
    Timestamp want;
  };
  const T ok[] = {
      {"1970-01-01T00:00:00Z", 0},
      {"2026-01-01T00:00:00Z", 1767225600},
      {"2026-01-01T00:00:00.999Z", 1767225600},
      {"2026-01-01t01:00:00+01:00", 1767225600},
      {"2025-12-31T19:00:00-05:00", 1767225600},
      {"2024-02-29T12:00:00Z", 1709208000},
      {"2000-03-01T00:00:00Z", 951868800},
  };
  for (const T& t : ok) {
    auto p = ParseRfc3339(t.text);
    ASSERT_TRUE(p.ok()) << t.text << ": " << p.status().ToString();
    EXPECT_EQ(*p, t.want) << t.text;
  }
  EXPECT_EQ(FormatRfc3339(1767225600), "2026-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1709208000), "2024-02-29T12:00:00Z");
  for (const char* bad : {"", "2026-01-01", "2026-01-01T00:00:00", "2025-02-29T00:00:00Z",
                          "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00Zjunk",
                          "2026-01-01T00:00:00+1:00", "2026-01-01T00:00:00.Z", "20x6-01-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace suture::gray

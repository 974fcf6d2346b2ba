// Named corruption cases for the JSON rule parser: every error is one line
// naming the path inside the rule.
#include <gtest/gtest.h>

#include <string>

#include "suture/gray/condition.h"
#include "suture/gray/json.h"

namespace suture::gray {
namespace {

struct ErrorCase {
  const char* name;
  const char* json;
  const char* message;  // exact Status::message()
};

void ExpectErrors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = Condition::FromJson(c.json, "rules[0]");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(), c.message);
    EXPECT_EQ(r.status().message().find('\n'), std::string::npos);
  }
}

TEST(ConditionJsonTest, UnknownOperatorNamesPathInRelease) {
  const char* release = R"({
    "id": "r1", "app_id": "com.example", "base_builds": ["b1"], "patch_id": "p1",
    "rules": [
      {"attr": "os", "op": "eq", "value": "android"},
      {"attr": "sdk", "op": "ge", "value": 23},
      {"all": [{"attr": "sdk", "op": "sdk_gt", "value": 23}]}
    ]})";
  auto r = ParseReleaseJson(release);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), R"(rules[2].all[0].op: unknown operator "sdk_gt")");
}

TEST(ConditionJsonTest, StructuralErrors) {
  ExpectErrors({
      {"NotJson", "{attr: sdk}", "invalid JSON: parse error at line 1, column 2: syntax error while parsing object key - invalid literal; last read: '{a'; expected string literal"},
      {"NotAnObject", "[1,2]", "rules[0]: expected an object, got array"},
      {"AllNotArray", R"({"all": {}})", "rules[0].all: expected an array, got object"},
      {"AllWithSibling", R"({"all": [], "any": []})",
       R"(rules[0]: "all" must be the only key of its object)"},
      {"NotWithSibling", R"({"not": {"attr":"os","op":"exists"}, "op": "eq"})",
       R"(rules[0]: "not" must be the only key of its object)"},
      {"NotOfArray", R"({"not": []})", "rules[0].not: expected an object, got array"},
      {"NestedBadChild", R"({"any": [{"attr":"os","op":"exists"}, 7]})",
       "rules[0].any[1]: expected an object, got number"},
      {"UnknownKey", R"({"attr":"os","op":"eq","valeu":"x"})", "rules[0].valeu: unknown key"},
      {"DeepNesting",
       R"({"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"attr":"os","op":"exists"}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}})",
       "rules[0].not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not.not: nesting deeper than 32"},
  });
}

TEST(ConditionJsonTest, LeafErrors) {
  ExpectErrors({
      {"MissingOp", R"({"attr":"os","value":"x"})", "rules[0].op: missing"},
      {"OpNotString", R"({"attr":"os","op":5,"value":"x"})",
       "rules[0].op: expected a string, got number"},
      {"UnknownOperator", R"({"attr":"sdk","op":"sdk_gt","value":1})",
       R"(rules[0].op: unknown operator "sdk_gt")"},
      {"MissingAttr", R"({"op":"eq","value":"x"})", "rules[0].attr: missing"},
      {"UnknownAttr", R"({"attr":"colour","op":"eq","value":"x"})",
       R"(rules[0].attr: unknown attribute "colour")"},
      {"EmptyCustomKey", R"({"attr":"custom.","op":"eq","value":"x"})",
       "rules[0].attr: empty custom attribute name"},
      {"MissingValue", R"({"attr":"os","op":"eq"})", "rules[0].value: missing"},
      {"EqWithArray", R"({"attr":"os","op":"eq","value":["a"]})",
       R"(rules[0].value: expected a string or number for operator "eq", got array)"},
      {"EqWithNull", R"({"attr":"os","op":"eq","value":null})",
       R"(rules[0].value: expected a string or number for operator "eq", got null)"},
      {"InNotArray", R"({"attr":"os","op":"in","value":"android"})",
       R"(rules[0].value: expected an array for operator "in", got string)"},
      {"InEmpty", R"({"attr":"os","op":"in","value":[]})", "rules[0].value: empty list"},
      {"InMixedTypes", R"({"attr":"sdk","op":"in","value":[21,"22"]})",
       "rules[0].value[1]: expected a number like the first element, got string"},
      {"PrefixNumber", R"({"attr":"model","op":"prefix","value":7})",
       R"(rules[0].value: expected a string for operator "prefix", got number)"},
      {"GtString", R"({"attr":"sdk","op":"gt","value":"23"})",
       R"(rules[0].value: expected a number for operator "gt", got string)"},
      {"IgnoreCaseNotBool", R"({"attr":"os","op":"eq","value":"a","ignore_case":"yes"})",
       "rules[0].ignore_case: expected a boolean, got string"},
      {"IgnoreCaseOnNumericOp", R"({"attr":"sdk","op":"ge","value":1,"ignore_case":true})",
       R"(rules[0].ignore_case: not supported by operator "ge")"},
      {"IgnoreCaseWithNumber", R"({"attr":"sdk","op":"eq","value":1,"ignore_case":true})",
       "rules[0].ignore_case: not allowed with a number"},
      {"ExistsWithValue", R"({"attr":"os","op":"exists","value":true})",
       R"(rules[0].value: operator "exists" takes no value)"},
      {"MalformedSemverRange", R"({"attr":"app_version","op":"semver","value":">=1.x"})",
       R"(rules[0].value: malformed version ">=1.x")"},
      {"SemverDanglingOperator", R"({"attr":"app_version","op":"semver","value":">= "})",
       R"(rules[0].value: operator ">=" without a version)"},
      {"SemverEmptyAlternative", R"({"attr":"app_version","op":"semver","value":"1.0.0 || "})",
       "rules[0].value: empty version range alternative"},
      {"BadRegex", R"({"attr":"model","op":"regex","value":"([a-z"})",
       R"(rules[0].value: invalid regex "([a-z": Unexpected character within '[...]' in regular expression)"},
      {"RegexRepetitionBomb", R"({"attr":"model","op":"regex","value":"(a{1000}){1000}"})",
       "rules[0].value: regex repetition count above 64"},
      {"RegexNestedRepetitions", R"({"attr":"model","op":"regex","value":"((a{8}){8}){32}"})",
       "rules[0].value: regex counted repetitions multiply above 1024"},
      {"RegexBackReference", R"({"attr":"model","op":"regex","value":"(a)\\1"})",
       "rules[0].value: regex back-references are not supported"},
      {"BadCidr", R"({"attr":"ip","op":"cidr","value":"10.0.0/8"})",
       R"(rules[0].value: malformed CIDR "10.0.0/8")"},
      {"CidrPrefixTooLong", R"({"attr":"ip","op":"cidr","value":["10.0.0.0/8","10.0.0.0/33"]})",
       R"(rules[0].value[1]: malformed CIDR prefix length in "10.0.0.0/33")"},
      {"TimeWindowOnAttr", R"({"attr":"sdk","op":"time_window","from":"2026-01-01T00:00:00Z"})",
       R"(rules[0].attr: time_window applies to "now" only)"},
      {"NowWithOtherOp", R"({"attr":"now","op":"gt","value":1})",
       R"(rules[0].attr: attribute "now" takes only the time_window operator)"},
      {"TimeWindowEmpty", R"({"op":"time_window"})", "rules[0]: time_window needs from or until"},
      {"TimeWindowBadTime", R"({"op":"time_window","from":"yesterday"})",
       R"(rules[0].from: malformed RFC 3339 time "yesterday": expected YYYY-MM-DDTHH:MM:SSZ)"},
      {"TimeWindowInverted",
       R"({"op":"time_window","from":"2026-02-01T00:00:00Z","until":"2026-01-01T00:00:00Z"})",
       "rules[0].until: not after from"},
      {"FromOnOtherOp", R"({"attr":"os","op":"eq","value":"a","from":"x"})",
       "rules[0].from: only time_window takes from/until"},
  });
}

TEST(ConditionJsonTest, TooManyNodes) {
  std::string json = R"({"any":[)";
  for (int i = 0; i < 5000; ++i) json += std::string(i ? "," : "") + R"({"attr":"os","op":"exists"})";
  json += "]}";
  auto r = Condition::FromJson(json, "rules[0]");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "rules[0].any[4096]: more than 4096 nodes");
}

TEST(ConditionJsonTest, OversizedDocument) {
  std::string json(kMaxJsonBytes + 1, ' ');
  auto r = Condition::FromJson(json);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kLimitExceeded);
}

}  // namespace
}  // namespace suture::gray

// The admin API's JSON (http/api_json): release request bodies into typed
// specs, named corruptions with their messages, and the exact bytes of the
// response bodies the service's values turn into.
#include "http/api_json.h"

#include <gtest/gtest.h>

#include <string>

namespace suture::server {
namespace {

TEST(ApiJsonTest, NewReleaseTakesPatchIdAndIgnoresServerFields) {
  auto spec = ParseNewReleaseJson(
      R"({"patch_id":12,"percent":5,"id":"99","app_id":"x","base_builds":7,"state":"bogus"})");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ASSERT_TRUE(spec->patch_id.has_value());
  EXPECT_EQ(*spec->patch_id, "12");
  EXPECT_EQ(spec->release.basis_points, 500u);
  EXPECT_EQ(spec->release.id, "0");
  EXPECT_EQ(spec->release.state, gray::ReleaseState::kActive);

  auto by_string = ParseNewReleaseJson(R"({"patch_id":"12"})");
  ASSERT_TRUE(by_string.ok()) << by_string.status().ToString();
  EXPECT_EQ(*by_string->patch_id, "12");
}

TEST(ApiJsonTest, EditKeepsPatchIdOptionalAndNamesTheRelease) {
  auto edit = ParseReleaseEditJson(R"({"percent":20})", 5);
  ASSERT_TRUE(edit.ok()) << edit.status().ToString();
  EXPECT_FALSE(edit->patch_id.has_value());
  EXPECT_EQ(edit->release.id, "5");
  EXPECT_EQ(edit->release.basis_points, 2000u);

  auto itself = ParseReleaseEditJson(R"({"supersedes":["5"]})", 5);
  ASSERT_FALSE(itself.ok());
  EXPECT_NE(itself.status().message().find("release \"5\": supersedes[0]: itself"),
            std::string::npos)
      << itself.status().message();
}

struct Bad {
  const char* name;
  std::string body;
  const char* message;  // the whole message
};

TEST(ApiJsonTest, NamedCorruptions) {
  const Bad cases[] = {
      {"Empty", "", "release: malformed JSON"},
      {"Malformed", "{\"patch_id\":", "release: malformed JSON"},
      {"NotAnObject", "[1]", "release: must be a JSON object"},
      {"MissingPatchId", "{}", "release: missing 'patch_id'"},
      {"PatchIdBool", R"({"patch_id":true})", "release: 'patch_id' must be a string or an integer"},
      {"UnknownKey", R"({"patch_id":1,"rulez":[]})", "release.rulez: unknown key"},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(c.name);
    auto spec = ParseNewReleaseJson(c.body);
    ASSERT_FALSE(spec.ok());
    EXPECT_EQ(spec.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(spec.status().message(), c.message);
  }
  auto edit = ParseReleaseEditJson(R"({"patch_id":1.5})", 3);
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(edit.status().message(), "release: 'patch_id' must be a string or an integer");
}

TEST(ApiJsonTest, ResponseBodies) {
  const AppInfo app{.app_id = "a",
                    .release_key_id = "k",
                    .release_public_key = "PEM",
                    .app_key = "sak_1",
                    .created_at = 10};
  EXPECT_EQ(RegisteredAppJson(app).dump(),
            R"({"app_id":"a","app_key":"sak_1","created_at":10,"release_key_id":"k"})");
  EXPECT_EQ(AppsJson({app}).dump(),
            R"({"apps":[{"app_id":"a","app_key":"sak_1","created_at":10,)"
            R"("release_key_id":"k","release_public_key":"PEM"}]})");
  EXPECT_EQ(PatchesJson({}).dump(), R"({"patches":[]})");
  const PatchInfo patch{.id = 3, .app_id = "a", .blob_sha256 = "b", .size = 4,
                        .base_fingerprint = "f", .base_size = 5, .target_build_id = "t",
                        .target_sha256 = "s", .target_size = 6, .patch_version = 7,
                        .created_at = 8};
  EXPECT_EQ(PatchJson(patch).dump(),
            R"({"app_id":"a","base_fingerprint":"f","base_size":5,"blob_sha256":"b",)"
            R"("created_at":8,"id":"3","patch_version":7,"size":4,"target_build_id":"t",)"
            R"("target_sha256":"s","target_size":6})");

  AggregatesView view;
  view.app_id = "a";
  view.base_fingerprint = "f";
  view.series = {AggregatePoint{.release_id = 0, .minute = 2, .metric = "apply_failed",
                                .code = 12, .events = 3, .devices = std::nullopt},
                 AggregatePoint{.release_id = 0, .minute = 2, .metric = "checked", .code = 0,
                                .events = 9, .devices = 4, .devices_approx = true}};
  view.totals = {{"apply_failed", 3}, {"checked", 9}};
  view.apply_failed_by_code = {{9, 1}, {12, 3}};
  view.distinct_devices = {{"sessions", 2}};
  EXPECT_EQ(AggregatesJson(view).dump(),
            R"({"app_id":"a","apply_failed_by_code":{"12":3,"9":1},"base_fingerprint":"f",)"
            R"("distinct_devices":{"sessions":2},"release_id":"","resolution_s":60,"series":[)"
            R"({"code":12,"count":3,"devices":null,"events":3,"metric":"apply_failed",)"
            R"("minute":2,"release_id":0,"time":120},)"
            R"({"code":0,"count":9,"devices":4,"devices_approx":true,"events":9,)"
            R"("metric":"checked","minute":2,"release_id":0,"time":120}],)"
            R"("totals":{"apply_failed":3,"checked":9}})");
}

TEST(ApiJsonTest, ReleaseViewShowsSpecWithRowIdAndPercent) {
  auto spec = ParseNewReleaseJson(R"({"patch_id":1,"percent":12.34})");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ReleaseInfo info;
  info.id = 4;
  info.app_id = "a";
  info.patch_id = 1;
  info.state = "active";
  info.release = spec->release;
  const nlohmann::json j = ReleaseJson(info);
  EXPECT_EQ(j["id"], "4");
  EXPECT_EQ(j["patch_id"], "1");
  EXPECT_EQ(j["spec"]["id"], "4");
  EXPECT_DOUBLE_EQ(j["percent"].get<double>(), 12.34);
  EXPECT_EQ(ReleasesJson({info})["releases"].size(), 1u);
}

}  // namespace
}  // namespace suture::server

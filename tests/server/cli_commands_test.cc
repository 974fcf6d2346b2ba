// Drives the `suture publish|app|release|token` subcommands (suture::cli_commands)
// against the real suture-server binary.
#include "suture/cli/commands.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "server_harness.h"

namespace suture::server::testing {
namespace {

int RunCli(std::vector<std::string> args) {
  CLI::App app{"suture"};
  app.require_subcommand(1);
  int rc = -1;
  cli::AddServerCommands(app, &rc);
  args.insert(args.begin(), "suture");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return 2;
  }
  return rc;
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

TEST(ServerCliTest, RegisterPublishReleaseFlow) {
  TempDir dir;
  ServerProcess server(dir.path() + "/data");
  ASSERT_FALSE(server.url().empty());
  const std::string url = server.url();
  const std::string tok = server.admin_token();
  auto key = PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  const std::string pub = dir.path() + "/release.pub";
  ASSERT_TRUE(key->public_key().SaveFile(pub).ok());
  const Bytes bundle = MakeBundle("cli.app", RandomBytes(100, 1), RandomBytes(100, 2), 1, &*key);
  const std::string patch = dir.path() + "/p.sutpatch";
  WriteFile(patch, std::string(bundle.begin(), bundle.end()));

  EXPECT_EQ(RunCli({"app", "register", "--server", url, "--token", tok, "--app", "cli.app",
                    "--pubkey", pub}),
            0);
  EXPECT_EQ(RunCli({"publish", "--server", url, "--token", tok, "--app", "cli.app", patch}), 0);
  // A duplicate is refused by the server: exit code 6.
  EXPECT_EQ(RunCli({"publish", "--server", url, "--token", tok, "--app", "cli.app", patch}), 6);
  // Wrong key: a bundle signed by another key -> verify_failed: exit code 5.
  auto other = PrivateKey::Generate();
  const Bytes forged = MakeBundle("cli.app", RandomBytes(100, 3), RandomBytes(100, 4), 2, &*other);
  WriteFile(patch + ".forged", std::string(forged.begin(), forged.end()));
  EXPECT_EQ(RunCli({"publish", "--server", url, "--token", tok, "--app", "cli.app",
                    patch + ".forged"}),
            5);
  EXPECT_EQ(RunCli({"release", "create", "--server", url, "--token", tok, "--app", "cli.app",
                    "--patch", "1", "--percent", "5"}),
            0);
  EXPECT_EQ(RunCli({"release", "ramp", "--server", url, "--token", tok, "--app", "cli.app",
                    "--id", "1", "--percent", "50"}),
            0);
  EXPECT_EQ(RunCli({"release", "pause", "--server", url, "--token", tok, "--app", "cli.app",
                    "--id", "1", "--reason", "looking"}),
            0);
  EXPECT_EQ(RunCli({"release", "list", "--server", url, "--token", tok, "--app", "cli.app"}), 0);
  {
    // aggregates --summary: events and distinct devices per metric.
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(RunCli({"app", "list", "--server", url, "--token", tok}), 0);
    const auto apps = nlohmann::json::parse(::testing::internal::GetCapturedStdout(), nullptr, false);
    ASSERT_TRUE(apps.is_object());
    const std::string app_key = apps["apps"][0]["app_key"];
    const nlohmann::json report{
        {"device",
         {{"device_id", "phone-1"}, {"base_fingerprint", ToHex(Sha256(RandomBytes(100, 1)))}}},
        {"events",
         {{{"event_id", "a1"}, {"kind", "applied"}, {"release_id", "1"}},
          {{"event_id", "a2"}, {"kind", "applied"}, {"release_id", "1"}}}}};
    ASSERT_EQ(Http("POST", url + "/v1/apps/cli.app/report", report.dump(),
                   {"X-Suture-App-Key: " + app_key, "Content-Type: application/json"})
                  .status,
              200);
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(RunCli({"aggregates", "--server", url, "--token", tok, "--app", "cli.app",
                      "--release", "1", "--summary"}),
              0);
    const std::string out = ::testing::internal::GetCapturedStdout();
    EXPECT_NE(out.find("metric"), std::string::npos) << out;
    // applied: 2 events, 1 device since the start, 1 device in its minute.
    std::istringstream lines(out);
    std::string line;
    bool found = false;
    while (std::getline(lines, line)) {
      std::istringstream words(line);
      std::string metric, events, devices, peak;
      words >> metric >> events >> devices >> peak;
      if (metric != "applied") continue;
      found = true;
      EXPECT_EQ(events + " " + devices + " " + peak, "2 1 1") << out;
    }
    EXPECT_TRUE(found) << out;
  }
  EXPECT_EQ(RunCli({"token", "create", "--server", url, "--token", tok, "--role", "readonly"}), 0);
  // Bad token -> 6; unreachable server -> 3; missing file -> 3.
  EXPECT_EQ(RunCli({"release", "list", "--server", url, "--token", "nope", "--app", "cli.app"}), 6);
  EXPECT_EQ(RunCli({"release", "list", "--server", "http://127.0.0.1:1", "--token", tok, "--app",
                    "cli.app"}),
            3);
  EXPECT_EQ(RunCli({"publish", "--server", url, "--token", tok, "--app", "cli.app",
                    dir.path() + "/missing"}),
            3);
}

// Pipelines write older formats (`suture diff --format-version 1|2|3`) until
// the fleet reads the newest: the server takes each, and the newest, and
// hands it back byte for byte.
TEST(ServerCliTest, PublishAcceptsEveryBundleFormat) {
  TempDir dir;
  ServerProcess server(dir.path() + "/data");
  ASSERT_FALSE(server.url().empty());
  const std::string url = server.url();
  const std::string tok = server.admin_token();
  auto key = PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  const std::string pub = dir.path() + "/release.pub";
  ASSERT_TRUE(key->public_key().SaveFile(pub).ok());
  ASSERT_EQ(RunCli({"app", "register", "--server", url, "--token", tok, "--app", "v.app",
                    "--pubkey", pub}),
            0);
  for (uint16_t version : {1, 2, 3, 4}) {
    const Bytes bundle = MakeBundle("v.app", RandomBytes(100, version), RandomBytes(100, 9),
                                    version, &*key, version);
    ASSERT_EQ(bundle.size() > 10 ? bundle[8] : 0, version);  // u16 format version at offset 8
    const std::string patch = dir.path() + "/p" + std::to_string(version) + ".sutpatch";
    WriteFile(patch, std::string(bundle.begin(), bundle.end()));
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(RunCli({"publish", "--server", url, "--token", tok, "--app", "v.app", patch}), 0)
        << "format v" << version;
    const auto j = nlohmann::json::parse(::testing::internal::GetCapturedStdout(), nullptr, false);
    ASSERT_TRUE(j.is_object()) << "format v" << version;
    EXPECT_EQ(j.value("patch_version", 0), version);
    const std::string blob = j.value("blob_sha256", "");
    EXPECT_EQ(blob, ToHex(Sha256(bundle)));
    Response got = Http("GET", url + "/v1/blobs/" + blob);
    EXPECT_EQ(got.status, 200) << "format v" << version;
    EXPECT_EQ(got.body, std::string(bundle.begin(), bundle.end())) << "format v" << version;
  }
}

}  // namespace
}  // namespace suture::server::testing

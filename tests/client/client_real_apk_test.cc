// The happy path on a real release pair: appium-uiautomator2-server 10.6.2
// -> 10.6.4 (17.9 MB multi-DEX APKs from the npm registry, fetched once by
// scripts/fetch-apks.sh into ~/.cache/suture-bench/apks), published to the
// real server, synced, merged by the worker, installed and launched.
#include <gtest/gtest.h>

#include <sstream>

#include "client_fixture.h"
#include "suture/core/file_util.h"

namespace suture::client::testing {
namespace {

std::vector<std::string> FetchRealPair(std::string* log) {
  std::string out;
  const int rc =
      RunProcess({"/usr/bin/env", "bash", std::string(SUTURE_SOURCE_DIR) + "/scripts/fetch-apks.sh",
                  "10.6.2", "10.6.4"},
                 {}, &out);
  *log = out;
  std::vector<std::string> paths;
  if (rc != 0) return paths;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.ends_with(".apk")) paths.push_back(line);
  }
  return paths;
}

TEST_F(ClientServerTest, HappyPathOnARealApkPair) {
  std::string log;
  const std::vector<std::string> apks = FetchRealPair(&log);
  ASSERT_EQ(apks.size(), 2u) << "cannot fetch the APK pair from npm: " << log;
  const std::string release = PublishAndRelease(apks[0], apks[1], 1);
  ASSERT_FALSE(release.empty());

  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(MakeConfig("real-apk-1", "real", apks[0]), &c).ok());
  SyncOutcome o = c->Sync();
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  EXPECT_EQ(o.outcome, "installed") << o.ToJson();
  std::string dir;
  ASSERT_TRUE(c->LaunchBegin(&dir).ok());
  ASSERT_FALSE(dir.empty());
  ASSERT_TRUE(c->LaunchOk().ok());
  ExpectNoLeftovers(State("real"));

  // Every file of the installed folder is the new release's member, and
  // every member that changed is there.
  std::string out;
  const int rc = RunProcess({"/usr/bin/env", "python3", "-c", R"PY(
import os, sys, zipfile
old, new, folder = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2]), sys.argv[3]
old_names = set(old.namelist())
changed = [n for n in new.namelist() if not n.endswith('/') and
           (n not in old_names or old.read(n) != new.read(n))]
files = []
for root, _, names in os.walk(folder):
    for n in names:
        rel = os.path.relpath(os.path.join(root, n), folder)
        if not rel.startswith('.suture'): files.append(rel)
for rel in files:
    assert open(os.path.join(folder, rel), 'rb').read() == new.read(rel), rel
missing = sorted(set(changed) - set(files))
assert not missing, missing[:5]
print(f"{len(files)} files installed, {len(changed)} changed members")
)PY",
                             apks[0], apks[1], dir},
                            {}, &out);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("files installed"), std::string::npos) << out;

  // The next sync sends the launch report; the release's aggregates count
  // the device in every step.
  SyncOutcome again = c->Sync();
  ASSERT_TRUE(again.result.ok()) << again.result.message;
  EXPECT_EQ(again.outcome, "up_to_date");
  const nlohmann::json agg = Aggregates(release);
  for (const char* metric : {"downloaded", "applied", "first_launch_ok"}) {
    EXPECT_TRUE(HasMetric(agg, metric)) << metric << ": " << agg.dump().substr(0, 2000);
  }
}

}  // namespace
}  // namespace suture::client::testing

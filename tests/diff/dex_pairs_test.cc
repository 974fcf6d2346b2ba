// Round trips on real DEX pairs: the one-edit pairs made by
// scripts/dex-testpairs.sh from a 3 MB DEX of a real APK, and release-to-
// release pairs of the same APK from the npm registry. Every output must be
// byte-identical to NEW and accepted by `dexdump -d`.
//
// The data is prepared by the ctest fixture dex_testdata_setup
// (scripts/dex-testpairs.sh --prepare $SUTURE_DEX_TESTDATA).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <string>

#include "suture/core/file_util.h"
#include "suture/diff/dex_apply.h"
#include "suture/diff/dex_diff.h"

namespace suture::dex {
namespace {

namespace fs = std::filesystem;

std::string DataDir() {
  const char* d = std::getenv("SUTURE_DEX_TESTDATA");
  return d ? d : "";
}

// Writes `dex` to a temp file and runs `dexdump -d` on it; returns its exit code.
int DexDump(const Bytes& dex, const std::string& tag) {
  fs::path tmp = fs::temp_directory_path() / ("suture_dex_pairs_" + tag + ".dex");
  if (!WriteFileAtomic(tmp.string(), dex).ok()) return -1;
  std::string cmd = "dexdump -d '" + tmp.string() + "' > /dev/null 2> '" + tmp.string() + ".err'";
  int rc = std::system(cmd.c_str());
  auto err = ReadFile(tmp.string() + ".err");
  fs::remove(tmp);
  fs::remove(tmp.string() + ".err");
  // dexdump reports some failures on stderr with exit code 0.
  if (rc == 0 && err.ok() && AsStringView(*err).find("Failure") != std::string_view::npos) return 1;
  return rc;
}

void RoundTrip(const std::string& old_path, const std::string& new_path, const std::string& tag) {
  auto o = ReadFile(old_path);
  auto n = ReadFile(new_path);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  DexDiffOptions opt;
  opt.try_all_methods = false;
  opt.verify = false;  // the test applies and compares itself
  DexDiffStats st;
  auto patch = DexDiff(*o, *n, opt, &st);
  ASSERT_TRUE(patch.ok()) << tag << ": " << patch.status().ToString();
  auto out = DexApplyToBytes(*o, *patch);
  ASSERT_TRUE(out.ok()) << tag << ": " << out.status().ToString();
  ASSERT_TRUE(*out == *n) << tag << ": output differs from NEW";
  EXPECT_EQ(DexDump(*out, tag), 0) << tag << ": dexdump rejected the output";
  std::printf("[ pair ] %s: %zu -> %zu bytes, patch %zu bytes\n", tag.c_str(), o->size(), n->size(),
              patch->size());
}

class DexEditPairTest : public ::testing::TestWithParam<const char*> {};

TEST_P(DexEditPairTest, RoundTripIsByteExactAndDexdumpAccepts) {
  std::string dir = DataDir() + "/pairs-classes16";
  ASSERT_TRUE(fs::exists(dir + "/old.dex")) << "missing test data in " << dir;
  RoundTrip(dir + "/old.dex", dir + "/" + GetParam() + ".dex", GetParam());
}

INSTANTIATE_TEST_SUITE_P(Generated, DexEditPairTest,
                         ::testing::Values("string", "add_method", "add_class", "literal",
                                           "del_method", "rename_class"));

struct Release {
  const char* from;
  const char* to;
};

void PrintTo(const Release& r, std::ostream* os) { *os << r.from << "->" << r.to; }

class DexReleasePairTest : public ::testing::TestWithParam<Release> {};

// Every classes*.dex that changed between two consecutive releases.
TEST_P(DexReleasePairTest, EveryChangedDexRoundTrips) {
  std::string a = DataDir() + "/npm/" + GetParam().from, b = DataDir() + "/npm/" + GetParam().to;
  ASSERT_TRUE(fs::exists(a + "/classes.dex") && fs::exists(b + "/classes.dex"))
      << "missing test data";
  int changed = 0;
  for (const auto& e : fs::directory_iterator(b)) {
    std::string name = e.path().filename().string();
    if (!fs::exists(a + "/" + name)) continue;
    auto x = ReadFile(a + "/" + name);
    auto y = ReadFile(b + "/" + name);
    ASSERT_TRUE(x.ok() && y.ok());
    if (*x == *y) continue;
    ++changed;
    RoundTrip(a + "/" + name, b + "/" + name,
              std::string(GetParam().from) + "_" + GetParam().to + "_" + name);
  }
  EXPECT_GT(changed, 0);
}

INSTANTIATE_TEST_SUITE_P(Npm, DexReleasePairTest,
                         ::testing::Values(Release{"10.6.2", "10.6.4"},
                                           Release{"10.6.4", "10.6.6"}),
                         [](const ::testing::TestParamInfo<Release>& i) {
                           std::string s = std::string(i.param.from) + "_" + i.param.to;
                           for (char& c : s)
                             if (c == '.') c = '_';
                           return s;
                         });

}  // namespace
}  // namespace suture::dex

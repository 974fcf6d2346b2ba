// Round trips on real DEX pairs: the one-edit pairs made by
// scripts/dex-testpairs.sh from a 3 MB DEX of a real APK, and release-to-
// release pairs of the same APK from the npm registry. Every output must be
// byte-identical to NEW and accepted by `dexdump -d`.
//
// The data is prepared by the ctest fixture dex_testdata_setup
// (scripts/dex-testpairs.sh --prepare $SUTURE_DEX_TESTDATA).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "suture/apply/dex_apply.h"
#include "suture/core/file_util.h"
#include "suture/create/dex_diff.h"

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
  // Format 3 without digests, as bundles carry it (compact maps, raw sparse
  // records, header fix-up): also byte-exact, never bigger.
  opt.compact_header = true;
  opt.digests = false;
  auto compact = DexDiff(*o, *n, opt);
  ASSERT_TRUE(compact.ok()) << tag << ": " << compact.status().ToString();
  auto out3 = DexApplyToBytes(*o, *compact);
  ASSERT_TRUE(out3.ok()) << tag << ": v3: " << out3.status().ToString();
  ASSERT_TRUE(*out3 == *n) << tag << ": v3 output differs from NEW";
  EXPECT_EQ(DexDump(*out3, tag + "_v3"), 0) << tag << ": dexdump rejected the v3 output";
  EXPECT_LT(compact->size(), patch->size()) << tag;
  std::printf("[ pair ] %s: %zu -> %zu bytes, patch %zu bytes (v3 in a bundle: %zu)\n", tag.c_str(),
              o->size(), n->size(), patch->size(), compact->size());
}

class DexEditPairTest : public ::testing::TestWithParam<const char*> {};

TEST_P(DexEditPairTest, RoundTripIsByteExactAndDexdumpAccepts) {
  std::string dir = DataDir() + "/pairs-classes16";
  ASSERT_TRUE(fs::exists(dir + "/old.dex")) << "missing test data in " << dir;
  RoundTrip(dir + "/old.dex", dir + "/" + GetParam() + ".dex", GetParam());
}

INSTANTIATE_TEST_SUITE_P(Generated, DexEditPairTest,
                         ::testing::Values("string", "string_inplace", "add_method",
                                           "add_class", "literal", "del_method", "rename_class",
                                           "string_shift", "annotation", "static_value"),
                         [](const ::testing::TestParamInfo<const char*>& i) {
                           return std::string(i.param);
                         });

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

// A package of 61 classes (org/eclipse/wst/xml/xpath2/processor/internal/types)
// moved from the real 3 MB classes16.dex to classes2.dex: old = smali(classes2),
// new = smali(classes2 + the package), donor = the real classes16.dex. The
// pair is generated once with baksmali/smali and cached in the test data dir.
TEST(DexMovedClassRealTest, PackageMovedBetweenDexFilesUsesDonor) {
  const std::string npm = DataDir() + "/npm/10.6.4";
  const std::string dir = DataDir() + "/moved-package";
  ASSERT_TRUE(fs::exists(npm + "/classes16.dex")) << "missing test data";
  if (!fs::exists(dir + "/new.dex")) {
    const std::string pkg = "org/eclipse/wst/xml/xpath2/processor/internal/types";
    const std::string t = dir + ".part." + std::to_string(::getpid());
    const std::string cmd = "set -e; rm -rf '" + t + "'; mkdir -p '" + t + "'; cd '" + t +
                            "'; baksmali d '" + npm + "/classes2.dex' -o t2; baksmali d '" + npm +
                            "/classes16.dex' -o t16; cp -r t2 t2m; mkdir -p t2m/" + pkg +
                            "; cp t16/" + pkg + "/*.smali t2m/" + pkg +
                            "/; smali a --api 26 t2 -o old.dex; smali a --api 26 t2m -o new.dex;"
                            " mkdir -p '" +
                            dir + "'; mv old.dex '" + dir + "/old.dex'; mv new.dex '" + dir +
                            "/new.tmp'; mv '" + dir + "/new.tmp' '" + dir +
                            "/new.dex'; cd /; rm -rf '" + t + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "baksmali/smali failed: " << cmd;
  }
  auto o = ReadFile(dir + "/old.dex");
  auto n = ReadFile(dir + "/new.dex");
  auto donor = ReadFile(npm + "/classes16.dex");
  auto other = ReadFile(npm + "/classes15.dex");
  ASSERT_TRUE(o.ok() && n.ok() && donor.ok() && other.ok());
  DexDiffStats plain_st, st;
  auto plain = DexDiff(*o, *n, {}, &plain_st);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  std::vector<ByteView> donors = {*other, *donor};
  auto with = DexDiff(*o, *n, {}, &st, donors);
  ASSERT_TRUE(with.ok()) << with.status().ToString();
  std::printf(
      "{\"pair\":\"moved_package_real\",\"new_size\":%zu,\"donor_size\":%zu,"
      "\"moved_classes\":%u,\"patch_no_donor\":%zu,\"patch_donor\":%zu,"
      "\"ratio\":%.2f}\n",
      n->size(), donor->size(), st.moved_classes, plain->size(), with->size(),
      static_cast<double>(plain->size()) / static_cast<double>(with->size()));
  EXPECT_EQ(st.moved_classes, 61u);  // the package's 61 classes (not its subpackages)
  EXPECT_EQ(st.donors_used, 1u);
  EXPECT_LT(with->size() * 2, plain->size()) << "donor patch not clearly smaller";
  auto used = ReadDexPatchDonors(*with);
  ASSERT_TRUE(used.ok());
  ASSERT_EQ(used->size(), 1u);
  EXPECT_EQ((*used)[0].index, 1u);
  auto out = DexApplyToBytes(*o, *with, {}, donors);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_TRUE(*out == *n) << "output differs from NEW";
  EXPECT_EQ(DexDump(*out, "moved_package"), 0) << "dexdump rejected the output";
  // The same with format 3 (compact donor maps), as a bundle carries it.
  DexDiffOptions c;
  c.compact_header = true;
  c.digests = false;
  auto with3 = DexDiff(*o, *n, c, nullptr, donors);
  ASSERT_TRUE(with3.ok()) << with3.status().ToString();
  EXPECT_LT(with3->size(), with->size());
  auto out3 = DexApplyToBytes(*o, *with3, {}, donors);
  ASSERT_TRUE(out3.ok()) << out3.status().ToString();
  ASSERT_TRUE(*out3 == *n) << "v3 output differs from NEW";
  // The wrong donor in slot 1 is rejected before any output.
  std::vector<ByteView> wrong = {*donor, *other};
  auto bad = DexApplyToBytes(*o, *with, {}, wrong);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("donor 1"), std::string::npos) << bad.status().ToString();
}

}  // namespace
}  // namespace suture::dex

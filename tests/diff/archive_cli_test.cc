// The `suture diff` / `suture apply` commands against Debian's bsdiff/bspatch,
// unzip, and hostile archives.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "suture/apply/zip.h"
#include "suture/core/file_util.h"

namespace suture::diff {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int code;
  std::string out, err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Random(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, 0);
  for (auto& c : s) c = static_cast<char>("abcdefgh\n"[rng() % 9]);
  return s;
}

class ArchiveCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("suture_acli_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string P(const std::string& n) { return (dir_ / n).string(); }
  RunResult Sh(const std::string& cmd) {
    std::string full = cmd + " >" + P("o.txt") + " 2>" + P("e.txt") + " </dev/null";
    int st = std::system(full.c_str());
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, Slurp(P("o.txt")), Slurp(P("e.txt"))};
  }
  RunResult Suture(const std::string& args) { return Sh(std::string(SUTURE_CLI_PATH) + " " + args); }
  void Write(const std::string& n, const std::string& data) { ASSERT_TRUE(WriteFileAtomic(P(n), AsBytes(data)).ok()); }
  std::string Read(const std::string& n) {
    auto b = ReadFile(P(n));
    return b.ok() ? std::string(b->begin(), b->end()) : "<missing>";
  }
  // A small archive; `rename_from`/`rename_to` rewrites a name of equal length
  // in the raw bytes (how hostile names are made: our writer refuses them).
  Bytes Zip(const std::vector<std::pair<std::string, std::string>>& members) {
    auto w = ZipWriter::ToMemory();
    for (const auto& [n, c] : members) EXPECT_TRUE(w->AddEntry(n, AsBytes(c)).ok());
    EXPECT_TRUE(w->Finish().ok());
    return w->TakeBytes();
  }
  fs::path dir_;
};

TEST_F(ArchiveCliTest, Bsdiff40WrittenBySutureAppliesWithDebianBspatch) {
  std::string a = Random(100000, 1), b = a;
  b.replace(500, 20, Random(20, 2));
  b += Random(1000, 3);
  Write("old", a);
  Write("new", b);
  ASSERT_EQ(Suture("diff --format bsdiff40 " + P("old") + " " + P("new") + " -o " + P("p.bsdiff")).code, 0);
  RunResult r = Sh("bspatch " + P("old") + " " + P("out") + " " + P("p.bsdiff"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Read("out") == b);
}

TEST_F(ArchiveCliTest, DebianBsdiffPatchAppliesWithSuture) {
  std::string a = Random(100000, 4), b = a.substr(0, 60000) + Random(500, 5) + a.substr(60000);
  Write("old", a);
  Write("new", b);
  ASSERT_EQ(Sh("bsdiff " + P("old") + " " + P("new") + " " + P("p.bsdiff")).code, 0);
  RunResult r = Suture("apply " + P("old") + " " + P("p.bsdiff") + " -o " + P("out"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Read("out") == b);
}

TEST_F(ArchiveCliTest, SignedArchivePatchFullArchivePassesUnzip) {
  ASSERT_EQ(Suture("keygen -o " + P("rel")).code, 0);
  ASSERT_TRUE(WriteFileAtomic(P("old.apk"), Zip({{"classes.dex", Random(50000, 1)}, {"res/a", "a"}})).ok());
  ASSERT_TRUE(WriteFileAtomic(P("new.apk"), Zip({{"classes.dex", Random(50000, 1) + "x"}, {"res/b", "b"}})).ok());
  RunResult d = Suture("diff " + P("old.apk") + " " + P("new.apk") + " -o " + P("p.bin") + " --key " + P("rel.key") +
                       " --app-id com.x");
  ASSERT_EQ(d.code, 0) << d.err;
  ASSERT_EQ(Suture("verify " + P("p.bin") + " --pubkey " + P("rel.pub")).code, 0);
  RunResult a = Suture("apply " + P("old.apk") + " " + P("p.bin") + " --pubkey " + P("rel.pub") +
                       " --full-archive " + P("out.apk"));
  ASSERT_EQ(a.code, 0) << a.err;
  RunResult t = Sh("unzip -tq " + P("out.apk"));
  EXPECT_EQ(t.code, 0) << t.out << t.err;
  RunResult f = Suture("apply " + P("old.apk") + " " + P("p.bin") + " -o " + P("folder"));
  ASSERT_EQ(f.code, 0) << f.err;
  EXPECT_TRUE(Read("folder/res/b") == "b");
  EXPECT_NE(Read("folder/.suture/manifest.json").find("\"res/a\""), std::string::npos);
}

TEST_F(ArchiveCliTest, WrongBaseExitCodeAndNoOutput) {
  Write("old", Random(10000, 1));
  Write("new", Random(10000, 2));
  Write("other", Random(10000, 3));
  ASSERT_EQ(Suture("diff " + P("old") + " " + P("new") + " -o " + P("p.bin")).code, 0);
  RunResult r = Suture("apply " + P("other") + " " + P("p.bin") + " -o " + P("out"));
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("other: not the base this patch was made for"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(P("out")));
}

TEST_F(ArchiveCliTest, PathTraversalArchiveRejected) {
  Bytes evil = Zip({{"ok.txt", "fine"}, {"aa/evil.sh", "rm -rf"}});
  // Rewrite "aa/evil.sh" to "../evil.sh" in local and central headers.
  for (size_t i = 0; i + 10 <= evil.size(); ++i) {
    if (std::memcmp(evil.data() + i, "aa/evil.sh", 10) == 0) std::memcpy(evil.data() + i, "../evil.sh", 10);
  }
  ASSERT_TRUE(WriteFileAtomic(P("evil.zip"), evil).ok());
  ASSERT_TRUE(WriteFileAtomic(P("good.zip"), Zip({{"ok.txt", "fine"}})).ok());
  RunResult r = Suture("diff " + P("good.zip") + " " + P("evil.zip") + " -o " + P("p.bin"));
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("new archive: entry 1 (../evil.sh)"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  EXPECT_FALSE(fs::exists(P("p.bin")));
}

TEST_F(ArchiveCliTest, ZipBombRejected) {
  Bytes bomb = Zip({{"big.bin", std::string(100000, 'z')}});
  // Declare 4 GiB - 1 uncompressed in the local (offset 22) and central (offset 24) headers.
  for (size_t i = 0; i + 4 <= bomb.size(); ++i) {
    if (std::memcmp(bomb.data() + i, "PK\3\4", 4) == 0) std::memset(bomb.data() + i + 22, 0xFF, 4);
    if (std::memcmp(bomb.data() + i, "PK\1\2", 4) == 0) std::memset(bomb.data() + i + 24, 0xFF, 4);
  }
  ASSERT_TRUE(WriteFileAtomic(P("bomb.zip"), bomb).ok());
  ASSERT_TRUE(WriteFileAtomic(P("good.zip"), Zip({{"big.bin", "small"}})).ok());
  RunResult r = Suture("diff " + P("good.zip") + " " + P("bomb.zip") + " -o " + P("p.bin"));
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("big.bin"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("exceeds"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(P("p.bin")));
}

}  // namespace
}  // namespace suture::diff

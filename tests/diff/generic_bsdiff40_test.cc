// BSDIFF40 interop with Debian's bsdiff/bspatch (run as subprocesses on temp
// files), our own round trips, and one named test per reader check.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include "generic_test_util.h"
#include "suture/apply/bsdiff40_apply.h"
#include "suture/create/bsdiff40_diff.h"

namespace suture::diff {
namespace {

namespace fs = std::filesystem;
using testing::Bsdiff40Parts;
using testing::Mutate;
using testing::RandomBytes;
using testing::WordyBytes;

class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    path_ = fs::temp_directory_path() /
            ("suture_bsdiff40_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string File(const std::string& n) const { return (path_ / n).string(); }

 private:
  fs::path path_;
};

void WriteAll(const std::string& path, const Bytes& b) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

Bytes ReadAll(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

int RunShell(const std::string& cmd) { return std::system((cmd + " 2>/dev/null").c_str()); }

struct Pair {
  std::string name;
  Bytes old_data;
  Bytes new_data;
};

std::vector<Pair> Pairs() {
  const Bytes base = WordyBytes(100000, 21);
  const Bytes rnd = RandomBytes(80000, 22);
  Bytes appended = base;
  appended.insert(appended.end(), rnd.begin(), rnd.begin() + 5000);
  return {
      {"Empty", {}, {}},
      {"EmptyToData", {}, WordyBytes(3000, 23)},
      {"DataToEmpty", WordyBytes(3000, 24), {}},
      {"Identical", base, base},
      {"Appended", base, appended},
      {"Truncated", base, Bytes(base.begin(), base.begin() + 60000)},
      {"SimilarWordy", base, Mutate(base, 100, 25)},
      {"SimilarRandom", rnd, Mutate(rnd, 40, 26)},
      {"Unrelated", rnd, RandomBytes(50000, 27)},
  };
}

void PrintTo(const Pair& p, std::ostream* os) { *os << p.name; }

class Bsdiff40Interop : public ::testing::TestWithParam<Pair> {};

TEST_P(Bsdiff40Interop, OurDiffOurApply) {
  const Pair& p = GetParam();
  auto patch = Bsdiff40Diff(p.old_data, p.new_data);
  ASSERT_TRUE(patch.ok()) << patch.status().ToString();
  EXPECT_TRUE(LooksLikeBsdiff40(*patch));
  auto out = Bsdiff40ApplyToBytes(p.old_data, *patch);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(*out == p.new_data);
  auto again = Bsdiff40Diff(p.old_data, p.new_data);
  EXPECT_TRUE(*again == *patch);  // deterministic
}

TEST_P(Bsdiff40Interop, OurDiffDebianBspatch) {
  const Pair& p = GetParam();
  TempDir dir;
  auto patch = Bsdiff40Diff(p.old_data, p.new_data);
  ASSERT_TRUE(patch.ok());
  WriteAll(dir.File("old"), p.old_data);
  WriteAll(dir.File("patch"), *patch);
  ASSERT_EQ(RunShell("bspatch '" + dir.File("old") + "' '" + dir.File("new") + "' '" +
                dir.File("patch") + "'"),
            0);
  EXPECT_TRUE(ReadAll(dir.File("new")) == p.new_data);
}

TEST_P(Bsdiff40Interop, DebianBsdiffOurApply) {
  const Pair& p = GetParam();
  TempDir dir;
  WriteAll(dir.File("old"), p.old_data);
  WriteAll(dir.File("new"), p.new_data);
  const int rc = RunShell("bsdiff '" + dir.File("old") + "' '" + dir.File("new") + "' '" +
                          dir.File("patch") + "'");
  if (rc != 0 && (p.old_data.empty() || p.new_data.empty())) {
    GTEST_SKIP() << "Debian bsdiff refuses empty inputs (it mmaps them)";
  }
  ASSERT_EQ(rc, 0);
  const Bytes patch = ReadAll(dir.File("patch"));
  auto out = Bsdiff40ApplyToBytes(p.old_data, patch);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(*out == p.new_data);
}

INSTANTIATE_TEST_SUITE_P(Pairs, Bsdiff40Interop, ::testing::ValuesIn(Pairs()),
                         [](const auto& info) { return info.param.name; });

// ---- Reader checks, one named test each. ----

class Bsdiff40Corruption : public ::testing::Test {
 protected:
  // OLD: 32 bytes 0..31. NEW: 24 bytes = OLD[0,10)+2, 4 extra 'y', OLD[12,22)+2.
  void SetUp() override {
    for (int i = 0; i < 32; ++i) old_.push_back(static_cast<uint8_t>(i));
    p_.new_size = 24;
    p_.AddEntry(10, 4, 2);
    p_.AddEntry(10, 0, 0);
    p_.diff_raw.assign(20, 2);
    p_.extra_raw.assign(4, 'y');
  }
  size_t ExpectFailure(const Bytes& patch, StatusCode code, const std::string& text,
                       const ApplyLimits& limits = {}) {
    Bytes out;
    BytesSink sink(&out);
    const Status s = Bsdiff40Apply(old_, patch, sink, limits);
    EXPECT_EQ(s.code(), code) << s.ToString();
    EXPECT_NE(s.message().find(text), std::string::npos) << s.ToString();
    EXPECT_EQ(s.message().rfind("bsdiff40 patch", 0), 0u) << s.ToString();
    return out.size();
  }
  Bytes old_;
  Bsdiff40Parts p_;
};

TEST_F(Bsdiff40Corruption, BaselineApplies) {
  auto out = Bsdiff40ApplyToBytes(old_, p_.Serialize());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->size(), 24u);
  EXPECT_EQ((*out)[0], 2);
  EXPECT_EQ((*out)[10], 'y');
  EXPECT_EQ((*out)[14], 14);  // OLD[12] + 2
}

TEST_F(Bsdiff40Corruption, TruncatedHeader) {
  Bytes patch = p_.Serialize();
  patch.resize(31);
  ExpectFailure(patch, StatusCode::kCorrupt, "truncated header: 31 bytes, need 32");
}

TEST_F(Bsdiff40Corruption, BadMagic) {
  Bytes patch = p_.Serialize();
  patch[7] = '1';
  ExpectFailure(patch, StatusCode::kCorrupt, "bad magic");
}

TEST_F(Bsdiff40Corruption, NegativeBlockLength) {
  Bytes patch = p_.Serialize();
  patch[15] |= 0x80;
  ExpectFailure(patch, StatusCode::kCorrupt, "negative control block length");
}

TEST_F(Bsdiff40Corruption, NegativeNewSize) {
  p_.new_size = -24;
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "negative new size -24");
}

TEST_F(Bsdiff40Corruption, BlocksExceedPatch) {
  Bytes patch = p_.Serialize();
  patch[17] = 0x7f;  // diff block length += 0x7f00
  ExpectFailure(patch, StatusCode::kCorrupt, "block lengths exceed the");
}

TEST_F(Bsdiff40Corruption, DeclaredSizeOverLimit) {
  ApplyLimits limits;
  limits.max_new_size = 23;
  EXPECT_EQ(ExpectFailure(p_.Serialize(), StatusCode::kLimitExceeded,
                          "declared new size 24 exceeds limit 23", limits),
            0u);
}

TEST_F(Bsdiff40Corruption, NegativeLength) {
  p_.ctrl_raw.clear();
  p_.AddEntry(-1, 4, 2);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "control entry 0: negative add length -1");
}

TEST_F(Bsdiff40Corruption, NegativeExtraLength) {
  p_.ctrl_raw.clear();
  p_.AddEntry(10, -4, 2);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "control entry 0: negative extra length -4");
}

TEST_F(Bsdiff40Corruption, AddPastNewSize) {
  p_.ctrl_raw.clear();
  p_.AddEntry(25, 0, 0);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control entry 0: add of 25 bytes at new offset 0 exceeds new size 24");
}

TEST_F(Bsdiff40Corruption, ExtraPastNewSize) {
  p_.ctrl_raw.clear();
  p_.AddEntry(10, 15, 0);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control entry 0: extra of 15 bytes at new offset 10 exceeds new size 24");
}

TEST_F(Bsdiff40Corruption, SeekOutOfRange) {
  p_.ctrl_raw.clear();
  p_.AddEntry(10, 4, int64_t{1} << 62);
  p_.AddEntry(10, 0, int64_t{1} << 62);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "is out of range");
}

TEST_F(Bsdiff40Corruption, ControlTruncated) {
  p_.ctrl_raw.resize(30);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "control block: bzip2 stream ends after");
}

TEST_F(Bsdiff40Corruption, ControlTrailingEntries) {
  p_.AddEntry(0, 0, 0);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control block: holds more than the 48 bytes the control block uses");
}

TEST_F(Bsdiff40Corruption, DiffBlockShort) {
  p_.diff_raw.resize(15);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "diff block: bzip2 stream ends after");
}

TEST_F(Bsdiff40Corruption, ExtraBlockShort) {
  p_.extra_raw.resize(2);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "extra block: bzip2 stream ends after");
}

TEST_F(Bsdiff40Corruption, CorruptBzip2) {
  Bytes patch = p_.Serialize();
  patch[32 + 4] ^= 0xff;  // inside the control block's first bzip2 block header
  ExpectFailure(patch, StatusCode::kCorrupt, "control block: bad bzip2 data");
}

TEST_F(Bsdiff40Corruption, TruncatedBzip2) {
  Bytes patch = p_.Serialize();
  patch.resize(patch.size() - 3);  // cuts the extra block's end-of-stream marker
  ExpectFailure(patch, StatusCode::kCorrupt, "extra block");
}

TEST_F(Bsdiff40Corruption, TrailingBytesAfterBlock) {
  Bytes patch = p_.Serialize();
  patch.push_back(0);
  ExpectFailure(patch, StatusCode::kCorrupt, "extra block: 1 trailing bytes after the bzip2 stream");
}

TEST_F(Bsdiff40Corruption, OldOutsideRangeReadsAsZero) {
  // Reference bspatch semantics: OLD bytes beyond OLD count as zero.
  p_.ctrl_raw.clear();
  p_.AddEntry(10, 4, 20);  // next add starts at old offset 30: bytes 30,31 then 8 zeros
  p_.AddEntry(10, 0, 0);
  auto out = Bsdiff40ApplyToBytes(old_, p_.Serialize());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)[14], 32);
  EXPECT_EQ((*out)[15], 33);
  EXPECT_EQ((*out)[16], 2);
}

}  // namespace
}  // namespace suture::diff

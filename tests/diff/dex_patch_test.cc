// DexDiff / DexApply on the checked-in seeds: round trips, fallback errors,
// and named corruption cases of the patch.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "dex_test_util.h"
#include "suture/apply/dex_apply.h"
#include "suture/core/crypto.h"
#include "suture/create/dex_diff.h"

namespace suture::dex {
namespace {

using testing::LoadSeed;

struct PairCase {
  const char* name;
  const char* old_file;
  const char* new_file;
};

void PrintTo(const PairCase& c, std::ostream* os) { *os << c.name; }

class DexSeedRoundTripTest : public ::testing::TestWithParam<PairCase> {};

TEST_P(DexSeedRoundTripTest, AppliesByteExact) {
  Bytes o = LoadSeed(GetParam().old_file), n = LoadSeed(GetParam().new_file);
  ASSERT_FALSE(o.empty() || n.empty());
  for (bool all : {false, true}) {
    DexDiffOptions opt;
    opt.try_all_methods = all;
    DexDiffStats st;
    auto patch = DexDiff(o, n, opt, &st);
    ASSERT_TRUE(patch.ok()) << patch.status().ToString();
    auto out = DexApplyToBytes(o, *patch);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(*out, n);
    auto info = ReadDexPatchInfo(*patch);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->new_size, n.size());
    EXPECT_EQ(info->new_sha256, Sha256(n));
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, DexSeedRoundTripTest,
                         ::testing::Values(PairCase{"Edit", "seed.dex", "seed_edit.dex"},
                                           PairCase{"Reverse", "seed_edit.dex", "seed.dex"},
                                           PairCase{"Same", "seed.dex", "seed.dex"},
                                           PairCase{"V39Edit", "seed39.dex", "seed39_edit.dex"},
                                           PairCase{"V39Reverse", "seed39_edit.dex", "seed39.dex"},
                                           PairCase{"AcrossVersions", "seed.dex", "seed39.dex"}),
                         [](const ::testing::TestParamInfo<PairCase>& i) {
                           return std::string(i.param.name);
                         });

// Bundle format v3 stores a v3 patch without magic, version and sizes; put
// back from the entry's sizes it is the same patch and applies. Anything but
// a v3 patch for exactly those sizes is refused when bundling.
TEST(DexPatchTest, BundledFormLeavesOutMagicVersionAndSizes) {
  const Bytes o = LoadSeed("seed.dex"), n = LoadSeed("seed_edit.dex");
  DexDiffOptions opt;
  opt.compact_header = true;
  opt.digests = false;
  auto patch = DexDiff(o, n, opt);
  ASSERT_TRUE(patch.ok()) << patch.status().ToString();
  auto bundled = BundledDexPatch(*patch, o.size(), n.size());
  ASSERT_TRUE(bundled.ok()) << bundled.status().ToString();
  // 8 magic + 2 version + 2 + 2 (varints of 2436 and 2660).
  EXPECT_EQ(bundled->size() + 14, patch->size());
  EXPECT_EQ((*bundled)[0], (*patch)[10]);  // delta method first
  auto back = UnbundledDexPatch(*bundled, o.size(), n.size());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, *patch);
  auto out = DexApplyToBytes(o, *back);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, n);
  // Wrong sizes put back: the DEX applier refuses the old input before output.
  auto wrong = UnbundledDexPatch(*bundled, o.size() + 1, n.size());
  ASSERT_TRUE(wrong.ok());
  EXPECT_FALSE(DexApplyToBytes(o, *wrong).ok());
  EXPECT_EQ(UnbundledDexPatch(ByteView(bundled->data(), 1), o.size(), n.size()).status().code(),
            StatusCode::kCorrupt);
  EXPECT_EQ(BundledDexPatch(*patch, o.size(), n.size() + 1).status().code(),
            StatusCode::kInvalidArgument);
  auto v1 = DexDiff(o, n);  // fixed 112-byte header
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(BundledDexPatch(*v1, o.size(), n.size()).status().code(),
            StatusCode::kInvalidArgument);
}

// The header fix-up of patch v3 recomputes signature (SHA-1) and checksum
// (Adler-32) exactly as smali wrote them.
TEST(DexPatchTest, RecomputedHeaderChecksumsMatchSmali) {
  for (const char* name : {"seed.dex", "seed39.dex", "moved_a.dex"}) {
    const Bytes dex = LoadSeed(name);
    Bytes blank = dex;
    std::fill(blank.begin() + 8, blank.begin() + 32, uint8_t{0});
    RecomputeDexHeaderChecksums(blank);
    EXPECT_TRUE(blank == dex) << name;
  }
}

TEST(DexPatchTest, UnparsableOldFailsWithReasonForFallback) {
  Bytes n = LoadSeed("seed.dex");
  Bytes junk = {'n', 'o', 't', ' ', 'a', ' ', 'd', 'e', 'x'};
  auto p = DexDiff(junk, n);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(p.status().message().find("old dex: dex: 9 bytes is shorter than"), std::string::npos)
      << p.status().ToString();
}

TEST(DexPatchTest, InvalidNewFailsNamingNewDex) {
  Bytes o = LoadSeed("seed.dex");
  Bytes n = o;
  n[0] = 'X';
  auto p = DexDiff(o, n);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("new dex: dex header: bad magic"), std::string::npos)
      << p.status().ToString();
}

class DexPatchCorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_ = LoadSeed("seed.dex");
    new_ = LoadSeed("seed_edit.dex");
    auto p = DexDiff(old_, new_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    patch_ = *p;
  }
  Status Apply(const Bytes& old_dex, const Bytes& patch) {
    auto out = DexApplyToBytes(old_dex, patch);
    return out.ok() ? Status::Ok() : out.status();
  }
  Bytes old_, new_, patch_;
};

TEST_F(DexPatchCorruptionTest, WrongOldDex) {
  Status s = Apply(new_, patch_);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  Bytes o = old_;
  o[200] ^= 1;
  s = Apply(o, patch_);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("SHA-256"), std::string::npos) << s.ToString();
}

TEST_F(DexPatchCorruptionTest, BadMagic) {
  patch_[0] = 'X';
  Status s = Apply(old_, patch_);
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_NE(s.message().find("bad magic"), std::string::npos) << s.ToString();
}

TEST_F(DexPatchCorruptionTest, UnknownVersion) {
  patch_[8] = 9;
  EXPECT_EQ(Apply(old_, patch_).code(), StatusCode::kUnsupported);
}

TEST_F(DexPatchCorruptionTest, UnknownFlags) {
  patch_[11] |= 0x80;
  Status s = Apply(old_, patch_);
  EXPECT_EQ(s.code(), StatusCode::kUnsupported);
  EXPECT_NE(s.message().find("unknown flags"), std::string::npos) << s.ToString();
}

// Toggling the raw-maps flag makes the maps section unreadable as declared.
TEST_F(DexPatchCorruptionTest, RawMapsFlagMismatch) {
  patch_[11] ^= kDexPatchFlagRawMaps;
  Status s = Apply(old_, patch_);
  EXPECT_EQ(s.code(), StatusCode::kCorrupt) << s.ToString();
  EXPECT_NE(s.message().find("maps"), std::string::npos) << s.ToString();
}

TEST_F(DexPatchCorruptionTest, Truncated) {
  for (size_t n : {size_t{0}, size_t{50}, kDexPatchHeaderSize, patch_.size() - 1}) {
    Bytes p(patch_.begin(), patch_.begin() + n);
    Status s = Apply(old_, p);
    EXPECT_EQ(s.code(), StatusCode::kCorrupt) << n << ": " << s.ToString();
  }
}

TEST_F(DexPatchCorruptionTest, NewSizeOverLimit) {
  DexApplyLimits limits;
  limits.max_new_size = 100;
  auto out = DexApplyToBytes(old_, patch_, limits);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kLimitExceeded);
}

// Flipping any payload byte fails with a status (never a crash, never a
// silently wrong output: the output hash is checked).
TEST_F(DexPatchCorruptionTest, EveryPayloadByteFlipIsDetected) {
  for (size_t i = kDexPatchHeaderSize; i < patch_.size(); ++i) {
    Bytes p = patch_;
    p[i] ^= 0x5A;
    auto out = DexApplyToBytes(old_, p);
    if (out.ok()) {
      EXPECT_EQ(*out, new_) << "flip at " << i;
    }
  }
}

}  // namespace
}  // namespace suture::dex

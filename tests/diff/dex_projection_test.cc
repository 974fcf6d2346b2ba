// Projection maps: encoding, decoding, corruption, and the identity projection.
#include "suture/apply/dex_projection.h"

#include <gtest/gtest.h>

#include <string>

#include "dex_test_util.h"
#include "suture/create/dex_diff.h"

namespace suture::dex {
namespace {

using testing::LoadSeed;

ProjectionMaps IdentityMaps(const DexFile& f) {
  ProjectionMaps m;
  for (int k = 0; k < kNumIndexKinds; ++k) {
    uint32_t n = f.count(static_cast<RefKind>(k));
    m.new_count[k] = n;
    for (uint32_t i = 0; i < n; ++i) m.index[k].push_back(i);
  }
  return m;
}

// Rewriting every reference with itself must give the input back: this checks
// that fixed-width, uleb128, uleb128p1, class_data deltas and encoded_value
// references are all re-encoded exactly as smali wrote them.
TEST(DexProjectionTest, IdentityMapsReproduceTheInput) {
  for (const char* name : {"seed.dex", "seed_edit.dex", "seed39.dex", "seed39_edit.dex"}) {
    Bytes seed = LoadSeed(name);
    auto f = DexFile::Parse(seed);
    ASSERT_TRUE(f.ok()) << name;
    auto proj = Project(*f, IdentityMaps(*f));
    ASSERT_TRUE(proj.ok()) << proj.status().ToString();
    EXPECT_EQ(*proj, seed) << name;
  }
}

TEST(DexProjectionTest, MapsRoundTrip) {
  Bytes seed = LoadSeed("seed.dex");
  auto f = DexFile::Parse(seed);
  ASSERT_TRUE(f.ok());
  ProjectionMaps m = IdentityMaps(*f);
  m.new_count[0] += 5;
  // A gap, an unmapped run and a backwards jump in the string map.
  for (uint32_t i = 3; i < m.index[0].size(); ++i) m.index[0][i] += 2;
  m.index[0][1] = kNoIndex;
  m.index[0][2] = kNoIndex;
  m.index[0].back() = 0;
  m.shifts = {{0, 0}, {0x100, 12}, {0x180, -4}, {0x900, 40}};
  Bytes enc = EncodeMaps(m);
  auto d = DecodeMaps(enc, *f);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  for (int k = 0; k < kNumIndexKinds; ++k) EXPECT_EQ(d->index[k], m.index[k]) << k;
  ASSERT_EQ(d->shifts.size(), m.shifts.size());
  EXPECT_EQ(d->MapOffset(0x100), 0x10cu);
  EXPECT_EQ(d->MapOffset(0x17f), 0x18bu);
  EXPECT_EQ(d->MapOffset(0x180), 0x17cu);
  EXPECT_EQ(d->MapOffset(0), 0u);                   // 0 means "none" and stays 0
  EXPECT_EQ(d->MapIndex(RefKind::kString, 1), 1u);  // unmapped keeps its value
}

// The compact encoding (DEX patch v3) decodes to the same maps; no-op shifts
// are dropped and the identity everywhere is zero bytes.
TEST(DexProjectionTest, CompactMapsRoundTrip) {
  Bytes seed = LoadSeed("seed.dex");
  auto f = DexFile::Parse(seed);
  ASSERT_TRUE(f.ok());
  ProjectionMaps m = IdentityMaps(*f);
  m.shifts = {{0x40, 0}};
  EXPECT_TRUE(EncodeMaps(m, /*compact=*/true).empty());
  auto id = DecodeMaps({}, *f, /*compact=*/true);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  for (int k = 0; k < kNumIndexKinds; ++k) {
    EXPECT_EQ(id->index[k], m.index[k]) << k;
    EXPECT_EQ(id->new_count[k], m.new_count[k]) << k;
  }
  EXPECT_TRUE(id->shifts.empty());
  EXPECT_FALSE(DecodeMaps({}, *f).ok());  // the full encoding has no empty form

  m.new_count[0] += 5;
  for (uint32_t i = 3; i < m.index[0].size(); ++i) m.index[0][i] += 2;
  m.index[0][1] = kNoIndex;
  m.shifts = {{0x10, 0}, {0x100, 12}, {0x140, 12}, {0x180, -4}};
  Bytes compact = EncodeMaps(m, true);
  EXPECT_LT(compact.size(), EncodeMaps(m).size());
  auto d = DecodeMaps(compact, *f, true);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  for (int k = 0; k < kNumIndexKinds; ++k) EXPECT_EQ(d->index[k], m.index[k]) << k;
  EXPECT_EQ(d->shifts.size(), 2u);  // {0x10, 0} and {0x140, 12} change nothing
  for (uint32_t off : {0x8u, 0x10u, 0xffu, 0x100u, 0x140u, 0x17fu, 0x180u, 0x900u}) {
    EXPECT_EQ(d->MapOffset(off), m.MapOffset(off)) << off;
  }
}

TEST(DexProjectionTest, DecodeRejectsWrongCount) {
  Bytes seed = LoadSeed("seed.dex"), other = LoadSeed("seed_edit.dex");
  auto f = DexFile::Parse(seed);
  auto g = DexFile::Parse(other);
  ASSERT_TRUE(f.ok() && g.ok());
  Bytes enc = EncodeMaps(IdentityMaps(*g));
  auto d = DecodeMaps(enc, *f);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(d.status().message().find("string map: covers"), std::string::npos)
      << d.status().ToString();
}

TEST(DexProjectionTest, DecodeRejectsIndexBeyondNewCount) {
  Bytes seed = LoadSeed("seed.dex");
  auto f = DexFile::Parse(seed);
  ASSERT_TRUE(f.ok());
  ProjectionMaps m = IdentityMaps(*f);
  m.new_count[1] = 2;  // type map points past the declared new type count
  auto d = DecodeMaps(EncodeMaps(m), *f);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("type map: run 0 maps outside"), std::string::npos)
      << d.status().ToString();
}

TEST(DexProjectionTest, DecodeRejectsTruncationAndTrailingBytes) {
  Bytes seed = LoadSeed("seed.dex");
  auto f = DexFile::Parse(seed);
  ASSERT_TRUE(f.ok());
  Bytes enc = EncodeMaps(IdentityMaps(*f));
  for (size_t n = 0; n < enc.size(); ++n) {
    auto d = DecodeMaps(ByteView(enc).first(n), *f);
    EXPECT_FALSE(d.ok()) << "prefix " << n;
  }
  enc.push_back(0);
  auto d = DecodeMaps(enc, *f);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("trailing"), std::string::npos);
}

TEST(DexProjectionTest, MatchMapsEditedSeedOntoNewIndexSpace) {
  Bytes a = LoadSeed("seed.dex"), b = LoadSeed("seed_edit.dex");
  auto fa = DexFile::Parse(a);
  auto fb = DexFile::Parse(b);
  ASSERT_TRUE(fa.ok() && fb.ok());
  DexDiffStats st;
  ProjectionMaps m = MatchDex(*fa, *fb, &st);
  // Every old string except the replaced "hello" exists in the new file.
  EXPECT_EQ(st.matched[0] + 1, fa->count(RefKind::kString));
  EXPECT_EQ(st.matched[4], fa->count(RefKind::kMethod));
  // Matched strings map to equal values; the unmatched one gets a guess (the
  // slot after its matched predecessor), so every entry is mapped in range.
  uint32_t equal = 0;
  for (uint32_t i = 0; i < fa->count(RefKind::kString); ++i) {
    uint32_t j = m.index[0][i];
    ASSERT_LT(j, fb->count(RefKind::kString));
    if (*fa->String(i) == *fb->String(j)) ++equal;
  }
  EXPECT_EQ(equal, st.matched[0]);
}

}  // namespace
}  // namespace suture::dex

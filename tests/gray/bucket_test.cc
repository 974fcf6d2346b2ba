// Stable bucketing: published test vectors, distribution, monotonicity and
// independence of cohorts.
#include "suture/gray/bucket.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

namespace suture::gray {
namespace {

struct Vector {
  const char* salt;
  const char* device;
  uint64_t fnv;
  uint64_t mixed;
  uint32_t bucket;
};

// The same vectors as docs/gray-release.md (computed independently in Python).
const Vector kVectors[] = {
    {"", "", 0xaf63bd4c8601b7dfULL, 0xb9034ad37056f5fbULL, 2267},
    {"r1", "device-0001", 0xeff4f35c2d5edc36ULL, 0x65ec35112a131879ULL, 7033},
    {"r1", "device-0002", 0xeff4f25c2d5eda83ULL, 0xfc352fec27f1796eULL, 8654},
    {"rel-2026-11-22", "3f2b8c1e-9a7d-4e21-b5c0-6d1f0e2a9b7c", 0x092fb28613df3accULL,
     0xdbc4ec565d3da840ULL, 1008},
    {"exp42", "android-id-deadbeef", 0x558ee9c63aae1474ULL, 0x3e3129301654ad7cULL, 1388},
    {"salt", "\xc3\xa9t\xc3\xa9", 0xdec556283ca99ec9ULL, 0x29b0599511c7d210ULL, 8112},
};

TEST(BucketTest, PublishedVectors) {
  for (const Vector& v : kVectors) {
    SCOPED_TRACE(std::string(v.salt) + " / " + v.device);
    std::string bytes = std::string(v.salt) + std::string(1, '\0') + v.device;
    EXPECT_EQ(Fnv1a64(kFnvOffset, bytes), v.fnv);
    EXPECT_EQ(Fmix64(v.fnv), v.mixed);
    EXPECT_EQ(Bucket(v.salt, v.device), v.bucket);
    EXPECT_EQ(BucketFromSaltState(SaltState(v.salt), v.device), v.bucket);
  }
}

TEST(BucketTest, ConstexprEvaluable) {
  static_assert(Bucket("r1", "device-0001") == 7033);
  SUCCEED();
}

std::string DeviceId(int i) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "device-%06d", i);
  return buf;
}

std::string RandomUuid(std::mt19937_64& rng) {
  static const char* kHex = "0123456789abcdef";
  std::string s(36, '-');
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    s[i] = kHex[rng() & 15];
  }
  return s;
}

// 100,000 device ids at 10% -> 10% +- 0.5%.
TEST(BucketTest, TenPercentOfHundredThousandSequentialIds) {
  int in = 0;
  for (int i = 0; i < 100000; ++i) in += InRollout(Bucket("release-42", DeviceId(i)), {}, 1000);
  EXPECT_GE(in, 9500);
  EXPECT_LE(in, 10500);
}

TEST(BucketTest, TenPercentOfHundredThousandRandomIds) {
  std::mt19937_64 rng(7);
  for (const char* salt : {"a", "release-7", "exp:checkout-v2"}) {
    int in = 0;
    for (int i = 0; i < 100000; ++i) in += InRollout(Bucket(salt, RandomUuid(rng)), {}, 1000);
    EXPECT_GE(in, 9500) << salt;
    EXPECT_LE(in, 10500) << salt;
  }
}

TEST(BucketTest, UniformOverHundredBins) {
  int bins[100] = {};
  for (int i = 0; i < 100000; ++i) ++bins[Bucket("uniform", DeviceId(i)) / 100];
  double chi2 = 0;
  for (int b : bins) chi2 += (b - 1000.0) * (b - 1000.0) / 1000.0;
  // 99 degrees of freedom: P(chi2 > 150) ~ 0.0007.
  EXPECT_LT(chi2, 150.0);
}

// Membership at p implies membership at every q > p.
TEST(BucketTest, MonotonicPropertyRandomIds) {
  std::mt19937_64 rng(12345);
  std::uniform_int_distribution<uint32_t> bp(0, kBucketCount);
  std::uniform_int_distribution<uint32_t> edge(0, kBucketCount);
  for (int i = 0; i < 20000; ++i) {
    std::string id = RandomUuid(rng);
    uint32_t b = Bucket("monotonic", id);
    uint32_t lo = edge(rng), hi = edge(rng);
    if (lo == hi) continue;
    BucketRange range{std::min(lo, hi), std::max(lo, hi)};
    uint32_t p = bp(rng);
    if (!InRollout(b, range, p)) continue;
    for (uint32_t q = p; q <= kBucketCount; q += 1 + static_cast<uint32_t>(rng() % 97)) {
      ASSERT_TRUE(InRollout(b, range, q)) << id << " p=" << p << " q=" << q;
    }
    ASSERT_TRUE(InRollout(b, range, kBucketCount));
  }
}

TEST(BucketTest, CohortGrowsExactlyByAddedBuckets) {
  // For a fixed population, the cohort at q is a superset of the cohort at p.
  std::vector<uint32_t> buckets;
  for (int i = 0; i < 20000; ++i) buckets.push_back(Bucket("grow", DeviceId(i)));
  for (uint32_t p : {0u, 1u, 100u, 500u, 2000u, 5000u, 9999u}) {
    for (uint32_t q : {p, p + 1, p + 400, 10000u}) {
      if (q > 10000) continue;
      for (uint32_t b : buckets) {
        if (InRollout(b, {}, p)) {
          ASSERT_TRUE(InRollout(b, {}, q));
        }
      }
    }
  }
}

TEST(BucketTest, DifferentSaltsGiveIndependentCohorts) {
  int a = 0, b = 0, both = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string id = DeviceId(i);
    bool in_a = InRollout(Bucket("release-a", id), {}, 1000);
    bool in_b = InRollout(Bucket("release-b", id), {}, 1000);
    a += in_a;
    b += in_b;
    both += in_a && in_b;
  }
  // Independent 10% cohorts overlap on ~1% (sd ~31 over 100,000).
  EXPECT_NEAR(both, 1000, 160);
  EXPECT_NEAR(a, 10000, 500);
  EXPECT_NEAR(b, 10000, 500);
}

struct LiveEndCase {
  BucketRange range;
  uint32_t bp;
  uint32_t end;
};

TEST(BucketTest, LiveEndTable) {
  const LiveEndCase cases[] = {
      {{0, 10000}, 0, 0},         {{0, 10000}, 1, 1},        {{0, 10000}, 1000, 1000},
      {{0, 10000}, 10000, 10000}, {{0, 5000}, 5000, 2500},   {{5000, 10000}, 5000, 7500},
      {{5000, 10000}, 10000, 10000}, {{0, 3}, 5000, 1},      {{9999, 10000}, 9999, 9999},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(LiveEnd(c.range, c.bp), c.end) << c.range.begin << ".." << c.range.end << " @" << c.bp;
  }
  EXPECT_FALSE(InRollout(4999, {5000, 10000}, 10000));
  EXPECT_FALSE(InRollout(5000, {5000, 10000}, 1));  // 0.01% of 5000 buckets floors to 0
  EXPECT_TRUE(InRollout(5000, {5000, 10000}, 2));
}

TEST(BucketTest, AbSplitPartitionsTheCohort) {
  int a = 0, b = 0;
  for (int i = 0; i < 100000; ++i) {
    uint32_t bucket = Bucket("exp-1", DeviceId(i));
    bool in_a = InRollout(bucket, {0, 5000}, 10000);
    bool in_b = InRollout(bucket, {5000, 10000}, 10000);
    ASSERT_NE(in_a, in_b);  // every device in exactly one arm
    a += in_a;
    b += in_b;
  }
  EXPECT_NEAR(a, 50000, 700);
}

}  // namespace
}  // namespace suture::gray

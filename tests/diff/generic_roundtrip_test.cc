// Round trips of the generic delta over a table of old/new pairs, streaming
// behaviour of the applier, and determinism of the writer.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "generic_test_util.h"
#include "suture/apply/generic_apply.h"
#include "suture/create/generic_diff.h"

namespace suture::diff {
namespace {

using testing::Mutate;
using testing::RandomBytes;
using testing::WordyBytes;

struct Pair {
  std::string name;
  Bytes old_data;
  Bytes new_data;
};

std::vector<Pair> Pairs() {
  const Bytes base = WordyBytes(200000, 1);
  const Bytes rnd = RandomBytes(150000, 2);
  std::vector<Pair> p;
  p.push_back({"EmptyToEmpty", {}, {}});
  p.push_back({"EmptyToData", {}, WordyBytes(5000, 3)});
  p.push_back({"DataToEmpty", WordyBytes(5000, 4), {}});
  p.push_back({"OneByte", {7}, {9}});
  p.push_back({"Identical", base, base});
  Bytes appended = base;
  const Bytes tail = RandomBytes(30000, 5);
  appended.insert(appended.end(), tail.begin(), tail.end());
  p.push_back({"Appended", base, appended});
  p.push_back({"Truncated", base, Bytes(base.begin(), base.begin() + 120000)});
  Bytes prepended = RandomBytes(777, 6);
  prepended.insert(prepended.end(), base.begin(), base.end());
  p.push_back({"Prepended", base, prepended});
  p.push_back({"UnrelatedRandom", rnd, RandomBytes(160000, 7)});
  p.push_back({"SimilarWordy", base, Mutate(base, 200, 8)});
  p.push_back({"SimilarRandom", rnd, Mutate(rnd, 50, 9)});
  Bytes swapped(rnd.begin() + 75000, rnd.end());
  swapped.insert(swapped.end(), rnd.begin(), rnd.begin() + 75000);
  p.push_back({"HalvesSwapped", rnd, swapped});
  p.push_back({"AllZerosGrow", Bytes(100000, 0), Bytes(130000, 0)});
  p.push_back({"ZerosToRandom", Bytes(4096, 0), RandomBytes(4096, 10)});
  return p;
}

void PrintTo(const Pair& p, std::ostream* os) { *os << p.name; }

class GenericRoundTrip : public ::testing::TestWithParam<Pair> {};

TEST_P(GenericRoundTrip, ApplyGivesNew) {
  const Pair& p = GetParam();
  auto patch = GenericDiff(p.old_data, p.new_data);
  ASSERT_TRUE(patch.ok()) << patch.status().ToString();
  auto info = ReadGenericPatchInfo(*patch);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->old_size, p.old_data.size());
  EXPECT_EQ(info->new_size, p.new_data.size());
  auto out = GenericApplyToBytes(p.old_data, *patch);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(*out == p.new_data);
}

TEST_P(GenericRoundTrip, WithOldPrefixAndLowLevel) {
  const Pair& p = GetParam();
  GenericDiffOptions o;
  o.extra_uses_old_prefix = true;
  o.zstd_level = 3;
  o.min_match_gain = 4;
  auto patch = GenericDiff(p.old_data, p.new_data, o);
  ASSERT_TRUE(patch.ok()) << patch.status().ToString();
  auto out = GenericApplyToBytes(p.old_data, *patch);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(*out == p.new_data);
}

// Format version 2 (compact header, what bundles carry): same streams, a
// varint header; every truncation is rejected.
TEST_P(GenericRoundTrip, CompactHeader) {
  const Pair& p = GetParam();
  GenericDiffOptions o;
  o.compact_header = true;
  auto patch = GenericDiff(p.old_data, p.new_data, o);
  auto v1 = GenericDiff(p.old_data, p.new_data);
  ASSERT_TRUE(patch.ok() && v1.ok()) << patch.status().ToString();
  auto info = ReadGenericPatchInfo(*patch);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->version, kGenericFormatVersionCompact);
  EXPECT_LT(info->header_size, kGenericHeaderSize);
  EXPECT_EQ(patch->size() + kGenericHeaderSize - info->header_size, v1->size());
  auto out = GenericApplyToBytes(p.old_data, *patch);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(*out == p.new_data);
  for (size_t n = 0; n < info->header_size; ++n) {
    EXPECT_FALSE(ReadGenericPatchInfo(ByteView(patch->data(), n)).ok()) << n;
  }
}

// Format version 3 (one block, what bundles of format v3 carry when it is
// smaller): never bigger than version 2, applies, truncations rejected.
TEST_P(GenericRoundTrip, OneBlock) {
  const Pair& p = GetParam();
  GenericDiffOptions o;
  o.compact_header = true;
  auto v2 = GenericDiff(p.old_data, p.new_data, o);
  o.one_block = true;
  auto patch = GenericDiff(p.old_data, p.new_data, o);
  ASSERT_TRUE(patch.ok() && v2.ok()) << patch.status().ToString();
  EXPECT_LE(patch->size(), v2->size());
  auto info = ReadGenericPatchInfo(*patch);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  if (patch->size() < v2->size()) EXPECT_EQ(info->version, kGenericFormatVersionBlock);
  auto out = GenericApplyToBytes(p.old_data, *patch);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(*out == p.new_data);
  for (size_t n = 0; n < patch->size(); n += (n < 64 ? 1 : 97)) {
    EXPECT_FALSE(GenericApplyToBytes(p.old_data, ByteView(patch->data(), n)).ok()) << n;
  }
}

TEST_P(GenericRoundTrip, Deterministic) {
  const Pair& p = GetParam();
  auto a = GenericDiff(p.old_data, p.new_data);
  auto b = GenericDiff(p.old_data, p.new_data);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(*a == *b);
}

INSTANTIATE_TEST_SUITE_P(Pairs, GenericRoundTrip, ::testing::ValuesIn(Pairs()),
                         [](const auto& info) { return info.param.name; });

TEST(GenericSize, SimilarInputsGiveSmallPatch) {
  const Bytes base = RandomBytes(500000, 11);
  const Bytes changed = Mutate(base, 20, 12);
  auto patch = GenericDiff(base, changed);
  ASSERT_TRUE(patch.ok());
  // 20 edits of at most 64 random bytes each: far below the 500 KB input.
  EXPECT_LT(patch->size(), 4000u);
}

TEST(GenericSize, ExtraStreamWithOldPrefixRoundTrips) {
  // NEW = OLD's second half with short pieces of OLD's first half and some
  // random bytes spliced in: the extra stream is made with OLD as prefix.
  const Bytes old_data = RandomBytes(200000, 13);
  Bytes new_data(old_data.begin() + 100000, old_data.end());
  for (int i = 0; i < 100; ++i) {
    const auto from = old_data.begin() + i * 997;
    new_data.insert(new_data.begin() + i * 900, from, from + 7);
    const Bytes noise = RandomBytes(5, 100 + i);
    new_data.insert(new_data.begin() + i * 900 + 7, noise.begin(), noise.end());
  }
  GenericDiffOptions o;
  o.extra_uses_old_prefix = true;
  auto patch = GenericDiff(old_data, new_data, o);
  ASSERT_TRUE(patch.ok());
  EXPECT_EQ(ReadGenericPatchInfo(*patch)->flags & kGenericFlagExtraOldPrefix,
            kGenericFlagExtraOldPrefix);
  auto out = GenericApplyToBytes(old_data, *patch);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(*out == new_data);
}

TEST(GenericSize, SparseChangesUseRunsMode) {
  // Same length, a few hundred isolated byte changes: the add bytes are
  // almost all zero, which the runs encoding stores compactly.
  const Bytes base = RandomBytes(400000, 30);
  Bytes changed = base;
  for (size_t i = 500; i < changed.size(); i += 1500) changed[i] ^= 0x11;
  auto patch = GenericDiff(base, changed);
  ASSERT_TRUE(patch.ok());
  EXPECT_EQ(ReadGenericPatchInfo(*patch)->flags & kGenericFlagDiffRuns, kGenericFlagDiffRuns);
  auto out = GenericApplyToBytes(base, *patch);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(*out == changed);
}

// Records the sizes of the pieces it receives.
class RecordingSink : public ByteSink {
 public:
  Status Write(ByteView data) override {
    max_piece = std::max(max_piece, data.size());
    total += data.size();
    if (fail_after >= 0 && total > static_cast<size_t>(fail_after)) {
      return Status::IoError("disk full");
    }
    return Status::Ok();
  }
  size_t max_piece = 0;
  size_t total = 0;
  int64_t fail_after = -1;
};

TEST(GenericApplyStreaming, PiecesAreBoundedByChunk) {
  const Bytes base = RandomBytes(1 << 20, 14);
  const Bytes changed = Mutate(base, 10, 15);
  auto patch = GenericDiff(base, changed);
  ASSERT_TRUE(patch.ok());
  RecordingSink sink;
  ASSERT_TRUE(GenericApply(base, *patch, sink).ok());
  EXPECT_EQ(sink.total, changed.size());
  EXPECT_LE(sink.max_piece, kGenericApplyChunk);
}

TEST(GenericApplyStreaming, SinkErrorIsReturned) {
  const Bytes base = RandomBytes(300000, 16);
  auto patch = GenericDiff(base, Mutate(base, 5, 17));
  ASSERT_TRUE(patch.ok());
  RecordingSink sink;
  sink.fail_after = 100000;
  const Status s = GenericApply(base, *patch, sink);
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.message(), "disk full");
}

TEST(GenericApplyStreaming, LowWindowLimitRejectsBeforeOutput) {
  const Bytes base = RandomBytes(300000, 18);
  const Bytes changed = RandomBytes(300000, 19);  // all extra: big extra window
  auto patch = GenericDiff(base, changed);
  ASSERT_TRUE(patch.ok());
  ApplyLimits limits;
  limits.max_window_log = 16;
  RecordingSink sink;
  const Status s = GenericApply(base, *patch, sink, limits);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded) << s.ToString();
  EXPECT_EQ(sink.total, 0u);
}

TEST(GenericDiffOptionsTest, RejectsBadOptions) {
  GenericDiffOptions o;
  o.zstd_level = 0;
  EXPECT_EQ(GenericDiff({}, {}, o).status().code(), StatusCode::kInvalidArgument);
  o = {};
  o.window_log = 40;
  EXPECT_EQ(GenericDiff({}, {}, o).status().code(), StatusCode::kInvalidArgument);
  o = {};
  o.min_match_gain = -1;
  EXPECT_EQ(GenericDiff({}, {}, o).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace suture::diff

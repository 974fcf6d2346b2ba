// One named test per check of the generic patch reader: each starts from a
// valid hand-built patch and breaks exactly one thing.
#include <gtest/gtest.h>

#include <string>

#include "generic_test_util.h"
#include "suture/apply/generic_apply.h"

namespace suture::diff {
namespace {

using testing::GenericPatchParts;

class GenericCorruption : public ::testing::Test {
 protected:
  // OLD: 64 bytes 0..63. NEW: 40 bytes = OLD[0,20)+1, 10 extra bytes 'x',
  // then OLD[25,35)+1 (after a seek of +5).
  void SetUp() override {
    for (int i = 0; i < 64; ++i) old_.push_back(static_cast<uint8_t>(i));
    p_.old_size = 64;
    p_.new_size = 40;
    p_.AddEntry(20, 10, 5);
    p_.AddEntry(10, 0, 0);
    p_.diff_raw.assign(30, 1);
    p_.extra_raw.assign(10, 'x');
    p_.Compress();
  }

  // Applies and expects failure with `code` and a message containing `text`;
  // returns how many bytes reached the sink.
  size_t ExpectFailure(const Bytes& patch, StatusCode code, const std::string& text,
                       const ApplyLimits& limits = {}) {
    Bytes out;
    BytesSink sink(&out);
    const Status s = GenericApply(old_, patch, sink, limits);
    EXPECT_EQ(s.code(), code) << s.ToString();
    EXPECT_NE(s.message().find(text), std::string::npos) << s.ToString();
    EXPECT_EQ(s.message().rfind("generic patch", 0), 0u) << s.ToString();
    return out.size();
  }

  Bytes old_;
  GenericPatchParts p_;
};

TEST_F(GenericCorruption, BaselineApplies) {
  auto out = GenericApplyToBytes(old_, p_.Serialize());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->size(), 40u);
  EXPECT_EQ((*out)[0], 1);
  EXPECT_EQ((*out)[20], 'x');
  EXPECT_EQ((*out)[30], 26);  // OLD[25] + 1
}

TEST_F(GenericCorruption, TruncatedHeader) {
  Bytes patch = p_.Serialize();
  patch.resize(kGenericHeaderSize - 1);
  ExpectFailure(patch, StatusCode::kCorrupt, "truncated header: 91 bytes, need 92");
}

TEST_F(GenericCorruption, BadMagic) {
  Bytes patch = p_.Serialize();
  patch[0] = 'X';
  ExpectFailure(patch, StatusCode::kCorrupt, "bad magic");
}

TEST_F(GenericCorruption, UnsupportedVersion) {
  p_.version = 4;  // 1, 2 (compact header) and 3 (one block) are read
  ExpectFailure(p_.Serialize(), StatusCode::kUnsupported, "format version 4");
}

TEST_F(GenericCorruption, UnknownFlags) {
  p_.flags = 0x8000;
  ExpectFailure(p_.Serialize(), StatusCode::kUnsupported, "unknown flags 0x8000");
}

TEST_F(GenericCorruption, StreamSizesDisagreeWithNewSize) {
  p_.new_size = 41;
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "!= new size 41");
}

TEST_F(GenericCorruption, StreamRunsPastEnd) {
  Bytes patch = p_.Serialize();
  patch.resize(patch.size() - 1);
  ExpectFailure(patch, StatusCode::kCorrupt, "extra stream of");
}

TEST_F(GenericCorruption, TrailingBytes) {
  Bytes patch = p_.Serialize();
  patch.push_back(0);
  ExpectFailure(patch, StatusCode::kCorrupt, "1 trailing bytes after the streams");
}

TEST_F(GenericCorruption, DeclaredSizeOverLimit) {
  ApplyLimits limits;
  limits.max_new_size = 39;
  EXPECT_EQ(ExpectFailure(p_.Serialize(), StatusCode::kLimitExceeded,
                          "declared new size 40 exceeds limit 39", limits),
            0u);
  EXPECT_EQ(GenericApplyToBytes(old_, p_.Serialize(), limits).status().code(),
            StatusCode::kLimitExceeded);
}

TEST_F(GenericCorruption, OldSizeMismatch) {
  old_.push_back(0);
  ExpectFailure(p_.Serialize(), StatusCode::kInvalidArgument,
                "made for an old input of 64 bytes, got 65");
}

TEST_F(GenericCorruption, EmptyStreamWithStoredBytes) {
  p_.new_size = 30;
  p_.extra_raw.clear();
  p_.extra_z = {1, 2, 3};
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "extra stream: 3 stored bytes for an empty stream");
}

TEST_F(GenericCorruption, BadZstdFrameHeader) {
  p_.diff_z[0] ^= 0xff;
  EXPECT_EQ(
      ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "diff stream: bad zstd frame header"),
      0u);
}

TEST_F(GenericCorruption, IncompleteZstdFrameHeader) {
  p_.control_z.resize(3);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control stream: no complete zstd frame header");
}

TEST_F(GenericCorruption, ZstdContentSizeMismatch) {
  p_.control_raw_override = static_cast<int64_t>(p_.control_raw.size()) + 1;
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "control stream: zstd frame declares");
}

TEST_F(GenericCorruption, WindowOverLimit) {
  // A 200 KB extra stream has a window above 2^16.
  p_.new_size = 30 + 200000;
  p_.extra_raw = testing::RandomBytes(200000, 1);
  p_.control_raw.clear();
  p_.AddEntry(20, 200000, 5);
  p_.AddEntry(10, 0, 0);
  p_.Compress();
  ApplyLimits limits;
  limits.max_window_log = 16;
  EXPECT_EQ(ExpectFailure(p_.Serialize(), StatusCode::kLimitExceeded,
                          "extra stream: zstd window of", limits),
            0u);
}

TEST_F(GenericCorruption, CorruptZstdData) {
  p_.diff_raw = testing::RandomBytes(30, 2);
  p_.Compress();
  p_.diff_z[p_.diff_z.size() - 5] ^= 0x55;  // inside the raw block's literals
  p_.diff_z[p_.diff_z.size() / 2 + 3] ^= 0x55;
  Bytes out;
  BytesSink sink(&out);
  const Status s = GenericApply(old_, p_.Serialize(), sink);
  // A raw block with flipped bytes still decodes (no checksum); the bundle's
  // output hash catches that. Header bytes flipped must not crash.
  EXPECT_TRUE(s.ok() || s.code() == StatusCode::kCorrupt) << s.ToString();
}

TEST_F(GenericCorruption, TruncatedZstdFrame) {
  p_.diff_z.resize(p_.diff_z.size() - 4);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "diff stream: zstd frame truncated");
}

TEST_F(GenericCorruption, ZstdFrameTrailingBytes) {
  p_.extra_z.push_back(0);
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "extra stream: 1 trailing bytes after the zstd frame");
}

TEST_F(GenericCorruption, ControlEndsEarly) {
  p_.control_raw.clear();
  p_.AddEntry(20, 10, 5);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "control stream ends at new offset 30 of 40");
}

TEST_F(GenericCorruption, AddPastNewSize) {
  p_.control_raw.clear();
  p_.AddEntry(41, 0, 0);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control entry 0: add of 41 bytes at new offset 0 exceeds new size 40");
}

TEST_F(GenericCorruption, ControlOutOfRange) {
  p_.control_raw.clear();
  p_.AddEntry(20, 10, 40);  // old offset 60 + copy of 10 > 64
  p_.AddEntry(10, 0, 0);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control entry 1: copy of 10 bytes at old offset 60 exceeds old size 64");
}

TEST_F(GenericCorruption, AddNeedsMoreDiffThanStreamHolds) {
  p_.control_raw.clear();
  p_.AddEntry(35, 5, 0);  // diff stream holds 30
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control entry 0: add of 35 bytes needs more than the 30 diff bytes left");
}

TEST_F(GenericCorruption, ExtraPastNewSize) {
  p_.control_raw.clear();
  p_.AddEntry(20, 21, 0);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control entry 0: extra of 21 bytes at new offset 20 exceeds new size 40");
}

TEST_F(GenericCorruption, ExtraNeedsMoreThanStreamHolds) {
  p_.control_raw.clear();
  p_.AddEntry(5, 15, 0);  // extra stream holds 10
  p_.AddEntry(20, 0, 0);
  p_.Compress();
  ExpectFailure(
      p_.Serialize(), StatusCode::kCorrupt,
      "control entry 0: extra of 15 bytes needs more than the 10 left in the extra stream");
}

TEST_F(GenericCorruption, SeekBeforeOldStart) {
  p_.control_raw.clear();
  p_.AddEntry(20, 10, -21);
  p_.AddEntry(10, 0, 0);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control entry 0: seek of -21 from old offset 20 leaves old range [0, 64]");
}

TEST_F(GenericCorruption, SeekPastOldEnd) {
  p_.control_raw.clear();
  p_.AddEntry(20, 10, 45);
  p_.AddEntry(10, 0, 0);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control entry 0: seek of 45 from old offset 20 leaves old range [0, 64]");
}

TEST_F(GenericCorruption, ControlTrailingBytes) {
  p_.AddEntry(0, 0, 0);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control stream has 3 bytes after the entry that completes the new file");
}

TEST_F(GenericCorruption, TruncatedVarint) {
  p_.control_raw.clear();
  p_.AddEntry(20, 10, 5);
  p_.control_raw.push_back(0x8a);  // continuation bit, then nothing
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "control stream: truncated varint");
}

TEST_F(GenericCorruption, VarintOverflow) {
  p_.control_raw.assign(9, 0xff);
  p_.control_raw.push_back(0x02);
  p_.control_raw.push_back(0);
  p_.control_raw.push_back(0);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "control stream: varint overflows 64 bits");
}

TEST_F(GenericCorruption, ConsecutiveEmptyEntries) {
  p_.control_raw.clear();
  p_.AddEntry(0, 0, 3);   // one empty entry (a pure seek) is fine...
  p_.AddEntry(0, 0, -3);  // ...two in a row are not
  p_.AddEntry(20, 10, 5);
  p_.AddEntry(10, 0, 0);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "control entry 1: second consecutive entry with no add and no extra bytes");
}

TEST_F(GenericCorruption, SingleEmptyEntryIsAccepted) {
  p_.control_raw.clear();
  p_.AddEntry(0, 0, 3);
  p_.AddEntry(20, 10, 2);  // copy from old offset 3
  p_.AddEntry(10, 0, 0);
  p_.Compress();
  auto out = GenericApplyToBytes(old_, p_.Serialize());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)[0], 4);  // OLD[3] + 1
}

// ---- Runs mode (kGenericFlagDiffRuns). ----

class GenericRunsCorruption : public GenericCorruption {
 protected:
  // Same NEW length; the 30 add bytes are 5 zeros, 3 literals, 10 zeros,
  // 2 literals, 10 zeros.
  void SetUp() override {
    GenericCorruption::SetUp();
    p_.flags = kGenericFlagDiffRuns;
    p_.diff_raw.assign(5, 1);
    p_.AddRun(5, 3);
    p_.AddRun(10, 2);
    p_.AddRun(10, 0);
    p_.Compress();
  }
};

TEST_F(GenericRunsCorruption, BaselineApplies) {
  auto out = GenericApplyToBytes(old_, p_.Serialize());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->size(), 40u);
  EXPECT_EQ((*out)[4], 4);  // zero diff
  EXPECT_EQ((*out)[5], 6);  // literal 1
  EXPECT_EQ((*out)[20], 'x');
  EXPECT_EQ((*out)[18], 19);  // OLD[18] + 1 (second literal run)
  EXPECT_EQ((*out)[35], 30);  // OLD[30] + 0
}

TEST_F(GenericRunsCorruption, RunsStreamWithoutFlag) {
  p_.flags = 0;
  p_.diff_raw.assign(30, 1);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "runs stream present without the diff-runs flag");
}

TEST_F(GenericRunsCorruption, DiffLiteralsExceedAddBytes) {
  p_.diff_raw.assign(31, 1);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "diff literals (31 bytes) exceed the 30 add bytes");
}

TEST_F(GenericRunsCorruption, ExtraExceedsNewSize) {
  p_.new_size = 9;
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "extra stream (10 bytes) exceeds new size 9");
}

TEST_F(GenericRunsCorruption, RunsExceedDiffBytes) {
  p_.runs_raw.clear();
  p_.AddRun(5, 3);
  p_.AddRun(20, 3);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "runs stream: pair 1: 20 zeros + 3 literals exceed the 22 diff bytes left");
}

TEST_F(GenericRunsCorruption, EmptyZeroRunAfterFirst) {
  p_.runs_raw.clear();
  p_.AddRun(5, 3);
  p_.AddRun(0, 2);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "runs stream: pair 1: empty zero run after the first pair");
}

TEST_F(GenericRunsCorruption, EmptyLiteralRunBeforeEnd) {
  p_.runs_raw.clear();
  p_.AddRun(5, 0);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "runs stream: pair 0: empty literal run before the end of the diff bytes");
}

TEST_F(GenericRunsCorruption, LiteralRunPastDiffStream) {
  p_.runs_raw.clear();
  p_.AddRun(5, 8);
  p_.Compress();
  ExpectFailure(
      p_.Serialize(), StatusCode::kCorrupt,
      "runs stream: pair 0: literal run of 8 bytes exceeds the 5 left in the diff stream");
}

TEST_F(GenericRunsCorruption, RunsStreamEndsEarly) {
  p_.runs_raw.clear();
  p_.AddRun(5, 3);
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "runs stream ends with 22 diff bytes still to describe");
}

TEST_F(GenericRunsCorruption, RunsDescribeMoreThanAddsUse) {
  p_.runs_raw.clear();
  p_.AddRun(5, 3);
  p_.AddRun(10, 2);
  p_.AddRun(9, 0);  // stops one short of the end: not allowed mid-way
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "runs stream: pair 2: empty literal run before the end of the diff bytes");
  p_.runs_raw.clear();
  p_.AddRun(5, 3);
  p_.AddRun(10, 2);
  p_.AddRun(10, 0);
  p_.AddRun(1, 0);  // a pair after the add bytes are complete
  p_.Compress();
  ExpectFailure(p_.Serialize(), StatusCode::kCorrupt,
                "runs stream describes more diff bytes than the adds use");
}

TEST_F(GenericCorruption, NothingWrittenBeforeHeaderChecksPass) {
  // Every header-level failure above happens before output; spot-check one
  // that is only found in the last stream's frame header.
  p_.extra_z[1] ^= 0xff;
  EXPECT_EQ(ExpectFailure(p_.Serialize(), StatusCode::kCorrupt, "extra stream"), 0u);
}

// Version 3 (one block): the same streams in one zstd frame or stored.
TEST_F(GenericCorruption, BlockBaselineAppliesStoredAndCompressed) {
  for (const bool stored : {true, false}) {
    const Bytes patch = p_.SerializeBlock(stored, stored ? kGenericFlagBlockStored : 0);
    auto out = GenericApplyToBytes(old_, patch);
    ASSERT_TRUE(out.ok()) << stored << ": " << out.status().ToString();
    auto v1 = GenericApplyToBytes(old_, p_.Serialize());
    ASSERT_TRUE(v1.ok());
    EXPECT_EQ(*out, *v1) << stored;
    auto info = ReadGenericPatchInfo(patch);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->version, kGenericFormatVersionBlock);
    EXPECT_EQ(info->header_size + info->block_stored, patch.size());
    EXPECT_EQ(info->raw[0] + info->raw[1] + info->raw[2], p_.control_raw.size() + 40u);
  }
}

TEST_F(GenericCorruption, BlockUnknownFlags) {
  ExpectFailure(p_.SerializeBlock(true, kGenericFlagBlockStored | kGenericFlagExtraOldPrefix),
                StatusCode::kUnsupported, "unknown flags 0x05 (version 3)");
}

TEST_F(GenericCorruption, BlockTruncatedHeader) {
  const Bytes patch = p_.SerializeBlock(true, kGenericFlagBlockStored);
  for (size_t n = 10; n < 18; ++n) {
    EXPECT_FALSE(GenericApplyToBytes(old_, ByteView(patch.data(), n)).ok()) << n;
  }
  ExpectFailure(Bytes(patch.begin(), patch.begin() + 12), StatusCode::kCorrupt,
                "header size field");
}

TEST_F(GenericCorruption, BlockStoredSizeMismatch) {
  Bytes patch = p_.SerializeBlock(true, kGenericFlagBlockStored);
  patch.push_back(0);
  ExpectFailure(patch, StatusCode::kCorrupt, "stored block of");
  patch.resize(patch.size() - 2);
  ExpectFailure(patch, StatusCode::kCorrupt, "stored block of");
}

TEST_F(GenericCorruption, BlockFrameTruncatedOrTrailing) {
  Bytes patch = p_.SerializeBlock(false, 0);
  Bytes cut(patch.begin(), patch.end() - 1);
  EXPECT_EQ(ExpectFailure(cut, StatusCode::kCorrupt, "generic patch: block"), 0u);
  patch.push_back(0x42);
  EXPECT_EQ(ExpectFailure(patch, StatusCode::kCorrupt, "generic patch: block"), 0u);
}

TEST_F(GenericCorruption, BlockOverLimit) {
  GenericPatchParts big = p_;
  big.new_size = kGenericBlockMaxRaw + 40;
  big.extra_raw.assign(kGenericBlockMaxRaw + 10, 'x');
  ExpectFailure(big.SerializeBlock(false, 0), StatusCode::kLimitExceeded,
                "one-block streams exceed 1048576 bytes");
}

TEST_F(GenericCorruption, BlockStreamsDisagreeWithNewSize) {
  GenericPatchParts bad = p_;
  bad.new_size = 41;
  ExpectFailure(bad.SerializeBlock(true, kGenericFlagBlockStored), StatusCode::kCorrupt,
                "!= new size 41");
}

TEST_F(GenericCorruption, BlockControlEntryPastOld) {
  GenericPatchParts bad = p_;
  bad.control_raw.clear();
  bad.AddEntry(20, 10, 50);  // seek past OLD's end
  bad.AddEntry(10, 0, 0);
  ExpectFailure(bad.SerializeBlock(true, kGenericFlagBlockStored), StatusCode::kCorrupt,
                "control entry 0: seek of 50");
}

}  // namespace
}  // namespace suture::diff

// Donor DEX files (format version 2): a class that moved from one
// classesN.dex to another is matched through the other old DEX.
//
// Seeds (tests/diff/dex_seeds/moved, smali): moved_a.dex = {X, Y},
// moved_b.dex = {Z}, moved_b_new.dex = {Z, Y}. Y (60 methods, 60 strings)
// moved from A to B; B is diffed with A as donor.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "dex_test_util.h"
#include "suture/apply/dex_apply.h"
#include "suture/core/crypto.h"
#include "suture/create/dex_diff.h"

namespace suture::dex {
namespace {

using testing::LoadSeed;
namespace fs = std::filesystem;

// Writes `dex` to a temp file and runs `dexdump -d` on it; returns its exit code.
int DexDump(const Bytes& dex) {
  fs::path tmp =
      fs::temp_directory_path() / ("suture_dex_donor_" + std::to_string(getpid()) + ".dex");
  if (!WriteFileAtomic(tmp.string(), dex).ok()) return -1;
  std::string cmd = "dexdump -d '" + tmp.string() + "' > /dev/null 2> '" + tmp.string() + ".err'";
  int rc = std::system(cmd.c_str());
  auto err = ReadFile(tmp.string() + ".err");
  fs::remove(tmp);
  fs::remove(tmp.string() + ".err");
  if (rc == 0 && err.ok() && AsStringView(*err).find("Failure") != std::string_view::npos) return 1;
  return rc;
}

// Counts what reaches the sink, to prove a rejection happened before output.
class CountingSink : public diff::ByteSink {
 public:
  Status Write(ByteView data) override {
    written += data.size();
    return Status::Ok();
  }
  uint64_t written = 0;
};

class DexDonorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = LoadSeed("moved_a.dex");
    b_ = LoadSeed("moved_b.dex");
    b_new_ = LoadSeed("moved_b_new.dex");
    seed_ = LoadSeed("seed.dex");
    ASSERT_FALSE(a_.empty() || b_.empty() || b_new_.empty() || seed_.empty());
  }
  Bytes a_, b_, b_new_, seed_;
};

TEST_F(DexDonorTest, MovedClassIsMuchSmallerWithDonor) {
  DexDiffStats plain_stats, donor_stats;
  auto plain = DexDiff(b_, b_new_, {}, &plain_stats);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  std::vector<ByteView> donors = {a_};
  auto with = DexDiff(b_, b_new_, {}, &donor_stats, donors);
  ASSERT_TRUE(with.ok()) << with.status().ToString();
  std::printf("{\"pair\":\"moved_class\",\"new_size\":%zu,\"patch_no_donor\":%zu,"
              "\"patch_donor\":%zu,\"ratio\":%.2f}\n",
              b_new_.size(), plain->size(), with->size(),
              static_cast<double>(plain->size()) / static_cast<double>(with->size()));
  EXPECT_EQ(donor_stats.moved_classes, 1u);
  EXPECT_EQ(donor_stats.donor_candidates, 1u);
  EXPECT_EQ(donor_stats.donors_used, 1u);
  EXPECT_EQ(donor_stats.size_without_donors, plain->size());
  EXPECT_LT(with->size() * 3, plain->size()) << "donor patch not clearly smaller";

  auto info = ReadDexPatchInfo(*with);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->version, kDexPatchFormatVersionDonors);
  auto used = ReadDexPatchDonors(*with);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  ASSERT_EQ(used->size(), 1u);
  EXPECT_EQ((*used)[0].index, 0u);
  EXPECT_EQ((*used)[0].size, a_.size());
  EXPECT_EQ((*used)[0].sha256, Sha256(a_));

  auto out = DexApplyToBytes(b_, *with, {}, donors);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, b_new_);
  EXPECT_EQ(DexDump(*out), 0) << "dexdump rejected the output";
}

// The donor index is the caller's position; unused donors are not recorded.
TEST_F(DexDonorTest, RecordsCallerIndexAndSkipsUselessDonors) {
  std::vector<ByteView> donors = {seed_, a_, b_};
  auto patch = DexDiff(b_, b_new_, {}, nullptr, donors);
  ASSERT_TRUE(patch.ok()) << patch.status().ToString();
  auto used = ReadDexPatchDonors(*patch);
  ASSERT_TRUE(used.ok());
  ASSERT_EQ(used->size(), 1u);
  EXPECT_EQ((*used)[0].index, 1u);
  auto out = DexApplyToBytes(b_, *patch, {}, donors);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, b_new_);
}

// No class of NEW comes from a donor: the patch is the version-1 patch.
TEST_F(DexDonorTest, UnhelpfulDonorsKeepVersionOne) {
  Bytes o = LoadSeed("seed.dex"), n = LoadSeed("seed_edit.dex");
  auto plain = DexDiff(o, n);
  ASSERT_TRUE(plain.ok());
  std::vector<ByteView> donors = {a_, b_};
  DexDiffStats st;
  auto with = DexDiff(o, n, {}, &st, donors);
  ASSERT_TRUE(with.ok()) << with.status().ToString();
  EXPECT_EQ(*with, *plain);
  EXPECT_EQ(st.donors_used, 0u);
  auto info = ReadDexPatchInfo(*with);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->version, kDexPatchFormatVersion);
  // A version-1 patch applies with or without donors.
  EXPECT_TRUE(DexApplyToBytes(o, *with, {}, donors).ok());
}

// A donor that is not a DEX is ignored by the differ.
TEST_F(DexDonorTest, UnparsableDonorIgnored) {
  Bytes junk(64, 0x42);
  std::vector<ByteView> donors = {junk, a_};
  auto patch = DexDiff(b_, b_new_, {}, nullptr, donors);
  ASSERT_TRUE(patch.ok()) << patch.status().ToString();
  auto used = ReadDexPatchDonors(*patch);
  ASSERT_TRUE(used.ok());
  ASSERT_EQ(used->size(), 1u);
  EXPECT_EQ((*used)[0].index, 1u);
}

class DexDonorRejectTest : public DexDonorTest {
 protected:
  void SetUp() override {
    DexDonorTest::SetUp();
    std::vector<ByteView> donors = {a_};
    auto p = DexDiff(b_, b_new_, {}, nullptr, donors);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    patch_ = *p;
  }
  Status Apply(std::vector<ByteView> donors, uint64_t* written = nullptr) {
    CountingSink sink;
    Status s = DexApply(b_, patch_, sink, {}, donors);
    if (written) *written = sink.written;
    return s;
  }
  Bytes patch_;
};

TEST_F(DexDonorRejectTest, WrongDonorRejectedBeforeOutput) {
  uint64_t written = 1;
  Status s = Apply({seed_}, &written);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("donor 0"), std::string::npos) << s.ToString();
  EXPECT_EQ(written, 0u);
}

TEST_F(DexDonorRejectTest, SameSizeDifferentDonorRejectedByHash) {
  Bytes a = a_;
  a[a.size() - 1] ^= 1;
  uint64_t written = 1;
  Status s = Apply({a}, &written);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("donor 0 SHA-256"), std::string::npos) << s.ToString();
  EXPECT_EQ(written, 0u);
}

TEST_F(DexDonorRejectTest, MissingDonorRejected) {
  uint64_t written = 1;
  Status s = Apply({}, &written);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("donor 0 is required but 0 donors were given"), std::string::npos)
      << s.ToString();
  EXPECT_EQ(written, 0u);
}

TEST_F(DexDonorRejectTest, ExtraDonorsIgnored) {
  EXPECT_TRUE(Apply({a_, seed_}).ok());
}

// Named corruptions of the donor table (offset 112; u32 count, then
// u32 index, u64 size, sha256, u32 maps_raw_size, u32 maps_size, maps).
struct TableCorruption {
  const char* name;
  size_t off;  // from the start of the table
  uint8_t xor_mask;
  StatusCode code;
  const char* message;
};

void PrintTo(const TableCorruption& c, std::ostream* os) { *os << c.name; }

class DexDonorTableCorruptionTest : public DexDonorRejectTest,
                                    public ::testing::WithParamInterface<TableCorruption> {};

TEST_P(DexDonorTableCorruptionTest, Rejected) {
  const TableCorruption& c = GetParam();
  patch_[kDexPatchHeaderSize + c.off] ^= c.xor_mask;
  Status s = Apply({a_});
  EXPECT_EQ(s.code(), c.code) << s.ToString();
  EXPECT_NE(s.message().find(c.message), std::string::npos) << s.ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Table, DexDonorTableCorruptionTest,
    ::testing::Values(
        TableCorruption{"ZeroCount", 0, 0x01, StatusCode::kCorrupt, "donor count 0 invalid"},
        TableCorruption{"HugeCount", 3, 0x40, StatusCode::kCorrupt, "donor count"},
        TableCorruption{"IndexOutOfRange", 4, 0x05, StatusCode::kInvalidArgument,
                        "donor 5 is required"},
        TableCorruption{"WrongSize", 8, 0x01, StatusCode::kInvalidArgument, "donor 0 is"},
        TableCorruption{"WrongHash", 16, 0x01, StatusCode::kInvalidArgument,
                        "donor 0 SHA-256"},
        TableCorruption{"MapsSizeTooBig", 52, 0x7f, StatusCode::kCorrupt,
                        "dex patch: donor table"},
        TableCorruption{"MapsStream", 56 + 4, 0xff, StatusCode::kCorrupt, "donor 0"}),
    [](const ::testing::TestParamInfo<TableCorruption>& i) { return std::string(i.param.name); });

TEST_F(DexDonorRejectTest, TableSizeMismatchRejected) {
  patch_[108] ^= 1;  // donor_table_size
  Status s = Apply({a_});
  EXPECT_EQ(s.code(), StatusCode::kCorrupt) << s.ToString();
}

TEST_F(DexDonorRejectTest, EveryPayloadByteFlipIsDetected) {
  for (size_t i = kDexPatchHeaderSize; i < patch_.size(); ++i) {
    Bytes p = patch_;
    p[i] ^= 0x5A;
    std::vector<ByteView> donors = {a_};
    auto out = DexApplyToBytes(b_, p, {}, donors);
    if (out.ok()) {
      EXPECT_EQ(*out, b_new_) << "flip at " << i;
    }
  }
}

}  // namespace
}  // namespace suture::dex

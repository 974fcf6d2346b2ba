#include "suture/apply/archive.h"

#include <gtest/gtest.h>

namespace suture::diff {
namespace {

TEST(LayoutTest, RoundTrip) {
  std::vector<LayoutRecord> in = {{LayoutRecord::kOldRun, 0, 10, 0, 0},
                                  {LayoutRecord::kEntry, 3, 0, 8, 0},
                                  {LayoutRecord::kEntry, 4, 0, 0, 4096},
                                  {LayoutRecord::kOldRun, 12, 300, 0, 0}};
  Bytes b = EncodeLayout(in);
  std::vector<LayoutRecord> out;
  ASSERT_TRUE(DecodeLayout(b, 400, 5, 1000, &out).ok());
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out[i].kind, in[i].kind);
    EXPECT_EQ(out[i].first, in[i].first);
    EXPECT_EQ(out[i].count, in[i].count);
    EXPECT_EQ(out[i].method, in[i].method);
    EXPECT_EQ(out[i].alignment, in[i].alignment);
  }
}

TEST(LayoutTest, NamedCorruptions) {
  struct Case {
    const char* name;
    std::vector<LayoutRecord> records;
    const char* needle;
  };
  const Case cases[] = {
      {"RunOutsideOld", {{LayoutRecord::kOldRun, 395, 10, 0, 0}}, "outside the 400 old members"},
      {"EmptyRun", {{LayoutRecord::kOldRun, 1, 0, 0, 0}}, "outside"},
      {"EntryOutOfRange", {{LayoutRecord::kEntry, 5, 0, 8, 0}}, "entry 5 out of range"},
      {"BadMethod", {{LayoutRecord::kEntry, 1, 0, 12, 0}}, "method 12"},
      {"BadAlignment", {{LayoutRecord::kEntry, 1, 0, 0, 3}}, "alignment 3"},
      {"TooManyMembers", {{LayoutRecord::kOldRun, 0, 400, 0, 0}, {LayoutRecord::kOldRun, 0, 400, 0, 0},
                          {LayoutRecord::kOldRun, 0, 400, 0, 0}}, "more than 1000 members"},
  };
  for (const auto& c : cases) {
    std::vector<LayoutRecord> out;
    Status s = DecodeLayout(EncodeLayout(c.records), 400, 5, 1000, &out);
    ASSERT_FALSE(s.ok()) << c.name;
    EXPECT_NE(s.message().find(c.needle), std::string::npos) << c.name << ": " << s.message();
  }
  std::vector<LayoutRecord> out;
  const uint8_t huge_count[] = {0xff, 0xff, 0xff, 0xff, 0x0f, 1};
  EXPECT_NE(DecodeLayout(huge_count, 400, 5, 1000, &out).message().find("cannot fit"), std::string::npos);
  const uint8_t unknown_kind[] = {1, 7, 0, 0};
  EXPECT_NE(DecodeLayout(unknown_kind, 400, 5, 1000, &out).message().find("unknown kind 7"), std::string::npos);
  Bytes trailing = EncodeLayout({{LayoutRecord::kOldRun, 0, 1, 0, 0}});
  trailing.push_back(0);
  EXPECT_NE(DecodeLayout(trailing, 400, 5, 1000, &out).message().find("trailing"), std::string::npos);
}

}  // namespace
}  // namespace suture::diff

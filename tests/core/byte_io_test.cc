#include "suture/core/byte_io.h"

#include <gtest/gtest.h>

#include <limits>

namespace suture {
namespace {

TEST(ByteReaderTest, ReadsLittleEndian) {
  const uint8_t data[] = {1, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 8, 7, 6, 5, 4, 3, 2, 1};
  ByteReader r(data);
  uint8_t a;
  uint16_t b;
  uint32_t c;
  uint64_t d;
  ASSERT_TRUE(r.ReadU8(&a).ok());
  ASSERT_TRUE(r.ReadU16(&b).ok());
  ASSERT_TRUE(r.ReadU32(&c).ok());
  ASSERT_TRUE(r.ReadU64(&d).ok());
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 0x1234);
  EXPECT_EQ(c, 0x12345678u);
  EXPECT_EQ(d, 0x0102030405060708ull);
  EXPECT_TRUE(r.at_end());
}

TEST(ByteReaderTest, FailureLeavesCursorUnchanged) {
  const uint8_t data[] = {1, 2, 3};
  ByteReader r(data);
  ASSERT_TRUE(r.Skip(1).ok());
  uint32_t v = 99;
  Status s = r.ReadU32(&v);
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_NE(s.message().find("need 4 bytes at offset 1"), std::string::npos) << s.message();
  EXPECT_EQ(r.offset(), 1u);
  EXPECT_EQ(v, 99u);
  uint64_t w;
  EXPECT_FALSE(r.ReadU64(&w).ok());
  ByteView view;
  EXPECT_FALSE(r.ReadBytes(3, &view).ok());
  EXPECT_FALSE(r.Skip(std::numeric_limits<size_t>::max()).ok());
  EXPECT_EQ(r.offset(), 1u);
  EXPECT_TRUE(r.ReadBytes(2, &view).ok());
  EXPECT_EQ(view[1], 3);
}

TEST(ByteReaderTest, RangeFitsCannotOverflow) {
  EXPECT_TRUE(RangeFits(0, 10, 10));
  EXPECT_FALSE(RangeFits(1, 10, 10));
  EXPECT_FALSE(RangeFits(11, 0, 10));
  EXPECT_FALSE(RangeFits(5, std::numeric_limits<uint64_t>::max(), 10));
  EXPECT_FALSE(RangeFits(std::numeric_limits<uint64_t>::max(), 2, 10));
}

TEST(ByteReaderTest, SubReaderChecksBounds) {
  const uint8_t data[] = {1, 2, 3, 4};
  ByteReader r(data), sub(ByteView{});
  EXPECT_TRUE(r.SubReader(1, 3, &sub).ok());
  EXPECT_EQ(sub.size(), 3u);
  EXPECT_FALSE(r.SubReader(2, 3, &sub).ok());
  EXPECT_FALSE(r.SubReader(5, 0, &sub).ok());
}

struct LebCase {
  const char* name;
  std::vector<uint8_t> bytes;
  bool ok;
  uint32_t value;
};

TEST(ByteReaderTest, Uleb128Table) {
  const LebCase cases[] = {
      {"Zero", {0x00}, true, 0},
      {"OneByte", {0x7f}, true, 127},
      {"TwoBytes", {0x80, 0x7f}, true, 16256},
      {"Max32", {0xff, 0xff, 0xff, 0xff, 0x0f}, true, 0xffffffffu},
      {"Overflow33Bits", {0xff, 0xff, 0xff, 0xff, 0x1f}, false, 0},
      {"TooLong", {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, false, 0},
      {"Truncated", {0x80, 0x80}, false, 0},
      {"Empty", {}, false, 0},
  };
  for (const auto& c : cases) {
    ByteReader r(c.bytes);
    uint32_t v = 0;
    Status s = r.ReadUleb128(&v);
    EXPECT_EQ(s.ok(), c.ok) << c.name;
    if (c.ok) {
      EXPECT_EQ(v, c.value) << c.name;
    } else {
      EXPECT_EQ(r.offset(), 0u) << c.name;
    }
  }
}

TEST(ByteReaderTest, LebRoundTrip) {
  const int32_t svals[] = {0, 1, -1, 63, 64, -64, -65, 8191, -8192, 1 << 20,
                           std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min()};
  for (int32_t v : svals) {
    ByteWriter w;
    w.WriteSleb128(v);
    w.WriteUleb128(static_cast<uint32_t>(v));
    w.WriteUleb128p1(-1);
    Bytes b = w.Release();
    ByteReader r(b);
    int32_t s;
    uint32_t u;
    int64_t p1;
    ASSERT_TRUE(r.ReadSleb128(&s).ok());
    ASSERT_TRUE(r.ReadUleb128(&u).ok());
    ASSERT_TRUE(r.ReadUleb128p1(&p1).ok());
    EXPECT_EQ(s, v);
    EXPECT_EQ(u, static_cast<uint32_t>(v));
    EXPECT_EQ(p1, -1);
    EXPECT_TRUE(r.at_end());
  }
}

TEST(ByteWriterTest, PatchU32) {
  ByteWriter w;
  w.WriteU32(0);
  w.WriteU16(0xBEEF);
  w.PatchU32(0, 0xDEADBEEF);
  Bytes b = w.Release();
  ASSERT_EQ(b.size(), 6u);
  EXPECT_EQ(b[0], 0xEF);
  EXPECT_EQ(b[3], 0xDE);
  EXPECT_EQ(b[4], 0xEF);
}

}  // namespace
}  // namespace suture

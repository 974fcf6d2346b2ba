#include "http/range.h"

#include <gtest/gtest.h>

namespace suture::server {
namespace {

using K = ByteRange::Kind;

struct RangeCase {
  const char* header;
  uint64_t size;
  K kind;
  uint64_t first;
  uint64_t last;
};

TEST(RangeTest, Table) {
  const RangeCase cases[] = {
      {"bytes=0-99", 1000, K::kPartial, 0, 99},
      {"bytes=100-", 1000, K::kPartial, 100, 999},
      {"bytes=-100", 1000, K::kPartial, 900, 999},
      {"bytes=-5000", 1000, K::kPartial, 0, 999},
      {"bytes=990-5000", 1000, K::kPartial, 990, 999},
      {"BYTES=1-1", 1000, K::kPartial, 1, 1},
      {" bytes = 2 - 3 ", 1000, K::kFull, 0, 0},  // space before '=' is not the unit
      {"bytes=1000-", 1000, K::kUnsatisfiable, 0, 0},
      {"bytes=-0", 1000, K::kUnsatisfiable, 0, 0},
      {"bytes=0-", 0, K::kUnsatisfiable, 0, 0},
      {"bytes=5-1", 1000, K::kFull, 0, 0},
      {"bytes=0-1,5-6", 1000, K::kFull, 0, 0},  // multi-range refused
      {"items=0-1", 1000, K::kFull, 0, 0},
      {"bytes=abc", 1000, K::kFull, 0, 0},
      {"bytes=-", 1000, K::kFull, 0, 0},
      {"bytes=99999999999999999999999-", 1000, K::kFull, 0, 0},  // overflow
      {"bytes=18446744073709551615-", 1000, K::kUnsatisfiable, 0, 0},
      {"", 1000, K::kFull, 0, 0},
  };
  for (const RangeCase& c : cases) {
    SCOPED_TRACE(c.header);
    const ByteRange r = ParseRange(c.header, c.size);
    EXPECT_EQ(r.kind, c.kind);
    if (c.kind == K::kPartial) {
      EXPECT_EQ(r.first, c.first);
      EXPECT_EQ(r.last, c.last);
    }
  }
}

TEST(BlobAnswerTest, ConditionalAndRangeRequests) {
  const std::string etag = "\"abc\"";
  auto header = [](const BlobAnswer& a, const std::string& name) {
    for (const auto& [k, v] : a.headers) {
      if (k == name) return v;
    }
    return std::string();
  };
  BlobAnswer full = PlanBlobAnswer(etag, 100, "", "", "");
  EXPECT_EQ(full.status, 200);
  EXPECT_EQ(full.first, 0u);
  EXPECT_EQ(full.length, 100u);
  EXPECT_EQ(header(full, "ETag"), etag);
  EXPECT_EQ(header(full, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(full, "Content-Range"), "");

  EXPECT_EQ(PlanBlobAnswer(etag, 100, etag, "bytes=0-9", "").status, 304);
  EXPECT_EQ(PlanBlobAnswer(etag, 100, "*", "", "").status, 304);
  EXPECT_EQ(PlanBlobAnswer(etag, 100, "\"other\"", "", "").status, 200);

  BlobAnswer part = PlanBlobAnswer(etag, 100, "", "bytes=10-19", "");
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.first, 10u);
  EXPECT_EQ(part.length, 10u);
  EXPECT_EQ(header(part, "Content-Range"), "bytes 10-19/100");
  // If-Range naming another version: the whole blob.
  EXPECT_EQ(PlanBlobAnswer(etag, 100, "", "bytes=10-19", "\"old\"").status, 200);
  EXPECT_EQ(PlanBlobAnswer(etag, 100, "", "bytes=10-19", etag).status, 206);

  BlobAnswer bad = PlanBlobAnswer(etag, 100, "", "bytes=200-", "");
  EXPECT_EQ(bad.status, 416);
  EXPECT_EQ(header(bad, "Content-Range"), "bytes */100");
  EXPECT_NE(bad.error_message.find("100 bytes"), std::string::npos);
}

}  // namespace
}  // namespace suture::server

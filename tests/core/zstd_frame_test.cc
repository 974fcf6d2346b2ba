#include "suture/core/zstd_frame.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace suture {
namespace {

Bytes Text(size_t n) {
  Bytes b;
  for (size_t i = 0; b.size() < n; ++i) {
    std::string line = "line " + std::to_string(i % 97) + " of a compressible text\n";
    b.insert(b.end(), line.begin(), line.end());
  }
  b.resize(n);
  return b;
}

constexpr ZstdDecodeLimits kLimits{.max_output = 1u << 20};

TEST(ZstdFrameTest, RoundTripsOneShotStreamingAndPull) {
  const Bytes raw = Text(300000);
  auto frame = ZstdCompress(raw, {.level = 3});
  ASSERT_TRUE(frame.ok()) << frame.status().ToString();
  EXPECT_LT(frame->size(), raw.size() / 4);
  EXPECT_EQ(*ZstdFrameContentSize(*frame), raw.size());

  auto one = ZstdDecompress(*frame, raw.size(), kLimits);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(*one, raw);

  Bytes streamed;
  size_t pieces = 0;
  ASSERT_TRUE(ZstdDecompressTo(*frame, raw.size(), kLimits, [&](ByteView p) {
                ++pieces;
                streamed.insert(streamed.end(), p.begin(), p.end());
                return Status::Ok();
              }).ok());
  EXPECT_EQ(streamed, raw);
  EXPECT_GT(pieces, 1u);  // fixed buffer, not one allocation of the whole

  ZstdFrameReader reader;
  ASSERT_TRUE(reader.Init("test", *frame, raw.size(), 27, {}).ok());
  Bytes pulled(raw.size());
  ASSERT_TRUE(reader.Read(pulled).ok());
  EXPECT_TRUE(reader.Finish().ok());
  EXPECT_EQ(pulled, raw);
}

TEST(ZstdFrameTest, SameBytesFromAReusedCompressor) {
  const Bytes a = Text(50000), b = Text(7000);
  ZstdCompressor c;
  auto first = c.Compress(a, {.level = 19, .window_log = 21});
  ASSERT_TRUE(c.Compress(b, {.level = 1}).ok());
  auto again = c.Compress(a, {.level = 19, .window_log = 21});
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(*first, *again);
  EXPECT_EQ(*first, *ZstdCompress(a, {.level = 19, .window_log = 21}));
}

TEST(ZstdFrameTest, PrefixIsNeededToDecode) {
  const Bytes base = Text(100000);
  Bytes target = base;
  target[5000] ^= 0x55;
  auto frame = ZstdCompress(target, {.level = 19, .window_log = 18, .long_distance = true,
                                     .prefix = base});
  ASSERT_TRUE(frame.ok());
  EXPECT_LT(frame->size(), 200u);
  auto with = ZstdDecompress(*frame, target.size(), kLimits, base);
  ASSERT_TRUE(with.ok()) << with.status().ToString();
  EXPECT_EQ(*with, target);
  EXPECT_FALSE(ZstdDecompress(*frame, target.size(), kLimits).ok());
}

// Named corruption cases: every decoder refuses them without sizing memory
// from the frame.
struct Case {
  const char* name;
  Bytes frame;
  uint64_t declared;
  ZstdDecodeLimits limits;
  StatusCode code;
  const char* message;
};

TEST(ZstdFrameTest, RefusesBadFrames) {
  const Bytes raw = Text(200000);
  const Bytes good = *ZstdCompress(raw, {.level = 3});
  Bytes truncated(good.begin(), good.begin() + static_cast<ptrdiff_t>(good.size() / 2));
  const std::vector<Case> cases = {
      {"DeclaredOverLimit", good, raw.size(), {.max_output = 1000}, StatusCode::kLimitExceeded,
       "exceeds limit 1000"},
      {"DeclaredTooSmall", good, raw.size() - 1, kLimits, StatusCode::kCorrupt, "zstd: "},
      {"DeclaredTooLarge", good, raw.size() + 1, kLimits, StatusCode::kCorrupt, "decoded"},
      {"Truncated", truncated, raw.size(), kLimits, StatusCode::kCorrupt, ""},
      {"NotZstd", Bytes(64, 'x'), raw.size(), kLimits, StatusCode::kCorrupt, "zstd: "},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto one = ZstdDecompress(c.frame, c.declared, c.limits);
    ASSERT_FALSE(one.ok());
    EXPECT_EQ(one.status().code(), c.code) << one.status().ToString();
    EXPECT_NE(one.status().message().find(c.message), std::string::npos) << one.status().ToString();
    Status streamed = ZstdDecompressTo(c.frame, c.declared, c.limits,
                                       [](ByteView) { return Status::Ok(); });
    EXPECT_FALSE(streamed.ok());
  }
}

// The streaming decoders hold a window; the one-shot decoder writes straight
// into the declared output, so only its size limit applies.
TEST(ZstdFrameTest, StreamingRefusesAWindowOverTheLimit) {
  const Bytes raw = Text(200000);
  const Bytes wide = *ZstdCompress(raw, {.level = 3, .window_log = 24});
  Status s = ZstdDecompressTo(wide, raw.size(), {.max_output = 1u << 20, .max_window_log = 12},
                              [](ByteView) { return Status::Ok(); });
  EXPECT_EQ(s.code(), StatusCode::kCorrupt) << s.ToString();
  EXPECT_NE(s.message().find("zstd: "), std::string::npos) << s.ToString();
}

TEST(ZstdFrameTest, PullReaderChecksTheHeaderFirst) {
  const Bytes raw = Text(10000);
  const Bytes good = *ZstdCompress(raw, {.level = 3});
  ZstdFrameReader size_mismatch;
  Status s = size_mismatch.Init("s", good, raw.size() + 1, 27, {});
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_NE(s.message().find("s: zstd frame declares 10000 bytes"), std::string::npos) << s.ToString();
  const Bytes wide = *ZstdCompress(Text(100000), {.level = 3, .window_log = 20});
  ZstdFrameReader window;
  s = window.Init("w", wide, 100000, 12, {});
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded) << s.ToString();
}

TEST(ZstdFrameTest, SinkErrorStopsDecodingUnchanged) {
  const Bytes raw = Text(400000);
  const Bytes frame = *ZstdCompress(raw, {.level = 1});
  int calls = 0;
  Status s = ZstdDecompressTo(frame, raw.size(), kLimits, [&](ByteView) {
    ++calls;
    return Status::IoError("disk full");
  });
  EXPECT_EQ(s, Status::IoError("disk full"));
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace suture

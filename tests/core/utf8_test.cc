// FindInvalidUtf8: well-formed UTF-8 passes; every ill-formed class is found
// at the offset of the sequence that starts it.
#include "suture/core/utf8.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace suture {
namespace {

TEST(Utf8Test, WellFormed) {
  for (const char* s : {"", "build-42", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                        "\xed\x9f\xbf", "\xf4\x8f\xbf\xbf", "\x7f"}) {
    EXPECT_TRUE(IsValidUtf8(s)) << s;
  }
}

TEST(Utf8Test, IllFormedAtItsOffset) {
  struct Case {
    const char* name;
    std::string text;
    size_t offset;
  };
  const Case cases[] = {
      {"Latin1Byte", "build-caf\xe9", 9},          {"LoneContinuation", "a\x80", 1},
      {"OverlongTwoByte", "\xc0\xaf", 0},          {"OverlongC1", "\xc1\xbf", 0},
      {"OverlongThreeByte", "x\xe0\x80\xaf", 1},   {"Surrogate", "\xed\xa0\x80", 0},
      {"OverlongFourByte", "\xf0\x80\x80\x80", 0}, {"AboveMaxCodePoint", "\xf4\x90\x80\x80", 0},
      {"F5Lead", "\xf5\x80\x80\x80", 0},           {"TruncatedAtEnd", "ok\xe2\x82", 2},
      {"BadThirdByte", "\xe2\x82\x41", 0},         {"FF", "\xff", 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FindInvalidUtf8(c.text), std::optional<size_t>(c.offset)) << c.name;
  }
}

}  // namespace
}  // namespace suture

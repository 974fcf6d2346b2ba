#include "suture/core/status.h"

#include <gtest/gtest.h>

namespace suture {
namespace {

StatusOr<int> Half(int v) {
  if (v % 2) return Status::InvalidArgument("odd value " + std::to_string(v));
  return v / 2;
}

Status UseHalf(int v, int* out) {
  SUTURE_ASSIGN_OR_RETURN(*out, Half(v));
  return Status::Ok();
}

TEST(StatusTest, OkHasNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, ErrorCarriesCodeAndContext) {
  Status s = Status::Corrupt("bad magic").WithContext("patch.bin");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_EQ(s.message(), "patch.bin: bad magic");
  EXPECT_EQ(s.ToString(), "corrupt: patch.bin: bad magic");
}

TEST(StatusTest, CodesAreFrozen) {
  // These values cross the wire: they must never change.
  EXPECT_EQ(static_cast<int>(StatusCode::kCorrupt), 3);
  EXPECT_EQ(static_cast<int>(StatusCode::kVerifyFailed), 6);
  EXPECT_EQ(static_cast<int>(StatusCode::kCancelled), 15);
  EXPECT_EQ(static_cast<int>(StatusCode::kInsufficientStorage), 16);
  EXPECT_EQ(StatusCodeName(StatusCode::kLimitExceeded), "limit_exceeded");
}

TEST(StatusTest, StatusOrAndMacros) {
  int out = 0;
  EXPECT_TRUE(UseHalf(8, &out).ok());
  EXPECT_EQ(out, 4);
  Status s = UseHalf(7, &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "odd value 7");
  StatusOr<int> bad = Status::Ok();  // misuse becomes an internal error, not a crash
  EXPECT_EQ(bad.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace suture

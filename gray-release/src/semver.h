// Semantic versions (semver.org 2.0.0 precedence) and npm-style ranges, for
// the `semver` operator. Internal to suture::gray.
//
// Versions are lenient about missing components ("1.2" == "1.2.0") and a
// leading "v", because Android versionName values often look like that.
// Ranges: comparators (>=, >, <=, <, =, ^, ~, bare) separated by spaces are
// ANDed; "||" separates alternatives; "*" matches any version.
//
// Thread-safety: pure functions; parsed ranges are immutable values.
#ifndef SUTURE_GRAY_SRC_SEMVER_H_
#define SUTURE_GRAY_SRC_SEMVER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "suture/core/status.h"

namespace suture::gray::internal {

struct Version {
  uint64_t major = 0, minor = 0, patch = 0;
  std::string_view pre;  // pre-release identifiers ("" = release), a view into the source
};

// Parses `text` into *out (pre views into text). False when malformed.
bool ParseVersion(std::string_view text, Version* out);
// <0, 0, >0 by semver precedence (build metadata ignored).
int CompareVersions(const Version& a, const Version& b);

struct VersionBound {
  enum class Op : uint8_t { kEq, kLt, kLe, kGt, kGe };
  Op op = Op::kEq;
  uint64_t major = 0, minor = 0, patch = 0;
  std::string pre;  // owned
};

struct VersionRange {
  // OR of ANDs; an empty AND list matches everything ("*").
  std::vector<std::vector<VersionBound>> alternatives;
};

// kInvalidArgument with a message naming the bad comparator.
StatusOr<VersionRange> ParseVersionRange(std::string_view text);
bool RangeContains(const VersionRange& range, const Version& v);

}  // namespace suture::gray::internal

#endif  // SUTURE_GRAY_SRC_SEMVER_H_

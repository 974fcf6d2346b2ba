// The bundle limits every fuzz target that parses a bundle uses: tight
// enough that one input cannot allocate more than a few MiB.
#ifndef SUTURE_TESTS_FUZZ_FUZZ_BUNDLE_LIMITS_H_
#define SUTURE_TESTS_FUZZ_FUZZ_BUNDLE_LIMITS_H_

#include "suture/apply/bundle.h"

namespace suture::fuzz {

inline diff::BundleLimits FuzzBundleLimits() {
  diff::BundleLimits limits;
  limits.max_manifest_size = 1 << 20;
  limits.max_entries = 4096;
  limits.max_streams = 4096;
  limits.max_entry_size = 1 << 20;
  return limits;
}

}  // namespace suture::fuzz

#endif  // SUTURE_TESTS_FUZZ_FUZZ_BUNDLE_LIMITS_H_

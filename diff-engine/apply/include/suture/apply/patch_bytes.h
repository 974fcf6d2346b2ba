// Where the bytes of a patch bundle go: header, manifest (digests, strings,
// fields), every payload stream and, inside DEX and generic deltas, their
// headers, maps and streams. What `suture inspect --bytes` prints and what a
// test pins so the fixed cost of a small patch cannot creep back (issue 13).
//
// Thread-safety: a pure function of its input.
#ifndef SUTURE_APPLY_PATCH_BYTES_H_
#define SUTURE_APPLY_PATCH_BYTES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::diff {

// One line of the breakdown. Items of depth 0 add up to the file size; the
// items of depth d+1 that follow an item of depth d add up to it.
struct ByteItem {
  std::string name;
  uint64_t bytes = 0;
  int depth = 0;
};

// Parses `bundle` (both formats) and breaks its bytes down. A stream whose
// inner format cannot be read is listed whole. kCorrupt etc. from
// Bundle::Parse when the bundle itself is malformed.
StatusOr<std::vector<ByteItem>> ExplainBundleBytes(ByteView bundle);

}  // namespace suture::diff

#endif  // SUTURE_APPLY_PATCH_BYTES_H_

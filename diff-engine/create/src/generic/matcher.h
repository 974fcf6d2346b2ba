// The bsdiff-family matcher shared by GenericDiff and Bsdiff40Diff.
//
// It builds a suffix array of OLD (libdivsufsort), walks NEW looking for
// exact matches, and extends each alignment forward and backward while it
// keeps more matching than mismatching bytes. The result is a list of control
// entries whose add regions pair NEW with OLD (byte-wise differences compress
// well even with small edits inside) and whose extra regions are NEW bytes
// with no good OLD counterpart.
//
// Internal to src/generic; not a public header.
#ifndef SUTURE_CREATE_SRC_GENERIC_MATCHER_H_
#define SUTURE_CREATE_SRC_GENERIC_MATCHER_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::diff::internal {

// One step of the reconstruction, starting at (old_pos, new_pos):
// NEW[new_pos, +add_len) = OLD[old_pos, +add_len) + diff bytes;
// NEW[new_pos + add_len, +extra_len) = extra bytes;
// then old_pos += add_len + seek, new_pos += add_len + extra_len.
struct ControlEntry {
  uint64_t add_len = 0;
  uint64_t extra_len = 0;
  int64_t seek = 0;
};

struct MatchOptions {
  int min_match_gain = 8;
  // Exact matches are measured up to this many bytes. Bounds the cost of a
  // suffix-array search in long similar regions (plain bsdiff compares whole
  // matches at every scan position there, which is quadratic).
  int64_t max_match_length = 4096;
  // An add region is extended while at least this percentage of its bytes
  // match OLD (bsdiff: 50). Lower values trade extra (literal) bytes for
  // mostly-zero diff bytes, which zstd stores for less.
  int extend_match_percent = 50;
};

// A suffix array of OLD, built once and scanned against NEW as often as
// needed (e.g. once per candidate MatchOptions). Holds a view of OLD: OLD must
// outlive it. Scan() is const and may run concurrently.
class Matcher {
 public:
  virtual ~Matcher() = default;
  // kResourceExhausted when the suffix array cannot be allocated; kInternal
  // when libdivsufsort fails.
  static StatusOr<std::unique_ptr<Matcher>> Build(ByteView old_data);
  // Covers all of `new_data` (no entries for empty NEW). Old positions stay
  // inside [0, old size].
  virtual std::vector<ControlEntry> Scan(ByteView new_data, const MatchOptions& options) const = 0;
};

// One-shot Build + Scan. Covers all of `new_data` (no entries for empty NEW). Old positions stay
// inside [0, old size]. kResourceExhausted when the suffix array cannot be
// allocated; kInternal when libdivsufsort fails.
StatusOr<std::vector<ControlEntry>> ComputeControl(ByteView old_data, ByteView new_data,
                                                   const MatchOptions& options);

}  // namespace suture::diff::internal

#endif  // SUTURE_CREATE_SRC_GENERIC_MATCHER_H_

// Shared driver of the delta-apply fuzz targets (fuzz_generic_patch,
// fuzz_bsdiff40): both take the same input layout, so their corpora look alike.
// Input: 2-byte little-endian OLD length, OLD, then the patch. Limits are
// small so the fuzzer explores structure, not size; the output is discarded.
#ifndef SUTURE_TESTS_FUZZ_FUZZ_APPLY_DRIVER_H_
#define SUTURE_TESTS_FUZZ_FUZZ_APPLY_DRIVER_H_

#include <cstddef>
#include <cstdint>

#include "suture/apply/generic_apply.h"

namespace suture::fuzz {

// The signature GenericApply and Bsdiff40Apply share.
using ApplyFunction = Status (*)(ByteView old_data, ByteView patch, diff::ByteSink& out,
                                 const diff::ApplyLimits& limits);

inline int FuzzApply(const uint8_t* data, size_t size, ApplyFunction apply) {
  class DiscardSink : public diff::ByteSink {
   public:
    Status Write(ByteView) override { return Status::Ok(); }
  };
  if (size < 2) return 0;
  const size_t old_len = data[0] | (size_t{data[1]} << 8);
  if (size - 2 < old_len) return 0;
  const ByteView old_data(data + 2, old_len);
  const ByteView patch(data + 2 + old_len, size - 2 - old_len);
  diff::ApplyLimits limits;
  limits.max_new_size = 1 << 20;
  limits.max_window_log = 20;
  DiscardSink sink;
  (void)apply(old_data, patch, sink, limits);
  return 0;
}

}  // namespace suture::fuzz

#endif  // SUTURE_TESTS_FUZZ_FUZZ_APPLY_DRIVER_H_

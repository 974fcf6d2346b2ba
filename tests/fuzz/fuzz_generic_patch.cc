// Fuzzes the GenericApply reader. Input: 2-byte little-endian OLD length, OLD, then
// the patch. Limits are small so the fuzzer explores structure, not size.
#include <cstddef>
#include <cstdint>

#include "suture/diff/generic.h"

namespace {
class DiscardSink : public suture::diff::ByteSink {
 public:
  suture::Status Write(suture::ByteView) override { return suture::Status::Ok(); }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t old_len = data[0] | (size_t{data[1]} << 8);
  if (size - 2 < old_len) return 0;
  const suture::ByteView old_data(data + 2, old_len);
  const suture::ByteView patch(data + 2 + old_len, size - 2 - old_len);
  suture::diff::ApplyLimits limits;
  limits.max_new_size = 1 << 20;
  limits.max_window_log = 20;
  DiscardSink sink;
  (void)suture::diff::GenericApply(old_data, patch, sink, limits);
  return 0;
}

// Fuzz target: the archive layout stream decoder.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "suture/apply/archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<suture::diff::LayoutRecord> out;
  (void)suture::diff::DecodeLayout(suture::ByteView(data, size), 5000, 300, 100000, &out);
  return 0;
}

// Fuzzes the Bsdiff40Apply reader (input layout: fuzz_apply_driver.h).
#include <cstddef>
#include <cstdint>

#include "fuzz_apply_driver.h"
#include "suture/apply/bsdiff40_apply.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return suture::fuzz::FuzzApply(data, size, &suture::diff::Bsdiff40Apply);
}

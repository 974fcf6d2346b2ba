// Fuzzes the GenericApply reader (input layout: fuzz_apply_driver.h).
#include <cstddef>
#include <cstdint>

#include "fuzz_apply_driver.h"
#include "suture/apply/generic_apply.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return suture::fuzz::FuzzApply(data, size, &suture::diff::GenericApply);
}

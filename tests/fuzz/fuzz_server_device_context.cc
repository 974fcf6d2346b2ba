// Fuzzes the device-context JSON parser of suture-server (untrusted bytes
// from every device request).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/device_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto d = suture::server::ParseDeviceContextJson(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (d.ok() && d->device_id.empty()) __builtin_trap();  // invariant: required field
  return 0;
}

// Fuzzes the device-body JSON parsers of suture-server (http/device_json.h):
// the device context (untrusted bytes from every device request) and the
// report that carries one, fed the same bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/device_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto d = suture::server::ParseDeviceContextJson(text);
  if (d.ok() && d->device_id.empty()) __builtin_trap();  // invariant: required field
  auto r = suture::server::ParseReportJson(text);
  if (r.ok()) {
    // Invariants: a parsed report names its device and holds only valid events.
    if (r->device.device_id.empty()) __builtin_trap();
    if (r->events.size() > suture::server::kMaxReportEvents) __builtin_trap();
    for (const suture::server::ReportEvent& e : r->events) {
      if (!suture::server::IsValidEventId(e.event_id) || e.release_id < 0) __builtin_trap();
    }
  }
  return 0;
}

// The JSON bodies of device requests (untrusted bytes from every device),
// parsed into the service's typed values.
//
// Device context, sent with `check` and push requests and as the "device"
// member of a report:
//
//   {"device_id": "...", "base_fingerprint": "<64 hex>", "app_version": "1.2.3",
//    "os": "android", "os_version": "14", "sdk": 34, "brand": "...", "model": "...",
//    "abi": "arm64-v8a", "channel": "...", "region": "CN", "locale": "zh-CN",
//    "network": "wifi", "user_id": "...", "installed_patch": "<patch id>",
//    "custom": {"key": "value", ...}}
//
// device_id and base_fingerprint are required; every string is at most
// kMaxDeviceString bytes, custom holds at most kMaxCustomAttrs string values.
// Unknown top-level keys are ignored (newer clients). `ip` is never taken from
// the body: the server fills it from the connection.
//
// Report (at most kMaxReportBytes):
//
//   {"device": {<device context>},
//    "events": [{"event_id": "...", "kind": "applied", "release_id": "7", "code": 0}, ...]}
//
// event_id (IsValidEventId) and kind (a ReportEventKind name) are required;
// release_id is a positive id given as a string or an integer; code an
// integer. At most kMaxReportEvents events.
//
// Errors are kInvalidArgument (kLimitExceeded for size limits) naming what and
// where: `report: events[3].kind: unknown event kind`.
//
// Thread-safety: pure functions.
#ifndef SUTURE_SERVER_HTTP_DEVICE_JSON_H_
#define SUTURE_SERVER_HTTP_DEVICE_JSON_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "service/service.h"
#include "suture/core/status.h"
#include "suture/gray/device.h"

namespace suture::server {

inline constexpr size_t kMaxDeviceContextBytes = 16 * 1024;
inline constexpr size_t kMaxDeviceString = 256;
inline constexpr size_t kMaxCustomAttrs = 32;
inline constexpr size_t kMaxReportBytes = 256 * 1024;

// Parses the JSON text of a device context. kInvalidArgument names the field.
StatusOr<gray::DeviceContext> ParseDeviceContextJson(std::string_view json_text);

// Parses the JSON text of a report: its device and every event.
StatusOr<DeviceReport> ParseReportJson(std::string_view json_text);

// The parsers above for a device route: on a body that does not parse, the
// answer is svc.DeviceBodyError (an unknown app or a wrong key first, as the
// service checks those before anything else).
StatusOr<gray::DeviceContext> ReadDeviceContext(const Service& svc, const std::string& app_id,
                                                std::string_view app_key,
                                                std::string_view body);
StatusOr<DeviceReport> ReadReport(const Service& svc, const std::string& app_id,
                                  std::string_view app_key, std::string_view body);

// True for 64 lower-case hex characters (a SHA-256 in hex).
bool IsHex64(std::string_view s);

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_DEVICE_JSON_H_

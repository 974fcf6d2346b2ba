// Parsing of the device context a device sends with `check`, `report` and
// push requests (untrusted JSON) into gray::DeviceContext.
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
// Thread-safety: pure functions.
#ifndef SUTURE_SERVER_SERVICE_DEVICE_CONTEXT_H_
#define SUTURE_SERVER_SERVICE_DEVICE_CONTEXT_H_

#include <string_view>

#include "nlohmann/json_fwd.hpp"
#include "suture/core/status.h"
#include "suture/gray/device.h"

namespace suture::server {

inline constexpr size_t kMaxDeviceContextBytes = 16 * 1024;
inline constexpr size_t kMaxDeviceString = 256;
inline constexpr size_t kMaxCustomAttrs = 32;

// Parses the JSON text of a device context. kInvalidArgument names the field.
StatusOr<gray::DeviceContext> ParseDeviceContext(std::string_view json_text);
// Same, from an already parsed JSON value (e.g. the "device" member of a report).
StatusOr<gray::DeviceContext> DeviceContextFromJson(const nlohmann::json& j);

// True for 64 lower-case hex characters (a SHA-256 in hex).
bool IsHex64(std::string_view s);

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_DEVICE_CONTEXT_H_

// DeviceContext: everything the rules engine knows about one device check.
//
// The server fills one DeviceContext per check from the request (and its own
// view of the device, e.g. the source IP) and passes it by const reference to
// ReleaseSet::Evaluate. The engine never keeps a reference after a call.
//
// Missing attributes: an empty string means "not reported"; `sdk` is
// std::nullopt when not reported. A condition on a missing attribute is false
// (only the `exists` operator tests presence), see docs/gray-release.md.
//
// Thread-safety: a plain value.
#ifndef SUTURE_GRAY_DEVICE_H_
#define SUTURE_GRAY_DEVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace suture::gray {

// Seconds since the Unix epoch, UTC. All times in the gray engine use it.
using Timestamp = int64_t;

struct DeviceContext {
  std::string device_id;    // stable install/device id: the bucketing key
  std::string user_id;      // signed-in user, if any
  std::string app_id;       // e.g. "com.example.app"
  std::string base_build;   // base build id the patch applies to
  std::string app_version;  // versionName, compared as a semantic version
  std::string os;           // "android", "ios", ...
  std::string os_version;   // "14", "17.1.2"
  std::optional<int64_t> sdk;  // Android API level / OS SDK level
  std::string brand;
  std::string model;
  std::string abi;          // CPU ABI, e.g. "arm64-v8a"
  std::string channel;      // store/distribution channel
  std::string region;       // ISO 3166 country/region code
  std::string locale;       // BCP 47, e.g. "en-US"
  std::string network;      // "wifi", "cellular", ...
  std::string ip;           // textual IPv4 or IPv6 address (for cidr rules)
  // Free-form attributes, addressed in rules as "custom.<key>". Looked up
  // linearly: keep it short (tens of entries).
  std::vector<std::pair<std::string, std::string>> custom;
  // Patch id currently installed on the device for this base build ("" =
  // none). Drives rollback and supersede decisions.
  std::string installed_patch;

  // The value of custom key `key`, or nullptr.
  const std::string* FindCustom(std::string_view key) const {
    for (const auto& kv : custom)
      if (kv.first == key) return &kv.second;
    return nullptr;
  }
};

}  // namespace suture::gray

#endif  // SUTURE_GRAY_DEVICE_H_

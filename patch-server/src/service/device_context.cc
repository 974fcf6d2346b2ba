#include "service/device_context.h"

#include <nlohmann/json.hpp>

#include <string>

namespace suture::server {
namespace {

using nlohmann::json;

bool PrintableAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

Status ReadString(const json& j, const char* key, std::string* out, bool required = false) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return Status::InvalidArgument(std::string("device context: missing '") + key + "'");
    return Status::Ok();
  }
  if (!it->is_string()) {
    return Status::InvalidArgument(std::string("device context: '") + key + "' must be a string");
  }
  const std::string& s = it->get_ref<const std::string&>();
  if (s.size() > kMaxDeviceString) {
    return Status::InvalidArgument(std::string("device context: '") + key + "' is longer than " +
                                   std::to_string(kMaxDeviceString) + " bytes");
  }
  if (!PrintableAscii(s)) {
    return Status::InvalidArgument(std::string("device context: '") + key +
                                   "' contains control characters");
  }
  if (required && s.empty()) {
    return Status::InvalidArgument(std::string("device context: '") + key + "' is empty");
  }
  *out = s;
  return Status::Ok();
}

}  // namespace

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

StatusOr<gray::DeviceContext> DeviceContextFromJson(const json& j) {
  if (!j.is_object()) return Status::InvalidArgument("device context: must be a JSON object");
  gray::DeviceContext d;
  SUTURE_RETURN_IF_ERROR(ReadString(j, "device_id", &d.device_id, /*required=*/true));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "base_fingerprint", &d.base_build, /*required=*/true));
  if (!IsHex64(d.base_build)) {
    return Status::InvalidArgument(
        "device context: 'base_fingerprint' must be 64 lower-case hex characters (SHA-256)");
  }
  SUTURE_RETURN_IF_ERROR(ReadString(j, "app_id", &d.app_id));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "user_id", &d.user_id));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "app_version", &d.app_version));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "os", &d.os));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "os_version", &d.os_version));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "brand", &d.brand));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "model", &d.model));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "abi", &d.abi));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "channel", &d.channel));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "region", &d.region));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "locale", &d.locale));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "network", &d.network));
  SUTURE_RETURN_IF_ERROR(ReadString(j, "installed_patch", &d.installed_patch));
  if (auto it = j.find("sdk"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer()) {
      return Status::InvalidArgument("device context: 'sdk' must be an integer");
    }
    d.sdk = it->get<int64_t>();
  }
  if (auto it = j.find("custom"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) {
      return Status::InvalidArgument("device context: 'custom' must be an object of strings");
    }
    if (it->size() > kMaxCustomAttrs) {
      return Status::InvalidArgument("device context: 'custom' has more than " +
                                     std::to_string(kMaxCustomAttrs) + " entries");
    }
    for (auto kv = it->begin(); kv != it->end(); ++kv) {
      if (!kv.value().is_string()) {
        return Status::InvalidArgument("device context: custom '" + kv.key() +
                                       "' must be a string");
      }
      const std::string& v = kv.value().get_ref<const std::string&>();
      if (kv.key().size() > kMaxDeviceString || v.size() > kMaxDeviceString ||
          !PrintableAscii(kv.key()) || !PrintableAscii(v)) {
        return Status::InvalidArgument("device context: custom entry too long or not printable");
      }
      d.custom.emplace_back(kv.key(), v);
    }
  }
  return d;
}

StatusOr<gray::DeviceContext> ParseDeviceContext(std::string_view json_text) {
  if (json_text.size() > kMaxDeviceContextBytes) {
    return Status::LimitExceeded("device context: larger than " +
                                 std::to_string(kMaxDeviceContextBytes) + " bytes");
  }
  json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("device context: malformed JSON");
  return DeviceContextFromJson(j);
}

}  // namespace suture::server

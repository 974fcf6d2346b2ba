// Device request bodies -> typed values (see device_json.h).
#include "http/device_json.h"

#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace suture::server {

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

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

// Parses JSON text; nlohmann's exceptions (none expected with
// allow_exceptions=false, but its API can throw) stop here.
json ParseOrDiscard(std::string_view text) {
  try {
    return json::parse(text, nullptr, /*allow_exceptions=*/false);
  } catch (const std::exception&) {
    return json(json::value_t::discarded);
  }
}

StatusOr<ReportEvent> ReportEventFromJson(const json& e, size_t i) {
  const std::string where = "report: events[" + std::to_string(i) + "]";
  if (!e.is_object()) return Status::InvalidArgument(where + ": must be an object");
  ReportEvent r;
  auto id = e.find("event_id");
  if (id == e.end() || !id->is_string() || !IsValidEventId(id->get_ref<const std::string&>())) {
    return Status::InvalidArgument(where + ".event_id: must be 1-128 printable characters");
  }
  r.event_id = id->get<std::string>();
  auto kind = e.find("kind");
  std::optional<ReportEventKind> k;
  if (kind != e.end() && kind->is_string()) {
    k = ReportEventKindFromName(kind->get_ref<const std::string&>());
  }
  if (!k) return Status::InvalidArgument(where + ".kind: unknown event kind");
  r.kind = *k;
  if (auto rel = e.find("release_id"); rel != e.end() && !rel->is_null()) {
    // "7" or 7; anything else fails the number check below.
    const std::string rid = rel->is_string()           ? rel->get<std::string>()
                            : rel->is_number_integer() ? std::to_string(rel->get<int64_t>())
                                                       : std::string("x");
    char* end = nullptr;
    const long long v = std::strtoll(rid.c_str(), &end, 10);
    if (rid.empty() || *end != '\0' || v <= 0) {
      return Status::InvalidArgument(where + ".release_id: must be a release id");
    }
    r.release_id = v;
  }
  if (auto code = e.find("code"); code != e.end() && !code->is_null()) {
    if (!code->is_number_integer()) {
      return Status::InvalidArgument(where + ".code: must be an integer");
    }
    r.code = code->get<int64_t>();
  }
  return r;
}

StatusOr<DeviceReport> ReportFromJson(const json& j) {
  if (!j.is_object()) return Status::InvalidArgument("report: must be a JSON object");
  auto dev_it = j.find("device");
  if (dev_it == j.end()) return Status::InvalidArgument("report: missing 'device'");
  DeviceReport report;
  SUTURE_ASSIGN_OR_RETURN(report.device, DeviceContextFromJson(*dev_it));
  auto ev_it = j.find("events");
  if (ev_it == j.end() || !ev_it->is_array()) {
    return Status::InvalidArgument("report: 'events' must be an array");
  }
  if (ev_it->size() > kMaxReportEvents) {
    return Status::LimitExceeded("report: more than " + std::to_string(kMaxReportEvents) +
                                 " events");
  }
  report.events.reserve(ev_it->size());
  for (size_t i = 0; i < ev_it->size(); ++i) {
    SUTURE_ASSIGN_OR_RETURN(ReportEvent e, ReportEventFromJson((*ev_it)[i], i));
    report.events.push_back(std::move(e));
  }
  return report;
}

}  // namespace

StatusOr<gray::DeviceContext> ParseDeviceContextJson(std::string_view json_text) {
  if (json_text.size() > kMaxDeviceContextBytes) {
    return Status::LimitExceeded("device context: larger than " +
                                 std::to_string(kMaxDeviceContextBytes) + " bytes");
  }
  const json j = ParseOrDiscard(json_text);
  if (j.is_discarded()) return Status::InvalidArgument("device context: malformed JSON");
  try {
    return DeviceContextFromJson(j);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("device context: ") + e.what());
  }
}

StatusOr<DeviceReport> ParseReportJson(std::string_view json_text) {
  if (json_text.size() > kMaxReportBytes) {
    return Status::LimitExceeded("report: larger than " + std::to_string(kMaxReportBytes) +
                                 " bytes");
  }
  const json j = ParseOrDiscard(json_text);
  if (j.is_discarded()) return Status::InvalidArgument("report: malformed JSON");
  try {
    return ReportFromJson(j);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("report: ") + e.what());
  }
}

StatusOr<gray::DeviceContext> ReadDeviceContext(const Service& svc, const std::string& app_id,
                                                std::string_view app_key,
                                                std::string_view body) {
  auto device = ParseDeviceContextJson(body);
  if (!device.ok()) return svc.DeviceBodyError(app_id, app_key, device.status());
  return device;
}

StatusOr<DeviceReport> ReadReport(const Service& svc, const std::string& app_id,
                                  std::string_view app_key, std::string_view body) {
  auto report = ParseReportJson(body);
  if (!report.ok()) return svc.DeviceBodyError(app_id, app_key, report.status());
  return report;
}

}  // namespace suture::server

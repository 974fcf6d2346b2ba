// Service: persisting the device sightings (service/device_sightings.h) in
// table device_sightings, so the console's device page and release preview
// survive a restart. The context is stored as JSON (a storage format of this
// room; the wire format is parsed by http/device_json.h).
#include <nlohmann/json.hpp>
#include <utility>

#include "service/service.h"

namespace suture::server {

namespace {

using nlohmann::json;

// The string members of DeviceContext, by their JSON name.
constexpr std::pair<const char*, std::string gray::DeviceContext::*> kFields[] = {
    {"device_id", &gray::DeviceContext::device_id},
    {"user_id", &gray::DeviceContext::user_id},
    {"app_id", &gray::DeviceContext::app_id},
    {"base_build", &gray::DeviceContext::base_build},
    {"app_version", &gray::DeviceContext::app_version},
    {"os", &gray::DeviceContext::os},
    {"os_version", &gray::DeviceContext::os_version},
    {"brand", &gray::DeviceContext::brand},
    {"model", &gray::DeviceContext::model},
    {"abi", &gray::DeviceContext::abi},
    {"channel", &gray::DeviceContext::channel},
    {"region", &gray::DeviceContext::region},
    {"locale", &gray::DeviceContext::locale},
    {"network", &gray::DeviceContext::network},
    {"ip", &gray::DeviceContext::ip},
    {"installed_patch", &gray::DeviceContext::installed_patch},
};

std::string ContextToJson(const gray::DeviceContext& d) {
  json j = json::object();
  for (const auto& [name, member] : kFields) {
    if (!(d.*member).empty()) j[name] = d.*member;
  }
  if (d.sdk) j["sdk"] = *d.sdk;
  if (!d.custom.empty()) {
    json c = json::array();
    for (const auto& [k, v] : d.custom) c.push_back({k, v});
    j["custom"] = std::move(c);
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// False when `text` is not what ContextToJson wrote (the row is skipped).
bool ContextFromJson(const std::string& text, gray::DeviceContext* d) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return false;
  for (const auto& [name, member] : kFields) {
    auto it = j.find(name);
    if (it != j.end() && it->is_string()) d->*member = it->get<std::string>();
  }
  auto sdk = j.find("sdk");
  if (sdk != j.end() && sdk->is_number_integer()) d->sdk = sdk->get<int64_t>();
  auto custom = j.find("custom");
  if (custom != j.end() && custom->is_array()) {
    for (const json& kv : *custom) {
      if (kv.is_array() && kv.size() == 2 && kv[0].is_string() && kv[1].is_string()) {
        d->custom.emplace_back(kv[0].get<std::string>(), kv[1].get<std::string>());
      }
    }
  }
  return !d->device_id.empty() && !d->app_id.empty();
}

}  // namespace

Status Service::FlushSightings(int64_t now) {
  std::vector<Sighting> dirty = sightings_.TakeDirty();
  if (dirty.empty()) return Status::Ok();
  std::vector<SightingRow> rows;
  rows.reserve(dirty.size());
  for (const Sighting& s : dirty) {
    rows.push_back(SightingRow{s.context.app_id, s.context.device_id, s.context.base_build,
                               ContextToJson(s.context), s.seen_at});
  }
  return store_->SaveSightings(rows, now - kPreviewWindowS, static_cast<int64_t>(kMaxSightings));
}

Status Service::AdoptSightings(int64_t since) {
  SUTURE_ASSIGN_OR_RETURN(std::vector<SightingRow> rows,
                          store_->LoadSightings(since, static_cast<int64_t>(kMaxSightings)));
  for (const SightingRow& r : rows) {
    gray::DeviceContext d;
    if (ContextFromJson(r.context_json, &d)) sightings_.Adopt(d, r.seen_at);
  }
  return Status::Ok();
}

Status Service::LoadSightings(int64_t now) {
  SUTURE_ASSIGN_OR_RETURN(
      std::vector<SightingRow> rows,
      store_->LoadSightings(now - kPreviewWindowS, static_cast<int64_t>(kMaxSightings)));
  for (const SightingRow& r : rows) {  // oldest first: the newest end up in front
    gray::DeviceContext d;
    if (ContextFromJson(r.context_json, &d)) sightings_.Record(d, r.seen_at);
  }
  (void)sightings_.TakeDirty();  // already stored
  return Status::Ok();
}

}  // namespace suture::server

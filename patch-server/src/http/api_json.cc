// Admin API JSON <-> the service's typed values (see api_json.h).
#include "http/api_json.h"

#include <exception>
#include <optional>
#include <string>

#include "suture/gray/json.h"

namespace suture::server {

using nlohmann::json;

namespace {

// Stands in for the fields the server owns (app_id, patch_id, base_builds)
// while a request body is parsed: the gray parser requires them, the service
// overwrites them. Never stored, never shown.
constexpr char kServerOwned[] = "(set by the server)";

StatusOr<json> ParseObject(std::string_view body, const char* what) {
  json j;
  try {
    j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  } catch (const std::exception&) {
    j = json(json::value_t::discarded);
  }
  if (j.is_discarded()) return Status::InvalidArgument(std::string(what) + ": malformed JSON");
  if (!j.is_object()) return Status::InvalidArgument(std::string(what) + ": must be a JSON object");
  return j;
}

// patch_id given as "12" or 12.
StatusOr<std::string> PatchIdOf(const json& j) {
  auto it = j.find("patch_id");
  if (it == j.end()) return Status::InvalidArgument("release: missing 'patch_id'");
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return Status::InvalidArgument("release: 'patch_id' must be a string or an integer");
}

// Parses `spec` (a release object from a request) as release `id`, with the
// server-owned fields replaced by placeholders.
StatusOr<gray::Release> ParseRequestRelease(json spec, const std::string& id) {
  std::string text;
  try {
    spec["id"] = id;
    spec["patch_id"] = kServerOwned;
    spec["app_id"] = kServerOwned;
    spec["base_builds"] = json::array({kServerOwned});
    spec["state"] = "active";
    text = spec.dump();
  } catch (const std::exception& e) {  // nlohmann type errors on odd input
    return Status::InvalidArgument(std::string("release: ") + e.what());
  }
  return gray::ParseReleaseJson(text, "release");
}

}  // namespace

json RegisteredAppJson(const AppInfo& app) {
  return json{{"app_id", app.app_id},
              {"release_key_id", app.release_key_id},
              {"app_key", app.app_key},
              {"created_at", app.created_at}};
}

json AppsJson(const std::vector<AppInfo>& apps) {
  json arr = json::array();
  for (const AppInfo& a : apps) {
    json app{{"app_id", a.app_id},
             {"release_key_id", a.release_key_id},
             {"release_public_key", a.release_public_key},
             {"created_at", a.created_at}};
    // The service leaves app_key empty for callers that may not see it.
    if (!a.app_key.empty()) app["app_key"] = a.app_key;
    arr.push_back(std::move(app));
  }
  return json{{"apps", arr}};
}

json PatchJson(const PatchInfo& p) {
  return json{{"id", std::to_string(p.id)},
              {"app_id", p.app_id},
              {"blob_sha256", p.blob_sha256},
              {"size", p.size},
              {"base_fingerprint", p.base_fingerprint},
              {"base_size", p.base_size},
              {"target_build_id", p.target_build_id},
              {"target_sha256", p.target_sha256},
              {"target_size", p.target_size},
              {"patch_version", p.patch_version},
              {"created_at", p.created_at}};
}

json PatchesJson(const std::vector<PatchInfo>& patches) {
  json arr = json::array();
  for (const PatchInfo& p : patches) arr.push_back(PatchJson(p));
  return json{{"patches", arr}};
}

json PatchDetailJson(const PatchDetail& d) {
  json entries = json::array();
  for (const PatchEntryInfo& e : d.entries) {
    json j{{"op", e.op},
           {"method", e.method},
           {"path", e.path},
           {"old_path", e.old_path},
           {"old_size", e.old_size},
           {"new_size", e.new_size},
           {"patch_bytes", e.has_stream ? json(e.patch_bytes) : json(nullptr)}};
    if (!e.note.empty()) j["note"] = e.note;
    entries.push_back(std::move(j));
  }
  json out = PatchJson(d.patch);
  out["bundle"] = {{"kind", d.kind},
                   {"format_version", d.format_version},
                   {"signature_valid", d.signature_valid},
                   {"signer_key_id", d.signer_key_id},
                   {"payload_bytes", d.payload_bytes},
                   {"streams", d.stream_count},
                   {"entries", entries}};
  return out;
}

json ReleaseJson(const ReleaseInfo& r) {
  // ReleaseToJson is canonical and round-trips, so this is the stored spec.
  json spec = json::parse(gray::ReleaseToJson(r.release), nullptr, /*allow_exceptions=*/false);
  if (spec.is_object()) spec["id"] = std::to_string(r.id);
  json view{{"id", std::to_string(r.id)}, {"app_id", r.app_id},
            {"patch_id", std::to_string(r.patch_id)}, {"state", r.state},
            {"state_reason", r.state_reason}, {"created_at", r.created_at},
            {"updated_at", r.updated_at}, {"spec", spec}};
  view["percent"] = r.release.CurrentBasisPoints() / 100.0;
  return view;
}

json ReleasesJson(const std::vector<ReleaseInfo>& releases) {
  json arr = json::array();
  for (const ReleaseInfo& r : releases) arr.push_back(ReleaseJson(r));
  return json{{"releases", arr}};
}

json AggregatesJson(const AggregatesView& v) {
  json series = json::array();
  for (const AggregatePoint& c : v.series) {
    json cell{{"minute", c.minute}, {"time", c.minute * 60}, {"metric", c.metric},
              {"code", c.code},     {"count", c.events},     {"events", c.events},
              {"devices", c.devices ? json(*c.devices) : json(nullptr)},
              {"release_id", c.release_id}};
    if (c.devices_approx) cell["devices_approx"] = true;
    series.push_back(std::move(cell));
  }
  json totals = json::object();
  for (const auto& [metric, n] : v.totals) totals[metric] = n;
  json failed_by_code = json::object();
  for (const auto& [code, n] : v.apply_failed_by_code) failed_by_code[std::to_string(code)] = n;
  json distinct_devices = json::object();
  for (const auto& [metric, n] : v.distinct_devices) distinct_devices[metric] = n;
  json out{{"app_id", v.app_id},
           {"release_id", v.release_id > 0 ? std::to_string(v.release_id) : ""},
           {"base_fingerprint", v.base_fingerprint},
           {"resolution_s", v.resolution_s},
           {"totals", totals},
           {"distinct_devices", distinct_devices},
           {"apply_failed_by_code", failed_by_code},
           {"series", series}};
  if (v.coverage) {
    out["coverage"] = {{"window_s", v.coverage->window_s},
                       {"seen", v.coverage->seen},
                       {"on_patch", v.coverage->on_patch},
                       {"truncated", v.coverage->truncated}};
  }
  return out;
}

StatusOr<ReleaseSpec> ParseNewReleaseJson(std::string_view body) {
  SUTURE_ASSIGN_OR_RETURN(json spec, ParseObject(body, "release"));
  ReleaseSpec out;
  SUTURE_ASSIGN_OR_RETURN(out.patch_id, PatchIdOf(spec));
  // A new release is "0" until stored (as the messages of its checks say).
  SUTURE_ASSIGN_OR_RETURN(out.release, ParseRequestRelease(std::move(spec), "0"));
  return out;
}

StatusOr<ReleaseSpec> ParseReleaseEditJson(std::string_view body, int64_t id) {
  SUTURE_ASSIGN_OR_RETURN(json spec, ParseObject(body, "release"));
  ReleaseSpec out;
  if (spec.contains("patch_id")) {
    SUTURE_ASSIGN_OR_RETURN(out.patch_id, PatchIdOf(spec));
  }
  SUTURE_ASSIGN_OR_RETURN(out.release, ParseRequestRelease(std::move(spec), std::to_string(id)));
  return out;
}

}  // namespace suture::server

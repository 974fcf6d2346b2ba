// The JSON of the admin API (docs/api.md): the service's typed values
// (service/service_types.h) as response bodies, and release request bodies
// as typed ReleaseSpec values. Device request bodies are in device_json.h.
//
// Response objects are nlohmann::json values (keys sorted, as nlohmann
// writes them); the routes dump them.
//
// Thread-safety: pure functions.
#ifndef SUTURE_SERVER_HTTP_API_JSON_H_
#define SUTURE_SERVER_HTTP_API_JSON_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/service.h"
#include "suture/core/status.h"

namespace suture::server {

// ---- responses

// POST /v1/apps: {app_id, app_key, created_at, release_key_id} (no public key).
nlohmann::json RegisteredAppJson(const AppInfo& app);
// GET /v1/apps: {"apps": [{app_id, app_key, created_at, release_key_id, release_public_key}]}.
nlohmann::json AppsJson(const std::vector<AppInfo>& apps);
// One patch; its id as a decimal string.
nlohmann::json PatchJson(const PatchInfo& patch);
nlohmann::json PatchesJson(const std::vector<PatchInfo>& patches);  // {"patches": [...]}
// The patch (PatchJson) plus "bundle": kind, format, signature, entries.
nlohmann::json PatchDetailJson(const PatchDetail& d);
// One release: its row fields, "spec" (the release's gray-release JSON with
// "id" set to the row id) and "percent" (the live percentage).
nlohmann::json ReleaseJson(const ReleaseInfo& release);
nlohmann::json ReleasesJson(const std::vector<ReleaseInfo>& releases);  // {"releases": [...]}
// Aggregates: totals, distinct devices, apply failures by code and the
// series (each cell with "count", the pre-002 name of "events", too).
nlohmann::json AggregatesJson(const AggregatesView& view);

// ---- requests

// The body of POST /v1/apps/<app>/releases: a gray-release Release object
// (docs/gray-release.md) plus "patch_id" (required, "12" or 12). The server
// owns "id", "app_id", "base_builds" and "state": given values are ignored.
// Errors name the field, e.g. `release.rules[0].op: unknown operator "x"`.
StatusOr<ReleaseSpec> ParseNewReleaseJson(std::string_view body);
// The body of PUT /v1/apps/<app>/releases/<id>: as above, but "patch_id" is
// optional; `id` (the release edited) shows in error messages.
StatusOr<ReleaseSpec> ParseReleaseEditJson(std::string_view body, int64_t id);

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_API_JSON_H_

// GET /openapi.json: the API description (OpenAPI 3.0). docs/api.md is the
// prose version; keep both in step.
#include <nlohmann/json.hpp>

#include "http/http_util.h"

namespace suture::server {
namespace {

using nlohmann::json;

json Op(const std::string& summary, const std::string& security, json responses,
        json extra = json::object()) {
  json op{{"summary", summary}, {"responses", std::move(responses)}};
  if (security == "bearer") op["security"] = json::array({{{"bearer", json::array()}}});
  if (security == "appkey") op["security"] = json::array({{{"appKey", json::array()}}});
  if (security == "bearer") {  // or the console's session cookie (+ X-CSRF-Token on changes)
    op["security"].push_back({{"session", json::array()}});
  }
  for (auto it = extra.begin(); it != extra.end(); ++it) op[it.key()] = it.value();
  return op;
}

json Resp(std::initializer_list<std::pair<const char*, const char*>> codes) {
  json r = json::object();
  for (const auto& [code, desc] : codes) {
    r[code] = {{"description", desc}};
    if (std::string(code)[0] != '2' && std::string(code) != "304") {
      r[code]["content"] = {{"application/json",
                             {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}};
    }
  }
  return r;
}

json JsonBody(const std::string& ref) {
  return {{"requestBody",
           {{"required", true},
            {"content", {{"application/json", {{"schema", {{"$ref", ref}}}}}}}}}};
}

json Build() {
  const auto kErr = Resp({{"400", "malformed request"},
                          {"401", "missing or unknown token / app key"},
                          {"403", "role does not allow this"},
                          {"404", "unknown app, patch, release or blob"}});
  json paths;
  paths["/healthz"]["get"] = Op("liveness", "", Resp({{"200", "ok"}}));
  paths["/metrics"]["get"] = Op("Prometheus text metrics", "", Resp({{"200", "metrics"}}));
  paths["/openapi.json"]["get"] = Op("this document", "", Resp({{"200", "OpenAPI"}}));
  paths["/v1/server-key"]["get"] =
      Op("the server's Ed25519 manifest-signing public key (PEM) and key id", "",
         Resp({{"200", "key"}}));
  paths["/v1/tokens"]["post"] =
      Op("create a token (admin)", "bearer", Resp({{"201", "{token, role}"}}),
         JsonBody("#/components/schemas/TokenRequest"));
  paths["/v1/apps"]["get"] = Op("list apps", "bearer", Resp({{"200", "{apps: [...]}"}}));
  paths["/v1/apps"]["post"] =
      Op("register an app with its release public key (admin); returns the app key", "bearer",
         Resp({{"201", "{app_id, release_key_id, app_key}"}, {"409", "app exists"}}),
         JsonBody("#/components/schemas/AppRequest"));
  json publish =
      Op("publish a signed bundle (raw body); checks format, app id, signature, payload hashes",
         "bearer",
         Resp({{"201", "the patch record"},
               {"400", "not a valid bundle"},
               {"409", "already published"},
               {"413", "larger than --max-upload"},
               {"422", "signature does not verify with the app's release key"},
               {"507", "the server's storage is full (insufficient_storage): retry later"}}),
         {{"requestBody",
           {{"required", true},
            {"content",
             {{"application/octet-stream",
               {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}}}});
  paths["/v1/apps/{app}/patches"]["post"] = publish;
  paths["/v1/apps/{app}/patches"]["get"] = Op("list patches", "bearer", Resp({{"200", "{patches}"}}));
  paths["/v1/apps/{app}/patches/{id}"]["get"] =
      Op("one patch with its stored bundle's entries (op, engine method, old/new size, stored "
         "patch bytes), container kind, format and the signature checked again (any role)",
         "bearer",
         Resp({{"200",
                "{...patch, bundle{kind, format_version, signature_valid, signer_key_id, "
                "payload_bytes, streams, entries[]}}"},
               {"404", "unknown app or patch"}}));
  paths["/v1/apps/{app}/releases"]["get"] = Op("list releases", "bearer", Resp({{"200", "{releases}"}}));
  paths["/v1/apps/{app}/releases"]["post"] =
      Op("create a release (admin): gray-release Release JSON + patch_id", "bearer",
         Resp({{"201", "the release"}}), JsonBody("#/components/schemas/ReleaseSpec"));
  paths["/v1/apps/{app}/releases/{id}"]["get"] = Op("one release", "bearer", Resp({{"200", "release"}}));
  paths["/v1/apps/{app}/releases/{id}"]["put"] =
      Op("replace rules/ramp/lists of a release (admin)", "bearer", Resp({{"200", "release"}}),
         JsonBody("#/components/schemas/ReleaseSpec"));
  paths["/v1/apps/{app}/releases/{id}/ramp"]["post"] =
      Op("set the rollout percentage (admin): {percent}", "bearer", Resp({{"200", "release"}}));
  for (const char* a : {"pause", "resume", "rollback"}) {
    paths[std::string("/v1/apps/{app}/releases/{id}/") + a]["post"] =
        Op(std::string(a) + " a release (admin): {reason}", "bearer",
           Resp({{"200", "release"}, {"409", "transition not allowed"}}));
  }
  paths["/v1/apps/{app}/releases/{id}/advance"]["post"] =
      Op("move a staged ramp to its next step now, skipping the step's duration and gate "
         "(admin, audited as 'advance'): {reason?}",
         "bearer",
         Resp({{"200", "release"},
               {"409", "no ramp steps, already on the last step, or not active"}}));
  paths["/v1/apps/{app}/aggregates"]["get"] =
      Op("time series: ?release=ID or ?base=FINGERPRINT, &since_minute=M, &bucket_s=60..86400 "
         "(a multiple of 60; default 60)",
         "bearer",
         Resp({{"200",
                "{resolution_s, totals, distinct_devices, apply_failed_by_code, "
                "series[{minute, events, devices}], coverage{window_s, seen, on_patch} "
                "(with ?release)}"}}));
  paths["/v1/apps/{app}/devices/{device}/push"]["post"] =
      Op("wake one device's push connections (admin): {message}", "bearer",
         Resp({{"200", "{woken}"}}));
  paths["/v1/audit"]["get"] =
      Op("audit log of an app, newest first (any role): ?app=ID&before=ENTRY_ID&limit=1..500",
         "bearer",
         Resp({{"200",
                "{entries[{id, at, who{token_id, name, via}, app_id, release_id, action, "
                "before, after}]}"},
               {"404", "unknown app"}}));
  paths["/v1/apps/{app}/devices/{device}"]["get"] = Op(
      "a device's last check context, its decision now and each release's engine reason", "bearer",
      Resp({{"200",
             "{seen_at, device, now{decision, release_id, reason_code, reason}, "
             "releases[]}"},
            {"404", "unknown app, or the device has not checked in"}}));
  paths["/v1/apps/{app}/release-preview"]["post"] =
      Op("validate a release body as a create would and count the devices seen in the last "
         "24 h it would reach (nothing stored)",
         "bearer",
         Resp({{"200",
                "{valid, release_id, window_s, seen, matched, truncated, by_base, "
                "samples[]}"},
               {"404", "unknown app or patch"}}),
         JsonBody("#/components/schemas/ReleaseSpec"));
  paths["/admin/"]["get"] =
      Op("the admin console (HTML; assets under /admin/assets/, content-hashed, immutable)", "",
         Resp({{"200", "text/html"}}));
  paths["/admin/api/session"]["post"] =
      Op("console sign-in with an API token: {token} -> session cookie (HttpOnly, "
         "SameSite=Strict, 8 h) and {role, app_id, token_id, csrf_token, expires_at}",
         "", Resp({{"200", "signed in"}, {"401", "unknown token"}}));
  paths["/admin/api/session"]["get"] =
      Op("the signed-in session (cookie): {role, app_id, token_id, csrf_token, expires_at}", "",
         Resp({{"200", "session"}, {"401", "no session"}}));
  paths["/admin/api/session"]["delete"] =
      Op("sign out (cookie + X-CSRF-Token)", "",
         Resp({{"200", "signed out"}, {"401", "no session"}, {"403", "missing CSRF token"}}));
  paths["/admin/api/apps/{app}/stream"]["get"] =
      Op("the live dashboard's server-sent events (text/event-stream): ready, then update at "
         "most once a second while the app's numbers change, heartbeats, reconnect at the "
         "stream's end (any role; at most 64 open)",
         "bearer",
         Resp({{"200", "text/event-stream"},
               {"401", "no session"},
               {"404", "unknown app"},
               {"429", "64 live dashboards are open"}}));
  paths["/v1/apps/{app}/check"]["post"] =
      Op("device check: device context in, signed manifest out", "appkey",
         Resp({{"200", "{type, manifest, signature, key_id}"}, {"429", "rate limited"}}),
         JsonBody("#/components/schemas/DeviceContext"));
  paths["/v1/apps/{app}/report"]["post"] =
      Op("device events, idempotent by event_id", "appkey",
         Resp({{"200", "{accepted, duplicates}"}}), JsonBody("#/components/schemas/Report"));
  paths["/v1/apps/{app}/push/wait"]["post"] =
      Op("long-poll until a release or device push concerns this device (?timeout=S)", "appkey",
         Resp({{"200", "{event: release|device|timeout}"}}),
         JsonBody("#/components/schemas/DeviceContext"));
  paths["/v1/apps/{app}/push/stream"]["post"] =
      Op("server-sent events (text/event-stream): ready, then "
         "release|device events and ': ping' heartbeats until either side closes",
         "appkey",
         Resp({{"200", "text/event-stream"}, {"429", "rate limited or --max-push held"}}),
         JsonBody("#/components/schemas/DeviceContext"));
  paths["/v1/apps/{app}/push/stream"]["get"] = Op(
      "the event stream for EventSource clients; "
      "?device=<device context JSON>&app_key=<key>",
      "", Resp({{"200", "text/event-stream"}, {"429", "rate limited or --max-push held"}}),
      json{{"parameters",
            json::array({{{"name", "device"}, {"in", "query"}, {"required", true},
                          {"schema", {{"type", "string"}}}},
                         {{"name", "app_key"}, {"in", "query"}, {"required", true},
                          {"schema", {{"type", "string"}}}}})}});
  paths["/v1/blobs/{sha256}"]["get"] =
      Op("download a patch blob (GET or HEAD); Range (single), "
         "ETag/If-None-Match, immutable caching", "",
         Resp({{"200", "whole blob"}, {"206", "one byte range"}, {"304", "not modified"},
               {"400", "blob id is not 64 hex characters"}, {"404", "no such blob"},
               {"416", "range not satisfiable"}}));
  for (auto& [path, ops] : paths.items()) {
    for (auto& [method, op] : ops.items()) {
      if (path.rfind("/v1/", 0) == 0) {
        for (auto& [code, r] : kErr.items()) {
          if (!op["responses"].contains(code)) op["responses"][code] = r;
        }
      }
    }
  }
  json schemas;
  schemas["Error"] = {{"type", "object"},
                      {"properties",
                       {{"error",
                         {{"type", "object"},
                          {"properties",
                           {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}};
  schemas["TokenRequest"] = {
      {"type", "object"},
      {"properties",
       {{"role", {{"type", "string"}, {"enum", {"admin", "publisher", "readonly"}}}},
        {"app_id", {{"type", "string"}}},
        {"name", {{"type", "string"}}}}}};
  schemas["AppRequest"] = {{"type", "object"},
                           {"required", {"app_id", "release_public_key"}},
                           {"properties",
                            {{"app_id", {{"type", "string"}}},
                             {"release_public_key", {{"type", "string"}}}}}};
  schemas["ReleaseSpec"] = {
      {"type", "object"},
      {"description", "gray-release Release JSON (docs/gray-release.md) plus patch_id"},
      {"properties",
       {{"patch_id", {{"type", "string"}}},
        {"percent", {{"type", "number"}}},
        {"rules", {{"type", "array"}}},
        {"ramp", {{"type", "object"}}},
        {"allow", {{"type", "object"}}},
        {"deny", {{"type", "object"}}},
        {"priority", {{"type", "integer"}}},
        {"auto_halt", {{"type", "object"}}}}}};
  json str = {{"type", "string"}};
  schemas["DeviceContext"] = {
      {"type", "object"},
      {"required", {"device_id", "base_fingerprint"}},
      {"properties",
       {{"device_id", str}, {"base_fingerprint", str}, {"app_version", str}, {"os", str},
        {"os_version", str}, {"sdk", {{"type", "integer"}}}, {"brand", str}, {"model", str},
        {"abi", str}, {"channel", str}, {"region", str}, {"locale", str}, {"network", str},
        {"user_id", str}, {"installed_patch", str},
        {"custom", {{"type", "object"}, {"additionalProperties", str}}}}}};
  schemas["Report"] = {
      {"type", "object"},
      {"required", {"device", "events"}},
      {"properties",
       {{"device", {{"$ref", "#/components/schemas/DeviceContext"}}},
        {"events",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"required", {"event_id", "kind"}},
            {"properties",
             {{"event_id", str},
              {"kind", {{"type", "string"},
                        {"enum", {"downloaded", "download_failed", "verify_failed", "applied",
                                  "apply_failed", "first_launch_ok", "launch_ok",
                                  "crash_at_launch", "rolled_back", "checked_by_push"}}}},
              {"release_id", str},
              {"code", {{"type", "integer"}}}}}}}}}}}};
  return {{"openapi", "3.0.3"},
          {"info", {{"title", "Suture server API"}, {"version", "1"}}},
          {"paths", paths},
          {"components",
           {{"schemas", schemas},
            {"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"session",
               {{"type", "apiKey"},
                {"in", "cookie"},
                {"name", "suture_session"},
                {"description", "console session; changes also need the X-CSRF-Token header"}}},
              {"appKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-Suture-App-Key"}}}}}}}};
}

}  // namespace

const std::string& OpenApiJson() {
  static const std::string kDoc = Build().dump(2);
  return kDoc;
}

}  // namespace suture::server

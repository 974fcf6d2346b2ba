// The values Service takes and returns (service.h): apps, patches, releases,
// aggregates and device reports as typed C++ values. No JSON and no HTTP: the
// http/ room converts request bodies into these and these into response
// bodies (http/api_json.h, http/device_json.h).
//
// Thread-safety: plain values.
#ifndef SUTURE_SERVER_SERVICE_SERVICE_TYPES_H_
#define SUTURE_SERVER_SERVICE_SERVICE_TYPES_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/store.h"
#include "suture/gray/device.h"
#include "suture/gray/release.h"

namespace suture::server {

// Unix time in seconds as the service reads the clock. Callers that pass a
// `now` to the service (the device routes) take it from here.
int64_t NowSeconds();

// ---- apps and patches

struct AppInfo {
  std::string app_id;
  std::string release_key_id;      // hex key id of the app's release key
  std::string release_public_key;  // PEM
  std::string app_key;             // the secret devices send; "" when the caller may not see it
  int64_t created_at = 0;
};

// A published patch: the bundle's blob and what its manifest declares. The
// same fields as the stored row, so the stored row itself.
using PatchInfo = PatchRecord;

// One entry of a stored bundle's manifest (suture/apply/bundle.h), as the
// console lists it: what it does (op), with which engine (method), and its
// sizes. patch_bytes is the stored size of its payload stream (0 without one).
struct PatchEntryInfo {
  std::string op;      // add | patch | remove | copy
  std::string method;  // none | raw | generic | dex | bsdiff40
  std::string path;
  std::string old_path;
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  uint64_t patch_bytes = 0;
  bool has_stream = false;
  std::string note;
};

// A patch with what its stored bundle says: container kind, format, the
// signature checked again now with the app's release key, and every entry.
struct PatchDetail {
  PatchInfo patch;
  std::string kind;  // file | zip
  int format_version = 0;
  bool signature_valid = false;
  std::string signer_key_id;  // hex
  uint64_t payload_bytes = 0;
  uint64_t stream_count = 0;
  std::vector<PatchEntryInfo> entries;
};

// ---- releases

// A release as an admin describes it when creating or editing one: a
// gray-release Release (docs/gray-release.md) plus the patch it offers.
// The server owns the release's id, app_id, patch_id, base_builds and state:
// the service overwrites those fields of `release` (a parser fills them with
// placeholders; only `release.id` shows in its error messages).
struct ReleaseSpec {
  // The patch id as given ("12" or 12 -> "12"). Creating: required. Editing:
  // absent = unchanged; present, it must equal the release's patch.
  std::optional<std::string> patch_id;
  gray::Release release;
};

// One stored release as the service shows it.
struct ReleaseInfo {
  int64_t id = 0;
  std::string app_id;
  int64_t patch_id = 0;
  std::string state;  // gray::ReleaseStateName of release.state
  std::string state_reason;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  gray::Release release;  // the stored spec; release.id is the row id
};

// ---- aggregates

// One cell of an aggregates time series: `events` events of `metric`
// (with `code`) in one bucket (a minute, or AggregatesView::resolution_s
// from `minute` on), by `devices` distinct devices (per minute: exact; in a
// bucket of several minutes, the sum of its minutes' counts, an upper bound,
// marked devices_approx).
struct AggregatePoint {
  int64_t release_id = 0;
  int64_t minute = 0;  // Unix minutes
  std::string metric;
  int64_t code = 0;
  int64_t events = 0;
  std::optional<int64_t> devices;  // nullopt: not counted (before migration 002)
  bool devices_approx = false;     // estimated past the exact-counting limit
};

// The aggregates of one release (release_id > 0) or of one base build's
// unpatched devices (release_id == 0, base_fingerprint set).
struct AggregatesView {
  std::string app_id;
  int64_t release_id = 0;  // 0 = none
  std::string base_fingerprint;
  int64_t resolution_s = 60;
  std::vector<AggregatePoint> series;                // by minute
  std::map<std::string, int64_t> totals;             // events per metric
  std::map<std::string, int64_t> distinct_devices;   // lifetime devices per metric or group
  std::map<int64_t, int64_t> apply_failed_by_code;   // apply_failed events per code
  // Of a release (release_id > 0): the devices on its base build that
  // checked in the last `window_s`, and how many of them said in their last
  // check that they run the release's patch (installed_patch).
  struct Coverage {
    int64_t window_s = 0;
    int64_t seen = 0;
    int64_t on_patch = 0;
    bool truncated = false;  // more devices were seen than were looked at
  };
  std::optional<Coverage> coverage;
};

// ---- device reports

// Report event kinds. Their names (ReportEventKindName) are the wire and
// metric names (docs/api.md) and never change.
enum class ReportEventKind : uint8_t {
  kDownloaded,
  kDownloadFailed,
  kVerifyFailed,
  kApplied,
  kApplyFailed,
  kFirstLaunchOk,
  kLaunchOk,
  kCrashAtLaunch,
  kRolledBack,
  kCheckedByPush,
};
std::string_view ReportEventKindName(ReportEventKind k);  // "downloaded", ...
// The kind named `name`, or nullopt for an unknown name.
std::optional<ReportEventKind> ReportEventKindFromName(std::string_view name);

// A device that was offline sends its backlog in one report; all of a
// report's events are written in one transaction.
inline constexpr size_t kMaxReportEvents = 1000;

// True for a valid event id: 1-128 characters, none a control character or
// space. Event ids make reports idempotent (one event per (app, event_id)).
bool IsValidEventId(std::string_view id);

struct ReportEvent {
  std::string event_id;  // IsValidEventId
  ReportEventKind kind = ReportEventKind::kDownloaded;
  int64_t release_id = 0;  // 0 = none (an unpatched device's event)
  int64_t code = 0;        // failure code, 0 = none
};

// One report: the sending device and its events (at most kMaxReportEvents).
struct DeviceReport {
  gray::DeviceContext device;
  std::vector<ReportEvent> events;
};

struct ReportResult {
  int accepted = 0;
  int duplicates = 0;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_SERVICE_TYPES_H_

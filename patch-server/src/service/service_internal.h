// Service internals shared by service*.cc (not part of any interface).
#ifndef SUTURE_SERVER_SERVICE_SERVICE_INTERNAL_H_
#define SUTURE_SERVER_SERVICE_SERVICE_INTERNAL_H_

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "service/service.h"
#include "suture/gray/engine.h"

namespace suture::server {

struct Service::Snapshot {
  std::unordered_map<std::string, AppRecord> apps;        // by app id
  std::unordered_map<std::string, PatchRecord> patches;   // by decimal patch id
  std::unordered_map<int64_t, ReleaseRecord> releases;    // by release id
  // "<app id>\n<base fingerprint>" of every patch, and the base
  // fingerprints of every patch: which app's unpatched arm a base build is
  // (report events without a release count there, see Service::Report).
  std::unordered_set<std::string> app_bases;
  std::unordered_set<std::string> patch_bases;
  gray::ReleaseSet set;
  int64_t manifest_version = 0;
};


// Lifetime distinct-device sets (Store::QueryDeviceTotals) that a report event
// joins: its kind, plus kSessionsSet for launches (first_launch_ok, launch_ok,
// crash_at_launch) and kDownloadFailuresSet for download_failed and
// verify_failed. Migration 002 backfills the same grouping. Defined in
// service_releases.cc next to Tick, which reads them as auto-halt inputs.
inline constexpr char kSessionsSet[] = "sessions";
inline constexpr char kDownloadFailuresSet[] = "download_failures";
std::vector<DeviceTotalKey> DeviceTotalKeys(const EventRecord& e, const std::string& base);

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_SERVICE_INTERNAL_H_

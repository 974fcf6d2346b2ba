// Values the console's service calls return (service_console.cc): a device's
// decision explained, and the preview of a release before it is created.
#ifndef SUTURE_SERVER_SERVICE_CONSOLE_TYPES_H_
#define SUTURE_SERVER_SERVICE_CONSOLE_TYPES_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "service/device_sightings.h"

namespace suture::server {

// What the engine says about one device: overall, and per release of the app.
struct Verdict {
  std::string release_id;   // "" when no release decided
  std::string decision;     // none | patch | rollback
  std::string reason_code;  // gray ReasonCodeName: bucket_in, rule_failed, ...
  std::string reason;       // the engine's one-line explanation
};

struct DeviceExplanation {
  Sighting last;                    // the context of its last check
  Verdict now;                      // what a check would answer now
  std::vector<Verdict> by_release;  // each release of the app on its own
};

struct PreviewSample {
  std::string device_id;
  std::string base_build;
  bool matched = false;
  Verdict verdict;
};

struct BaseCount {
  int64_t seen = 0;
  int64_t matched = 0;
};

// How a release would reach the devices seen in the window, decided by the
// engine over the app's current releases plus this one.
struct ReleasePreview {
  // The id the release would get if created now: its default bucketing salt.
  // A release created meanwhile (by anyone, any app) shifts it: preview again.
  std::string release_id;
  int64_t window_s = 0;
  int64_t seen = 0;        // devices of the app seen in the window (at most kMaxPreviewDevices)
  int64_t matched = 0;     // of those, devices that would get this release
  bool truncated = false;  // more devices were seen than were looked at
  std::map<std::string, BaseCount> by_base;  // by base build
  std::vector<PreviewSample> samples;        // up to 10 matched and 10 not
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_CONSOLE_TYPES_H_

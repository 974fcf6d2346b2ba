// The JSON form of releases (docs/gray-release.md): how the admin console and
// the server's storage describe releases and rules.
//
// Parse errors are kInvalidArgument with the path of the offending value:
//   `rules[2].all[0].op: unknown operator "sdk_gt"`
//   `releases[3].ramp.steps[1].percent: 120 is outside [0, 100]`
//
// Thread-safety: pure functions.
#ifndef SUTURE_GRAY_JSON_H_
#define SUTURE_GRAY_JSON_H_

#include <string>
#include <string_view>
#include <vector>

#include "suture/core/status.h"
#include "suture/gray/device.h"
#include "suture/gray/release.h"

namespace suture::gray {

// Upper bounds that keep a hostile document from costing unbounded memory or
// time at parse (rules come from admins, but are still checked).
inline constexpr size_t kMaxJsonBytes = 16u << 20;
inline constexpr size_t kMaxConditionDepth = 32;
inline constexpr size_t kMaxConditionNodes = 4096;
inline constexpr size_t kMaxRegexLength = 256;

// One release object. `path` prefixes error paths ("" for none).
StatusOr<Release> ParseReleaseJson(std::string_view json_text, std::string_view path = "");
// A JSON array of releases, or an object {"releases": [...]}.
StatusOr<std::vector<Release>> ParseReleasesJson(std::string_view json_text);

// Canonical JSON (sorted keys, times as RFC 3339 UTC). Round-trips through
// ParseReleaseJson to an equal release.
std::string ReleaseToJson(const Release& release);
std::string ReleasesToJson(const std::vector<Release>& releases);

// "2026-11-22T10:00:00Z", also with fractional seconds (dropped) and numeric
// offsets ("+02:00"). Years 0000..9999.
StatusOr<Timestamp> ParseRfc3339(std::string_view text);
std::string FormatRfc3339(Timestamp t);

}  // namespace suture::gray

#endif  // SUTURE_GRAY_JSON_H_

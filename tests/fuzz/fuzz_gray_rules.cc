// Fuzz target for the gray-release JSON rule parser (releases and single
// conditions). Properties: never crashes; anything accepted serializes to a
// canonical form that parses again to the same canonical form; evaluating
// accepted releases never fails and agrees with the condition trees.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "suture/gray/condition.h"
#include "suture/gray/engine.h"
#include "suture/gray/json.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_gray_rules: property violated: %s\n", what);
    std::abort();
  }
}

suture::gray::DeviceContext Device() {
  suture::gray::DeviceContext d;
  d.device_id = "fuzz-device";
  d.user_id = "fuzz-user";
  d.app_id = "com.example";
  d.base_build = "b1";
  d.app_version = "1.2.3-rc.1";
  d.os_version = "13";
  d.sdk = 33;
  d.brand = "Google";
  d.model = "Pixel 7";
  d.ip = "10.1.2.3";
  d.installed_patch = "p1";
  d.custom = {{"tier", "gold"}, {"n", "7"}};
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace suture::gray;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const Timestamp now = 1767225600;
  DeviceContext device = Device();

  auto releases = ParseReleasesJson(text);
  if (releases.ok()) {
    std::string canon = ReleasesToJson(*releases);
    auto again = ParseReleasesJson(canon);
    Check(again.ok(), "canonical releases JSON re-parses");
    Check(ReleasesToJson(*again) == canon, "canonical releases JSON is stable");
    // The engine's compiled program agrees with the condition trees.
    for (const Release& r : *releases) {
      Release probe;
      probe.id = "probe";
      probe.app_id = device.app_id;
      probe.base_builds = {device.base_build};
      probe.patch_id = "probe-patch";
      probe.basis_points = 10000;
      probe.rules = r.rules;
      auto one = ReleaseSet::Build({probe});
      Check(one.ok(), "a probe release builds");
      bool want = true;
      for (const Condition& c : r.rules) want = want && c.Matches(device, now);
      Decision d = one->Evaluate(device, now);
      Check((d.kind == DecisionKind::kPatch) == want, "engine program agrees with rule trees");
    }
    auto set = ReleaseSet::Build(std::move(releases).value());
    if (set.ok()) {
      for (const Release& r : set->releases()) {
        device.app_id = r.app_id;
        device.base_build = r.base_builds[0];
        Decision d = set->Evaluate(device, now);
        Check(!d.reason.empty(), "every decision has a reason");
      }
    }
  }

  auto cond = Condition::FromJson(text, "rule");
  if (cond.ok()) {
    std::string why;
    bool m = cond->Matches(device, now, &why);
    Check(m == cond->Matches(device, now), "reasoned and plain match agree");
    Check(m || !why.empty(), "a failed match has a reason");
    auto again = Condition::FromJson(cond->ToJson(), "rule");
    Check(again.ok() && again->ToJson() == cond->ToJson(), "condition JSON round-trips");
  } else {
    Check(!cond.status().message().empty(), "errors have messages");
  }
  return 0;
}

// Service: what the console asks the engine (see service.h, "console").
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "service/service.h"
#include "service/service_internal.h"
#include "suture/gray/ramp.h"

namespace suture::server {

namespace {

// The device id under which every live dashboard of an app waits.
constexpr char kConsoleDashboard[] = "dashboard";

Verdict VerdictOf(const gray::Decision& d) {
  return Verdict{std::string(d.release_id()), std::string(gray::DecisionKindName(d.kind)),
                 std::string(gray::ReasonCodeName(d.code)), d.reason};
}

}  // namespace

StatusOr<DeviceExplanation> Service::ExplainDevice(const Principal& p, const std::string& app_id,
                                                   const std::string& device_id, int64_t now) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  auto snap = snapshot();
  if (!snap->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
  std::optional<Sighting> last = sightings_.Find(app_id, device_id);
  if (!last) {
    return Status::NotFound("device '" + device_id + "' of app '" + app_id +
                            "' has not checked in since the server started");
  }
  DeviceExplanation out;
  out.now = VerdictOf(snap->set.Evaluate(last->context, now));
  for (const gray::Release& r : snap->set.releases()) {
    if (r.app_id != app_id) continue;
    auto alone = gray::ReleaseSet::Build({r});
    if (!alone.ok()) {
      out.by_release.push_back(Verdict{r.id, "none", "not_evaluated", alone.status().ToString()});
      continue;
    }
    Verdict v = VerdictOf(alone->Evaluate(last->context, now));
    v.release_id = r.id;  // also when the engine names no release (no candidate)
    out.by_release.push_back(std::move(v));
  }
  out.last = *std::move(last);
  return out;
}

StatusOr<ReleasePreview> Service::PreviewRelease(const Principal& p, const std::string& app_id,
                                                 ReleaseSpec spec, int64_t now) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  auto snap = snapshot();
  if (!snap->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
  if (!spec.patch_id) return Status::InvalidArgument("release: missing 'patch_id'");
  auto patch = snap->patches.find(*spec.patch_id);
  if (patch == snap->patches.end() || patch->second.app_id != app_id) {
    return Status::NotFound("release: app '" + app_id + "' has no patch '" + *spec.patch_id + "'");
  }
  // The id the release will get when created now (SQLite gives max + 1;
  // releases are never deleted): it is the default bucketing salt, so the
  // preview draws the same cohort the created release will.
  int64_t max_id = 0;
  for (const auto& [id, row] : snap->releases) max_id = std::max(max_id, id);
  const std::string preview_id = std::to_string(max_id + 1);
  gray::Release candidate = std::move(spec.release);
  candidate.id = preview_id;
  candidate.patch_id = *spec.patch_id;
  candidate.app_id = app_id;
  candidate.base_builds = {patch->second.base_fingerprint};
  candidate.state = gray::ReleaseState::kActive;
  if (!candidate.ramp.steps.empty()) gray::StartRamp(&candidate, now);
  SUTURE_RETURN_IF_ERROR(gray::ValidateRelease(candidate));
  std::vector<gray::Release> all = snap->set.releases();
  all.push_back(std::move(candidate));
  SUTURE_ASSIGN_OR_RETURN(gray::ReleaseSet with, gray::ReleaseSet::Build(std::move(all)));

  ReleasePreview out;
  out.release_id = preview_id;
  out.window_s = kPreviewWindowS;
  std::vector<Sighting> seen =
      sightings_.SeenSince(app_id, now - kPreviewWindowS, kMaxPreviewDevices + 1);
  out.truncated = seen.size() > kMaxPreviewDevices;
  if (out.truncated) seen.pop_back();
  size_t samples_in = 0;
  size_t samples_out = 0;
  for (const Sighting& s : seen) {
    const gray::Decision d = with.Evaluate(s.context, now);
    const bool matched = d.kind == gray::DecisionKind::kPatch && d.release_id() == preview_id;
    BaseCount& base = out.by_base[s.context.base_build];
    ++base.seen;
    ++out.seen;
    if (matched) {
      ++base.matched;
      ++out.matched;
    }
    size_t& taken = matched ? samples_in : samples_out;
    if (taken < 10) {
      ++taken;
      out.samples.push_back(
          PreviewSample{s.context.device_id, s.context.base_build, matched, VerdictOf(d)});
    }
  }
  return out;
}

StatusOr<uint64_t> Service::SubscribeConsole(const Principal& p, const std::string& app_id,
                                             PushHub::Callback cb) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  if (!snapshot()->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
  gray::DeviceContext dashboard;  // every dashboard of the app is one "device"
  dashboard.app_id = app_id;
  dashboard.device_id = kConsoleDashboard;
  const double deadline = options_.push_stream_max_s > 0
                              ? static_cast<double>(NowSeconds() + options_.push_stream_max_s)
                              : 0.0;
  auto id = console_hub_.AddPersistent(app_id, std::move(dashboard), std::move(cb), deadline);
  if (!id.ok() && id.status().code() == StatusCode::kResourceExhausted) {
    return Status::ResourceExhausted("console: " + std::to_string(kMaxConsoleStreams) +
                                     " live dashboards are open, the most this server holds");
  }
  return id;
}

void Service::CancelConsole(uint64_t id) { console_hub_.Remove(id); }

void Service::MarkConsoleDirty(const std::string& app_id, bool announce) {
  std::lock_guard<std::mutex> l(console_dirty_mu_);
  console_dirty_.insert(app_id);
  if (announce && cluster_ != nullptr) console_announce_.insert(app_id);
}

void Service::MarkConsoleDirty(const std::vector<AggregateCell>& cells) {
  // Nobody watches (here, or on another instance): skip the lookups.
  if (console_hub_.size() == 0 && cluster_ == nullptr) return;
  auto snap = snapshot();
  std::set<std::string> apps;
  std::set<std::string> bases;
  for (const AggregateCell& c : cells) {
    if (c.release_id > 0) {
      auto r = snap->releases.find(c.release_id);
      if (r != snap->releases.end()) apps.insert(r->second.app_id);
    } else {
      bases.insert(c.base_fingerprint);
    }
  }
  if (!bases.empty()) {  // an unpatched arm: the apps with a patch on that base build
    for (const auto& [id, patch] : snap->patches) {
      if (bases.contains(patch.base_fingerprint)) apps.insert(patch.app_id);
    }
  }
  std::lock_guard<std::mutex> l(console_dirty_mu_);
  console_dirty_.insert(apps.begin(), apps.end());
  if (cluster_ != nullptr) console_announce_.insert(apps.begin(), apps.end());
}

void Service::NotifyConsoles() {
  std::set<std::string> apps, announce;
  {
    std::lock_guard<std::mutex> l(console_dirty_mu_);
    apps.swap(console_dirty_);
    announce.swap(console_announce_);
  }
  // PostgreSQL caps a NOTIFY payload below 8000 bytes: app ids go out in as
  // many messages as they need. A lost message costs the other dashboards
  // one update, never data: their next update re-reads everything.
  nlohmann::json batch = nlohmann::json::array();
  size_t bytes = 0;
  auto send = [&] {
    if (batch.empty()) return;
    const nlohmann::json msg{{"instance", instance_id_}, {"apps", batch}};
    if (!store_->Notify(kConsoleChannel, msg.dump(-1, ' ', false,
                                                  nlohmann::json::error_handler_t::replace))
             .ok()) {
      metrics_.Add("suture_cluster_link_errors_total", "");
    }
    batch = nlohmann::json::array();
    bytes = 0;
  };
  for (const std::string& app : announce) {
    if (bytes + app.size() > 6000) send();
    batch.push_back(app);
    bytes += app.size() + 4;
  }
  send();
  for (const std::string& app : apps) {
    nlohmann::json body{{"event", "update"}, {"app_id", app}, {"at", NowSeconds()}};
    console_hub_.NotifyDevice(
        app, kConsoleDashboard,
        PushEvent::Make("update",
                        body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  }
}

}  // namespace suture::server

// Service: releases (gray-release decides; we store and serve), aggregates,
// the periodic ramp/auto-halt tick, and push wake-ups on release changes.
#include <cmath>

#include "service/service.h"
#include "service/service_internal.h"
#include "suture/gray/json.h"
#include "suture/gray/ramp.h"

namespace suture::server {

using nlohmann::json;

namespace {

StatusOr<json> ParseObject(std::string_view body, const char* what) {
  json j = json::parse(body, nullptr, false);
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

// Reads a release row's spec into a gray::Release (its id overridden by the row id).
StatusOr<gray::Release> ParseRow(const ReleaseRecord& row) {
  json spec = json::parse(row.spec, nullptr, false);
  if (spec.is_discarded() || !spec.is_object()) {
    return Status::Corrupt("release " + std::to_string(row.id) + ": stored spec is not JSON");
  }
  spec["id"] = std::to_string(row.id);
  return gray::ParseReleaseJson(spec.dump(), "release");
}

}  // namespace

std::vector<DeviceTotalKey> DeviceTotalKeys(const EventRecord& e, const std::string& base) {
  std::vector<DeviceTotalKey> keys = {DeviceTotalKey{e.release_id, base, e.kind}};
  if (e.kind == "first_launch_ok" || e.kind == "launch_ok" || e.kind == "crash_at_launch") {
    keys.push_back(DeviceTotalKey{e.release_id, base, kSessionsSet});
  } else if (e.kind == "download_failed" || e.kind == "verify_failed") {
    keys.push_back(DeviceTotalKey{e.release_id, base, kDownloadFailuresSet});
  }
  return keys;
}

json Service::ReleaseView(const ReleaseRecord& r) const {
  json spec = json::parse(r.spec, nullptr, false);
  if (spec.is_object()) spec["id"] = std::to_string(r.id);
  json view{{"id", std::to_string(r.id)}, {"app_id", r.app_id},
            {"patch_id", std::to_string(r.patch_id)}, {"state", r.state},
            {"state_reason", r.state_reason}, {"created_at", r.created_at},
            {"updated_at", r.updated_at}, {"spec", spec}};
  auto rel = ParseRow(r);
  if (rel.ok()) {
    view["percent"] = rel->CurrentBasisPoints() / 100.0;
  }
  return view;
}

StatusOr<json> Service::CreateRelease(const Principal& p, const std::string& app_id,
                                      std::string_view body) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kAdmin, app_id));
  auto snap = snapshot();
  if (!snap->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
  SUTURE_ASSIGN_OR_RETURN(json spec, ParseObject(body, "release"));
  SUTURE_ASSIGN_OR_RETURN(std::string patch_id, PatchIdOf(spec));
  auto patch = snap->patches.find(patch_id);
  if (patch == snap->patches.end() || patch->second.app_id != app_id) {
    return Status::NotFound("release: app '" + app_id + "' has no patch '" + patch_id + "'");
  }
  spec["id"] = "0";
  spec["patch_id"] = patch_id;
  spec["app_id"] = app_id;
  spec["base_builds"] = json::array({patch->second.base_fingerprint});
  spec["state"] = "active";
  SUTURE_ASSIGN_OR_RETURN(gray::Release rel, gray::ParseReleaseJson(spec.dump(), "release"));
  const int64_t now = NowSeconds();
  if (!rel.ramp.steps.empty()) gray::StartRamp(&rel, now);
  SUTURE_RETURN_IF_ERROR(gray::ValidateRelease(rel));

  ReleaseRecord row;
  row.app_id = app_id;
  row.patch_id = patch->second.id;
  row.spec = gray::ReleaseToJson(rel);
  row.state = std::string(gray::ReleaseStateName(rel.state));
  row.created_at = row.updated_at = now;
  {
    std::lock_guard<std::mutex> l(release_mu_);
    SUTURE_ASSIGN_OR_RETURN(int64_t version, store_->InsertRelease(row));
    (void)version;
    SUTURE_RETURN_IF_ERROR(Reload());
  }
  NotifyRelease(app_id, row.id);
  return ReleaseView(row);
}

Status Service::SaveRelease(ReleaseRecord row, const gray::Release& rel, int64_t now) {
  SUTURE_RETURN_IF_ERROR(gray::ValidateRelease(rel));
  row.spec = gray::ReleaseToJson(rel);
  row.state = std::string(gray::ReleaseStateName(rel.state));
  row.state_reason = rel.state_reason;
  row.updated_at = now;
  SUTURE_ASSIGN_OR_RETURN(int64_t version, store_->UpdateRelease(row));
  (void)version;
  return Reload();
}

StatusOr<json> Service::MutateRelease(const Principal& p, const std::string& app_id, int64_t id,
                                      const std::function<Status(gray::Release&)>& fn) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kAdmin, app_id));
  ReleaseRecord row;
  {
    std::lock_guard<std::mutex> l(release_mu_);
    SUTURE_ASSIGN_OR_RETURN(std::optional<ReleaseRecord> found, store_->GetRelease(id));
    if (!found || found->app_id != app_id) {
      return Status::NotFound("app '" + app_id + "' has no release " + std::to_string(id));
    }
    row = *found;
    SUTURE_ASSIGN_OR_RETURN(gray::Release rel, ParseRow(row));
    SUTURE_RETURN_IF_ERROR(fn(rel));
    SUTURE_RETURN_IF_ERROR(SaveRelease(row, rel, NowSeconds()));
    SUTURE_ASSIGN_OR_RETURN(found, store_->GetRelease(id));
    row = *found;
  }
  NotifyRelease(app_id, id);
  return ReleaseView(row);
}

StatusOr<json> Service::EditRelease(const Principal& p, const std::string& app_id, int64_t id,
                                    std::string_view body) {
  SUTURE_ASSIGN_OR_RETURN(json spec, ParseObject(body, "release"));
  return MutateRelease(p, app_id, id, [&](gray::Release& rel) -> Status {
    if (spec.contains("patch_id")) {
      SUTURE_ASSIGN_OR_RETURN(std::string pid, PatchIdOf(spec));
      if (pid != rel.patch_id) {
        return Status::InvalidArgument(
            "release: the patch of a release cannot change; create a new release");
      }
    }
    json merged = spec;
    merged["id"] = rel.id;
    merged["patch_id"] = rel.patch_id;
    merged["app_id"] = rel.app_id;
    merged["base_builds"] = rel.base_builds;
    merged["state"] = std::string(gray::ReleaseStateName(rel.state));
    SUTURE_ASSIGN_OR_RETURN(gray::Release next, gray::ParseReleaseJson(merged.dump(), "release"));
    next.state_reason = rel.state_reason;
    if (!next.ramp.steps.empty() && next.ramp.steps != rel.ramp.steps) {
      gray::StartRamp(&next, NowSeconds());
    }
    rel = std::move(next);
    return Status::Ok();
  });
}

StatusOr<json> Service::RampRelease(const Principal& p, const std::string& app_id, int64_t id,
                                    double percent) {
  if (!(percent >= 0 && percent <= 100)) {
    return Status::InvalidArgument("ramp: 'percent' must be within [0, 100]");
  }
  const uint32_t bp = static_cast<uint32_t>(std::lround(percent * 100));
  return MutateRelease(p, app_id, id, [&](gray::Release& rel) -> Status {
    if (rel.state == gray::ReleaseState::kRolledBack) {
      return Status::FailedPrecondition("ramp: release " + rel.id + " is rolled back");
    }
    // A manual ramp takes over from a staged schedule.
    rel.ramp = gray::Ramp{};
    rel.basis_points = bp;
    rel.state_reason = "ramped to " + gray::FormatBasisPoints(bp) + " by admin";
    return Status::Ok();
  });
}

StatusOr<json> Service::ChangeReleaseState(const Principal& p, const std::string& app_id,
                                           int64_t id, std::string_view action,
                                           const std::string& reason) {
  gray::ReleaseState to;
  if (action == "pause") {
    to = gray::ReleaseState::kPaused;
  } else if (action == "resume") {
    to = gray::ReleaseState::kActive;
  } else if (action == "rollback") {
    to = gray::ReleaseState::kRolledBack;
  } else {
    return Status::InvalidArgument("unknown release action '" + std::string(action) + "'");
  }
  return MutateRelease(p, app_id, id, [&](gray::Release& rel) -> Status {
    SUTURE_RETURN_IF_ERROR(gray::CheckTransition(rel.state, to).WithContext(
        "release " + rel.id + ": cannot " + std::string(action)));
    rel.state = to;
    rel.state_reason = reason.empty() ? std::string(action) + " by admin" : reason;
    return Status::Ok();
  });
}

StatusOr<json> Service::ListReleases(const Principal& p, const std::string& app_id) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  auto snap = snapshot();
  if (!snap->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
  SUTURE_ASSIGN_OR_RETURN(std::vector<ReleaseRecord> rows, store_->ListReleases(app_id));
  json arr = json::array();
  for (const ReleaseRecord& r : rows) arr.push_back(ReleaseView(r));
  return json{{"releases", arr}};
}

StatusOr<json> Service::GetRelease(const Principal& p, const std::string& app_id, int64_t id) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  SUTURE_ASSIGN_OR_RETURN(std::optional<ReleaseRecord> row, store_->GetRelease(id));
  if (!row || row->app_id != app_id) {
    return Status::NotFound("app '" + app_id + "' has no release " + std::to_string(id));
  }
  return ReleaseView(*row);
}

StatusOr<json> Service::Aggregates(const Principal& p, const std::string& app_id,
                                   int64_t release_id, const std::string& base_fingerprint,
                                   int64_t since_minute) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  auto snap = snapshot();
  if (!snap->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
  if (release_id <= 0 && base_fingerprint.empty()) {
    return Status::InvalidArgument("aggregates: give 'release' or 'base'");
  }
  if (release_id > 0) {
    auto r = snap->releases.find(release_id);
    if (r == snap->releases.end() || r->second.app_id != app_id) {
      return Status::NotFound("app '" + app_id + "' has no release " + std::to_string(release_id));
    }
  }
  SUTURE_RETURN_IF_ERROR(FlushCounters());
  SUTURE_ASSIGN_OR_RETURN(std::vector<AggregateCell> cells,
                          store_->QueryAggregates(release_id, base_fingerprint, since_minute));
  // ?base= alone: the unpatched arm (release 0) on that base build.
  SUTURE_ASSIGN_OR_RETURN(
      auto distinct, store_->QueryDeviceTotals(release_id > 0 ? release_id : 0, base_fingerprint));
  json series = json::array();
  json totals = json::object();
  json failed_by_code = json::object();
  for (const AggregateCell& c : cells) {
    // "count" is the pre-002 name of "events", kept for old clients.
    json cell{{"minute", c.minute}, {"time", c.minute * 60}, {"metric", c.metric},
              {"code", c.code},     {"count", c.count},      {"events", c.count},
              {"devices", c.devices < 0 ? json(nullptr) : json(c.devices)},
              {"release_id", c.release_id}};
    if (c.devices_approx) cell["devices_approx"] = true;
    series.push_back(std::move(cell));
    totals[c.metric] = totals.value(c.metric, int64_t{0}) + c.count;
    if (c.metric == "apply_failed") {
      const std::string code = std::to_string(c.code);
      failed_by_code[code] = failed_by_code.value(code, int64_t{0}) + c.count;
    }
  }
  json distinct_devices = json::object();
  for (const auto& [metric, n] : distinct) distinct_devices[metric] = n;
  return json{{"app_id", app_id},
              {"release_id", release_id > 0 ? std::to_string(release_id) : ""},
              {"base_fingerprint", base_fingerprint},
              {"resolution_s", 60},
              {"totals", totals},
              {"distinct_devices", distinct_devices},
              {"apply_failed_by_code", failed_by_code},
              {"series", series}};
}

Status Service::Tick(int64_t now) {
  auto snap = snapshot();
  for (const gray::Release& rel : snap->set.releases()) {
    if (rel.state != gray::ReleaseState::kActive) continue;
    const int64_t id = std::stoll(rel.id);
    // Distinct devices since the start (gray::ReleaseAggregates counts devices,
    // not events: a device that crashed three times counts once).
    SUTURE_ASSIGN_OR_RETURN(auto d, store_->QueryDeviceTotals(id, ""));
    auto n = [](const std::map<std::string, int64_t>& m, const char* metric) {
      auto it = m.find(metric);
      return it == m.end() ? uint64_t{0} : static_cast<uint64_t>(it->second);
    };
    gray::ReleaseAggregates agg;
    agg.downloads_ok = n(d, "downloaded");
    agg.download_failures = n(d, kDownloadFailuresSet);
    agg.installs = n(d, "applied");
    agg.apply_failures = n(d, "apply_failed");
    agg.patched_devices = n(d, kSessionsSet);
    agg.patched_crashed = n(d, "crash_at_launch");
    for (const std::string& base : rel.base_builds) {
      SUTURE_ASSIGN_OR_RETURN(auto b, store_->QueryDeviceTotals(0, base));
      agg.base_devices += n(b, kSessionsSet);
      agg.base_crashed += n(b, "crash_at_launch");
    }
    gray::ReleaseUpdate up = gray::UpdateRelease(rel, agg, now);
    if (!up.changed) continue;
    std::lock_guard<std::mutex> l(release_mu_);
    SUTURE_ASSIGN_OR_RETURN(std::optional<ReleaseRecord> row, store_->GetRelease(id));
    if (!row) continue;
    if (up.release.state_reason.empty()) up.release.state_reason = up.reason;
    SUTURE_RETURN_IF_ERROR(SaveRelease(*row, up.release, now));
    metrics_.Add("suture_release_updates_total",
                 up.release.state == gray::ReleaseState::kHalted ? "kind=\"halt\"" : "kind=\"ramp\"");
    NotifyRelease(row->app_id, id);
  }
  return Status::Ok();
}

void Service::NotifyRelease(const std::string& app_id, int64_t release_id) {
  auto snap = snapshot();
  const int64_t now = NowSeconds();
  const PushEvent event = PushEvent::Make(
      "release", json{{"event", "release"}, {"release_id", std::to_string(release_id)}}.dump());
  size_t woken = push_.NotifyApp(
      app_id,
      [&](const gray::DeviceContext& d) {
        gray::Decision dec = snap->set.Evaluate(d, now, gray::EvalOptions{.explain = false});
        return (dec.kind == gray::DecisionKind::kPatch && !dec.already_installed) ||
               dec.kind == gray::DecisionKind::kRollback;
      },
      event);
  metrics_.Add("suture_push_wakeups_total", "kind=\"release\"", static_cast<double>(woken));
}

}  // namespace suture::server

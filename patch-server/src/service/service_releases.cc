// Service: releases (gray-release decides; we store and serve), aggregates,
// the periodic ramp/auto-halt tick, and push wake-ups on release changes.
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "service/service.h"
#include "service/service_internal.h"
#include "suture/gray/json.h"
#include "suture/gray/ramp.h"
#include "suture/gray/transitions.h"

namespace suture::server {

using nlohmann::json;

namespace {

// Reads a release row's spec into a gray::Release (its id overridden by the row id).
StatusOr<gray::Release> ParseRow(const ReleaseRecord& row) {
  json spec = json::parse(row.spec, nullptr, false);
  if (spec.is_discarded() || !spec.is_object()) {
    return Status::Corrupt("release " + std::to_string(row.id) + ": stored spec is not JSON");
  }
  spec["id"] = std::to_string(row.id);
  return gray::ParseReleaseJson(spec.dump(), "release");
}

// kNotFound unless every release `rel` supersedes is one of `app_id`'s: a
// release must not name (and so replace the patch of) another app's release.
Status CheckSupersedes(const gray::Release& rel, const std::string& app_id,
                       const std::unordered_map<int64_t, ReleaseRecord>& releases) {
  for (size_t i = 0; i < rel.supersedes.size(); ++i) {
    const std::string& id = rel.supersedes[i];
    char* end = nullptr;
    const long long n = std::strtoll(id.c_str(), &end, 10);
    auto it = (id.empty() || *end != '\0') ? releases.end() : releases.find(n);
    if (it == releases.end() || it->second.app_id != app_id) {
      return Status::NotFound("release: supersedes[" + std::to_string(i) + "]: app '" + app_id +
                              "' has no release '" + id + "'");
    }
  }
  return Status::Ok();
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

StatusOr<ReleaseInfo> Service::ReleaseView(const ReleaseRecord& r) const {
  SUTURE_ASSIGN_OR_RETURN(gray::Release rel, ParseRow(r));
  return ReleaseInfo{.id = r.id,
                     .app_id = r.app_id,
                     .patch_id = r.patch_id,
                     .state = r.state,
                     .state_reason = r.state_reason,
                     .created_at = r.created_at,
                     .updated_at = r.updated_at,
                     .release = std::move(rel)};
}

StatusOr<ReleaseInfo> Service::CreateRelease(const Principal& p, const std::string& app_id,
                                             ReleaseSpec spec) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kAdmin, app_id));
  auto snap = snapshot();
  if (!snap->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
  if (!spec.patch_id) return Status::InvalidArgument("release: missing 'patch_id'");
  const std::string& patch_id = *spec.patch_id;
  auto patch = snap->patches.find(patch_id);
  if (patch == snap->patches.end() || patch->second.app_id != app_id) {
    return Status::NotFound("release: app '" + app_id + "' has no patch '" + patch_id + "'");
  }
  gray::Release rel = std::move(spec.release);
  rel.id = "0";
  rel.patch_id = patch_id;
  rel.app_id = app_id;
  rel.base_builds = {patch->second.base_fingerprint};
  rel.state = gray::ReleaseState::kActive;
  SUTURE_RETURN_IF_ERROR(CheckSupersedes(rel, app_id, snap->releases));
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

StatusOr<ReleaseInfo> Service::MutateRelease(const Principal& p, const std::string& app_id,
                                             int64_t id, gray::ReleaseAction action,
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
    // The one state machine (gray/transitions.h) decides first.
    SUTURE_ASSIGN_OR_RETURN(gray::ReleaseState to,
                            gray::ApplyAction(rel.state, action, "release " + std::to_string(id)));
    SUTURE_RETURN_IF_ERROR(fn(rel));
    rel.state = to;
    SUTURE_RETURN_IF_ERROR(CheckSupersedes(rel, app_id, snapshot()->releases));
    SUTURE_RETURN_IF_ERROR(SaveRelease(row, rel, NowSeconds()));
    SUTURE_ASSIGN_OR_RETURN(found, store_->GetRelease(id));
    row = *found;
  }
  NotifyRelease(app_id, id);
  return ReleaseView(row);
}

StatusOr<ReleaseInfo> Service::EditRelease(const Principal& p, const std::string& app_id,
                                           int64_t id, ReleaseSpec spec) {
  return MutateRelease(
      p, app_id, id, gray::ReleaseAction::kEdit, [&](gray::Release& rel) -> Status {
        if (spec.patch_id && *spec.patch_id != rel.patch_id) {
          return Status::InvalidArgument(
              "release: the patch of a release cannot change; create a new release");
        }
        gray::Release next = std::move(spec.release);
        next.id = rel.id;
        next.patch_id = rel.patch_id;
        next.app_id = rel.app_id;
        next.base_builds = rel.base_builds;
        next.state = rel.state;
        next.state_reason = rel.state_reason;
        if (!next.ramp.steps.empty() && next.ramp.steps != rel.ramp.steps) {
          gray::StartRamp(&next, NowSeconds());
        }
        rel = std::move(next);
        return Status::Ok();
      });
}

Status Service::ReleaseBodyError(const Principal& p, const std::string& app_id,
                                 int64_t release_id, Status body_error) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kAdmin, app_id));
  if (release_id <= 0) {
    if (!snapshot()->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
    return body_error;
  }
  SUTURE_ASSIGN_OR_RETURN(std::optional<ReleaseRecord> found, store_->GetRelease(release_id));
  if (!found || found->app_id != app_id) {
    return Status::NotFound("app '" + app_id + "' has no release " + std::to_string(release_id));
  }
  return body_error;
}

StatusOr<ReleaseInfo> Service::RampRelease(const Principal& p, const std::string& app_id,
                                           int64_t id, double percent) {
  if (!(percent >= 0 && percent <= 100)) {
    return Status::InvalidArgument("ramp: 'percent' must be within [0, 100]");
  }
  const uint32_t bp = static_cast<uint32_t>(std::lround(percent * 100));
  return MutateRelease(p, app_id, id, gray::ReleaseAction::kRamp, [&](gray::Release& rel) {
    // A manual ramp takes over from a staged schedule.
    rel.ramp = gray::Ramp{};
    rel.basis_points = bp;
    rel.state_reason = "ramped to " + gray::FormatBasisPoints(bp) + " by admin";
    return Status::Ok();
  });
}

StatusOr<ReleaseInfo> Service::AdvanceReleaseRamp(const Principal& p, const std::string& app_id,
                                                  int64_t id, const std::string& reason) {
  return MutateRelease(
      p, app_id, id, gray::ReleaseAction::kAdvanceRamp, [&](gray::Release& rel) -> Status {
        const size_t n = rel.ramp.steps.size();
        if (n == 0) {
          return Status::FailedPrecondition("release " + std::to_string(id) +
                                            " has no ramp steps to advance (set a percentage)");
        }
        const uint32_t from = rel.ramp.current_step;
        if (from + 1 >= n) {
          return Status::FailedPrecondition(
              "release " + std::to_string(id) + " is on its last ramp step (" +
              std::to_string(from + 1) + " of " + std::to_string(n) + ")");
        }
        const uint32_t before_bp = rel.CurrentBasisPoints();
        rel.ramp.current_step = from + 1;
        rel.ramp.step_started_at = NowSeconds();
        rel.state_reason =
            reason.empty()
                ? "ramp step " + std::to_string(from + 1) + " -> " + std::to_string(from + 2) +
                      " (" + gray::FormatBasisPoints(before_bp) + " -> " +
                      gray::FormatBasisPoints(rel.CurrentBasisPoints()) + ") by admin"
                : reason;
        return Status::Ok();
      });
}

StatusOr<ReleaseInfo> Service::ChangeReleaseState(const Principal& p, const std::string& app_id,
                                                  int64_t id, std::string_view action,
                                                  const std::string& reason) {
  gray::ReleaseAction act;
  if (action == "pause") {
    act = gray::ReleaseAction::kPause;
  } else if (action == "resume") {
    act = gray::ReleaseAction::kResume;
  } else if (action == "rollback") {
    act = gray::ReleaseAction::kRollback;
  } else {
    return Status::InvalidArgument("unknown release action '" + std::string(action) + "'");
  }
  return MutateRelease(p, app_id, id, act, [&](gray::Release& rel) -> Status {
    rel.state_reason = reason.empty() ? std::string(action) + " by admin" : reason;
    return Status::Ok();
  });
}

StatusOr<std::vector<ReleaseInfo>> Service::ListReleases(const Principal& p,
                                                         const std::string& app_id) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  auto snap = snapshot();
  if (!snap->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
  SUTURE_ASSIGN_OR_RETURN(std::vector<ReleaseRecord> rows, store_->ListReleases(app_id));
  std::vector<ReleaseInfo> out;
  out.reserve(rows.size());
  for (const ReleaseRecord& r : rows) {
    SUTURE_ASSIGN_OR_RETURN(ReleaseInfo info, ReleaseView(r));
    out.push_back(std::move(info));
  }
  return out;
}

StatusOr<ReleaseInfo> Service::GetRelease(const Principal& p, const std::string& app_id,
                                          int64_t id) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  SUTURE_ASSIGN_OR_RETURN(std::optional<ReleaseRecord> row, store_->GetRelease(id));
  if (!row || row->app_id != app_id) {
    return Status::NotFound("app '" + app_id + "' has no release " + std::to_string(id));
  }
  return ReleaseView(*row);
}

StatusOr<AggregatesView> Service::Aggregates(const Principal& p, const std::string& app_id,
                                             int64_t release_id,
                                             const std::string& base_fingerprint,
                                             int64_t since_minute, int64_t bucket_s) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  if (bucket_s < 60 || bucket_s > 86400 || bucket_s % 60 != 0) {
    return Status::InvalidArgument(
        "aggregates: 'bucket_s' must be a multiple of 60 from 60 to "
        "86400, not " +
        std::to_string(bucket_s));
  }
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
  } else if (snap->patch_bases.contains(base_fingerprint) &&
             !snap->app_bases.contains(app_id + '\n' + base_fingerprint)) {
    // Base arms are keyed by fingerprint alone: another app's is not ours to read.
    return Status::NotFound("app '" + app_id + "' has no base build '" + base_fingerprint + "'");
  }
  SUTURE_RETURN_IF_ERROR(FlushCounters());
  SUTURE_ASSIGN_OR_RETURN(std::vector<AggregateCell> cells,
                          store_->QueryAggregates(release_id, base_fingerprint, since_minute));
  // ?base= alone: the unpatched arm (release 0) on that base build.
  SUTURE_ASSIGN_OR_RETURN(
      auto distinct, store_->QueryDeviceTotals(release_id > 0 ? release_id : 0, base_fingerprint));
  AggregatesView view;
  view.app_id = app_id;
  view.release_id = release_id > 0 ? release_id : 0;
  view.base_fingerprint = base_fingerprint;
  view.resolution_s = bucket_s;
  // Cells come ordered by minute; a bucket's cells are summed into one point
  // per (release, metric, code). A device counted in several minutes of a
  // bucket is in each minute's count: the bucket's sum is an upper bound.
  const int64_t per = bucket_s / 60;
  std::map<std::tuple<int64_t, int64_t, std::string, int64_t>, size_t> at;  // -> series index
  for (const AggregateCell& c : cells) {
    const int64_t bucket = c.minute - ((c.minute % per) + per) % per;
    auto key = std::make_tuple(bucket, c.release_id, c.metric, c.code);
    auto [it, fresh] = at.try_emplace(key, view.series.size());
    if (fresh) {
      AggregatePoint point{.release_id = c.release_id,
                           .minute = bucket,
                           .metric = c.metric,
                           .code = c.code,
                           .events = c.count,
                           .devices = std::nullopt,
                           .devices_approx = c.devices_approx};
      if (c.devices >= 0) point.devices = c.devices;
      view.series.push_back(std::move(point));
    } else {
      AggregatePoint& point = view.series[it->second];
      point.events += c.count;
      point.devices_approx = true;
      if (point.devices && c.devices >= 0) {
        *point.devices += c.devices;
      } else {
        point.devices = std::nullopt;
      }
    }
    view.totals[c.metric] += c.count;
    if (c.metric == "apply_failed") view.apply_failed_by_code[c.code] += c.count;
  }
  view.distinct_devices = std::move(distinct);
  if (release_id > 0) {
    // Coverage of the base build: the devices on it seen lately (their last
    // check context, service/device_sightings.h), and those on the patch.
    const ReleaseRecord& row = snap->releases.at(release_id);
    auto patch = snap->patches.find(std::to_string(row.patch_id));
    const std::string base = patch == snap->patches.end() ? "" : patch->second.base_fingerprint;
    const std::string patch_id = std::to_string(row.patch_id);
    std::vector<Sighting> seen =
        sightings_.SeenSince(app_id, NowSeconds() - kPreviewWindowS, kMaxPreviewDevices + 1);
    AggregatesView::Coverage cov;
    cov.window_s = kPreviewWindowS;
    cov.truncated = seen.size() > kMaxPreviewDevices;
    if (cov.truncated) seen.pop_back();
    for (const Sighting& s : seen) {
      if (s.context.base_build != base) continue;
      ++cov.seen;
      if (s.context.installed_patch == patch_id) ++cov.on_patch;
    }
    view.coverage = cov;
  }
  return view;
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
    // The verdict was reached on the snapshot: an admin may have changed the
    // release since (e.g. rolled it back). Then this tick's verdict is stale.
    SUTURE_ASSIGN_OR_RETURN(gray::Release current, ParseRow(*row));
    if (gray::ReleaseToJson(current) != gray::ReleaseToJson(rel)) continue;
    const gray::ReleaseAction action = up.release.state == gray::ReleaseState::kHalted
                                           ? gray::ReleaseAction::kAutoHalt
                                           : gray::ReleaseAction::kAdvanceRamp;
    auto to = gray::ApplyAction(current.state, action, "release " + rel.id);
    if (!to.ok() || *to != up.release.state) continue;
    if (up.release.state_reason.empty()) up.release.state_reason = up.reason;
    SUTURE_RETURN_IF_ERROR(SaveRelease(*row, up.release, now));
    // The server's own decisions go to the audit log like an admin's (token
    // 0, via "tick"), so the console marks them on the rollout timeline. The
    // change is made; a failed audit write is only counted.
    auto brief = [](const gray::Release& r) {
      return json{{"state", gray::ReleaseStateName(r.state)},
                  {"percent", r.CurrentBasisPoints() / 100.0},
                  {"state_reason", r.state_reason}}
          .dump(-1, ' ', false, json::error_handler_t::replace);
    };
    if (!RecordAudit(Principal{Role::kAdmin, "", 0}, "tick", row->app_id, id,
                     action == gray::ReleaseAction::kAutoHalt ? "auto_halt" : "ramp_advance",
                     brief(current), brief(up.release))
             .ok()) {
      metrics_.Add("suture_audit_write_failures_total", "via=\"tick\"");
    }
    metrics_.Add("suture_release_updates_total",
                 up.release.state == gray::ReleaseState::kHalted ? "kind=\"halt\"" : "kind=\"ramp\"");
    NotifyRelease(row->app_id, id);
  }
  return Status::Ok();
}

void Service::NotifyRelease(const std::string& app_id, int64_t release_id) {
  MarkConsoleDirty(app_id);
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

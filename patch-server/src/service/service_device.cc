// Service: the device API — check (signed manifest), report, push waits.
#include <algorithm>
#include <array>
#include <random>

#include <nlohmann/json.hpp>

#include "service/service.h"
#include "service/service_internal.h"

namespace suture::server {

using nlohmann::json;

namespace {

// The wire names of ReportEventKind, in enum order (see docs/api.md).
constexpr std::array<std::string_view, 10> kEventKindNames = {
    "downloaded",      "download_failed", "verify_failed", "applied",      "apply_failed",
    "first_launch_ok", "launch_ok",       "crash_at_launch", "rolled_back", "checked_by_push"};
static_assert(static_cast<size_t>(ReportEventKind::kCheckedByPush) + 1 == kEventKindNames.size());

// 127.0.0.0/8, ::1 and IPv4-mapped loopback, in the textual forms both
// listeners report.
bool IsLoopback(std::string_view ip) {
  if (ip.starts_with("::ffff:")) ip.remove_prefix(7);
  return ip.starts_with("127.") || ip == "::1";
}

// kInvalidArgument when the device context names an app other than the
// path's (every id in a request belongs to the app in its path).
Status CheckDeviceApp(const gray::DeviceContext& device, const std::string& app_id) {
  if (device.app_id.empty() || device.app_id == app_id) return Status::Ok();
  return Status::InvalidArgument("device context: app_id '" + device.app_id +
                                 "' does not match app '" + app_id + "'");
}

}  // namespace

std::string_view ReportEventKindName(ReportEventKind k) {
  const size_t i = static_cast<size_t>(k);
  return i < kEventKindNames.size() ? kEventKindNames[i] : std::string_view("?");
}

std::optional<ReportEventKind> ReportEventKindFromName(std::string_view name) {
  for (size_t i = 0; i < kEventKindNames.size(); ++i) {
    if (kEventKindNames[i] == name) return static_cast<ReportEventKind>(i);
  }
  return std::nullopt;
}

bool IsValidEventId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (unsigned char c : id) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

Status Service::CheckAppKey(const Snapshot& s, const std::string& app_id,
                            std::string_view key) const {
  auto app = s.apps.find(app_id);
  if (app == s.apps.end()) return Status::NotFound("unknown app '" + app_id + "'");
  if (key.empty()) return Status::Unauthenticated("missing 'X-Suture-App-Key' header");
  if (!ConstantTimeEquals(AsBytes(key), AsBytes(app->second.app_key))) {
    return Status::Unauthenticated("wrong app key for app '" + app_id + "'");
  }
  return Status::Ok();
}

Status Service::DeviceBodyError(const std::string& app_id, std::string_view app_key,
                                Status body_error) const {
  Status key = CheckAppKey(*snapshot(), app_id, app_key);
  return key.ok() ? body_error : key;
}

StatusOr<std::shared_ptr<const CheckResult>> Service::Check(const std::string& app_id,
                                                            std::string_view app_key,
                                                            gray::DeviceContext device,
                                                            const std::string& ip, int64_t now) {
  auto snap = snapshot();
  SUTURE_RETURN_IF_ERROR(CheckAppKey(*snap, app_id, app_key));
  SUTURE_RETURN_IF_ERROR(CheckDeviceApp(device, app_id));
  // PostgreSQL down: the last good snapshot answers, but not for longer than
  // a manifest lives (a paused release must not stay offered for ever).
  if (clustered() && now - confirmed_at_.load() > options_.manifest_ttl_s) {
    return Status::Unavailable("the metadata database has been unreachable for " +
                               std::to_string(now - confirmed_at_.load()) + " s");
  }
  device.app_id = app_id;
  device.ip = ip;
  if (!limiter_.Allow(app_id + '\n' + device.device_id, static_cast<double>(now))) {
    return Status::ResourceExhausted("device '" + device.device_id + "' checks too often");
  }

  sightings_.Record(device, now);  // for the console (service_console.cc)
  const gray::Decision dec = snap->set.Evaluate(device, now, gray::EvalOptions{.explain = false});
  const int64_t minute = now / 60;
  const uint64_t device_hash = DeviceHash(device.device_id);
  Count(0, device.base_build, minute, "checked", 0, device_hash);

  // Manifests are per (base build, decision, release, version, minute), not
  // per device: identical answers share one signature (an Ed25519 signature
  // costs ~40 us, more than the rest of a check). See docs/api.md.
  const int64_t issued = now - now % 60;
  const std::string release_id(dec.release_id());
  std::string cache_key = device.base_build;
  cache_key += '|';
  cache_key += gray::DecisionKindName(dec.kind);
  cache_key += '|' + release_id + '|' + (dec.already_installed ? "1" : "0") + '|' +
               std::to_string(snap->manifest_version) + '|' + std::to_string(issued);
  if (dec.kind == gray::DecisionKind::kPatch) {
    Count(std::stoll(release_id), device.base_build, minute, "eligible", 0, device_hash);
  } else if (dec.kind == gray::DecisionKind::kRollback) {
    Count(std::stoll(release_id), device.base_build, minute, "rollback_directed", 0,
          device_hash);
  }
  {
    // Label strings built once per decision kind, not per request.
    static const std::string kName = "suture_checks_total";
    static const std::string kLabels[] = {
        "decision=\"" + std::string(gray::DecisionKindName(gray::DecisionKind::kNone)) + "\"",
        "decision=\"" + std::string(gray::DecisionKindName(gray::DecisionKind::kPatch)) + "\"",
        "decision=\"" + std::string(gray::DecisionKindName(gray::DecisionKind::kRollback)) + "\""};
    const size_t k = dec.kind == gray::DecisionKind::kPatch      ? 1
                     : dec.kind == gray::DecisionKind::kRollback ? 2
                                                                 : 0;
    metrics_.Add(kName, kLabels[k]);
  }
  {
    std::lock_guard<std::mutex> l(manifest_cache_mu_);
    auto it = manifest_cache_.find(cache_key);
    if (it != manifest_cache_.end()) return it->second;
  }

  json m{{"type", std::string(gray::DecisionKindName(dec.kind))},
         {"version", snap->manifest_version},
         {"issued_at", issued},
         {"expires_at", issued + options_.manifest_ttl_s},
         {"app_id", app_id},
         {"base_fingerprint", device.base_build}};
  if (dec.kind == gray::DecisionKind::kPatch || dec.kind == gray::DecisionKind::kRollback) {
    const std::string patch_id(dec.patch_id());
    m["release_id"] = release_id;
    m["patch_id"] = patch_id;
    if (dec.kind == gray::DecisionKind::kPatch) {
      auto patch = snap->patches.find(patch_id);
      if (patch == snap->patches.end()) {
        return Status::Internal("release " + release_id + " refers to missing patch " + patch_id);
      }
      const PatchRecord& pr = patch->second;
      m["already_installed"] = dec.already_installed;
      m["patch_version"] = pr.patch_version;
      m["target_build_id"] = pr.target_build_id;
      m["target_sha256"] = pr.target_sha256;
      m["size"] = pr.size;
      m["sha256"] = pr.blob_sha256;
      m["url"] = (options_.blob_base_url.empty() ? std::string("/v1/blobs/")
                                                 : options_.blob_base_url) +
                 pr.blob_sha256;
    }
  }

  auto result = std::make_shared<CheckResult>();
  CheckResult& out = *result;
  out.kind = std::string(gray::DecisionKindName(dec.kind));
  // A stored build id that is not UTF-8 (published before the reader checked)
  // must not fail every check on its base: replace, never throw.
  out.manifest_json = m.dump(-1, ' ', false, json::error_handler_t::replace);
  SUTURE_ASSIGN_OR_RETURN(Ed25519Signature sig, server_key_.Sign(AsBytes(out.manifest_json)));
  out.signature_hex = ToHex(ByteView(sig));
  out.key_id_hex = server_key_id_hex_;
  out.response_json = json{{"type", out.kind},
                           {"manifest", out.manifest_json},
                           {"signature", out.signature_hex},
                           {"key_id", out.key_id_hex}}
                          .dump();
  std::shared_ptr<const CheckResult> shared = std::move(result);
  {
    std::lock_guard<std::mutex> l(manifest_cache_mu_);
    if (manifest_cache_.size() >= 50000) manifest_cache_.clear();
    manifest_cache_.emplace(std::move(cache_key), shared);
  }
  return shared;
}

StatusOr<ReportResult> Service::Report(const std::string& app_id, std::string_view app_key,
                                       DeviceReport report, int64_t now) {
  auto snap = snapshot();
  SUTURE_RETURN_IF_ERROR(CheckAppKey(*snap, app_id, app_key));
  const gray::DeviceContext& device = report.device;
  SUTURE_RETURN_IF_ERROR(CheckDeviceApp(device, app_id));
  if (report.events.size() > kMaxReportEvents) {
    return Status::LimitExceeded("report: more than " + std::to_string(kMaxReportEvents) +
                                 " events");
  }
  if (!limiter_.Allow(app_id + '\n' + device.device_id, static_cast<double>(now))) {
    return Status::ResourceExhausted("device '" + device.device_id + "' reports too often");
  }
  // Validate every event before recording any. The parser in http/ has
  // checked the ids already; this keeps the store's dedupe key sound for
  // every caller.
  std::vector<EventRecord> events;
  events.reserve(report.events.size());
  for (size_t i = 0; i < report.events.size(); ++i) {
    ReportEvent& e = report.events[i];
    if (!IsValidEventId(e.event_id)) {
      return Status::InvalidArgument("report: events[" + std::to_string(i) +
                                     "].event_id: must be 1-128 printable characters");
    }
    // Every release an event names must be this app's: a report with one
    // app's key must not count for (or auto-halt) another app's release.
    // One bad event refuses the whole report, as any invalid event does.
    if (e.release_id != 0) {
      auto rel = snap->releases.find(e.release_id);
      if (rel == snap->releases.end() || rel->second.app_id != app_id) {
        return Status::NotFound("report: events[" + std::to_string(i) + "].release_id: app '" +
                                app_id + "' has no release " + std::to_string(e.release_id));
      }
    }
    EventRecord r;
    r.app_id = app_id;
    r.device_id = device.device_id;
    r.received_at = now;
    r.event_id = std::move(e.event_id);
    r.kind = std::string(ReportEventKindName(e.kind));
    r.release_id = e.release_id;
    r.code = e.code;
    events.push_back(std::move(r));
  }
  ReportResult out;
  const int64_t minute = now / 60;
  // The same cells and lifetime sets per event as Store::RecordEvent gets,
  // written for the whole report in one transaction.
  std::vector<EventWrite> batch;
  batch.reserve(events.size());
  // An event without a release counts in the unpatched arm of the device's
  // base build, unless that base is another app's (a base of another app's
  // patch and of none of this app's): aggregates are keyed by base
  // fingerprint, and one app's key must not move another app's base arm
  // (its auto-halt compares with it). Such an event is still stored
  // (idempotency), it just counts nowhere. A base no patch names yet counts:
  // an app may measure a build before its first patch.
  const bool foreign_base = snap->patch_bases.contains(device.base_build) &&
                            !snap->app_bases.contains(app_id + '\n' + device.base_build);
  for (EventRecord& r : events) {
    std::vector<AggregateCell> cells;
    std::vector<DeviceTotalKey> totals;
    if (r.release_id != 0 || !foreign_base) {
      cells.push_back(AggregateCell{r.release_id, device.base_build, minute, r.kind, r.code, 1});
      totals = DeviceTotalKeys(r, device.base_build);
    }
    batch.push_back(EventWrite{std::move(r), std::move(cells), std::move(totals)});
  }
  auto recorded = store_->RecordEvents(batch);
  if (!recorded.ok()) {
    if (recorded.status().code() == StatusCode::kInsufficientStorage) {
      // Nothing of the report is stored; the device keeps it and retries.
      return Status::Unavailable("report: server storage is full, retry later");
    }
    return recorded.status();
  }
  const std::vector<bool>& inserted = *recorded;
  if (std::find(inserted.begin(), inserted.end(), true) != inserted.end()) {
    MarkConsoleDirty(app_id, /*announce=*/true);
  }
  for (bool is_new : inserted) {
    if (is_new) {
      ++out.accepted;
    } else {
      ++out.duplicates;
    }
  }
  metrics_.Add("suture_reports_total", "result=\"accepted\"", out.accepted);
  metrics_.Add("suture_reports_total", "result=\"duplicate\"", out.duplicates);
  return out;
}

std::string Service::PushIpKey(const std::string& peer_ip) const {
  if (options_.push_max_per_ip == 0 || peer_ip.empty()) return "";
  if (!options_.push_cap_loopback && IsLoopback(peer_ip)) return "";
  return peer_ip;
}

StatusOr<gray::DeviceContext> Service::PushDevice(const std::string& app_id,
                                                  std::string_view app_key,
                                                  gray::DeviceContext device,
                                                  const std::string& peer_ip) {
  auto snap = snapshot();
  SUTURE_RETURN_IF_ERROR(CheckAppKey(*snap, app_id, app_key));
  SUTURE_RETURN_IF_ERROR(CheckDeviceApp(device, app_id));
  device.app_id = app_id;
  device.ip = peer_ip;  // as for check: release pushes evaluate CIDR rules too
  if (!limiter_.Allow(app_id + '\n' + device.device_id, static_cast<double>(NowSeconds()))) {
    return Status::ResourceExhausted("device '" + device.device_id + "' reconnects too often");
  }
  return device;
}

StatusOr<uint64_t> Service::WaitPush(const std::string& app_id, std::string_view app_key,
                                     gray::DeviceContext device, int64_t timeout_s,
                                     const std::string& peer_ip, PushHub::Callback cb) {
  SUTURE_ASSIGN_OR_RETURN(device, PushDevice(app_id, app_key, std::move(device), peer_ip));
  if (timeout_s <= 0 || timeout_s > options_.push_max_timeout_s) {
    return Status::InvalidArgument("push: timeout must be within [1, " +
                                   std::to_string(options_.push_max_timeout_s) + "] seconds");
  }
  const double deadline = static_cast<double>(NowSeconds() + timeout_s);
  return push_.Add(app_id, std::move(device), deadline, std::move(cb), PushIpKey(peer_ip));
}

StatusOr<uint64_t> Service::SubscribePush(const std::string& app_id, std::string_view app_key,
                                          gray::DeviceContext device,
                                          const std::string& peer_ip, PushHub::Callback cb) {
  SUTURE_ASSIGN_OR_RETURN(device, PushDevice(app_id, app_key, std::move(device), peer_ip));
  double deadline = 0;
  if (options_.push_stream_max_s > 0) {
    // Up to 10% jitter, so streams opened together (a restart, a network
    // coming back) do not all end and reconnect together.
    thread_local std::mt19937_64 rng{std::random_device{}()};
    const double max_s = static_cast<double>(options_.push_stream_max_s);
    deadline = static_cast<double>(NowSeconds()) + max_s +
               std::uniform_real_distribution<double>(0, max_s / 10)(rng);
  }
  return push_.AddPersistent(app_id, std::move(device), std::move(cb), deadline,
                             PushIpKey(peer_ip));
}

void Service::CancelPush(uint64_t id) {
  if (push_.Remove(id)) metrics_.Add("suture_push_cancelled_total", "", 1);
}

StatusOr<size_t> Service::PushToDevice(const Principal& p, const std::string& app_id,
                                       const std::string& device_id, const std::string& message) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kAdmin, app_id));
  auto snap = snapshot();
  if (!snap->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
  const PushEvent event =
      PushEvent::Make("device", json{{"event", "device"}, {"message", message}}.dump());
  if (clustered()) {
    // The device may hold its stream on any instance: tell them all (this
    // one skips its own announcement and wakes its waiters below).
    const std::string payload = json{{"instance", instance_id_},
                                     {"app_id", app_id},
                                     {"device_id", device_id},
                                     {"message", message}}
                                    .dump(-1, ' ', false, json::error_handler_t::replace);
    if (payload.size() > kMaxClusterPushPayload) {
      return Status::InvalidArgument("push: device id and message together exceed " +
                                     std::to_string(kMaxClusterPushPayload) + " bytes");
    }
    SUTURE_RETURN_IF_ERROR(store_->Notify(kPushChannel, payload));
  }
  const size_t n = push_.NotifyDevice(app_id, device_id, event);
  metrics_.Add("suture_push_wakeups_total", "kind=\"device\"", static_cast<double>(n));
  return n;
}

}  // namespace suture::server

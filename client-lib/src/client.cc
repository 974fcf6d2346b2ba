// Client: configuration, launch bookkeeping (safe mode), status, reports.
#include "suture/client/client.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "client_impl.h"
#include "http.h"
#include "json_dump.h"
#include "suture/core/file_util.h"

namespace suture::client {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr const char* kStringAttrs[] = {"app_version", "os",      "os_version", "brand",
                                        "model",       "abi",     "channel",    "region",
                                        "locale",      "network", "user_id"};

Result FromStatus(const Status& s) {
  if (s.ok()) return {};
  if (s.code() == StatusCode::kResourceExhausted) return {Code::kBusy, s.message()};
  return {CodeFromStatus(s), s.ToString()};
}

}  // namespace

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk:
      return "ok";
    case Code::kInvalidArgument:
      return "invalid_argument";
    case Code::kNotFound:
      return "not_found";
    case Code::kCorrupt:
      return "corrupt";
    case Code::kIoError:
      return "io_error";
    case Code::kLimitExceeded:
      return "limit_exceeded";
    case Code::kVerifyFailed:
      return "verify_failed";
    case Code::kUnsupported:
      return "unsupported";
    case Code::kAlreadyExists:
      return "already_exists";
    case Code::kPermissionDenied:
      return "permission_denied";
    case Code::kUnauthenticated:
      return "unauthenticated";
    case Code::kFailedPrecondition:
      return "failed_precondition";
    case Code::kResourceExhausted:
      return "resource_exhausted";
    case Code::kInternal:
      return "internal";
    case Code::kUnavailable:
      return "unavailable";
    case Code::kCancelled:
      return "cancelled";
    case Code::kNetwork:
      return "network";
    case Code::kServer:
      return "server";
    case Code::kManifestSignature:
      return "manifest_signature";
    case Code::kManifestExpired:
      return "manifest_expired";
    case Code::kManifestReplayed:
      return "manifest_replayed";
    case Code::kManifestMismatch:
      return "manifest_mismatch";
    case Code::kBlobMismatch:
      return "blob_mismatch";
    case Code::kBundleRejected:
      return "bundle_rejected";
    case Code::kNoSpace:
      return "no_space";
    case Code::kWorkerCrashed:
      return "worker_crashed";
    case Code::kMergeFailed:
      return "merge_failed";
    case Code::kOutputMismatch:
      return "output_mismatch";
    case Code::kDeadline:
      return "deadline";
    case Code::kBusy:
      return "busy";
    case Code::kBufferTooSmall:
      return "buffer_too_small";
    case Code::kGaveUp:
      return "gave_up";
  }
  return "unknown";
}

std::string SyncOutcome::ToJson() const {
  return DumpJson(json{{"code", static_cast<int>(result.code)},
                       {"code_name", CodeName(result.code)},
                       {"outcome", outcome},
                       {"message", result.message},
                       {"patch_id", patch_id},
                       {"release_id", release_id},
                       {"patch_version", patch_version},
                       {"folder", folder},
                       {"download_attempts", download_attempts},
                       {"download_resumes", download_resumes}});
}

int64_t Client::Impl::Now() const {
  return config.clock ? config.clock() : static_cast<int64_t>(std::time(nullptr));
}

std::string Client::Impl::DeviceContext(const std::optional<CurrentPointer>& current) const {
  json d{{"device_id", config.device_id},
         {"base_fingerprint", base_fingerprint},
         {"installed_patch", current ? current->patch_id : ""}};
  json custom = json::object();
  for (const auto& [k, v] : config.attributes) {
    bool known = false;
    for (const char* a : kStringAttrs) known = known || k == a;
    if (known) {
      d[k] = v;
    } else if (k == "sdk") {
      char* end = nullptr;
      const long long n = std::strtoll(v.c_str(), &end, 10);
      if (!v.empty() && *end == '\0') d["sdk"] = n;
    } else {
      custom[k] = v;
    }
  }
  if (!custom.empty()) d["custom"] = std::move(custom);
  return DumpJson(d);
}

namespace {

bool HasEvent(const std::vector<OutboxEvent>& events, const std::string& event_id) {
  return std::any_of(events.begin(), events.end(),
                     [&](const OutboxEvent& e) { return e.event_id == event_id; });
}

}  // namespace

Status Client::Impl::Queue(const std::string& kind, const std::string& release_id, int code,
                           const std::string& event_id) {
  Status s = store.Enqueue(kind, release_id, code, event_id);
  if (!s.ok() && unsaved.size() < 100 && (event_id.empty() || !HasEvent(unsaved, event_id))) {
    unsaved.push_back(
        OutboxEvent{event_id.empty() ? RandomId() : event_id, kind, release_id, code});
  }
  return s;
}

Result Client::Impl::FlushOutbox(const std::optional<CurrentPointer>& current) {
  if (!has_server) return {};
  auto saved = store.LoadOutbox();
  std::vector<OutboxEvent> events = saved.ok() ? *saved : std::vector<OutboxEvent>{};
  for (const auto& u : unsaved) {
    if (!HasEvent(events, u.event_id)) events.push_back(u);
  }
  if (events.empty()) return {};
  // One report carries at most kMaxEventsPerReport events (the server's
  // body limit is 64 KiB); the rest go with the next one.
  constexpr size_t kMaxEventsPerReport = 300;
  if (events.size() > kMaxEventsPerReport) events.resize(kMaxEventsPerReport);
  json arr = json::array();
  for (const auto& e : events) {
    json o{{"event_id", e.event_id}, {"kind", e.kind}};
    if (!e.release_id.empty()) o["release_id"] = e.release_id;
    if (e.code != 0) o["code"] = e.code;
    arr.push_back(std::move(o));
  }
  json body{{"device", json::parse(DeviceContext(current))}, {"events", std::move(arr)}};
  HttpResponse r =
      PostJson(config.server_url + "/v1/apps/" + config.app_id + "/report", DumpJson(body),
               {"X-Suture-App-Key: " + config.app_key}, config.request_timeout_ms, 64 * 1024);
  if (r.status != 200) {
    return {r.status == 0 ? Code::kNetwork : Code::kServer,
            "report: HTTP " + std::to_string(r.status)};
  }
  auto sent = [&](const OutboxEvent& e) { return HasEvent(events, e.event_id); };
  std::erase_if(unsaved, sent);
  // Keep only events queued while the report was in flight (none in one
  // process under the lock, but cheap to be exact).
  auto again = store.LoadOutbox();
  if (!again.ok() || again->empty()) return {};
  std::erase_if(*again, sent);
  return FromStatus(store.SaveOutbox(*again));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

Result Client::Create(Config config, std::unique_ptr<Client>* out) {
  if (config.state_dir.empty()) return {Code::kInvalidArgument, "config: state_dir is required"};
  auto impl = std::make_unique<Impl>(std::move(config));
  Config& c = impl->config;
  if (Status s = impl->store.Init(); !s.ok()) return FromStatus(s);
  impl->has_server = !c.server_url.empty();
  if (impl->has_server) {
    for (const auto& [name, v] : {std::pair{"app_id", &c.app_id},
                                  {"app_key", &c.app_key},
                                  {"device_id", &c.device_id},
                                  {"base_path", &c.base_path}}) {
      if (v->empty())
        return {Code::kInvalidArgument,
                std::string("config: ") + name + " is required with a server"};
    }
    if (!c.server_url.starts_with("https://") && !c.server_url.starts_with("http://")) {
      return {Code::kInvalidArgument, "config: server_url must be http(s)://"};
    }
    while (c.server_url.ends_with("/")) c.server_url.pop_back();
    auto rk = PublicKey::FromPem(c.release_public_key_pem);
    if (!rk.ok())
      return {Code::kInvalidArgument, "config: release public key: " + rk.status().ToString()};
    auto sk = PublicKey::FromPem(c.server_public_key_pem);
    if (!sk.ok())
      return {Code::kInvalidArgument, "config: server public key: " + sk.status().ToString()};
    impl->release_key = *rk;
    impl->server_key = *sk;
    auto fp = Sha256File(c.base_path);
    if (!fp.ok()) return {Code::kNotFound, "config: base build: " + fp.status().ToString()};
    impl->base_fingerprint = ToHex(*fp);
    // The worker reads the pinned key from the state folder.
    if (Status s = impl->release_key.SaveFile(impl->store.Path("release.pub")); !s.ok())
      return FromStatus(s);
    HttpGlobalInit();
  }
  out->reset(new Client(std::move(impl)));
  return {};
}

Result Client::SetTunable(const std::string& name, int64_t value) {
  std::lock_guard<std::mutex> l(impl_->mu);
  Config& c = impl_->config;
  struct Knob {
    const char* name;
    int64_t lo, hi;
    std::function<void(int64_t)> set;
  };
  constexpr int64_t kDay = 86400000;
  const Knob knobs[] = {
      {"request_timeout_ms", 100, kDay, [&](int64_t v) { c.request_timeout_ms = v; }},
      {"stall_timeout_ms", 1000, kDay, [&](int64_t v) { c.stall_timeout_ms = v; }},
      {"download_attempts", 1, 1000, [&](int64_t v) { c.download_attempts = static_cast<int>(v); }},
      {"backoff_base_ms", 0, kDay, [&](int64_t v) { c.backoff_base_ms = v; }},
      {"backoff_cap_ms", 0, kDay, [&](int64_t v) { c.backoff_cap_ms = v; }},
      {"download_deadline_ms", 100, 7 * kDay, [&](int64_t v) { c.download_deadline_ms = v; }},
      {"max_download_bytes_per_s", 0, int64_t{1} << 40,
       [&](int64_t v) { c.max_download_bytes_per_s = static_cast<uint64_t>(v); }},
      {"space_margin", 0, int64_t{1} << 40,
       [&](int64_t v) { c.space_margin = static_cast<uint64_t>(v); }},
      {"max_merge_failures", 1, 1000,
       [&](int64_t v) { c.max_merge_failures = static_cast<int>(v); }},
      {"merge_retry_base_ms", 0, kDay, [&](int64_t v) { c.merge_retry_base_ms = v; }},
      {"safe_mode_launches", 1, 1000,
       [&](int64_t v) { c.safe_mode_launches = static_cast<int>(v); }},
      {"clock_skew_s", 0, 86400, [&](int64_t v) { c.clock_skew_s = v; }},
  };
  for (const Knob& k : knobs) {
    if (name != k.name) continue;
    if (value < k.lo || value > k.hi) {
      return {Code::kInvalidArgument, "tunable " + name + ": " + std::to_string(value) +
                                          " is outside " + std::to_string(k.lo) + ".." +
                                          std::to_string(k.hi)};
    }
    k.set(value);
    return {};
  }
  return {Code::kInvalidArgument, "tunable '" + name.substr(0, 64) + "' is unknown"};
}

SyncOutcome Client::Sync() {
  std::lock_guard<std::mutex> l(impl_->mu);
  if (!impl_->has_server) {
    SyncOutcome o;
    o.result = {Code::kInvalidArgument, "sync: no server configured"};
    o.outcome = "failed";
    return o;
  }
  auto lock = StateLock::Acquire(impl_->store.dir());
  if (!lock.ok()) {
    SyncOutcome o;
    o.result = FromStatus(lock.status());
    o.outcome = "failed";
    return o;
  }
  return impl_->SyncLocked();
}

Result Client::LaunchBegin(std::string* patch_dir) {
  std::lock_guard<std::mutex> l(impl_->mu);
  patch_dir->clear();
  auto lock = StateLock::Acquire(impl_->store.dir());
  if (!lock.ok()) return FromStatus(lock.status());
  StateStore& st = impl_->store;
  auto j = st.LoadJournal();
  if (!j.ok()) return FromStatus(j.status());
  auto cur = st.LoadCurrent();
  if (!cur.ok()) return FromStatus(cur.status());
  const std::string release = *cur ? (*cur)->release_id : "";
  // A launch begun and never confirmed: the app crashed at start.
  if (j->launches_without_ok > 0) (void)impl_->Queue("crash_at_launch", release);
  if (*cur) {
    Result check = CheckInstalled(st.PatchDir((*cur)->folder));
    const bool safe_mode = j->launches_without_ok >= impl_->config.safe_mode_launches;
    const bool directed = !j->rollback_folder.empty() && j->rollback_folder == (*cur)->folder;
    if (!check.ok() || safe_mode || directed) {
      // Roll back (never re-applying this patch): to the version it
      // replaced when that one is kept and still verifies, else to the base.
      const CurrentPointer bad = **cur;
      const CurrentPointer prev = j->previous;
      const bool to_previous = !prev.folder.empty() && prev.folder != bad.folder &&
                               std::find(j->bad_blobs.begin(), j->bad_blobs.end(),
                                         prev.blob_sha256) == j->bad_blobs.end() &&
                               CheckInstalled(st.PatchDir(prev.folder)).ok();
      if (to_previous) {
        if (Status s = st.SaveCurrent(prev); !s.ok()) return FromStatus(s);
      } else if (Status s = st.ClearCurrent(); !s.ok()) {
        return FromStatus(s);
      }
      j->bad_blobs.push_back(bad.blob_sha256);
      j->previous = CurrentPointer{};
      j->launches_without_ok = 0;
      j->launched_ok = to_previous;  // it ran before: no second first_launch_ok
      j->rollback_folder.clear();
      // code: 0 = server directive, failed_precondition = safe mode, else the check's.
      (void)impl_->Queue("rolled_back", release,
                         static_cast<int>(!check.ok() ? check.code
                                          : directed  ? Code::kOk
                                                      : Code::kFailedPrecondition));
      if (to_previous) {
        *cur = prev;
        *patch_dir = st.PatchDir(prev.folder) + "/patch";
      } else {
        *cur = std::nullopt;
      }
    } else {
      *patch_dir = st.PatchDir((*cur)->folder) + "/patch";
    }
  }
  j->launches_without_ok++;
  return FromStatus(st.SaveJournal(*j));
}

Result Client::LaunchOk() {
  std::lock_guard<std::mutex> l(impl_->mu);
  auto lock = StateLock::Acquire(impl_->store.dir());
  if (!lock.ok()) return FromStatus(lock.status());
  StateStore& st = impl_->store;
  auto j = st.LoadJournal();
  if (!j.ok()) return FromStatus(j.status());
  auto cur = st.LoadCurrent();
  if (!cur.ok()) return FromStatus(cur.status());
  j->launches_without_ok = 0;
  const std::string release = *cur ? (*cur)->release_id : "";
  if (*cur && !j->launched_ok) {
    j->launched_ok = true;
    (void)impl_->Queue("first_launch_ok", release);
    if (!j->previous.folder.empty() && j->previous.folder != (*cur)->folder) {
      std::error_code ec;
      fs::remove_all(st.PatchDir(j->previous.folder), ec);
    }
    j->previous = CurrentPointer{};
  } else {
    (void)impl_->Queue("launch_ok", release);
  }
  return FromStatus(st.SaveJournal(*j));
}

Result Client::StatusJson(std::string* out) {
  std::lock_guard<std::mutex> l(impl_->mu);
  StateStore& st = impl_->store;
  auto j = st.LoadJournal();
  if (!j.ok()) return FromStatus(j.status());
  auto cur = st.LoadCurrent();
  if (!cur.ok()) return FromStatus(cur.status());
  auto outbox = st.LoadOutbox();
  json doc{{"state_dir", st.dir()},
           {"step", j->step},
           {"highest_manifest_version", j->highest_version},
           {"previous", j->previous.folder},
           {"launches_without_ok", j->launches_without_ok},
           {"launched_ok", j->launched_ok},
           {"merge_failures", j->merge_failures},
           {"rolled_back_blobs", j->bad_blobs},
           {"rollback_scheduled", j->rollback_folder},
           {"outbox_pending", outbox.ok() ? outbox->size() : 0}};
  if (*cur) {
    doc["current"] = {{"folder", (*cur)->folder},
                      {"path", st.PatchDir((*cur)->folder) + "/patch"},
                      {"patch_id", (*cur)->patch_id},
                      {"release_id", (*cur)->release_id},
                      {"patch_version", (*cur)->patch_version},
                      {"blob_sha256", (*cur)->blob_sha256}};
  } else {
    doc["current"] = nullptr;
  }
  if (j->step != "idle") {
    doc["pending"] = {{"patch_id", j->patch_id},
                      {"release_id", j->release_id},
                      {"blob_sha256", j->blob_sha256},
                      {"blob_size", j->blob_size}};
  }
  *out = DumpJson(doc);
  return {};
}

}  // namespace suture::client

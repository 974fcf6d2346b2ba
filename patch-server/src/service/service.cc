// Service: opening the data folder, auth, apps, publish, snapshot, background.
#include "service/service.h"

#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <chrono>
#include <set>

#include <nlohmann/json.hpp>

#include "service/service_internal.h"
#include "service/sessions.h"
#include "service/tokens.h"
#include "suture/apply/bundle.h"
#include "suture/core/file_util.h"
#include "suture/gray/json.h"

namespace suture::server {

using nlohmann::json;

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kAdmin: return "admin";
    case Role::kPublisher: return "publisher";
    case Role::kReadOnly: return "readonly";
  }
  return "?";
}


namespace {

// The app as `p` may see it: its app key only for admins and the app's own
// publishers (a read-only token could otherwise impersonate every device).
AppInfo ToAppInfo(const AppRecord& a, const Principal& p) {
  const bool key = p.role == Role::kAdmin || (p.role == Role::kPublisher && p.app_id == a.app_id);
  return AppInfo{.app_id = a.app_id,
                 .release_key_id = a.release_key_id,
                 .release_public_key = a.release_pubkey_pem,
                 .app_key = key ? a.app_key : std::string(),
                 .created_at = a.created_at};
}

bool ValidAppId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '.' || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

}  // namespace

StatusOr<std::unique_ptr<Service>> Service::Open(const ServiceOptions& options,
                                                 std::string* first_admin_token) {
  first_admin_token->clear();
  std::unique_ptr<Service> s(new Service(options));
  // On failure `s` is destroyed half-built: ~Service copes with every member
  // still empty (no store, no background thread).
  Status opened = s->Init(first_admin_token);
  if (!opened.ok()) {
    first_admin_token->clear();
    return opened.WithContext("cannot open data folder '" + options.data_dir + "'");
  }
  return s;
}

Service::Service(const ServiceOptions& options)
    : options_(options),
      limiter_(options.device_rate_per_s, options.device_burst),
      push_(options.max_push_waiters, options.push_max_per_ip),
      console_hub_(kMaxConsoleStreams) {}

Status Service::Init(std::string* first_admin_token) {
  const ServiceOptions& options = options_;
  Service* s = this;
  SUTURE_ASSIGN_OR_RETURN(BlobStore blobs, BlobStore::Open(options.data_dir));
  s->blobs_ = std::make_unique<BlobStore>(std::move(blobs));
  SUTURE_ASSIGN_OR_RETURN(
      s->store_, Store::Open(options.db_url.empty() ? options.data_dir + "/suture.db"
                                                     : options.db_url));
  SUTURE_ASSIGN_OR_RETURN(s->cluster_, s->store_->OpenClusterLink());
  s->sessions_ =
      std::make_unique<SessionTable>(s->store_.get(), kConsoleSessionTtlS, kMaxConsoleSessions);

  // Crash leftovers: temp uploads, and blobs whose row was never committed.
  SUTURE_ASSIGN_OR_RETURN(int swept, s->blobs_->SweepTemp());
  SUTURE_ASSIGN_OR_RETURN(std::vector<std::string> referenced, s->store_->AllBlobIds());
  const std::set<std::string> ref(referenced.begin(), referenced.end());
  SUTURE_ASSIGN_OR_RETURN(std::vector<std::string> present, s->blobs_->List());
  int orphans = 0;
  for (const std::string& id : present) {
    if (!ref.contains(id)) {
      SUTURE_RETURN_IF_ERROR(s->blobs_->Remove(id));
      ++orphans;
    }
  }

  SUTURE_RETURN_IF_ERROR(s->LoadServerKey());

  SUTURE_ASSIGN_OR_RETURN(int64_t tokens, s->store_->CountTokens());
  if (tokens == 0) {
    SUTURE_ASSIGN_OR_RETURN(std::string token, GenerateSecret("sut_"));
    TokenRecord t;
    t.token_hash = HashToken(token);
    t.role = "admin";
    t.name = "bootstrap admin";
    SUTURE_ASSIGN_OR_RETURN(int64_t id, s->store_->InsertToken(t, NowSeconds()));
    (void)id;
    *first_admin_token = token;
  }

  Metrics& m = s->metrics_;
  m.Describe("suture_http_requests_total", "counter", "HTTP requests by route and status.");
  m.Describe("suture_checks_total", "counter", "Device checks by decision.");
  m.Describe("suture_publish_total", "counter", "Publish attempts by result.");
  m.Describe("suture_reports_total", "counter", "Report events by result.");
  m.Add("suture_startup_swept_files_total", "", swept + orphans);
  Service* raw = this;
  m.SetGaugeFn("suture_push_waiters", [raw] { return static_cast<double>(raw->push_.size()); });
  m.SetGaugeFn("suture_push_streams",
               [raw] { return static_cast<double>(raw->push_.persistent_size()); });

  SUTURE_RETURN_IF_ERROR(s->Reload());
  SUTURE_RETURN_IF_ERROR(s->LoadSightings(NowSeconds()));
  confirmed_at_ = NowSeconds();
  // The instance id is set before any thread that sends it starts.
  if (cluster_ != nullptr) {
    SUTURE_ASSIGN_OR_RETURN(instance_id_, GenerateSecret("i_"));
  }
  if (options.start_background) s->bg_ = std::thread([raw] { raw->BackgroundLoop(); });
  if (cluster_ != nullptr) {
    m.SetGaugeFn("suture_tick_leader", [raw] { return raw->tick_leader() ? 1.0 : 0.0; });
    cluster_thread_ = std::thread([raw] { raw->ClusterLoop(); });
  }
  return Status::Ok();
}

Service::~Service() {
  {
    std::lock_guard<std::mutex> l(bg_mu_);
    stopping_ = true;
  }
  bg_cv_.notify_all();
  if (bg_.joinable()) bg_.join();
  if (cluster_thread_.joinable()) cluster_thread_.join();
  // A service whose Open failed may have no store: nothing to flush then.
  if (store_) {
    (void)FlushCounters();
    (void)FlushSightings(NowSeconds());
  }
}

void Service::BackgroundLoop() {
  int64_t last_tick = NowSeconds();
  int64_t last_sweep = last_tick;
  int64_t last_heartbeat = last_tick;
  std::unique_lock<std::mutex> l(bg_mu_);
  while (!stopping_) {
    bg_cv_.wait_for(l, std::chrono::seconds(1));
    if (stopping_) break;
    l.unlock();
    const int64_t now = NowSeconds();
    (void)FlushCounters();
    (void)FlushSightings(now);
    NotifyConsoles();
    static const PushEvent kTimeout = PushEvent::Make("timeout", R"({"event":"timeout"})");
    static const PushEvent kReconnect = PushEvent::Make("reconnect", R"({"event":"reconnect"})");
    static const PushEvent kHeartbeat = PushEvent::Make("heartbeat", R"({"event":"heartbeat"})");
    push_.ExpireDue(static_cast<double>(now), kTimeout, kReconnect);
    console_hub_.ExpireDue(static_cast<double>(now), kTimeout, kReconnect);
    if (options_.push_heartbeat_s > 0 && now - last_heartbeat >= options_.push_heartbeat_s) {
      push_.Heartbeat(kHeartbeat);
      console_hub_.Heartbeat(kHeartbeat);
      last_heartbeat = now;
    }
    if (now - last_sweep >= 60) {
      limiter_.Sweep(static_cast<double>(now));
      (void)sessions_->Prune(now);
#ifdef __GLIBC__
      // Counter sets and limiter tables of past minutes were freed: hand
      // the pages back to the system instead of keeping the peak.
      malloc_trim(0);
#endif
      last_sweep = now;
    }
    if (options_.tick_interval_s > 0 && now - last_tick >= options_.tick_interval_s) {
      // On PostgreSQL only the lease holder ticks (ClusterLoop keeps it).
      if (tick_leader()) (void)Tick(now);
      last_tick = now;
    }
    l.lock();
  }
}

std::shared_ptr<const Service::Snapshot> Service::snapshot() const {
  std::lock_guard<std::mutex> l(snap_mu_);
  return snap_;
}

Status Service::Reload() {
  auto snap = std::make_shared<Snapshot>();
  // The version first: the queries below are not one snapshot of the
  // database, so a reload racing a write (the cluster loop following while
  // this instance publishes) may miss that write. Read first, the version is
  // then never newer than what the lists hold, and the check below keeps the
  // write's own reload; read last, a reload that missed a just-published
  // patch could carry the publish's version, replace the snapshot that has
  // the patch, and leave it out until the next version bump.
  SUTURE_ASSIGN_OR_RETURN(snap->manifest_version, store_->ManifestVersion());
  SUTURE_ASSIGN_OR_RETURN(std::vector<AppRecord> apps, store_->ListApps());
  for (AppRecord& a : apps) {
    SUTURE_ASSIGN_OR_RETURN(std::vector<PatchRecord> patches, store_->ListPatches(a.app_id));
    for (PatchRecord& p : patches) {
      snap->app_bases.insert(a.app_id + '\n' + p.base_fingerprint);
      snap->patch_bases.insert(p.base_fingerprint);
      snap->patches.emplace(std::to_string(p.id), std::move(p));
    }
    snap->apps.emplace(a.app_id, std::move(a));
  }
  SUTURE_ASSIGN_OR_RETURN(std::vector<ReleaseRecord> rows, store_->ListReleases(""));
  std::vector<gray::Release> releases;
  releases.reserve(rows.size());
  for (ReleaseRecord& r : rows) {
    json spec = json::parse(r.spec, nullptr, false);
    if (spec.is_discarded() || !spec.is_object()) {
      return Status::Corrupt("release " + std::to_string(r.id) + ": stored spec is not JSON");
    }
    spec["id"] = std::to_string(r.id);
    SUTURE_ASSIGN_OR_RETURN(gray::Release rel,
                            gray::ParseReleaseJson(spec.dump(), "release " + std::to_string(r.id)));
    releases.push_back(std::move(rel));
    snap->releases.emplace(r.id, std::move(r));
  }
  SUTURE_ASSIGN_OR_RETURN(snap->set, gray::ReleaseSet::Build(std::move(releases)));
  std::lock_guard<std::mutex> l(snap_mu_);
  // Reloads race (a write on this instance, the cluster loop following
  // another): never replace a snapshot with an older one.
  if (snap_ == nullptr || snap->manifest_version >= snap_->manifest_version) snap_ = std::move(snap);
  return Status::Ok();
}

Status Service::Require(const Principal& p, Role min_role, const std::string& app_id) const {
  switch (min_role) {
    case Role::kReadOnly:
      // Reading: admins and read-only tokens read every app; a publisher
      // token reads only its own app.
      if (p.role != Role::kPublisher || app_id.empty() || p.app_id == app_id) {
        return Status::Ok();
      }
      return Status::PermissionDenied("publisher token is scoped to app '" + p.app_id + "', not '" +
                                      app_id + "'");
    case Role::kPublisher:
      if (p.role == Role::kAdmin) return Status::Ok();
      if (p.role == Role::kPublisher && p.app_id == app_id) return Status::Ok();
      if (p.role == Role::kPublisher) {
        return Status::PermissionDenied("publisher token is scoped to app '" + p.app_id +
                                        "', not '" + app_id + "'");
      }
      return Status::PermissionDenied("a read-only token cannot publish");
    case Role::kAdmin:
      if (p.role == Role::kAdmin) return Status::Ok();
      return Status::PermissionDenied("this operation needs an admin token (have " +
                                      std::string(RoleName(p.role)) + ")");
  }
  return Status::Internal("bad role");
}

StatusOr<Principal> Service::Authenticate(std::string_view bearer_token) {
  if (bearer_token.empty()) {
    return Status::Unauthenticated("missing 'Authorization: Bearer <token>' header");
  }
  const std::string hash = HashToken(bearer_token);
  SUTURE_ASSIGN_OR_RETURN(std::optional<TokenRecord> row, store_->FindTokenByHash(hash));
  if (!row || !ConstantTimeEquals(AsBytes(hash), AsBytes(row->token_hash))) {
    return Status::Unauthenticated("unknown token");
  }
  Principal p;
  p.token_id = row->id;
  p.app_id = row->app_id;
  if (row->role == "admin") {
    p.role = Role::kAdmin;
  } else if (row->role == "publisher") {
    p.role = Role::kPublisher;
  } else {
    p.role = Role::kReadOnly;
  }
  return p;
}

StatusOr<std::string> Service::CreateToken(const Principal& p, std::string_view role,
                                           const std::string& app_id, const std::string& name) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kAdmin, ""));
  if (role != "admin" && role != "publisher" && role != "readonly") {
    return Status::InvalidArgument("role must be admin, publisher or readonly (got '" +
                                   std::string(role) + "')");
  }
  if (role == "publisher") {
    auto s = snapshot();
    if (!s->apps.contains(app_id)) {
      return Status::NotFound("publisher token: unknown app '" + app_id + "'");
    }
  }
  SUTURE_ASSIGN_OR_RETURN(std::string token, GenerateSecret("sut_"));
  TokenRecord t;
  t.token_hash = HashToken(token);
  t.role = std::string(role);
  t.app_id = role == "publisher" ? app_id : "";
  t.name = name;
  SUTURE_ASSIGN_OR_RETURN(int64_t id, store_->InsertToken(t, NowSeconds()));
  (void)id;
  return token;
}

StatusOr<AppInfo> Service::RegisterApp(const Principal& p, const std::string& app_id,
                                    const std::string& pubkey_pem) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kAdmin, app_id));
  if (!ValidAppId(app_id)) {
    return Status::InvalidArgument("app_id must be 1-128 characters of [A-Za-z0-9._-]");
  }
  auto key = PublicKey::FromPem(pubkey_pem);
  if (!key.ok()) {
    return Status::InvalidArgument("release_public_key: not an Ed25519 public key PEM (" +
                                   key.status().message() + ")");
  }
  AppRecord a;
  a.app_id = app_id;
  a.release_pubkey_pem = key->ToPem();
  a.release_key_id = ToHex(key->KeyId());
  SUTURE_ASSIGN_OR_RETURN(a.app_key, GenerateSecret("sak_"));
  a.created_at = NowSeconds();
  SUTURE_RETURN_IF_ERROR(store_->InsertApp(a));
  SUTURE_RETURN_IF_ERROR(Reload());
  return ToAppInfo(a, p);
}

StatusOr<std::vector<AppInfo>> Service::ListApps(const Principal& p) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, ""));
  auto s = snapshot();
  std::vector<AppInfo> apps;
  apps.reserve(s->apps.size());
  for (const auto& [id, a] : s->apps) {
    // A publisher token sees only the app it is scoped to.
    if (!Require(p, Role::kReadOnly, id).ok()) continue;
    apps.push_back(ToAppInfo(a, p));
  }
  std::sort(apps.begin(), apps.end(),
            [](const AppInfo& x, const AppInfo& y) { return x.app_id < y.app_id; });
  return apps;
}

StatusOr<std::unique_ptr<BlobWriter>> Service::BeginPublish(const Principal& p,
                                                            const std::string& app_id) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kPublisher, app_id));
  auto s = snapshot();
  if (!s->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
  return blobs_->NewWriter(options_.max_upload_bytes);
}

StatusOr<PatchInfo> Service::FinishPublish(const Principal& p, const std::string& app_id,
                                      BlobWriter& writer) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kPublisher, app_id));
  auto snap = snapshot();
  auto app = snap->apps.find(app_id);
  if (app == snap->apps.end()) return Status::NotFound("unknown app '" + app_id + "'");
  SUTURE_RETURN_IF_ERROR(writer.Finish());
  if (writer.size() == 0) return Status::InvalidArgument("bundle: empty request body");

  PatchRecord rec;
  {
    auto mapped_or = MappedFile::Open(writer.temp_path());
    if (!mapped_or.ok()) {  // its message names a server path: not for the answer
      return Status::IoError("publish: cannot read the upload back");
    }
    const MappedFile& mapped = *mapped_or;
    auto parsed = diff::Bundle::Parse(mapped.view());
    if (!parsed.ok()) return parsed.status().WithContext("bundle");
    const diff::Bundle& bundle = *parsed;
    const diff::Manifest& m = bundle.manifest();
    if (m.app_id != app_id) {
      return Status::InvalidArgument("bundle: manifest app_id '" + m.app_id +
                                     "' does not match app '" + app_id + "'");
    }
    SUTURE_ASSIGN_OR_RETURN(PublicKey key, PublicKey::FromPem(app->second.release_pubkey_pem));
    SUTURE_RETURN_IF_ERROR(bundle.VerifySignature(key).WithContext(
        "bundle: signature does not verify with the release key of app '" + app_id + "'"));
    SUTURE_RETURN_IF_ERROR(bundle.VerifyStreams().WithContext("bundle"));
    rec.app_id = app_id;
    rec.blob_sha256 = ToHex(writer.sha256());
    rec.size = static_cast<int64_t>(writer.size());
    rec.base_fingerprint = ToHex(m.base_fingerprint);
    rec.base_size = static_cast<int64_t>(m.base_size);
    rec.target_build_id = m.target_build_id;
    rec.target_sha256 = ToHex(m.target_sha256);
    rec.target_size = static_cast<int64_t>(m.target_size);
    rec.patch_version = static_cast<int64_t>(m.patch_version);
    rec.created_at = NowSeconds();
  }

  static std::mutex publish_mu;  // duplicate check + rename + insert are one step
  std::lock_guard<std::mutex> l(publish_mu);
  SUTURE_ASSIGN_OR_RETURN(std::optional<PatchRecord> dup,
                          store_->FindPatch(app_id, rec.blob_sha256));
  if (dup) {
    return Status::AlreadyExists("this bundle is already published as patch " +
                                 std::to_string(dup->id));
  }
  // Blob and row are one step: a failure after the blob is in place removes
  // it again (or leaves it unreferenced for the sweep at the next start).
  SUTURE_ASSIGN_OR_RETURN(std::string blob_id, writer.Commit());
  auto drop_blob = [&] {
    auto refs = store_->AllBlobIds();
    if (refs.ok() && std::find(refs->begin(), refs->end(), blob_id) == refs->end()) {
      (void)blobs_->Remove(blob_id);
    }
  };
  if (clustered()) {
    // The bytes are durable in the database before the row that makes the
    // patch visible to any instance is.
    SUTURE_ASSIGN_OR_RETURN(std::string path, blobs_->PathOf(blob_id));
    if (Status put = store_->PutBlob(blob_id, path); !put.ok()) {
      drop_blob();
      return put;
    }
  }
  auto id = store_->InsertPatch(rec);
  if (!id.ok()) {
    drop_blob();
    return id.status();
  }
  rec.id = *id;
  if (Status reloaded = Reload(); !reloaded.ok()) {
    if (store_->DeletePatch(rec.id).ok()) drop_blob();
    return reloaded;
  }
  return rec;
}

StatusOr<std::vector<PatchInfo>> Service::ListPatches(const Principal& p,
                                                      const std::string& app_id) {
  SUTURE_RETURN_IF_ERROR(Require(p, Role::kReadOnly, app_id));
  auto s = snapshot();
  if (!s->apps.contains(app_id)) return Status::NotFound("unknown app '" + app_id + "'");
  SUTURE_ASSIGN_OR_RETURN(std::vector<PatchRecord> patches, store_->ListPatches(app_id));
  std::vector<PatchInfo> out;
  out.reserve(patches.size());
  for (const PatchRecord& pr : patches) out.push_back(pr);
  return out;
}

StatusOr<std::string> Service::BlobPath(std::string_view blob_id) const {
  auto path = blobs_->PathOf(blob_id);
  if (path.ok() || !clustered() || path.status().code() != StatusCode::kNotFound) return path;
  SUTURE_RETURN_IF_ERROR(FetchBlob(std::string(blob_id)));
  return blobs_->PathOf(blob_id);
}

void Service::Count(int64_t release_id, std::string_view base, int64_t minute,
                    std::string_view metric, int64_t code, uint64_t device_hash) {
  counters_.Add(release_id, base, minute, metric, code, device_hash);
}

Status Service::FlushCounters() {
  if (!store_) return Status::FailedPrecondition("service: no store (not opened)");
  const int64_t now_minute = NowSeconds() / 60;
  // Report dedupe sets: a minute stops receiving reports once it has passed;
  // a day of margin costs at most a day of report events. Once per minute.
  constexpr int64_t kReportDedupeMinutes = 24 * 60;
  int64_t pruned = pruned_minute_.load();
  if (pruned != now_minute && pruned_minute_.compare_exchange_strong(pruned, now_minute)) {
    (void)store_->PruneDeviceSets(now_minute - kReportDedupeMinutes);
  }
  std::vector<AggregateCell> cells = counters_.Take(now_minute);
  if (cells.empty()) return Status::Ok();
  Status added = store_->AddAggregates(cells);
  // A full disk (or any write error) loses nothing: the deltas go back into
  // the buffer and the next flush retries them.
  if (!added.ok()) {
    counters_.Requeue(cells);
  } else {
    MarkConsoleDirty(cells);
  }
  return added;
}

}  // namespace suture::server

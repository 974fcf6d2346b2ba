// Service: every decision the server makes, with no HTTP types and no JSON.
// Its methods take and return typed values (service/service_types.h); the
// http/ room parses request bodies into them, converts the results into
// response bodies and turns the returned Status into an HTTP status code.
// What it hands out serialized are wire bytes it makes once for many
// receivers: a check's signed manifest and the answer around it (CheckResult:
// the service signs those bytes, and one cached answer serves many devices),
// and push events (PushEvent: one frame per notification, for every waiter).
// Inside, stored release specs are gray-release's JSON form (a storage format).
//
// State: metadata in Store (SQLite or PostgreSQL), blobs in BlobStore, and an immutable
// in-memory Snapshot (apps, patches, gray ReleaseSet, manifest version)
// rebuilt after every change, so `check` reads no SQL. Check counters are
// buffered in memory and flushed to the aggregates table every second.
//
// Thread-safety: all methods are thread-safe.
#ifndef SUTURE_SERVER_SERVICE_SERVICE_H_
#define SUTURE_SERVER_SERVICE_SERVICE_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "service/check_counters.h"
#include "service/console_types.h"
#include "service/device_sightings.h"
#include "service/metrics.h"
#include "service/push_hub.h"
#include "service/rate_limiter.h"
#include "service/service_types.h"
#include "storage/blob_store.h"
#include "storage/store.h"
#include "suture/core/crypto.h"
#include "suture/core/status.h"
#include "suture/gray/engine.h"
#include "suture/gray/transitions.h"

namespace suture::server {

class SessionTable;

// Console sessions: 8 hours each, at most this many at once.
inline constexpr int64_t kConsoleSessionTtlS = 8 * 3600;
inline constexpr size_t kMaxConsoleSessions = 10000;

struct ServiceOptions {
  std::string data_dir;
  // "" = the embedded SQLite database <data_dir>/suture.db. A postgresql://
  // URL = metadata and blob bytes in PostgreSQL, shared by every instance
  // started with the same URL (docs/deploy.md); <data_dir> then keeps only
  // this instance's blob cache.
  std::string db_url;
  uint64_t max_upload_bytes = 256ull << 20;
  int64_t manifest_ttl_s = 24 * 3600;
  // Prefix of patch URLs in manifests; "" = "/v1/blobs/" on this server. Set
  // to a CDN or nginx location that serves <data>/blobs directly.
  std::string blob_base_url;
  double device_rate_per_s = 1.0;  // per device, sustained
  double device_burst = 20.0;
  int64_t tick_interval_s = 10;    // ramp advancement + auto-halt
  int64_t push_max_timeout_s = 300;
  size_t max_push_waiters = 100000;  // long-polls and event streams together
  int64_t push_heartbeat_s = 25;     // event-stream heartbeat interval (0 = none)
  // Push waiters (both kinds) one peer address may hold; 0 = no cap.
  // Loopback peers are exempt unless push_cap_loopback: a local reverse
  // proxy forwards every device from 127.0.0.1 (and must cap per client).
  size_t push_max_per_ip = 1000;
  bool push_cap_loopback = false;
  // An event stream lives at most this long plus up to 10% jitter, then gets
  // {"event":"reconnect"} and is closed; 0 = no limit.
  int64_t push_stream_max_s = 3600;
  bool start_background = true;    // flush/tick/push-expiry thread
  // Distinct-device counting of check counters (service/check_counters.h):
  // exact up to this many devices per cell and minute, estimated beyond.
  size_t max_devices_per_cell = 1000000;
  size_t max_total_devices = 8000000;  // all cells together (<= 16 B each)
};

enum class Role { kAdmin, kPublisher, kReadOnly };
std::string_view RoleName(Role r);

struct Principal {
  Role role = Role::kReadOnly;
  std::string app_id;  // publisher: the one app it may publish to
  int64_t token_id = 0;
};

// The answer to a check. The manifest is a wire format the service itself
// signs, so it is bytes here, not a value for http/ to serialize; the whole
// response body around it is serialized once per cached manifest as well (a
// check is the hot path: thousands of devices share one cached answer).
struct CheckResult {
  std::string kind;           // none | patch | rollback
  std::string manifest_json;  // the signed bytes
  std::string signature_hex;  // Ed25519 over manifest_json by the server key
  std::string key_id_hex;
  // The whole HTTP answer, serialized once per cached manifest:
  // {"key_id":...,"manifest":...,"signature":...,"type":...}.
  std::string response_json;
};

class Service {
 public:
  // Opens or initializes <data_dir>: database + migrations, blob folder
  // (temp files swept, unreferenced blobs removed), the server's online
  // signing key. On first start creates an admin token and returns it in
  // *first_admin_token (otherwise leaves it empty).
  static StatusOr<std::unique_ptr<Service>> Open(const ServiceOptions& options,
                                                 std::string* first_admin_token);
  ~Service();

  // ---- auth
  // kUnauthenticated for a missing/unknown token.
  StatusOr<Principal> Authenticate(std::string_view bearer_token);
  // Admin only. Returns the new token (shown once).
  StatusOr<std::string> CreateToken(const Principal& p, std::string_view role,
                                    const std::string& app_id, const std::string& name);

  // ---- apps
  // Admin only. Returns the new app with its app key.
  StatusOr<AppInfo> RegisterApp(const Principal& p, const std::string& app_id,
                                const std::string& pubkey_pem);
  StatusOr<std::vector<AppInfo>> ListApps(const Principal& p);

  // ---- publish: BeginPublish checks the caller may publish to the app, then
  // the body is streamed into the writer, then FinishPublish validates the
  // bundle (format, app id, signature by the app's release key, payload hashes),
  // refuses duplicates, commits the blob and records the patch.
  StatusOr<std::unique_ptr<BlobWriter>> BeginPublish(const Principal& p,
                                                     const std::string& app_id);
  // The caller keeps ownership of `writer`: destroying an uncommitted writer
  // deletes its temp file, so every failure path leaves nothing behind.
  StatusOr<PatchInfo> FinishPublish(const Principal& p, const std::string& app_id,
                                    BlobWriter& writer);
  // The app's patches by id.
  StatusOr<std::vector<PatchInfo>> ListPatches(const Principal& p, const std::string& app_id);
  // Any role. Patch `patch_id` of the app with its bundle's entries, read
  // from the stored blob (service_patches.cc). kNotFound for an unknown app
  // or patch; kCorrupt when the stored blob no longer parses.
  StatusOr<PatchDetail> GetPatchDetail(const Principal& p, const std::string& app_id,
                                       int64_t patch_id);

  // ---- releases (service_releases.cc). Admin only, except List/Get.
  // CreateRelease offers spec.patch_id (required; kNotFound when the app has
  // no such patch) to that patch's base build, active, ramp started now.
  StatusOr<ReleaseInfo> CreateRelease(const Principal& p, const std::string& app_id,
                                      ReleaseSpec spec);
  // Replaces release `id`'s rules, lists, percentage, ramp (restarted when
  // its steps change) and policy with spec's; keeps its patch (a different
  // spec.patch_id is kInvalidArgument), base builds, state and reason.
  StatusOr<ReleaseInfo> EditRelease(const Principal& p, const std::string& app_id, int64_t id,
                                    ReleaseSpec spec);
  // The answer to a create (release_id 0) or edit (release_id > 0) whose body
  // the caller could not parse (`body_error`): the caller's role and the app
  // (or the release) come first, as in CreateRelease/EditRelease, so a caller
  // who may not write releases learns nothing about body validation. Returns
  // that error, or body_error.
  Status ReleaseBodyError(const Principal& p, const std::string& app_id, int64_t release_id,
                          Status body_error);
  StatusOr<ReleaseInfo> RampRelease(const Principal& p, const std::string& app_id, int64_t id,
                                    double percent);
  // Moves an active release with a staged ramp to its next step now, without
  // waiting for the step's duration or gate (the admin's call); the step's
  // clock restarts. kFailedPrecondition when it has no ramp steps, is on its
  // last step, or is not active. `reason` ("" = a default) becomes its
  // state_reason.
  StatusOr<ReleaseInfo> AdvanceReleaseRamp(const Principal& p, const std::string& app_id,
                                           int64_t id, const std::string& reason);
  // action: pause | resume | rollback.
  StatusOr<ReleaseInfo> ChangeReleaseState(const Principal& p, const std::string& app_id,
                                           int64_t id, std::string_view action,
                                           const std::string& reason);
  // The app's releases by id.
  StatusOr<std::vector<ReleaseInfo>> ListReleases(const Principal& p, const std::string& app_id);
  StatusOr<ReleaseInfo> GetRelease(const Principal& p, const std::string& app_id, int64_t id);
  // Flushes buffered counters, then reads the series of minutes >=
  // since_minute of release `release_id` (> 0), or of the unpatched devices
  // on `base_fingerprint` (release_id 0); one of the two is required. The
  // series is summed into buckets of `bucket_s` seconds (a multiple of 60,
  // 60..86400, else kInvalidArgument) aligned to multiples of bucket_s. A
  // release's view also has its base build's coverage (AggregatesView).
  StatusOr<AggregatesView> Aggregates(const Principal& p, const std::string& app_id,
                                      int64_t release_id, const std::string& base_fingerprint,
                                      int64_t since_minute, int64_t bucket_s = 60);
  // Runs ramp advancement + auto-halt for every active release now.
  Status Tick(int64_t now);

  // ---- device API (service_device.cc). app_key must be the app's key; it
  // is checked before anything about the device (kNotFound for an unknown
  // app, kUnauthenticated for a missing or wrong key). `device` is the
  // device context as the device sent it (its ip is ignored: the service
  // takes `ip`/`peer_ip`, the connection's address). A device is rate
  // limited across all of these calls (kResourceExhausted).
  //
  // Identical answers are shared (see docs/api.md), hence the shared_ptr.
  // kInvalidArgument when device.app_id is set and is not `app_id`.
  StatusOr<std::shared_ptr<const CheckResult>> Check(const std::string& app_id,
                                                     std::string_view app_key,
                                                     gray::DeviceContext device,
                                                     const std::string& ip, int64_t now);
  // Validates every event of the report (<= kMaxReportEvents), then stores
  // them all in one transaction (Store::RecordEvents): all or none. An event
  // naming a release that is not this app's (or none that exists) refuses
  // the whole report with kNotFound; a full disk refuses it with
  // kUnavailable (retry later). Events without a release do not count in
  // the unpatched arm of a base build that is another app's.
  // Idempotent by (app, event_id). Blocks on SQLite: not for an event-loop
  // thread.
  StatusOr<ReportResult> Report(const std::string& app_id, std::string_view app_key,
                                DeviceReport report, int64_t now);
  // Holds a one-shot push waiter (long-poll) and returns its id; `cb` is
  // called once with an event (name release | device | timeout),
  // possibly before WaitPush returns, unless CancelPush(id) removes it first.
  // `peer_ip` is the connection's address (gray CIDR rules, per-address cap:
  // kResourceExhausted when it holds push_max_per_ip waiters).
  StatusOr<uint64_t> WaitPush(const std::string& app_id, std::string_view app_key,
                              gray::DeviceContext device, int64_t timeout_s,
                              const std::string& peer_ip, PushHub::Callback cb);
  // Holds a persistent push waiter (event stream) and returns its id: same
  // checks as WaitPush; `cb` is called on every release/device event that
  // concerns the device and every push_heartbeat_s with a heartbeat, until
  // CancelPush(id) — or until the stream's lifetime (push_stream_max_s +
  // jitter) ends: then `cb` gets a last `reconnect` event and the waiter is
  // gone (the caller closes the stream). See PushHub for the callback's
  // concurrency rules.
  StatusOr<uint64_t> SubscribePush(const std::string& app_id, std::string_view app_key,
                                   gray::DeviceContext device, const std::string& peer_ip,
                                   PushHub::Callback cb);
  // The answer to a device request whose body the caller could not parse
  // (`body_error`): the app and key come first, as in the calls above, so a
  // caller without the app's key learns nothing about body validation.
  // Returns the app/key error, or body_error when app and key are right.
  Status DeviceBodyError(const std::string& app_id, std::string_view app_key,
                         Status body_error) const;
  // Drops a waiter of either kind without calling it (its peer hung up);
  // frees its slot at once. A no-op for an id no longer held.
  void CancelPush(uint64_t id);
  // Admin: wakes one device's push connections, on every instance when
  // clustered. Returns how many this instance held.
  static constexpr size_t kMaxClusterPushPayload = 7900;  // NOTIFY's limit is 8000 B
  StatusOr<size_t> PushToDevice(const Principal& p, const std::string& app_id,
                                const std::string& device_id, const std::string& message);

  // ---- audit log (service_audit.cc)
  // Appends who (p.token_id), `via` (api | console), what (`action` on the
  // app, or on release `release_id` > 0) and the JSON before/after to the
  // audit log. The caller has already done the action.
  Status RecordAudit(const Principal& p, std::string_view via, const std::string& app_id,
                     int64_t release_id, std::string_view action, std::string before,
                     std::string after);
  // Any role. The app's entries, newest first, with id < before_id (0 = the
  // newest), at most `limit` (1..500, else kInvalidArgument). kNotFound for
  // an unknown app.
  StatusOr<std::vector<AuditRecord>> ListAudit(const Principal& p, const std::string& app_id,
                                               int64_t before_id, int64_t limit);

  // ---- console (service_console.cc). Any role.
  // Devices remembered by Check (their last context): at most this many.
  static constexpr size_t kMaxSightings = 100000;
  static constexpr int64_t kPreviewWindowS = 24 * 3600;
  static constexpr size_t kMaxPreviewDevices = 100000;
  // The decision a check by `device_id` (as it last checked) would get now,
  // and each release's own verdict. kNotFound when the app is unknown or the
  // device has not checked since the server started.
  StatusOr<DeviceExplanation> ExplainDevice(const Principal& p, const std::string& app_id,
                                            const std::string& device_id, int64_t now);
  // Validates `spec` as CreateRelease would (patch, rules, ramp, policy:
  // the same errors) without storing it, then counts the devices seen in the
  // last kPreviewWindowS that the engine, given the app's releases plus this
  // one, would offer it.
  StatusOr<ReleasePreview> PreviewRelease(const Principal& p, const std::string& app_id,
                                          ReleaseSpec spec, int64_t now);
  // Live dashboards: at most this many console streams at once (all apps).
  static constexpr size_t kMaxConsoleStreams = 64;
  // Any role. Holds a live-dashboard stream of `app_id` (a persistent waiter
  // of its own PushHub, apart from the devices'): `cb` gets an `update`
  // event ({"event":"update","app_id":...}) at most once a second while the
  // app's numbers change (a report stored, check counters flushed, a release
  // changed), a heartbeat every push_heartbeat_s, and a last `reconnect`
  // when the stream's lifetime (push_stream_max_s) ends. kResourceExhausted
  // when kMaxConsoleStreams are open; kNotFound for an unknown app.
  StatusOr<uint64_t> SubscribeConsole(const Principal& p, const std::string& app_id,
                                      PushHub::Callback cb);
  // Drops a console stream (its peer hung up). A no-op when gone.
  void CancelConsole(uint64_t id);
  // Writes the devices that checked since the last call to the database and
  // prunes it to the window and bound (sightings_persist.cc). Called every
  // second by the background thread and on shutdown.
  Status FlushSightings(int64_t now);

  // The console's sessions (service/sessions.h), in the database; expired
  // ones are pruned every minute by the background loop.
  SessionTable& sessions() { return *sessions_; }

  // ---- blobs: the file of a blob id (validated: 64 hex). On PostgreSQL a
  // blob missing from this instance's cache is fetched from the database
  // first (hash checked), so any instance serves any blob.
  StatusOr<std::string> BlobPath(std::string_view blob_id) const;

  // ---- cluster (PostgreSQL only; see ClusterLoop)
  bool clustered() const { return cluster_ != nullptr; }
  // True while this instance runs the ramp/auto-halt tick (always true on
  // SQLite).
  bool tick_leader() const { return !clustered() || tick_leader_.load(); }

  std::string ServerPublicKeyPem() const { return server_key_.public_key().ToPem(); }
  std::string ServerKeyId() const { return ToHex(server_key_.public_key().KeyId()); }
  Metrics& metrics() { return metrics_; }
  const ServiceOptions& options() const { return options_; }
  // Writes buffered counters to the database now.
  Status FlushCounters();

 private:
  struct Snapshot;
  explicit Service(const ServiceOptions& options);  // service.cc (SessionTable is complete there)

  // The body of Open: every step that can fail. Leaves the service safe to
  // destroy half-built (~Service checks what exists).
  Status Init(std::string* first_admin_token);
  // kPermissionDenied unless `p` has at least `min_role` on `app_id`. For
  // kReadOnly (reads) a publisher token is scoped to its app as well;
  // app_id "" means "no particular app".
  Status Require(const Principal& p, Role min_role, const std::string& app_id) const;
  // Rebuilds the snapshot from the database.
  Status Reload();
  std::shared_ptr<const Snapshot> snapshot() const;
  // Verifies app exists and the key matches (constant time).
  Status CheckAppKey(const Snapshot& s, const std::string& app_id, std::string_view key) const;
  // Buffers one check-time event of `device_hash` (see CheckCounters).
  void Count(int64_t release_id, std::string_view base, int64_t minute, std::string_view metric,
             int64_t code, uint64_t device_hash);
  // Auth, device context and rate limit shared by WaitPush and SubscribePush.
  StatusOr<gray::DeviceContext> PushDevice(const std::string& app_id, std::string_view app_key,
                                           gray::DeviceContext device,
                                           const std::string& peer_ip);
  // The hub's per-address key for `peer_ip` ("" = not capped).
  std::string PushIpKey(const std::string& peer_ip) const;
  // Notes that the numbers of `app_id` changed (its dashboards get an
  // update on the next NotifyConsoles). `announce`: the change happened here
  // (a report stored by this instance), so on a cluster the other instances'
  // dashboards are told too.
  void MarkConsoleDirty(const std::string& app_id, bool announce = false);
  // The apps of aggregate cells just written by this instance, marked dirty
  // and announced.
  void MarkConsoleDirty(const std::vector<AggregateCell>& cells);
  // Sends one `update` to the dashboards of every app marked since the last
  // call (the background loop, every second); on a cluster, first NOTIFYs
  // the apps announced here on kConsoleChannel (ClusterLoop marks them on
  // the other instances).
  void NotifyConsoles();
  // Wakes push waiters of `app_id` whose decision changed under the snapshot.
  void NotifyRelease(const std::string& app_id, int64_t release_id);
  // Loads one release, asks the state machine (gray/transitions.h) whether
  // `action` is allowed in its state (kFailedPrecondition if not), mutates it
  // (via fn; the state is then the table's), validates and stores it.
  StatusOr<ReleaseInfo> MutateRelease(const Principal& p, const std::string& app_id, int64_t id,
                                      gray::ReleaseAction action,
                                      const std::function<Status(gray::Release&)>& fn);
  // Stores `rel` (validated, canonical JSON) into row `row` and reloads.
  Status SaveRelease(ReleaseRecord row, const gray::Release& rel, int64_t now);
  // The row as ReleaseInfo; kCorrupt when its stored spec does not parse.
  StatusOr<ReleaseInfo> ReleaseView(const ReleaseRecord& r) const;
  void BackgroundLoop();
  // PostgreSQL: follows the other instances. Waits on the ClusterLink for
  // version and push announcements, polls the version every second anyway
  // (an announcement made while the link was down is lost), reloads and
  // wakes push waiters when the version moved, holds or takes the tick lease.
  void ClusterLoop();
  // Reloads after another instance changed the metadata, fetches the blobs
  // of new patches, and wakes the push waiters of every release whose row
  // changed.
  Status FollowDatabase();
  // The server's signing key: <data>/server_key.pem on SQLite; on
  // PostgreSQL the one key all instances share, stored in the database
  // (the first instance offers its file's key, or a new one).
  Status LoadServerKey();
  // The blob into the local cache from the database (PostgreSQL).
  Status FetchBlob(const std::string& blob_id) const;
  // Loads the sightings of the last kPreviewWindowS (on Open).
  Status LoadSightings(int64_t now);
  // Cluster: adopts the sightings other instances stored since `since`, so
  // the console's preview and device pages see every instance's devices.
  Status AdoptSightings(int64_t since);

  ServiceOptions options_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<BlobStore> blobs_;
  std::unique_ptr<SessionTable> sessions_;
  PrivateKey server_key_;
  std::string server_key_id_hex_;
  Metrics metrics_;
  RateLimiter limiter_;
  PushHub push_;
  PushHub console_hub_;  // live dashboards (SubscribeConsole)
  std::mutex console_dirty_mu_;
  std::set<std::string> console_dirty_;  // apps whose dashboards need an update
  std::set<std::string> console_announce_;  // ...and which other instances must hear of

  mutable std::mutex snap_mu_;
  std::shared_ptr<const Snapshot> snap_;
  std::mutex release_mu_;  // serializes release mutations (read-modify-write)

  std::mutex manifest_cache_mu_;
  // See Check().
  std::unordered_map<std::string, std::shared_ptr<const CheckResult>> manifest_cache_;

  DeviceSightings sightings_{kMaxSightings};  // last check context per device
  CheckCounters counters_{options_.max_devices_per_cell, options_.max_total_devices};
  std::atomic<int64_t> pruned_minute_{0};  // report dedupe sets pruned up to

  std::mutex bg_mu_;
  std::condition_variable bg_cv_;
  bool stopping_ = false;
  std::thread bg_;

  std::unique_ptr<ClusterLink> cluster_;  // null on SQLite; owned by cluster_thread_
  std::thread cluster_thread_;
  std::string instance_id_;                  // tells this instance's own pushes apart
  std::atomic<bool> tick_leader_{false};
  // Unix time the database last confirmed the snapshot is current; checks
  // are refused once it is older than the manifests' lifetime.
  std::atomic<int64_t> confirmed_at_{0};
  mutable std::mutex fetch_mu_;  // one blob fetch at a time
  // GetPatchDetail: whether blob <sha256> verifies with release key <pem>,
  // keyed by both. A v4 signature covers the payload's SHA-256, so checking
  // it hashes the whole bundle: once per blob and key, not on every page
  // load. Bounded (cleared when full).
  std::mutex signature_cache_mu_;
  std::unordered_map<std::string, bool> signature_cache_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_SERVICE_H_

// suture::client — the thin C++ API under suture_client.h.
//
// A Client is one install of one app: a state folder (docs/client.md) plus
// the configuration pinned in the app. Sync() runs one full update cycle;
// LaunchBegin()/LaunchOk() bracket an app start; StatusJson() describes the
// state folder. Every call returns a Result (a stable Code plus a one-line
// message); nothing throws.
//
// Thread-safety: a Client serializes its own calls with a mutex. Two Clients
// (or processes) on the same state folder exclude each other with flock() on
// "<state>/lock" for the length of a call; the loser gets Code::kBusy.
#ifndef SUTURE_CLIENT_CLIENT_H_
#define SUTURE_CLIENT_CLIENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "suture/client/suture_client.h"

namespace suture::client {

// The values of suture_status (suture_client.h), frozen.
enum class Code : int {
  kOk = SUTURE_OK,
  kInvalidArgument = SUTURE_E_INVALID_ARGUMENT,
  kNotFound = SUTURE_E_NOT_FOUND,
  kCorrupt = SUTURE_E_CORRUPT,
  kIoError = SUTURE_E_IO,
  kLimitExceeded = SUTURE_E_LIMIT_EXCEEDED,
  kVerifyFailed = SUTURE_E_VERIFY_FAILED,
  kUnsupported = SUTURE_E_UNSUPPORTED,
  kAlreadyExists = SUTURE_E_ALREADY_EXISTS,
  kPermissionDenied = SUTURE_E_PERMISSION_DENIED,
  kUnauthenticated = SUTURE_E_UNAUTHENTICATED,
  kFailedPrecondition = SUTURE_E_FAILED_PRECONDITION,
  kResourceExhausted = SUTURE_E_RESOURCE_EXHAUSTED,
  kInternal = SUTURE_E_INTERNAL,
  kUnavailable = SUTURE_E_UNAVAILABLE,
  kCancelled = SUTURE_E_CANCELLED,
  kNetwork = SUTURE_E_NETWORK,
  kServer = SUTURE_E_SERVER,
  kManifestSignature = SUTURE_E_MANIFEST_SIGNATURE,
  kManifestExpired = SUTURE_E_MANIFEST_EXPIRED,
  kManifestReplayed = SUTURE_E_MANIFEST_REPLAYED,
  kManifestMismatch = SUTURE_E_MANIFEST_MISMATCH,
  kBlobMismatch = SUTURE_E_BLOB_MISMATCH,
  kBundleRejected = SUTURE_E_BUNDLE_REJECTED,
  kNoSpace = SUTURE_E_NO_SPACE,
  kWorkerCrashed = SUTURE_E_WORKER_CRASHED,
  kMergeFailed = SUTURE_E_MERGE_FAILED,
  kOutputMismatch = SUTURE_E_OUTPUT_MISMATCH,
  kDeadline = SUTURE_E_DEADLINE,
  kBusy = SUTURE_E_BUSY,
  kBufferTooSmall = SUTURE_E_BUFFER_TOO_SMALL,
  kGaveUp = SUTURE_E_GAVE_UP,
};

// "ok", "manifest_replayed", ...; "unknown" for a value not in the enum.
const char* CodeName(Code code);

struct Result {
  Code code = Code::kOk;
  std::string message;
  bool ok() const { return code == Code::kOk; }
};

struct Config {
  std::string server_url, app_id, app_key;
  std::string release_public_key_pem, server_public_key_pem;
  std::string device_id;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string state_dir;
  std::string base_path;
  std::string worker_path;  // "" = suture-client-worker beside /proc/self/exe

  // Tunables (defaults documented in docs/client.md).
  int64_t clock_skew_s = 300;            // allowance on issued_at / expires_at
  int download_attempts = 8;             // consecutive attempts without progress
  int64_t backoff_base_ms = 200;         // full jitter: sleep U(0, min(cap, base * 2^n))
  int64_t backoff_cap_ms = 5000;
  int64_t download_deadline_ms = 300000;  // whole download, retries included
  int64_t request_timeout_ms = 30000;     // one check / report request
  int64_t stall_timeout_ms = 15000;       // a download under 1 KiB/s this long is cut and retried
  uint64_t max_blob_size = 512ull << 20;
  uint64_t space_margin = 16ull << 20;    // free space kept beyond the merge's needs
  int max_merge_failures = 3;             // then Code::kGaveUp until the server offers another patch
  int64_t merge_retry_base_ms = 60000;    // wait after the n-th failed merge: base * 2^(n-1), at most 1 h
  int safe_mode_launches = 3;             // launches without launch_ok before rollback
  uint64_t max_download_bytes_per_s = 0;  // bandwidth cap for blobs; 0 = none

  // Test hooks (tests and the fleet simulator only; unset in apps).
  std::function<int64_t()> clock;                         // Unix seconds; default time()
  std::function<void(std::string* body)> rewrite_check;   // sees the raw check answer
};

struct SyncOutcome {
  Result result;
  // installed | up_to_date | no_update | rollback_scheduled | retry_later (a
  // failed merge waits for its backoff, code kUnavailable) | failed
  std::string outcome;
  std::string patch_id, release_id, folder;
  uint64_t patch_version = 0;
  int download_attempts = 0, download_resumes = 0;  // this sync's download
  std::string ToJson() const;
};

class Client {
 public:
  // Validates the configuration (keys parse, state folder creatable, base
  // readable when a server is configured) and prepares the state folder.
  static Result Create(Config config, std::unique_ptr<Client>* out);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sets a tunable of Config by its field name ("request_timeout_ms", ...);
  // kInvalidArgument for an unknown name or a value out of its range.
  Result SetTunable(const std::string& name, int64_t value);

  SyncOutcome Sync();
  // On success *patch_dir is the installed folder to load, or "" for the base.
  Result LaunchBegin(std::string* patch_dir);
  Result LaunchOk();
  Result StatusJson(std::string* json);
  // Holds a push long-poll (POST push/wait) for up to timeout_s seconds
  // (1..300). *event is "release" (run Sync now), "device" (an admin
  // message, in *message), or "timeout". Does not take the Client's mutex,
  // so launch and status calls go on meanwhile; REQUIRES a server config.
  Result WaitForPush(int timeout_s, std::string* event, std::string* message);
  // Holds the push event stream (POST push/stream, server-sent events; the
  // cheaper channel for an app in the foreground: one connection, no
  // re-request per event) for up to max_s seconds (1..86400), calling
  // on_event(event, detail) for each "release" (detail: the release id; run
  // Sync now) and "device" (detail: the admin message) event; on_event
  // returning false ends the stream. On return *end says why it ended:
  // "closed" (the server closed it), "reconnect" (the server's stream
  // lifetime), "max_time", "stopped" (on_event), "cancelled" (CancelPush),
  // "idle" (no byte, heartbeats included, for two heartbeat periods + 10 s:
  // a dead path). *retry_ms is the server's reconnection hint (-1: none);
  // reconnecting after it, with jitter, is the caller's. kNetwork when the
  // stream could not be opened or broke, kServer for an error answer (its
  // message included), kCorrupt / kLimitExceeded for a malformed stream.
  // Does not take the Client's mutex; REQUIRES a server config.
  Result ListenPush(int max_s,
                    const std::function<bool(const std::string& event, const std::string& detail)>& on_event,
                    std::string* end, int64_t* retry_ms);
  // Ends the running ListenPush within ~100 ms (or the next one, when none
  // runs). Thread-safe.
  void CancelPush();

  struct Impl;

 private:
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace suture::client

#endif  // SUTURE_CLIENT_CLIENT_H_

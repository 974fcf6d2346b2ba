/*
 * suture_client.h — the plain C API of the Suture device library.
 *
 * An app embeds this library to receive hot patches: one handle per install
 * (one state folder), one full update cycle per suture_client_sync() call
 * (check -> verify the signed manifest -> download -> verify the bundle ->
 * merge in a separate worker process -> verify -> install atomically ->
 * report), and suture_client_launch_begin()/launch_ok() around each app start.
 * The state folder layout, state machine and fault model are in docs/client.md.
 *
 * Conventions (callable from JNI, Swift, C):
 *  - every call returns a suture_status (0 = SUTURE_OK) and, when `msg` is not
 *    NULL and `msg_size` > 0, writes a NUL-terminated one-line message into
 *    it (truncated to fit; "" on success);
 *  - buffers are owned by the caller; output text that does not fit returns
 *    SUTURE_E_BUFFER_TOO_SMALL and, where a `needed` pointer is taken, the
 *    size (including the NUL) that would fit;
 *  - no C++ exception ever leaves a function of this header.
 *
 * Thread-safety: a handle serializes its own calls (an internal mutex), so it
 * may be shared between threads; two handles (or processes) on the same state
 * folder exclude each other through a file lock: the second sync gets
 * SUTURE_E_BUSY.
 */
#ifndef SUTURE_CLIENT_SUTURE_CLIENT_H_
#define SUTURE_CLIENT_SUTURE_CLIENT_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Stable codes: never renumbered (they are reported to the server and shown in
 * docs/client.md). 1..15 are suture::StatusCode; 100+ are client outcomes. */
typedef enum suture_status {
  SUTURE_OK = 0,
  SUTURE_E_INVALID_ARGUMENT = 1,
  SUTURE_E_NOT_FOUND = 2,
  SUTURE_E_CORRUPT = 3,
  SUTURE_E_IO = 4,
  SUTURE_E_LIMIT_EXCEEDED = 5,
  SUTURE_E_VERIFY_FAILED = 6,
  SUTURE_E_UNSUPPORTED = 7,
  SUTURE_E_ALREADY_EXISTS = 8,
  SUTURE_E_PERMISSION_DENIED = 9,
  SUTURE_E_UNAUTHENTICATED = 10,
  SUTURE_E_FAILED_PRECONDITION = 11,
  SUTURE_E_RESOURCE_EXHAUSTED = 12,
  SUTURE_E_INTERNAL = 13,
  SUTURE_E_UNAVAILABLE = 14,
  SUTURE_E_CANCELLED = 15,
  SUTURE_E_NETWORK = 100,             /* transport failed after every retry */
  SUTURE_E_SERVER = 101,              /* the server answered an error status */
  SUTURE_E_MANIFEST_SIGNATURE = 102,  /* check answer not signed by the pinned server key */
  SUTURE_E_MANIFEST_EXPIRED = 103,    /* expires_at (+ skew) passed, or issued in the future */
  SUTURE_E_MANIFEST_REPLAYED = 104,   /* version lower than the highest seen */
  SUTURE_E_MANIFEST_MISMATCH = 105,   /* app id or base fingerprint not this install's */
  SUTURE_E_BLOB_MISMATCH = 106,       /* downloaded size or SHA-256 differs from the manifest */
  SUTURE_E_BUNDLE_REJECTED = 107,     /* release-key signature, app, base or payload hash */
  SUTURE_E_NO_SPACE = 108,            /* not enough free space for the merge + margin */
  SUTURE_E_WORKER_CRASHED = 109,      /* the merge worker died (signal) or could not start */
  SUTURE_E_MERGE_FAILED = 110,        /* the worker reported an apply error */
  SUTURE_E_OUTPUT_MISMATCH = 111,     /* an installed file's hash differs from the bundle */
  SUTURE_E_DEADLINE = 112,            /* the download's overall deadline passed */
  SUTURE_E_BUSY = 113,                /* another sync holds this state folder */
  SUTURE_E_BUFFER_TOO_SMALL = 114,    /* a caller buffer cannot hold the output */
  SUTURE_E_GAVE_UP = 115              /* this patch failed too often; waiting for another */
} suture_status;

typedef struct suture_client suture_client; /* opaque */

typedef struct suture_client_config {
  /* Pinned in the app. For launch/status only `state_dir` is needed. */
  const char* server_url;             /* "https://updates.example.com" */
  const char* app_id;
  const char* app_key;                /* sak_... */
  const char* release_public_key_pem; /* verifies bundles */
  const char* server_public_key_pem;  /* verifies check manifests */
  /* Passed in by the app. */
  const char* device_id;
  const char* const* attributes;      /* "key=value" strings: os, sdk, model, ... or custom */
  size_t attribute_count;
  const char* state_dir;              /* created if missing */
  const char* base_path;              /* the installed base build (its SHA-256 is the fingerprint) */
  const char* worker_path;            /* NULL: suture-client-worker beside this executable */
} suture_client_config;

/* Stable lower-case name of a code ("manifest_replayed"), never NULL. */
const char* suture_client_code_name(int code);

/* Creates a handle. On success *out owns it (free with suture_client_destroy). */
suture_status suture_client_create(const suture_client_config* config, suture_client** out,
                                   char* msg, size_t msg_size);

/* Sets one tunable by name (defaults and ranges in docs/client.md):
 * request_timeout_ms, stall_timeout_ms, download_attempts, backoff_base_ms,
 * backoff_cap_ms, download_deadline_ms, max_download_bytes_per_s,
 * space_margin, max_merge_failures, merge_retry_base_ms, safe_mode_launches,
 * clock_skew_s. SUTURE_E_INVALID_ARGUMENT for an unknown name or a value out
 * of range. */
suture_status suture_client_set_tunable(suture_client* c, const char* name, int64_t value, char* msg,
                                        size_t msg_size);

/* One full update cycle. Writes the outcome as JSON into `result_json` when not
 * NULL: {"code","code_name","outcome","message","patch_id","release_id",
 * "patch_version","folder","download_attempts","download_resumes"}; outcome
 * is one of installed, up_to_date, no_update, rollback_scheduled (a server
 * rollback directive: the patch is removed at the next launch_begin),
 * retry_later (SUTURE_E_UNAVAILABLE: an earlier merge of this patch failed
 * and its backoff has not passed), failed. Returns the outcome's code. */
suture_status suture_client_sync(suture_client* c, char* result_json, size_t json_size, char* msg,
                                 size_t msg_size);

/* An app start: checks the installed patch's files against their hashes and
 * writes the folder to load into `patch_dir` ("" = run the clean base). A patch
 * that fails its check, reached the launch limit without launch_ok (safe
 * mode), or was withdrawn by a server rollback directive is rolled back first:
 * to the version it replaced when that one is still kept and verifies, else
 * to the clean base. */
suture_status suture_client_launch_begin(suture_client* c, char* patch_dir, size_t dir_size,
                                         char* msg, size_t msg_size);
/* The app started fine on what launch_begin returned. */
suture_status suture_client_launch_ok(suture_client* c, char* msg, size_t msg_size);

/* What is installed, pending, failed, queued for report, as JSON. */
suture_status suture_client_status(suture_client* c, char* json, size_t json_size, size_t* needed,
                                   char* msg, size_t msg_size);

/* Holds a push long-poll for up to timeout_s (1..300) seconds and writes the
 * event into `event` ("release": call suture_client_sync now; "device": an
 * admin message; "timeout"). Other calls on the handle proceed meanwhile. */
suture_status suture_client_wait_push(suture_client* c, int timeout_s, char* event, size_t event_size,
                                      char* msg, size_t msg_size);

/* Called for each push event of suture_client_listen_push, on the calling
 * thread: `event` is "release" (`detail`: the release id; call
 * suture_client_sync, from this callback or after it) or "device" (`detail`:
 * the admin message). Return 0 to keep listening, non-zero to end the stream. */
typedef int (*suture_push_callback)(void* user, const char* event, const char* detail);

/* Holds the push event stream (server-sent events: one connection for as long
 * as the app is in the foreground) for up to max_seconds (1..86400), calling
 * on_event for each event. On SUTURE_OK `end` says why it ended: "closed",
 * "reconnect" (the server's stream lifetime), "max_time", "stopped" (the
 * callback), "cancelled" (suture_client_cancel_push), "idle" (no byte for two
 * heartbeat periods + 10 s); *retry_ms (may be NULL) is the server's
 * reconnection hint (-1: none): reconnect after it plus random jitter.
 * SUTURE_E_NETWORK / SUTURE_E_SERVER when the stream could not be opened or
 * broke. Other calls on the handle proceed meanwhile. */
suture_status suture_client_listen_push(suture_client* c, int max_seconds, suture_push_callback on_event,
                                        void* user, char* end, size_t end_size, int64_t* retry_ms,
                                        char* msg, size_t msg_size);

/* Ends a running suture_client_listen_push within about 100 ms (or the next
 * one, when none runs). Safe from any thread. */
void suture_client_cancel_push(suture_client* c);

void suture_client_destroy(suture_client* c);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SUTURE_CLIENT_SUTURE_CLIENT_H_ */

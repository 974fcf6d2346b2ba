// The merge worker: a separate process (posix_spawn of suture-client-worker)
// that applies a verified bundle to the base build into a staging path, as
// Tinker's ":patch" process does. Killing it at any instant cannot corrupt
// the host's state: it writes only under its staging path, which the host
// discards unless the worker exited 0 and every output hash verifies.
//
// Worker protocol: argv = {worker, "merge", BASE, BUNDLE, OUT, PUBKEY_PEM_FILE
// [, MAX_DATA_BYTES]}: the worker first limits its data segment (RLIMIT_DATA:
// heap and private writable mappings; the read-only mappings of the inputs
// do not count) so an allocation beyond it fails as resource_exhausted;
// exit 0 = OUT is complete; otherwise one stderr line
// "suture-client-worker: <StatusCode number> <message>".
//
// Thread-safety: RunMergeWorker is reentrant.
#ifndef SUTURE_CLIENT_SRC_WORKER_H_
#define SUTURE_CLIENT_SRC_WORKER_H_

#include <cstdint>
#include <string>

#include "suture/client/client.h"

namespace suture::client {

struct MergeRequest {
  std::string worker_path, base_path, bundle_path, out_path, pubkey_path;
  int64_t timeout_ms = 600000;
  uint64_t max_data_bytes = 0;  // RLIMIT_DATA of the worker; 0 = none
};

// kOk; kWorkerCrashed (could not start, died by a signal, timed out: killed);
// kMergeFailed (the worker's own error, its message included).
Result RunMergeWorker(const MergeRequest& req);

// The worker executable beside the running one ("<dir of /proc/self/exe>/
// suture-client-worker"), or $SUTURE_CLIENT_WORKER when set.
std::string DefaultWorkerPath();

// The worker's main (suture-client-worker links it). Test fault injection:
// $SUTURE_CLIENT_WORKER_FAULT = kill-at-start | kill-after-apply makes the
// worker SIGKILL itself at that point.
int WorkerMain(int argc, char** argv);

}  // namespace suture::client

#endif  // SUTURE_CLIENT_SRC_WORKER_H_

// suture-client-worker: the merge process the client spawns (worker.h).
// No exception leaves main(): one line in the worker's "CODE message" form
// and exit status 3 (merge failed), which the host reads like any failure.
#include <cstdio>
#include <exception>

#include "suture/core/status.h"
#include "worker.h"

namespace {

void ReportInternal(const char* what) {
  std::fprintf(stderr, "suture-client-worker: %d internal error: %s\n",
               static_cast<int>(suture::StatusCode::kInternal), what);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return suture::client::WorkerMain(argc, argv);
  } catch (const std::exception& e) {
    ReportInternal(e.what());
  } catch (...) {
    ReportInternal("unknown exception");
  }
  return 3;
}

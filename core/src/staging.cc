#include "suture/core/staging.h"

#include <pthread.h>
#include <signal.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "suture/core/file_util.h"

namespace suture {
namespace {

struct Registry {
  std::mutex mu;
  std::set<std::string> paths;
};

// Never destroyed: the signal thread may use it while the process exits.
Registry& TheRegistry() {
  static auto* r = new Registry;
  return *r;
}

void RemoveLocked(Registry& r) {
  for (const std::string& p : r.paths) {
    // A thread still writing may create a file in a folder between listing
    // and rmdir; a second pass removes it, and once the folder is gone
    // nothing can be created in it.
    for (int attempt = 0; attempt < 3; ++attempt) {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
      if (!ec) break;
    }
  }
  r.paths.clear();
}

// The stop signals this process would die of: one its parent set to be
// ignored (a background job's SIGINT, nohup's SIGHUP) stays ignored.
sigset_t CleanupSignals() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaddset(&set, sig);
  }
  return set;
}

void WaitAndCleanUp(sigset_t set) {
  int sig = 0;
  if (sigwait(&set, &sig) != 0) return;
  Registry& r = TheRegistry();
  {
    // Held to the end: no new staging path is made while the process dies.
    r.mu.lock();
    RemoveLocked(r);
  }
  ::signal(sig, SIG_DFL);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
}

}  // namespace

void RegisterStagingPath(const std::string& path) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> l(r.mu);
  r.paths.insert(path);
}

void UnregisterStagingPath(const std::string& path) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> l(r.mu);
  r.paths.erase(path);
}

size_t RegisteredStagingPathCount() {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> l(r.mu);
  return r.paths.size();
}

void RemoveStagingPaths() {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> l(r.mu);
  RemoveLocked(r);
}

Status InstallStagingCleanupOnSignals() {
  const sigset_t set = CleanupSignals();
  if (pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) {
    return Status::Internal("staging cleanup: cannot block signals");
  }
  try {
    std::thread(WaitAndCleanUp, set).detach();
  } catch (const std::system_error& e) {
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    return Status::Internal(std::string("staging cleanup: cannot start the signal thread: ") +
                            e.what());
  }
  return Status::Ok();
}

TempDir::~TempDir() { Remove(); }

TempDir::TempDir(TempDir&& o) noexcept : path_(std::exchange(o.path_, {})) {}

TempDir& TempDir::operator=(TempDir&& o) noexcept {
  if (this != &o) {
    Remove();
    path_ = std::exchange(o.path_, {});
  }
  return *this;
}

StatusOr<TempDir> TempDir::CreateBeside(const std::string& near) {
  TempDir d;
  SUTURE_ASSIGN_OR_RETURN(d.path_, MakeTempDirBeside(near));
  RegisterStagingPath(d.path_);
  return d;
}

void TempDir::Release() {
  if (path_.empty()) return;
  UnregisterStagingPath(path_);
  path_.clear();
}

void TempDir::Remove() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
  UnregisterStagingPath(path_);
  path_.clear();
}

}  // namespace suture

// Staging paths: the hidden temporary files and folders ("<dir>/.<name>.suture-
// XXXXXX") that outputs are built in before they are renamed into place.
// TempFile and TempDir register theirs here while they exist, so that a
// command-line program can remove them when it is stopped by a signal or
// fails in a way no destructor sees (an exception in a thread).
//
// Thread-safety: all functions are thread-safe.
#ifndef SUTURE_CORE_STAGING_H_
#define SUTURE_CORE_STAGING_H_

#include <string>

#include "suture/core/status.h"

namespace suture {

// Adds / removes a path (file or folder) to / from the process's registry.
void RegisterStagingPath(const std::string& path);
void UnregisterStagingPath(const std::string& path);
// Number of registered paths (for tests).
size_t RegisteredStagingPathCount();

// Removes every registered path (folders with their contents) and empties the
// registry. Best effort: a path that cannot be removed is skipped.
void RemoveStagingPaths();

// For a program's main(), before it starts any thread: blocks SIGINT, SIGTERM
// and SIGHUP (those not set to be ignored) in this thread (and so in every
// thread started later) and starts
// a thread that waits for them. On one it runs RemoveStagingPaths(), restores
// the default action and raises the signal again, so the process ends as
// killed by it. A child process started with fork/exec inherits the blocked
// mask: such a program must unblock these signals in the child.
// kInternal when the signal thread cannot be started.
Status InstallStagingCleanupOnSignals();

// A folder beside `near` ("<dir>/.<name>.suture-XXXXXX", mode 0700),
// registered as a staging path, removed with its contents on destruction
// unless Release()d.
// Thread-safety: one owner at a time.
class TempDir {
 public:
  TempDir() = default;
  ~TempDir();
  TempDir(TempDir&& o) noexcept;
  TempDir& operator=(TempDir&& o) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // kIoError naming `near` when the folder cannot be created.
  static StatusOr<TempDir> CreateBeside(const std::string& near);
  const std::string& path() const { return path_; }
  // Keeps the folder (it has been renamed into place): no removal.
  void Release();

 private:
  void Remove();
  std::string path_;
};

}  // namespace suture

#endif  // SUTURE_CORE_STAGING_H_

// `suture`: the build-pipeline tool: keys, signing, diff/apply, inspection.
//
// No exception leaves main(): a command that throws exits with kExitInternal
// and one line; staging files and folders are removed on every way out,
// including SIGINT / SIGTERM / SIGHUP and an exception in a worker thread.
#include <unistd.h>

#include <cstdio>
#include <exception>

#include "suture/cli/commands.h"
#include "suture/core/staging.h"

namespace {

[[noreturn]] void DieInternal(const char* what) {
  suture::RemoveStagingPaths();
  std::fprintf(stderr, "suture: internal error: %s\n", what);
  std::fflush(stderr);
  ::_exit(suture::cli::kExitInternal);
}

// An exception that escapes a thread, or a noexcept function, ends here.
[[noreturn]] void OnTerminate() {
  try {
    if (std::exception_ptr e = std::current_exception()) std::rethrow_exception(e);
  } catch (const std::exception& e) {
    DieInternal(e.what());
  } catch (...) {
  }
  DieInternal("terminated");
}

int Run(int argc, char** argv) {
  CLI::App app{"suture: structure-aware patches for app bundles (diff, apply, sign, verify)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "suture 0.1.0 (writes bundle format v4, or v3/v2/v1 with --format-version; reads v1 to v4)");
  int rc = 0;
  suture::cli::AddKeyCommands(app, &rc);
  suture::cli::AddDiffCommands(app, &rc);
  suture::cli::AddServerCommands(app, &rc);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return suture::cli::kExitUsage;
  }
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  std::set_terminate(OnTerminate);
  if (suture::Status s = suture::InstallStagingCleanupOnSignals(); !s.ok()) {
    std::fprintf(stderr, "suture: %s\n", s.message().c_str());
    return suture::cli::kExitInternal;
  }
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    DieInternal(e.what());
  } catch (...) {
    DieInternal("unknown exception");
  }
}

// `suture`: the build-pipeline tool: keys, signing, diff/apply, inspection.
#include <cstdio>

#include "cli_common.h"
#include "suture/server/cli_commands.h"

namespace suture::cli {

int ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kIoError:
    case StatusCode::kNotFound: return kExitIo;
    case StatusCode::kInvalidArgument:
    case StatusCode::kCorrupt:
    case StatusCode::kLimitExceeded:
    case StatusCode::kUnsupported:
    case StatusCode::kAlreadyExists: return kExitInvalidInput;
    case StatusCode::kVerifyFailed: return kExitVerifyFailed;
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
    case StatusCode::kResourceExhausted:
    case StatusCode::kUnavailable:
    case StatusCode::kFailedPrecondition: return kExitServer;
    default: return kExitInternal;
  }
}

int Fail(const Status& s, const std::string& context) {
  std::string msg = context.empty() ? s.message() : s.WithContext(context).message();
  std::fprintf(stderr, "suture: %s\n", msg.c_str());
  return ExitCodeFor(s);
}

}  // namespace suture::cli

int main(int argc, char** argv) {
  CLI::App app{"suture: structure-aware patches for app bundles (diff, apply, sign, verify)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "suture 0.1.0 (bundle format v1)");
  int rc = 0;
  suture::cli::AddKeyCommands(app, &rc);
  suture::cli::AddDiffCommands(app, &rc);
  suture::server::AddServerCommands(app, &rc);
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

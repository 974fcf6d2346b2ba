// `suture`: the build-pipeline tool: keys, signing, diff/apply, inspection.
#include <cstdio>

#include "suture/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"suture: structure-aware patches for app bundles (diff, apply, sign, verify)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "suture 0.1.0 (bundle format v1)");
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

// diff, apply (filled in by the archive-diff work).
#include "cli_common.h"

namespace suture::cli {

void AddDiffCommands(CLI::App&, int*) {}

}  // namespace suture::cli

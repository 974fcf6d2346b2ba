// Shared helpers of the `suture` command groups: Status -> exit code and
// one-line error printing.
#ifndef SUTURE_CLI_SRC_CLI_COMMON_H_
#define SUTURE_CLI_SRC_CLI_COMMON_H_

#include <string>

#include "suture/cli/commands.h"
#include "suture/core/status.h"

namespace suture::cli {

// Maps a Status code to the documented exit code.
int ExitCodeFor(const Status& s);

// Prints "suture: <context>: <message>" on one line to stderr and returns the exit code.
int Fail(const Status& s, const std::string& context = "");

}  // namespace suture::cli

#endif  // SUTURE_CLI_SRC_CLI_COMMON_H_

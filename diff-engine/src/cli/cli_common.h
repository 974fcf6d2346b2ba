// Shared helpers of the `suture` command-line tool: exit codes and error
// printing. Exit codes are documented in docs/cli.md and never renumbered.
#ifndef SUTURE_DIFF_SRC_CLI_CLI_COMMON_H_
#define SUTURE_DIFF_SRC_CLI_CLI_COMMON_H_

#include <CLI/CLI.hpp>

#include <string>

#include "suture/core/status.h"

namespace suture::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,      // a bug or an unexpected failure
  kExitUsage = 2,         // bad command line
  kExitIo = 3,            // a file could not be read or written
  kExitInvalidInput = 4,  // malformed, unsupported or over-limit input
  kExitVerifyFailed = 5,  // signature, hash or base mismatch
  kExitServer = 6,        // the server refused the request (see message)
};

// Maps a Status code to the documented exit code.
int ExitCodeFor(const Status& s);

// Prints "suture: <context>: <message>" on one line to stderr and returns the exit code.
int Fail(const Status& s, const std::string& context = "");

// Each command group registers its subcommands; the callback stores its exit code in *rc.
void AddKeyCommands(CLI::App& app, int* rc);
void AddDiffCommands(CLI::App& app, int* rc);

}  // namespace suture::cli

#endif  // SUTURE_DIFF_SRC_CLI_CLI_COMMON_H_

// The command groups of the one `suture` binary, for its main() and for tests
// that drive a command in-process. Build pipelines use the binary:
//
//   suture keygen | sign | verify | inspect       (cmd_keys.cc)
//   suture diff | apply                           (cmd_diff.cc)
//   suture publish | app | release | token | aggregates
//                                                 (cmd_server.cc: HTTP calls
//                                                  to a suture-server, libcurl)
//
// --server and --token of the server commands default to $SUTURE_SERVER and
// $SUTURE_TOKEN. Results are printed on stdout; a failure prints one line
// "suture: <what>: <why>" on stderr and sets a documented exit code.
//
// Thread-safety: registration runs once at start-up from one thread.
#ifndef SUTURE_CLI_COMMANDS_H_
#define SUTURE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace suture::cli {

// Exit codes, documented in docs/cli.md and never renumbered.
enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,      // a bug or an unexpected failure
  kExitUsage = 2,         // bad command line
  kExitIo = 3,            // a file could not be read or written, or no connection
  kExitInvalidInput = 4,  // malformed, unsupported or over-limit input
  kExitVerifyFailed = 5,  // signature, hash or base mismatch
  kExitServer = 6,        // the server refused the request (see message)
};

// Each group registers its subcommands on `app`; a command's callback stores
// its exit code in *rc. REQUIRES: *rc outlives app.parse().
void AddKeyCommands(CLI::App& app, int* rc);
void AddDiffCommands(CLI::App& app, int* rc);
void AddServerCommands(CLI::App& app, int* rc);
// Same as AddServerCommands(app, rc) with an internal exit code, read back
// with ServerCommandsExitCode().
void AddServerCommands(CLI::App& app);
int ServerCommandsExitCode();

}  // namespace suture::cli

#endif  // SUTURE_CLI_COMMANDS_H_

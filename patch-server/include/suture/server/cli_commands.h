// `suture` subcommands that talk to a suture-server over HTTP (libcurl):
//
//   suture publish --server URL --token T --app APP PATCH
//   suture app register --server URL --token T --app APP --pubkey FILE
//   suture release create|list|show|edit|ramp|pause|resume|rollback ...
//   suture token create --role ROLE [--app APP] [--name NAME]
//   suture aggregates --app APP (--release ID | --base FINGERPRINT)
//
// --server and --token default to $SUTURE_SERVER and $SUTURE_TOKEN. Results
// are printed as JSON on stdout; a refusal prints "suture: <code>: <message>"
// on stderr. Exit codes follow docs/cli.md: 0 ok, 3 file I/O or connection,
// 4 invalid input, 5 verification failed, 6 the server refused.
//
// Thread-safety: registration runs once at start-up from main().
#ifndef SUTURE_SERVER_CLI_COMMANDS_H_
#define SUTURE_SERVER_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace suture::server {

// Registers the subcommands; a command's callback stores its exit code in *rc
// (the pattern of the other `suture` command groups).
void AddServerCommands(CLI::App& app, int* rc);
// Same; the exit code is then read with ServerCommandsExitCode().
void AddServerCommands(CLI::App& app);
int ServerCommandsExitCode();

}  // namespace suture::server

#endif  // SUTURE_SERVER_CLI_COMMANDS_H_

// Test harness: runs the REAL suture-server binary as a child process on a
// free loopback port with a throw-away data folder, plus a small libcurl
// client and signed test bundles built with suture::bundle.
#ifndef SUTURE_TESTS_SERVER_SERVER_HARNESS_H_
#define SUTURE_TESTS_SERVER_SERVER_HARNESS_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "suture/core/byte_io.h"
#include "suture/core/crypto.h"

namespace suture::server::testing {

struct Response {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  nlohmann::json Json() const { return nlohmann::json::parse(body, nullptr, false); }
  // error.code / error.message of a JSON error body ("" when absent).
  std::string ErrorCode() const;
  std::string ErrorMessage() const;
};

Response Http(const std::string& method, const std::string& url, const std::string& body = "",
              const std::vector<std::string>& headers = {});

// A fresh temp folder, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// With SUTURE_TEST_PG_URL set (postgresql://user@host:port, by the ctest
// fixture "postgresql"): the URL of a database of its own for `data_dir`
// (created when new), which ServerProcess passes as --db. "" otherwise:
// the server keeps SQLite in its data folder.
std::string TestDatabaseUrl(const std::string& data_dir);

class ServerProcess {
 public:
  // Starts suture-server --data `data_dir` --listen 127.0.0.1:0 `extra_args`
  // and waits for its "listening on" line (after "device listener on", when
  // the device listener is on). Aborts the test on failure.
  ServerProcess(const std::string& data_dir, const std::vector<std::string>& extra_args = {});
  ~ServerProcess();  // SIGTERM + wait
  void Kill9();      // SIGKILL + wait
  const std::string& url() const { return url_; }
  // The device listener's URL ("" with --device-listen off).
  const std::string& device_url() const { return device_url_; }
  // Bootstrap admin token (first start only).
  const std::string& admin_token() const { return admin_token_; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::string url_;
  std::string device_url_;
  std::string admin_token_;
};

// Runs suture-server with `args` (a start that must fail) until it exits:
// returns its wait status and everything it wrote on stderr.
std::pair<int, std::string> RunServerToExit(const std::vector<std::string>& args);

// Creates a release of `patch_id` at 100% with auto-halt on (apply failure
// rate 5%, 20 attempts, z 2.0); returns its id ("" on failure, recorded).
std::string CreateAutoHaltRelease(const std::string& url, const std::string& admin_token,
                                  const std::string& app, const nlohmann::json& patch_id);

// A signed single-file bundle turning `base` into `target` for `app_id`, in
// bundle format `format_version` (docs/format.md: 2, or 1 for old clients).
Bytes MakeBundle(const std::string& app_id, ByteView base, ByteView target,
                 uint64_t patch_version, const PrivateKey* key, uint16_t format_version = 2);
Bytes RandomBytes(size_t n, uint32_t seed);

std::string Bearer(const std::string& token);
std::string AppKeyHeader(const std::string& key);

// Registers `app` on the server at `url` with a fresh release key (stored in
// *key_out) using the admin token; returns the app key ("" on failure, with a
// test failure recorded).
std::string RegisterTestApp(const std::string& url, const std::string& admin_token,
                            const std::string& app, PrivateKey* key_out);
// A device context on the build `base` (android, sdk 33, app 1.2.0).
nlohmann::json TestDevice(const std::string& device_id, ByteView base);

}  // namespace suture::server::testing

#endif  // SUTURE_TESTS_SERVER_SERVER_HARNESS_H_

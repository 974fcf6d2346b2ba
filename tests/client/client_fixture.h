// Fixture for client-lib tests against the REAL suture-server (started by
// tests/server/server_harness on a free loopback port) with real bundles made
// by the `suture` CLI from two small ZIP archives, plus a loopback TCP proxy
// that can cut connections after N bytes.
#ifndef SUTURE_TESTS_CLIENT_CLIENT_FIXTURE_H_
#define SUTURE_TESTS_CLIENT_CLIENT_FIXTURE_H_

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server_harness.h"
#include "suture/client/client.h"
#include "suture/core/crypto.h"

namespace suture::client::testing {

// Forwards 127.0.0.1:port() to an upstream host:port; the first `cuts`
// connections are closed after `cut_after` bytes from upstream.
class CuttingProxy {
 public:
  CuttingProxy();
  ~CuttingProxy();
  int port() const { return port_; }
  void SetUpstream(const std::string& http_url);  // "http://127.0.0.1:P"
  void CutFirst(int cuts, uint64_t cut_after) { cuts_ = cuts; cut_after_ = cut_after; }
  // Connections after the first `cuts` are closed after `n` bytes (0 = off).
  void CutRest(uint64_t n) { rest_cut_after_ = n; }
  // Flips byte `n` (counted from the start of each upstream answer, headers
  // included) of every connection; 0 = off.
  void CorruptByte(uint64_t n) { corrupt_at_ = n; }
  int connections() const { return connections_.load(); }
  int cuts_done() const { return cuts_done_.load(); }

 private:
  void AcceptLoop();
  void Serve(int client);
  int listen_fd_ = -1, port_ = 0, upstream_port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> cuts_{0}, connections_{0}, cuts_done_{0};
  std::atomic<uint64_t> cut_after_{0}, corrupt_at_{0}, rest_cut_after_{0};
  std::thread acceptor_;
  std::vector<std::thread> workers_;
};

class ClientServerTest : public ::testing::Test {
 protected:
  static constexpr const char* kApp = "com.example.client";
  // Extra server flags (before start), e.g. --blob-base-url.
  virtual std::vector<std::string> ServerArgs() { return {}; }
  void SetUp() override;
  void TearDown() override;

  // The old and new archives (members by name) and their files.
  std::map<std::string, std::string> old_members_, new_members_;
  std::string old_zip_, new_zip_;
  // Makes a signed bundle with `suture diff`, publishes it, releases it to
  // 100% (superseding release `supersedes`, ahead of it, when given). Returns the release
  // id ("" on failure).
  std::string PublishAndRelease(const std::string& old_path, const std::string& new_path,
                                uint64_t patch_version, std::string* patch_id = nullptr,
                                const std::string& supersedes = "");
  // Writes a ZIP of `members` as <temp>/<name>; returns its path.
  std::string MakeArchive(const std::string& name, const std::map<std::string, std::string>& members);
  Config MakeConfig(const std::string& device, const std::string& state_name,
                    const std::string& base_path = "");
  std::string State(const std::string& name) const { return dir_->path() + "/" + name; }
  // The installed folder's files equal the new archive's changed/added members.
  void ExpectInstalledNewMembers(const std::string& state);
  // No staging folders, partial downloads or atomic-write temp files left.
  void ExpectNoLeftovers(const std::string& state);
  // Nothing installed: no `current`, no patch folders.
  void ExpectNothingInstalled(const std::string& state);
  nlohmann::json Aggregates(const std::string& release_id);
  nlohmann::json StatusOf(const std::string& state);

  std::unique_ptr<server::testing::TempDir> dir_;
  std::unique_ptr<server::testing::ServerProcess> server_;
  std::string app_key_, release_pub_pem_, server_pub_pem_, release_key_path_;
};

// Runs `argv` (no shell); returns the exit status (or 128 + signal).
// True when the aggregates answer (Aggregates()) has a cell of `metric`.
bool HasMetric(const nlohmann::json& agg, const std::string& metric);

int RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
               std::string* out = nullptr);

}  // namespace suture::client::testing

#endif  // SUTURE_TESTS_CLIENT_CLIENT_FIXTURE_H_

#include "client_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "engine.h"
#include "suture/core/file_util.h"

namespace suture::client::testing {

namespace fs = std::filesystem;
using server::testing::Bearer;
using server::testing::Http;

// ---- CuttingProxy ----

CuttingProxy::CuttingProxy() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  ::listen(listen_fd_, 64);
  socklen_t len = sizeof(a);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

CuttingProxy::~CuttingProxy() {
  stop_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  acceptor_.join();
  for (auto& t : workers_) t.join();
}

void CuttingProxy::SetUpstream(const std::string& url) {
  upstream_port_ = std::stoi(url.substr(url.rfind(':') + 1));
}

void CuttingProxy::AcceptLoop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int c = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    workers_.emplace_back([this, c] { Serve(c); });
  }
}

void CuttingProxy::Serve(int client) {
  const int n = connections_++;
  const uint64_t rest = rest_cut_after_;
  const bool cut = n < cuts_ || rest != 0;
  const uint64_t cut_after = n < cuts_ ? cut_after_.load() : rest;
  const int up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(upstream_port_));
  if (::connect(up, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    ::close(up);
    ::close(client);
    return;
  }
  uint64_t down = 0;
  char buf[4096];
  while (!stop_) {
    pollfd p[2] = {{client, POLLIN, 0}, {up, POLLIN, 0}};
    if (::poll(p, 2, 200) < 0) break;
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t r = ::read(client, buf, sizeof(buf));
      if (r <= 0 || ::write(up, buf, static_cast<size_t>(r)) != r) break;
    }
    if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t r = ::read(up, buf, sizeof(buf));
      if (r <= 0) break;
      if (cut && down + static_cast<uint64_t>(r) > cut_after) r = static_cast<ssize_t>(cut_after - down);
      const uint64_t flip = corrupt_at_;
      if (flip != 0 && flip >= down && flip < down + static_cast<uint64_t>(r)) buf[flip - down] ^= 0x55;
      if (r > 0 && ::write(client, buf, static_cast<size_t>(r)) != r) break;
      down += static_cast<uint64_t>(r);
      if (cut && down >= cut_after) {
        cuts_done_++;
        break;
      }
    }
  }
  ::close(up);
  ::close(client);
}

// ---- processes ----

int RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               std::string* out) {
  int pipefd[2];
  if (::pipe(pipefd) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipefd[1], 1);
    ::dup2(pipefd[1], 2);
    ::close(pipefd[0]);
    ::close(pipefd[1]);
    for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> a;
    for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
    a.push_back(nullptr);
    ::execv(a[0], a.data());
    std::_Exit(127);
  }
  ::close(pipefd[1]);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof(buf))) > 0) text.append(buf, static_cast<size_t>(n));
  ::close(pipefd[0]);
  int st = 0;
  ::waitpid(pid, &st, 0);
  if (out) *out = text;
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return WEXITSTATUS(st);
}

// ---- ClientServerTest ----

namespace {

std::string Random(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>('a' + rng() % 26);
  return s;
}

std::string RandomBinary(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

void WriteZip(const std::string& path, const std::map<std::string, std::string>& members) {
  auto w = engine::ZipWriter::ToMemory();
  for (const auto& [name, data] : members) ASSERT_TRUE(w->AddEntry(name, AsBytes(data)).ok());
  ASSERT_TRUE(w->Finish().ok());
  ASSERT_TRUE(WriteFileAtomic(path, w->TakeBytes()).ok());
}

}  // namespace

void ClientServerTest::SetUp() {
  dir_ = std::make_unique<server::testing::TempDir>();
  std::vector<std::string> args = {"--device-rate", "1000", "--device-burst", "1000"};
  for (auto& a : ServerArgs()) args.push_back(a);
  server_ = std::make_unique<server::testing::ServerProcess>(dir_->path() + "/server", args);
  ASSERT_FALSE(server_->url().empty());
  PrivateKey key;
  app_key_ = server::testing::RegisterTestApp(server_->url(), server_->admin_token(), kApp, &key);
  ASSERT_FALSE(app_key_.empty());
  release_key_path_ = dir_->path() + "/release.key";
  ASSERT_TRUE(key.SaveFile(release_key_path_).ok());
  release_pub_pem_ = key.public_key().ToPem();
  auto r = Http("GET", server_->url() + "/v1/server-key");
  ASSERT_EQ(r.status, 200) << r.body;
  server_pub_pem_ = r.Json().value("public_key", "");
  ASSERT_FALSE(server_pub_pem_.empty());

  const std::string lib = Random(40000, 1);
  std::string lib2 = lib;
  lib2.replace(20000, 16, "patched-function");
  old_members_ = {{"assets/config.txt", "mode=old\n" + Random(3000, 2)},
                  {"lib/arm64-v8a/libapp.so", lib},
                  {"res/logo.png", Random(5000, 3)},
                  {"res/old.txt", "gone soon"}};
  new_members_ = {{"assets/config.txt", "mode=new\n" + Random(3000, 2)},
                  {"lib/arm64-v8a/libapp.so", lib2},
                  {"res/logo.png", old_members_["res/logo.png"]},
                  {"assets/new.txt", "brand new member"},
                  {"assets/blob.bin", RandomBinary(120000, 4)}};
  old_zip_ = dir_->path() + "/old.apk";
  new_zip_ = dir_->path() + "/new.apk";
  WriteZip(old_zip_, old_members_);
  WriteZip(new_zip_, new_members_);
}

void ClientServerTest::TearDown() {
  ::unsetenv("SUTURE_CLIENT_WORKER_FAULT");
  server_.reset();
  dir_.reset();
}

std::string ClientServerTest::PublishAndRelease(const std::string& old_path,
                                                const std::string& new_path,
                                                uint64_t patch_version, std::string* patch_id,
                                                const std::string& supersedes) {
  const std::string bundle = dir_->path() + "/p" + std::to_string(patch_version) + ".bin";
  std::string out;
  const int rc = RunProcess({SUTURE_CLI_PATH, "diff", old_path, new_path, "-o", bundle, "--key",
                             release_key_path_, "--app-id", kApp, "--patch-version",
                             std::to_string(patch_version)},
                            {}, &out);
  EXPECT_EQ(rc, 0) << out;
  auto bytes = ReadFile(bundle);
  EXPECT_TRUE(bytes.ok());
  if (rc != 0 || !bytes.ok()) return "";
  const std::string body(bytes->begin(), bytes->end());
  auto pub = Http("POST", server_->url() + "/v1/apps/" + kApp + "/patches", body,
                  {Bearer(server_->admin_token()), "Content-Type: application/octet-stream"});
  EXPECT_EQ(pub.status, 201) << pub.body;
  const std::string pid = pub.Json().value("id", "");
  if (patch_id) *patch_id = pid;
  nlohmann::json rel{{"patch_id", pid}, {"percent", 100}};
  if (!supersedes.empty()) {
    rel["supersedes"] = {supersedes};
    rel["priority"] = patch_version;  // considered before the release it replaces
  }
  auto r = Http("POST", server_->url() + "/v1/apps/" + kApp + "/releases", rel.dump(),
                {Bearer(server_->admin_token())});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.Json().value("id", "");
}

std::string ClientServerTest::MakeArchive(const std::string& name,
                                          const std::map<std::string, std::string>& members) {
  const std::string path = dir_->path() + "/" + name;
  WriteZip(path, members);
  return path;
}

Config ClientServerTest::MakeConfig(const std::string& device, const std::string& state_name,
                                    const std::string& base_path) {
  Config c;
  c.server_url = server_->url();
  c.app_id = kApp;
  c.app_key = app_key_;
  c.release_public_key_pem = release_pub_pem_;
  c.server_public_key_pem = server_pub_pem_;
  c.device_id = device;
  c.attributes = {{"os", "android"}, {"sdk", "33"}, {"model", "Pixel 8"}, {"beta", "1"}};
  c.state_dir = State(state_name);
  c.base_path = base_path.empty() ? old_zip_ : base_path;
  c.worker_path = SUTURE_CLIENT_WORKER_PATH;
  c.backoff_base_ms = 20;
  c.backoff_cap_ms = 200;
  c.merge_retry_base_ms = 0;  // tests that want the merge backoff set it
  return c;
}

bool HasMetric(const nlohmann::json& agg, const std::string& metric) {
  for (const auto& cell : agg["series"]) {
    if (cell["metric"] == metric) return true;
  }
  return false;
}

void ClientServerTest::ExpectInstalledNewMembers(const std::string& state) {
  auto cur = ReadFile(state + "/current");
  ASSERT_TRUE(cur.ok()) << "no current pointer in " << state;
  auto j = nlohmann::json::parse(AsStringView(*cur));
  const std::string folder = state + "/patches/" + j["folder"].get<std::string>() + "/patch";
  for (const auto& [name, data] : new_members_) {
    auto old = old_members_.find(name);
    if (old != old_members_.end() && old->second == data) continue;  // unchanged: not in the folder
    auto got = ReadFile(folder + "/" + name);
    ASSERT_TRUE(got.ok()) << folder << "/" << name;
    EXPECT_EQ(ToHex(Sha256(*got)), ToHex(Sha256(AsBytes(data)))) << name;
  }
  EXPECT_TRUE(fs::exists(folder + "/.suture/manifest.json"));
  EXPECT_FALSE(fs::exists(folder + "/res/logo.png"));
}

void ClientServerTest::ExpectNoLeftovers(const std::string& state) {
  EXPECT_TRUE(fs::is_empty(state + "/staging")) << state;
  for (const auto& e : fs::recursive_directory_iterator(state)) {
    const std::string name = e.path().filename().string();
    EXPECT_EQ(name.find(".suture-"), std::string::npos) << e.path();
    EXPECT_FALSE(name.ends_with(".part")) << e.path();
  }
}

void ClientServerTest::ExpectNothingInstalled(const std::string& state) {
  EXPECT_FALSE(fs::exists(state + "/current")) << state;
  if (fs::exists(state + "/patches")) {
    EXPECT_TRUE(fs::is_empty(state + "/patches")) << state;
  }
}

nlohmann::json ClientServerTest::Aggregates(const std::string& release_id) {
  auto r = Http("GET", server_->url() + "/v1/apps/" + kApp + "/aggregates?release=" + release_id, "",
                {Bearer(server_->admin_token())});
  EXPECT_EQ(r.status, 200) << r.body;
  return r.Json();
}

nlohmann::json ClientServerTest::StatusOf(const std::string& state) {
  Config c;
  c.state_dir = state;
  std::unique_ptr<Client> client;
  EXPECT_TRUE(Client::Create(c, &client).ok());
  std::string text;
  EXPECT_TRUE(client->StatusJson(&text).ok());
  return nlohmann::json::parse(text);
}

}  // namespace suture::client::testing

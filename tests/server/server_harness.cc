#include "server_harness.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string_view>

#include "suture/apply/bundle.h"
#include "suture/create/bundle_writer.h"

namespace suture::server::testing {

std::string Response::ErrorCode() const {
  auto j = Json();
  if (j.is_object() && j.contains("error")) return j["error"].value("code", "");
  return "";
}
std::string Response::ErrorMessage() const {
  auto j = Json();
  if (j.is_object() && j.contains("error")) return j["error"].value("message", "");
  return "";
}

namespace {
size_t OnBody(char* p, size_t s, size_t n, void* u) {
  static_cast<std::string*>(u)->append(p, s * n);
  return s * n;
}
size_t OnHeader(char* p, size_t s, size_t n, void* u) {
  std::string line(p, s * n);
  const size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    (*static_cast<std::map<std::string, std::string>*>(u))[name] = value;
  }
  return s * n;
}
}  // namespace

Response Http(const std::string& method, const std::string& url, const std::string& body,
              const std::vector<std::string>& headers) {
  Response r;
  CURL* c = curl_easy_init();
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
  if (method == "POST" || method == "PUT") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  if (method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(c);
  if (rc != CURLE_OK) r.body = curl_easy_strerror(rc);
  return r;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "suture-server-test-XXXXXX").string();
  char* p = ::mkdtemp(tmpl.data());
  if (p == nullptr) std::abort();
  path_ = p;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

// Starts suture-server with `args`, its descriptor `fd` (1 or 2) on a pipe
// whose read end goes to *read_end. Returns the child's pid.
pid_t SpawnServer(const std::vector<std::string>& args, int fd, int* read_end) {
  int out[2];
  if (::pipe(out) != 0) std::abort();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], fd);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<std::string> all = {SUTURE_SERVER_PATH};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::_Exit(127);
  }
  ::close(out[1]);
  *read_end = out[0];
  return pid;
}

}  // namespace

std::pair<int, std::string> RunServerToExit(const std::vector<std::string>& args) {
  int err = -1;
  const pid_t pid = SpawnServer(args, 2, &err);
  std::string text;
  char buf[4096];
  // The pipe closes when the server exits; one that started instead keeps it
  // open: give up after 60 s of silence and stop it.
  pollfd p{err, POLLIN, 0};
  while (::poll(&p, 1, 60000) > 0) {
    const ssize_t n = ::read(err, buf, sizeof(buf));
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(err);
  ::kill(pid, SIGKILL);  // a no-op once it has exited
  int st = 0;
  ::waitpid(pid, &st, 0);
  return {st, text};
}

std::string CreateAutoHaltRelease(const std::string& url, const std::string& admin_token,
                                  const std::string& app, const nlohmann::json& patch_id) {
  Response rel = Http("POST", url + "/v1/apps/" + app + "/releases",
                      nlohmann::json{{"patch_id", patch_id},
                                     {"percent", 100},
                                     {"auto_halt",
                                      {{"enabled", true},
                                       {"max_apply_failure_rate", 0.05},
                                       {"min_attempts", 20},
                                       {"z_critical", 2.0}}}}
                          .dump(),
                      {Bearer(admin_token)});
  EXPECT_EQ(rel.status, 201) << rel.body;
  return rel.Json().value("id", "");
}

std::string TestDatabaseUrl(const std::string& data_dir) {
  const char* pg = std::getenv("SUTURE_TEST_PG_URL");
  if (pg == nullptr || *pg == '\0') return "";
  // One database per data folder: a server restarted on the same folder
  // finds its data again, as with SQLite.
  char name[32];
  std::snprintf(name, sizeof(name), "t_%016zx", std::hash<std::string>{}(data_dir));
  const std::string create = "psql -q -X '" + std::string(pg) +
                             "/postgres' -c 'CREATE DATABASE " + name + "' >/dev/null 2>&1";
  (void)std::system(create.c_str());  // fails harmlessly when it exists
  return std::string(pg) + "/" + name;
}

ServerProcess::ServerProcess(const std::string& data_dir, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--data", data_dir, "--listen", "127.0.0.1:0"};
  if (const std::string db = TestDatabaseUrl(data_dir); !db.empty()) {
    args.push_back("--db");
    args.push_back(db);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  int out = -1;
  pid_ = SpawnServer(args, 1, &out);
  FILE* f = ::fdopen(out, "r");
  char line[512];
  while (std::fgets(line, sizeof(line), f) != nullptr) {
    std::string l(line);
    while (!l.empty() && l.back() == '\n') l.pop_back();
    if (l.rfind("admin token: ", 0) == 0) admin_token_ = l.substr(13);
    constexpr std::string_view kDevice = "device listener on ";
    if (l.rfind(kDevice, 0) == 0) device_url_ = l.substr(kDevice.size());
    if (l.rfind("listening on ", 0) == 0) {
      url_ = l.substr(13);
      break;
    }
  }
  // Keep reading stdout in the background is unnecessary: the server prints
  // nothing more. Close our end.
  std::fclose(f);
  if (url_.empty()) {
    ADD_FAILURE() << "suture-server did not start (data " << data_dir << ")";
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int st = 0;
    ::waitpid(pid_, &st, 0);
  }
}

void ServerProcess::Kill9() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
  }
}

Bytes RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  Bytes b(n);
  for (auto& x : b) x = static_cast<uint8_t>(rng());
  return b;
}

Bytes MakeBundle(const std::string& app_id, ByteView base, ByteView target,
                 uint64_t patch_version, const PrivateKey* key, uint16_t format_version) {
  diff::BundleBuilder b;
  b.set_format_version(format_version);
  const uint32_t stream = b.AddStream(target, diff::StreamCodec::kRaw);
  diff::Manifest& m = b.manifest();
  m.app_id = app_id;
  m.target_build_id = "build-" + std::to_string(patch_version);
  m.patch_version = patch_version;
  m.kind = diff::ContainerKind::kFile;
  m.base_size = base.size();
  m.base_fingerprint = Sha256(base);
  m.target_size = target.size();
  m.target_sha256 = Sha256(target);
  diff::BundleEntry e;
  e.op = diff::EntryOp::kPatch;
  e.method = diff::PatchMethod::kRaw;
  e.old_size = base.size();
  e.old_sha256 = Sha256(base);
  e.new_size = target.size();
  e.new_sha256 = Sha256(target);
  e.stream = stream;
  m.entries.push_back(e);
  auto out = b.Finish(key);
  if (!out.ok()) {
    ADD_FAILURE() << "BundleBuilder::Finish: " << out.status().ToString();
    return {};
  }
  return *out;
}

std::string Bearer(const std::string& token) { return "Authorization: Bearer " + token; }
std::string AppKeyHeader(const std::string& key) { return "X-Suture-App-Key: " + key; }

std::string RegisterTestApp(const std::string& url, const std::string& admin_token,
                            const std::string& app, PrivateKey* key_out) {
  auto key = PrivateKey::Generate();
  EXPECT_TRUE(key.ok());
  if (!key.ok()) return "";
  nlohmann::json body{{"app_id", app}, {"release_public_key", key->public_key().ToPem()}};
  Response r = Http("POST", url + "/v1/apps", body.dump(), {Bearer(admin_token)});
  EXPECT_EQ(r.status, 201) << r.body;
  *key_out = std::move(*key);
  return r.Json().value("app_key", "");
}

nlohmann::json TestDevice(const std::string& device_id, ByteView base) {
  return nlohmann::json{{"device_id", device_id},
                        {"base_fingerprint", ToHex(Sha256(base))},
                        {"os", "android"},
                        {"sdk", 33},
                        {"app_version", "1.2.0"}};
}

}  // namespace suture::server::testing

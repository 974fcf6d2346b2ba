// Issue 16 rows 10 and 11 on a real small tmpfs (needs root for mount; the
// tests skip otherwise): start-up on a full disk exits non-zero with one
// line, publish on a full disk is 507 insufficient_storage without a server
// path, reports are 503 + Retry-After, checks keep answering, and once the
// tmpfs grows again everything refused is accepted and nothing is lost.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "server_harness.h"

namespace suture::server::testing {
namespace {

using nlohmann::json;

std::string S(const Bytes& b) { return std::string(b.begin(), b.end()); }

// A tmpfs of `size` mounted on a fresh folder, unmounted by the destructor.
class Tmpfs {
 public:
  explicit Tmpfs(const std::string& size) {
    const std::string opts = "size=" + size;
    mounted_ =
        ::geteuid() == 0 && ::mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, opts.c_str()) == 0;
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& path() const { return dir_.path(); }
  bool Resize(const std::string& size) {
    const std::string opts = "size=" + size;
    return ::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_REMOUNT, opts.c_str()) == 0;
  }
  // Writes a filler file until the file system refuses (ENOSPC).
  void Fill() {
    const std::string f = dir_.path() + "/filler-" + std::to_string(fills_++);
    const int fd = ::open(f.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    const std::string chunk(4096, 'x');
    while (::write(fd, chunk.data(), chunk.size()) > 0) {
    }
    const int e = errno;
    ::close(fd);
    EXPECT_EQ(e, ENOSPC);
  }

 private:
  TempDir dir_;
  bool mounted_ = false;
  int fills_ = 0;
};

TEST(FullDiskTest, StartUpOnAFullDiskExitsWithOneLine) {
  Tmpfs fs("1m");
  if (!fs.mounted()) GTEST_SKIP() << "needs root to mount a tmpfs";
  fs.Fill();
  auto [st, err] = RunServerToExit({"--data", fs.path() + "/data", "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(WIFEXITED(st)) << "killed by signal " << (WIFSIGNALED(st) ? WTERMSIG(st) : 0)
                             << "; stderr: " << err;
  EXPECT_NE(WEXITSTATUS(st), 0);
  ASSERT_FALSE(err.empty());
  EXPECT_EQ(err.find('\n'), err.size() - 1) << "more than one line: " << err;
  EXPECT_NE(err.find("cannot open data folder"), std::string::npos) << err;
  EXPECT_TRUE(err.find("insufficient_storage") != std::string::npos ||
              err.find("No space left") != std::string::npos)
      << err;
}

// A data folder that worked, on a disk that filled up while the server was
// down: SQLite cannot create its WAL files, the start fails with one line.
TEST(FullDiskTest, RestartOnAFullDiskExitsWithOneLine) {
  Tmpfs fs("8m");
  if (!fs.mounted()) GTEST_SKIP() << "needs root to mount a tmpfs";
  const std::string data = fs.path() + "/data";
  {
    ServerProcess server(data);
    ASSERT_FALSE(server.url().empty());
    PrivateKey key;
    ASSERT_FALSE(RegisterTestApp(server.url(), server.admin_token(), "app", &key).empty());
  }
  fs.Fill();
  auto [st, err] = RunServerToExit({"--data", data, "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(WIFEXITED(st)) << "stderr: " << err;
  EXPECT_EQ(WEXITSTATUS(st), 1);
  EXPECT_EQ(err.find('\n'), err.size() - 1) << "more than one line: " << err;
  EXPECT_NE(err.find("insufficient_storage: cannot open data folder"), std::string::npos) << err;
}

TEST(FullDiskTest, PublishAndReportWhileFullThenRecover) {
  Tmpfs fs("24m");
  if (!fs.mounted()) GTEST_SKIP() << "needs root to mount a tmpfs";
  const std::string data = fs.path() + "/data";
  ServerProcess server(data);
  ASSERT_FALSE(server.url().empty());
  const std::string admin = server.admin_token();
  PrivateKey key;
  const std::string app_key = RegisterTestApp(server.url(), admin, "full.app", &key);
  const Bytes base = RandomBytes(100, 1);
  auto publish = [&](uint64_t version) {
    return Http("POST", server.url() + "/v1/apps/full.app/patches",
                S(MakeBundle("full.app", base, RandomBytes(200000, 100 + version), version, &key)),
                {Bearer(admin), "Content-Type: application/octet-stream"});
  };
  Response first = publish(1);
  ASSERT_EQ(first.status, 201) << first.body;
  Response rel =
      Http("POST", server.url() + "/v1/apps/full.app/releases",
           json{{"patch_id", first.Json()["id"]}, {"percent", 100}}.dump(), {Bearer(admin)});
  ASSERT_EQ(rel.status, 201) << rel.body;
  const std::string release = rel.Json()["id"];

  fs.Fill();

  // Publish: 507, a JSON error with no server path in it.
  Response full = publish(2);
  EXPECT_EQ(full.status, 507) << full.body;
  EXPECT_EQ(full.ErrorCode(), "insufficient_storage") << full.body;
  EXPECT_EQ(full.body.find(fs.path()), std::string::npos) << full.body;
  EXPECT_EQ(full.body.find("upload-"), std::string::npos) << full.body;
  EXPECT_EQ(full.body.find('\n'), std::string::npos);

  // Reports: SQLite may still reuse free pages of its files for a while;
  // keep reporting (one new event each) until the disk refuses one.
  int accepted = 0;
  json refused;
  Response r;
  for (int i = 0; i < 2000 && refused.is_null(); ++i) {
    json report{
        {"device", TestDevice("d" + std::to_string(i), base)},
        {"events",
         {{{"event_id", "e" + std::to_string(i)}, {"kind", "applied"}, {"release_id", release}}}}};
    const std::string& port = i % 2 == 0 ? server.device_url() : server.url();
    r = Http("POST", port + "/v1/apps/full.app/report", report.dump(), {AppKeyHeader(app_key)});
    if (r.status == 200) {
      ++accepted;
    } else {
      refused = report;
    }
  }
  ASSERT_FALSE(refused.is_null()) << "no report was refused on a full disk";
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.ErrorCode(), "unavailable") << r.body;
  EXPECT_FALSE(r.headers["retry-after"].empty());
  EXPECT_EQ(r.body.find(fs.path()), std::string::npos) << r.body;

  // Checks keep answering on both ports.
  for (int i = 0; i < 10; ++i) {
    const std::string& port = i % 2 == 0 ? server.device_url() : server.url();
    Response c =
        Http("POST", port + "/v1/apps/full.app/check",
             TestDevice("checker-" + std::to_string(i), base).dump(), {AppKeyHeader(app_key)});
    EXPECT_EQ(c.status, 200) << c.body;
  }

  // Space returns: the refused report and the publish go through, and every
  // accepted event and every check is in the aggregates.
  ASSERT_TRUE(fs.Resize("96m"));
  Response retry = Http("POST", server.device_url() + "/v1/apps/full.app/report", refused.dump(),
                        {AppKeyHeader(app_key)});
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(retry.Json()["accepted"], 1);
  Response again = publish(2);
  EXPECT_EQ(again.status, 201) << again.body;
  Response agg = Http("GET", server.url() + "/v1/apps/full.app/aggregates?release=" + release, "",
                      {Bearer(admin)});
  ASSERT_EQ(agg.status, 200) << agg.body;
  EXPECT_EQ(agg.Json()["totals"].value("applied", 0), accepted + 1) << agg.body;
  const std::string base_hex = TestDevice("x", base)["base_fingerprint"];
  Response checks = Http("GET", server.url() + "/v1/apps/full.app/aggregates?base=" + base_hex, "",
                         {Bearer(admin)});
  ASSERT_EQ(checks.status, 200) << checks.body;
  EXPECT_EQ(checks.Json()["totals"].value("checked", 0), 10) << checks.body;
}

}  // namespace
}  // namespace suture::server::testing

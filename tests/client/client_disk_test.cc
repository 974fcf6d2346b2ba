// A full disk, on a real tmpfs (needs root; skipped otherwise): the merge is
// refused before it starts with no_space, reported, nothing half-installed,
// and the next sync succeeds once there is space again.
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>

#include "client_fixture.h"

namespace suture::client::testing {
namespace {

namespace fs = std::filesystem;

class SmallTmpfs {
 public:
  SmallTmpfs(const std::string& path, const std::string& size) : path_(path) {
    fs::create_directories(path);
    mounted_ = ::geteuid() == 0 &&
               ::mount("tmpfs", path.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
  }
  ~SmallTmpfs() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  bool Resize(const std::string& size) {
    return ::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT, ("size=" + size).c_str()) == 0;
  }

 private:
  std::string path_;
  bool mounted_ = false;
};

TEST_F(ClientServerTest, FullDiskIsRefusedReportedAndRecovered) {
  const std::string rel = PublishAndRelease(old_zip_, new_zip_, 1);
  ASSERT_FALSE(rel.empty());
  SmallTmpfs disk(State("disk"), "192k");
  if (!disk.mounted()) GTEST_SKIP() << "needs root to mount a tmpfs";
  Config cfg = MakeConfig("dev-d", "disk");
  cfg.space_margin = 16 << 10;
  {
    std::unique_ptr<Client> c;
    ASSERT_TRUE(Client::Create(cfg, &c).ok());
    SyncOutcome o = c->Sync();
    EXPECT_EQ(o.result.code, Code::kNoSpace) << o.result.message;
    ExpectNothingInstalled(State("disk"));
    EXPECT_TRUE(fs::is_empty(State("disk") + "/staging"));
  }
  auto agg = Aggregates(rel);
  EXPECT_EQ(agg["apply_failed_by_code"].value(std::to_string(SUTURE_E_NO_SPACE), 0), 1) << agg.dump();
  ASSERT_TRUE(disk.Resize("8m"));
  std::unique_ptr<Client> c;
  ASSERT_TRUE(Client::Create(cfg, &c).ok());
  SyncOutcome o = c->Sync();
  ASSERT_TRUE(o.result.ok()) << o.result.message;
  EXPECT_EQ(o.download_attempts, 0);  // the blob downloaded before was kept
  ExpectInstalledNewMembers(State("disk"));
  ExpectNoLeftovers(State("disk"));
}

}  // namespace
}  // namespace suture::client::testing

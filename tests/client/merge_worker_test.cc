// The merge worker process and the installer's output checks, on a signed
// plain-file bundle made in memory (no server needed).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "client_impl.h"
#include "engine.h"
#include "suture/create/bundle_writer.h"
#include "suture/core/file_util.h"
#include "worker.h"

namespace suture::client {
namespace {

namespace fs = std::filesystem;

Bytes Pattern(size_t n, uint8_t seed) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i * 31 + seed);
  return b;
}

class MergeWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string t = (fs::temp_directory_path() / "suture-client-merge-XXXXXX").string();
    ASSERT_NE(::mkdtemp(t.data()), nullptr);
    dir_ = t;
    auto key = PrivateKey::Generate();
    ASSERT_TRUE(key.ok());
    key_ = std::move(*key);
    base_ = Pattern(10000, 1);
    target_ = Pattern(12000, 2);
    engine::BundleBuilder b;
    const uint32_t s = b.AddStream(target_);
    engine::Manifest& m = b.manifest();
    m.app_id = "app";
    m.patch_version = 1;
    m.kind = engine::ContainerKind::kFile;
    m.base_size = base_.size();
    m.base_fingerprint = Sha256(base_);
    m.target_size = target_.size();
    m.target_sha256 = Sha256(target_);
    engine::BundleEntry e;
    e.op = engine::EntryOp::kPatch;
    e.method = engine::PatchMethod::kRaw;
    e.old_size = base_.size();
    e.old_sha256 = Sha256(base_);
    e.new_size = target_.size();
    e.new_sha256 = Sha256(target_);
    e.stream = s;
    m.entries.push_back(e);
    manifest_ = m;
    auto bytes = b.Finish(&key_);
    ASSERT_TRUE(bytes.ok());
    ASSERT_TRUE(WriteFileAtomic(dir_ + "/base", base_).ok());
    ASSERT_TRUE(WriteFileAtomic(dir_ + "/bundle", *bytes).ok());
    ASSERT_TRUE(key_.public_key().SaveFile(dir_ + "/release.pub").ok());
    fs::create_directories(dir_ + "/folder");
  }
  void TearDown() override {
    ::unsetenv("SUTURE_CLIENT_WORKER_FAULT");
    fs::remove_all(dir_);
  }
  MergeRequest Request() const {
    return MergeRequest{SUTURE_CLIENT_WORKER_PATH, dir_ + "/base", dir_ + "/bundle",
                        dir_ + "/folder/patch", dir_ + "/release.pub", 60000};
  }
  std::string dir_;
  PrivateKey key_;
  Bytes base_, target_;
  engine::Manifest manifest_;
};

TEST_F(MergeWorkerTest, MergesVerifiesAndChecksAtLaunch) {
  Result r = RunMergeWorker(Request());
  ASSERT_TRUE(r.ok()) << r.message;
  ASSERT_TRUE(VerifyAndDescribeOutputs(manifest_, dir_ + "/folder").ok());
  EXPECT_TRUE(CheckInstalled(dir_ + "/folder").ok());
  auto out = ReadFile(dir_ + "/folder/patch");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, target_);
  // A file changed after install is caught at launch.
  Bytes bad = target_;
  bad[5] ^= 1;
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/folder/patch", bad).ok());
  EXPECT_EQ(CheckInstalled(dir_ + "/folder").code, Code::kOutputMismatch);
}

TEST_F(MergeWorkerTest, WrongBaseIsAMergeFailure) {
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/base", Pattern(10000, 9)).ok());
  Result r = RunMergeWorker(Request());
  EXPECT_EQ(r.code, Code::kMergeFailed);
  EXPECT_NE(r.message.find("suture-client-worker"), std::string::npos) << r.message;
  EXPECT_FALSE(fs::exists(dir_ + "/folder/patch"));
}

TEST_F(MergeWorkerTest, OtherReleaseKeyIsAMergeFailure) {
  auto other = PrivateKey::Generate();
  ASSERT_TRUE(other->public_key().SaveFile(dir_ + "/release.pub").ok());
  EXPECT_EQ(RunMergeWorker(Request()).code, Code::kMergeFailed);
}

TEST_F(MergeWorkerTest, KilledWorkerIsReported) {
  for (const char* point : {"kill-at-start", "kill-after-apply"}) {
    SCOPED_TRACE(point);
    ::setenv("SUTURE_CLIENT_WORKER_FAULT", point, 1);
    Result r = RunMergeWorker(Request());
    EXPECT_EQ(r.code, Code::kWorkerCrashed) << r.message;
    fs::remove_all(dir_ + "/folder/patch");
  }
}

TEST_F(MergeWorkerTest, MemoryLimitFailsTheMergeCleanly) {
  MergeRequest req = Request();
  req.max_data_bytes = 512 * 1024;  // below the 1 MiB output buffer
  Result r = RunMergeWorker(req);
  EXPECT_EQ(r.code, Code::kMergeFailed) << r.message;
  EXPECT_NE(r.message.find("more memory than its limit of 524288 bytes"), std::string::npos) << r.message;
  req.max_data_bytes = MergeMemoryLimit(manifest_);
  EXPECT_GE(req.max_data_bytes, 96u << 20);
  r = RunMergeWorker(req);
  EXPECT_TRUE(r.ok()) << r.message;
}

TEST_F(MergeWorkerTest, MissingWorkerIsReported) {
  MergeRequest req = Request();
  req.worker_path = dir_ + "/no-such-worker";
  EXPECT_EQ(RunMergeWorker(req).code, Code::kWorkerCrashed);
}

TEST_F(MergeWorkerTest, OutputMismatchNamesTheFile) {
  ASSERT_TRUE(RunMergeWorker(Request()).ok());
  engine::Manifest m = manifest_;
  m.entries[0].new_sha256[0] ^= 1;
  Result r = VerifyAndDescribeOutputs(m, dir_ + "/folder");
  EXPECT_EQ(r.code, Code::kOutputMismatch);
  EXPECT_NE(r.message.find("folder/patch"), std::string::npos) << r.message;
}

TEST(MergeSpaceTest, CountsOutputsAndInflatedOldMembers) {
  engine::Manifest m;
  m.kind = engine::ContainerKind::kZip;
  engine::BundleEntry add, patch, rm;
  add.op = engine::EntryOp::kAdd;
  add.new_size = 100;
  patch.op = engine::EntryOp::kPatch;
  patch.old_size = 50;
  patch.new_size = 60;
  rm.op = engine::EntryOp::kRemove;
  rm.old_size = 1000;
  m.entries = {add, patch, rm};
  EXPECT_EQ(MergeSpaceNeeded(m), 210u);
}

}  // namespace
}  // namespace suture::client
